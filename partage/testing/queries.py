"""How many queries a page costs, for the query-count tests (no N+1: the same count at two data sizes).

Both sizes must be measured alike. Two kinds of cache would make them differ:
- per-process caches (content types, the site identity, a request's permissions) are filled by the first
  request of a test and not by the next ones: one unmeasured request warms them;
- the versioned figures cache (partage/core/cache.py) would serve the first size's render to the second,
  or hide an N+1 behind a cached section: `forget_all()` makes every request take the computing path.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partage.core import cache


def count_queries(client: Client, url: str, data: dict[str, Any] | None = None, *, status: int = 200) -> int:
    """The number of queries of `GET url` on the computing path, caches of the process warm."""
    client.get(url, data)
    cache.forget_all()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == status, response.content[:500]
    return len(queries)

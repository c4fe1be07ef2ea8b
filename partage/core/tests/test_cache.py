"""Figures computed once per change (partage/core/cache.py): never stale after a write, never shared across users."""

import pytest

from partage.core import cache


@pytest.mark.django_db
def test_a_value_is_computed_once_per_version():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cache.cached("demo", namespaces=["n1"], compute=compute) == 1
    assert cache.cached("demo", namespaces=["n1"], compute=compute) == 1
    cache.bump("n1")
    assert cache.cached("demo", namespaces=["n1"], compute=compute) == 2
    cache.bump("other")
    assert cache.cached("demo", namespaces=["n1"], compute=compute) == 2

"""URLs that are the same on every request (the navigation, the header's and the footer's links): reversed
once per process instead of a dozen `reverse()` calls on every page, the dearest part of the header.

Keyed by the script prefix, the URL configuration and the language as well, so a test that overrides
ROOT_URLCONF, or a deployment under a sub-path, gets its own URLs. Only for fixed arguments (literals in
templates, URL names of the hooks): the cache is bounded, but a URL per object belongs to `{% url %}`.
"""

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=512)
def _reverse(name: str, args: tuple[Any, ...], prefix: str, urlconf: str, language: str | None) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def fixed_reverse(name: str, *args: Any) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(name, args, get_script_prefix(), urlconf, get_language())

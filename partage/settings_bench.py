"""Settings of the HTTP benchmark (`make bench`): the test settings plus a bare login-required view to compare with."""

from partage.settings_test import *  # noqa: F403

ROOT_URLCONF = "partage.bench_urls"
DEBUG = False

# BENCH_NO_CACHE=1: figures recomputed on every request (the "before" of partage/core/cache.py).
if env.bool("BENCH_NO_CACHE", default=False):  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

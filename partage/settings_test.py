"""Settings for the test suite: the production settings with test-only overrides."""

import os

os.environ.setdefault("TESTING", "true")
os.environ.setdefault("DEBUG", "false")

from partage.settings import *  # noqa: E402,F403
from partage.settings import HUEY  # noqa: E402

# Tests run over plain HTTP (test client and live server).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY = {**HUEY, "immediate": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]

# The whole suite requests the API from one address within minutes: rate limits are tested apart
# (partage/api/tests/test_limits.py), with their own low rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "write": "100000/min"},
}

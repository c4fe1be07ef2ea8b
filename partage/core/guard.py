"""Requests that no page can answer sensibly are refused with a 400 before any view runs.

A NUL byte cannot be stored in a PostgreSQL text column (psycopg raises DataError, a 500), so one in the path,
the query string or a cookie would reach the first query that uses it: the notification-preferences token of
an email link, a search term, a session key. Refusing it here covers every view at once, including those
written later. The same goes for request bodies larger than any form of Partage needs (Django caps only the
non-file part; an upload is streamed to disk whatever its size) and for query strings with more fields than
Django parses (TooManyFieldsSent).

Each refusal is raised as a SuspiciousOperation: Django's own handler answers 400 with `400.html` (French,
standalone, like 500.html) and logs it on the `django.security` logger, where the operators look.
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import SuspiciousOperation


class MalformedRequest(SuspiciousOperation):
    """A NUL byte or an undecodable path, or a body over REQUEST_MAX_BYTES."""


def _has_nul(raw: str) -> bool:
    return "\x00" in raw or b"\x00" in unquote_to_bytes(raw)


def check_request(request) -> None:
    """Raise MalformedRequest (or TooManyFieldsSent) for a request that no view should see."""
    if _has_nul(request.path) or _has_nul(request.path_info):
        raise MalformedRequest("NUL byte in the path")
    if _has_nul(request.META.get("QUERY_STRING", "")):
        raise MalformedRequest("NUL byte in the query string")
    if _has_nul(request.META.get("HTTP_COOKIE", "")):
        raise MalformedRequest("NUL byte in a cookie")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise MalformedRequest("Content-Length is not a number") from None
    if length < 0 or length > settings.REQUEST_MAX_BYTES:
        raise MalformedRequest(f"body of {length} bytes over REQUEST_MAX_BYTES")
    # Parsing the query string here raises TooManyFieldsSent (a SuspiciousOperation too) before any
    # middleware or view reads it in a place that would not turn it into a 400.
    request.GET  # noqa: B018


class RequestGuardMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        check_request(request)
        return self.get_response(request)

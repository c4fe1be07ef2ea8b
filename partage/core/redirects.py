"""Where to send the user back after a form: only to this site, never to a URL an attacker slipped in."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def same_site_url(request: HttpRequest, candidate: str | None, *, path_only: bool = True) -> str | None:
    """`candidate` if it points to this site (a local path, or with path_only=False also a full URL on
    this host, as a Referer is), else None."""
    if not candidate or (path_only and not candidate.startswith("/")):
        return None
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None

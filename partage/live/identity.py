"""The guest's identity: a random participant key in a signed cookie `live_<CODE>` (PROTOCOL.md §1)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing

SALT = "partage.live.participant"


def cookie_name(code: str) -> str:
    return f"live_{code}"


def retention_days() -> int:
    return int(getattr(settings, "LIVE_RETENTION_DAYS", 90))


def set_cookie(response, code: str, key: uuid.UUID) -> None:
    response.set_signed_cookie(
        cookie_name(code),
        key.hex,
        salt=SALT,
        max_age=retention_days() * 86400,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
    )


def signed_value(code: str, key: uuid.UUID) -> str:
    """The cookie value `set_cookie` writes (HttpResponse.set_signed_cookie's signer)."""
    name = cookie_name(code)
    return signing.get_cookie_signer(salt=signing._cookie_signer_salt(name, SALT)).sign(key.hex)


def set_cookie_header(code: str, key: uuid.UUID) -> bytes:
    """A Set-Cookie header for the WebSocket handshake response (a guest who opens the socket first)."""
    parts = [
        f"{cookie_name(code)}={signed_value(code, key)}",
        "Path=/",
        f"Max-Age={retention_days() * 86400}",
        "HttpOnly",
        "SameSite=Lax",
    ]
    if not settings.DEBUG and settings.SESSION_COOKIE_SECURE:
        parts.append("Secure")
    return "; ".join(parts).encode()


def read_key(code: str, cookies: dict[str, str]) -> uuid.UUID | None:
    """The key in the cookie, if its signature holds (same signer as HttpRequest.get_signed_cookie)."""
    name = cookie_name(code)
    raw = cookies.get(name)
    if not raw:
        return None
    try:
        value = signing.get_cookie_signer(salt=signing._cookie_signer_salt(name, SALT)).unsign(
            raw, max_age=retention_days() * 86400
        )
        return uuid.UUID(value)
    except (signing.BadSignature, ValueError):
        return None

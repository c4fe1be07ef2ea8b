"""Signed, expiring links for acknowledgements sent by email (no login needed to use them).

A token carries the dispatch (or delivery) id and the action; `TimestampSigner` with one salt per
purpose means a token made for one purpose is refused by the other; anything forged, altered or
older than `MAX_AGE` is refused (the views answer 403 and change nothing).
"""

import datetime

from django.core import signing

MAX_AGE = datetime.timedelta(days=60)
NOTICE_SALT = "partage.territory.notice-ack"
CORRESPONDENCE_SALT = "partage.territory.correspondence-ack"

NOTICE_ACTIONS = ("received", "relayed")
CORRESPONDENCE_ACTIONS = ("read",)


class BadToken(Exception):
    pass


def make(salt: str, pk: int, action: str) -> str:
    return signing.TimestampSigner(salt=salt).sign_object({"id": pk, "a": action}, compress=False)


def read(salt: str, token: str, allowed: tuple[str, ...]) -> tuple[int, str]:
    """(id, action) from a token, or BadToken when it is forged, altered, expired or malformed."""
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int) or data.get("a") not in allowed:
        raise BadToken
    return data["id"], data["a"]


def notice_token(dispatch_id: int, action: str) -> str:
    return make(NOTICE_SALT, dispatch_id, action)


def correspondence_token(delivery_id: int) -> str:
    return make(CORRESPONDENCE_SALT, delivery_id, "read")

"""Signed-in sessions that slide: renewed at an agent's first visit of each day, ended after SESSION_COOKIE_AGE
without a visit and SESSION_MAX_DAYS after the sign-in at the latest (decision 0047).

Django's sessions end SESSION_COOKIE_AGE (two weeks) after the sign-in, however often the agent comes back:
everyone types their password again every two weeks, at the hour they signed in, that is at the 9:00 peak,
where each password check costs a third of a second of CPU (PBKDF2, Django's default hasher). Renewing
every request would write the session row on every page; once a day is one write per agent and per day.
The sign-in day caps the renewals, so a stolen cookie does not last for ever. Only days are stored (the
session's own expiry already says as much), so strict anonymity (ANONYMITY_STRICT_LOGINS) is kept.
"""

import datetime

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

SIGNED_IN_ON = "partage_signed_in_on"
RENEWED_ON = "partage_renewed_on"


def mark_signed_in(session: SessionBase, today: datetime.date | None = None) -> None:
    """At a sign-in: the day the renewals are counted from (a new sign-in starts them again)."""
    day = (today or timezone.localdate()).isoformat()
    session[SIGNED_IN_ON] = day
    session[RENEWED_ON] = day


def renew(session: SessionBase, today: datetime.date | None = None) -> bool:
    """Renew a signed-in session once a day (saved with a fresh expiry, its cookie sent again) until the
    cap; return whether it was renewed. Anonymous sessions are left alone."""
    if SESSION_KEY not in session:
        return False
    today = today or timezone.localdate()
    if session.get(RENEWED_ON) == today.isoformat():
        return False
    try:
        signed_in = datetime.date.fromisoformat(session.get(SIGNED_IN_ON, ""))
    except ValueError:
        signed_in = today  # a session from before the renewals: counted from today
        session[SIGNED_IN_ON] = today.isoformat()
    cap = signed_in + datetime.timedelta(days=settings.SESSION_MAX_DAYS)
    # Renewed only when the new expiry stays before the cap: the last renewal ends the session by then.
    if today + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE) > cap:
        return False
    session[RENEWED_ON] = today.isoformat()
    return True


def on_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        mark_signed_in(request.session)

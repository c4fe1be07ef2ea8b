"""Database sessions whose expiry keeps the day, not the minute, in strict mode (ANONYMITY_STRICT_LOGINS).

A session row's `expire_date` is the moment it was saved plus SESSION_COOKIE_AGE: the minute of the
login, in the database, for every signed-in agent. In strict mode it is moved to the midnight after,
so a dump says on which day someone signed in, not when (issue 16). Cost: a session lasts up to one
day longer than SESSION_COOKIE_AGE."""

import datetime

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        if getattr(settings, "ANONYMITY_STRICT_LOGINS", False):
            from .anonymity import day_only

            instance.expire_date = day_only(instance.expire_date) + datetime.timedelta(days=1)
        return instance

"""Local passwords: kept for commune contacts and break-glass administrators, and for agents unless
LOCAL_PASSWORDS_FOR_AGENTS is off (their organisation then signs them in: provider or directory).

A password check is a third of a second of CPU (PBKDF2, Django's default hasher, never weakened here). With
threaded workers (gunicorn --threads, docs/deploy.md § 4) a burst of sign-ins at 9:00 would otherwise give
every thread of a worker a check to run, and the pages of agents already signed in would share the CPU
with all of them: PASSWORD_CHECKS_AT_ONCE bounds the checks running at once in each worker process, the
others wait their turn without using the CPU (decision 0047). Sync workers answer one request at a time, so
the bound changes nothing for them."""

import threading

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

_checks = threading.BoundedSemaphore(max(1, getattr(settings, "PASSWORD_CHECKS_AT_ONCE", 1)))


def local_password_allowed(user) -> bool:
    if settings.LOCAL_PASSWORDS_FOR_AGENTS:
        return True
    # Administrators keep a way in when the provider or the directory is down.
    return user.kind != user.Kind.AGENT or user.is_superuser


class LocalPasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is None:
            return None  # not a password sign-in (ModelBackend would not check anything either)
        # Unknown addresses are checked against a dummy hash too (Django's timing defence): same queue.
        with _checks:
            return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and local_password_allowed(user)

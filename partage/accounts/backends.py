"""Local passwords: kept for commune contacts and break-glass administrators, and for agents unless
LOCAL_PASSWORDS_FOR_AGENTS is off (their organisation then signs them in: provider or directory)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def local_password_allowed(user) -> bool:
    if settings.LOCAL_PASSWORDS_FOR_AGENTS:
        return True
    # Administrators keep a way in when the provider or the directory is down.
    return user.kind != user.Kind.AGENT or user.is_superuser


class LocalPasswordBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and local_password_allowed(user)

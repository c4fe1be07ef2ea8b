"""Personal API tokens for scripts (docs/decisions/0025-api-tokens.md).

A token is shown once, when it is made; the database keeps only its first characters (to find it
and to show it in lists) and the SHA-256 of the whole key. Keys are 32 random bytes, so a fast hash
is enough: nobody can try guesses against 256 bits, unlike a password.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 12  # "partage_" + 4 characters of the secret
KEY_PREFIX = "partage_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Lecture")
        WRITE = "write", _("Écriture (points d'avancement, mesures)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("utilisateur")
    )
    name = models.CharField(
        _("nom"), max_length=100, help_text=_("À quoi sert ce jeton, par exemple « Portail intranet ».")
    )
    prefix = models.CharField(_("début du jeton"), max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(_("empreinte"), max_length=64, unique=True)
    scopes = models.JSONField(_("droits"), default=list)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)

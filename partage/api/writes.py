"""Writes of the api app: making and revoking personal tokens."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import PREFIX_LENGTH, ApiToken, hash_key, new_key


@transaction.atomic
def create_token(
    *, user, name: str, scopes: list[str], expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it and its key, which is shown once and never stored."""
    valid = {choice.value for choice in ApiToken.Scope}
    scopes = sorted(set(scopes) & valid) or [ApiToken.Scope.READ.value]
    key = new_key()
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        scopes=scopes,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token

"""Writes of the accounts app: signing in someone known to the identity provider or the directory."""

from dataclasses import dataclass, field

from django.core.exceptions import SuspiciousOperation
from django.db import transaction

from partage.core.logins import login_moment
from partage.organisation.models import Direction, Service

from .models import ExternalIdentity, User


class IdentityRefused(SuspiciousOperation):
    """The provider vouches for someone Partage must not let in (another account's address, not allowed)."""


@dataclass
class ExternalProfile:
    """What a provider or the directory says of a person: values, not a form."""

    issuer: str
    subject: str
    email: str
    first_name: str = ""
    last_name: str = ""
    job_title: str = ""
    service: Service | None = None
    # None: the provider says nothing of this role (it is left as it is); True/False: grant or withdraw.
    is_moderator: bool | None = None
    is_administrator: bool | None = None
    claims: dict = field(default_factory=dict)


@transaction.atomic
def sign_in_external(*, profile: ExternalProfile, create: bool, link_by_email: bool) -> User | None:
    """The account of the person the provider vouches for, found by (issuer, subject), updated from `profile`.

    A first sign-in links the account that has the same address when `link_by_email`, unless that account
    is already linked to another subject of the same issuer (someone else's address); otherwise a new agent
    account is created when `create`. Returns None when there is no account and none may be created.
    """
    email = profile.email.strip().lower()
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=profile.issuer, subject=profile.subject)
        .first()
    )
    user: User | None
    if identity is not None:
        user = identity.user
    else:
        user = User.objects.filter(email__iexact=email).first() if email and link_by_email else None
        if user is not None and user.external_identities.filter(issuer=profile.issuer).exists():
            raise IdentityRefused("This address belongs to an account linked to another subject.")
        if user is None and email and not link_by_email and User.objects.filter(email__iexact=email).exists():
            raise IdentityRefused("An account already has this address and linking by address is off.")
        if user is None:
            if not create or not email:
                return None
            user = User.objects.create_user(email=email, kind=User.Kind.AGENT)
        identity = ExternalIdentity(user=user, issuer=profile.issuer, subject=profile.subject)
    identity.claims = profile.claims
    # The day only in strict mode (core.logins): this is the moment of a sign-in.
    identity.last_seen_at = login_moment()
    identity.save()
    update_from_profile(user, profile)
    return user


def update_from_profile(user: User, profile: ExternalProfile) -> list[str]:
    """Copy what the provider knows onto the account; returns the changed fields (saved)."""
    changed = []
    email = profile.email.strip().lower()
    # The address follows the provider, unless another account already has it.
    if email and email != user.email and not User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        user.email = email
        changed.append("email")
    for name in ("first_name", "last_name", "job_title"):
        value = getattr(profile, name)
        if value and value != getattr(user, name):
            setattr(user, name, value)
            changed.append(name)
    if profile.service is not None and profile.service.pk != user.service_id:
        user.service = profile.service
        changed.append("service")
    if profile.is_moderator is not None and profile.is_moderator != user.is_moderator:
        user.is_moderator = profile.is_moderator
        changed.append("is_moderator")
    if profile.is_administrator is not None and profile.is_administrator != user.is_superuser:
        user.is_superuser = user.is_staff = profile.is_administrator
        changed += ["is_superuser", "is_staff"]
    if changed:
        user.save(update_fields=changed)
    return changed


def service_named(*, direction_name: str, service_name: str) -> Service | None:
    """The service a provider names (by direction name or acronym, then service name), made if missing."""
    direction_name, service_name = direction_name.strip(), service_name.strip()
    if not direction_name or not service_name:
        return None
    direction = (
        Direction.objects.filter(name__iexact=direction_name).first()
        or Direction.objects.filter(acronym__iexact=direction_name).first()
        or Direction.objects.create(name=direction_name)
    )
    return Service.objects.filter(direction=direction, name__iexact=service_name).first() or Service.objects.create(
        direction=direction, name=service_name
    )

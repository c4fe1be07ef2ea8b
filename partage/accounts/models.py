"""Users (email login) and roles (the organisation chart lives in partage.organisation).

Roles: every active internal user is an *agent*; a *pilot* is an agent named
pilot of at least one action (derived from the roadmap, not stored here);
*moderator* is a flag; *administrator* is a superuser; a *commune contact* is an
external user attached to a commune.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partage.organisation.models import Commune, Direction, Service

from . import permissions


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Logins are case-insensitive on the email address.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    class Kind(models.TextChoices):
        AGENT = "agent", _("Agent de l'agglomération")
        COMMUNE_CONTACT = "commune_contact", _("Interlocuteur communal")

    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    kind = models.CharField(_("type de compte"), max_length=20, choices=Kind.choices, default=Kind.AGENT)
    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agents",
        verbose_name=_("service"),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("commune"),
        help_text=_("Pour les interlocuteurs communaux."),
    )
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    is_moderator = models.BooleanField(
        _("modérateur"), default=False, help_text=_("Peut modérer les contributions des agents.")
    )
    is_staff = models.BooleanField(
        _("accès à l'administration"),
        default=False,
        help_text=_("Peut se connecter au site d'administration."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("date d'inscription"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="commune_contact") | models.Q(commune__isnull=False),
                name="commune_contact_has_commune",
                violation_error_message=_("Un interlocuteur communal doit être rattaché à une commune."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def has_perm(self, perm: str, obj=None) -> bool:
        """Django's check, on backends built once; for the request's user, a permission without an
        object is checked once per request (partage/accounts/permissions.py)."""
        if self.is_active and self.is_superuser:
            return True
        memo = self.__dict__.get(permissions.MEMO_ATTRIBUTE) if obj is None else None
        if memo is not None and perm in memo:
            return memo[perm]
        if memo is not None:
            permissions.preload_model_permissions(self)
        allowed = permissions.backends_have_perm(self, perm, obj)
        if memo is not None:
            memo[perm] = allowed
        return allowed

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        permissions.forget(self)

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        permissions.forget(self)

    @property
    def is_agent(self) -> bool:
        return self.is_active and self.kind == self.Kind.AGENT

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.is_superuser

    @property
    def is_commune_contact(self) -> bool:
        return self.is_active and self.kind == self.Kind.COMMUNE_CONTACT


class ExternalIdentity(models.Model):
    """The stable identity of a user at an identity provider (OpenID Connect) or in the directory (LDAP).

    Accounts are found by (issuer, subject), never by email alone: an address can change or be given
    to someone else, the provider's subject cannot (docs/decisions/0022-oidc-mozilla-django-oidc.md).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(_("émetteur"), max_length=255)
    subject = models.CharField(_("identifiant chez l'émetteur"), max_length=255)
    claims = models.JSONField(_("dernières informations reçues"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("vue pour la dernière fois le"), default=timezone.now)

    class Meta:
        verbose_name = _("identité externe")
        verbose_name_plural = _("identités externes")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_subject")]

    def __str__(self) -> str:
        return f"{self.issuer} — {self.subject}"


class DirectoryUnit(models.Model):
    """A direction or a service as the directory (LDAP / Active Directory) knows it, by its stable id.

    The sync keeps the direction or service named after the entry (renamed with it), and marks the
    link inactive when the entry leaves the directory: the direction or service itself stays, since
    actions, ideas and history point to it.
    """

    class Kind(models.TextChoices):
        DIRECTION = "direction", _("Direction")
        SERVICE = "service", _("Service")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    external_id = models.CharField(_("identifiant dans l'annuaire"), max_length=255, unique=True)
    dn = models.CharField(_("nom distinctif (DN)"), max_length=500)
    direction = models.OneToOneField(
        Direction, on_delete=models.CASCADE, null=True, blank=True, related_name="directory_unit"
    )
    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="directory_unit"
    )
    is_active = models.BooleanField(_("présente dans l'annuaire"), default=True)
    synced_at = models.DateTimeField(_("synchronisée le"), default=timezone.now)

    class Meta:
        verbose_name = _("entrée d'annuaire")
        verbose_name_plural = _("entrées d'annuaire")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="direction", direction__isnull=False, service__isnull=True))
                | (models.Q(kind="service", service__isnull=False, direction__isnull=True)),
                name="directory_unit_points_to_its_kind",
            )
        ]

    def __str__(self) -> str:
        return self.dn

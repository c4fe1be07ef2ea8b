"""The social layer shared by every module: comments, follows, notifications
(with each user's email preference) and the record of milestone reminders sent.

Comments and follows attach to any object through a content type + id (they are
reused by actions, posts, meetings, ideas…); the writes live in `comments.py`,
`follows.py` and `notifications.py`.
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .identity import check_colour, validate_favicon, validate_logo


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("utilisateur")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("type d'objet"))
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("suivi depuis"), auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="unique_follow"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.user} → {self.content_type.model} #{self.object_id}"


class Comment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("type d'objet"))
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="comments",
        verbose_name=_("auteur"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("en réponse à"),
    )
    body = models.TextField(_("commentaire"), help_text=_("Markdown."))
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("masqué par"),
    )
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="comment_target_idx")]

    def __str__(self) -> str:
        return f"{self.author} — {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CommentReport(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("commentaire")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("signalé par")
    )
    reason = models.CharField(_("motif"), max_length=300)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="unique_report_per_reporter"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} : {self.reason}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    verb = models.CharField(_("type"), max_length=50)
    title = models.CharField(_("intitulé"), max_length=300)
    url = models.CharField(_("lien"), max_length=500, blank=True)
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("type d'objet")
    )
    target_object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"), null=True, blank=True)
    target = GenericForeignKey("target_content_type", "target_object_id")
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par courriel le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True, emailed_at__isnull=True),
                name="notification_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immédiatement, un courriel par notification")
        DAILY = "daily", _("Un résumé quotidien")
        WEEKLY = "weekly", _("Un résumé hebdomadaire (le lundi)")
        NEVER = "never", _("Jamais (notifications sur le site seulement)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("utilisateur"),
    )
    email_frequency = models.CharField(
        _("courriels de notification"), max_length=20, choices=Frequency.choices, default=Frequency.DAILY
    )
    token = models.CharField(_("jeton du lien de désabonnement"), max_length=64, unique=True, default=new_token)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return f"{self.user} : {self.get_email_frequency_display()}"


class HeldContribution(models.Model):
    """An anonymous contribution waiting for the next release (see `partage.core.anonymity`).

    A random key, no timestamp but the release slot it was held in (as coarse as the release it will
    get), and rows rewritten in a random order at every write, so neither the key, nor a date, nor
    the rows' physical order (rowid on SQLite, ctid on PostgreSQL) tells the order of the writes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("type"), max_length=50, db_index=True)
    group = models.CharField(_("groupe"), max_length=50, blank=True, db_index=True)
    payload = models.JSONField(_("contenu"))
    token_hash = models.CharField(_("empreinte du lien privé"), max_length=64, blank=True, db_index=True)
    slot = models.DateTimeField(_("période de dépôt"))

    class Meta:
        verbose_name = _("contribution anonyme en attente")
        verbose_name_plural = _("contributions anonymes en attente")

    def __str__(self) -> str:
        return self.kind


class SitePage(models.Model):
    """A footer page (legal notice, accessibility statement, personal data, help) that administrators
    edit in the admin. Without a row, the page shows the default French text shipped in
    templates/core/pages/<slug>.html, so the legal pages exist from the first deployment."""

    class Slug(models.TextChoices):
        LEGAL = "mentions-legales", _("Mentions légales")
        ACCESSIBILITY = "accessibilite", _("Déclaration d'accessibilité")
        PERSONAL_DATA = "donnees-personnelles", _("Données personnelles")
        HELP = "aide", _("Aide")

    slug = models.SlugField(_("page"), max_length=40, unique=True, choices=Slug.choices)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte (Markdown)"), help_text=_("Remplace le texte par défaut de la page."))
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page du pied de page")
        verbose_name_plural = _("pages du pied de page")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:site_page", kwargs={"slug": self.slug})


def _identity_upload_to(instance: "SiteIdentity", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"identite/{uuid.uuid4().hex}.{extension}"


class SiteIdentity(models.Model):
    """The organisation's visual identity: one row (pk 1), edited in the Django admin. Without a row, the
    defaults of settings.SITE_IDENTITY apply. Colours are checked for contrast (partage/core/identity.py)."""

    site_name = models.CharField(_("nom de la plateforme"), max_length=60, default="Partage")
    organisation_name = models.CharField(_("nom de l'organisation"), max_length=120)
    logo = models.FileField(
        _("logo"),
        upload_to=_identity_upload_to,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG ou WebP, 1 Mo au plus ; affiché sur 48 pixels de haut dans l'en-tête."),
    )
    favicon = models.FileField(
        _("icône d'onglet (favicon)"),
        upload_to=_identity_upload_to,
        blank=True,
        validators=[validate_favicon],
        help_text=_("PNG carré (32 × 32 pixels ou plus) ou ICO, 1 Mo au plus."),
    )
    primary_color = models.CharField(
        _("couleur principale"),
        max_length=7,
        default="#000091",
        help_text=_("Boutons, liens et bandeau de navigation ; contraste de 4,5:1 au moins avec le blanc."),
    )
    accent_color = models.CharField(
        _("couleur d'accent"),
        max_length=7,
        default="#e1000f",
        help_text=_("Filet au-dessus de l'en-tête et repères ; contraste de 4,5:1 au moins avec le blanc."),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("identité visuelle")
        verbose_name_plural = _("identité visuelle")

    def __str__(self) -> str:
        return self.organisation_name

    def clean(self) -> None:
        errors = {}
        for name in ("primary_color", "accent_color"):
            try:
                setattr(self, name, check_colour(getattr(self, name)))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

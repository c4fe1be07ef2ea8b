"""The idea box: ideas, supports, and the public history of each idea's status.

Anonymity: an anonymous idea has `author=None` and nothing else points to its author:
no history table on `Idea` (its traceable history is `IdeaStatusChange`, written by
moderators), no follow, no notification, no session data. Its author reaches it through a
private link whose token is stored only as a SHA-256 hash (`private_token_hash`).
"""

import hashlib
import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import IdeaQuerySet


def attachment_path(instance: "Idea", filename: str) -> str:
    # A random name: the original file name may name its author ("idee_jean_dupont.pdf").
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"ideas/{uuid.uuid4().hex}{suffix}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_private_token() -> str:
    return secrets.token_urlsafe(32)


class Idea(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Déposée")
        UNDER_REVIEW = "under_review", _("À l'étude")
        ACCEPTED = "accepted", _("Retenue")
        IMPLEMENTED = "implemented", _("Mise en œuvre")
        REJECTED = "rejected", _("Non retenue")
        DUPLICATE = "duplicate", _("Doublon")

    class Channel(models.TextChoices):
        DIGITAL = "digital", _("Numérique")
        PAPER = "paper", _("Papier (boîte à idées)")
        MEETING = "meeting", _("Réunion")

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown."))
    axis = models.ForeignKey(
        "roadmap.Axis", on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas", verbose_name=_("axe")
    )
    action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="related_ideas",
        verbose_name=_("fiche-action concernée"),
    )
    attachment = models.FileField(_("pièce jointe"), upload_to=attachment_path, blank=True, max_length=200)
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices, default=Channel.DIGITAL)
    found_on = models.DateField(_("date de dépôt constatée"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("auteur"),
    )
    is_anonymous = models.BooleanField(_("anonyme"), default=False)
    transcribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retranscrite par"),
    )
    private_token_hash = models.CharField(_("empreinte du lien privé"), max_length=64, blank=True, db_index=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    implementing_action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("fiche-action qui la met en œuvre"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("doublon de"),
    )
    hidden_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("masquée par"),
    )
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("déposée le"), default=timezone.now, db_index=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idée")
        verbose_name_plural = _("idées")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(author__isnull=True),
                name="anonymous_idea_has_no_author",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("pk")), name="idea_not_duplicate_of_itself"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:idea", kwargs={"pk": self.pk})

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.REJECTED, self.Status.DUPLICATE)

    @property
    def submitted_on(self):
        """The date the idea was given: found in the box for transcriptions, else its creation."""
        return self.found_on or timezone.localdate(self.created_at)

    def set_private_token(self) -> str:
        token = new_private_token()
        self.private_token_hash = hash_token(token)
        return token


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports", verbose_name=_("idée"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports", verbose_name=_("agent")
    )
    created_at = models.DateTimeField(_("soutenue le"), default=timezone.now)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_support_per_agent")]

    def __str__(self) -> str:
        return f"{self.user} → {self.idea}"


class IdeaStatusChange(models.Model):
    """One step of the moderation workflow, with its public answer (the idea's history)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("idée"))
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("modérateur")
    )
    from_status = models.CharField(_("ancien statut"), max_length=20, choices=Idea.Status.choices)
    to_status = models.CharField(_("nouveau statut"), max_length=20, choices=Idea.Status.choices)
    answer = models.TextField(_("réponse publique"), blank=True, help_text=_("Markdown."))
    action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fiche-action liée"),
    )
    duplicate_of = models.ForeignKey(
        Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("doublon de")
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")

    def __str__(self) -> str:
        return f"{self.idea} : {self.get_from_status_display()} → {self.get_to_status_display()}"

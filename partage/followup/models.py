"""Follow-up groups (groupes de suivi, de travail, réseaux métier), their members,
meetings (agenda, invitations, attendance) and minutes (relevé de décisions):
decisions, action items and a review of each followed action.

`followup` attaches to `roadmap` (groups follow actions, reviews go into an
action's journal through `roadmap.actions.add_journal_entry`); `roadmap` never
imports this module.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Group(models.Model):
    class Kind(models.TextChoices):
        FOLLOWUP = "followup", _("Groupe de suivi")
        WORKING = "working", _("Groupe de travail")
        NETWORK = "network", _("Réseau métier")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True, help_text=_("Utilisé dans l'adresse de la page."))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.FOLLOWUP)
    description = models.TextField(_("présentation"), blank=True, help_text=_("Markdown."))
    actions = models.ManyToManyField(
        "roadmap.Action", blank=True, related_name="followup_groups", verbose_name=_("fiches-actions suivies")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="followup_groups",
        blank=True,
        verbose_name=_("membres"),
    )
    minutes_deadline_days = models.PositiveSmallIntegerField(
        _("délai de publication du relevé (jours)"),
        default=8,
        help_text=_("Le relevé de décisions doit être publié dans ce délai après la réunion."),
    )
    calendar_token = models.CharField(
        _("jeton du calendrier"),
        max_length=64,
        unique=True,
        default=new_calendar_token,
        help_text=_("Secret de l'adresse du calendrier à s'abonner ; le changer invalide les anciens liens."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:group", kwargs={"slug": self.slug})


class Membership(models.Model):
    class Role(models.TextChoices):
        STAFF_REPRESENTATIVE = "staff_representative", _("Représentant du personnel")
        VOLUNTEER = "volunteer", _("Agent volontaire")
        ANIMATOR = "animator", _("Animateur")
        # Takes the minutes: writes, publishes and corrects them like the animator, but schedules no meeting.
        SECRETARY = "secretary", _("Secrétaire")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("groupe"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followup_memberships",
        verbose_name=_("membre"),
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices, default=Role.VOLUNTEER)
    joined_at = models.DateTimeField(_("membre depuis"), auto_now_add=True)

    class Meta:
        ordering = ["group", "user__last_name", "user__first_name"]
        verbose_name = _("membre du groupe")
        verbose_name_plural = _("membres du groupe")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="unique_group_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime.datetime | None = None) -> "MeetingQuerySet":
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now: datetime.datetime | None = None) -> "MeetingQuerySet":
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("groupe"))
    title = models.CharField(_("intitulé"), max_length=300)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), blank=True)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followup_invitations", verbose_name=_("invités")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    sequence = models.PositiveIntegerField(
        _("version de l'invitation"), default=0, help_text=_("Augmente à chaque modification (iCalendar).")
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("La fin de la réunion doit suivre son début."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:meeting", kwargs={"slug": self.group.slug, "pk": self.pk})

    @property
    def minutes_due_date(self) -> datetime.date:
        return timezone.localdate(self.ends_at) + datetime.timedelta(days=self.group.minutes_deadline_days)

    def minutes_are_late(self, today: datetime.date | None = None) -> bool:
        """Minutes not published yet and the group's deadline has passed.

        Reads `self.minutes` (select_related it on list pages)."""
        today = today or timezone.localdate()
        minutes = getattr(self, "minutes", None)
        if minutes is not None and minutes.is_published:
            return False
        return today > self.minutes_due_date


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("réunion")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=1)
    title = models.CharField(_("point"), max_length=300)
    action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fiche-action concernée"),
    )

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("ordre du jour")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Présent")
        EXCUSED = "excused", _("Excusé")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("réunion")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    status = models.CharField(_("présence"), max_length=20, choices=Status.choices)

    # Attendance is part of the minutes: a correction after publication is kept with its reason.
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "user__last_name", "user__first_name"]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="unique_attendance")]

    def __str__(self) -> str:
        return f"{self.user} : {self.get_status_display()}"


class Minutes(models.Model):
    """The relevé de décisions of a meeting: a draft for the group, then published to all agents."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("réunion"))
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("synthèse des échanges"), blank=True, help_text=_("Markdown."))
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publié par"),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    corrected_at = models.DateTimeField(_("corrigé le"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrigé par"),
    )

    # Each version (draft saves, publication, every correction) with who, when and why (writes.py sets the reason).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("relevé de décisions")
        verbose_name_plural = _("relevés de décisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_minutes_have_date",
            )
        ]

    def __str__(self) -> str:
        return str(_("Relevé de décisions — %(meeting)s") % {"meeting": self.meeting})

    def get_absolute_url(self) -> str:
        return reverse("followup:minutes", kwargs={"slug": self.meeting.group.slug, "pk": self.meeting_id})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None


class Decision(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("relevé"))
    text = models.TextField(_("décision"))
    action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fiche-action concernée"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "pk"]
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("relevé")
    )
    text = models.TextField(_("suite à donner"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup_action_items",
        verbose_name=_("responsable"),
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fiche-action concernée"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "due_date", "pk"]
        verbose_name = _("suite à donner")
        verbose_name_plural = _("suites à donner")

    def __str__(self) -> str:
        return self.text[:80]


class ActionReview(models.Model):
    """The group's review of one followed action; it joins the action's journal when the minutes are published."""

    class Assessment(models.TextChoices):
        ON_TRACK = "on_track", _("Dans les temps")
        AT_RISK = "at_risk", _("À risque")
        LATE = "late", _("En retard")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("relevé"))
    action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.CASCADE,
        related_name="followup_reviews",
        verbose_name=_("fiche-action revue"),
    )
    assessment = models.CharField(_("appréciation"), max_length=20, choices=Assessment.choices)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        ordering = ["minutes", "action__number"]
        verbose_name = _("revue de fiche-action")
        verbose_name_plural = _("revues des fiches-actions")
        constraints = [models.UniqueConstraint(fields=["minutes", "action"], name="one_review_per_action")]

    def __str__(self) -> str:
        return f"{self.action.number} : {self.get_assessment_display()}"

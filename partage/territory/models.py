"""The territory: communes, the interlocutors directory (commune side and agglomeration side, per
domain), works and service-change notices sent ahead to commune contacts, and correspondence
forwarded to communes (actions 3.1.5 and 3.1.6 of the PAP).

Sending is recorded in `NoticeDispatch` / `CorrespondenceDelivery` rows whose unique constraints
make each email go out once per change, whatever the worker restarts (see actions.py).
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partage.organisation.models import Commune


class Domain(models.Model):
    """A field of public action (voirie, eau et assainissement, …); administrators add others."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")

    def __str__(self) -> str:
        return self.name


class Interlocutor(models.Model):
    """Who to call, in a commune, for a domain — and their counterpart at the agglomeration."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="interlocutors", verbose_name=_("commune")
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="interlocutors", verbose_name=_("domaine")
    )
    name = models.CharField(_("nom de l'interlocuteur communal"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interlocutor_entries",
        verbose_name=_("compte Partage"),
    )
    agglo_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counterpart_entries",
        verbose_name=_("correspondant à l'agglomération (agent)"),
    )
    agglo_contact = models.CharField(
        _("correspondant à l'agglomération (autre)"),
        max_length=200,
        blank=True,
        help_text=_("Nom et coordonnées, si le correspondant n'a pas de compte."),
    )
    agglo_service = models.ForeignKey(
        "organisation.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service de l'agglomération"),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["commune__name", "domain__order", "domain__name", "name"]
        verbose_name = _("interlocuteur")
        verbose_name_plural = _("interlocuteurs")

    def __str__(self) -> str:
        return f"{self.name} ({self.commune}, {self.domain})"

    @property
    def counterpart(self) -> str:
        if self.agglo_agent_id:
            return str(self.agglo_agent)
        return self.agglo_contact


class NoticeQuerySet(models.QuerySet):
    def public(self):
        """What the public pages show: upcoming and ongoing notices (not done, not cancelled)."""
        return self.exclude(status__in=[WorksNotice.Status.DONE, WorksNotice.Status.CANCELLED]).filter(
            ends_at__gte=timezone.now()
        )


class WorksNotice(models.Model):
    class Nature(models.TextChoices):
        WORKS = "works", _("Travaux")
        WATER_CUT = "water_cut", _("Coupure d'eau")
        WASTE = "waste_collection", _("Collecte des déchets modifiée")
        DETOUR = "detour", _("Déviation")
        CLOSURE = "closure", _("Fermeture d'équipement")
        OTHER = "other", _("Autre")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévu")
        ONGOING = "ongoing", _("En cours")
        DONE = "done", _("Terminé")
        POSTPONED = "postponed", _("Reporté")
        CANCELLED = "cancelled", _("Annulé")

    title = models.CharField(_("intitulé"), max_length=200)
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices, default=Nature.WORKS)
    service = models.ForeignKey(
        "organisation.Service",
        on_delete=models.PROTECT,
        related_name="works_notices",
        verbose_name=_("service responsable"),
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="notices", verbose_name=_("domaine"))
    communes = models.ManyToManyField(Commune, related_name="notices", verbose_name=_("communes concernées"))
    place = models.CharField(_("lieu"), max_length=300)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    impact = models.TextField(_("impact pour les usagers (interne)"), blank=True)
    public_message = models.TextField(
        _("message à relayer aux usagers"), help_text=_("Publié tel quel sur les pages publiques des communes.")
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    is_urgent = models.BooleanField(
        _("intervention urgente"), default=False, help_text=_("Les communes sont prévenues sans attendre.")
    )
    is_late = models.BooleanField(_("prévenu tardivement"), default=False, editable=False)
    revision = models.PositiveIntegerField(_("révision"), default=1, editable=False)
    send_at = models.DateTimeField(_("date d'envoi aux communes"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créé par"),
        editable=False,
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    objects = NoticeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["send_at"])

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("avis de travaux")
        verbose_name_plural = _("avis de travaux")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="notice_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.send_at = self.planned_send_at()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "send_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("territory:notice", kwargs={"pk": self.pk})

    @property
    def advance_days(self) -> int:
        return advance_days(self.nature)

    def planned_send_at(self) -> datetime.datetime:
        """When commune contacts must be told: the advance delay before the start (at once if urgent)."""
        due = self.starts_at - datetime.timedelta(days=self.advance_days)
        if self.is_urgent:
            return min(due, self.created_at)
        return due


DEFAULT_ADVANCE_DAYS = 15


def advance_days(nature: str) -> int:
    """Days of advance notice for a nature: settings.TERRITORY_ADVANCE_DAYS overrides, default 15."""
    return int(getattr(settings, "TERRITORY_ADVANCE_DAYS", {}).get(nature, DEFAULT_ADVANCE_DAYS))


class Recipient(models.Model):
    """Common fields of a message sent to one commune contact, and its acknowledgement."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+", verbose_name=_("commune"))
    email = models.EmailField(_("adresse électronique"))
    name = models.CharField(_("nom"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        abstract = True


class NoticeDispatch(Recipient):
    """One email about one revision of a notice to one contact: the unique constraint makes it once."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Premier envoi")
        UPDATE = "update", _("Mise à jour")
        CANCELLATION = "cancellation", _("Annulation")
        REMINDER = "reminder", _("Relance")

    notice = models.ForeignKey(WorksNotice, on_delete=models.CASCADE, related_name="dispatches")
    revision = models.PositiveIntegerField(_("révision"))
    kind = models.CharField(_("type d'envoi"), max_length=20, choices=Kind.choices)
    received_at = models.DateTimeField(_("bien reçu le"), null=True, blank=True)
    relayed_at = models.DateTimeField(_("relayé aux usagers le"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "commune__name", "email", "created_at"]
        verbose_name = _("envoi d'avis")
        verbose_name_plural = _("envois d'avis")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "email", "revision", "kind"], name="notice_dispatch_once_per_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.email} ({self.get_kind_display()}, r{self.revision})"

    @property
    def acknowledged(self) -> bool:
        return self.received_at is not None or self.relayed_at is not None


def correspondence_upload_to(instance: "Correspondence", filename: str) -> str:
    return f"territory/courriers/{timezone.now():%Y/%m}/{filename}"


class Correspondence(models.Model):
    """An incoming letter or request with a significant communal impact, forwarded to communes (3.1.6)."""

    received_on = models.DateField(_("reçu le"))
    sender = models.CharField(_("expéditeur"), max_length=200)
    subject = models.CharField(_("objet"), max_length=300)
    summary = models.TextField(_("résumé"), blank=True)
    communes = models.ManyToManyField(Commune, related_name="correspondence", verbose_name=_("communes concernées"))
    attachment = models.FileField(_("pièce jointe"), upload_to=correspondence_upload_to, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("courrier")
        verbose_name_plural = _("courriers")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("territory:correspondence", kwargs={"pk": self.pk})


class CorrespondenceDelivery(Recipient):
    correspondence = models.ForeignKey(Correspondence, on_delete=models.CASCADE, related_name="deliveries")
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("réception confirmée le"), null=True, blank=True)

    class Meta:
        ordering = ["correspondence", "commune__name", "email"]
        verbose_name = _("transmission de courrier")
        verbose_name_plural = _("transmissions de courrier")
        constraints = [
            models.UniqueConstraint(fields=["correspondence", "email"], name="correspondence_delivered_once")
        ]

    def __str__(self) -> str:
        return f"{self.correspondence} → {self.email}"

"""Collaborative decisions in the manner of Loomio: discussion threads, polls of several kinds,
stances (votes) and outcomes.

Anonymity: in an anonymous poll a `Stance` has no voter, stances and their choices have random
(UUID) keys and no timestamp, and participation is recorded apart (`PollParticipation`, no
timestamp either), so nothing in the database ties a voter to a choice. Anonymous votes cannot be
changed (changing would need that link). Stances have no history table: the older stances of a
non-anonymous poll (is_latest=False) are its history.

Counting is done by the pure module `counting.py`; `selectors.poll_result` feeds it.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Thread(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    context = models.TextField(_("contexte"), blank=True, help_text=_("Markdown."))
    group = models.ForeignKey(
        "followup.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_threads",
        verbose_name=_("groupe"),
        help_text=_("Laisser vide pour s'adresser à tous les agents."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decision_threads", verbose_name=_("auteur")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:thread", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Poll(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposition")
        CONSENT = "consent", _("Processus de consentement")
        ADVICE = "advice", _("Processus de sollicitation d'avis")
        CONSENSUS = "consensus", _("Recherche de consensus")
        GRADIENTS = "gradients", _("Gradients d'accord")
        SENSE_CHECK = "sense_check", _("Prise de température")
        POLL = "poll", _("Sondage")
        COUNT = "count", _("Décompte")
        QUESTION_ROUND = "question_round", _("Tour de table")
        TIME_POLL = "time_poll", _("Choix de date")
        DOT_VOTE = "dot_vote", _("Vote par points")
        SCORE = "score", _("Notation")
        RANKED_CHOICE = "ranked_choice", _("Classement")

    class Electorate(models.TextChoices):
        AUDIENCE = "audience", _("Tout le public de la discussion")
        NAMED = "named", _("Les personnes invitées seulement")

    class ResultsVisibility(models.TextChoices):
        ALWAYS = "always", _("Toujours visibles")
        AFTER_VOTE = "after_vote", _("Visibles après avoir voté")
        AFTER_CLOSE = "after_close", _("Visibles à la clôture")

    class Reasons(models.TextChoices):
        OFF = "off", _("Pas de raison")
        OPTIONAL = "optional", _("Raison facultative")
        REQUIRED = "required", _("Raison obligatoire")
        REQUIRED_FOR_DISSENT = "dissent", _("Raison obligatoire pour « pas d'accord » et « bloquer »")

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="polls", verbose_name=_("discussion")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decision_polls", verbose_name=_("auteur")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PROPOSAL)
    title = models.CharField(_("titre"), max_length=200)
    details = models.TextField(_("détails"), blank=True, help_text=_("Markdown."))
    opening_at = models.DateTimeField(_("ouverture"), default=timezone.now)
    closing_at = models.DateTimeField(_("clôture"))
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    electorate = models.CharField(_("votants"), max_length=20, choices=Electorate.choices, default=Electorate.AUDIENCE)
    quorum = models.PositiveSmallIntegerField(
        _("quorum (%)"), default=0, validators=[MaxValueValidator(100)], help_text=_("0 : pas de quorum.")
    )
    anonymous = models.BooleanField(
        _("vote anonyme"), default=False, help_text=_("Ne peut plus être désactivé une fois activé.")
    )
    results_visibility = models.CharField(
        _("résultats"), max_length=20, choices=ResultsVisibility.choices, default=ResultsVisibility.ALWAYS
    )
    reasons = models.CharField(_("raisons"), max_length=20, choices=Reasons.choices, default=Reasons.OPTIONAL)
    reason_max_length = models.PositiveIntegerField(
        _("longueur maximale des raisons"), default=500, validators=[MinValueValidator(10), MaxValueValidator(5000)]
    )
    voters_can_add_options = models.BooleanField(_("les votants peuvent ajouter des options"), default=False)
    shuffle_options = models.BooleanField(_("options dans un ordre aléatoire"), default=False)
    min_choices = models.PositiveSmallIntegerField(_("nombre minimal de choix"), default=1)
    max_choices = models.PositiveSmallIntegerField(_("nombre maximal de choix"), default=1)
    dots = models.PositiveSmallIntegerField(_("points à répartir"), default=10)
    score_max = models.PositiveSmallIntegerField(_("note maximale"), default=5, validators=[MinValueValidator(1)])
    target = models.PositiveIntegerField(_("objectif (décompte)"), default=0)
    meeting_duration = models.PositiveSmallIntegerField(
        _("durée de la réunion (minutes)"), null=True, blank=True, help_text=_("Choix de date.")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closing_at__gt=models.F("opening_at")),
                name="poll_closes_after_opening",
                violation_error_message=_("La clôture doit suivre l'ouverture."),
            ),
            models.CheckConstraint(condition=Q(quorum__lte=100), name="poll_quorum_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.pk and not self.anonymous:
            was_anonymous = Poll.objects.filter(pk=self.pk, anonymous=True).exists()
            if was_anonymous:
                raise ValidationError(_("Un vote anonyme ne peut pas redevenir nominatif."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("decisions:poll", kwargs={"pk": self.pk})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.opening_at <= now < self.closing_at

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or timezone.now() >= self.closing_at

    @property
    def has_fixed_options(self) -> bool:
        return self.kind in FIXED_OPTIONS

    @property
    def stages(self) -> list:
        return STAGES.get(self.kind, [])


# Options created with each poll of these kinds: (key, label). Keys matter for counting and reasons.
_PROPOSAL_KEYS = ("agree", "abstain", "disagree", "block")


def _proposal(*labels) -> list[tuple[str, str]]:
    return list(zip(_PROPOSAL_KEYS, labels, strict=True))


FIXED_OPTIONS: dict[str, list[tuple[str, str]]] = {
    Poll.Kind.PROPOSAL: _proposal(_("D'accord"), _("Abstention"), _("Pas d'accord"), _("Bloquer")),
    Poll.Kind.CONSENT: _proposal(_("Je consens"), _("Je m'abstiens"), _("J'ai une réserve"), _("Bloquer (objection)")),
    Poll.Kind.ADVICE: _proposal(_("Avis favorable"), _("Sans avis"), _("Avis réservé"), _("Bloquer (avis contraire)")),
    Poll.Kind.CONSENSUS: _proposal(_("D'accord"), _("Je me tiens à l'écart"), _("Pas d'accord"), _("Bloquer")),
    Poll.Kind.SENSE_CHECK: [("good", _("Ça me va")), ("unsure", _("Pas sûr")), ("worried", _("Inquiet"))],
    Poll.Kind.GRADIENTS: [
        ("1", _("1 — Adhésion totale")),
        ("2", _("2 — Accord")),
        ("3", _("3 — Accord avec réserves mineures")),
        ("4", _("4 — Avis partagé")),
        ("5", _("5 — Désaccord mais je suivrai")),
        ("6", _("6 — Désaccord, je ne soutiendrai pas")),
        ("7", _("7 — Désaccord sérieux")),
        ("8", _("8 — Veto")),
    ],
    Poll.Kind.COUNT: [("in", _("J'en suis")), ("out", _("Sans moi"))],
}
DISSENT_KEYS = {"disagree", "block"}

STAGES: dict[str, list] = {
    Poll.Kind.CONSENT: [
        _("1. Présentation de la proposition"),
        _("2. Questions de clarification"),
        _("3. Réactions"),
        _("4. Ajustement de la proposition"),
        _("5. Recherche d'objections : on consent sauf objection argumentée"),
        _("6. Levée des objections, puis décision"),
    ],
    Poll.Kind.ADVICE: [
        _("1. La personne qui décide expose sa proposition"),
        _("2. Elle sollicite l'avis des personnes concernées et des experts"),
        _("3. Elle décide en tenant compte des avis, et explique sa décision"),
    ],
    Poll.Kind.CONSENSUS: [
        _("1. Exposé de la question"),
        _("2. Discussion ouverte"),
        _("3. Proposition de synthèse"),
        _("4. Vérification de l'accord de chacun ; un blocage relance la discussion"),
    ],
}

# Kinds whose ballot is a single option.
SINGLE_CHOICE_KINDS = {
    Poll.Kind.PROPOSAL,
    Poll.Kind.CONSENT,
    Poll.Kind.ADVICE,
    Poll.Kind.CONSENSUS,
    Poll.Kind.SENSE_CHECK,
    Poll.Kind.GRADIENTS,
    Poll.Kind.COUNT,
}


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("consultation"))
    key = models.CharField(_("clé"), max_length=20, blank=True)
    text = models.CharField(_("option"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("date et heure"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ajoutée par"),
    )

    class Meta:
        ordering = ["poll", "position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        if self.starts_at:
            from django.utils.formats import date_format

            return date_format(timezone.localtime(self.starts_at), "l j F Y H:i")
        return self.text


class PollVoter(models.Model):
    """A person invited to vote (named electorate): "undecided" until they vote."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters", verbose_name=_("consultation"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("votant")
    )

    class Meta:
        verbose_name = _("votant invité")
        verbose_name_plural = _("votants invités")
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="unique_poll_voter")]

    def __str__(self) -> str:
        return str(self.user)


class PollParticipation(models.Model):
    """Who has voted (for turnout, "undecided" and the voters list), kept apart from the ballots.

    No timestamp and a random key, so it cannot be matched with an anonymous stance."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="participations", verbose_name=_("consultation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("votant")
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="unique_poll_participation")]

    def __str__(self) -> str:
        return str(self.user)


class Stance(models.Model):
    """One ballot. Only the latest stance of a voter counts; older ones are the history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="stances", verbose_name=_("consultation"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_stances",
        verbose_name=_("votant"),
        help_text=_("Vide pour un vote anonyme."),
    )
    is_latest = models.BooleanField(_("vote en vigueur"), default=True)
    created_at = models.DateTimeField(_("voté le"), null=True, blank=True, help_text=_("Vide pour un vote anonyme."))
    reason = models.TextField(_("raison"), blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"], condition=Q(is_latest=True), name="one_current_stance_per_voter"
            )
        ]

    def __str__(self) -> str:
        return str(_("Vote sur « %(poll)s »") % {"poll": self.poll_id})


class StanceChoice(models.Model):
    """A stance's value for one option: 1 for a choice, the dots, the score, the rank (1 = first),
    or for a time poll 2 = oui, 1 = peut-être, 0 = non."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stance = models.ForeignKey(Stance, on_delete=models.CASCADE, related_name="choices", verbose_name=_("vote"))
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="+", verbose_name=_("option"))
    value = models.IntegerField(_("valeur"), default=1)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        constraints = [models.UniqueConstraint(fields=["stance", "option"], name="unique_stance_option")]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.value}"


class PollReminder(models.Model):
    class Kind(models.TextChoices):
        BEFORE_CLOSING = "before_closing", _("24 h avant la clôture")

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("consultation"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        constraints = [models.UniqueConstraint(fields=["poll", "kind"], name="unique_poll_reminder")]

    def __str__(self) -> str:
        return f"{self.poll_id} {self.kind}"


class Outcome(models.Model):
    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="outcome", verbose_name=_("consultation"))
    statement = models.TextField(_("décision retenue"), help_text=_("Markdown."))
    chosen_option = models.ForeignKey(
        PollOption,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("option retenue"),
    )
    review_date = models.DateField(_("date de réexamen"), null=True, blank=True)
    actions = models.ManyToManyField(
        "roadmap.Action", blank=True, related_name="decision_outcomes", verbose_name=_("fiches-actions concernées")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    published_at = models.DateTimeField(_("publiée le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self) -> str:
        return str(_("Issue de « %(poll)s »") % {"poll": self.poll})

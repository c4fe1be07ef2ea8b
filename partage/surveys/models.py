"""Surveys (questionnaires) for staff or the public: pages, questions, responses and invitations.

Anonymity is structural, not a flag on a query: a response of an anonymous survey has a random UUID
key, no respondent, no direction, and only the day it was submitted; who has answered is known only
from `Participation.completed`, a separate table with no key to the response. A full dump of the
database therefore cannot tie an anonymous response to a person (tests/test_anonymity.py).
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


# Anonymous responses held in core's holding table until their release (writes.py, decision 0038).
DRAFT_KIND = "surveys.draft"  # no releaser: held until sent (or the survey is deleted)
HELD_KIND = "surveys.response"
HELD_KINDS = (DRAFT_KIND, HELD_KIND)


def held_group(survey_id: int) -> str:
    return f"survey-{survey_id}"


class SurveyQuerySet(models.QuerySet):
    def open_now(self):
        now = timezone.now()
        return (
            self.filter(is_published=True)
            .filter(models.Q(opens_at__isnull=True) | models.Q(opens_at__lte=now))
            .filter(models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now))
        )


class Survey(models.Model):
    class Audience(models.TextChoices):
        STAFF = "staff", _("Agents (connectés)")
        PUBLIC = "public", _("Public (lien ou QR code)")

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True, help_text=_("Markdown."))
    audience = models.CharField(_("public visé"), max_length=10, choices=Audience.choices, default=Audience.STAFF)
    is_anonymous = models.BooleanField(
        _("réponses anonymes"),
        default=True,
        help_text=_(
            "Aucune réponse ne peut être reliée à une personne. Ne peut plus changer après la première réponse."
        ),
    )
    is_published = models.BooleanField(_("publiée"), default=False)
    opens_at = models.DateTimeField(_("ouverture"), null=True, blank=True)
    closes_at = models.DateTimeField(_("clôture"), null=True, blank=True)
    quota = models.PositiveIntegerField(
        _("nombre maximal de réponses"), null=True, blank=True, help_text=_("Vide : pas de limite.")
    )
    thank_you = models.TextField(
        _("message de remerciement"), blank=True, help_text=_("Affiché après l'envoi. Markdown.")
    )
    allow_edit = models.BooleanField(_("modification des réponses jusqu'à la clôture"), default=False)
    show_results = models.BooleanField(_("résultats montrés aux répondants"), default=False)
    kiosk_token = models.CharField(max_length=64, blank=True, editable=False)
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Staff audience: empty means every agent. Groups are follow-up groups given by their ids (the
    # surveys app never imports followup: selectors read their members through the app registry).
    target_directions = models.ManyToManyField(
        "organisation.Direction", blank=True, related_name="+", verbose_name=_("directions visées")
    )
    target_services = models.ManyToManyField(
        "organisation.Service", blank=True, related_name="+", verbose_name=_("services visés")
    )
    target_group_ids = models.JSONField(_("groupes visés"), default=list, blank=True)
    actions = models.ManyToManyField(
        "roadmap.Action", blank=True, related_name="surveys", verbose_name=_("fiches-actions liées")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("créée par")
    )
    # Versions: a change that would invalidate answers makes a new survey of the same series.
    series = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_version", editable=False
    )
    reminders = models.BooleanField(_("relances automatiques des non-répondants"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return (
            self.is_published
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or self.closes_at > now)
        )

    @property
    def is_closed(self) -> bool:
        return self.closes_at is not None and self.closes_at <= timezone.now()

    def public_url(self) -> str:
        return reverse("surveys:public", args=[self.public_token])


class Page(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("titre de la page"), max_length=200, blank=True)

    class Meta:
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.title or f"Page {self.position}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Texte court")
        LONG_TEXT = "long_text", _("Texte long")
        SINGLE = "single", _("Choix unique")
        MULTIPLE = "multiple", _("Choix multiple")
        RATING = "rating", _("Échelle de notation")
        NPS = "nps", _("Recommandation (NPS, 0 à 10)")
        MATRIX_SINGLE = "matrix_single", _("Tableau à choix unique")
        MATRIX_MULTIPLE = "matrix_multiple", _("Tableau à choix multiples")
        RANKING = "ranking", _("Classement")
        NUMBER = "number", _("Nombre")
        DATE = "date", _("Date")
        YES_NO = "yes_no", _("Oui / non")
        FILE = "file", _("Fichier joint")
        TEXT_BLOCK = "text_block", _("Texte ou titre de section (sans réponse)")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.MATRIX_SINGLE, Kind.MATRIX_MULTIPLE, Kind.YES_NO})
    SCORE_KINDS = frozenset({Kind.RATING, Kind.NPS, Kind.NUMBER})
    TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})

    class Operator(models.TextChoices):
        ANSWERED = "answered", _("a reçu une réponse")
        EQUALS = "equals", _("est égale à")
        CONTAINS = "contains", _("contient")
        IN_RANGE = "in_range", _("est comprise entre")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("intitulé"), max_length=500)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    # choices: list of labels; rows: matrix rows; min/max: bounds (number, rating scale, number of
    # choices); widget: "radio" or "list" for single choice; other: an "Autre" choice with free text.
    choices = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    widget = models.CharField(max_length=10, default="radio", blank=True)
    allow_other = models.BooleanField(_("choix « Autre » avec texte libre"), default=False)
    # Display condition on an earlier question (evaluated on the server; the browser only mirrors it).
    condition_question = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("afficher si")
    )
    condition_operator = models.CharField(max_length=10, choices=Operator.choices, blank=True)
    condition_value = models.CharField(max_length=200, blank=True)
    condition_max = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["survey", "page__position", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label

    @property
    def takes_answer(self) -> bool:
        return self.kind != self.Kind.TEXT_BLOCK

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    def scale(self) -> list[int]:
        if self.kind == self.Kind.NPS:
            return list(range(0, 11))
        if self.kind == self.Kind.RATING:
            return list(range(self.min_value or 1, (self.max_value or 5) + 1))
        return []

    def choice_keys(self) -> list[str]:
        """The values an answer may take, as stored in Answer.choice."""
        if self.kind == self.Kind.YES_NO:
            return ["oui", "non"]
        if self.kind in (self.Kind.RATING, self.Kind.NPS):
            return [str(v) for v in self.scale()]
        keys = list(self.choices)
        if self.allow_other:
            keys.append(OTHER)
        return keys

    def choice_label(self, key: str) -> str:
        if key == OTHER:
            return str(_("Autre"))
        if self.kind == self.Kind.YES_NO:
            return str(_("Oui")) if key == "oui" else str(_("Non"))
        return key


OTHER = "__autre__"


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Envoyée")

    # A random key: the order of keys says nothing about the order of answers.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Only for named (non-anonymous) staff surveys.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    direction = models.ForeignKey(
        "organisation.Direction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        "organisation.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Guests and anonymous respondents resume (and edit) through a secret link; only its hash is kept.
    resume_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The day only, never the time: a time would let someone match a response to a login or an email.
    submitted_on = models.DateField(null=True, blank=True)
    last_page = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="one_response_per_respondent",
            )
        ]
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return f"{self.survey} — {self.pk}"


class Answer(models.Model):
    """One stored value. Several rows for one question: one per choice ticked (multiple choice), per
    matrix cell, per ranked item (rank in `number`). Results aggregate these rows with GROUP BY."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    row = models.CharField(max_length=200, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    file = models.FileField(upload_to="surveys/%Y/", blank=True, max_length=200)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice or self.number or self.text[:30]}"


class Participation(models.Model):
    """Who was invited, who has answered: never which response is theirs (no key to Response)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    direction = models.ForeignKey(
        "organisation.Direction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    invited_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    completed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_participation_per_user")]

    def __str__(self) -> str:
        return f"{self.survey_id} — {self.user_id}"


class Tally(models.Model):
    """Running totals of a survey's submitted answers, kept by writes.submit (and edits), so the live
    results page reads a few rows per question instead of scanning every answer (decidim#5697,
    LimeSurvey#20653). `row` "__repondants__" counts respondents of the question; choice "__nombre__"
    sums numeric answers. `rebuild_tallies` recomputes them from the answers."""

    RESPONDENTS = "__repondants__"
    NUMBER = "__nombre__"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tallies")
    row = models.CharField(max_length=200, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    count = models.IntegerField(default=0)
    total = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "row", "choice"], name="one_tally_per_cell")]

    def __str__(self) -> str:
        return f"{self.question_id} {self.row} {self.choice}: {self.count}"

"""Live meeting sessions: a session (join code, pacing, the state every phone shows), its ordered
activities, the participants (guests by a random key, agents as themselves), their answers (one per
participant and activity, by database constraint) and contributions (Q&A questions, wall messages,
board cards) with their votes.

Anonymity: a guest participant is a random UUID kept in a signed cookie; no IP address, no user agent.
Answers keep a minute-truncated timestamp only (quiz speed points are computed when the answer is
stored and kept as points, not as a timestamp). An anonymous contribution has `participant=None`.
The followup meeting is stored as a plain id and URL: feeding apps never import each other.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .codes import new_code


def minute_now():
    return timezone.now().replace(second=0, microsecond=0)


class LiveSession(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Fermée")

    class Pacing(models.TextChoices):
        PRESENTER = "presenter", _("Au rythme de l'animateur")
        PARTICIPANT = "participant", _("Au rythme de chaque participant")

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="live_sessions", verbose_name=_("animateur")
    )
    code = models.CharField(_("code"), max_length=8, unique=True, default=new_code)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    pacing = models.CharField(_("rythme"), max_length=12, choices=Pacing.choices, default=Pacing.PRESENTER)
    locked = models.BooleanField(_("code verrouillé"), default=False)
    is_template = models.BooleanField(_("modèle"), default=False)
    leaderboard = models.BooleanField(_("classement des quiz"), default=True)
    current_activity = models.ForeignKey(
        "Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activité en cours"),
    )
    # Participant pacing: how far participants may go (this activity and the ones before it); none: all of them.
    pace_until = models.ForeignKey(
        "Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("les participants vont jusqu'à"),
    )
    # The state version: +1 at every change every phone must see (next activity, reveal, lock, close).
    seq = models.PositiveBigIntegerField(default=1)
    # The followup meeting, as a plain reference (no import of followup from live).
    meeting_id = models.PositiveIntegerField(_("réunion liée (identifiant)"), null=True, blank=True)
    meeting_url = models.CharField(_("réunion liée (adresse)"), max_length=300, blank=True)
    meeting_label = models.CharField(_("réunion liée"), max_length=300, blank=True)
    actions = models.ManyToManyField(
        "roadmap.Action", blank=True, related_name="live_sessions", verbose_name=_("fiches-actions liées")
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("fermée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("session en direct")
        verbose_name_plural = _("sessions en direct")
        ordering = ["-created_at", "-pk"]
        permissions = [("host_session", _("Peut animer des sessions en direct"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("live:session", kwargs={"pk": self.pk})

    def join_path(self) -> str:
        return reverse("live:join", kwargs={"code": self.code})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Activity(models.Model):
    class Kind(models.TextChoices):
        POLL = "poll", _("Sondage")
        QUIZ = "quiz", _("Quiz")
        WORDCLOUD = "wordcloud", _("Nuage de mots")
        WALL = "wall", _("Mur de messages")
        QA = "qa", _("Questions-réponses")
        BOARD = "board", _("Tableau de brainstorming")
        SCALE = "scale", _("Échelle de notation")
        RANKING = "ranking", _("Classement")
        POINTS = "points", _("100 points à répartir")

    class Results(models.TextChoices):
        HIDDEN = "hidden", _("Masqués jusqu'à révélation")
        LIVE = "live", _("En direct")

    class Scale(models.TextChoices):
        FIVE = "5", _("1 à 5")
        TEN = "10", _("1 à 10")
        NPS = "nps", _("NPS (0 à 10)")

    class Moderation(models.TextChoices):
        POST = "post", _("Publication immédiate, modération après")
        PRE = "pre", _("Validation avant publication")

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    prompt = models.CharField(_("question"), max_length=300)
    # Poll, quiz, ranking, points: [{"id": "a", "label": "…", "correct": bool}]; board: columns [{"id", "label"}].
    choices = models.JSONField(_("choix"), default=list, blank=True)
    columns = models.JSONField(_("colonnes"), default=list, blank=True)
    max_choices = models.PositiveSmallIntegerField(
        _("nombre de choix maximum"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    results = models.CharField(_("résultats"), max_length=8, choices=Results.choices, default=Results.HIDDEN)
    time_limit = models.PositiveSmallIntegerField(
        _("temps limite (secondes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(3600)],
        help_text=_("Vide : sans limite de temps (recommandé pour l'accessibilité)."),
    )
    scale = models.CharField(_("échelle"), max_length=4, choices=Scale.choices, default=Scale.FIVE)
    moderation = models.CharField(_("modération"), max_length=4, choices=Moderation.choices, default=Moderation.POST)
    allow_anonymous = models.BooleanField(_("contributions anonymes permises"), default=True)
    filter_profanity = models.BooleanField(_("filtrer les grossièretés"), default=True)
    max_words = models.PositiveSmallIntegerField(
        _("mots par participant"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    hidden_words = models.JSONField(_("mots retirés"), default=list, blank=True)
    # Live state of the activity.
    opened_at = models.DateTimeField(null=True, blank=True)
    revealed = models.BooleanField(_("résultats révélés"), default=False)
    closed = models.BooleanField(_("réponses closes"), default=False)

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["session", "position", "pk"]

    def __str__(self) -> str:
        return self.prompt

    @property
    def takes_answers(self) -> bool:
        return self.kind in {
            self.Kind.POLL,
            self.Kind.QUIZ,
            self.Kind.WORDCLOUD,
            self.Kind.SCALE,
            self.Kind.RANKING,
            self.Kind.POINTS,
        }

    @property
    def takes_contributions(self) -> bool:
        return self.kind in {self.Kind.WALL, self.Kind.QA, self.Kind.BOARD}


class Participant(models.Model):
    class ExtraTime(models.TextChoices):
        # RGAA 2.2.1 adjustable time limits: the host grants more time to whoever asks (timed quiz questions).
        NONE = "", _("Temps normal")
        # xgettext:no-python-format
        HALF = "half", _("50 % de temps en plus")
        UNTIMED = "untimed", _("Sans limite de temps")

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="live_participations"
    )
    nickname = models.CharField(_("pseudonyme"), max_length=40, blank=True)
    banned = models.BooleanField(_("exclu"), default=False)
    joined_at = models.DateTimeField(default=minute_now)
    extra_time = models.CharField(
        _("temps supplémentaire"), max_length=8, choices=ExtraTime.choices, default=ExtraTime.NONE, blank=True
    )
    wants_more_time = models.BooleanField(_("demande plus de temps"), default=False)

    class Meta:
        verbose_name = _("participant")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="live_one_participant_per_agent",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def time_limit_for(self, activity: "Activity") -> float | None:
        """This participant's time limit on a timed activity, in seconds (None: untimed)."""
        if not activity.time_limit or self.extra_time == self.ExtraTime.UNTIMED:
            return None
        return activity.time_limit * (1.5 if self.extra_time == self.ExtraTime.HALF else 1)

    @property
    def display_name(self) -> str:
        if self.nickname:
            return self.nickname
        if self.user_id:
            return self.user.get_full_name() or str(self.user)
        return str(_("Participant anonyme"))


class Answer(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    # The id the client generated: a retry with the same id gets the same acknowledgement.
    client_id = models.UUIDField()
    value = models.JSONField()
    correct = models.BooleanField(null=True)
    points = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=minute_now)

    class Meta:
        verbose_name = _("réponse")
        constraints = [
            models.UniqueConstraint(fields=["activity", "participant"], name="live_one_answer_per_participant")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.participant_id}"


class Contribution(models.Model):
    """A Q&A question, a wall message or a board card."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        PUBLISHED = "published", _("Publiée")
        HIDDEN = "hidden", _("Masquée")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contributions")
    # None when the contribution is anonymous: nothing links it to its author.
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions"
    )
    client_id = models.UUIDField()
    author_name = models.CharField(max_length=80, blank=True)
    text = models.CharField(_("texte"), max_length=500)
    column = models.CharField(_("colonne"), max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    pinned = models.BooleanField(_("épinglée"), default=False)
    answered = models.BooleanField(_("répondue"), default=False)
    votes_count = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged")
    idea_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=minute_now)

    class Meta:
        verbose_name = _("contribution")
        ordering = ["-pinned", "-votes_count", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "client_id"], name="live_contribution_client_id")]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contribution", "participant"], name="live_one_vote_per_card")]

    def __str__(self) -> str:
        return f"{self.contribution_id}:{self.participant_id}"

"""The PAP roadmap: programme ▸ phases and values, axes ▸ objectives ▸ actions,
with milestones, indicators and their measures, and the progress journal.

`roadmap` knows no feeding module: ideas, decisions and follow-up reviews
write into an action's journal through `roadmap.actions.add_journal_entry`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import ActionQuerySet, MilestoneQuerySet


class Programme(models.Model):
    """An edition of the PAP ("PAP 2019")."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)
    summary = models.TextField(_("présentation"), blank=True)
    is_current = models.BooleanField(
        _("programme en cours"), default=False, help_text=_("Celui que montrent l'accueil et la feuille de route.")
    )
    participants_count = models.PositiveIntegerField(
        _("participants à la co-construction"),
        default=0,
        help_text=_("Nombre de participants aux groupes de travail (chiffre publié)."),
    )

    class Meta:
        ordering = ["-is_current", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_programme")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roadmap:roadmap", kwargs={"programme": self.slug})


class Phase(models.Model):
    """A step of the programme's calendar."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("ordre"))
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True, help_text=_("Vide : sans fin prévue."))
    period_label = models.CharField(_("période telle que publiée"), max_length=100, blank=True)

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("étape du calendrier")
        verbose_name_plural = _("étapes du calendrier")
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="unique_phase_order"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="phase_end_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ValueFamily(models.Model):
    """A family of the values charter ("Les valeurs au service de l'action publique")."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="value_families")
    order = models.PositiveSmallIntegerField(_("ordre"))
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("texte de la charte"), blank=True)

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("famille de valeurs")
        verbose_name_plural = _("charte des valeurs")
        constraints = [models.UniqueConstraint(fields=["programme", "order"], name="unique_value_family_order")]

    def __str__(self) -> str:
        return self.name


class Value(models.Model):
    family = models.ForeignKey(ValueFamily, on_delete=models.CASCADE, related_name="values")
    order = models.PositiveSmallIntegerField(_("ordre"))
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["family", "order"]
        verbose_name = _("valeur")
        verbose_name_plural = _("valeurs")
        constraints = [models.UniqueConstraint(fields=["family", "name"], name="unique_value_per_family")]

    def __str__(self) -> str:
        return self.name


class SourceFlags(models.Model):
    """Marks data whose transcription from the brochure is incomplete."""

    to_complete = models.BooleanField(
        _("à compléter"), default=False, help_text=_("Intitulé perdu ou incertain dans la source.")
    )
    source_note = models.TextField(_("note sur la source"), blank=True)

    class Meta:
        abstract = True


class Axis(SourceFlags):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="unique_axis_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def code(self) -> str:
        return str(self.number)


class Objective(SourceFlags):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("axe"))
    number = models.PositiveSmallIntegerField(_("numéro dans l'axe"))
    # The order shown in the roadmap; numbers are identifiers quoted in minutes and journals, never changed
    # by a reordering (decision 0043).
    position = models.PositiveSmallIntegerField(_("rang dans l'axe"), default=0)
    title = models.CharField(_("intitulé"), max_length=300)
    archived_at = models.DateTimeField(
        _("archivé le"),
        null=True,
        blank=True,
        help_text=_("Un objectif archivé ne figure plus dans la feuille de route."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["axis", "position", "number"]
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        constraints = [models.UniqueConstraint(fields=["axis", "number"], name="unique_objective_number")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.axis.number}.{self.number}"


class Action(SourceFlags):
    """A fiche-action, numbered "axis.objective.n" ("2.4.1")."""

    class Status(models.TextChoices):
        TO_START = "to_start", _("À engager")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Réalisée")
        SUSPENDED = "suspended", _("Suspendue")
        ABANDONED = "abandoned", _("Abandonnée")

    class Origin(models.TextChoices):
        ROADMAP = "roadmap", _("Feuille de route initiale")
        ADDED = "added", _("Ajoutée en cours de route")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="actions", verbose_name=_("programme")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="actions", verbose_name=_("objectif")
    )
    number = models.CharField(_("numéro"), max_length=20, help_text=_("Par exemple 2.4.1"))
    position = models.PositiveSmallIntegerField(
        _("rang dans l'objectif"), help_text=_("Dernier nombre du numéro, pour le tri.")
    )
    lead_verb = models.CharField(_("verbe d'action"), max_length=100, blank=True)
    title = models.CharField(_("intitulé"), max_length=400, help_text=_("L'intitulé complet, verbe d'action compris."))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    expected_results = models.TextField(_("résultats attendus"), blank=True, help_text=_("Markdown."))
    pilot_direction = models.ForeignKey(
        "organisation.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="piloted_actions",
        verbose_name=_("direction pilote"),
    )
    pilots = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="piloted_actions", verbose_name=_("pilotes")
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="contributed_actions", verbose_name=_("contributeurs")
    )
    partner_communes = models.ManyToManyField(
        "organisation.Commune", blank=True, related_name="partner_actions", verbose_name=_("communes partenaires")
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.TO_START)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin prévue"), null=True, blank=True)
    related_actions = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name=_("actions liées"))
    value_families = models.ManyToManyField(
        ValueFamily, blank=True, related_name="actions", verbose_name=_("valeurs servies")
    )
    origin = models.CharField(_("origine"), max_length=20, choices=Origin.choices, default=Origin.ADDED)
    archived_at = models.DateTimeField(
        _("archivée le"),
        null=True,
        blank=True,
        help_text=_("Une fiche archivée ne figure plus dans la feuille de route vivante ; elle reste consultable."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["objective__axis__number", "objective__position", "objective__number", "position"]
        verbose_name = _("fiche-action")
        verbose_name_plural = _("fiches-actions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_action_number"),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="action_progress_0_100",
                violation_error_message=_("L'avancement est compris entre 0 et 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="action_end_after_start",
                violation_error_message=_("La fin prévue doit suivre le début."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:action", kwargs={"programme": self.programme.slug, "number": self.number})

    def get_tab_url(self, tab: str) -> str:
        """The URL of one tab of the action page ("journal", "indicateurs", "historique", "discussion"): where
        a write sends its author back to see what they did (roadmap/views/pages.py ACTION_TABS)."""
        return f"{self.get_absolute_url()}?onglet={tab}"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("action"))
    title = models.CharField(_("intitulé"), max_length=300)
    due_date = models.DateField(_("échéance"))
    done_date = models.DateField(_("réalisé le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return self.done_date is None and self.due_date < timezone.localdate()


class Indicator(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("action"))
    name = models.CharField(_("intitulé"), max_length=300)
    unit = models.CharField(_("unité"), max_length=50, blank=True, help_text=_("Par exemple %, agents, jours."))
    baseline = models.DecimalField(_("valeur de départ"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("cible"), max_digits=12, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("mode de calcul"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "pk"]
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")

    def __str__(self) -> str:
        return self.name


class IndicatorMeasure(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measures", verbose_name=_("indicateur")
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2)
    comment = models.CharField(_("commentaire"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("saisie par")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        constraints = [models.UniqueConstraint(fields=["indicator", "date"], name="one_measure_per_indicator_date")]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.date}: {self.value}"


class ProgressUpdate(models.Model):
    """A dated entry of an action's journal, with the status and progress at that date."""

    class Source(models.TextChoices):
        PILOT = "pilot", _("Point d'avancement")
        REVIEW = "review", _("Revue de groupe de suivi")
        IDEA = "idea", _("Boîte à idées")
        DECISION = "decision", _("Décision collaborative")
        MEASURE = "measure", _("Mesure d'indicateur")
        SURVEY = "survey", _("Questionnaire")
        LIVE = "live", _("Séance en direct")

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="progress_updates", verbose_name=_("action")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("auteur"),
    )
    text = models.TextField(_("texte"), help_text=_("Markdown."))
    status = models.CharField(_("statut"), max_length=20, choices=Action.Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices, default=Source.PILOT)
    source_url = models.CharField(_("lien vers l'origine"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        verbose_name = _("point d'avancement")
        verbose_name_plural = _("points d'avancement")
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100), name="update_progress_0_100")
        ]

    def __str__(self) -> str:
        return f"{self.action.number} — {self.date}"


class MilestoneReminder(models.Model):
    """One row per reminder sent to an action's pilots, so a reminder is never sent twice."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("Échéance proche")
        LATE = "late", _("En retard")

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("jalon")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        db_table = "core_milestonereminder"  # born in core: the table kept its name when the model moved
        verbose_name = _("rappel de jalon")
        verbose_name_plural = _("rappels de jalons")
        constraints = [models.UniqueConstraint(fields=["milestone", "kind"], name="unique_milestone_reminder")]

    def __str__(self) -> str:
        return f"{self.milestone} ({self.get_kind_display()})"

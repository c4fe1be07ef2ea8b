"""Forms of the survey builder and of publishing a score."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin
from partage.organisation.models import Direction, Service
from partage.roadmap.models import Action, Indicator

from .models import Question, Survey
from .templates_lib import TEMPLATES


class CreateForm(BoundedFormMixin, forms.Form):
    template = forms.ChoiceField(label=_("Partir de"), choices=(), required=False)
    title = forms.CharField(label=_("Titre"), max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", _("Une enquête vide"))] + [
            (key, spec["label"]) for key, spec in TEMPLATES.items()
        ]


class SurveyForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "description",
            "audience",
            "is_anonymous",
            "opens_at",
            "closes_at",
            "quota",
            "allow_edit",
            "show_results",
            "reminders",
            "thank_you",
            "target_directions",
            "target_services",
            "actions",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "thank_you": forms.Textarea(attrs={"rows": 3}),
        }

    target_groups = forms.CharField(
        label=_("Groupes visés (numéros)"),
        required=False,
        help_text=_("Numéros des groupes de suivi, séparés par des virgules."),
    )

    def __init__(self, *args, locked: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"]
        self.fields["target_directions"].queryset = Direction.objects.order_by("name")
        self.fields["target_services"].queryset = Service.objects.select_related("direction").order_by("name")
        kept = list(self.instance.actions.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["actions"].queryset = (
            Action.objects.filter(programme__is_current=True).living_or(kept).order_by("number")
        )
        self.fields["target_directions"].required = False
        self.fields["target_services"].required = False
        self.fields["actions"].required = False
        if self.instance.pk:
            self.fields["target_groups"].initial = ", ".join(str(g) for g in self.instance.target_group_ids or [])
        self.locked = locked
        if locked:
            # Audience and anonymity are promises made to those who already answered.
            self.fields["audience"].disabled = True
            self.fields["is_anonymous"].disabled = True

    def clean_target_groups(self) -> list[int]:
        raw = self.cleaned_data.get("target_groups") or ""
        ids = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("Indiquez des numéros de groupes séparés par des virgules."))
            ids.append(int(part))
        return ids

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("La clôture doit suivre l'ouverture."))
        return data

    def save(self, commit: bool = True) -> Survey:
        self.instance.target_group_ids = self.cleaned_data.get("target_groups") or []
        return super().save(commit=commit)


def _lines(text: str) -> list[str]:
    seen: list[str] = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())[:200]
        if line and line not in seen:
            seen.append(line)
    return seen


class QuestionForm(BoundedFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    label = forms.CharField(label=_("Intitulé"), max_length=500)
    help_text = forms.CharField(label=_("Aide"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)
    page = forms.TypedChoiceField(label=_("Page"), coerce=int, choices=())
    choices = forms.CharField(label=_("Choix (un par ligne)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    rows = forms.CharField(
        label=_("Lignes du tableau (une par ligne)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    min_value = forms.IntegerField(label=_("Minimum"), required=False)
    max_value = forms.IntegerField(label=_("Maximum"), required=False)
    widget = forms.ChoiceField(
        label=_("Présentation du choix unique"),
        choices=[("radio", _("Boutons radio")), ("list", _("Liste déroulante"))],
        required=False,
    )
    allow_other = forms.BooleanField(label=_("Ajouter « Autre » avec texte libre"), required=False)
    condition_question = forms.TypedChoiceField(
        label=_("Afficher seulement si la question"), coerce=int, empty_value=None, required=False, choices=()
    )
    condition_operator = forms.ChoiceField(
        label=_("Condition"), choices=[("", "—"), *Question.Operator.choices], required=False
    )
    condition_value = forms.CharField(label=_("Valeur (ou minimum)"), max_length=200, required=False)
    condition_max = forms.CharField(label=_("Maximum (pour « est comprise entre »)"), max_length=50, required=False)

    def __init__(self, *args, survey: Survey, question: Question | None = None, **kwargs) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": question.kind,
                "label": question.label,
                "help_text": question.help_text,
                "required": question.required,
                "page": question.page_id,
                "choices": "\n".join(question.choices),
                "rows": "\n".join(question.rows),
                "min_value": question.min_value,
                "max_value": question.max_value,
                "widget": question.widget,
                "allow_other": question.allow_other,
                "condition_question": question.condition_question_id,
                "condition_operator": question.condition_operator,
                "condition_value": question.condition_value,
                "condition_max": question.condition_max,
            }
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["page"].choices = [(p.pk, str(p)) for p in survey.pages.all()]
        earlier = survey.questions.exclude(kind=Question.Kind.TEXT_BLOCK).order_by("page__position", "position")
        if question is not None:
            earlier = earlier.exclude(pk=question.pk)
        self.fields["condition_question"].choices = [("", _("— toujours afficher —"))] + [
            (q.pk, q.label[:80]) for q in earlier
        ]

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        data["choices"] = _lines(data.get("choices", ""))
        data["rows"] = _lines(data.get("rows", ""))
        needs_choices = kind in (
            Question.Kind.SINGLE,
            Question.Kind.MULTIPLE,
            Question.Kind.MATRIX_SINGLE,
            Question.Kind.MATRIX_MULTIPLE,
            Question.Kind.RANKING,
        )
        if needs_choices and len(data["choices"]) < 2:
            self.add_error("choices", _("Donnez au moins deux choix, un par ligne."))
        if kind in (Question.Kind.MATRIX_SINGLE, Question.Kind.MATRIX_MULTIPLE) and not data["rows"]:
            self.add_error("rows", _("Donnez au moins une ligne au tableau."))
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("Le maximum doit être supérieur ou égal au minimum."))
        if kind == Question.Kind.RATING and (high or 5) - (low or 1) > 20:
            self.add_error("max_value", _("Une échelle compte au plus 21 degrés."))
        if data.get("condition_question") and not data.get("condition_operator"):
            self.add_error("condition_operator", _("Choisissez la condition."))
        if data.get("condition_operator") and not data.get("condition_question"):
            self.add_error("condition_question", _("Choisissez la question dont dépend l'affichage."))
        if data.get("condition_operator") in ("equals", "contains") and not data.get("condition_value"):
            self.add_error("condition_value", _("Indiquez la valeur attendue."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        values = {k: data.get(k) for k in ("kind", "label", "help_text", "required", "choices", "rows")}
        values.update(
            min_value=data.get("min_value"),
            max_value=data.get("max_value"),
            widget=data.get("widget") or "radio",
            allow_other=bool(data.get("allow_other")),
            page=self.survey.pages.get(pk=data["page"]),
            condition_question=self.survey.questions.filter(pk=data.get("condition_question")).first()
            if data.get("condition_question")
            else None,
            condition_operator=data.get("condition_operator") or "",
            condition_value=data.get("condition_value") or "",
            condition_max=data.get("condition_max") or "",
        )
        return values


class ScoreForm(BoundedFormMixin, forms.Form):
    METRICS = [("mean", _("Moyenne de l'échelle")), ("nps", _("NPS")), ("share", _("Part d'un choix (%)"))]

    question = forms.TypedChoiceField(label=_("Question"), coerce=int, choices=())
    metric = forms.ChoiceField(label=_("Score"), choices=METRICS)
    choice = forms.CharField(label=_("Choix (pour une part)"), max_length=200, required=False)
    indicator = forms.TypedChoiceField(label=_("Indicateur"), coerce=int, choices=())
    measured_on = forms.DateField(
        label=_("Date de la mesure"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        initial=timezone.localdate,
    )

    def __init__(self, *args, survey: Survey, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        scored = [
            Question.Kind.RATING,
            Question.Kind.NPS,
            Question.Kind.NUMBER,
            Question.Kind.SINGLE,
            Question.Kind.YES_NO,
            Question.Kind.MULTIPLE,
        ]
        self.fields["question"].choices = [
            (q.pk, q.label[:90])
            for q in survey.questions.filter(kind__in=scored).order_by("page__position", "position")
        ]
        self.fields["indicator"].choices = [
            (i.pk, f"{i.action.number} — {i.name}")
            for i in Indicator.objects.filter(action__in=survey.actions.all()).select_related("action")
        ]

    def clean(self) -> dict:
        data = super().clean()
        question = self.survey.questions.filter(pk=data.get("question")).first()
        metric = data.get("metric")
        if question is not None and metric == "share" and data.get("choice") not in question.choice_keys():
            self.add_error("choice", _("Indiquez un des choix de la question, tel qu'il est écrit."))
        if question is not None and metric in ("mean", "nps") and question.kind not in Question.SCORE_KINDS:
            self.add_error("metric", _("Ce score demande une question à échelle, NPS ou nombre."))
        if question is not None and metric == "nps" and question.kind != Question.Kind.NPS:
            self.add_error("metric", _("Le NPS se calcule sur une question de recommandation (0 à 10)."))
        data["question_obj"] = question
        data["indicator_obj"] = Indicator.objects.filter(pk=data.get("indicator")).select_related("action").first()
        return data

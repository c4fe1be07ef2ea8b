"""Forms for editing an action sheet and its milestones, indicators, measures and journal."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin
from partage.core.history import set_reason
from partage.organisation.models import Commune, Direction

from .converters import ActionNumberConverter
from .models import Action, Indicator, IndicatorMeasure, Milestone, ProgressUpdate, ValueFamily

PROGRESS_ERROR = _("L'avancement doit être un nombre entier compris entre 0 et 100.")


class DateInput(forms.DateInput):
    """A native date picker: keyboard-usable and understood by screen readers."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def progress_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Avancement (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Un nombre entier entre 0 et 100."),
        error_messages={
            "required": _("Indiquez l'avancement, entre 0 et 100 %."),
            "invalid": PROGRESS_ERROR,
            "min_value": PROGRESS_ERROR,
            "max_value": PROGRESS_ERROR,
        },
    )


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class ActionForm(BoundedFormMixin, forms.ModelForm):
    """The action sheet. Number, title and pilots are for administrators only (removed otherwise)."""

    ADMIN_ONLY_FIELDS = ("number", "title", "pilots")

    progress = progress_field()
    pilots = UserChoiceField(
        label=_("Pilotes"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    contributors = UserChoiceField(
        label=_("Contributeurs"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )

    class Meta:
        model = Action
        fields = [
            "number",
            "title",
            "description",
            "expected_results",
            "status",
            "progress",
            "start_date",
            "end_date",
            "pilot_direction",
            "pilots",
            "contributors",
            "partner_communes",
            "related_actions",
            "value_families",
        ]
        labels = {
            "number": _("Numéro"),
            "title": _("Intitulé"),
            "description": _("Description"),
            "expected_results": _("Résultats attendus"),
            "status": _("Statut"),
            "start_date": _("Date de début"),
            "end_date": _("Date de fin prévue"),
            "pilot_direction": _("Direction pilote"),
            "partner_communes": _("Communes partenaires"),
            "related_actions": _("Actions liées"),
            "value_families": _("Valeurs servies"),
        }
        help_texts = {
            "number": _("Par exemple 2.4.1 : axe, objectif, rang."),
            "description": _("Texte en Markdown : **gras**, *italique*, listes avec « - »."),
            "expected_results": _("Texte en Markdown : **gras**, *italique*, listes avec « - »."),
            "start_date": _("Format jj/mm/aaaa."),
            "end_date": _("Format jj/mm/aaaa. Doit suivre la date de début."),
            "related_actions": _("Actions du même programme."),
        }
        error_messages = {
            "title": {"required": _("Indiquez l'intitulé de l'action.")},
            "number": {"required": _("Indiquez le numéro de l'action.")},
            "start_date": {"invalid": _("Saisissez une date valide.")},
            "end_date": {"invalid": _("Saisissez une date valide.")},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "expected_results": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "partner_communes": forms.CheckboxSelectMultiple,
            "related_actions": forms.CheckboxSelectMultiple,
            "value_families": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not user.is_administrator:
            for name in self.ADMIN_ONLY_FIELDS:
                del self.fields[name]
        action: Action = self.instance
        User = get_user_model()
        people = User.objects.filter(is_active=True, kind=User.Kind.AGENT).only(
            "id", "first_name", "last_name", "email"
        )
        if "pilots" in self.fields:
            self.fields["pilots"].queryset = people
        self.fields["contributors"].queryset = people
        self.fields["pilot_direction"].queryset = Direction.objects.all()
        self.fields["pilot_direction"].empty_label = _("— Aucune —")
        self.fields["partner_communes"].queryset = Commune.objects.all()
        kept = list(action.related_actions.values_list("pk", flat=True)) if action.pk else []
        self.fields["related_actions"].queryset = (
            Action.objects.filter(programme_id=action.programme_id).living_or(kept).exclude(pk=action.pk)
        )
        self.fields["value_families"].queryset = ValueFamily.objects.filter(programme_id=action.programme_id)

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if not re.fullmatch(ActionNumberConverter.regex, number) or "." not in number:
            raise forms.ValidationError(_("Le numéro s'écrit avec des chiffres séparés par des points, comme 2.4.1."))
        taken = Action.objects.filter(programme_id=self.instance.programme_id, number=number).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("Une autre action de ce programme porte déjà ce numéro."))
        return number

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin prévue doit être postérieure ou égale à la date de début."))
        return cleaned

    def save(self, commit: bool = True) -> Action:
        action = super().save(commit=False)
        if "number" in self.changed_data:
            # The last part of the number orders the action within its objective.
            action.position = int(action.number.rsplit(".", 1)[-1])
        set_reason(action, "roadmap.action.edited")
        if commit:
            action.save()
            self._save_m2m()
        return action


class ProgressUpdateForm(BoundedFormMixin, forms.ModelForm):
    """A journal entry written by a pilot; saved through `roadmap.actions.add_progress_update`."""

    progress = progress_field()

    class Meta:
        model = ProgressUpdate
        fields = ["date", "text", "status", "progress"]
        labels = {
            "date": _("Date du point"),
            "text": _("Où en est l'action ?"),
            "status": _("Statut à cette date"),
        }
        help_texts = {
            "date": _("Format jj/mm/aaaa. Aujourd'hui ou une date passée."),
            "text": _("Ce qui a été fait, ce qui reste à faire, les difficultés. Markdown accepté."),
        }
        error_messages = {
            "text": {"required": _("Écrivez le point d'avancement.")},
            "date": {"required": _("Indiquez la date du point."), "invalid": _("Saisissez une date valide.")},
            "status": {"required": _("Choisissez un statut.")},
        }
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 8})}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return date


class MilestoneForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done_date"]
        labels = {"title": _("Intitulé du jalon"), "due_date": _("Échéance"), "done_date": _("Réalisé le")}
        help_texts = {
            "due_date": _("Format jj/mm/aaaa."),
            "done_date": _("Format jj/mm/aaaa. Laissez vide tant que le jalon n'est pas atteint."),
        }
        error_messages = {
            "title": {"required": _("Indiquez l'intitulé du jalon.")},
            "due_date": {"required": _("Indiquez l'échéance."), "invalid": _("Saisissez une date valide.")},
            "done_date": {"invalid": _("Saisissez une date valide.")},
        }
        widgets = {"due_date": DateInput(), "done_date": DateInput()}

    def clean_done_date(self):
        done = self.cleaned_data["done_date"]
        if done and done > timezone.localdate():
            raise forms.ValidationError(_("Un jalon ne peut pas être réalisé dans le futur."))
        return done


class IndicatorForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "description"]
        labels = {
            "name": _("Intitulé de l'indicateur"),
            "unit": _("Unité"),
            "baseline": _("Valeur de départ"),
            "target": _("Cible"),
            "description": _("Mode de calcul"),
        }
        help_texts = {
            "baseline": _("Nombre, décimales avec une virgule ou un point."),
            "target": _("Nombre, décimales avec une virgule ou un point."),
            "description": _("Source des données, fréquence, formule."),
        }
        error_messages = {
            "name": {"required": _("Indiquez l'intitulé de l'indicateur.")},
            "baseline": {"invalid": _("Saisissez un nombre.")},
            "target": {"invalid": _("Saisissez un nombre.")},
        }
        localized_fields = ["baseline", "target"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "baseline": forms.TextInput(attrs={"inputmode": "decimal"}),
            "target": forms.TextInput(attrs={"inputmode": "decimal"}),
        }


class IndicatorMeasureForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = IndicatorMeasure
        fields = ["date", "value", "comment"]
        labels = {"date": _("Date de la mesure"), "value": _("Valeur"), "comment": _("Commentaire")}
        help_texts = {"date": _("Format jj/mm/aaaa."), "value": _("Nombre, décimales avec une virgule ou un point.")}
        error_messages = {
            "date": {"required": _("Indiquez la date de la mesure."), "invalid": _("Saisissez une date valide.")},
            "value": {"required": _("Indiquez la valeur mesurée."), "invalid": _("Saisissez un nombre.")},
        }
        localized_fields = ["value"]
        widgets = {"date": DateInput(), "value": forms.TextInput(attrs={"inputmode": "decimal"})}

    DUPLICATE_ERROR = _("Une mesure existe déjà à cette date.")

    def clean_date(self):
        date = self.cleaned_data["date"]
        others = IndicatorMeasure.objects.filter(indicator_id=self.instance.indicator_id, date=date)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(self.DUPLICATE_ERROR)
        return date


class ObjectiveForm(BoundedFormMixin, forms.Form):
    """A new objective (its axis and title) or a new title; its number is given by `writes.create_objective`."""

    axis = forms.ModelChoiceField(
        label=_("Axe"), queryset=None, empty_label=None, error_messages={"required": _("Choisissez un axe.")}
    )
    title = forms.CharField(
        label=_("Intitulé de l'objectif"),
        max_length=300,
        error_messages={"required": _("Indiquez l'intitulé de l'objectif.")},
    )

    def __init__(self, *args, programme, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .models import Axis

        if editing:
            del self.fields["axis"]
        else:
            self.fields["axis"].queryset = Axis.objects.filter(programme=programme)


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.title}"


class NewActionForm(BoundedFormMixin, forms.Form):
    """A new fiche-action: where it goes and what it says; `writes.create_action` numbers it."""

    objective = ObjectiveChoiceField(
        label=_("Objectif"),
        queryset=None,
        empty_label=_("— Choisissez un objectif —"),
        help_text=_("La fiche reçoit le numéro suivant de cet objectif, par exemple 2.4.5."),
        error_messages={"required": _("Choisissez l'objectif de la fiche-action.")},
    )
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=400,
        help_text=_("L'intitulé complet, verbe d'action compris."),
        error_messages={"required": _("Indiquez l'intitulé de l'action.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Texte en Markdown : **gras**, *italique*, listes avec « - »."),
    )
    expected_results = forms.CharField(
        label=_("Résultats attendus"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    pilot_direction = forms.ModelChoiceField(
        label=_("Direction pilote"), queryset=None, required=False, empty_label=_("— Aucune —")
    )
    pilots = UserChoiceField(
        label=_("Pilotes"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    start_date = forms.DateField(
        label=_("Date de début"),
        required=False,
        widget=DateInput(),
        help_text=_("Format jj/mm/aaaa."),
        error_messages={"invalid": _("Saisissez une date valide.")},
    )
    end_date = forms.DateField(
        label=_("Date de fin prévue"),
        required=False,
        widget=DateInput(),
        help_text=_("Format jj/mm/aaaa. Doit suivre la date de début."),
        error_messages={"invalid": _("Saisissez une date valide.")},
    )

    def __init__(self, *args, programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .models import Objective

        User = get_user_model()
        self.fields["objective"].queryset = Objective.objects.filter(
            axis__programme=programme, archived_at__isnull=True
        ).select_related("axis")
        self.fields["pilot_direction"].queryset = Direction.objects.all()
        self.fields["pilots"].queryset = User.objects.filter(is_active=True, kind=User.Kind.AGENT).only(
            "id", "first_name", "last_name", "email"
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin prévue doit être postérieure ou égale à la date de début."))
        return cleaned

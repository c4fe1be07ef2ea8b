"""Forms of the host pages. Choices are typed one per line; a line starting with "*" is a correct
answer (quiz). Board columns likewise, one per line."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin

from .codes import normalise
from .models import Activity, LiveSession

MAX_CHOICES = 20


class SessionForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = LiveSession
        fields = [
            "title",
            "description",
            "pacing",
            "leaderboard",
            "is_template",
            "actions",
            "meeting_id",
            "meeting_label",
            "meeting_url",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "meeting_url": _("Adresse de la réunion d'un groupe de suivi (ex. /groupes/qvt/reunions/12/)."),
            "meeting_id": _("Le numéro de la réunion, à la fin de son adresse : les résultats iront dans son relevé."),
            "actions": _("Les résultats pourront être joints au journal de ces fiches-actions."),
            "is_template": _("Un modèle ne s'ouvre pas : on le duplique pour préparer une session."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No archived action offered anew; the links made before an archiving stay.
        kept = list(self.instance.actions.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["actions"].queryset = self.fields["actions"].queryset.living_or(kept)

    def clean_meeting_url(self) -> str:
        url = self.cleaned_data.get("meeting_url", "").strip()
        if url and not url.startswith("/"):
            raise forms.ValidationError(_("Indiquez une adresse de ce site, commençant par « / »."))
        return url


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ActivityForm(BoundedFormMixin, forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Propositions (une par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sondage, quiz, classement, 100 points. Quiz : commencez la bonne réponse par « * »."),
    )
    columns_text = forms.CharField(
        label=_("Colonnes du tableau (une par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "prompt",
            "max_choices",
            "results",
            "time_limit",
            "scale",
            "moderation",
            "allow_anonymous",
            "filter_profanity",
            "max_words",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(
                ("*" if c.get("correct") else "") + c.get("label", "") for c in self.instance.choices
            )
            self.fields["columns_text"].initial = "\n".join(c.get("label", "") for c in self.instance.columns)

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        lines = _lines(data.get("choices_text", ""))
        if len(lines) > MAX_CHOICES:
            self.add_error("choices_text", _("Au plus %(n)d propositions.") % {"n": MAX_CHOICES})
        needs_choices = kind in (Activity.Kind.POLL, Activity.Kind.QUIZ, Activity.Kind.RANKING, Activity.Kind.POINTS)
        if needs_choices and len(lines) < 2:
            self.add_error("choices_text", _("Indiquez au moins deux propositions."))
        choices = []
        for index, line in enumerate(lines[:MAX_CHOICES]):
            correct = line.startswith("*")
            label = line.lstrip("*").strip()[:200]
            choices.append({"id": chr(ord("a") + index), "label": label, "correct": correct})
        if kind == Activity.Kind.QUIZ and needs_choices and lines and not any(c["correct"] for c in choices):
            self.add_error("choices_text", _("Marquez au moins une bonne réponse d'un « * »."))
        self.cleaned_choices = choices if needs_choices else []
        columns = []
        for line in _lines(data.get("columns_text", ""))[:8]:
            slug = slugify(line)[:30] or f"col{len(columns) + 1}"
            columns.append({"id": slug, "label": line[:60]})
        if kind == Activity.Kind.BOARD and not columns:
            columns = [{"id": "idees", "label": str(_("Idées"))}]
        self.cleaned_columns = columns
        if data.get("max_choices") is not None and data["max_choices"] < 1:
            data["max_choices"] = 1
        return data

    def save(self, commit: bool = True) -> Activity:
        activity = super().save(commit=False)
        activity.choices = self.cleaned_choices
        activity.columns = self.cleaned_columns
        if commit:
            activity.save()
        return activity


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Code de la session"), max_length=12, help_text=_("6 caractères, ex. K7XQ4M."))

    def clean_code(self) -> str:
        return normalise(self.cleaned_data["code"])


class NicknameForm(forms.Form):
    nickname = forms.CharField(label=_("Pseudonyme (facultatif)"), max_length=40, required=False)

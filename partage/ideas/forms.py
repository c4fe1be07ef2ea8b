"""Forms of the idea box: submit (two steps), transcribe, filter, moderate, hide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin
from partage.core.uploads import MAX_ATTACHMENT_SIZE, SIGNATURES, validate_attachment  # noqa: F401
from partage.roadmap.models import Action, Axis, Objective, Programme

from . import workflow
from .models import Idea


def current_programme() -> Programme | None:
    return Programme.objects.filter(is_current=True).first()


class _IdeaFieldsMixin:
    def _limit_roadmap_choices(self) -> None:
        programme = current_programme()
        self.fields["axis"].queryset = Axis.objects.filter(programme=programme)
        kept = [getattr(getattr(self, "instance", None), "action_id", None)]
        self.fields["action"].queryset = (
            Action.objects.filter(programme=programme)
            .living_or(kept)
            .order_by("objective__axis__number", "objective__number", "position")
        )
        self.fields["axis"].empty_label = _("Aucun en particulier")
        self.fields["action"].empty_label = _("Aucune en particulier")

    def clean_title(self) -> str:
        title = " ".join((self.cleaned_data.get("title") or "").split())
        if not title:
            raise forms.ValidationError(_("Donnez un titre à votre idée."))
        return title

    def clean_description(self) -> str:
        description = (self.cleaned_data.get("description") or "").strip()
        if not description:
            raise forms.ValidationError(_("Décrivez votre idée en quelques lignes."))
        return description

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_attachment(upload)
        return upload


class IdeaForm(_IdeaFieldsMixin, BoundedFormMixin, forms.ModelForm):
    """What an agent fills in. `anonymous`: the idea will keep no link to them."""

    anonymous = forms.BooleanField(
        label=_("Déposer anonymement"),
        required=False,
        help_text=_(
            "Votre nom ne sera enregistré nulle part. Vous recevrez un lien privé pour suivre les réponses. "
            "Vérifiez que ni le texte ni la pièce jointe ne vous désignent."
        ),
    )

    class Meta:
        model = Idea
        fields = ["title", "description", "axis", "action", "attachment"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "attachment": _("Facultatif : une image (JPEG, PNG, GIF, WebP) ou un PDF, 5 Mo au plus."),
            "description": _("Mise en forme Markdown possible."),
        }

    def __init__(self, *args, with_attachment: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limit_roadmap_choices()
        self.fields["title"].error_messages["required"] = _("Donnez un titre à votre idée.")
        self.fields["description"].error_messages["required"] = _("Décrivez votre idée en quelques lignes.")
        if not with_attachment:
            del self.fields["attachment"]


class TranscriptionForm(_IdeaFieldsMixin, BoundedFormMixin, forms.ModelForm):
    """A moderator types in an idea found in a physical box or said in a meeting."""

    class Meta:
        model = Idea
        fields = ["title", "description", "axis", "action", "channel", "found_on", "attachment"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "found_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"found_on": _("Le jour où l'idée a été relevée ou exprimée.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limit_roadmap_choices()
        self.fields["channel"].choices = [
            (Idea.Channel.PAPER, Idea.Channel.PAPER.label),
            (Idea.Channel.MEETING, Idea.Channel.MEETING.label),
        ]
        self.fields["channel"].initial = Idea.Channel.PAPER
        self.fields["found_on"].required = True
        self.fields["found_on"].error_messages["required"] = _("Indiquez la date à laquelle l'idée a été relevée.")
        self.fields["found_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_found_on(self):
        found_on = self.cleaned_data.get("found_on")
        if found_on and found_on > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return found_on


class IdeaFilterForm(BoundedFormMixin, forms.Form):
    SORTS = [
        ("newest", _("Les plus récentes")),
        ("supported", _("Les plus soutenues")),
        ("discussed", _("Les plus commentées")),
    ]
    SCOPES = [
        ("", _("Toutes les idées")),
        ("mine", _("Mes idées")),
        ("supported", _("Les idées que je soutiens")),
    ]
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous"))] + Idea.Status.choices)
    axis = forms.ModelChoiceField(label=_("Axe"), required=False, queryset=Axis.objects.none(), empty_label=_("Tous"))
    scope = forms.ChoiceField(label=_("Afficher"), required=False, choices=SCOPES)
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORTS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(programme=current_programme())

    def filter(self, queryset, user):
        if not self.is_valid():
            return queryset.order_by("-created_at", "-pk")
        data = self.cleaned_data
        queryset = queryset.search(data.get("q", ""))
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("axis"):
            queryset = queryset.filter(axis=data["axis"])
        if data.get("scope") == "mine":
            queryset = queryset.filter(author=user)
        elif data.get("scope") == "supported":
            queryset = queryset.supported_by(user)
        sort = data.get("sort") or "newest"
        if sort == "supported":
            return queryset.order_by("-support_count", "-created_at", "-pk")
        if sort == "discussed":
            return queryset.order_by("-comment_count", "-created_at", "-pk")
        return queryset.order_by("-created_at", "-pk")


class StatusChangeForm(BoundedFormMixin, forms.Form):
    """A step of the workflow with its public answer; optionally link (or create) the implementing action."""

    status = forms.ChoiceField(label=_("Nouveau statut"))
    answer = forms.CharField(
        label=_("Réponse publique"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Visible de tous les agents et de l'auteur. Obligatoire pour « Non retenue »."),
    )
    action = forms.ModelChoiceField(
        label=_("Fiche-action liée"),
        required=False,
        queryset=Action.objects.none(),
        empty_label=_("Aucune"),
        help_text=_("La fiche-action qui met l'idée en œuvre (obligatoire pour « Mise en œuvre »)."),
    )
    new_action_objective = forms.ModelChoiceField(
        label=_("Ou créer une nouvelle fiche-action dans l'objectif"),
        required=False,
        queryset=Objective.objects.none(),
        empty_label=_("Ne pas créer de fiche-action"),
    )
    new_action_title = forms.CharField(
        label=_("Intitulé de la nouvelle fiche-action"),
        required=False,
        max_length=400,
        help_text=_("Par défaut, le titre de l'idée."),
    )
    duplicate_of = forms.IntegerField(label=_("Numéro de l'idée dont elle est le doublon"), required=False, min_value=1)

    def __init__(self, *args, idea: Idea, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.idea = idea
        allowed = workflow.allowed_statuses(idea.status)
        self.fields["status"].choices = [(s, Idea.Status(s).label) for s in allowed]
        programme = current_programme()
        self.fields["action"].queryset = (
            Action.objects.filter(programme=programme)
            .living_or([idea.implementing_action_id])
            .select_related("programme")
            .order_by("objective__axis__number", "objective__number", "position")
        )
        self.fields["action"].initial = idea.implementing_action_id
        objectives = Objective.objects.filter(axis__programme=programme, archived_at__isnull=True)
        objectives = objectives.select_related("axis")
        self.fields["new_action_objective"].queryset = objectives

    def clean_answer(self) -> str:
        return (self.cleaned_data.get("answer") or "").strip()

    def clean(self) -> dict:
        # The workflow's own rules (what each step needs) are checked by writes.change_status; the form
        # only turns the typed number of the duplicate target into an idea.
        cleaned = super().clean()
        target_pk = cleaned.get("duplicate_of")
        cleaned["duplicate_target"] = Idea.objects.filter(pk=target_pk).first() if target_pk else None
        return cleaned


class HideIdeaForm(BoundedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif du masquage"),
        max_length=300,
        error_messages={"required": _("Indiquez le motif : il est montré à l'auteur.")},
    )

"""Forms of the follow-up module: a meeting with its agenda, minutes with their
decisions, action items, reviews of the followed actions and the attendance."""

from django import forms
from django.contrib.auth import get_user_model
from django.forms import BaseFormSet, BaseInlineFormSet, formset_factory, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin
from partage.roadmap.models import Action

from .models import ActionItem, ActionReview, AgendaItem, Attendance, Decision, Group, Meeting, Minutes
from .writes import REASON_MAX_LENGTH

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _member_queryset(group: Group):
    return get_user_model().objects.filter(followup_memberships__group=group).order_by("last_name", "first_name")


def _action_field(group: Group) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=group.actions.living().select_related("programme").order_by("number"),
        required=False,
        label=_("Fiche-action concernée"),
        empty_label=_("Aucune"),
    )


class MeetingForm(BoundedFormMixin, forms.ModelForm):
    video_link = forms.URLField(label=_("Lien de visioconférence"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "video_link", "invited"]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "invited": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "starts_at": _("Date et heure, par exemple 14/03/2025 14:00."),
            "place": _("Salle et adresse ; laisser vide pour une réunion à distance."),
            "invited": _("Les membres du groupe invités à la réunion."),
        }

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        self.fields["invited"].queryset = _member_queryset(group)
        if not self.instance.pk and not self.is_bound:
            self.initial["invited"] = list(self.fields["invited"].queryset.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("La fin de la réunion doit suivre son début."))
        if not cleaned.get("place") and not cleaned.get("video_link") and "place" not in self.errors:
            self.add_error("place", _("Indiquez un lieu ou un lien de visioconférence."))
        return cleaned


class GroupScopedForm(BoundedFormMixin, forms.ModelForm):
    """A row form whose action (and owner) choices are limited to the group's (read once per page when the
    formsets share a `shared_choices` dict in their form_kwargs).

    A new row whose main text (`row_text_field`) is left blank is an unused row: it is ignored
    rather than reported as an error, whatever its other fields hold (an order number, a date).
    """

    row_text_field = "text"

    def __init__(self, *args, group: Group, shared_choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if "action" in self.fields:
            self.fields["action"] = _action_field(group)
        if "owner" in self.fields:
            self.fields["owner"].queryset = _member_queryset(group)
            self.fields["owner"].empty_label = _("Personne en particulier")
        if shared_choices is not None:
            # One dict for every row of the page's formsets: the options are read once, not once per row
            # (a select of a ModelChoiceField queries each time it is drawn). Validation still uses the queryset.
            for name in ("action", "owner"):
                if name in self.fields:
                    if name not in shared_choices:
                        shared_choices[name] = list(self.fields[name].choices)
                    self.fields[name].choices = shared_choices[name]

    def has_changed(self) -> bool:
        if self.instance.pk is None and not str(self[self.row_text_field].value() or "").strip():
            return False
        return super().has_changed()


class AgendaItemForm(GroupScopedForm):
    row_text_field = "title"

    class Meta:
        model = AgendaItem
        fields = ["order", "title", "action"]


class DecisionForm(GroupScopedForm):
    class Meta:
        model = Decision
        fields = ["text", "action"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ActionItemForm(GroupScopedForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due_date", "action"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput()}


class BaseRowFormSet(BaseInlineFormSet):
    """Inline formset whose empty extra rows are simply ignored.

    absolute_max caps the rows built from a forged TOTAL_FORMS (Django's default builds up to 1,000 more)."""


AgendaFormSet = inlineformset_factory(
    Meeting,
    AgendaItem,
    form=AgendaItemForm,
    formset=BaseRowFormSet,
    extra=3,
    can_delete=True,
    max_num=100,
    absolute_max=100,
)
DecisionFormSet = inlineformset_factory(
    Minutes,
    Decision,
    form=DecisionForm,
    formset=BaseRowFormSet,
    extra=2,
    can_delete=True,
    max_num=100,
    absolute_max=100,
)
ActionItemFormSet = inlineformset_factory(
    Minutes,
    ActionItem,
    form=ActionItemForm,
    formset=BaseRowFormSet,
    extra=2,
    can_delete=True,
    max_num=100,
    absolute_max=100,
)


class MinutesForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}


class MinutesCorrectionForm(MinutesForm):
    """Published minutes corrected: the same text, with the reason the history and the members are given."""

    reason = forms.CharField(
        label=_("Motif de la correction"),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "Par exemple : « nom du responsable corrigé ». Il figure dans l'historique du relevé et dans "
            "la notification envoyée aux membres."
        ),
    )


class ReviewForm(BoundedFormMixin, forms.Form):
    """The review of one followed action; left blank, the action is not reviewed in these minutes."""

    action = forms.IntegerField(widget=forms.HiddenInput)
    assessment = forms.ChoiceField(
        label=_("Appréciation"),
        choices=[("", _("Non revue"))] + list(ActionReview.Assessment.choices),
        required=False,
    )
    comment = forms.CharField(label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, actions: dict[int, Action], **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions

    @property
    def action_object(self) -> Action | None:
        value = self["action"].value()
        try:
            return self.actions.get(int(value))
        except (TypeError, ValueError):
            return None

    def clean_action(self) -> int:
        pk = self.cleaned_data["action"]
        if pk not in self.actions:
            raise forms.ValidationError(_("Cette fiche-action n'est pas suivie par le groupe."))
        return pk

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("comment") and not cleaned.get("assessment"):
            self.add_error("assessment", _("Choisissez une appréciation pour accompagner le commentaire."))
        return cleaned


class BaseReviewFormSet(BaseFormSet):
    def save(self, minutes: Minutes) -> None:
        for form in self.forms:
            pk, assessment = form.cleaned_data["action"], form.cleaned_data["assessment"]
            if assessment:
                ActionReview.objects.update_or_create(
                    minutes=minutes,
                    action_id=pk,
                    defaults={"assessment": assessment, "comment": form.cleaned_data["comment"]},
                )
            else:
                ActionReview.objects.filter(minutes=minutes, action_id=pk).delete()


ReviewFormSet = formset_factory(
    ReviewForm, formset=BaseReviewFormSet, extra=0, max_num=200, absolute_max=200, validate_max=True
)


def review_formset(data, *, minutes: Minutes, group: Group) -> BaseReviewFormSet:
    """One row per action the group follows, prefilled with the existing review if any."""
    existing = {r.action_id: r for r in minutes.reviews.all()} if minutes.pk else {}
    # Archived actions get no new row; a review written before the archiving keeps its own.
    followed = group.actions.living_or(list(existing)).select_related("programme").order_by("number")
    actions = {a.pk: a for a in followed}
    initial = [
        {
            "action": pk,
            "assessment": existing[pk].assessment if pk in existing else "",
            "comment": existing[pk].comment if pk in existing else "",
        }
        for pk in actions
    ]
    formset = ReviewFormSet(data, initial=initial, prefix="reviews", form_kwargs={"actions": actions})
    if data is not None:
        # Rows are fixed by the group's followed actions: refuse extra or missing rows.
        formset.min_num = formset.max_num = len(actions)
        formset.validate_min = True
    return formset


class AttendanceForm(BoundedFormMixin, forms.Form):
    """One select per invited member (or per member when nobody was invited)."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        people = list(meeting.invited.order_by("last_name", "first_name")) or list(_member_queryset(meeting.group))
        current = dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "status"))
        self.people = people
        for person in people:
            self.fields[f"user_{person.pk}"] = forms.ChoiceField(
                label=str(person),
                choices=[("", _("Non renseigné"))] + list(Attendance.Status.choices),
                required=False,
                initial=current.get(person.pk, ""),
            )

    def statuses(self) -> dict[int, str]:
        return {int(name.removeprefix("user_")): value for name, value in self.cleaned_data.items()}

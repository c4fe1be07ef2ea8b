"""Forms of the decisions module: threads, polls (fields depend on the kind), votes (one form
class whose fields depend on the kind), outcomes, reminders, reopening."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin, validate_year
from partage.roadmap.models import Action

from . import writes as decision_actions
from .models import SINGLE_CHOICE_KINDS, Outcome, Poll, PollOption, Thread
from .rules import member_group_ids

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class ThreadForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Thread
        fields = ["title", "context", "group"]
        widgets = {"context": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The groups are followup's: reached through the field, not imported (feeding apps are independent).
        groups = self.fields["group"].queryset.order_by("name")
        if not user.is_administrator:
            groups = groups.filter(pk__in=list(member_group_ids(user)))
        self.fields["group"].queryset = groups
        self.fields["group"].empty_label = _("Tous les agents")
        self.fields["group"].label = _("Public")


OPTION_KINDS = {Poll.Kind.POLL, Poll.Kind.DOT_VOTE, Poll.Kind.SCORE, Poll.Kind.RANKED_CHOICE}
KIND_FIELDS: dict[str, list[str]] = {
    Poll.Kind.POLL: ["min_choices", "max_choices", "voters_can_add_options", "shuffle_options"],
    Poll.Kind.DOT_VOTE: ["dots", "voters_can_add_options", "shuffle_options"],
    Poll.Kind.SCORE: ["score_max", "voters_can_add_options", "shuffle_options"],
    Poll.Kind.RANKED_CHOICE: ["min_choices", "voters_can_add_options", "shuffle_options"],
    Poll.Kind.TIME_POLL: ["meeting_duration"],
    Poll.Kind.COUNT: ["target"],
}
COMMON_FIELDS = [
    "title",
    "details",
    "opening_at",
    "closing_at",
    "electorate",
    "quorum",
    "anonymous",
    "results_visibility",
    "reasons",
    "reason_max_length",
]


CLOSES_AFTER_OPENING = _("La clôture doit suivre l’ouverture du vote.")


class PollForm(BoundedFormMixin, forms.ModelForm):
    constraint_messages = {"poll_closes_after_opening": ("closing_at", CLOSES_AFTER_OPENING)}

    options_text = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Une option par ligne."),
    )
    dates_text = forms.CharField(
        label=_("Dates proposées"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Une date par ligne, au format JJ/MM/AAAA HH:MM."),
    )
    voters = forms.ModelMultipleChoiceField(
        label=_("Personnes invitées à voter"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Pour un vote réservé aux personnes invitées."),
    )

    class Meta:
        model = Poll
        fields = [*COMMON_FIELDS, "min_choices", "max_choices", "dots", "score_max", "target", "meeting_duration"]
        fields += ["voters_can_add_options", "shuffle_options"]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 5}),
            "opening_at": DateTimeInput(),
            "closing_at": DateTimeInput(),
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = set(COMMON_FIELDS) | set(KIND_FIELDS.get(kind, [])) | {"voters"}
        if kind in OPTION_KINDS:
            keep.add("options_text")
        if kind == Poll.Kind.TIME_POLL:
            keep.add("dates_text")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        User = get_user_model()
        self.fields["voters"].queryset = User.objects.filter(is_active=True, kind=User.Kind.AGENT).order_by(
            "last_name", "first_name"
        )
        if not self.instance.pk:
            # The instance's empty fields are in self.initial already (as None): replace them.
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial["opening_at"] = now
            self.initial["closing_at"] = now + datetime.timedelta(days=7)
            if kind in {Poll.Kind.PROPOSAL, Poll.Kind.CONSENT, Poll.Kind.ADVICE, Poll.Kind.CONSENSUS}:
                self.initial["reasons"] = Poll.Reasons.REQUIRED_FOR_DISSENT
        if kind == Poll.Kind.QUESTION_ROUND:
            del self.fields["reasons"]

    def clean_closing_at(self):
        closing_at = self.cleaned_data["closing_at"]
        if closing_at and closing_at <= timezone.now():
            raise forms.ValidationError(_("La date de clôture doit être dans le futur."))
        return closing_at

    def clean_options_text(self):
        lines = [line.strip() for line in self.cleaned_data.get("options_text", "").splitlines() if line.strip()]
        if self.kind in OPTION_KINDS:
            if len(lines) < 2:
                raise forms.ValidationError(_("Indiquez au moins deux options."))
            if len({line.lower() for line in lines}) != len(lines):
                raise forms.ValidationError(_("Chaque option doit être différente."))
            if any(len(line) > 300 for line in lines):
                raise forms.ValidationError(_("Une option fait au plus 300 caractères."))
        return lines

    def clean_dates_text(self):
        lines = [line.strip() for line in self.cleaned_data.get("dates_text", "").splitlines() if line.strip()]
        if self.kind != Poll.Kind.TIME_POLL:
            return []
        field = forms.DateTimeField(validators=[validate_year])
        dates = []
        for line in lines:
            try:
                dates.append(field.clean(line))
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("« %(line)s » n'est pas une date au format JJ/MM/AAAA HH:MM.") % {"line": line}
                ) from exc
        if len(dates) < 2:
            raise forms.ValidationError(_("Proposez au moins deux dates."))
        return dates

    def clean(self):
        data = super().clean()
        if self.kind == Poll.Kind.POLL and "min_choices" in data and "max_choices" in data:
            count = len(data.get("options_text") or [])
            if data["min_choices"] > data["max_choices"]:
                self.add_error("max_choices", _("Le maximum doit être au moins égal au minimum."))
            elif count and data["max_choices"] > count:
                self.add_error("max_choices", _("Le maximum dépasse le nombre d'options."))
        if data.get("electorate") == Poll.Electorate.NAMED and not data.get("voters"):
            self.add_error("voters", _("Invitez au moins une personne, ou ouvrez le vote à tout le public."))
        return data

    def poll_options(self) -> list:
        if self.kind == Poll.Kind.TIME_POLL:
            return self.cleaned_data.get("dates_text") or []
        return self.cleaned_data.get("options_text") or []


class PollEditForm(BoundedFormMixin, forms.ModelForm):
    """Changing a poll after creation: wording, closing date, anonymity (on only), visibility of results."""

    constraint_messages = {"poll_closes_after_opening": ("closing_at", CLOSES_AFTER_OPENING)}

    class Meta:
        model = Poll
        fields = ["title", "details", "closing_at", "anonymous", "results_visibility"]
        widgets = {"details": forms.Textarea(attrs={"rows": 5}), "closing_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.anonymous:
            self.fields["anonymous"].disabled = True
            self.fields["anonymous"].help_text = _("Ce vote est anonyme : cela ne peut plus être changé.")

    def clean_anonymous(self):
        anonymous = self.cleaned_data.get("anonymous")
        if self.instance.anonymous and not anonymous:
            raise forms.ValidationError(_("Un vote anonyme ne peut pas redevenir nominatif."))
        return anonymous


TIME_CHOICES = [
    (decision_actions.TIME_YES, _("Oui")),
    (decision_actions.TIME_MAYBE, _("Peut-être")),
    (decision_actions.TIME_NO, _("Non")),
]


class VoteForm(BoundedFormMixin, forms.Form):
    """The ballot of one poll; its fields depend on the poll's kind. `choices()` gives {option id: value}."""

    def __init__(self, *args, poll: Poll, options: list[PollOption], **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.options = options
        kind = poll.kind
        option_choices = [(o.pk, str(o)) for o in options]
        if kind in SINGLE_CHOICE_KINDS or (kind == Poll.Kind.POLL and poll.max_choices == 1):
            self.fields["choice"] = forms.TypedChoiceField(
                label=_("Votre réponse"), choices=option_choices, coerce=int, widget=forms.RadioSelect
            )
        elif kind == Poll.Kind.POLL:
            self.fields["choice"] = forms.TypedMultipleChoiceField(
                label=_("Vos choix"),
                choices=option_choices,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Entre %(min)d et %(max)d choix.") % {"min": poll.min_choices, "max": poll.max_choices},
            )
        elif kind == Poll.Kind.DOT_VOTE:
            for option in options:
                self.fields[f"option_{option.pk}"] = forms.IntegerField(
                    label=str(option), min_value=0, max_value=poll.dots, required=False, initial=0
                )
        elif kind == Poll.Kind.SCORE:
            for option in options:
                self.fields[f"option_{option.pk}"] = forms.IntegerField(
                    label=str(option), min_value=0, max_value=poll.score_max, required=True, initial=0
                )
        elif kind == Poll.Kind.RANKED_CHOICE:
            for option in options:
                self.fields[f"option_{option.pk}"] = forms.IntegerField(
                    label=str(option), min_value=1, max_value=len(options), required=False
                )
        elif kind == Poll.Kind.TIME_POLL:
            for option in options:
                self.fields[f"option_{option.pk}"] = forms.TypedChoiceField(
                    label=str(option), choices=TIME_CHOICES, coerce=int, widget=forms.RadioSelect
                )
        if poll.reasons != Poll.Reasons.OFF or kind == Poll.Kind.QUESTION_ROUND:
            required = poll.reasons == Poll.Reasons.REQUIRED or kind == Poll.Kind.QUESTION_ROUND
            help_text = _("%(n)d caractères au plus.") % {"n": poll.reason_max_length}
            if poll.reasons == Poll.Reasons.REQUIRED_FOR_DISSENT:
                help_text = _("Obligatoire pour « pas d'accord » et « bloquer ». ") + help_text
            self.fields["reason"] = forms.CharField(
                label=_("Votre raison") if kind != Poll.Kind.QUESTION_ROUND else _("Votre contribution"),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=required,
                max_length=poll.reason_max_length,
                help_text=help_text,
            )

    def choices(self) -> dict[int, int]:
        data = self.cleaned_data
        kind = self.poll.kind
        if "choice" in self.fields:
            chosen = data.get("choice")
            ids = chosen if isinstance(chosen, list) else ([chosen] if chosen is not None else [])
            return dict.fromkeys(ids, 1)
        values = {}
        for option in self.options:
            value = data.get(f"option_{option.pk}")
            if value is None:
                continue
            if kind in (Poll.Kind.DOT_VOTE, Poll.Kind.RANKED_CHOICE) and value == 0:
                continue
            values[option.pk] = value
        return values

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                decision_actions.check_ballot(self.poll, self.options, self.choices(), data.get("reason", ""))
            except decision_actions.VoteError as exc:
                raise forms.ValidationError(exc.message) from exc
        return data


class OptionForm(BoundedFormMixin, forms.Form):
    text = forms.CharField(label=_("Nouvelle option"), max_length=300)


class OutcomeForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["statement", "chosen_option", "review_date", "actions"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 5}),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "actions": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, poll: Poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen_option"].queryset = poll.options.all()
        self.fields["chosen_option"].empty_label = _("Aucune")
        if poll.kind == Poll.Kind.QUESTION_ROUND:
            del self.fields["chosen_option"]
        self.fields["actions"].queryset = Action.objects.living().select_related("programme").order_by("number")
        self.fields["actions"].help_text = _("L'issue sera inscrite au journal de ces fiches-actions.")


class ReminderForm(BoundedFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message"), max_length=200, required=False, help_text=_("Ajouté au rappel (200 caractères au plus).")
    )


class ReopenForm(BoundedFormMixin, forms.Form):
    closing_at = forms.DateTimeField(label=_("Nouvelle date de clôture"), widget=DateTimeInput())

    def clean_closing_at(self):
        closing_at = self.cleaned_data["closing_at"]
        if closing_at <= timezone.now():
            raise forms.ValidationError(_("La nouvelle date de clôture doit être dans le futur."))
        return closing_at

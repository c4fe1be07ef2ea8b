"""Answering a survey, page by page: the form of a page, display conditions, reading and saving a draft.

Only the respondent's own answers are ever loaded (Decidim's answer page loaded every answer and took
15 s at 400 responses, decidim#5697): the answer page costs the same at 10 or 100,000 responses.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin
from partage.core.uploads import stripped_upload, validate_attachment

from .models import OTHER, Answer, Page, Question, Response

Kind = Question.Kind


# --- values -------------------------------------------------------------------------------------


def answers_of(response: Response | None) -> dict[int, Any]:
    """question id -> the value as the form shows it (one query)."""
    values: dict[int, Any] = {}
    if response is None or response._state.adding:
        return values
    kinds = {}
    for answer in response.answers.select_related("question").order_by("question_id", "row", "choice"):
        question = answer.question
        kinds[question.pk] = question.kind
        kind = question.kind
        if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            values[question.pk] = answer.text
        elif kind in (Kind.SINGLE, Kind.RATING, Kind.NPS, Kind.YES_NO):
            values[question.pk] = answer.choice
            if answer.choice == OTHER:
                values[f"{question.pk}_other"] = answer.text
        elif kind == Kind.MULTIPLE:
            values.setdefault(question.pk, []).append(answer.choice)
            if answer.choice == OTHER:
                values[f"{question.pk}_other"] = answer.text
        elif kind == Kind.MATRIX_SINGLE:
            values.setdefault(question.pk, {})[answer.row] = answer.choice
        elif kind == Kind.MATRIX_MULTIPLE:
            values.setdefault(question.pk, {}).setdefault(answer.row, []).append(answer.choice)
        elif kind == Kind.RANKING:
            values.setdefault(question.pk, {})[answer.choice] = int(answer.number or 0)
        elif kind == Kind.NUMBER:
            values[question.pk] = answer.number
        elif kind == Kind.DATE:
            try:
                values[question.pk] = datetime.date.fromisoformat(answer.text)
            except ValueError:
                pass
        elif kind == Kind.FILE:
            values[question.pk] = answer.file.name
    return values


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def condition_holds(question: Question, values: dict[int, Any]) -> bool:
    """Whether `question` is shown, given the answers so far (no condition: always shown)."""
    source_id = question.condition_question_id
    if not source_id or not question.condition_operator:
        return True
    value = values.get(source_id)
    operator = question.condition_operator
    if operator == Question.Operator.ANSWERED:
        return not _empty(value)
    if _empty(value):
        return False
    expected = question.condition_value.strip()
    if operator == Question.Operator.EQUALS:
        return str(value).strip().casefold() == expected.casefold()
    if operator == Question.Operator.CONTAINS:
        if isinstance(value, list):
            return expected in value
        if isinstance(value, dict):
            return expected in value.values() or any(expected in v for v in value.values() if isinstance(v, list))
        return expected.casefold() in str(value).casefold()
    if operator == Question.Operator.IN_RANGE:
        try:
            number = Decimal(str(value))
            low = Decimal(expected) if expected else None
            high = Decimal(question.condition_max) if question.condition_max else None
        except (InvalidOperation, ValueError):
            return False
        return (low is None or number >= low) and (high is None or number <= high)
    return True


def visible_questions(questions: list[Question], values: dict[int, Any]) -> list[Question]:
    """Conditions refer to earlier questions, so one pass in order settles them all; a question whose
    source is hidden is hidden too (its source's value is dropped)."""
    shown: list[Question] = []
    seen: dict[int, Any] = {}
    for question in questions:
        if condition_holds(question, seen):
            shown.append(question)
            if question.pk in values:
                seen[question.pk] = values[question.pk]
    return shown


# --- the form of one page -------------------------------------------------------------------------


class RankWidget(forms.Select):
    pass


def _choices(keys_labels: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(key, label) for key, label in keys_labels]


class PageForm(BoundedFormMixin, forms.Form):
    """The fields of the questions shown on one page; every message in French."""

    def __init__(self, *args, questions: list[Question], shown: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.shown = shown
        for question in questions:
            if question.takes_answer:
                self._add_fields(question, required=question.required and question.pk in shown)

    def _add_fields(self, q: Question, *, required: bool) -> None:
        name = q.field_name
        label = q.label
        common: dict[str, Any] = {"label": label, "required": required, "help_text": q.help_text}
        kind = q.kind
        if kind == Kind.SHORT_TEXT:
            self.fields[name] = forms.CharField(max_length=500, **common)
        elif kind == Kind.LONG_TEXT:
            self.fields[name] = forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}), **common)
        elif kind in (Kind.SINGLE, Kind.YES_NO, Kind.RATING, Kind.NPS):
            choices = [(key, q.choice_label(key)) for key in q.choice_keys()]
            if kind == Kind.SINGLE and q.widget == "list":
                widget: forms.Widget = forms.Select()
                choices = [("", _("— Choisir —")), *choices]
            else:
                widget = forms.RadioSelect(attrs={"class": "choices-inline" if kind in (Kind.RATING, Kind.NPS) else ""})
            self.fields[name] = forms.ChoiceField(choices=choices, widget=widget, **common)
        elif kind == Kind.MULTIPLE:
            choices = [(key, q.choice_label(key)) for key in q.choice_keys()]
            self.fields[name] = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple(), **common
            )
        elif kind in (Kind.MATRIX_SINGLE, Kind.MATRIX_MULTIPLE):
            choices = [(key, key) for key in q.choices]
            for index, row in enumerate(q.rows):
                field_class = forms.ChoiceField if kind == Kind.MATRIX_SINGLE else forms.MultipleChoiceField
                widget = forms.RadioSelect() if kind == Kind.MATRIX_SINGLE else forms.CheckboxSelectMultiple()
                self.fields[f"{name}_r{index}"] = field_class(
                    label=row, choices=choices, widget=widget, required=required
                )
        elif kind == Kind.RANKING:
            ranks = [("", "—")] + [(str(i), str(i)) for i in range(1, len(q.choices) + 1)]
            for index, item in enumerate(q.choices):
                self.fields[f"{name}_k{index}"] = forms.TypedChoiceField(
                    label=item, choices=ranks, coerce=int, empty_value=None, required=required
                )
        elif kind == Kind.NUMBER:
            self.fields[name] = forms.DecimalField(
                min_value=q.min_value,
                max_value=q.max_value,
                max_digits=14,
                decimal_places=4,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                error_messages={
                    "min_value": _("Saisissez un nombre supérieur ou égal à %(limit_value)s."),
                    "max_value": _("Saisissez un nombre inférieur ou égal à %(limit_value)s."),
                    "invalid": _("Saisissez un nombre, par exemple 12 ou 3,5."),
                },
                **common,
            )
        elif kind == Kind.DATE:
            self.fields[name] = forms.DateField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                error_messages={"invalid": _("Saisissez une date valide, par exemple 15/03/2026.")},
                **common,
            )
        elif kind == Kind.FILE:
            self.fields[name] = forms.FileField(**common)
        if q.allow_other and kind in (Kind.SINGLE, Kind.MULTIPLE):
            self.fields[f"{name}_other"] = forms.CharField(
                label=_("Précisez « Autre »"), max_length=500, required=False
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        for q in self.questions:
            name = q.field_name
            if q.pk not in self.shown or not q.takes_answer:
                continue
            if q.kind == Kind.MULTIPLE:
                picked = cleaned.get(name) or []
                if picked and q.min_value and len(picked) < q.min_value:
                    self.add_error(name, _("Choisissez au moins %(n)s réponses.") % {"n": q.min_value})
                if q.max_value and len(picked) > q.max_value:
                    self.add_error(name, _("Choisissez au plus %(n)s réponses.") % {"n": q.max_value})
            if q.allow_other and q.kind in (Kind.SINGLE, Kind.MULTIPLE):
                picked = cleaned.get(name) or []
                chose_other = picked == OTHER or (isinstance(picked, list) and OTHER in picked)
                if chose_other and not (cleaned.get(f"{name}_other") or "").strip():
                    self.add_error(f"{name}_other", _("Précisez votre réponse « Autre »."))
            if q.kind == Kind.RANKING:
                ranks = [cleaned.get(f"{name}_k{i}") for i in range(len(q.choices))]
                given = [r for r in ranks if r is not None]
                if len(given) != len(set(given)):
                    self.add_error(f"{name}_k0", _("Donnez un rang différent à chaque élément."))
            if q.kind == Kind.FILE and cleaned.get(name):
                try:
                    validate_attachment(cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
                else:
                    if q.survey.is_anonymous:
                        # EXIF/XMP of a photo, /Info of a PDF can name the respondent (issue 16).
                        try:
                            cleaned[name] = stripped_upload(cleaned[name])
                        except Exception:  # noqa: BLE001 (Pillow and pikepdf raise many kinds)
                            self.add_error(
                                name, _("Le fichier est illisible : joignez une image ou un PDF qui s'ouvre.")
                            )
        return cleaned

    def value_of(self, q: Question) -> Any:
        """The cleaned value of a question, in the shape of answers_of()."""
        name = q.field_name
        data = self.cleaned_data
        if q.kind in (Kind.MATRIX_SINGLE, Kind.MATRIX_MULTIPLE):
            return {row: data.get(f"{name}_r{i}") for i, row in enumerate(q.rows) if data.get(f"{name}_r{i}")}
        if q.kind == Kind.RANKING:
            return {
                item: data.get(f"{name}_k{i}")
                for i, item in enumerate(q.choices)
                if data.get(f"{name}_k{i}") is not None
            }
        return data.get(name)

    def questions_with_fields(self) -> list[dict[str, Any]]:
        """What the template loops over: each question with its bound fields."""
        items = []
        for q in self.questions:
            item: dict[str, Any] = {"question": q, "shown": q.pk in self.shown}
            item["grouped"] = q.kind in (Kind.MULTIPLE, Kind.YES_NO, Kind.RATING, Kind.NPS) or (
                q.kind == Kind.SINGLE and q.widget != "list"
            )
            name = q.field_name
            if q.kind in (Kind.MATRIX_SINGLE, Kind.MATRIX_MULTIPLE):
                item["rows"] = [self[f"{name}_r{i}"] for i in range(len(q.rows))]
            elif q.kind == Kind.RANKING:
                item["rows"] = [self[f"{name}_k{i}"] for i in range(len(q.choices))]
            elif q.takes_answer:
                item["field"] = self[name]
            if f"{name}_other" in self.fields:
                item["other"] = self[f"{name}_other"]
            items.append(item)
        return items


def initial_for(questions: list[Question], values: dict[int, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for q in questions:
        value = values.get(q.pk)
        name = q.field_name
        if f"{q.pk}_other" in values:
            initial[f"{name}_other"] = values[f"{q.pk}_other"]
        if value is None or q.kind == Kind.FILE:
            continue
        if q.kind in (Kind.MATRIX_SINGLE, Kind.MATRIX_MULTIPLE):
            for i, row in enumerate(q.rows):
                if row in value:
                    initial[f"{name}_r{i}"] = value[row]
        elif q.kind == Kind.RANKING:
            for i, item in enumerate(q.choices):
                if item in value:
                    initial[f"{name}_k{i}"] = value[item]
        elif q.kind == Kind.NUMBER:
            initial[name] = Decimal(str(value)).normalize()
        else:
            initial[name] = value
    return initial


def answer_rows(response: Response, q: Question, form: PageForm) -> list[Answer]:
    """The Answer rows for one shown question of a valid form (none when left blank)."""
    name = q.field_name
    value = form.value_of(q)
    other = (form.cleaned_data.get(f"{name}_other") or "").strip()
    rows: list[Answer] = []
    if _empty(value) and q.kind != Kind.FILE:
        return rows
    kind = q.kind
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        rows.append(Answer(response=response, question=q, text=value.strip()))
    elif kind in (Kind.SINGLE, Kind.YES_NO):
        rows.append(Answer(response=response, question=q, choice=value, text=other if value == OTHER else ""))
    elif kind in (Kind.RATING, Kind.NPS):
        rows.append(Answer(response=response, question=q, choice=value, number=float(value)))
    elif kind == Kind.MULTIPLE:
        rows += [Answer(response=response, question=q, choice=c, text=other if c == OTHER else "") for c in value]
    elif kind == Kind.MATRIX_SINGLE:
        rows += [Answer(response=response, question=q, row=r, choice=c) for r, c in value.items()]
    elif kind == Kind.MATRIX_MULTIPLE:
        rows += [Answer(response=response, question=q, row=r, choice=c) for r, cs in value.items() for c in cs]
    elif kind == Kind.RANKING:
        rows += [Answer(response=response, question=q, choice=c, number=float(rank)) for c, rank in value.items()]
    elif kind == Kind.NUMBER:
        rows.append(Answer(response=response, question=q, number=float(value)))
    elif kind == Kind.DATE:
        rows.append(Answer(response=response, question=q, text=value.isoformat()))
    elif kind == Kind.FILE and value:
        answer = Answer(response=response, question=q)
        answer.file.save(value.name, value, save=False)
        rows.append(answer)
    return rows


def page_questions(page: Page) -> list[Question]:
    return list(page.questions.all().order_by("position", "pk"))

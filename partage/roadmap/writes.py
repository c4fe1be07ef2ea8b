"""Writes on the roadmap that do more than save a form.

Feeding modules (ideas, decisions, follow-up) call `add_journal_entry`; they
never write `ProgressUpdate` rows themselves.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partage.core.errors import RuleViolation, validate
from partage.core.follows import followers
from partage.core.history import set_reason
from partage.core.notifications import notify

from .models import Action, Indicator, IndicatorMeasure, Milestone, ProgressUpdate

if TYPE_CHECKING:
    from partage.accounts.models import User


@transaction.atomic
def add_progress_update(
    *,
    action: Action,
    author: User | None,
    text: str,
    status: str,
    progress: int,
    date: datetime.date | None = None,
    source: str = ProgressUpdate.Source.PILOT,
    source_url: str = "",
) -> ProgressUpdate:
    """Record a journal entry and, if it is the latest one, carry its status and progress to the action."""
    update = ProgressUpdate(
        action=action,
        author=author,
        text=text,
        status=status,
        progress=progress,
        date=date or timezone.localdate(),
        source=source,
        source_url=source_url,
    )
    validate(update)
    update.save()
    latest = action.progress_updates.order_by("-date", "-created_at", "-pk").first()
    if latest == update and (action.status != status or action.progress != progress):
        action = Action.objects.select_for_update().get(pk=action.pk)
        action.status = status
        action.progress = progress
        set_reason(action, "roadmap.action.progress")
        action.save(update_fields=["status", "progress", "updated_at"])
    if source in NOTIFIED_SOURCES:
        notify(
            followers(action),
            verb="progress_update",
            title=_("Nouveau point d'avancement sur la fiche %(number)s") % {"number": action.number},
            url=action.get_absolute_url(),
            actor=author,
            target=action,
        )
    return update


# A pilot's own entries (on the page or through the API) tell the action's followers; entries written by a
# feeding app (an accepted idea, a decision's outcome, a review…) are notified by that app in its own words.
NOTIFIED_SOURCES = {ProgressUpdate.Source.PILOT, ProgressUpdate.Source.MEASURE}


def add_journal_entry(
    *,
    action: Action,
    text: str,
    source: str,
    source_url: str = "",
    author: User | None = None,
    status: str | None = None,
    progress: int | None = None,
    date: datetime.date | None = None,
) -> ProgressUpdate:
    """Public entry point for feeding modules: a journal entry that keeps the action's
    current status and progress unless new ones are given."""
    return add_progress_update(
        action=action,
        author=author,
        text=text,
        status=status or action.status,
        progress=action.progress if progress is None else progress,
        date=date,
        source=source,
        source_url=source_url,
    )


# --- milestones ----------------------------------------------------------------------------------


def _check_done_date(done_date: datetime.date | None) -> None:
    if done_date and done_date > timezone.localdate():
        raise RuleViolation(_("Un jalon ne peut pas être réalisé dans le futur."), "done_date")


@transaction.atomic
def add_milestone(
    *, action: Action, title: str, due_date: datetime.date, done_date: datetime.date | None = None
) -> Milestone:
    _check_done_date(done_date)
    milestone = Milestone(action=action, title=title, due_date=due_date, done_date=done_date)
    validate(milestone)
    set_reason(milestone, "roadmap.milestone.added")
    milestone.save()
    return milestone


@transaction.atomic
def update_milestone(
    *, milestone: Milestone, title: str, due_date: datetime.date, done_date: datetime.date | None = None
) -> Milestone:
    _check_done_date(done_date)
    milestone.title, milestone.due_date, milestone.done_date = title, due_date, done_date
    validate(milestone)
    set_reason(milestone, "roadmap.milestone.edited")
    milestone.save()
    return milestone


@transaction.atomic
def delete_milestone(*, milestone: Milestone) -> None:
    set_reason(milestone, "roadmap.milestone.deleted")
    milestone.delete()


# --- indicators and their measures ---------------------------------------------------------------


@transaction.atomic
def add_indicator(
    *,
    action: Action,
    name: str,
    unit: str = "",
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    description: str = "",
) -> Indicator:
    indicator = Indicator(
        action=action, name=name, unit=unit, baseline=baseline, target=target, description=description
    )
    validate(indicator)
    set_reason(indicator, "roadmap.indicator.added")
    indicator.save()
    return indicator


DUPLICATE_MEASURE = gettext_lazy("Une mesure existe déjà à cette date.")


def _measure_text(indicator: Indicator, value: Decimal, measured_on: datetime.date, note: str) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    text = _("Nouvelle mesure de l'indicateur « %(name)s » : %(value)s%(unit)s au %(date)s.") % {
        "name": indicator.name,
        "value": formats.number_format(value, use_l10n=True),
        "unit": unit,
        "date": formats.date_format(measured_on, "SHORT_DATE_FORMAT"),
    }
    return f"{text}\n\n{note}" if note else text


@transaction.atomic
def record_measure(
    *,
    indicator: Indicator,
    value: Decimal | int | float | str,
    measured_on: datetime.date,
    by: User | None,
    note: str = "",
    source: str = "",
    source_url: str = "",
) -> IndicatorMeasure:
    """Record a dated value of an indicator (one per date), kept in history and told in the action's journal.

    `note` is the measure's comment (300 characters at most); `source` is the journal entry's origin
    (`ProgressUpdate.Source`: a survey, a live session… ; a plain measure by default) and `source_url`
    a link back to it. Refusals (no value, a date already measured, a too long note) raise RuleViolation.
    """
    if value is None or value == "":
        raise RuleViolation(_("Indiquez la valeur mesurée."), "value")
    try:
        value = Decimal(str(value))
    except ArithmeticError as error:
        raise RuleViolation(_("Saisissez un nombre."), "value") from error
    if not value.is_finite():
        raise RuleViolation(_("Saisissez un nombre."), "value")
    source = source or ProgressUpdate.Source.MEASURE
    if source not in ProgressUpdate.Source.values:
        raise RuleViolation(_("Origine de la mesure inconnue."), "source")
    measure = IndicatorMeasure(indicator=indicator, value=value, date=measured_on, comment=note, recorded_by=by)
    if IndicatorMeasure.objects.filter(indicator=indicator, date=measured_on).exists():
        raise RuleViolation(DUPLICATE_MEASURE, "date")
    validate(measure, exclude=["indicator"])
    set_reason(measure, "roadmap.measure.recorded")
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError as error:
        # Another measure at the same date was saved between the check and this save.
        raise RuleViolation(DUPLICATE_MEASURE, "date") from error
    add_journal_entry(
        action=indicator.action,
        text=_measure_text(indicator, value, measured_on, note),
        source=source,
        source_url=source_url,
        author=by,
        date=measured_on if measured_on <= timezone.localdate() else None,
    )
    return measure


@transaction.atomic
def update_measure(
    *, measure: IndicatorMeasure, value: Decimal | int | str, measured_on: datetime.date, note: str = ""
) -> IndicatorMeasure:
    """Correct a measure (its history keeps the previous value); the journal keeps its entry."""
    try:
        measure.value = Decimal(str(value))
    except ArithmeticError as error:
        raise RuleViolation(_("Saisissez un nombre."), "value") from error
    others = IndicatorMeasure.objects.filter(indicator_id=measure.indicator_id, date=measured_on)
    if others.exclude(pk=measure.pk).exists():
        raise RuleViolation(DUPLICATE_MEASURE, "date")
    measure.date, measure.comment = measured_on, note
    validate(measure, exclude=["indicator"])
    set_reason(measure, "roadmap.measure.edited")
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError as error:
        raise RuleViolation(DUPLICATE_MEASURE, "date") from error
    return measure


@transaction.atomic
def delete_measure(*, measure: IndicatorMeasure) -> None:
    set_reason(measure, "roadmap.measure.deleted")
    measure.delete()

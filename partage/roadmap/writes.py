"""Writes on the roadmap that do more than save a form.

Feeding modules (ideas, decisions, follow-up) call `add_journal_entry`; they
never write `ProgressUpdate` rows themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partage.core.errors import RuleViolation, validate
from partage.core.follows import followers
from partage.core.history import set_reason
from partage.core.notifications import notify

from .models import Action, Axis, Indicator, IndicatorMeasure, Milestone, Objective, ProgressUpdate

if TYPE_CHECKING:
    from partage.accounts.models import User
    from partage.organisation.models import Direction


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


# --- administration of the living roadmap: objectives and actions ---------------------------------
# Numbers ("2.4", "2.4.1") are identifiers quoted in minutes, journals, emails and exports: they are given
# once, at creation, and a reordering changes only the rank shown (decision 0043). Archiving takes an item
# out of the living roadmap without deleting it: it stays at its address with its history.

UP, DOWN = "up", "down"


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise RuleViolation(_("Indiquez l'intitulé."), "title")
    return title


@transaction.atomic
def create_objective(*, axis: Axis, title: str) -> Objective:
    """A new objective at the end of its axis, numbered after every objective the axis ever had."""
    axis = Axis.objects.select_for_update().get(pk=axis.pk)
    objectives = Objective.objects.filter(axis=axis)
    last_number = objectives.aggregate(n=Max("number"))["n"] or 0
    last_position = objectives.aggregate(n=Max("position"))["n"] or 0
    objective = Objective(
        axis=axis, number=last_number + 1, position=max(last_position, last_number) + 1, title=_check_title(title)
    )
    validate(objective)
    set_reason(objective, "roadmap.objective.created")
    objective.save()
    return objective


@transaction.atomic
def update_objective(*, objective: Objective, title: str) -> Objective:
    objective.title = _check_title(title)
    validate(objective)
    set_reason(objective, "roadmap.objective.edited")
    objective.save()
    return objective


def _swap(items: list, item: Any, direction: str, field: str, edge_message: Any) -> None:
    """Exchange `item`'s rank with its neighbour's in `items` (ordered), after numbering ranks 1..n."""
    if direction not in (UP, DOWN):
        raise RuleViolation(_("Sens de déplacement inconnu."))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == UP else index + 1
    if target < 0 or target >= len(items):
        raise RuleViolation(edge_message)
    items[index], items[target] = items[target], items[index]
    for rank, other in enumerate(items, start=1):
        if getattr(other, field) != rank:
            setattr(other, field, rank)
            set_reason(other, "roadmap.reordered")
            other.save(update_fields=[field] + (["updated_at"] if isinstance(other, Action) else []))


@transaction.atomic
def move_objective(*, objective: Objective, direction: str) -> None:
    """Move a living objective one rank up or down among its axis's living objectives."""
    Axis.objects.select_for_update().get(pk=objective.axis_id)
    if objective.archived_at:
        raise RuleViolation(_("Un objectif archivé ne se déplace pas : restaurez-le d'abord."))
    items = list(Objective.objects.filter(axis_id=objective.axis_id, archived_at__isnull=True))
    edge = (
        _("Cet objectif est déjà le premier de son axe.")
        if direction == UP
        else _("Cet objectif est déjà le dernier de son axe.")
    )
    _swap(items, objective, direction, "position", edge)


@transaction.atomic
def archive_objective(*, objective: Objective) -> Objective:
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if objective.archived_at:
        raise RuleViolation(_("Cet objectif est déjà archivé."))
    living = objective.actions.living().count()
    if living:
        raise RuleViolation(
            ngettext(
                "Cet objectif contient encore %(count)d fiche-action de la feuille de route : archivez-la d'abord.",
                "Cet objectif contient encore %(count)d fiches-actions de la feuille de route : archivez-les d'abord.",
                living,
            )
            % {"count": living}
        )
    objective.archived_at = timezone.now()
    set_reason(objective, "roadmap.objective.archived")
    objective.save()
    return objective


@transaction.atomic
def restore_objective(*, objective: Objective) -> Objective:
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if not objective.archived_at:
        raise RuleViolation(_("Cet objectif n'est pas archivé."))
    objective.archived_at = None
    last = Objective.objects.filter(axis_id=objective.axis_id, archived_at__isnull=True).aggregate(n=Max("position"))
    objective.position = (last["n"] or 0) + 1  # back at the end of its axis
    set_reason(objective, "roadmap.objective.restored")
    objective.save()
    return objective


@transaction.atomic
def create_action(
    *,
    objective: Objective,
    title: str,
    description: str = "",
    expected_results: str = "",
    pilot_direction: Direction | None = None,
    pilots: Iterable[User] = (),
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Action:
    """A new fiche-action at the end of a living objective, numbered "axis.objective.n" after every action the
    objective ever had (archived ones included, so that a number is never given twice)."""
    objective = Objective.objects.select_for_update().select_related("axis__programme").get(pk=objective.pk)
    if objective.archived_at:
        raise RuleViolation(_("Cet objectif est archivé : choisissez un objectif de la feuille de route."), "objective")
    programme = objective.axis.programme
    last = Action.objects.filter(objective=objective).aggregate(n=Max("position"))["n"] or 0
    position = last + 1
    number = f"{objective.axis.number}.{objective.number}.{position}"
    while Action.objects.filter(programme=programme, number=number).exists():  # an imported or moved number
        position += 1
        number = f"{objective.axis.number}.{objective.number}.{position}"
    action = Action(
        programme=programme,
        objective=objective,
        number=number,
        position=position,
        title=_check_title(title),
        description=description,
        expected_results=expected_results,
        pilot_direction=pilot_direction,
        start_date=start_date,
        end_date=end_date,
        origin=Action.Origin.ADDED,
    )
    validate(action)
    set_reason(action, "roadmap.action.created")
    action.save()
    if pilots:
        action.pilots.set(pilots)
    return action


@transaction.atomic
def move_action(*, action: Action, direction: str) -> None:
    """Move a living action one rank up or down within its objective (its number does not change)."""
    Objective.objects.select_for_update().get(pk=action.objective_id)
    if action.archived_at:
        raise RuleViolation(_("Une fiche archivée ne se déplace pas : restaurez-la d'abord."))
    items = list(Action.objects.living().filter(objective_id=action.objective_id).order_by("position", "number"))
    edge = (
        _("Cette fiche est déjà la première de son objectif.")
        if direction == UP
        else _("Cette fiche est déjà la dernière de son objectif.")
    )
    _swap(items, action, direction, "position", edge)


@transaction.atomic
def archive_action(*, action: Action) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.archived_at:
        raise RuleViolation(_("Cette fiche-action est déjà archivée."))
    action.archived_at = timezone.now()
    set_reason(action, "roadmap.action.archived")
    action.save(update_fields=["archived_at", "updated_at"])
    return action


@transaction.atomic
def restore_action(*, action: Action) -> Action:
    action = Action.objects.select_for_update().select_related("objective").get(pk=action.pk)
    if not action.archived_at:
        raise RuleViolation(_("Cette fiche-action n'est pas archivée."))
    if action.objective.archived_at:
        message = _("Son objectif est archivé : restaurez d'abord l'objectif %(code)s.")
        raise RuleViolation(message % {"code": action.objective.code})
    action.archived_at = None
    set_reason(action, "roadmap.action.restored")
    action.save(update_fields=["archived_at", "updated_at"])
    return action

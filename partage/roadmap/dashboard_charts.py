"""The dashboard's charts: status of the actions, progress per axis over time, milestones due.

Computed from a fixed number of queries (three, whatever the roadmap's size) inside the roadmap part of
the dashboard, which is the same for every reader and cached once per change (views/dashboard.py). Each
chart is drawn as SVG by roadmap/partials/dashboard_charts.html, with its table alternative."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from . import charts
from .models import Action, Milestone, ProgressUpdate

# Points of the progress chart: quarter ends, at most this many, the last one today.
PROGRESS_POINTS = 8
MILESTONE_MONTHS = 6


def _quarter_end(day: datetime.date) -> datetime.date:
    month = ((day.month - 1) // 3 + 1) * 3
    next_month = datetime.date(day.year + (month == 12), month % 12 + 1, 1)
    return next_month - datetime.timedelta(days=1)


def progress_dates(first: datetime.date | None, today: datetime.date) -> list[datetime.date]:
    """Quarter ends from the quarter before `first` (the first progress update) to today, at most
    PROGRESS_POINTS, today last."""
    dates = [today]
    day = today
    while len(dates) < PROGRESS_POINTS:
        start_of_quarter = datetime.date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)
        day = start_of_quarter - datetime.timedelta(days=1)  # the previous quarter's end
        dates.append(day)
        if first is not None and day < first:
            break
        if first is None:
            break
    return sorted(dates)


def progress_per_axis(programme, axes: list, today: datetime.date) -> dict[str, Any]:
    """Mean progress of each axis's actions at each date: an action counts for its latest progress
    update on or before that date (0 before its first), today for its current progress."""
    living = Action.objects.filter(programme=programme).living()
    actions = list(living.values_list("pk", "objective__axis_id", "progress"))
    updates = (
        ProgressUpdate.objects.filter(action__programme=programme, action__archived_at__isnull=True, date__lte=today)
        .order_by("date", "created_at", "pk")
        .values_list("action_id", "date", "progress")
    )
    history: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    first: datetime.date | None = None
    for action_id, day, progress in updates:
        history[action_id].append((day, progress))
        first = day if first is None or day < first else first
    dates = progress_dates(first, today)

    def progress_at(action_id: int, current: int, day: datetime.date) -> int:
        if day >= today:
            return current
        value = 0
        for update_day, progress in history.get(action_id, ()):
            if update_day > day:
                break
            value = progress
        return value

    by_axis: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, axis_id, current in actions:
        by_axis[axis_id].append((pk, current))
    rows = []
    for axis in axes:
        members = by_axis.get(axis.pk, [])
        values = [
            round(sum(progress_at(pk, current, day) for pk, current in members) / len(members)) if members else 0
            for day in dates
        ]
        rows.append((_("Axe %(number)s") % {"number": axis.number}, str(axis), values))
    chart = charts.percent_lines(
        dates,
        [(short, values) for short, _title, values in rows],
        description=_(
            "Avancement moyen de chaque axe, de %(first)s à aujourd'hui ; le tableau qui suit donne les valeurs."
        )
        % {"first": formats.date_format(dates[0], "DATE_FORMAT")},
    )
    return {
        "progress_chart": chart,
        "progress_dates": dates,
        "progress_rows": [{"short": short, "title": title, "values": values} for short, title, values in rows],
    }


def status_chart(status_counts: list) -> dict[str, Any]:
    total = sum(item.count for item in status_counts)
    chart = charts.bar_chart(
        [(item.label, item.count, f"bar-{item.value}") for item in status_counts],
        description=_("Répartition des %(total)d fiches-actions par statut ; le tableau qui suit donne les nombres.")
        % {"total": total},
    )
    return {"status_chart": chart, "status_total": total}


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def milestones_due(programme, today: datetime.date) -> dict[str, Any]:
    """Milestones not done: those already late, then those due in each of the next months."""
    month_start = today.replace(day=1)
    horizon = _add_months(month_start, MILESTONE_MONTHS)
    due = Milestone.objects.filter(
        action__programme=programme, action__archived_at__isnull=True, done_date__isnull=True, due_date__lt=horizon
    ).values_list("due_date", flat=True)
    late = 0
    per_month = [0] * MILESTONE_MONTHS
    for day in due:
        if day < today:
            late += 1
        else:
            per_month[(day.year - month_start.year) * 12 + day.month - month_start.month] += 1
    rows = [(_("En retard"), late, "bar-late")]
    for i, count in enumerate(per_month):
        label = formats.date_format(_add_months(month_start, i), "YEAR_MONTH_FORMAT")
        rows.append((label.capitalize(), count, "bar-due"))
    chart = charts.bar_chart(
        rows,
        description=_(
            "Jalons non réalisés : %(late)d en retard et %(coming)d à échéance dans les %(months)d prochains mois ; "
            "le tableau qui suit donne le détail par mois."
        )
        % {"late": late, "coming": sum(per_month), "months": MILESTONE_MONTHS},
    )
    return {"milestones_chart": chart, "milestones_rows": [{"label": r[0], "count": r[1]} for r in rows]}


def dashboard_charts(programme, data: dict[str, Any], today: datetime.date) -> dict[str, Any]:
    return (
        status_chart(data["status_counts"])
        | progress_per_axis(programme, data["axes"], today)
        | milestones_due(programme, today)
    )

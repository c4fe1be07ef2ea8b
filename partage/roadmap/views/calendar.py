"""The calendar: programme phases and every action's span, grouped by axis, with today marked."""

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import charts, selectors
from .pages import check_can_read


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    check_can_read(request)
    programme = selectors.current_programme()
    context: dict = {"programme": programme}
    if programme is not None:
        today = timezone.localdate()
        phases = selectors.phases(programme)
        actions = selectors.calendar_actions(programme)
        dated = [a for a in actions if a.start_date]
        undated = [a for a in actions if not a.start_date]
        by_axis = [(axis, list(rows)) for axis, rows in groupby(dated, key=lambda a: a.objective.axis)]
        groups = [
            (_("Calendrier du PAP"), [{"label": p.name, "start": p.start_date, "end": p.end_date} for p in phases])
        ]
        groups += [
            (
                str(axis),
                [
                    {
                        "label": f"{a.number} {a.title}",
                        "start": a.start_date,
                        "end": a.end_date,
                        "url": reverse("roadmap:action", kwargs={"programme": programme.slug, "number": a.number}),
                        "css_class": f"bar-{a.status}",
                    }
                    for a in rows
                ],
            )
            for axis, rows in by_axis
        ]
        context |= {
            "today": today,
            "phases": phases,
            "by_axis": by_axis,
            "undated": undated,
            "timeline": charts.timeline(groups, today=today, width=960, row_height=24, bar_height=18),
        }
    return render(request, "roadmap/calendar.html", context)

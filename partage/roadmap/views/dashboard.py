"""The home page: the current programme's progress, late milestones, latest journal entries and calendar."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import charts, selectors
from .pages import check_can_read


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    check_can_read(request)
    programme = selectors.current_programme()
    context: dict = {"programme": programme}
    if programme is not None:
        today = timezone.localdate()
        data = selectors.dashboard(programme)
        phase_rows = [{"label": p.name, "start": p.start_date, "end": p.end_date} for p in data["phases"]]
        context |= data | {
            "today": today,
            "phase_timeline": charts.timeline([("", phase_rows)], today=today, width=960),
        }
    return render(request, "roadmap/dashboard.html", context)

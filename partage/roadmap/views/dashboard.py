"""The home page: the current programme's progress, late milestones, latest journal entries and calendar."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from partage.core import cache

from .. import charts, dashboard_charts, selectors
from .pages import check_can_read


def _figures_html(programme, today) -> str:
    """The roadmap part of the page (figures, axes, late milestones, journal, calendar): the same for every
    reader, so rendered once per change of the roadmap (partage/core/cache.py), per day and per language."""
    data = selectors.dashboard(programme)
    phase_rows = [{"label": p.name, "start": p.start_date, "end": p.end_date} for p in data["phases"]]
    context = data | {
        "programme": programme,
        "today": today,
        "phase_timeline": charts.timeline([("", phase_rows)], today=today, width=960),
        **dashboard_charts.dashboard_charts(programme, data, today),
    }
    return render_to_string("roadmap/partials/dashboard_figures.html", context)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    check_can_read(request)
    programme = selectors.current_programme()
    context: dict = {"programme": programme}
    if programme is not None:
        today = timezone.localdate()
        html = cache.cached(
            f"roadmap:dashboard:{programme.pk}:{today.isoformat()}:{get_language()}",
            namespaces=["roadmap"],
            compute=lambda: _figures_html(programme, today),
        )
        context["figures_html"] = mark_safe(html)  # rendered by our own template, escaped there
    return render(request, "roadmap/dashboard.html", context)

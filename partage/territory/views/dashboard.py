"""The territory dashboard: how well communes are told ahead (what the design-thinking study asked)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import dashboard, selectors


@require_GET
def territory_dashboard(request: HttpRequest) -> HttpResponse:
    selectors.check_can(request.user, "territory.view_dashboard")
    overall, communes = dashboard.figures(_("Ensemble des communes"))
    return render(request, "territory/dashboard.html", {"overall": overall, "communes": communes})

"""What surveys add to pages they do not own (partage.core.hooks): the navigation entry, the
"Enquêtes" section of an action page (surveys linked to the action, with their latest figures) and a
dashboard block of open surveys."""

from django.utils.translation import gettext_lazy as _

from partage.core import hooks

from .models import Response, Survey

hooks.nav_entry(
    label=_("Enquêtes"), url_name="surveys:list", permission="surveys.view_surveys", order=70, active_for=("surveys",)
)


@hooks.section("action", template="surveys/partials/action_surveys.html", permission="surveys.view_surveys", order=35)
def action_surveys(request, action):
    from django.db.models import Count, Q

    surveys = (
        Survey.objects.filter(actions=action)
        .annotate(submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED)))
        .order_by("-created_at")[:10]
    )
    return {"action_surveys": list(surveys), "action": action}


@hooks.section(
    "dashboard", template="surveys/partials/dashboard_surveys.html", permission="surveys.view_surveys", order=40
)
def dashboard_surveys(request, programme=None):
    from . import selectors

    return {"open_surveys": selectors.surveys_for(request.user)["open"][:5]}


# Figures of the yearly report (partage/api/report.py), counted here so that nothing imports surveys.
@hooks.report_figure(label=_("Enquêtes closes"), permission="surveys.view_surveys", order=30)
def report_surveys_closed(programme, start, end) -> int:
    return Survey.objects.filter(closes_at__date__range=(start, end)).count()

"""What surveys add to pages they do not own (partage.core.hooks): the navigation entry, the
"Enquêtes" section of an action page (surveys linked to the action, with their latest figures) and a
dashboard block of open surveys."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from partage.core import anonymity, cache, hooks

from .models import HELD_KIND, Response, Survey, held_group

hooks.nav_entry(
    label=_("Enquêtes"), url_name="surveys:list", permission="surveys.view_surveys", order=70, active_for=("surveys",)
)


# The surveys linked to an action, with their number of answers: the same for every reader, rendered once
# per change of the surveys or their responses, held anonymous ones included (core's holding table).
cache.bump_on_writes("surveys", [Survey, Response, apps.get_model("core", "HeldContribution")])


@hooks.section(
    "action",
    template="surveys/partials/action_surveys.html",
    permission="surveys.view_surveys",
    order=35,
    cache=["surveys"],
)
def action_surveys(request, action):
    from django.db.models import Count, Q

    surveys = (
        Survey.objects.filter(actions=action)
        .annotate(submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED)))
        .order_by("-created_at")[:10]
    )
    surveys = list(surveys)
    # Anonymous responses waiting for their release count as sent (one query for the ten surveys).
    held = anonymity.held_counts(HELD_KIND, [held_group(s.pk) for s in surveys if s.is_anonymous])
    for survey in surveys:
        survey.submitted += held.get(held_group(survey.pk), 0)
    return {"action_surveys": surveys, "action": action}


@hooks.section(
    "dashboard", template="surveys/partials/dashboard_surveys.html", permission="surveys.view_surveys", order=40
)
def dashboard_surveys(request, programme=None):
    from . import selectors

    return {"open_surveys": selectors.open_surveys_visible_to(request.user)}


# Figures of the yearly report (partage/api/report.py), counted here so that nothing imports surveys.
@hooks.report_figure(label=_("Enquêtes closes"), permission="surveys.view_surveys", order=30)
def report_surveys_closed(programme, start, end) -> int:
    return Survey.objects.filter(closes_at__date__range=(start, end)).count()


def _release_responses(payloads, released_at):
    from .writes import release_held_responses

    release_held_responses(payloads, released_at)


anonymity.register_releaser(HELD_KIND, _release_responses)


@hooks.origin_links("survey")
def openable_results(user, urls: list[str]) -> set[str]:
    """A score published from a survey links to its results, which only the survey's managers open."""
    found = hooks.ids_in_urls(urls, "surveys:results")
    surveys = Survey.objects.filter(pk__in=found)
    return hooks.urls_of(found, [s.pk for s in surveys if user.has_perm("surveys.manage_survey", s)])


hooks.help_topic(
    slug="questionnaires",
    label=_("Questionnaires"),
    template="surveys/help.html",
    permission="surveys.view_surveys",
    order=60,
    summary=_("Répondre à une enquête, en créer une, publier ses résultats."),
)

"""What the live app adds to pages it does not own (partage.core.hooks): the navigation entry for
hosts, the sessions linked to an action on the action page, and a dashboard block."""

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partage.core import hooks

from .models import LiveSession

hooks.nav_entry(
    label=_("Sessions en direct"),
    url_name="live:sessions",
    permission="live.host_sessions",
    order=70,
    active_for=("live",),
)


@hooks.section("action", template="live/partials/action_sessions.html", permission="live.host_sessions", order=40)
def action_sessions(request: HttpRequest, action: Any) -> dict[str, Any]:
    sessions = (
        LiveSession.objects.filter(actions=action, is_template=False)
        .annotate(participant_count=Count("participants"))
        .order_by("-created_at", "-pk")[:10]
    )
    return {"live_sessions": list(sessions), "action": action}


@hooks.section("dashboard", template="live/partials/dashboard_live.html", permission="live.host_sessions", order=60)
def dashboard_live(request: HttpRequest, programme: Any = None) -> dict[str, Any]:
    rows = LiveSession.objects.filter(is_template=False, status=LiveSession.Status.OPEN)
    if not request.user.is_superuser:
        rows = rows.filter(host=request.user)
    return {"live_open_sessions": list(rows.order_by("-opened_at", "-pk")[:5])}


# Figures of the yearly report (partage/api/report.py): a count, readable by whoever reads the report.
@hooks.report_figure(label=_("Sessions en direct tenues"), permission="roadmap.view_roadmap", order=40)
def report_live_sessions(programme, start, end) -> int:
    return LiveSession.objects.filter(opened_at__date__range=(start, end)).count()


@hooks.origin_links("live")
def openable_summaries(user: Any, urls: list[str]) -> set[str]:
    """A session's results link to its summary, which its host and administrators open."""
    found = hooks.ids_in_urls(urls, "live:summary")
    sessions = LiveSession.objects.filter(pk__in=found)
    return hooks.urls_of(found, [s.pk for s in sessions if user.has_perm("live.manage_session", s)])


hooks.help_topic(
    slug="sessions-en-direct",
    label=_("Sessions en direct"),
    template="live/help.html",
    # Everyone signed in may join a session (guests too, signed out): every reader finds how, not only hosts.
    permission="roadmap.view_roadmap",
    order=50,
    summary=_("Rejoindre une session avec son code, ou en animer une."),
)

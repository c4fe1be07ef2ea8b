"""What the territory module adds to pages and lists it does not own (see partage.core.hooks): the next
works notices on the dashboard — all of them for agents, their commune's for commune contacts — and the
"Communes" navigation entry."""

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partage.core import cache, hooks

from .models import NoticeDispatch, WorksNotice

TO_ACKNOWLEDGE_LIMIT = 5

hooks.nav_entry(
    label=_("Communes"),
    url_name="territory:directory",
    permission="territory.view_directory",
    order=80,
    active_for=("territory",),
)


# The block is the same for every agent, and for the contacts of one commune: rendered once per change of
# the notices or communes for each, and again when a notice it lists is over.
cache.bump_on_writes("territory", [WorksNotice, *apps.get_app_config("organisation").get_models()])


def _reader(request: HttpRequest, programme=None) -> str:
    user = request.user
    return "internal" if user.has_perm("territory.view_notices") else f"commune:{user.commune_id}"


def _until_a_notice_ends(context, programme=None):
    return cache.earliest(*(notice.ends_at for notice in context["territory_notices"]))


@hooks.section(
    "dashboard",
    template="territory/partials/dashboard_notices.html",
    permission="territory.view_notices_block",
    order=40,
    cache=["territory"],
    vary=_reader,
    until=_until_a_notice_ends,
)
def dashboard_context(request: HttpRequest, programme=None) -> dict[str, Any]:
    user = request.user
    notices = WorksNotice.objects.public().only("title", "starts_at", "ends_at", "place", "status", "nature")
    internal = user.has_perm("territory.view_notices")
    if not internal:  # a commune contact (the permission of the block): their commune's notices only
        notices = notices.filter(communes=user.commune_id)
    return {
        "territory_notices": list(notices.order_by("starts_at")[:5]),
        "territory_visible": True,
        "territory_internal": internal,
        "territory_commune_slug": getattr(user.commune, "slug", "") if not internal else "",
    }


# A contact's notices to acknowledge, cached for each contact apart: they change with the notices and their
# dispatches ("dispatches"; writes.py bumps it after its updates of sent_at), with the contact's commune and
# address ("permissions", bumped by every save of a user), and by themselves when a notice is over (`until`).
cache.bump_on_writes("dispatches", [WorksNotice, NoticeDispatch])


def _until_a_pending_notice_ends(context, programme=None):
    return context["to_acknowledge_ends_at"]


@hooks.section(
    "dashboard_mine",
    template="territory/partials/notices_to_acknowledge.html",
    permission="territory.acknowledge_notices",
    order=40,
    cache=["dispatches", "permissions"],
    vary=hooks.per_user,
    until=_until_a_pending_notice_ends,
)
def notices_to_acknowledge(request: HttpRequest, programme=None) -> dict[str, Any]:
    """Upcoming notices sent to the contact's commune whose latest sent revision is not acknowledged yet:
    the dispatches addressed to this contact if any, else the commune's (as writes.dispatches_to_acknowledge
    decides, for every notice in two queries)."""
    user = request.user
    if user.commune_id is None:
        return {"to_acknowledge": [], "to_acknowledge_count": 0, "to_acknowledge_ends_at": None}
    rows = NoticeDispatch.objects.filter(
        commune_id=user.commune_id, sent_at__isnull=False, notice__in=WorksNotice.objects.public()
    ).values_list("notice_id", "revision", "user_id", "email", "received_at", "relayed_at", "notice__ends_at")
    latest: dict[int, list[tuple]] = {}
    for row in rows:
        kept = latest.get(row[0])
        if kept is None or row[1] > kept[0][1]:
            latest[row[0]] = [row]
        elif row[1] == kept[0][1]:
            kept.append(row)
    pending = []
    ends_at = []
    for notice_id, dispatches in latest.items():
        own = [d for d in dispatches if d[2] == user.pk or d[3].lower() == user.email.lower()]
        if not all(d[4] is not None or d[5] is not None for d in own or dispatches):
            pending.append(notice_id)
            ends_at.append(dispatches[0][6])
    notices = WorksNotice.objects.filter(pk__in=pending).only("title", "starts_at", "place", "nature")
    return {
        "to_acknowledge": list(notices.order_by("starts_at", "pk")[:TO_ACKNOWLEDGE_LIMIT]),
        "to_acknowledge_count": len(pending),
        "to_acknowledge_ends_at": cache.earliest(*ends_at),
    }


hooks.help_topic(
    slug="communes",
    label=_("Communes"),
    template="territory/help.html",
    permission="territory.view_notices_block",
    order=70,
    summary=_("Annuaire des interlocuteurs, avis de travaux, courriers."),
)

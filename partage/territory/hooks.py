"""What the territory module adds to pages and lists it does not own (see partage.core.hooks): the next
works notices on the dashboard — all of them for agents, their commune's for commune contacts — and the
"Communes" navigation entry."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partage.core import hooks

from .models import WorksNotice

hooks.nav_entry(
    label=_("Communes"),
    url_name="territory:directory",
    permission="territory.view_directory",
    order=80,
    active_for=("territory",),
)


@hooks.section(
    "dashboard",
    template="territory/partials/dashboard_notices.html",
    permission="territory.view_notices_block",
    order=40,
)
def dashboard_context(request: HttpRequest, programme=None) -> dict[str, Any]:
    user = request.user
    notices = WorksNotice.objects.public().only("title", "starts_at", "place", "status", "nature")
    internal = user.has_perm("territory.view_notices")
    if not internal:  # a commune contact (the permission of the block): their commune's notices only
        notices = notices.filter(communes=user.commune_id)
    return {
        "territory_notices": list(notices.order_by("starts_at")[:5]),
        "territory_visible": True,
        "territory_internal": internal,
        "territory_commune_slug": getattr(user.commune, "slug", "") if not internal else "",
    }

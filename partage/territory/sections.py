"""The section the territory module adds to the main dashboard (see partage.core.sections):
the next works notices — all of them for agents, their commune's for commune contacts."""

from typing import Any

from django.http import HttpRequest

from partage.core.sections import register_section

from .models import WorksNotice


def dashboard_context(request: HttpRequest, programme=None) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"territory_notices": [], "territory_visible": False}
    notices = WorksNotice.objects.public().only("title", "starts_at", "place", "status", "nature")
    if user.has_perm("territory.view_notices"):
        internal = True
    elif user.is_commune_contact:
        internal = False
        notices = notices.filter(communes=user.commune_id)
    else:
        return {"territory_notices": [], "territory_visible": False}
    return {
        "territory_notices": list(notices.order_by("starts_at")[:5]),
        "territory_visible": True,
        "territory_internal": internal,
        "territory_commune_slug": getattr(user.commune, "slug", "") if not internal else "",
    }


def register() -> None:
    register_section(
        "dashboard", template="territory/partials/dashboard_notices.html", context=dashboard_context, order=40
    )

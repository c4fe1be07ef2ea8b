"""Sections the idea box adds to pages it does not own (see partage.core.sections):
"Vous avez dit, nous avons fait" on the action page, figures on the dashboard."""

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from partage.core.sections import register_section

from . import selectors
from .models import Idea


def _can_view(request: HttpRequest | None) -> bool:
    return request is not None and request.user.has_perm("ideas.view_ideas")


def action_context(request: HttpRequest, action=None) -> dict[str, Any]:
    if action is None or not _can_view(request):
        return {"action_ideas": []}
    ideas = (
        Idea.objects.filter(Q(implementing_action=action) | Q(action=action), hidden_at__isnull=True)
        .with_counts()
        .order_by("-created_at", "-pk")[:20]
    )
    return {"action_ideas": list(ideas), "action": action}


def dashboard_context(request: HttpRequest, programme=None) -> dict[str, Any]:
    if not _can_view(request):
        return {"idea_figures": None}
    return {"idea_figures": selectors.figures(), "participation": selectors.participation_by_direction()}


def register() -> None:
    register_section("action", template="ideas/partials/action_ideas.html", context=action_context, order=20)
    register_section("dashboard", template="ideas/partials/dashboard_ideas.html", context=dashboard_context, order=25)

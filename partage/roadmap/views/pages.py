"""Read-only roadmap pages: the roadmap (axes > objectives > actions), an action's page, the values charter."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from partage.core import cache

from .. import charts, selectors
from ..filters import RoadmapFilterForm, pilot_directions
from ..models import Action


def check_can_read(request: HttpRequest) -> None:
    if not request.user.has_perm("roadmap.view_roadmap"):
        raise PermissionDenied


@require_GET
def current_roadmap(request: HttpRequest) -> HttpResponse:
    check_can_read(request)
    programme = selectors.current_programme()
    if programme is None:
        return render(request, "roadmap/no_programme.html", status=404)
    return redirect("roadmap:roadmap", programme=programme.slug)


@require_GET
def roadmap(request: HttpRequest, programme: str) -> HttpResponse:
    check_can_read(request)
    prog = selectors.programme_by_slug(programme)
    axes = selectors.axes_with_objectives(prog)
    form = RoadmapFilterForm(request.GET or None, axes=axes, directions=pilot_directions(prog.pk))
    is_filtering = form.is_filtering

    def tree_html() -> str:
        # Long texts are not shown in the list: leave them in the database.
        rows = Action.objects.filter(programme=prog).for_list().defer("description", "expected_results", "source_note")
        tree, count = selectors.roadmap_tree(axes, form.filter(rows), keep_empty=not is_filtering)
        context = {"programme": prog, "tree": tree, "count": count, "is_filtering": is_filtering}
        return render_to_string("roadmap/partials/roadmap_tree.html", context)

    # The list for one set of filters is the same for every reader: rendered once per change of the roadmap
    # (partage/core/cache.py); the filters are part of the key, so a filtered list is as exact as a fresh one.
    filters = "all"
    if is_filtering:
        filters = hashlib.sha256(repr(sorted((k, str(v)) for k, v in form.cleaned_data.items())).encode()).hexdigest()
    html = cache.cached(
        f"roadmap:roadmap:{prog.pk}:{filters}:{get_language()}", namespaces=["roadmap"], compute=tree_html
    )
    return render(
        request,
        "roadmap/roadmap.html",
        {"programme": prog, "form": form, "tree_html": mark_safe(html), "is_filtering": is_filtering},
    )


def _action_main_html(prog, number: str, *, can_edit: bool, today) -> str:
    """The roadmap part of the action page (fields, milestones, indicator charts, journal, history): the same
    for every reader with the same `can_edit`, so rendered once per change of the roadmap (core/cache.py)."""
    action = selectors.action_detail(prog, number)
    indicators = [
        (
            indicator,
            charts.indicator_chart(
                name=indicator.name,
                unit=indicator.unit,
                measures=[(m.date, m.value) for m in indicator.measures.all()],
                target=indicator.target,
                baseline=indicator.baseline,
            ),
        )
        for indicator in action.indicators.all()
    ]
    context = {
        "programme": prog,
        "action": action,
        "indicators": indicators,
        "history": selectors.action_history(action),
        "can_edit": can_edit,
        "today": today,
    }
    return render_to_string("roadmap/partials/action_main.html", context)


@require_GET
def action_detail(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    check_can_read(request)
    prog = selectors.programme_by_slug(programme)
    # The page's own object (title, other apps' sections, the edit permission) in one query; its heavy
    # part comes from the cache. The permission is the request user's: only the flag enters the key.
    action = get_object_or_404(
        Action.objects.select_related("objective__axis").prefetch_related("pilots"), programme=prog, number=number
    )
    can_edit = request.user.has_perm("roadmap.edit_action", action)
    today = timezone.localdate()
    html = cache.cached(
        f"roadmap:action:{action.pk}:{int(can_edit)}:{today.isoformat()}:{get_language()}",
        namespaces=["roadmap"],
        compute=lambda: _action_main_html(prog, number, can_edit=can_edit, today=today),
    )
    return render(
        request,
        "roadmap/action_detail.html",
        {"programme": prog, "action": action, "main_html": mark_safe(html), "can_edit": can_edit, "today": today},
    )


@require_GET
def values_charter(request: HttpRequest) -> HttpResponse:
    check_can_read(request)
    programme = selectors.current_programme()
    families = selectors.value_families(programme) if programme else []
    return render(request, "roadmap/values.html", {"programme": programme, "families": families})

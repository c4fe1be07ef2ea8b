"""Read-only roadmap pages: the roadmap (axes > objectives > actions), an action's page, the values charter."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_GET

from partage.core import cache, hooks

from .. import charts, selectors
from ..filters import RoadmapFilterForm, filter_choices
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
    axes, directions = filter_choices(prog)
    form = RoadmapFilterForm(request.GET or None, axes=axes, directions=directions)
    is_filtering = form.is_filtering
    # Administrators' links (new, edit, order) are in the cached list: the flag is part of its key.
    can_manage = request.user.has_perm("roadmap.manage_roadmap")

    def tree_html() -> str:
        # Long texts are not shown in the list: leave them in the database.
        rows = (
            Action.objects.filter(programme=prog)
            .living()
            .for_list()
            .defer("description", "expected_results", "source_note")
        )
        tree_axes = selectors.axes_with_objectives(prog)
        tree, count = selectors.roadmap_tree(tree_axes, form.filter(rows), keep_empty=not is_filtering)
        context = {
            "programme": prog,
            "tree": tree,
            "count": count,
            "is_filtering": is_filtering,
            "can_manage": can_manage,
            "archived_count": Action.objects.filter(programme=prog).archived().count(),
        }
        return render_to_string("roadmap/partials/roadmap_tree.html", context)

    # The list for one set of filters is the same for every reader: rendered once per change of the roadmap
    # (partage/core/cache.py); the filters are part of the key, so a filtered list is as exact as a fresh one.
    filters = "all"
    if is_filtering:
        filters = hashlib.sha256(repr(sorted((k, str(v)) for k, v in form.cleaned_data.items())).encode()).hexdigest()
    html = cache.cached(
        f"roadmap:roadmap:{prog.pk}:{filters}:{int(can_manage)}:{get_language()}",
        namespaces=["roadmap"],
        compute=tree_html,
    )
    return render(
        request,
        "roadmap/roadmap.html",
        {
            "programme": prog,
            "form": form,
            "tree_html": mark_safe(html),
            "is_filtering": is_filtering,
            "can_import": request.user.has_perm("roadmap.import_roadmap"),
            "can_manage": can_manage,
        },
    )


# The action page's tabs: (value of ?onglet=, label). Each is a page of its own, reached by a real link.
ACTION_TABS = [
    ("apercu", gettext_lazy("Vue d'ensemble")),
    ("journal", gettext_lazy("Journal")),
    ("indicateurs", gettext_lazy("Indicateurs")),
    ("historique", gettext_lazy("Historique")),
    ("discussion", gettext_lazy("Discussion")),
]
LATEST_UPDATES_ON_OVERVIEW = 3
SOCIAL_SECTION = "partage.roadmap.hooks.action_social"


def _action_main_html(
    prog, number: str, *, can_edit: bool, can_manage: bool, today, tab: str, openable: frozenset[int] = frozenset()
) -> tuple[str, str]:
    """The roadmap part of the action page: its header, then the tabs and the current tab's panel. The same
    for every reader with the same `can_edit` and tab, so rendered once per change of the roadmap (core/cache.py).
    Only the current tab computes what it shows (charts, history)."""
    action = selectors.action_detail(prog, number)
    updates = list(action.progress_updates.all())
    indicators = list(action.indicators.all())
    url = action.get_absolute_url()
    tabs = [
        {
            "value": value,
            "label": label,
            "url": url if value == "apercu" else f"{url}?onglet={value}",
            "current": value == tab,
            "count": {"journal": len(updates), "indicateurs": len(indicators)}.get(value),
        }
        for value, label in ACTION_TABS
    ]
    context = {
        "programme": prog,
        "action": action,
        "action_url": url,
        "tab": tab,
        "tabs": tabs,
        "can_edit": can_edit,
        "can_manage": can_manage,
        "today": today,
        "journal_count": len(updates),
        "latest_updates": updates[:LATEST_UPDATES_ON_OVERVIEW],
        "openable_origins": openable,
    }
    if tab == "indicateurs":
        context["indicators"] = [
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
            for indicator in indicators
        ]
    if tab == "historique":
        context["history"] = selectors.action_history(action)
        context["history_limit"] = selectors.HISTORY_LIMIT
    return (
        render_to_string("roadmap/partials/action_main.html", context),
        render_to_string("roadmap/partials/action_panel.html", context),
    )


def _openable_origins(request: HttpRequest, action: Action) -> frozenset[int]:
    """The journal entries whose "voir l'origine" link this reader may open (minutes, a poll, an idea…): each
    app that writes into the journal answers for its own links (core.hooks.origin_links)."""
    entries = list(action.progress_updates.exclude(source_url="").values_list("pk", "source", "source_url"))
    openable = hooks.openable_origins(request.user, [(source, url) for _pk, source, url in entries])
    return frozenset(pk for pk, source, url in entries if (source, url) in openable)


def _sections_html(request: HttpRequest, action: Action, tab: str) -> str:
    """The other apps' sections (partage.core.hooks) under the overview; the comments under « Discussion »."""
    parts = []
    for section in hooks.sections_for("action", request.user, action):
        wanted = "discussion" if section.name == SOCIAL_SECTION else "apercu"
        if wanted == tab:
            parts.append(hooks.render_section(section, request, action))
    return "".join(parts)


@require_GET
def action_detail(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    check_can_read(request)
    prog = selectors.programme_by_slug(programme)
    # The page's own object (title, other apps' sections, the edit permission), read once per change of the
    # roadmap; its heavy part comes from the cache too. The permission is the request user's: only the flag
    # enters the key.
    action = selectors.action_page_object(prog, number)
    tabs = dict(ACTION_TABS)
    tab = request.GET.get("onglet", "apercu")
    if tab not in tabs:
        tab = "apercu"
    can_edit = request.user.has_perm("roadmap.edit_action", action)
    can_manage = request.user.has_perm("roadmap.manage_roadmap")
    today = timezone.localdate()
    # Which origin links this reader may open differs between readers: it is part of the key (as a short hash).
    openable = _openable_origins(request, action) if tab == "journal" else frozenset()
    links = hashlib.sha256(",".join(map(str, sorted(openable))).encode()).hexdigest()[:16] if openable else "-"
    header, panel = cache.cached(
        f"roadmap:action:{action.pk}:{int(can_edit)}{int(can_manage)}:{tab}:{links}:{today.isoformat()}:{get_language()}",
        namespaces=["roadmap"],
        compute=lambda: _action_main_html(
            prog, number, can_edit=can_edit, can_manage=can_manage, today=today, tab=tab, openable=openable
        ),
    )
    return render(
        request,
        "roadmap/action_detail.html",
        {
            "programme": prog,
            "action": action,
            "header_html": mark_safe(header),
            "panel_html": mark_safe(panel),
            "sections_html": mark_safe(_sections_html(request, action, tab)),
            "tab": tab,
            "tab_label": "" if tab == "apercu" else tabs[tab],
            "can_edit": can_edit,
            "today": today,
        },
    )


@require_GET
def values_charter(request: HttpRequest) -> HttpResponse:
    check_can_read(request)
    programme = selectors.current_programme()
    families = selectors.value_families(programme) if programme else []
    return render(request, "roadmap/values.html", {"programme": programme, "families": families})

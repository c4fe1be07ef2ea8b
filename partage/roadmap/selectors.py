"""Read queries of the roadmap pages, each with a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partage.core import cache
from partage.core.history import HistoryEntry, history_entries

from .models import (
    Action,
    Axis,
    Indicator,
    IndicatorMeasure,
    Milestone,
    Objective,
    Phase,
    Programme,
    ProgressUpdate,
    ValueFamily,
)

HISTORY_LIMIT = 50
LATE_MILESTONES_LIMIT = 20
LATEST_UPDATES_LIMIT = 5


def _programmes() -> list[Programme]:
    """Every programme (a few, one a year), read once per change of the roadmap: every page names one, and
    the dashboard, roadmap and action pages would each spend a query finding it."""
    return cache.cached("roadmap:programmes", namespaces=["roadmap"], compute=lambda: list(Programme.objects.all()))


def current_programme() -> Programme | None:
    return next((programme for programme in _programmes() if programme.is_current), None)


def programme_by_slug(slug: str) -> Programme:
    programme = next((programme for programme in _programmes() if programme.slug == slug), None)
    if programme is None:
        raise Http404
    return programme


def phases(programme: Programme) -> list[Phase]:
    return list(programme.phases.all())


# Dashboard -----------------------------------------------------------------


@dataclass
class StatusCount:
    value: str
    label: str
    count: int


def dashboard(programme: Programme) -> dict[str, Any]:
    actions = Action.objects.filter(programme=programme).living()
    summary = actions.progress_summary()
    counts = dict(actions.values_list("status").annotate(n=Count("id")).order_by())
    axes = list(
        Axis.objects.filter(programme=programme).annotate(
            action_count=Count("objectives__actions", filter=Q(objectives__actions__archived_at__isnull=True)),
            mean_progress=Avg("objectives__actions__progress", filter=Q(objectives__actions__archived_at__isnull=True)),
        )
    )
    late = Milestone.objects.late().filter(action__programme=programme, action__archived_at__isnull=True)
    late_milestones = list(late.select_related("action").order_by("due_date", "pk")[:LATE_MILESTONES_LIMIT])
    updates = list(
        ProgressUpdate.objects.filter(action__programme=programme, action__archived_at__isnull=True)
        .select_related("action", "author")
        .order_by("-date", "-created_at", "-pk")[:LATEST_UPDATES_LIMIT]
    )
    pilots_count = (
        get_user_model()
        .objects.filter(piloted_actions__programme=programme, piloted_actions__archived_at__isnull=True)
        .distinct()
        .count()
    )
    return {
        "summary": summary,
        "mean_progress": round(summary["mean_progress"] or 0),
        "status_counts": [StatusCount(v, str(label), counts.get(v, 0)) for v, label in Action.Status.choices],
        "axes": axes,
        "late_milestones": late_milestones,
        "late_count": late.count(),
        "latest_updates": updates,
        "pilots_count": pilots_count,
        "phases": phases(programme),
    }


# Roadmap -------------------------------------------------------------------


@dataclass
class ObjectiveNode:
    objective: Objective
    actions: list[Action] = field(default_factory=list)


@dataclass
class AxisNode:
    axis: Axis
    objectives: list[ObjectiveNode] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(o.actions) for o in self.objectives)


def axes_with_objectives(programme: Programme) -> list[Axis]:
    """The axes and their living objectives (archived ones are on the archives page)."""
    living = Objective.objects.filter(archived_at__isnull=True)
    return list(Axis.objects.filter(programme=programme).prefetch_related(Prefetch("objectives", queryset=living)))


def living_tree(programme: Programme) -> list[AxisNode]:
    """Axes > living objectives > living actions, in their order: the administrators' order page."""
    axes = axes_with_objectives(programme)
    actions = (
        Action.objects.filter(programme=programme)
        .living()
        .only("id", "number", "title", "position", "objective_id", "programme_id")
    )
    tree, _count = roadmap_tree(axes, actions.order_by("position", "number"), keep_empty=True)
    return tree


def archives(programme: Programme) -> dict[str, Any]:
    """Archived objectives (with all their actions) and archived actions of living objectives."""
    objectives = list(
        Objective.objects.filter(axis__programme=programme, archived_at__isnull=False)
        .select_related("axis")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("programme")))
        .order_by("axis__number", "number")
    )
    actions = list(
        Action.objects.filter(programme=programme, objective__archived_at__isnull=True)
        .archived()
        .select_related("objective__axis", "programme")
        .order_by("-archived_at", "number")
    )
    return {"archived_objectives": objectives, "archived_actions": actions}


def roadmap_tree(axes: list[Axis], actions: QuerySet[Action], *, keep_empty: bool) -> tuple[list[AxisNode], int]:
    """Axes > objectives > actions, in two lists fetched once; returns the tree and the number of actions.

    With `keep_empty` false (a filter is on), axes and objectives without a matching action are left out.
    """
    by_objective: dict[int, list[Action]] = {}
    count = 0
    for action in actions:
        by_objective.setdefault(action.objective_id, []).append(action)
        count += 1
    tree = []
    for axis in axes:
        node = AxisNode(axis)
        for objective in axis.objectives.all():
            found = by_objective.get(objective.pk, [])
            if found or keep_empty:
                node.objectives.append(ObjectiveNode(objective, found))
        if node.objectives or keep_empty:
            tree.append(node)
    return tree, count


# Action page ---------------------------------------------------------------


def action_detail(programme: Programme, number: str) -> Action:
    user_model = get_user_model()
    people = user_model.objects.only("id", "first_name", "last_name", "email")
    queryset = Action.objects.select_related("objective__axis", "pilot_direction", "programme").prefetch_related(
        Prefetch("pilots", queryset=people),
        Prefetch("contributors", queryset=people),
        "partner_communes",
        "value_families",
        Prefetch("related_actions", queryset=Action.objects.living().select_related("programme")),
        "milestones",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measures")),
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.select_related("author")),
    )
    return get_object_or_404(queryset, programme=programme, number=number)


def action_page_object(programme: Programme, number: str) -> Action:
    """The action of an action page with its axis and pilots (for the edit permission), read once per change
    of the roadmap. A number that names no action is not cached (404 on every try)."""

    def read() -> Action:
        queryset = Action.objects.select_related("objective__axis").prefetch_related("pilots")
        return get_object_or_404(queryset, programme=programme, number=number)

    return cache.cached(f"roadmap:action-object:{programme.pk}:{number}", namespaces=["roadmap"], compute=read)


def _subject(record) -> str:
    model = record.instance_type
    if model is Action:
        return _("Fiche-action")
    if model is Milestone:
        return _("Jalon « %(title)s »") % {"title": record.title}
    if model is Indicator:
        return _("Indicateur « %(name)s »") % {"name": record.name}
    return _("Mesure du %(date)s") % {"date": date_format(record.date, "DATE_FORMAT")}


def action_history(action: Action, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The latest `limit` changes of the action, its milestones, indicators and measures, newest first."""
    indicator_ids = Indicator.history.filter(action_id=action.pk).values("id")
    sources = [
        Action.history.filter(id=action.pk),
        Milestone.history.filter(action_id=action.pk),
        Indicator.history.filter(action_id=action.pk),
        IndicatorMeasure.history.filter(indicator_id__in=indicator_ids),
    ]
    # An objective's name shows its axis number.
    return history_entries(sources, subject=_subject, limit=limit, names_related={Objective: ("axis",)})


# Calendar and values -------------------------------------------------------


def calendar_actions(programme: Programme) -> list[Action]:
    return list(Action.objects.filter(programme=programme).living().select_related("objective__axis"))


def value_families(programme: Programme) -> list[ValueFamily]:
    return list(
        ValueFamily.objects.filter(programme=programme).prefetch_related(
            "values", Prefetch("actions", queryset=Action.objects.living().order_by(*list(Action._meta.ordering or [])))
        )
    )

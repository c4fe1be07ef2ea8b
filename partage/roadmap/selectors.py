"""Read queries of the roadmap pages, each with a fixed number of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from partage.core import cache
from partage.core.history import reason_label

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


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    date: datetime.datetime
    user: Any
    subject: str
    kind: str  # "+", "~" or "-"
    changes: list[Change]
    reason: str

    @property
    def kind_label(self) -> str:
        return {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}[self.kind]


def _display(record, field_name: str, value: Any, names: dict[tuple[type, Any], str]) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):  # 120.00 reads "120", 125.50 reads "125,5"
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        return number_format(value, use_l10n=True)
    if model_field.is_relation:
        return names.get((model_field.related_model, value)) or _("élément supprimé (n° %(id)s)") % {"id": value}
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


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
    """The latest `limit` history records of the action, its milestones, indicators and measures, newest first.

    Two queries per model: the latest records (each annotated with the id of its previous record) and
    those previous records, so that `diff_against` never queries.
    """
    indicator_ids = Indicator.history.filter(action_id=action.pk).values("id")
    sources = [
        Action.history.filter(id=action.pk),
        Milestone.history.filter(action_id=action.pk),
        Indicator.history.filter(action_id=action.pk),
        IndicatorMeasure.history.filter(indicator_id__in=indicator_ids),
    ]
    records = []
    for history in sources:
        model = history.model
        previous = model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
            "-history_date", "-history_id"
        )
        latest = list(
            history.select_related("history_user")
            .annotate(prev_history_id=Subquery(previous.values("history_id")[:1]))
            .order_by("-history_date", "-history_id")[:limit]
        )
        wanted = {r.prev_history_id for r in latest if r.prev_history_id}
        previous_records = {r.history_id: r for r in model.objects.filter(history_id__in=wanted)} if wanted else {}
        for record in latest:
            record.previous = previous_records.get(record.prev_history_id)
        records.extend(latest)
    records.sort(key=lambda r: r.history_date, reverse=True)
    deltas = []
    for record in records[:limit]:
        delta = None
        if record.history_type == "~" and record.previous is not None:
            delta = record.diff_against(record.previous)
            if not delta.changes:
                continue  # a save that changed nothing visible
        deltas.append((record, delta))
    names = _related_names([(r, c) for r, d in deltas if d for c in d.changes])
    entries = []
    for record, delta in deltas:
        changes = []
        for change in delta.changes if delta else []:
            model_field = record.instance_type._meta.get_field(change.field)
            changes.append(
                Change(
                    label=str(model_field.verbose_name),
                    old=_display(record, change.field, change.old, names),
                    new=_display(record, change.field, change.new, names),
                )
            )
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                subject=_subject(record),
                kind=record.history_type,
                changes=changes,
                reason=reason_label(record.history_change_reason),
            )
        )
    return entries


def _related_names(changes: list) -> dict[tuple[type, Any], str]:
    """Names of the objects that changed foreign keys point to: one query per related model."""
    wanted: dict[Any, set] = {}
    for record, change in changes:
        model_field = record.instance_type._meta.get_field(change.field)
        if model_field.is_relation:
            wanted.setdefault(model_field.related_model, set()).update(
                v for v in (change.old, change.new) if v is not None
            )
    names = {}
    for model, ids in wanted.items():
        queryset = model._default_manager.filter(pk__in=ids)
        if model is Objective:
            queryset = queryset.select_related("axis")  # its name shows the axis number
        names.update({(model, obj.pk): str(obj) for obj in queryset})
    return names


# Calendar and values -------------------------------------------------------


def calendar_actions(programme: Programme) -> list[Action]:
    return list(Action.objects.filter(programme=programme).living().select_related("objective__axis"))


def value_families(programme: Programme) -> list[ValueFamily]:
    return list(
        ValueFamily.objects.filter(programme=programme).prefetch_related(
            "values", Prefetch("actions", queryset=Action.objects.living().order_by(*list(Action._meta.ordering or [])))
        )
    )

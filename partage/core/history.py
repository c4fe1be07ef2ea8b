"""History change reasons: stored as a stable code, translated when shown.

A write sets `obj._change_reason = "roadmap.milestone.added"` (or `"code:argument"` when the label
names something, e.g. `"roadmap.action.from_idea:12"`) (django-simple-history stores it in
`history_change_reason`); pages show `reason_label(record.history_change_reason)`, in the reader's
language. Codes are registered here, each with its French label; a reason that is not a known code
(rows written before codes existed) is shown as it was stored.

Every history a page shows goes through `history_entries(...)` (django-simple-history records →
`HistoryEntry`: field labels, old and new values, reason) and the one template
`core/partials/history.html`; an app whose history is not a history table (the ideas' status changes)
builds `HistoryEntry` rows itself for the same template.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

REASONS: dict[str, Promise] = {
    "roadmap.loaded": _("Chargement de la feuille de route"),
    "roadmap.imported": _("Import du tableur"),
    "roadmap.demo": _("Données de démonstration"),
    "roadmap.action.edited": _("Modification de la fiche-action"),
    "roadmap.action.progress": _("Point d'avancement"),
    "roadmap.action.from_idea": _("Créée depuis l'idée n° %(arg)s"),
    "roadmap.milestone.added": _("Ajout du jalon"),
    "roadmap.milestone.edited": _("Modification du jalon"),
    "roadmap.milestone.deleted": _("Suppression du jalon"),
    "roadmap.indicator.added": _("Ajout de l'indicateur"),
    "roadmap.measure.recorded": _("Saisie d'une mesure"),
    "roadmap.measure.edited": _("Correction d'une mesure"),
    "roadmap.measure.deleted": _("Suppression d'une mesure"),
    "decisions.poll.closed": _("Consultation close"),
    "decisions.poll.closed_on_time": _("Consultation close à la date prévue"),
    "decisions.poll.reopened": _("Consultation rouverte"),
    "core.comment.edited": _("Commentaire modifié"),
    "core.comment.deleted": _("Commentaire retiré par son auteur"),
    "core.comment.hidden": _("Commentaire masqué par la modération"),
    "core.comment.unhidden": _("Commentaire rétabli par la modération"),
}


def register_reasons(reasons: dict[str, Promise]) -> None:
    """Let an app add its own codes (from its hooks module or AppConfig.ready)."""
    REASONS.update(reasons)


def reason_label(code: str | None) -> str:
    """The reader-language label of a stored change reason ("" when none)."""
    if not code:
        return ""
    key, _sep, argument = code.partition(":")
    label = REASONS.get(key)
    if label is None:
        return code
    return str(label) % {"arg": argument} if argument else str(label)


def set_reason(obj: object, code: str) -> None:
    """Mark the next save of `obj` with a change reason code (django-simple-history's `_change_reason`)."""
    obj._change_reason = code  # type: ignore[attr-defined]


# --- the one history display: records → entries (template core/partials/history.html) ---------------


@dataclass
class Change:
    label: str  # the field's French verbose name
    old: str
    new: str


@dataclass
class Link:
    label: str  # e.g. "Fiche-action liée :"
    text: str
    url: str = ""  # no link when empty


@dataclass
class HistoryEntry:
    date: datetime.datetime
    user: Any  # None: a change made by the platform itself
    kind: str  # "+", "~" or "-" (django-simple-history's history_type)
    subject: str = ""  # what changed, when a page shows the history of several objects
    changes: list[Change] = dc_field(default_factory=list)
    reason: str = ""  # already translated (reason_label)
    title: str = ""  # replaces the kind's label ("Changement de statut")
    note: str = ""  # Markdown shown under the entry (a moderator's public answer)
    links: list[Link] = dc_field(default_factory=list)

    @property
    def kind_label(self) -> str:
        if self.title:
            return self.title
        return {"+": gettext("Création"), "~": gettext("Modification"), "-": gettext("Suppression")}[self.kind]


def history_entries(
    sources: Iterable[QuerySet],
    *,
    subject: Callable[[Any], str] | None = None,
    limit: int = 50,
    names_related: Mapping[type, tuple[str, ...]] | None = None,
) -> list[HistoryEntry]:
    """The latest `limit` django-simple-history records of `sources` (querysets of historical records,
    e.g. `Action.history.filter(id=…)`), newest first, each with what changed: French field labels,
    old and new values as readers read them, and the change reason translated now.

    Two queries per source (the latest records, each annotated with the id of its previous record, then
    those previous records, so that `diff_against` never queries) and one per model that a changed foreign
    key points to (`names_related` adds select_related to those, e.g. {Objective: ("axis",)} when the
    object's name shows its axis). `subject(record)` names what changed when a page mixes objects.
    """
    records: list[Any] = []
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
    names = _related_names([(r, c) for r, d in deltas if d for c in d.changes], names_related or {})
    entries = []
    for record, delta in deltas:
        fields = record.instance_type._meta
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                subject=subject(record) if subject else "",
                changes=[
                    Change(
                        label=str(fields.get_field(change.field).verbose_name),
                        old=display_value(record, change.field, change.old, names),
                        new=display_value(record, change.field, change.new, names),
                    )
                    for change in (delta.changes if delta else [])
                ],
                reason=reason_label(record.history_change_reason),
            )
        )
    return entries


def display_value(record: Any, field_name: str, value: Any, names: Mapping[tuple[type, Any], str]) -> str:
    """A stored value as a reader reads it: choice labels, oui/non, French dates and numbers, names."""
    model_field = record.instance_type._meta.get_field(field_name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):  # 120.00 reads "120", 125.50 reads "125,5"
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        return number_format(value, use_l10n=True)
    if model_field.is_relation:
        return names.get((model_field.related_model, value)) or gettext("élément supprimé (n° %(id)s)") % {"id": value}
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def _related_names(changes: list, names_related: Mapping[type, tuple[str, ...]]) -> dict[tuple[type, Any], str]:
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
        if model in names_related:
            queryset = queryset.select_related(*names_related[model])
        names.update({(model, obj.pk): str(obj) for obj in queryset})
    return names

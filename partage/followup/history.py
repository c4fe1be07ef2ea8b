"""The history of published minutes, as the minutes page shows it: each saved version of the minutes,
its decisions, action items and attendance since publication, with who, when, why and what changed.

Only records from the publication on are shown: earlier versions are drafts, which only the group's
members could read. The entries are core's `HistoryEntry`, shown by the one history display
(core/partials/history.html); the records are read here rather than by `core.history.history_entries`
because the minutes' own versions stay even without a visible change, their bookkeeping fields are
left out, and attendance rows are named after their person.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from partage.core.history import Change, HistoryEntry, reason_label

from .models import ActionItem, Attendance, Decision, Minutes

HISTORY_LIMIT = 50
# The minutes' publication and correction bookkeeping: the entry's reason already says it.
BOOKKEEPING_FIELDS = {"status", "published_at", "published_by", "corrected_at", "corrected_by"}


def minutes_history(minutes: Minutes, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The latest `limit` records since publication, newest first; [] for a draft.

    Two queries per model (the records, each annotated with its previous record's id, then those previous
    records) and one per related model named in the changes: constant whatever the number of versions."""
    if not minutes.is_published or minutes.published_at is None:
        return []
    sources = [
        Minutes.history.filter(id=minutes.pk),
        Decision.history.filter(minutes_id=minutes.pk),
        ActionItem.history.filter(minutes_id=minutes.pk),
        Attendance.history.filter(meeting_id=minutes.meeting_id),
    ]
    records = []
    for history in sources:
        model = history.model
        previous = model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
            "-history_date", "-history_id"
        )
        latest = list(
            history.filter(history_date__gte=minutes.published_at)
            .select_related("history_user")
            .annotate(prev_history_id=Subquery(previous.values("history_id")[:1]))
            .order_by("-history_date", "-history_id")[:limit]
        )
        wanted = {r.prev_history_id for r in latest if r.prev_history_id}
        earlier = {r.history_id: r for r in model.objects.filter(history_id__in=wanted)} if wanted else {}
        for record in latest:
            record.previous = earlier.get(record.prev_history_id)
        records.extend(latest)
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)

    kept = []
    for record in records[:limit]:
        changed = _changed_fields(record)
        # A row saved without a visible change is left out; the minutes' own records mark each version.
        if record.history_type == "~" and not changed and record.instance_type is not Minutes:
            continue
        kept.append((record, changed))
    names = _related_names(kept)
    return [
        HistoryEntry(
            date=record.history_date,
            user=record.history_user,
            subject=_subject(record, names),
            kind=record.history_type,
            changes=[
                Change(
                    label=str(record.instance_type._meta.get_field(change.field).verbose_name),
                    old=_display(record, change.field, change.old, names),
                    new=_display(record, change.field, change.new, names),
                )
                for change in changed
            ],
            reason=reason_label(record.history_change_reason),
        )
        for record, changed in kept
    ]


def _changed_fields(record) -> list:
    if record.history_type != "~" or record.previous is None:
        return []
    delta = record.diff_against(record.previous)
    if record.instance_type is not Minutes:
        return list(delta.changes)
    return [c for c in delta.changes if c.field not in BOOKKEEPING_FIELDS]


def _subject(record, names: dict[tuple[type, Any], str]) -> str:
    model = record.instance_type
    if model is Minutes:
        return _("Relevé")
    if model is Decision:
        return _("Décision « %(text)s »") % {"text": Truncator(record.text).chars(60)}
    if model is ActionItem:
        return _("Suite à donner « %(text)s »") % {"text": Truncator(record.text).chars(60)}
    person = names.get((get_user_model(), record.user_id)) or _("personne supprimée")
    return _("Présence de %(person)s") % {"person": person}


def _display(record, field_name: str, value: Any, names: dict[tuple[type, Any], str]) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if model_field.is_relation:
        return names.get((model_field.related_model, value)) or _("élément supprimé (n° %(id)s)") % {"id": value}
    return Truncator(str(value)).chars(120)


def _related_names(kept: list) -> dict[tuple[type, Any], str]:
    """Names of the people and actions the entries name: one query per related model."""
    wanted: dict[type[Model], set] = {}
    for record, changed in kept:
        if record.instance_type is Attendance:
            wanted.setdefault(get_user_model(), set()).add(record.user_id)
        for change in changed:
            model_field = record.instance_type._meta.get_field(change.field)
            if model_field.is_relation:
                wanted.setdefault(model_field.related_model, set()).update(
                    v for v in (change.old, change.new) if v is not None
                )
    names: dict[tuple[type, Any], str] = {}
    for model, ids in wanted.items():
        names.update({(model, obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=ids)})
    return names

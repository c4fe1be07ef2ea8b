"""Load a transcribed roadmap (data/pap2019.json) and the communes (data/communes.json).

The loader is idempotent and careful with what people changed after the first load:

- rows are found by their natural keys (programme slug, axis number, objective
  (axis, number), action (programme, number), phase order, value family order,
  value name, commune slug) and created when missing;
- on existing programmes, phases and value families nothing is overwritten;
- on existing axes, objectives and actions only the fields "as printed"
  (title, lead verb, to_complete, source_note) are refreshed, only when they
  differ, and only when no person has edited the row since (an action's history
  has a user, or the admin log has an entry): a corrected transcription reaches
  the database, a title completed by an administrator is never reverted;
- status, progress, dates, descriptions, pilots… are set on creation only.

Nothing is saved when nothing differs, so a second run writes no history row.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from partage.core.history import set_reason
from partage.organisation.models import Commune

from .models import Action, Axis, Objective, Phase, Programme, Value, ValueFamily

SOURCE_FIELDS = ("title", "to_complete", "source_note")
ACTION_SOURCE_FIELDS = ("lead_verb", "title", "to_complete", "source_note")


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    programme: Programme | None = None
    made_current: bool = False

    def lines(self) -> list[str]:
        labels = [
            ("programme", _("Programme")),
            ("phase", _("Étapes du calendrier")),
            ("value_family", _("Familles de valeurs")),
            ("value", _("Valeurs")),
            ("axis", _("Axes")),
            ("objective", _("Objectifs")),
            ("action", _("Fiches-actions")),
            ("link", _("Liens entre fiches et valeurs")),
            ("commune", _("Communes")),
        ]
        lines = []
        for key, label in labels:
            if key in self.created or key in self.updated or key in self.skipped:
                line = _("%(label)s : %(created)d créé(s), %(updated)d mis à jour") % {
                    "label": label,
                    "created": self.created[key],
                    "updated": self.updated[key],
                }
                if self.skipped[key]:
                    line += _(", %(skipped)d modifié(s) par un utilisateur et laissé(s) tel(s) quel(s)") % {
                        "skipped": self.skipped[key]
                    }
                lines.append(line)
        if self.made_current and self.programme:
            lines.append(_("« %(name)s » est désormais le programme en cours.") % {"name": self.programme.name})
        if not self.created and not self.updated:
            lines.append(_("Rien à changer : la base était déjà à jour."))
        return lines


def read_json(path: str | Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _edited_by_someone(obj: models.Model) -> bool:
    """True when a person changed the row (history with a user, or the admin log)."""
    history = getattr(obj, "history", None)
    if history is not None and history.filter(history_user__isnull=False).exists():
        return True
    content_type = ContentType.objects.get_for_model(obj)
    return LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).exists()


def _refresh(obj: models.Model, values: dict[str, Any], key: str, report: LoadReport) -> None:
    """Write the "as printed" values that differ, unless a person edited the row."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return
    if _edited_by_someone(obj):
        report.skipped[key] += 1
        return
    for name in changed:
        setattr(obj, name, values[name])
    set_reason(obj, "roadmap.loaded")
    update_fields = changed + (["updated_at"] if hasattr(obj, "updated_at") else [])
    obj.save(update_fields=update_fields)
    report.updated[key] += 1


@transaction.atomic
def load_communes(data: dict[str, Any], report: LoadReport | None = None) -> LoadReport:
    report = report or LoadReport()
    for item in data["communes"]:
        commune = Commune.objects.filter(slug=item["slug"]).first() or Commune.objects.filter(name=item["name"]).first()
        if commune is None:
            Commune.objects.create(name=item["name"], slug=item["slug"], insee_code=item.get("insee_code", ""))
            report.created["commune"] += 1
        elif not commune.insee_code and item.get("insee_code"):
            commune.insee_code = item["insee_code"]
            commune.save(update_fields=["insee_code"])
            report.updated["commune"] += 1
    return report


@transaction.atomic
def load_roadmap(data: dict[str, Any], report: LoadReport | None = None) -> LoadReport:
    """Create or refresh a programme from its transcription (see the module docstring)."""
    report = report or LoadReport()
    info = data["programme"]
    programme = Programme.objects.filter(slug=info["slug"]).first()
    if programme is None:
        programme = Programme.objects.create(
            name=info["name"],
            slug=info["slug"],
            summary=info.get("summary", ""),
            participants_count=info.get("participants_count", 0),
        )
        report.created["programme"] += 1
    report.programme = programme
    if not Programme.objects.filter(is_current=True).exists():
        programme.is_current = True
        programme.save(update_fields=["is_current"])
        report.made_current = True

    _load_phases(programme, data.get("phases", []), report)
    families = _load_values(programme, data.get("value_families", []), report)
    actions = _load_tree(programme, data["axes"], report)
    _load_links(data["axes"], actions, families, report)
    return report


def _load_phases(programme: Programme, phases: list[dict], report: LoadReport) -> None:
    existing = set(programme.phases.values_list("order", flat=True))
    for item in phases:
        if item["order"] in existing:
            continue
        Phase.objects.create(
            programme=programme,
            order=item["order"],
            name=item["name"],
            description=item.get("description", ""),
            start_date=_date(item["start_date"]),
            end_date=_date(item.get("end_date")),
            period_label=item.get("period_label", ""),
        )
        report.created["phase"] += 1


def _load_values(programme: Programme, families: list[dict], report: LoadReport) -> dict[int, ValueFamily]:
    by_order = {family.order: family for family in programme.value_families.all()}
    for item in families:
        family = by_order.get(item["order"])
        if family is None:
            family = ValueFamily.objects.create(
                programme=programme, order=item["order"], name=item["name"], description=item.get("description", "")
            )
            by_order[family.order] = family
            report.created["value_family"] += 1
        names = set(family.values.values_list("name", flat=True))
        for position, name in enumerate(item.get("values", []), start=1):
            if name not in names:
                Value.objects.create(family=family, order=position, name=name)
                report.created["value"] += 1
    return by_order


def _source_values(item: dict, fields: tuple[str, ...]) -> dict[str, Any]:
    defaults = {"to_complete": False, "source_note": "", "lead_verb": ""}
    return {name: item.get(name, defaults.get(name)) for name in fields}


def _load_tree(programme: Programme, axes: list[dict], report: LoadReport) -> dict[str, Action]:
    axes_by_number = {axis.number: axis for axis in programme.axes.all()}
    objectives = {(o.axis.number, o.number): o for o in Objective.objects.filter(axis__programme=programme)}
    actions = {action.number: action for action in programme.actions.all()}
    for axis_item in axes:
        axis = axes_by_number.get(axis_item["number"])
        values = _source_values(axis_item, SOURCE_FIELDS)
        if axis is None:
            axis = Axis.objects.create(programme=programme, number=axis_item["number"], **values)
            report.created["axis"] += 1
        else:
            _refresh(axis, values, "axis", report)
        for objective_item in axis_item["objectives"]:
            objective = objectives.get((axis.number, objective_item["number"]))
            values = _source_values(objective_item, SOURCE_FIELDS)
            if objective is None:
                objective = Objective.objects.create(axis=axis, number=objective_item["number"], **values)
                report.created["objective"] += 1
            else:
                _refresh(objective, values, "objective", report)
            for action_item in objective_item["actions"]:
                number = action_item["number"]
                values = _source_values(action_item, ACTION_SOURCE_FIELDS)
                action = actions.get(number)
                if action is None:
                    action = Action(
                        programme=programme,
                        objective=objective,
                        number=number,
                        position=int(number.rsplit(".", 1)[-1]),
                        origin=Action.Origin.ROADMAP,
                        status=Action.Status.TO_START,
                        progress=0,
                        **values,
                    )
                    set_reason(action, "roadmap.loaded")
                    action.save()
                    actions[number] = action
                    report.created["action"] += 1
                else:
                    _refresh(action, values, "action", report)
    return actions


def _load_links(
    axes: list[dict], actions: dict[str, Action], families: dict[int, ValueFamily], report: LoadReport
) -> None:
    """Related actions and value families served: added when missing, never removed."""
    related_through = Action.related_actions.through
    families_through = Action.value_families.through
    existing_related = set(
        related_through.objects.filter(from_action__in=actions.values()).values_list("from_action", "to_action")
    )
    existing_families = set(
        families_through.objects.filter(action__in=actions.values()).values_list("action", "valuefamily")
    )
    for axis_item in axes:
        for objective_item in axis_item["objectives"]:
            for item in objective_item["actions"]:
                action = actions[item["number"]]
                for other_number in item.get("related", []):
                    other = actions[other_number]
                    if (action.pk, other.pk) not in existing_related:
                        action.related_actions.add(other)
                        existing_related |= {(action.pk, other.pk), (other.pk, action.pk)}
                        report.created["link"] += 1
                for order in item.get("value_families", []):
                    family = families[order]
                    if (action.pk, family.pk) not in existing_families:
                        action.value_families.add(family)
                        existing_families.add((action.pk, family.pk))
                        report.created["link"] += 1

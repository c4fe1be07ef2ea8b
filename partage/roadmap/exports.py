"""Export a programme's roadmap to CSV / XLSX, and import it back (round trip).

CSV: UTF-8 with BOM and ';' as delimiter, dates as JJ/MM/AAAA, which French
Excel opens as is. XLSX: sheet "Fiches-actions" with the same columns, plus
read-only sheets for milestones and indicators. Cells that a spreadsheet would
run as a formula (starting with = + - @, tab or carriage return) are prefixed
with a quote on export; the import removes that quote again.

The import updates actions found by number and creates the others; it checks
every row first and applies nothing if one is wrong (see `import_actions`).
Only the columns present in the file are applied, and a row is saved only if
something differs, so re-importing an export writes no history.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partage.core import bounds
from partage.core.history import set_reason
from partage.core.tabular import FORMULA_PREFIXES, Sheet
from partage.organisation.models import Direction

from .models import Action, Indicator, Objective, Programme

MAX_ROWS = 5000
NUMBER_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
NO = {"non", "n", "no", "faux", "false", "0", ""}

# (key, header). Keys name what the import does with the column.
COLUMNS = [
    ("number", gettext_lazy("Numéro")),
    ("axis", gettext_lazy("Axe")),
    ("objective", gettext_lazy("Objectif")),
    ("lead_verb", gettext_lazy("Verbe d'action")),
    ("title", gettext_lazy("Intitulé")),
    ("description", gettext_lazy("Description")),
    ("expected_results", gettext_lazy("Résultats attendus")),
    ("pilot_direction", gettext_lazy("Direction pilote")),
    ("pilots", gettext_lazy("Pilotes")),
    ("status", gettext_lazy("Statut")),
    ("progress", gettext_lazy("Avancement (%)")),
    ("start_date", gettext_lazy("Début")),
    ("end_date", gettext_lazy("Fin prévue")),
    ("related_actions", gettext_lazy("Actions liées")),
    ("origin", gettext_lazy("Origine")),
    ("to_complete", gettext_lazy("À compléter")),
]
ACTIONS_SHEET = gettext_lazy("Fiches-actions")
MILESTONES_SHEET = gettext_lazy("Jalons")
INDICATORS_SHEET = gettext_lazy("Indicateurs et mesures")


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


# ---------------------------------------------------------------- export


def _yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def _actions(programme: Programme, archived: bool):
    # The living roadmap by default; its archives (`?archives=1`, linked from the archives page) when asked.
    actions = Action.objects.filter(programme=programme)
    return actions.archived() if archived else actions.living()


def export_queryset(programme: Programme, archived: bool = False):
    User = get_user_model()
    return (
        _actions(programme, archived)
        .select_related("objective__axis", "pilot_direction")
        .prefetch_related(
            Prefetch("pilots", queryset=User.objects.only("id", "email").order_by("email")),
            Prefetch("related_actions", queryset=Action.objects.only("id", "number").order_by("number")),
        )
        .order_by("objective__axis__number", "objective__number", "position", "number")
    )


def action_row(action: Action) -> list[Any]:
    """One row of the "Fiches-actions" sheet; dates stay `date` objects."""
    axis = action.objective.axis
    return [
        action.number,
        f"{axis.number}. {axis.title}",
        f"{axis.number}.{action.objective.number} {action.objective.title}",
        action.lead_verb,
        action.title,
        action.description,
        action.expected_results,
        str(action.pilot_direction) if action.pilot_direction else "",
        ", ".join(user.email for user in action.pilots.all()),
        action.get_status_display(),
        action.progress,
        action.start_date,
        action.end_date,
        ", ".join(other.number for other in action.related_actions.all()),
        action.get_origin_display(),
        _yes_no(action.to_complete),
    ]


def action_sheet(programme: Programme, archived: bool = False) -> Sheet:
    """The "Fiches-actions" sheet (the CSV export, and the first sheet of the XLSX one)."""
    return Sheet(
        title=str(ACTIONS_SHEET),
        headers=[header for _key, header in COLUMNS],
        rows=(action_row(action) for action in export_queryset(programme, archived)),
        widths={0: 10, 1: 30, 2: 30, 3: 18, 4: 60, 5: 40, 6: 40, 7: 30, 8: 30, 9: 14},
    )


def export_sheets(programme: Programme, archived: bool = False) -> list[Sheet]:
    """The XLSX export: the actions, their milestones, their indicators and measures."""
    milestones = []
    for action in _actions(programme, archived).prefetch_related("milestones").order_by("pk"):
        milestones += [
            [action.number, m.title, m.due_date, m.done_date, _yes_no(m.is_late)] for m in action.milestones.all()
        ]
    milestones.sort(key=lambda row: _sort_key(row[0]))

    indicators = []
    for indicator in (
        Indicator.objects.filter(action__in=_actions(programme, archived))
        .select_related("action")
        .prefetch_related("measures")
    ):
        base = [indicator.action.number, indicator.name, indicator.unit, indicator.baseline, indicator.target]
        measures = list(indicator.measures.all())
        if not measures:
            indicators.append([*base, None, None, ""])
        indicators += [[*base, m.date, m.value, m.comment] for m in measures]
    indicators.sort(key=lambda row: _sort_key(row[0]))
    return [
        action_sheet(programme, archived),
        Sheet(
            title=str(MILESTONES_SHEET),
            headers=[_("Numéro de la fiche"), _("Jalon"), _("Échéance"), _("Réalisé le"), _("En retard")],
            rows=milestones,
            widths={0: 12, 1: 50, 2: 14, 3: 14, 4: 10},
        ),
        Sheet(
            title=str(INDICATORS_SHEET),
            headers=[
                _("Numéro de la fiche"),
                _("Indicateur"),
                _("Unité"),
                _("Valeur de départ"),
                _("Cible"),
                _("Date de la mesure"),
                _("Valeur"),
                _("Commentaire"),
            ],
            rows=indicators,
            widths={0: 12, 1: 40, 2: 10, 5: 14},
        ),
    ]


def _sort_key(number: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


# ---------------------------------------------------------------- reading


def _headers_by_label() -> dict[str, str]:
    """Header label (current language and French, case-insensitive) -> column key."""
    labels = {}
    for key, header in COLUMNS:
        labels[str(header).strip().lower()] = key
        with translation.override("fr"):
            labels[str(header).strip().lower()] = key
    return labels


def read_rows(upload_name: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(line number, {column key: raw value}) for each non-empty data row of a CSV or XLSX file."""
    name = upload_name.lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(content)
    elif name.endswith(".csv"):
        table = _read_csv(content)
    else:
        raise ImportFileError(_("Format non reconnu : envoyez un fichier .csv ou .xlsx."))
    rows = iter(table)
    header_row = next(rows, None)
    if not header_row:
        raise ImportFileError(_("Le fichier est vide."))
    labels = _headers_by_label()
    keys = [labels.get(str(cell or "").strip().lower()) for cell in header_row]
    if "number" not in keys:
        raise ImportFileError(
            _(
                "Colonne « %(column)s » introuvable sur la première ligne : "
                "est-ce bien un export de la feuille de route ?"
            )
            % {"column": _("Numéro")}
        )
    result = []
    for line, row in enumerate(rows, start=2):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        values = {}
        for key, cell in zip(keys, row, strict=False):
            if key is not None:
                values[key] = cell
        result.append((line, values))
        if len(result) > MAX_ROWS:
            raise ImportFileError(_("Trop de lignes : %(max)d au plus.") % {"max": MAX_ROWS})
    return result


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # French Excel saves "CSV (séparateur : point-virgule)" in Windows-1252.
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFileError(_("Le fichier n'est pas un CSV lisible."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(_("Le fichier n'est pas un CSV lisible (%(error)s).") % {"error": error}) from error


def _read_xlsx(content: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, xml, key errors) on a bad file
        raise ImportFileError(_("Le fichier n'est pas un classeur Excel (.xlsx) lisible.")) from error
    try:
        titles = {title.lower(): title for title in workbook.sheetnames}
        title = titles.get(str(ACTIONS_SHEET).lower()) or titles.get("fiches-actions") or workbook.sheetnames[0]
        return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]
    finally:
        workbook.close()


# ---------------------------------------------------------------- parsing cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    return text


def _parse_date(value: Any) -> datetime.date | None:
    parsed = _parse_any_date(value)
    try:
        bounds.validate_year(parsed)
    except ValidationError as exc:
        # The same range as the forms (partage/core/bounds.py): an imported 9999 would break the calendar.
        raise ValueError(" ".join(exc.messages)) from None
    return parsed


def _parse_any_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("date « %(value)s » non reconnue (attendu : JJ/MM/AAAA)") % {"value": text})


def _parse_progress(value: Any) -> int:
    text = _text(value).rstrip("%").strip().replace(",", ".")
    if not text:
        return 0
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = None
    if number is None or number != number.to_integral_value() or not 0 <= number <= 100:
        raise ValueError(
            _("l'avancement doit être un nombre entier entre 0 et 100 (reçu : « %(value)s »)") % {"value": text}
        )
    return int(number)


def _choice(value: Any, choices, label: str) -> str:
    text = _text(value).lower()
    for code, choice_label in choices:
        with translation.override("fr"):
            french = str(choice_label).lower()
        if text in {code, str(choice_label).lower(), french}:
            return code
    known = ", ".join(f"« {choice_label} »" for _code, choice_label in choices)
    raise ValueError(
        _("%(label)s « %(value)s » inconnu (valeurs possibles : %(known)s)")
        % {"label": label, "value": _text(value), "known": known}
    )


def _yes_no_value(value: Any) -> bool:
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("« %(value)s » : répondez oui ou non") % {"value": _text(value)})


def _split_list(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", _text(value)) if part.strip()]


# ---------------------------------------------------------------- import


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Plan:
    line: int
    action: Action
    is_new: bool
    changed: set[str] = field(default_factory=set)
    pilots: list | None = None
    related: list[str] | None = None


class _Lookups:
    """Everything the rows refer to, read once."""

    def __init__(self, programme: Programme, rows: list[tuple[int, dict]]):
        User = get_user_model()
        self.actions = {
            action.number: action
            for action in Action.objects.filter(programme=programme).prefetch_related("pilots", "related_actions")
        }
        self.objectives = {
            (o.axis.number, o.number): o
            for o in Objective.objects.filter(axis__programme=programme).select_related("axis")
        }
        emails = {email.lower() for _line, row in rows for email in _split_list(row.get("pilots"))}
        self.users = {u.email.lower(): u for u in User.objects.filter(email__in=emails, is_active=True)}
        # Case-insensitive fallback for the rare mixed-case stored address.
        missing = emails - set(self.users)
        if missing:
            for user in User.objects.filter(is_active=True).only("id", "email"):
                if user.email.lower() in missing:
                    self.users[user.email.lower()] = user
        self.directions = {}
        for direction in Direction.objects.all():
            for label in {str(direction), direction.name, direction.acronym}:
                if label:
                    self.directions[label.strip().lower()] = direction


def _plan_row(programme: Programme, line: int, row: dict, lookups: _Lookups, errors: list[str]) -> _Plan | None:
    def error(message: str) -> None:
        errors.append(_("Ligne %(line)d : %(message)s") % {"line": line, "message": message})

    number = _text(row.get("number"))
    match = NUMBER_RE.match(number)
    if not match:
        error(_("numéro « %(number)s » invalide (attendu : axe.objectif.rang, par exemple 2.4.1)") % {"number": number})
        return None
    action = lookups.actions.get(number)
    is_new = action is None
    if is_new:
        objective = lookups.objectives.get((int(match[1]), int(match[2])))
        if objective is None:
            error(
                _("l'objectif %(objective)s n'existe pas dans ce programme : créez-le d'abord.")
                % {"objective": f"{match[1]}.{match[2]}"}
            )
            return None
        action = Action(
            programme=programme, objective=objective, number=number, position=int(match[3]), origin=Action.Origin.ADDED
        )
    plan = _Plan(line=line, action=action, is_new=is_new)

    def assign(name: str, value: Any) -> None:
        if getattr(action, name) != value:
            setattr(action, name, value)
            plan.changed.add(name)

    for name in ("lead_verb", "title", "description", "expected_results"):
        if name in row:
            assign(name, _text(row[name]))
    parsers = {
        "status": lambda v: _choice(v, Action.Status.choices, _("statut")),
        "origin": lambda v: _choice(v, Action.Origin.choices, _("origine")),
        "progress": _parse_progress,
        "start_date": _parse_date,
        "end_date": _parse_date,
        "to_complete": _yes_no_value,
    }
    for name, parse in parsers.items():
        if name not in row or (name == "origin" and not _text(row[name])):
            continue
        try:
            assign(name, parse(row[name]))
        except ValueError as exc:
            error(str(exc))
    if "pilot_direction" in row:
        label = _text(row["pilot_direction"])
        direction = lookups.directions.get(label.lower()) if label else None
        if label and direction is None:
            error(_("direction pilote « %(name)s » inconnue") % {"name": label})
        elif action.pilot_direction_id != (direction.pk if direction else None):
            action.pilot_direction = direction
            plan.changed.add("pilot_direction")
    if "pilots" in row:
        pilots = []
        for email in _split_list(row["pilots"]):
            user = lookups.users.get(email.lower())
            if user is None:
                error(_("pilote « %(email)s » inconnu (aucun compte actif avec cette adresse)") % {"email": email})
            else:
                pilots.append(user)
        current = set() if is_new else {user.pk for user in action.pilots.all()}
        if {user.pk for user in pilots} != current:
            plan.pilots = pilots
    if "related_actions" in row:
        related = _split_list(row["related_actions"])
        current = set() if is_new else {other.number for other in action.related_actions.all()}
        if set(related) != current:
            plan.related = related
    try:
        # Lengths, required title, progress bounds, end after start.
        action.full_clean(exclude=["programme", "objective"], validate_unique=False)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                if field_name == "__all__":
                    error(message)
                else:
                    label = Action._meta.get_field(field_name).verbose_name
                    error(f"{label} : {message}")
    return plan


@transaction.atomic
def import_actions(programme: Programme, upload_name: str, content: bytes) -> ImportResult:
    """Check every row, then apply all of them or none (errors are returned, in French)."""
    result = ImportResult()
    try:
        rows = read_rows(upload_name, content)
    except ImportFileError as exc:
        result.errors.append(str(exc))
        return result
    if not rows:
        result.errors.append(_("Aucune fiche-action dans le fichier."))
        return result
    lookups = _Lookups(programme, rows)
    plans: list[_Plan] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        number = _text(row.get("number"))
        if number in seen:
            result.errors.append(
                _("Ligne %(line)d : la fiche %(number)s figure déjà ligne %(first)d")
                % {"line": line, "number": number, "first": seen[number]}
            )
            continue
        seen[number] = line
        plan = _plan_row(programme, line, row, lookups, result.errors)
        if plan is not None:
            plans.append(plan)
    known_numbers = set(lookups.actions) | set(seen)
    for plan in plans:
        for other in plan.related or []:
            if other not in known_numbers:
                result.errors.append(
                    _("Ligne %(line)d : action liée « %(number)s » inconnue") % {"line": plan.line, "number": other}
                )
            elif other == plan.action.number:
                result.errors.append(
                    _("Ligne %(line)d : une fiche ne peut être liée à elle-même") % {"line": plan.line}
                )
    if result.errors:
        return result

    for plan in plans:
        if plan.is_new:
            set_reason(plan.action, "roadmap.imported")
            plan.action.save()
            lookups.actions[plan.action.number] = plan.action
            result.created += 1
        elif plan.changed:
            set_reason(plan.action, "roadmap.imported")
            plan.action.save(update_fields=[*sorted(plan.changed), "updated_at"])
    for plan in plans:
        if plan.pilots is not None:
            plan.action.pilots.set(plan.pilots)
        if plan.related is not None:
            plan.action.related_actions.set([lookups.actions[number] for number in plan.related])
        if not plan.is_new:
            if plan.changed or plan.pilots is not None or plan.related is not None:
                result.updated += 1
            else:
                result.unchanged += 1
    return result

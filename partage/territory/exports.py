"""Directory exports (CSV for French Excel, XLSX), with spreadsheet formulas neutralised."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from partage.roadmap.exports import safe_cell


def _headers() -> list[str]:
    return [
        _("Commune"),
        _("Domaine"),
        _("Interlocuteur communal"),
        _("Fonction"),
        _("Adresse électronique"),
        _("Téléphone"),
        _("Correspondant à l'agglomération"),
        _("Service de l'agglomération"),
    ]


def _rows(entries):
    for entry in entries:
        yield [
            entry.commune.name,
            entry.domain.name,
            entry.name,
            entry.function,
            entry.email,
            entry.phone,
            entry.counterpart,
            str(entry.agglo_service) if entry.agglo_service_id else "",
        ]


def directory_csv(entries) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    for row in _rows(entries):
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def directory_xlsx(entries) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Annuaire")
    sheet.append(_headers())
    for row in _rows(entries):
        sheet.append([safe_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

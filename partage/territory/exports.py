"""Directory exports (CSV for French Excel, XLSX), written by the shared `partage.core.tabular`."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from partage.core.tabular import Sheet

from .models import Interlocutor


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


def _rows(entries: Iterable[Interlocutor]) -> Iterator[list[Any]]:
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


def directory_sheet(entries: Iterable[Interlocutor]) -> Sheet:
    return Sheet(
        title=_("Annuaire"),
        headers=_headers(),
        rows=_rows(entries),
        widths={0: 20, 1: 20, 2: 30, 3: 30, 4: 34, 5: 16, 6: 30, 7: 30},
    )

"""Exports of a survey's responses: one row per submitted response, one column per question (per row of
a matrix, per item of a ranking). Rows come from a single query over the answers, read with
`iterator(chunk_size=…)` and grouped by response on the fly, so memory stays flat at any size; cells go
through the formula-safe writer (a cell starting with = + - @ is neutralised)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import IO, Any

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partage.core import tabular

from .models import OTHER, Answer, Question, Response, Survey

Kind = Question.Kind
CHUNK = 2000


def columns(survey: Survey) -> tuple[list[str], dict[tuple[int, str], int], list[Question]]:
    """Headers, and (question id, row or item) -> column index."""
    headers = [_("Réponse"), _("Envoyée le")]
    index: dict[tuple[int, str], int] = {}
    questions = [q for q in survey.questions.order_by("page__position", "position", "pk") if q.kind != Kind.TEXT_BLOCK]
    for q in questions:
        if q.kind in (Kind.MATRIX_SINGLE, Kind.MATRIX_MULTIPLE):
            for row in q.rows:
                index[(q.pk, row)] = len(headers)
                headers.append(f"{q.label} — {row}")
        elif q.kind == Kind.RANKING:
            for item in q.choices:
                index[(q.pk, item)] = len(headers)
                headers.append(_("%(label)s — rang de « %(item)s »") % {"label": q.label, "item": item})
        else:
            index[(q.pk, "")] = len(headers)
            headers.append(q.label)
            if q.allow_other:
                index[(q.pk, OTHER)] = len(headers)
                headers.append(_("%(label)s — précision « Autre »") % {"label": q.label})
    return headers, index, questions


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return number_format(round(value, 4)) if value != int(value) else str(int(value))


def rows(survey: Survey) -> Iterator[list[Any]]:
    """The header, then one list per response (generator: nothing is held but the current response)."""
    headers, index, questions = columns(survey)
    kinds = {q.pk: q for q in questions}
    yield headers
    answers = (
        Answer.objects.filter(response__survey=survey, response__status=Response.Status.SUBMITTED)
        # The key as text: converting 30 UUIDs per response costs more than the rest of the row.
        .annotate(key=Cast("response_id", CharField()))
        .order_by("response_id", "question_id", "row", "choice")
        .values_list("key", "response__submitted_on", "question_id", "row", "choice", "number", "text", "file")
        .iterator(chunk_size=CHUNK)
    )
    width = len(headers)
    for number, (_response_id, group) in enumerate(groupby(answers, key=lambda a: a[0]), start=1):
        line: list[Any] = [""] * width
        line[0] = number
        cells: dict[int, list[str]] = {}
        for _rid, submitted_on, question_id, row, choice, value, text, file in group:
            if not line[1] and submitted_on:
                line[1] = submitted_on.isoformat()
            q = kinds.get(question_id)
            if q is None:
                continue
            if q.kind in (Kind.MATRIX_SINGLE, Kind.MATRIX_MULTIPLE):
                column = index.get((q.pk, row))
                shown = choice
            elif q.kind == Kind.RANKING:
                column = index.get((q.pk, choice))
                shown = _number(value)
            elif q.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO):
                column = index.get((q.pk, ""))
                shown = q.choice_label(choice)
                if choice == OTHER and (q.pk, OTHER) in index:
                    cells.setdefault(index[(q.pk, OTHER)], []).append(text)
            elif q.kind in (Kind.RATING, Kind.NPS, Kind.NUMBER):
                column = index.get((q.pk, ""))
                shown = _number(value)
            elif q.kind == Kind.FILE:
                column = index.get((q.pk, ""))
                shown = file.rsplit("/", 1)[-1]
            else:
                column = index.get((q.pk, ""))
                shown = text
            if column is not None:
                cells.setdefault(column, []).append(shown)
        for column, values in cells.items():
            line[column] = " ; ".join(values)
        yield line


# --- writers: the shared tabular export of core (escaped cells, streamed CSV, write-only XLSX) -------


def _sheet(lines: Iterator[list[Any]], title: str) -> tabular.Sheet:
    lines = iter(lines)
    return tabular.Sheet(title=title, headers=next(lines, []), rows=lines)


def csv_chunks(lines: Iterator[list[Any]]) -> Iterator[str]:
    """CSV for French spreadsheets (semicolons, UTF-8 with BOM), one line at a time."""
    return tabular.csv_lines(_sheet(lines, ""))


def xlsx_file(lines: Iterator[list[Any]], title: str) -> IO[bytes]:
    """An XLSX built with openpyxl's write-only mode (rows go to a temporary file, not to memory)."""
    return tabular.xlsx_file([_sheet(lines, title[:31] or "Réponses")])

"""The one tabular export of Partage: CSV (streamed) and XLSX (openpyxl write-only), every cell escaped.

An app describes its export as one or more `Sheet`s (a title, headers, an iterable of rows) and answers
with `csv_response` / `xlsx_response`, or `export_response(fmt, …)` when the format comes from the URL.

- CSV is what French Excel opens: UTF-8 with a byte-order mark, `;` between cells, CRLF, dates as
  dd/mm/yyyy. It is streamed row by row (StreamingHttpResponse), so a large export never sits in memory.
- XLSX uses openpyxl's write-only mode (rows are written as they come, to a temporary file, and the
  file is streamed by FileResponse), bold headers, frozen first row, real dates and numbers.
- Formula injection (CSV injection): any text cell starting with = + - @, a tab or a carriage return
  gets a leading apostrophe, so no spreadsheet runs `=HYPERLINK(…)` or `=cmd|…` from a user's text.
  Numbers and dates are not text and are kept as they are.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    widths: Mapping[int, int] = field(default_factory=dict)  # column index (0-based) → width in characters


def escape_cell(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would read as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    """Lazy translations and other objects become text; numbers, dates and None stay typed."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # spreadsheets have no time zones
    if value is None or isinstance(value, int | float | Decimal | datetime.date | str):
        return value
    return str(value)


def csv_cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(escape_cell(value))


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(sheet: Sheet) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield "\ufeff"
    yield writer.writerow([csv_cell(h) for h in sheet.headers])
    for row in sheet.rows:
        yield writer.writerow([csv_cell(v) for v in row])


def _attachment(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_response(filename: str, sheet: Sheet) -> StreamingHttpResponse:
    response = StreamingHttpResponse((line.encode("utf-8") for line in csv_lines(sheet)), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def xlsx_file(sheets: Sequence[Sheet]) -> IO[bytes]:
    """The workbook in a temporary file (write-only rows go to disk, not to memory), rewound."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=str(sheet.title)[:31])
        for index, width in sheet.widths.items():
            worksheet.column_dimensions[_column_letter(index)].width = width
        worksheet.freeze_panes = "A2"
        header = []
        for title in sheet.headers:
            cell = WriteOnlyCell(worksheet, value=escape_cell(_plain(title)))
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        for row in sheet.rows:
            cells = []
            for value in row:
                value = escape_cell(_plain(value))
                cell = WriteOnlyCell(worksheet, value=value)
                if isinstance(value, datetime.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            worksheet.append(cells)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> FileResponse:
    return FileResponse(xlsx_file(sheets), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def export_response(fmt: str, basename: str, sheets: Sequence[Sheet]) -> StreamingHttpResponse:
    """`fmt` "csv" (the first sheet) or "xlsx" (every sheet); any other format is a 404."""
    if fmt == "csv":
        return csv_response(f"{basename}.csv", sheets[0])
    if fmt == "xlsx":
        return xlsx_response(f"{basename}.xlsx", sheets)
    raise Http404

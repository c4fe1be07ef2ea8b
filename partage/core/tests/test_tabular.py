"""The shared tabular export: CSV streamed, XLSX write-only, every text cell escaped against formula
injection — checked by reading the files back, and through the decisions results export that let
`=HYPERLINK(...)` through before."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from partage.core import tabular
from partage.decisions import writes as decisions_writes
from partage.decisions.models import Poll
from partage.decisions.tests.factories import make_poll
from partage.testing.factories import UserFactory

HOSTILE = ['=HYPERLINK("https://evil.example","clic")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "=1+1"]


def _sheet() -> tabular.Sheet:
    rows = [[text, 42, Decimal("-1.5"), datetime.date(2026, 3, 14), None] for text in HOSTILE]
    return tabular.Sheet(title="Essai", headers=["=Titre", "Nombre", "Décimal", "Date", "Vide"], rows=rows)


def _read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_streamed_and_every_text_cell_is_escaped():
    response = tabular.csv_response("essai.csv", _sheet())
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="essai.csv"'
    raw = response.getvalue()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    header, *rows = _read_csv(tabular.csv_response("essai.csv", _sheet()))
    assert header[0] == "'=Titre"
    assert [row[0] for row in rows] == ["'" + text for text in HOSTILE]
    # Numbers, dates and empty cells are not text: unchanged, dates as French Excel reads them.
    assert rows[0][1:] == ["42", "-1.5", "14/03/2026", ""]


def test_xlsx_read_back_holds_no_formula():
    content = tabular.xlsx_response("essai.xlsx", [_sheet(), _sheet()]).getvalue()
    workbook = load_workbook(io.BytesIO(content))
    assert len(workbook.worksheets) == 2
    sheet = workbook.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a cell is a formula"
    assert values[0][0] == "'=Titre"
    # (An XML reader may turn a lone carriage return into a line feed.)
    assert [row[0].replace("\r", "\n") for row in values[1:]] == ["'" + t.replace("\r", "\n") for t in HOSTILE]
    assert values[1][1:4] == [42, -1.5, datetime.datetime(2026, 3, 14)]
    assert sheet["D2"].number_format == "DD/MM/YYYY"
    assert sheet["A1"].font.bold


def test_unknown_format_is_a_404():
    from django.http import Http404

    with pytest.raises(Http404):
        tabular.export_response("ods", "essai", [_sheet()])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_decisions_results_export_no_longer_lets_hyperlink_through(client, fmt):
    author = UserFactory()
    poll = make_poll(
        author=author,
        kind=Poll.Kind.POLL,
        title='=HYPERLINK("https://evil.example","Résultats")',
        options=['=HYPERLINK("https://evil.example","Option")', "Sage"],
    )
    decisions_writes.cast_vote(poll=poll, voter=author, choices={poll.options.first().pk: 1})
    client.force_login(author)
    response = client.get(reverse("decisions:results_export", args=[poll.pk, fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        cells = [cell for row in _read_csv(response) for cell in row]
    else:
        sheet = load_workbook(io.BytesIO(response.getvalue())).active
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    hyperlinks = [cell for cell in cells if "HYPERLINK" in cell]
    assert len(hyperlinks) >= 2  # the title and the option
    assert all(cell.startswith("'=") for cell in hyperlinks), hyperlinks

"""Exports for moderators: CSV and XLSX with supports and statuses, safe against formula injection."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .factories import IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_csv_and_xlsx_hold_supports_and_statuses_and_neutralise_formulas(client, moderator, agent):
    idea = IdeaFactory(title='=HYPERLINK("http://exemple.test")', author=agent, status="accepted")
    SupportFactory(idea=idea)
    SupportFactory(idea=idea)
    IdeaFactory(author=None, is_anonymous=True, title="Anonyme")
    client.force_login(moderator)
    response = client.get(reverse("ideas:export_csv"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["N°", "Titre", "Statut"]
    first = next(r for r in rows[1:] if r[0] == str(idea.pk))
    assert first[1].startswith("'=") and first[2] == "Retenue" and first[10] == "2"
    assert any(r[5] == "Anonyme" for r in rows[1:])
    response = client.get(reverse("ideas:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    row = next(r for r in values[1:] if r[0] == idea.pk)
    assert row[1].startswith("'=") and row[10] == 2


def test_agents_cannot_export(client, agent):
    client.force_login(agent)
    assert client.get(reverse("ideas:export_csv")).status_code == 403
    assert client.get(reverse("ideas:export_xlsx")).status_code == 403

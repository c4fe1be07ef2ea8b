"""Open data downloads (CSV, JSON, Table Schema, DCAT) and the yearly PDF report."""

import csv
import datetime
import io

from django.test import override_settings
from django.urls import reverse

from partage.api.opendata import CSV_COLUMNS
from partage.core import hooks
from partage.testing import factories


def test_csv_follows_its_documented_schema_and_licence(client, action):
    factories.MilestoneFactory(action=action, due_date=datetime.date(2020, 1, 1))
    response = client.get(reverse("api:opendata_csv", kwargs={"programme": "pap-2019"}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    schema = client.get(reverse("api:opendata_schema")).json()
    assert [f["name"] for f in schema["fields"]] == list(rows[0]) == [name for name, _t, _d in CSV_COLUMNS]
    assert rows[0]["numero"] == "2.4.1" and rows[0]["jalons_en_retard"] == "1"
    assert schema["licenses"][0]["title"] == "Licence Ouverte / Open Licence version 2.0"


@override_settings(OPEN_DATA_LICENCE_NAME="ODbL", OPEN_DATA_LICENCE_URL="https://opendatacommons.org/licenses/odbl/")
def test_licence_is_configurable_and_catalogue_describes_the_datasets(client, action):
    data = client.get(reverse("api:opendata_json", kwargs={"programme": "pap-2019"})).json()
    assert data["licence"] == {"name": "ODbL", "url": "https://opendatacommons.org/licenses/odbl/"}
    assert [a["number"] for a in data["actions"]] == ["2.4.1"]
    catalogue = client.get(reverse("api:opendata_catalog"))
    assert catalogue["Content-Type"].startswith("application/ld+json")
    body = catalogue.json()
    assert body["@type"] == "dcat:Catalog"
    dataset = body["dcat:dataset"][0]
    assert dataset["dct:license"] == "https://opendatacommons.org/licenses/odbl/"
    assert {d["dcat:mediaType"] for d in dataset["dcat:distribution"]} == {"text/csv", "application/json"}


def test_yearly_report_pdf(client, action, agent):
    factories.MilestoneFactory(
        action=action, title="Charte signée", due_date=datetime.date(2025, 3, 1), done_date=datetime.date(2025, 2, 20)
    )
    factories.MilestoneFactory(action=action, title="Bilan manqué", due_date=datetime.date(2025, 6, 1))
    indicator = factories.IndicatorFactory(action=action, name="Agents en télétravail", target=100)
    factories.IndicatorMeasureFactory(indicator=indicator, date=datetime.date(2025, 1, 1), value=10)
    factories.IndicatorMeasureFactory(indicator=indicator, date=datetime.date(2025, 6, 1), value=40)

    @hooks.report_figure(label="Idées retenues (test)", permission="roadmap.view_roadmap", order=1)
    def accepted_ideas(programme, start, end):
        return 7

    try:
        client.force_login(agent)
        response = client.get(reverse("api:report", kwargs={"version": "v1", "programme": "pap-2019", "year": 2025}))
    finally:
        hooks.registry.report_figures[:] = [f for f in hooks.registry.report_figures if f.count is not accepted_ideas]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf  # tagged where fpdf2 allows
    assert b"/Lang (fr-FR)" in pdf
    assert b"/Outlines" in pdf  # bookmarks per axis and action
    assert b"/Alt" in pdf  # the indicator chart's text alternative


def test_consultation_figures_come_from_the_apps_hooks(agent, commune_contact, programme):
    from partage.ideas.tests.factories import IdeaFactory

    IdeaFactory()
    today = datetime.date.today()
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    figures = {str(label): value for label, value in hooks.report_figures_for(agent, programme, start, end)}
    assert figures["Idées déposées"] == 1
    assert {"Idées retenues", "Consultations closes", "Décisions publiées", "Enquêtes closes"} <= set(figures)
    # each figure is shown under its app's own permission: commune contacts do not use the idea box
    contact = {str(label) for label, _value in hooks.report_figures_for(commune_contact, programme, start, end)}
    assert "Idées déposées" not in contact

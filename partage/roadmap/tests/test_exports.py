"""Spreadsheet export (CSV, XLSX) and import back: round trip, validation, roles."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partage.roadmap.models import Action
from partage.testing import factories


@pytest.fixture
def roadmap(action, pilot):
    """The conftest action 2.4.1 (with its pilot) plus 2.4.2 and a formula-looking description."""
    other = factories.ActionFactory(
        objective=action.objective,
        position=2,
        number="2.4.2",
        lead_verb="Garantir",
        title="Garantir la confidentialité des locaux ressources humaines",
        description='=HYPERLINK("http://example.com")',
        status=Action.Status.TO_START,
        progress=0,
    )
    action.related_actions.add(other)
    action.pilot_direction = factories.DirectionFactory(name="Direction des ressources humaines", acronym="DRH")
    action.save()
    return action


def url(name: str, slug: str = "pap-2019") -> str:
    return reverse(f"roadmap:{name}", kwargs={"programme": slug})


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def write_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def upload(client, content: bytes, name: str = "feuille.csv"):
    return client.post(url("import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db
def test_csv_export_is_french_excel_friendly(client, administrator, roadmap):
    client.force_login(administrator)
    response = client.get(url("export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "pap-2019-fiches-actions.csv" in response["Content-Disposition"]
    rows = read_csv(response.getvalue())
    assert rows[0][:5] == ["Numéro", "Axe", "Objectif", "Verbe d'action", "Intitulé"]
    assert rows[0][-1] == "À compléter"
    by_number = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    first = by_number["2.4.1"]
    assert first["Intitulé"] == "Mettre en place le télétravail"
    assert first["Pilotes"] == "pilote@lorient-agglo.test"
    assert first["Statut"] == "En cours"
    assert first["Début"] == "01/01/2020"
    assert first["Direction pilote"] == "Direction des ressources humaines (DRH)"
    assert first["Actions liées"] == "2.4.2"
    # Formula injection is neutralised.
    assert by_number["2.4.2"]["Description"].startswith("'=")


@pytest.mark.django_db
def test_xlsx_export_has_the_three_sheets(client, administrator, roadmap):
    factories.MilestoneFactory(action=roadmap, title="Charte signée")
    factories.IndicatorMeasureFactory(indicator=factories.IndicatorFactory(action=roadmap, name="Télétravailleurs"))
    client.force_login(administrator)

    response = client.get(url("export_xlsx"))

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Fiches-actions", "Jalons", "Indicateurs et mesures"]
    sheet = workbook["Fiches-actions"]
    assert sheet["A1"].value == "Numéro"
    assert sheet["A2"].value == "2.4.1"
    assert sheet["L2"].value.date() == datetime.date(2020, 1, 1)
    assert sheet["F3"].value.startswith("'=")  # not a formula
    assert workbook["Jalons"]["B2"].value == "Charte signée"
    assert workbook["Indicateurs et mesures"]["B2"].value == "Télétravailleurs"


@pytest.mark.django_db
def test_csv_round_trip_applies_an_edited_cell(client, administrator, roadmap):
    client.force_login(administrator)
    rows = read_csv(client.get(url("export_csv")).getvalue())
    header = rows[0]
    row = next(r for r in rows if r[0] == "2.4.1")
    row[header.index("Statut")] = "Réalisée"
    row[header.index("Avancement (%)")] = "100"
    row[header.index("Fin prévue")] = "31/12/2021"

    response = upload(client, write_csv(rows))

    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert (roadmap.status, roadmap.progress, roadmap.end_date) == ("done", 100, datetime.date(2021, 12, 31))
    other = Action.objects.get(number="2.4.2")
    assert other.description == '=HYPERLINK("http://example.com")'  # the quote added on export is removed
    assert list(roadmap.pilots.values_list("email", flat=True)) == ["pilote@lorient-agglo.test"]
    messages = [str(m) for m in client.get(url("import")).context["messages"]]
    assert any("1 mise(s) à jour" in m and "1 inchangée(s)" in m for m in messages)


@pytest.mark.django_db
def test_xlsx_round_trip_changes_nothing(client, administrator, roadmap):
    client.force_login(administrator)
    content = client.get(url("export_xlsx")).getvalue()
    history = Action.history.count()
    before = list(Action.objects.order_by("number").values())

    response = upload(client, content, "feuille.xlsx")

    assert response.status_code == 302
    assert Action.history.count() == history
    assert list(Action.objects.order_by("number").values()) == before
    assert list(Action.objects.get(number="2.4.1").related_actions.values_list("number", flat=True)) == ["2.4.2"]


@pytest.mark.django_db
def test_import_creates_a_new_action(client, administrator, roadmap, agent):
    client.force_login(administrator)
    content = write_csv(
        [
            ["Numéro", "Intitulé", "Verbe d'action", "Pilotes", "Statut", "Avancement (%)", "Début", "Actions liées"],
            [
                "2.4.5",
                "Organiser une journée bien-être",
                "Organiser",
                agent.email,
                "En cours",
                "10",
                "2021-03-01",
                "2.4.1",
            ],
        ]
    )

    response = upload(client, content)

    assert response.status_code == 302
    created = Action.objects.get(number="2.4.5")
    assert created.objective == roadmap.objective
    assert created.position == 5
    assert created.origin == Action.Origin.ADDED
    assert (created.status, created.progress, created.start_date) == ("in_progress", 10, datetime.date(2021, 3, 1))
    assert list(created.pilots.all()) == [agent]
    assert "2.4.5" in roadmap.related_actions.values_list("number", flat=True)
    roadmap.refresh_from_db()
    assert roadmap.title == "Mettre en place le télétravail"  # absent columns untouched


@pytest.mark.django_db
def test_bad_rows_are_all_reported_and_nothing_changes(client, administrator, roadmap):
    client.force_login(administrator)
    content = write_csv(
        [
            ["Numéro", "Intitulé", "Statut", "Avancement (%)", "Début", "Fin prévue", "Pilotes"],
            ["2.4.1", "Nouveau titre", "Terminée", "50", "", "", ""],
            ["2.4.2", "Autre titre", "En cours", "150", "32/13/2020", "", "inconnu@lorient-agglo.test"],
            ["9.9.1", "Objectif inconnu", "En cours", "0", "", "", ""],
            ["2.4.3", "Dates à l'envers", "En cours", "0", "01/02/2021", "01/01/2021", ""],
        ]
    )
    history = Action.history.count()

    response = upload(client, content)

    assert response.status_code == 400
    text = response.content.decode()
    assert "Rien n&#x27;a été importé" in text
    assert "Ligne 2 : statut « Terminée » inconnu" in text
    assert "Ligne 3 : l&#x27;avancement doit être un nombre entier entre 0 et 100" in text
    assert "Ligne 3 : date « 32/13/2020 » non reconnue" in text
    assert "Ligne 3 : pilote « inconnu@lorient-agglo.test » inconnu" in text
    assert "Ligne 4 : l&#x27;objectif 9.9 n&#x27;existe pas dans ce programme" in text
    assert "Ligne 5 : La fin prévue doit suivre le début." in text
    assert 'aria-invalid="true"' in text
    roadmap.refresh_from_db()
    assert roadmap.title == "Mettre en place le télétravail"
    assert not Action.objects.filter(number="2.4.3").exists()
    assert Action.history.count() == history


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("feuille.xlsx", b"not a zip file", "classeur Excel (.xlsx) lisible"),
        ("feuille.csv", b"", "Le fichier est vide"),  # empty upload is refused by the form
        ("feuille.csv", b"Titre;Autre\nx;y\n", "Colonne « Numéro » introuvable"),
        ("feuille.csv", "Numéro;Intitulé\n".encode(), "Aucune fiche-action dans le fichier"),
        ("feuille.pdf", b"%PDF-1.4", "Format non reconnu"),
    ],
)
def test_bad_files_get_a_clear_error(client, administrator, roadmap, name, content, message):
    client.force_login(administrator)
    response = upload(client, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    roadmap.refresh_from_db()
    assert roadmap.title == "Mettre en place le télétravail"


@pytest.mark.django_db
def test_cp1252_csv_from_excel_is_read(client, administrator, roadmap):
    client.force_login(administrator)
    content = "Numéro;Intitulé\r\n2.4.1;Télétravail généralisé\r\n".encode("cp1252")
    assert upload(client, content).status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.title == "Télétravail généralisé"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["export_csv", "export_xlsx", "import"])
def test_roles(client, users_by_role, name):
    expected = {
        "agent": 403,
        "pilot": 403,
        "moderator": 403,
        "commune_contact": 403,
        "administrator": 200,
    }
    for role, status in expected.items():
        client.force_login(users_by_role[role])
        assert client.get(url(name)).status_code == status, role
    client.logout()
    assert client.get(url(name)).status_code == 302  # to the login page


@pytest.mark.django_db
def test_agent_cannot_post_an_import(client, agent, roadmap):
    client.force_login(agent)
    response = upload(client, write_csv([["Numéro", "Intitulé"], ["2.4.1", "Piraté"]]))
    assert response.status_code == 403
    roadmap.refresh_from_db()
    assert roadmap.title == "Mettre en place le télétravail"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["export_csv", "export_xlsx", "import"])
def test_unknown_programme_is_404(client, administrator, name):
    client.force_login(administrator)
    assert client.get(url(name, "inconnu")).status_code == 404


@pytest.mark.django_db
def test_export_query_count_does_not_grow(client, administrator, programme, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(administrator)
    objective = factories.ObjectiveFactory(axis=factories.AxisFactory(programme=programme))

    def count(extra: int) -> int:
        for _ in range(extra):
            factories.ActionFactory(objective=objective, pilots=[factories.UserFactory()])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("export_xlsx")).status_code == 200
        return len(ctx)

    assert count(2) == count(5)

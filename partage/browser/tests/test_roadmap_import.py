"""Browser journey: an administrator imports a spreadsheet with errors, then a good one (axe-checked pages)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partage.browser.harness import follow, login, visit
from partage.roadmap.models import Action

pytestmark = pytest.mark.browser


def test_import_page_shows_row_errors_then_imports(page, live_server, administrator, action, tmp_path):
    login(page, live_server, administrator)
    url = live_server.url + reverse("roadmap:import", kwargs={"programme": action.programme.slug})
    visit(page, url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importer la feuille de route")

    bad = tmp_path / "feuille.csv"
    bad.write_text("Numéro;Statut\n2.4.1;Terminée\n", encoding="utf-8-sig")
    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files(str(bad))
    follow(page, page.get_by_role("button", name="Importer").click)
    expect(page.get_by_role("alert")).to_contain_text("Ligne 2 : statut « Terminée » inconnu")

    good = tmp_path / "feuille2.csv"
    good.write_text("Numéro;Statut;Avancement (%)\n2.4.1;Réalisée;100\n", encoding="utf-8-sig")
    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files(str(good))
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Importer").click()
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.DONE, 100)

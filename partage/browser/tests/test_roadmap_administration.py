"""Browser journey: an administrator runs the living roadmap from the application, on a phone and on a
laptop — creates an objective and an action in it, corrects and deletes a milestone and an indicator
measure, reorders objectives, archives the action and finds it in the archives, then restores it.
Every page visited is checked with axe (zero violations) and must not scroll sideways."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partage.browser import harness
from partage.browser.harness import DESKTOP, PHONE, check_fits
from partage.roadmap.models import Action, IndicatorMeasure, Milestone, Objective
from partage.testing import factories

pytestmark = pytest.mark.browser


def _follow(page, trigger):
    harness.follow(page, trigger)
    check_fits(page)


def _visit(page, url):
    harness.visit(page, url)
    check_fits(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
def test_administrator_runs_the_roadmap_in_the_app(browser, live_server, administrator, action, viewport):
    factories.ObjectiveFactory(axis=action.objective.axis, number=5, position=5, title="Objectif voisin")
    milestone = factories.MilestoneFactory(action=action, title="Charte signée", due_date=datetime.date(2026, 6, 1))
    indicator = factories.IndicatorFactory(action=action, name="Agents en télétravail", unit="agents")
    measure = factories.IndicatorMeasureFactory(indicator=indicator, date=datetime.date(2026, 1, 15), value=40)
    programme = action.programme
    page = harness.new_page(browser, live_server.url, viewport)
    try:
        harness.login(page, live_server, administrator)
        _visit(page, live_server.url + reverse("roadmap:roadmap", kwargs={"programme": programme.slug}))

        # A new objective at the end of axis 2.
        _follow(page, page.locator("main").get_by_role("link", name="Nouvel objectif", exact=True).first.click)
        page.locator("#id_axis").select_option(str(action.objective.axis_id))
        page.locator("#id_title").fill("Simplifier les démarches internes")
        _follow(page, page.get_by_role("button", name="Créer l'objectif").click)
        objective = Objective.objects.get(title="Simplifier les démarches internes")
        expect(page.get_by_text("Simplifier les démarches internes").first).to_be_visible()

        # A new action in it: it gets the objective's first number and its own page.
        _visit(page, live_server.url + reverse("roadmap:action_create", kwargs={"programme": programme.slug}))
        page.locator("#id_objective").select_option(str(objective.pk))
        page.locator("#id_title").fill("Dématérialiser les demandes de congés")
        _follow(page, page.get_by_role("button", name="Créer la fiche-action").click)
        created = Action.objects.get(title="Dématérialiser les demandes de congés")
        assert created.number == f"{objective.code}.1"
        expect(page.get_by_role("heading", level=1)).to_contain_text("Dématérialiser les demandes de congés")

        # Correct a milestone, then delete it (after a confirmation page).
        action_url = live_server.url + action.get_absolute_url()
        _visit(page, action_url)
        _follow(page, page.get_by_role("link", name="Modifier le jalon « Charte signée »").click)
        page.locator("#id_title").fill("Charte du télétravail signée")
        _follow(page, page.get_by_role("button", name="Enregistrer le jalon").click)
        expect(page.get_by_text("Charte du télétravail signée", exact=True)).to_be_visible()
        _follow(page, page.get_by_role("link", name="Supprimer le jalon « Charte du télétravail signée »").click)
        _follow(page, page.get_by_role("button", name="Supprimer").click)
        assert not Milestone.objects.filter(pk=milestone.pk).exists()

        # Correct a measure, then delete it, from the indicators tab.
        _visit(page, action_url + "?onglet=indicateurs")
        _follow(page, page.get_by_role("link", name="Modifier la mesure du").click)
        page.locator("#id_value").fill("42")
        _follow(page, page.get_by_role("button", name="Enregistrer la mesure").click)
        measure.refresh_from_db()
        assert measure.value == 42
        _follow(page, page.get_by_role("link", name="Supprimer la mesure du").click)
        _follow(page, page.get_by_role("button", name="Supprimer").click)
        assert not IndicatorMeasure.objects.filter(pk=measure.pk).exists()

        # Reorder: the new objective moves up one rank; its number does not change.
        _visit(page, live_server.url + reverse("roadmap:order", kwargs={"programme": programme.slug}))
        before = objective.position
        _follow(page, page.get_by_role("button", name=f"Monter l'objectif {objective.code}").click)
        objective.refresh_from_db()
        assert objective.position < before and objective.code.endswith(str(objective.number))

        # Archive the new action: it leaves the roadmap and appears in the archives, then comes back.
        _visit(page, live_server.url + created.get_absolute_url())
        _follow(page, page.get_by_role("link", name="Archiver la fiche").click)
        _follow(page, page.get_by_role("button", name="Archiver la fiche-action").click)
        created.refresh_from_db()
        assert created.archived_at is not None
        _visit(page, live_server.url + reverse("roadmap:archives", kwargs={"programme": programme.slug}))
        expect(page.get_by_role("link", name=f"{created.number} Dématérialiser les demandes de congés")).to_be_visible()
        _follow(page, page.get_by_role("link", name=f"{created.number} Dématérialiser les demandes de congés").click)
        _follow(page, page.get_by_role("link", name="Restaurer la fiche").click)
        _follow(page, page.get_by_role("button", name="Restaurer la fiche-action").click)
        created.refresh_from_db()
        assert created.archived_at is None
    finally:
        page.context.close()

"""Browser journeys through the real pages, in Chromium. Every visited page is checked by axe (zero violation).

Users built by the factories have the password "motdepasse-test" (harness.TEST_PASSWORD).
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partage.browser.harness import (
    focused_element,
    follow,
    has_visible_focus,
    login,
    visit,
)
from partage.roadmap.models import Action, ProgressUpdate
from partage.testing import factories

pytestmark = pytest.mark.browser


def action_url(action: Action, name: str = "roadmap:action") -> str:
    return reverse(name, kwargs={"programme": action.programme.slug, "number": action.number})


@pytest.fixture
def other_action(programme):
    """A second action, in axis 1, already done: something for the filters to leave out."""
    axis = factories.AxisFactory(programme=programme, number=1, title="Moderniser le service public")
    objective = factories.ObjectiveFactory(axis=axis, number=1, title="Simplifier les démarches")
    return factories.ActionFactory(
        objective=objective,
        position=1,
        number="1.1.1",
        title="Créer un portail des démarches en ligne",
        description="Un guichet unique.",
        status=Action.Status.DONE,
        progress=100,
    )


def test_login_through_the_form_and_wrong_password(page, live_server, agent, action):
    visit(page, live_server.url + reverse("accounts:login"))
    page.get_by_label("Adresse électronique").fill(agent.email)
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    follow(page, page.get_by_role("button", name="Se connecter").click)

    expect(page.get_by_role("alert")).to_contain_text("Adresse électronique ou mot de passe incorrect")
    assert "/compte/connexion/" in page.url

    login(page, live_server, agent)

    assert page.url == live_server.url + reverse("roadmap:dashboard")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_browse_and_filter_the_roadmap(page, live_server, agent, action, other_action):
    login(page, live_server, agent)
    roadmap_url = live_server.url + reverse("roadmap:roadmap", kwargs={"programme": action.programme.slug})
    visit(page, roadmap_url)
    filters = page.get_by_role("search", name="Filtrer les fiches-actions")
    teleworking = page.get_by_role("link", name="Mettre en place le télétravail")
    portal = page.get_by_role("link", name="Créer un portail des démarches en ligne")
    expect(teleworking).to_be_visible()
    expect(portal).to_be_visible()

    # By axis.
    filters.get_by_label("Axe", exact=True).select_option(str(action.objective.axis_id))
    follow(page, filters.get_by_role("button", name="Filtrer").click)
    expect(teleworking).to_be_visible()
    expect(portal).to_have_count(0)
    expect(page.locator(".result-count")).to_have_text(re.compile(r"^\s*1 fiche-action\b"))

    # By status (filters start again from the whole roadmap).
    visit(page, roadmap_url + "?status=done")
    expect(portal).to_be_visible()
    expect(teleworking).to_have_count(0)
    expect(filters.get_by_label("Statut")).to_have_value("done")

    # By text, typed into the search field.
    visit(page, roadmap_url)
    filters.get_by_label("Recherche", exact=True).fill("télétravail")
    follow(page, filters.get_by_role("button", name="Filtrer").click)
    assert "q=t%C3%A9l%C3%A9travail" in page.url or "q=télétravail" in page.url
    expect(teleworking).to_be_visible()
    expect(portal).to_have_count(0)

    # Nothing matches: a clear message and a way back.
    visit(page, roadmap_url + "?q=introuvable")
    expect(page.get_by_text("Aucune fiche-action ne correspond à ces filtres.")).to_be_visible()


def test_open_an_action_from_the_roadmap(page, live_server, agent, action, other_action):
    factories.MilestoneFactory(action=action, title="Charte du télétravail signée")
    login(page, live_server, agent)
    visit(page, live_server.url + reverse("roadmap:roadmap", kwargs={"programme": action.programme.slug}))

    follow(page, page.get_by_role("link", name="Mettre en place le télétravail").click)

    assert page.url == live_server.url + action_url(action)
    expect(page.get_by_role("heading", level=1)).to_contain_text("2.4.1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mettre en place le télétravail")
    expect(page.get_by_text("Charte du télétravail signée", exact=True)).to_be_visible()


def test_pilot_records_a_progress_update_and_sees_it_on_the_dashboard(page, live_server, pilot, action):
    login(page, live_server, pilot)
    visit(page, live_server.url + action_url(action))
    follow(page, page.get_by_role("link", name="Ajouter un point d'avancement").first.click)
    assert page.url == live_server.url + action_url(action, "roadmap:add_progress_update")

    page.get_by_label("Où en est l'action ?").fill("Charte du télétravail validée en comité technique.")
    page.get_by_label("Statut à cette date").select_option("in_progress")
    page.get_by_label("Avancement (%)").fill("65")
    page.get_by_label("Date du point").fill(datetime.date.today().isoformat())
    follow(page, page.get_by_role("button", name="Enregistrer le point d'avancement").click)

    # Back on the action's journal tab, where the new update is.
    assert page.url == live_server.url + action_url(action) + "?onglet=journal"
    expect(page.locator(".messages")).to_contain_text("Point d'avancement enregistré.")
    expect(page.get_by_text("Charte du télétravail validée en comité technique.")).to_be_visible()
    update = ProgressUpdate.objects.get(action=action)
    assert (update.author, update.progress) == (pilot, 65)
    action.refresh_from_db()
    assert action.progress == 65

    visit(page, live_server.url + reverse("roadmap:dashboard"))
    latest = page.locator("section", has=page.get_by_role("heading", name="Derniers points d'avancement"))
    expect(latest).to_contain_text("Charte du télétravail validée en comité technique.")
    expect(latest.get_by_role("link", name=re.compile("2.4.1"))).to_be_visible()


def test_agent_sees_no_edit_link_and_gets_403_on_the_edit_page(page, live_server, agent, action):
    login(page, live_server, agent)
    visit(page, live_server.url + action_url(action))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mettre en place le télétravail")
    expect(page.get_by_role("link", name="Modifier la fiche")).to_have_count(0)
    expect(page.get_by_role("link", name="Ajouter un point d'avancement")).to_have_count(0)

    visit(page, live_server.url + action_url(action, "roadmap:edit_action"), expected_status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")

    visit(page, live_server.url + action_url(action, "roadmap:add_progress_update"), expected_status=403)
    assert not ProgressUpdate.objects.exists()


def test_unknown_page_is_a_french_404(page, live_server, agent, action):
    login(page, live_server, agent)
    visit(page, live_server.url + "/feuille-de-route/pap-2019/9.9.9/", expected_status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")


def tab_to(page, element_id: str, max_presses: int = 60) -> list[dict]:
    """Press Tab until the element with this id has the focus; return every element focused on the way."""
    seen = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        info = focused_element(page)
        seen.append(info)
        if info.get("id") == element_id:
            return seen
    raise AssertionError(f"#{element_id} jamais atteint au clavier ; parcours : {[s.get('id') or s for s in seen]}")


def tab_out_of(page, element_id: str) -> dict:
    """Press Tab until the focus leaves this element (a date input takes one Tab per day/month/year part)."""
    for _ in range(5):
        page.keyboard.press("Tab")
        info = focused_element(page)
        if info.get("id") != element_id:
            return info
    raise AssertionError(f"Le focus reste bloqué dans #{element_id}")


def test_progress_update_form_with_the_keyboard_only(page, live_server, pilot, action):
    login(page, live_server, pilot)
    visit(page, live_server.url + action_url(action, "roadmap:add_progress_update"))

    # From the top of the page: every element reached by Tab shows a visible focus indicator.
    page.locator("body").focus()
    path = tab_to(page, "id_date")
    invisible = [f for f in path if not has_visible_focus(f)]
    assert not invisible, f"Focus non visible sur : {invisible}"
    assert path[0]["label"] == "Aller au contenu", "le premier arrêt de tabulation doit être le lien d'évitement"

    # The fields come in their visual order, each visibly focused; the date keeps its default (today).
    order = [focused_element(page)]
    order.append(tab_out_of(page, "id_date"))
    page.keyboard.type("Premier point saisi au clavier.")
    page.keyboard.press("Tab")
    order.append(focused_element(page))
    page.keyboard.press("Tab")
    order.append(focused_element(page))
    page.keyboard.press("Control+A")
    page.keyboard.type("150")
    page.keyboard.press("Tab")
    order.append(focused_element(page))

    assert [f.get("id") or f["tag"] for f in order] == ["id_date", "id_text", "id_status", "id_progress", "button"]
    assert order[-1]["label"] == "Enregistrer le point d'avancement"
    for info in order:
        assert has_visible_focus(info), f"Focus non visible sur {info}"

    # Submit with Space on the button: the out-of-range progress is refused, with an error summary.
    follow(page, lambda: page.keyboard.press("Space"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient une erreur")
    progress_input = page.locator("#id_progress")
    expect(progress_input).to_have_attribute("aria-invalid", "true")
    expect(progress_input).to_have_attribute("aria-describedby", re.compile(r"\bid_progress_error\b"))
    expect(page.locator("#id_progress_error")).to_contain_text("entre 0 et 100")
    expect(page.locator("#id_text")).to_have_value("Premier point saisi au clavier.")
    assert not ProgressUpdate.objects.exists()

    # The summary's link leads the keyboard to the field in error.
    page.locator("body").focus()
    link = summary.get_by_role("link", name=re.compile("Avancement"))
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Le lien du résumé des erreurs n'est pas atteignable au clavier")
    assert has_visible_focus(focused_element(page))
    page.keyboard.press("Enter")
    expect(progress_input).to_be_focused()

    # Correct the value and submit with Enter from the field.
    page.keyboard.press("Control+A")
    page.keyboard.type("45")
    follow(page, lambda: page.keyboard.press("Enter"))

    # The browser keeps the "#id_progress" fragment across the redirect.
    assert page.url.split("#")[0] == live_server.url + action_url(action) + "?onglet=journal"
    update = ProgressUpdate.objects.get(action=action)
    assert (update.text, update.progress, update.author) == ("Premier point saisi au clavier.", 45, pilot)

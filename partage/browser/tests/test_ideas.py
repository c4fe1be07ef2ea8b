"""Browser journeys of the idea box in Chromium (every visited page checked by axe and for CSP):
an agent submits an idea anonymously and later reads the moderator's answer through the private link;
a moderator moves an idea to "retenue", links it to action 4.1.8, and the author is notified in the app."""

import pytest
from django.urls import reverse

from partage.browser import harness
from partage.core import anonymity
from partage.ideas.models import Idea
from partage.ideas.tests.factories import IdeaFactory
from partage.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def action_418(programme):
    axis = factories.AxisFactory(programme=programme, number=4, title="Moderniser l'action publique")
    objective = factories.ObjectiveFactory(axis=axis, number=1, title="Simplifier les procédures")
    return factories.ActionFactory(
        objective=objective, position=8, number="4.1.8", title="Dématérialiser les notes de frais"
    )


def test_anonymous_idea_and_its_answer_through_the_private_link(new_page, live_server, agent, moderator, action):
    from playwright.sync_api import expect

    visit, follow = harness.visit, harness.follow
    IdeaFactory(title="Des réunions plus courtes", description="Limiter les réunions à une heure.")

    page = harness.login(new_page(), live_server, agent)
    visit(page, live_server.url + reverse("ideas:list"))
    follow(page, page.get_by_role("link", name="Proposer une idée").click)
    page.get_by_label("Titre").fill("Finir les réunions avant 18 heures")
    page.get_by_label("Description").fill("Les **réunions** tardives pèsent sur la vie de famille.")
    page.get_by_label("Déposer anonymement").check()
    follow(page, page.get_by_role("button", name="Vérifier les idées proches").click)
    expect(page.get_by_role("heading", name="Idées proches déjà déposées")).to_be_visible()
    expect(page.get_by_role("link", name="Des réunions plus courtes")).to_be_visible()
    expect(page.get_by_label("Déposer anonymement")).to_be_checked()
    follow(page, page.get_by_role("button", name="Déposer mon idée").click)
    expect(page.get_by_role("heading", level=2)).to_have_text("Votre idée est déposée anonymement")
    link = page.get_by_label("Lien privé").input_value()
    assert "/idees/suivi/" in link and link in page.url, "redirected (post/redirect/get) to the private page"
    # The copy button (vanilla JS, no inline script) puts the link in the clipboard and says so politely.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copier le lien").click()
    expect(page.get_by_role("status").filter(has_text="Lien copié")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    follow(page, page.reload)  # a reload is a GET of the private page: no second idea
    expect(page.get_by_label("Lien privé")).to_have_value(link)
    # Held until the next release of anonymous contributions (core.anonymity): release it now.
    assert anonymity.release(force=True) == 1
    idea = Idea.objects.get(title="Finir les réunions avant 18 heures")
    assert idea.author is None and idea.is_anonymous

    moderator_page = harness.login(new_page(), live_server, moderator)
    visit(moderator_page, live_server.url + reverse("ideas:moderation"))
    follow(
        moderator_page,
        moderator_page.get_by_role("link", name="Répondre à « Finir les réunions avant 18 heures »").click,
    )
    moderator_page.get_by_label("Nouveau statut").select_option("under_review")
    moderator_page.get_by_label("Réponse publique").fill("Nous en parlons au comité de direction de mars.")
    follow(moderator_page, moderator_page.get_by_role("button", name="Enregistrer et publier la réponse").click)
    expect(moderator_page.locator(".messages")).to_contain_text("sa réponse publiée")

    stranger = new_page()  # later, from another browser, without signing in
    visit(stranger, link)
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Finir les réunions avant 18 heures")
    expect(stranger.get_by_text("Nous en parlons au comité de direction de mars.")).to_be_visible()
    expect(stranger.locator(".idea-facts")).to_contain_text("À l'étude")
    response = stranger.goto(link.rstrip("/") + "x/")
    assert response is not None and response.status == 404


def test_moderator_accepts_an_idea_links_it_to_4_1_8_and_the_author_is_notified(
    new_page, live_server, agent, moderator, action_418
):
    from playwright.sync_api import expect

    visit, follow = harness.visit, harness.follow
    idea = IdeaFactory(title="Des notes de frais sans papier", description="Tout en ligne.", author=agent)

    page = harness.login(new_page(), live_server, moderator)
    visit(page, live_server.url + idea.get_absolute_url())
    follow(page, page.get_by_role("link", name="Répondre et changer le statut").click)
    page.get_by_label("Nouveau statut").select_option("accepted")
    page.get_by_label("Réponse publique").fill("Retenue : la fiche 4.1.8 la met en œuvre.")
    page.get_by_label("Fiche-action liée").select_option(str(action_418.pk))
    follow(page, page.get_by_role("button", name="Enregistrer et publier la réponse").click)
    expect(page.locator(".idea-facts")).to_contain_text("Retenue")
    expect(page.locator(".idea-facts")).to_contain_text("4.1.8")
    follow(page, page.locator(".idea-facts").get_by_role("link", name="4.1.8").click)
    expect(page.get_by_role("heading", name="Vous avez dit, nous avons fait")).to_be_visible()
    expect(page.get_by_role("link", name="Des notes de frais sans papier")).to_be_visible()

    author_page = harness.login(new_page(), live_server, agent)
    visit(author_page, live_server.url + reverse("core:notifications"))
    expect(
        author_page.get_by_text("Votre idée « Des notes de frais sans papier » est maintenant : retenue")
    ).to_be_visible()

"""@mention suggestions in Chromium: typing "@hé" in the comment box lists the real handle, the keyboard
inserts it, axe finds nothing with the list open; a wrong handle gets a French error on the form."""

import pytest
from playwright.sync_api import expect

from partage.browser.harness import check_page, follow, login, visit
from partage.core.models import Notification
from partage.testing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mention_chosen_from_the_suggestions_notifies(page, live_server, agent, action):
    helene = UserFactory(first_name="Hélène", last_name="Le Gall", email="helene.legall@lorient-agglo.test")
    login(page, live_server, agent)
    visit(page, live_server.url + action.get_absolute_url() + "?onglet=discussion")
    box = page.get_by_label("Ajouter un commentaire")
    box.click()
    box.press_sequentially("Qu'en pense @hél", delay=30)
    listbox = page.get_by_role("listbox", name="Agents à mentionner")
    expect(listbox.get_by_role("option", name="Hélène Le Gall — @helene.le-gall")).to_be_visible()
    expect(box).to_have_attribute("aria-activedescendant", listbox.get_by_role("option").first.get_attribute("id"))
    expect(page.get_by_role("status").filter(has_text="1 suggestion")).to_have_count(1)
    check_page(page)
    box.press("Enter")
    expect(box).to_have_value("Qu'en pense @helene.le-gall ")
    expect(listbox).to_be_hidden()
    box.press_sequentially("?")
    follow(page, page.get_by_role("button", name="Publier le commentaire").click)
    assert Notification.objects.filter(recipient=helene, verb="mention").count() == 1


def test_wrong_handle_gets_an_error(page, live_server, agent, action):
    login(page, live_server, agent)
    visit(page, live_server.url + action.get_absolute_url() + "?onglet=discussion")
    page.get_by_label("Ajouter un commentaire").fill("Merci @personne.inconnue")
    follow(page, page.get_by_role("button", name="Publier le commentaire").click)
    expect(page.get_by_text("« @personne.inconnue » ne correspond à aucun agent.")).to_be_visible()

"""In Chromium: an agent signs in on the login page with the password of the directory (a real slapd),
and lands in Partage in the service and direction the directory gives. Partage's pages checked with axe."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from partage.browser.harness import follow, visit

pytestmark = pytest.mark.browser


def test_sign_in_with_the_directory_password(page, live_server, ldap_settings, programme):
    call_command("sync_directory", stdout=StringIO())
    visit(page, live_server.url + reverse("accounts:login") + "?next=" + reverse("accounts:profile"))
    assert page.get_by_text("le mot de passe de votre session de travail").is_visible()
    page.get_by_label("Adresse électronique").fill("paul.le-floch@lorient-agglo.test")
    page.get_by_label("Mot de passe").fill("mdp-paul.le-floch")
    follow(page, page.get_by_role("button", name="Se connecter").click)
    assert page.url == live_server.url + reverse("accounts:profile")
    text = page.locator("main").inner_text()
    assert "Paul Le Floch" in text
    assert "Paie et carrières" in text and "Direction des ressources humaines" in text

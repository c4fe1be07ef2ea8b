"""The whole journey in Chromium: Partage's login page → the provider (a real OpenID Connect provider, the
`oidc_provider` fixture) → back to Partage, signed in, in the right direction → logout at the provider.
Every Partage page on the way is checked with axe and for CSP violations (the provider's are not ours)."""

import pytest
from django.urls import reverse

from partage.browser.harness import check_page, follow, visit

from .conftest import PROVIDER_PASSWORD

pytestmark = pytest.mark.browser


def test_sign_in_with_the_provider_and_out_again(page, live_server, oidc_settings, programme):
    visit(page, live_server.url + reverse("accounts:login") + "?next=" + reverse("accounts:profile"))
    button = page.get_by_role("link", name="Se connecter avec ProConnect")
    with page.expect_navigation(wait_until="load"):
        button.click()
    assert page.url.startswith(oidc_settings.issuer.removesuffix("/o") + "/connexion/")
    page.get_by_label("Username").fill("anne")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    follow(page, page.get_by_role("button", name="Valider").click)

    # Back in Partage, on the page asked for before signing in, with the direction the provider gave.
    assert page.url == live_server.url + reverse("accounts:profile")
    profile = page.locator("main")
    assert "Anne Martin" in profile.inner_text()
    assert "Direction des ressources humaines" in profile.inner_text()
    assert "Formation" in profile.inner_text()

    with page.expect_navigation(url=lambda url: "/compte/connexion/" in url and "oidc" not in url):
        page.get_by_role("button", name="Se déconnecter").click()
    check_page(page)
    # Signed out at the provider too: its button now asks for the password again.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Se connecter avec ProConnect").click()
    assert page.get_by_label("Password").is_visible()

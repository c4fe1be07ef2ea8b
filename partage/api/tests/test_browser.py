"""Browser journeys of the api app: the token page (axe and CSP checked) and the API documentation
(its vendored Swagger UI runs under the site's Content-Security-Policy)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partage.api.models import ApiToken
from partage.browser.harness import check_axe, check_csp, login, visit

pytestmark = pytest.mark.browser


def test_agent_creates_a_token_sees_it_once_and_revokes_it(page, live_server, agent):
    login(page, live_server, agent)
    visit(page, reverse("api:tokens"))
    page.get_by_label("Nom du jeton").fill("Portail intranet")
    page.get_by_role("button", name="Créer le jeton").click()
    key = page.locator("#nouveau-jeton").inner_text()
    assert key.startswith("partage_")
    check_axe(page)
    check_csp(page)
    token = ApiToken.objects.get()
    assert token.prefix == key[:12] and key not in token.key_hash
    page.get_by_role("button", name="Révoquer Portail intranet").click()
    expect(page.get_by_text("Le jeton « Portail intranet » est révoqué.")).to_be_visible()
    check_axe(page)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_documentation_renders_from_our_own_files_under_the_csp(page, live_server, programme):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + reverse("api:docs"))
    expect(page.get_by_role("heading", name="API Partage")).to_be_visible()
    expect(page.get_by_text("/api/v1/programmes/{programme}/actions/", exact=True)).to_be_visible()
    check_csp(page)
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests

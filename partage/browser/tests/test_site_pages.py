"""Footer pages in a real browser, signed out: reached from the footer, axe- and CSP-checked."""

import pytest
from django.urls import reverse

from partage.browser import harness

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_footer_pages_are_reachable_signed_out_and_accessible(new_page, live_server):
    from playwright.sync_api import expect

    page = new_page()
    harness.visit(page, live_server.url + reverse("core:site_page", args=["aide"]))
    for name, heading in (
        ("Mentions légales", "Mentions légales"),
        ("Accessibilité : partiellement conforme", "Déclaration d'accessibilité"),
        ("Données personnelles", "Données personnelles"),
        ("Aide", "Aide"),
    ):
        harness.follow(page, page.get_by_role("contentinfo").get_by_role("link", name=name).click)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_module_help_pages_are_reached_from_the_help_page_and_accessible(new_page, live_server):
    from playwright.sync_api import expect

    page = new_page()
    help_index = live_server.url + reverse("core:site_page", args=["aide"])
    harness.visit(page, help_index)
    modules = page.get_by_role("navigation", name="Aide par module").get_by_role("link")
    names = modules.all_inner_texts()
    assert len(names) == 7
    for name in names:
        harness.visit(page, help_index)
        topics = page.get_by_role("navigation", name="Aide par module")
        harness.follow(page, topics.get_by_role("link", name=name).click)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Aide — {name}")
        harness.check_fits(page)

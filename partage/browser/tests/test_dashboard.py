"""The dashboard by role and the notification bell in Chromium: axe- and CSP-checked with the bell open,
keyboard use of the bell (Escape gives the focus back), mark as read from the list, and the page at the
width of a phone (390 px) and of a desktop (1,366 px) without sideways scrolling."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from partage.browser.harness import check_page, login, visit
from partage.core.models import Notification
from partage.core.notifications import notify
from partage.decisions.tests.factories import ThreadFactory, make_poll
from partage.ideas.tests.factories import IdeaFactory
from partage.roadmap.models import Milestone, ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where screenshots go when asked (DASHBOARD_SCREENSHOTS=/some/dir): for the closing note, not for CI.
SHOTS = os.environ.get("DASHBOARD_SCREENSHOTS", "")


@pytest.fixture
def pilot_data(action, pilot, agent):
    today = timezone.localdate()
    Milestone.objects.create(action=action, title="Charte signée", due_date=today - datetime.timedelta(days=3))
    Milestone.objects.create(action=action, title="Bilan à six mois", due_date=today + datetime.timedelta(days=40))
    ProgressUpdate.objects.create(
        action=action, author=pilot, date=today - datetime.timedelta(days=200), text="Démarrage",
        status="in_progress", progress=20,
    )  # fmt: skip
    action.status, action.progress = "in_progress", 45
    action.save()
    make_poll(thread=ThreadFactory(author=agent, title="Organisation du télétravail"), title="Adopter la charte")
    IdeaFactory(author=pilot, title="Des vélos de service")
    for i in range(3):
        notify([pilot], verb="comment", title=f"Anne a commenté « Télétravail » ({i})", url="/")


def no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    # What sticks out (outside any scroll box), to say which element is too wide.
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
          .filter(el => { for (let p = el.parentElement; p; p = p.parentElement) {
              if (['auto', 'hidden', 'scroll'].includes(getComputedStyle(p).overflowX)) return false; } return true; })
          .slice(0, 8)
          .map(el => el.tagName + '.' + el.getAttribute('class') + ' in ' + el.parentElement.tagName
               + ' ' + Math.round(el.getBoundingClientRect().right))"""
    )
    assert widths[0] <= widths[1], f"page {widths[0]} px wide in a {widths[1]} px window: {wide}"


def test_pilot_dashboard_and_bell(page, live_server, pilot, pilot_data):
    login(page, live_server, pilot)
    visit(page, live_server.url + reverse("roadmap:dashboard"))
    for heading in ("Mes actions", "Mes jalons", "En attente de mon vote", "Mes idées", "Jalons à échéance"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("img", name="Avancement moyen de chaque axe", exact=False)).to_be_visible()
    if SHOTS:
        page.set_viewport_size({"width": 1366, "height": 900})
        page.screenshot(path=f"{SHOTS}/dashboard-pilot-1366.png", full_page=True)

    unread = Notification.objects.filter(recipient=pilot, read_at__isnull=True).count()  # the poll's too
    assert unread >= 3
    bell = page.get_by_role("button", name=f"Notifications ({unread} non lues)")
    expect(bell).to_have_attribute("aria-expanded", "false")
    bell.click()
    expect(bell).to_have_attribute("aria-expanded", "true")
    panel = page.locator("#bell-panel")
    expect(panel.get_by_role("heading", name="Dernières notifications")).to_be_visible()
    expect(panel.get_by_role("listitem")).to_have_count(unread)
    check_page(page)  # axe and CSP with the list open
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/bell-open-1366.png")

    panel.get_by_role("button", name="Marquer comme lue").first.click()
    expect(page.locator("#bell-status")).to_have_text("Notification marquée comme lue.")
    expect(page.get_by_role("button", name=f"Notifications ({unread - 1} non lues)")).to_be_visible()
    expect(panel.get_by_role("heading", name="Dernières notifications")).to_be_focused()

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page.locator("#bell-button")).to_be_focused()
    expect(page.locator("#bell-button")).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("width", [390, 1366])
def test_dashboard_fits_the_screen(page, live_server, pilot, pilot_data, width):
    page.set_viewport_size({"width": width, "height": 844})
    login(page, live_server, pilot)
    visit(page, live_server.url + reverse("roadmap:dashboard"))
    no_sideways_scroll(page)
    page.locator("#bell-button").click()
    expect(page.locator("#bell-panel").get_by_role("listitem").first).to_be_visible()
    box = page.locator("#bell-panel").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard-pilot-{width}-bell.png", full_page=True)


def test_commune_contact_dashboard(page, live_server, commune_contact, action):
    login(page, live_server, commune_contact)
    visit(page, live_server.url + reverse("roadmap:dashboard"))
    expect(page.get_by_role("heading", name="Avis à accuser réception")).to_be_visible()
    expect(page.get_by_role("heading", name="Mes idées")).to_have_count(0)
    expect(page.get_by_role("heading", name="En attente de mon vote")).to_have_count(0)

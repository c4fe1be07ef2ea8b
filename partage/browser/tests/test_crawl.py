"""The crawl of issue 12's "done when": each demo role signs in and opens every page reachable from the
site's navigation (header, main menu, footer) at 390 px and at 1,366 px. On each page: no sideways
scrolling, zero axe violations; and no link of the page leads to a page that answers 403 for that role.

One Chromium and one seeded demo for all roles (the 2019 roadmap and the demo content, as `make run`
shows it); each page is loaded once and checked at both widths by resizing the window; the footer's
pages, the same for everyone, are checked once; links are followed (in-process, by the Django test
client) up to two per route and role, since the same route answers by the same rule — so that the crawl
stays within a minute and a half on a quiet machine (`pytest -s` prints where the time goes)."""

import hashlib
import re
import time
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from partage.accounts.models import User
from partage.browser import harness
from partage.browser.harness import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "agent": "agent@partage.local",
    "pilote": "pilote@partage.local",
    "modérateur": "moderateur@partage.local",
    "administrateur": "admin@partage.local",
    "mairie": "mairie-lanester@partage.local",
}
# Not pages of the product: downloads, the Django admin (its own look) and the API's documentation.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/")
SKIPPED_SUFFIXES = (".csv", ".xlsx", ".ics", ".pdf", ".xml", ".rss", ".jsonld", ".json")
# Pages that are the same for every role (the footer's): checked with the first role only.
SHARED_PREFIXES = ("/pages/", "/aide/")
LINKS_PER_ROUTE = 2
# What differs between two renderings of the same page for two sessions without changing what axe sees.
SESSION_NOISE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')

LINKS_OF = "(root) => [...document.querySelectorAll(root + ' a[href]')].map(a => a.href)"
# site.js makes a scrolling box focusable only while it overflows, 150 ms after a resize: wait for that.
SCROLL_BOXES_SETTLED = """() => [...document.querySelectorAll('.table-scroll, .chart-scroll')]
  .every(box => (box.scrollWidth > box.clientWidth + 1) === box.hasAttribute('tabindex'))"""


def _signed_in(browser, base_url: str, email: str):
    """A context holding the role's session cookie (the login form itself is checked by other journeys)."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    page = harness.new_page(browser, base_url, DESKTOP)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
    return page, client


def _local_pages(urls, base_url: str) -> list[str]:
    found = []
    for url in urls:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != base_url:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES) or path in found:
            continue
        found.append(path)
    return found


def _route(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


# A page's own content. Its header (the reader's menu, name and bell) is the same on all of a role's pages,
# and is checked on the role's dashboard, which differs for every role.
PAGE_CONTENT = "() => document.querySelector('main').outerHTML"


def _fingerprint(page) -> str:
    """A page the same for two roles (the calendar, the values charter…) is checked once."""
    html = SESSION_NOISE.sub("", page.evaluate(PAGE_CONTENT))
    return hashlib.sha256(f"{page.url}\n{html}".encode()).hexdigest()


def _check_both_widths(page, problems: list[str]) -> None:
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.wait_for_function(SCROLL_BOXES_SETTLED)
        width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if width > inner:
            problems.append(f"{page.url} ({viewport['width']} px) : {width} px de large")
        try:
            harness.check_axe(page)
        except AssertionError as error:
            problems.append(f"{viewport['width']} px : {error}")
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def demo(db):
    started = time.monotonic()
    call_command("load_roadmap", "data/pap2019.json", stdout=StringIO())
    call_command("seed_demo", force=True, stdout=StringIO())
    call_command("seed_demo_content", force=True, stdout=StringIO())
    print(f"démo : {time.monotonic() - started:.1f} s")


def test_every_role_crawls_the_navigation_at_both_widths(browser, live_server, demo):
    base = live_server.url
    problems: list[str] = []
    shared_done: set[str] = set()
    seen: set[str] = set()
    started = time.monotonic()
    for role, email in ROLES.items():
        page, client = _signed_in(browser, base, email)
        spent = {"pages": 0.0, "links": 0.0}
        try:
            page.goto(base + "/")
            navigation = _local_pages(page.evaluate(LINKS_OF, "header") + page.evaluate(LINKS_OF, "footer"), base)
            checked: dict[str, int] = {}
            per_route: dict[str, int] = {}
            for path in navigation:
                if path.startswith(SHARED_PREFIXES):
                    if path in shared_done:
                        continue
                    shared_done.add(path)
                clock = time.monotonic()
                response = page.goto(base + path)
                if response is None or response.status != 200:
                    problems.append(f"{role} : {path} répond {response.status if response else '—'}")
                    continue
                harness.check_csp(page)
                fingerprint = _fingerprint(page)
                if fingerprint not in seen:
                    seen.add(fingerprint)
                    _check_both_widths(page, problems)
                links = _local_pages(page.evaluate(LINKS_OF, "main"), base)
                spent["pages"] += time.monotonic() - clock
                clock = time.monotonic()
                # The page's links to this site open for this role (no "Accès refusé").
                for link in links:
                    route = _route(link)
                    if link in checked or per_route.get(route, 0) >= LINKS_PER_ROUTE:
                        continue
                    per_route[route] = per_route.get(route, 0) + 1
                    checked[link] = client.get(link).status_code
                    if checked[link] == 403:
                        problems.append(f"{role} : {path} mène à {link}, refusé (403)")
                spent["links"] += time.monotonic() - clock
        finally:
            page.context.close()
        print(
            f"{role}: {len(navigation)} pages ({spent['pages']:.1f} s), {len(checked)} liens ({spent['links']:.1f} s);"
            f" {len(seen)} pages vérifiées, {time.monotonic() - started:.1f} s depuis le début"
        )
    assert not problems, "\n".join(dict.fromkeys(problems))

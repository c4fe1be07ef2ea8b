"""The main navigation is made of the entries each app registers in its hooks.py: every role sees, in
the usual order, the links it may open and no other; the current page is marked with aria-current.
A new app joins the navigation, the action page and the dashboard by writing only its own hooks.py."""

import re
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from partage.core import hooks
from partage.testing.roles import ROLES

pytestmark = pytest.mark.django_db

STAFF_NAV = [
    "Tableau de bord",
    "Feuille de route",
    "Calendrier",
    "Groupes de suivi",
    "Décisions",
    "Actualités",
    "Boîte à idées",
    "Enquêtes",
    "Communes",
    "Valeurs",
]
# Live sessions: hosts prepare them from the menu; participants join by code (/j/), without a menu entry.
HOST_NAV = [*STAFF_NAV[:8], "Sessions en direct", *STAFF_NAV[8:]]
EXPECTED_NAV = {
    "agent": STAFF_NAV,
    "pilot": STAFF_NAV,
    "moderator": STAFF_NAV,
    "administrator": [*HOST_NAV, "Administration"],
    # Commune contacts: no groups, decisions or idea box (they answer 403 to them).
    "commune_contact": ["Tableau de bord", "Feuille de route", "Calendrier", "Actualités", "Communes", "Valeurs"],
}
NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
# Each link may start with its decorative icon (an <svg aria-hidden="true">).
LINK = re.compile(
    r'<a href="(?P<href>[^"]+)"(?P<current> aria-current="page")?>(?:<svg[^>]*>.*?</svg>)?(?P<label>[^<]+)</a>'
)


def nav_links(html: str) -> list[tuple[str, str, bool]]:
    match = NAV.search(html)
    if match is None:
        return []
    return [(m["label"].strip(), m["href"], bool(m["current"])) for m in LINK.finditer(match.group(0))]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_each_role_sees_in_order_only_the_links_it_may_open(client, users_by_role, action, role):
    client.force_login(users_by_role[role])
    links = nav_links(client.get(reverse("roadmap:dashboard")).content.decode())
    # Newer apps (surveys, live…) add their own entries: the known ones keep their order around them.
    known = {*HOST_NAV, "Administration"}
    assert [label for label, _href, _current in links if label in known] == EXPECTED_NAV[role]
    for label, href, _current in links:
        response = client.get(href)
        # Admin index: 200 for staff; anything else the role may open answers 200 or redirects inside the site.
        assert response.status_code in (200, 302), f"{role}: {label} ({href}) answers {response.status_code}"
        if response.status_code == 302:
            assert not response["Location"].startswith((reverse("accounts:login"), reverse("admin:login"))), label


def test_anonymous_visitor_gets_no_navigation(client):
    assert nav_links(client.get(reverse("accounts:login")).content.decode()) == []


@pytest.mark.parametrize(
    ("route", "current"),
    [
        ("roadmap:dashboard", "Tableau de bord"),
        ("roadmap:calendar", "Calendrier"),
        ("roadmap:values", "Valeurs"),
        ("followup:groups", "Groupes de suivi"),
        ("decisions:threads", "Décisions"),
        ("news:list", "Actualités"),
        ("ideas:list", "Boîte à idées"),
        ("territory:directory", "Communes"),
    ],
)
def test_the_current_page_is_marked(client, agent, route, current):
    client.force_login(agent)
    links = nav_links(client.get(reverse(route)).content.decode())
    assert [label for label, _href, is_current in links if is_current] == [current]


def test_an_action_page_marks_the_roadmap_entry(client, agent, action):
    client.force_login(agent)
    links = nav_links(client.get(action.get_absolute_url()).content.decode())
    assert [label for label, _href, is_current in links if is_current] == ["Feuille de route"]


@pytest.fixture
def hookdemo_installed(settings):
    """Install the stand-in app; its hooks.py is discovered like any app's, then forgotten afterwards."""
    module = "partage.core.tests.hookdemo"
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, module]):
        hooks.autodiscover()
        yield
    for items in (hooks.registry.sections, hooks.registry.nav_entries):
        items[:] = [item for item in items if not getattr(item, "name", "").startswith(module)]
    hooks.registry.nav_entries[:] = [e for e in hooks.registry.nav_entries if e.label != "Démo des crochets"]
    sys.modules.pop(f"{module}.hooks", None)


def test_a_new_app_attaches_by_writing_only_its_hooks_module(client, agent, moderator, action, hookdemo_installed):
    client.force_login(moderator)
    dashboard = client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Démo des crochets" in [label for label, _href, _current in nav_links(dashboard)]
    assert "Bloc démo du tableau de bord" in dashboard
    assert f"Bloc démo sur la fiche {action.number}" in client.get(action.get_absolute_url()).content.decode()
    # Each block shows only with the permission its registration names: the dashboard one is for moderators.
    client.force_login(agent)
    assert "Bloc démo du tableau de bord" not in client.get(reverse("roadmap:dashboard")).content.decode()


def test_the_stand_in_app_is_gone_after_its_test():
    assert all("hookdemo" not in section.name for section in hooks.registry.sections)
    assert all(entry.label != "Démo des crochets" for entry in hooks.registry.nav_entries)

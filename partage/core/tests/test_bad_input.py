"""Bad input sweep: every named route, as an administrator and as an agent, fed hostile query strings and
garbage form data, never answers with a server error, never echoes a script unescaped, and garbage that is
refused (any answer but a redirect) adds no row to the tables of the route's app.

The route table and the objects the routes point to come from test_roles.py (`EXPECTED`, `world`).
"""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from partage.core.tests.test_roles import EXPECTED, world  # noqa: F401 (world is a fixture)

SCRIPT = "<script>alert(1)</script>"
SWEEP_ROLES = ("administrator", "agent")

# Each hostile value alone (so a bad filter does not hide the next one), then all at once, then repeated.
HOSTILE_QUERIES = [
    {"page": "abc"},
    {"page": "-1"},
    {"page": "99999"},
    {"q": SCRIPT},
    {"q": "\x00"},
    {"q": "é" * 5000},
    {"status": "zzz", "axis": "abc", "direction": "x", "sort": "zzz", "type": "zzz", "fmt": "zzz", "scope": "zzz"},
    {"axis": "999999", "action": "999999", "commune": "999999", "domain": "999999"},
    {"axis": "-1", "action": "abc", "commune": "abc", "domain": "abc", "next": "https://evil.example/"},
    {"page": ["1", "abc"], "q": ["a", SCRIPT], "axis": ["1", "abc"], "type": ["poll", "zzz"], "status": ["a", "b"]},
]

# Field names tried on every POST, besides those the route's own page shows.
GENERIC_FIELDS = (
    "body", "text", "title", "name", "date", "start", "end", "due_date", "value", "progress", "status",
    "choice", "option", "reason", "label", "type", "kind", "commune", "action", "axis", "next", "email",
)  # fmt: skip

GARBAGE_VALUES = ("abc", "999999999", "-1", "2024-02-30", "\x00", "x" * 10_000, SCRIPT)

# The app whose tables a route writes to, by URL namespace.
APP_OF_NAMESPACE = {"communes": "territory"}


def _app_label(name: str) -> str | None:
    namespace = name.split(":")[0] if ":" in name else None
    label = APP_OF_NAMESPACE.get(namespace, namespace)
    return label if label and label in {c.label for c in apps.get_app_configs()} else None


def _counts(label: str | None) -> dict[str, int]:
    if label is None:
        return {}
    return {model._meta.label: model._default_manager.count() for model in apps.get_app_config(label).get_models()}


def _field_names(html: str) -> set[str]:
    return set(re.findall(r'\bname="([^"]+)"', html)) - {"csrfmiddlewaretoken"}


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode(response.charset or "utf-8", errors="replace")


ROUTES = [pytest.param(name, id=name) for name in EXPECTED]


@pytest.mark.parametrize("name", ROUTES)
def test_hostile_query_strings_never_break_a_page(client, users_by_role, world, name):  # noqa: F811
    url = reverse(name, kwargs=world.get(name, {}))
    for role in SWEEP_ROLES:
        client.force_login(users_by_role[role])
        for query in HOSTILE_QUERIES:
            response = client.get(url, query)
            where = f"{role} GET {url} {str(query)[:120]}"
            assert response.status_code < 500, where
            if response.status_code == 200:
                assert SCRIPT not in _body(response), f"{where}: the script is echoed unescaped"


@pytest.mark.parametrize("name", ROUTES)
def test_garbage_posts_never_break_a_page_nor_add_rows(client, users_by_role, world, name):  # noqa: F811
    url = reverse(name, kwargs=world.get(name, {}))
    label = _app_label(name)
    for role in SWEEP_ROLES:
        client.force_login(users_by_role[role])
        page = client.get(url)
        fields = set(GENERIC_FIELDS) | (_field_names(_body(page)) if page.status_code == 200 else set())
        payloads = [{}] + [dict.fromkeys(fields, value) for value in GARBAGE_VALUES]
        for data in payloads:
            client.force_login(users_by_role[role])  # a garbage POST may have signed the user out
            before = _counts(label)
            response = client.post(url, data)
            where = f"{role} POST {url} with {next(iter(data.values()), '')[:20]!r} in {len(data)} fields"
            assert response.status_code < 500, where
            if response.status_code != 302:
                assert _counts(label) == before, f"{where}: answered {response.status_code} but changed rows"
            if response.status_code == 200:
                assert SCRIPT not in _body(response), f"{where}: the script is echoed unescaped"

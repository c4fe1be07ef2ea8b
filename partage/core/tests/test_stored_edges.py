"""Stored edges sweep (issue 15): every form of Partage is filled with the extreme dates and numbers it accepts
and submitted; then every page, feed, calendar, export and API route is requested by every role. None may
answer with a server error: a value a form stores must never break a later page.

Generic on purpose, so that a form added later is swept too: a form is found on each GET route an
administrator (then a pilot) can open, its fields keep the values the page shows, and each `date`,
`datetime-local` and `number` input takes the low or the high edge (the bounds of partage/core/bounds.py add
`min`/`max` to those inputs). Successive date fields get successive days or hours, so "end after start" rules
accept the edges. The routes and the objects they point to come from test_roles.py (`EXPECTED`, `world`).
It runs on PostgreSQL in CI (`make test` with DATABASE_URL), where out-of-range values fail loudest.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.urls import reverse

from partage.core import bounds
from partage.core.tests.test_roles import EXPECTED, POST_ROUTES, world  # noqa: F401 (world is a fixture)
from partage.testing.roles import ROLES

# About three minutes per edge: run where out-of-range values fail loudest (CI's PostgreSQL run).
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored edges sweep runs on PostgreSQL (DATABASE_URL)"
)

EDGES = {
    "low": {"date": bounds.MIN_DATE, "step": 1, "number": "min"},
    "high": {"date": bounds.MAX_DATE, "step": -1, "number": "max"},
}
# Forms whose edges must be stored (a 302 after the POST): the sweep is not vacuous.
MUST_STORE = {
    "low": {"roadmap:edit_action", "roadmap:add_milestone", "roadmap:add_measure", "followup:meeting_edit"},
    "high": {  # a milestone "done" in 2200 is refused (done dates are not in the future)
        "roadmap:edit_action",
        "roadmap:add_measure",
        "followup:meeting_edit",
        "territory:notice_edit",
        "decisions:poll_edit",
    },
}
DECIMAL_EDGES = {"low": "-9999999999,99", "high": "9999999999,99"}
REQUIRED_TEXT = {"email": "limite@lorient-agglo.test", "url": "https://lorient-agglo.test/"}
NOT_SUBMITTED = {"accounts:password_change", "accounts:password_reset", "accounts:login", "set_language"}


class _FormParser(HTMLParser):
    """The first POST form of a page that has a date or number input: [(name, type, value, attrs)]."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[dict]] = []
        self._current: list[dict] | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = []
        elif self._current is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file", "reset"):
                return
            self._current.append({"name": attrs["name"], "type": kind, "value": attrs.get("value", ""), **attrs})
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "type": "select", "value": None, "first": None}
            self._current.append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None and value:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["value"] = value
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = {"name": attrs["name"], "type": "textarea", "value": "", **attrs}
            self._current.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            if self._select["value"] is None:
                self._select["value"] = self._select["first"] or ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def _edge_payload(fields: list[dict], edge: str) -> dict | None:
    spec = EDGES[edge]
    has_edges = any(f["type"] in ("date", "datetime-local", "number") for f in fields)
    if not has_edges:
        return None
    data: dict[str, list[str]] = {}
    dates = 0
    for field in fields:
        value = field["value"] or ""
        if field["type"] in ("date", "datetime-local"):
            day = spec["date"] + datetime.timedelta(days=spec["step"] * (2 - dates if spec["step"] < 0 else dates))
            value = day.isoformat() if field["type"] == "date" else f"{day.isoformat()}T{10 + dates:02d}:00"
            dates += 1
        elif field["type"] == "number":
            value = str(field.get(spec["number"]) or (bounds.MIN_INTEGER if edge == "low" else bounds.MAX_INTEGER))
        elif field.get("inputmode") == "decimal":
            value = DECIMAL_EDGES[edge]  # a DecimalField(max_digits=12, decimal_places=2), the widest stored
        elif not value and "required" in field and field["type"] in ("text", "textarea", "email", "url"):
            value = REQUIRED_TEXT.get(field["type"], "Valeur limite")
        data.setdefault(field["name"], []).append(value)
    return data


def _store_edges(client, users_by_role, world, edge: str) -> set[str]:  # noqa: F811
    stored = set()
    for name in EXPECTED:
        if name in POST_ROUTES or name in NOT_SUBMITTED:
            continue
        url = reverse(name, kwargs=world.get(name, {}))
        for role in ("administrator", "pilot"):
            client.force_login(users_by_role[role])
            page = client.get(url)
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            parser = _FormParser()
            parser.feed(page.content.decode())
            payloads = [p for p in (_edge_payload(form, edge) for form in parser.forms) if p]
            if not payloads:
                break
            response = client.post(url, payloads[0])
            assert response.status_code < 500, f"{role} POST {url} with the {edge} edges: {payloads[0]}"
            if response.status_code == 302:
                stored.add(name)
            break
    return stored


@pytest.mark.parametrize("edge", list(EDGES))
def test_every_page_works_after_each_form_stored_its_edge_values(client, users_by_role, world, edge):  # noqa: F811
    stored = _store_edges(client, users_by_role, world, edge)
    assert MUST_STORE[edge] <= stored, f"not stored: {MUST_STORE[edge] - stored}"
    failures = []
    for name in EXPECTED:
        if name in POST_ROUTES:
            continue
        url = reverse(name, kwargs=world.get(name, {}))
        for role in ROLES:
            user = users_by_role[role]
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)  # exports fail while they stream
            if response.status_code >= 500:
                failures.append(f"{role} GET {url}: {response.status_code}")
    assert failures == [], f"after storing the {edge} edges of {sorted(stored)}"

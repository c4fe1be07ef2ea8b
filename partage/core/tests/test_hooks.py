"""The hook registry shows a registration only to users holding the permission it names."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from partage.core import hooks


@pytest.fixture
def scratch_registry(monkeypatch):
    fresh = hooks.Registry()
    monkeypatch.setattr(hooks, "registry", fresh)
    return fresh


def _render(template: str, user, **extra) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load partage %}" + template).render(Context({"request": request, **extra}))


def test_section_runs_only_for_users_with_its_permission(scratch_registry, moderator, agent, action):
    calls = []

    @hooks.section("action", template="core/tests/hook_section.html", permission="core.moderate_comments")
    def context(request, obj):
        calls.append(request.user)
        return {"word": "bonjour-crochet"}

    assert "bonjour-crochet" in _render('{% page_sections "action" action %}', moderator, action=action)
    assert "bonjour-crochet" not in _render('{% page_sections "action" action %}', agent, action=action)
    assert calls == [moderator]  # the context function never ran for the agent


def test_nav_entries_are_filtered_by_permission(scratch_registry, moderator, agent):
    hooks.nav_entry(label="Essai", url_name="roadmap:dashboard", permission="core.moderate_comments")
    hooks.nav_entry(
        label="Essai", url_name="roadmap:dashboard", permission="core.moderate_comments"
    )  # twice: kept once
    assert [e.label for e in hooks.nav_entries_for(moderator)] == ["Essai"]
    assert hooks.nav_entries_for(agent) == []
    assert hooks.nav_entries_for(None) == []

"""The "voir l'origine" link of a group's review in an action's journal leads to the meeting's minutes:
shown to the readers who may open them, and only to them (a commune contact reads the action page
but not the minutes: no link that answers 403)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partage.roadmap.writes import add_journal_entry

ORIGIN = "voir l'origine"


def _journal(user, action) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(action.get_absolute_url() + "?onglet=journal")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def published_review(action, group, draft_minutes, animator):
    draft_minutes.status = "published"
    draft_minutes.published_at = timezone.now()
    draft_minutes.save()
    url = reverse("followup:minutes", args=[group.slug, draft_minutes.meeting_id])
    add_journal_entry(action=action, text="Revue du groupe QVT.", source="review", source_url=url, author=animator)
    return url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_link"),
    [("agent", True), ("pilot", True), ("moderator", True), ("administrator", True), ("commune_contact", False)],
)
def test_review_link_shown_to_who_may_open_the_minutes(users_by_role, role, sees_link, action, published_review):
    user = users_by_role[role]
    html = _journal(user, action)
    assert "Revue du groupe QVT." in html  # everyone reads the entry itself
    assert (f'href="{published_review}"' in html) is sees_link
    assert (ORIGIN in html) is sees_link
    client = Client()
    client.force_login(user)
    assert client.get(published_review).status_code == (200 if sees_link else 403)


@pytest.mark.django_db
def test_link_to_draft_minutes_only_for_the_group(action, group, draft_minutes, animator, agent):
    url = reverse("followup:minutes", args=[group.slug, draft_minutes.meeting_id])
    add_journal_entry(action=action, text="Revue en brouillon.", source="review", source_url=url, author=animator)
    assert f'href="{url}"' in _journal(animator, action)
    assert f'href="{url}"' not in _journal(agent, action)  # the cached page of a member is not served to others


@pytest.mark.django_db
def test_a_source_nobody_answers_for_shows_no_link(action, administrator):
    add_journal_entry(action=action, text="Note venue d'ailleurs.", source="pilot", source_url="/ailleurs/")
    html = _journal(administrator, action)
    assert "Note venue d'ailleurs." in html and 'href="/ailleurs/"' not in html

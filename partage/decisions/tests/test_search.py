"""Threads and polls in the site search: a group's private thread, and its polls, are found by the
group's members and administrators only; commune contacts find no decision."""

import pytest
from django.urls import reverse

from partage.decisions.models import Poll
from partage.testing.queries import count_queries

from .factories import ThreadFactory, make_poll

pytestmark = pytest.mark.django_db


def search(client, q: str, **params) -> str:
    response = client.get(reverse("search:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def group_poll(group_thread, members):
    return make_poll(thread=group_thread, author=members[0], title="Plages horaires du vendredi")


def test_agent_finds_an_all_agents_thread_and_its_poll(client, agent, thread, proposal):
    client.force_login(agent)
    page = search(client, "télétravail")
    assert "Discussions" in page
    assert thread.get_absolute_url() in page
    page = search(client, "charte")
    assert "Consultations" in page
    assert proposal.get_absolute_url() in page
    assert "ouverte jusqu" in page


def test_group_thread_and_poll_are_found_by_members_and_administrators_only(
    client, agent, pilot, moderator, administrator, members, group_thread, group_poll
):
    for user in (agent, pilot, moderator):
        client.force_login(user)
        for query in ("horaires variables", "vendredi"):
            page = search(client, query)
            assert group_thread.get_absolute_url() not in page, (user, query)
            assert group_poll.get_absolute_url() not in page, (user, query)
        assert group_poll.get_absolute_url() not in search(client, "vendredi", type="polls")
    for user in (members[1], administrator):
        client.force_login(user)
        assert group_thread.get_absolute_url() in search(client, "horaires variables"), user
        page = search(client, "vendredi")
        assert group_poll.get_absolute_url() in page, user


def test_commune_contact_finds_no_thread_or_poll(client, commune_contact, thread, proposal):
    client.force_login(commune_contact)
    page = search(client, "télétravail")
    assert thread.get_absolute_url() not in page
    assert proposal.get_absolute_url() not in search(client, "charte", type="polls")


def test_poll_search_runs_a_fixed_number_of_queries(client, agent):
    client.force_login(agent)

    def count() -> int:
        return count_queries(client, reverse("search:search"), {"q": "cantine"})

    for _ in range(2):
        make_poll(thread=ThreadFactory(title="Menus de la cantine"), title="Menus de la cantine")
    small = count()
    for _ in range(15):
        make_poll(thread=ThreadFactory(title="Menus de la cantine"), title="Menus de la cantine")
    assert count() == small
    assert Poll.objects.count() == 17

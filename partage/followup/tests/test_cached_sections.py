"""The action page's "Groupes de suivi" is rendered once per change (partage/core/hooks.py, `cache=`), once for
staff (with links) and once for other readers (names only), and follows the meetings as they end."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from .factories import GroupFactory, MeetingFactory


def _page(client, user, action) -> str:
    client.force_login(user)
    url = reverse("roadmap:action", kwargs={"programme": action.programme.slug, "number": action.number})
    return client.get(url).content.decode()


@pytest.mark.django_db
def test_links_to_the_group_follow_the_reader_not_the_cache(client, agent, commune_contact, action):
    group = GroupFactory(name="Groupe télétravail", actions=[action])
    link = reverse("followup:group", args=[group.slug])
    agent_page = _page(client, agent, action)
    assert "Groupe télétravail" in agent_page and link in agent_page
    contact_page = _page(client, commune_contact, action)
    if "Groupe télétravail" in contact_page:  # readers who may not open groups get the name only
        assert link not in contact_page
    assert link in _page(client, agent, action)


@pytest.mark.django_db
def test_a_new_group_and_the_next_meeting_show_at_once_and_go_when_it_ends(client, agent, action):
    assert "Groupe télétravail" not in _page(client, agent, action)
    group = GroupFactory(name="Groupe télétravail", actions=[action])
    assert "Groupe télétravail" in _page(client, agent, action)
    now = timezone.now()
    MeetingFactory(group=group, starts_at=now + datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=2))
    with time_machine.travel(now, tick=False):
        assert "prochaine réunion le" in _page(client, agent, action)
    with time_machine.travel(now + datetime.timedelta(hours=3), tick=False):
        assert "prochaine réunion le" not in _page(client, agent, action)

"""A decision's journal entry links to its poll: shown to the poll's readers only (a group's poll: the
group's members and administrators), so that nobody follows a link to an "Accès refusé" page."""

import pytest
from django.test import Client

from partage.roadmap.writes import add_journal_entry

from .factories import make_poll


def _journal(user, action) -> str:
    client = Client()
    client.force_login(user)
    return client.get(action.get_absolute_url() + "?onglet=journal").content.decode()


@pytest.mark.django_db
def test_group_poll_link_for_members_and_administrators_only(action, group_thread, members, agent, administrator):
    poll = make_poll(thread=group_thread, title="Horaires d'été")
    url = poll.get_absolute_url()
    add_journal_entry(action=action, text="Décision du groupe.", source="decision", source_url=url, author=members[0])
    assert f'href="{url}"' in _journal(members[1], action)
    assert f'href="{url}"' in _journal(administrator, action)
    outsider = _journal(agent, action)
    assert "Décision du groupe." in outsider and f'href="{url}"' not in outsider


@pytest.mark.django_db
def test_all_agents_poll_link_for_agents_not_commune_contacts(action, thread, agent, commune_contact):
    poll = make_poll(thread=thread, title="Charte")
    url = poll.get_absolute_url()
    add_journal_entry(action=action, text="Décision de tous.", source="decision", source_url=url, author=agent)
    assert f'href="{url}"' in _journal(agent, action)
    assert f'href="{url}"' not in _journal(commune_contact, action)

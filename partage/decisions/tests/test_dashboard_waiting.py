"""The dashboard's "En attente de mon vote": open polls the reader may vote in and has not voted in."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partage.decisions import writes
from partage.decisions.models import Poll
from partage.followup import writes as followup_actions
from partage.followup.models import Membership

from .factories import ThreadFactory, make_poll, option

BLOCK = "En attente de mon vote"


def block(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("roadmap:dashboard")).content.decode()
    if BLOCK not in page:
        return ""
    return page.split(BLOCK, 1)[1].split("</section>", 1)[0]


def test_an_open_poll_waits_until_the_agent_votes(client, programme, agent, pilot, proposal):
    assert "Adopter la charte" in block(client, pilot)
    writes.cast_vote(poll=proposal, voter=pilot, choices={option(proposal, "agree").pk: 1})
    assert "Adopter la charte" not in block(client, pilot)
    assert "Aucune consultation n'attend votre vote." in block(client, pilot)
    assert "Adopter la charte" in block(client, agent)  # the others still have to vote


def test_closed_and_future_polls_do_not_wait(client, programme, agent, thread):
    now = timezone.now()
    make_poll(thread=thread, title="Pas encore ouverte", opening_at=now + datetime.timedelta(days=1),
              closing_at=now + datetime.timedelta(days=3))  # fmt: skip
    closed = make_poll(thread=thread, title="Déjà close")
    writes.close_poll(poll=closed, by=agent)
    html = block(client, agent)
    assert "Pas encore ouverte" not in html
    assert "Déjà close" not in html


def test_a_future_poll_waits_once_it_opens_though_the_block_was_read_before(client, programme, agent, thread):
    now = timezone.now()
    make_poll(thread=thread, title="Bientôt ouverte", opening_at=now + datetime.timedelta(hours=2),
              closing_at=now + datetime.timedelta(days=3))  # fmt: skip
    assert "Bientôt ouverte" not in block(client, agent)
    with time_machine.travel(now + datetime.timedelta(hours=3), tick=False):
        assert "Bientôt ouverte" in block(client, agent)
    with time_machine.travel(now + datetime.timedelta(days=4), tick=False):
        assert "Bientôt ouverte" not in block(client, agent)  # over by itself: no write closed it


def test_joining_a_group_shows_its_polls_on_the_next_dashboard(client, programme, agent, members, group_thread):
    make_poll(thread=group_thread, author=members[0], title="Plages horaires du vendredi")
    assert "Plages horaires du vendredi" not in block(client, agent)
    followup_actions.add_member(group=group_thread.group, user=agent, role=Membership.Role.VOLUNTEER)
    assert "Plages horaires du vendredi" in block(client, agent)


def test_group_poll_waits_for_members_only(client, programme, agent, members, group_thread):
    make_poll(thread=group_thread, author=members[0], title="Plages horaires du vendredi")
    assert "Plages horaires du vendredi" in block(client, members[2])
    assert "Plages horaires du vendredi" not in block(client, agent)


def test_named_poll_waits_for_the_invited_only(client, programme, agent, pilot, thread):
    make_poll(thread=thread, title="Jury du concours", electorate=Poll.Electorate.NAMED, voters=[pilot])
    assert "Jury du concours" in block(client, pilot)
    assert "Jury du concours" not in block(client, agent)


def test_commune_contacts_get_no_block(client, programme, commune_contact, proposal):
    assert block(client, commune_contact) == ""


def test_block_runs_a_fixed_number_of_queries(client, programme, agent):
    client.force_login(agent)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("roadmap:dashboard"))
        return len(queries)

    for _ in range(2):
        make_poll(thread=ThreadFactory(), title="Consultation")
    client.get(reverse("roadmap:dashboard"))  # the shared, cached parts computed once
    small = count()
    for _ in range(12):
        make_poll(thread=ThreadFactory(), title="Consultation")
    client.get(reverse("roadmap:dashboard"))
    assert count() == small

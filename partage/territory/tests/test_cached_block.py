"""The dashboard's works notices are rendered once per change (partage/core/hooks.py, `cache=`): once for
agents, once per commune for its contacts, and a notice goes from the block when it is over."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from partage.testing import factories

from .factories import WorksNoticeFactory


def _dashboard(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("roadmap:dashboard")).content.decode()


@pytest.mark.django_db
def test_each_commune_contact_sees_their_commune_only_whoever_came_first(client, agent, programme, lanester, hennebont):
    WorksNoticeFactory(title="Travaux à Lanester", communes=[lanester])
    WorksNoticeFactory(title="Travaux à Hennebont", communes=[hennebont])
    lanester_contact = factories.CommuneContactFactory(email="contact@lanester.test", commune=lanester)
    hennebont_contact = factories.CommuneContactFactory(email="contact@hennebont.test", commune=hennebont)
    agent_page = _dashboard(client, agent)
    assert "Travaux à Lanester" in agent_page and "Travaux à Hennebont" in agent_page
    lanester_page = _dashboard(client, lanester_contact)
    assert "Travaux à Lanester" in lanester_page and "Travaux à Hennebont" not in lanester_page
    hennebont_page = _dashboard(client, hennebont_contact)
    assert "Travaux à Hennebont" in hennebont_page and "Travaux à Lanester" not in hennebont_page
    assert reverse("communes:notices", kwargs={"slug": "hennebont"}) in hennebont_page


@pytest.mark.django_db
def test_a_new_notice_shows_at_once_and_goes_when_it_is_over(client, agent, programme, lanester):
    assert "Travaux à Lanester" not in _dashboard(client, agent)
    now = timezone.now()
    WorksNoticeFactory(
        title="Travaux à Lanester", communes=[lanester], starts_at=now, ends_at=now + datetime.timedelta(hours=2)
    )
    with time_machine.travel(now + datetime.timedelta(minutes=1), tick=False):
        assert "Travaux à Lanester" in _dashboard(client, agent)
    with time_machine.travel(now + datetime.timedelta(hours=3), tick=False):
        assert "Travaux à Lanester" not in _dashboard(client, agent)

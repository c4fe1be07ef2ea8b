"""Fixtures of the follow-up tests: a group following action 2.4.1, its animator, its secretary and a
member, a past meeting (with draft minutes, or the same minutes published) and an upcoming one."""

import datetime

import pytest
from django.utils import timezone

from partage.followup import writes
from partage.followup.models import Membership
from partage.testing.factories import UserFactory

from .factories import GroupFactory, MeetingFactory, MinutesFactory


@pytest.fixture
def group(action):
    return GroupFactory(name="Groupe de suivi QVT", slug="qvt", actions=[action])


@pytest.fixture
def animator(group):
    user = UserFactory(email="animatrice@lorient-agglo.test", first_name="Alice", last_name="Animatrice")
    writes.add_member(group=group, user=user, role=Membership.Role.ANIMATOR)
    return user


@pytest.fixture
def member(group):
    user = UserFactory(email="membre@lorient-agglo.test", first_name="Marc", last_name="Membre")
    writes.add_member(group=group, user=user, role=Membership.Role.STAFF_REPRESENTATIVE)
    return user


@pytest.fixture
def secretary(group):
    user = UserFactory(email="secretaire@lorient-agglo.test", first_name="Sophie", last_name="Secrétaire")
    writes.add_member(group=group, user=user, role=Membership.Role.SECRETARY)
    return user


@pytest.fixture
def past_meeting(group, animator, member):
    starts_at = timezone.now() - datetime.timedelta(days=2)
    return MeetingFactory(
        group=group,
        title="Réunion de mars",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        invited=[animator, member],
    )


@pytest.fixture
def draft_minutes(past_meeting):
    return MinutesFactory(meeting=past_meeting, summary="Synthèse **confidentielle** du brouillon.")


@pytest.fixture
def published_minutes(draft_minutes, animator):
    """The draft minutes, published by the animator (history, journal and notifications as in the app)."""
    return writes.publish_minutes(minutes=draft_minutes, by=animator, url=draft_minutes.get_absolute_url())


@pytest.fixture
def upcoming_meeting(group, animator, member):
    return MeetingFactory(group=group, title="Réunion d'avril", invited=[animator, member])


@pytest.fixture
def followup_users(agent, animator, secretary, member, administrator, commune_contact) -> dict:
    """Every role seen by the follow-up module; None is the anonymous visitor."""
    return {
        "anonymous": None,
        "agent": agent,
        "member": member,
        "animator": animator,
        "secretary": secretary,
        "administrator": administrator,
        "commune_contact": commune_contact,
    }

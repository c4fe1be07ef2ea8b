"""Fixtures of the decisions tests: a thread for all agents by the agent, and a group's thread."""

import pytest

from partage.decisions.models import Poll
from partage.followup import writes as followup_actions
from partage.followup.models import Membership
from partage.followup.tests.factories import GroupFactory
from partage.testing.factories import UserFactory

from .factories import ThreadFactory, make_poll


@pytest.fixture
def thread(agent):
    return ThreadFactory(author=agent, title="Organisation du télétravail")


@pytest.fixture
def group(action):
    return GroupFactory(name="Groupe QVT", slug="qvt", actions=[action])


@pytest.fixture
def members(group):
    users = [UserFactory(first_name=f"Membre{i}", last_name="Groupe") for i in range(4)]
    for i, user in enumerate(users):
        role = Membership.Role.ANIMATOR if i == 0 else Membership.Role.VOLUNTEER
        followup_actions.add_member(group=group, user=user, role=role)
    return users


@pytest.fixture
def group_thread(group, members):
    return ThreadFactory(author=members[0], group=group, title="Horaires variables")


@pytest.fixture
def proposal(thread):
    return make_poll(thread=thread, kind=Poll.Kind.PROPOSAL, title="Adopter la charte")

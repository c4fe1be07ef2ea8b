"""The dashboard's open surveys: the open surveys and their targets are read once per change (partage/core/
cache.py), matched against each agent on every request, and follow openings and closings by themselves."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from partage.testing import factories

from .factories import make_survey

pytestmark = pytest.mark.django_db


def _dashboard(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("roadmap:dashboard")).content.decode()


def test_a_targeted_survey_shows_to_its_direction_only_whoever_came_first(client, pilot, programme):
    inside = factories.ServiceFactory()
    insider = factories.UserFactory(service=inside)
    stranger = factories.UserFactory(service=factories.ServiceFactory())
    survey = make_survey(by=pilot, title="Enquête de la direction")
    survey.target_directions.set([inside.direction])
    assert "Enquête de la direction" not in _dashboard(client, stranger)
    assert "Enquête de la direction" in _dashboard(client, insider)
    assert "Enquête de la direction" not in _dashboard(client, stranger)


def test_a_survey_shows_once_published_and_goes_when_it_closes(client, agent, pilot, programme):
    survey = make_survey(by=pilot, title="Enquête qui ferme", is_published=False)
    assert "Enquête qui ferme" not in _dashboard(client, agent)
    now = timezone.now()
    survey.is_published = True
    survey.closes_at = now + datetime.timedelta(hours=1)
    survey.save()
    with time_machine.travel(now, tick=False):
        assert "Enquête qui ferme" in _dashboard(client, agent)
    with time_machine.travel(now + datetime.timedelta(hours=2), tick=False):
        assert "Enquête qui ferme" not in _dashboard(client, agent)

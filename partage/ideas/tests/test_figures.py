"""Dashboard figures (received, answered, implemented, median time to a first answer) and
participation by direction, shown only for groups of at least five agents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partage.ideas import selectors
from partage.ideas.models import Idea, IdeaStatusChange
from partage.testing.factories import DirectionFactory, ServiceFactory, UserFactory

from .factories import IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_figures_count_every_channel_and_give_the_median_delay(moderator):
    now = timezone.now()
    for days, status in ((2, "under_review"), (4, "implemented"), (10, "accepted")):
        idea = IdeaFactory(created_at=now - datetime.timedelta(days=20), status=status)
        IdeaStatusChange.objects.create(
            idea=idea,
            moderator=moderator,
            from_status="submitted",
            to_status=status,
            created_at=now - datetime.timedelta(days=20 - days),
        )
    IdeaFactory(author=None, channel=Idea.Channel.PAPER, found_on=datetime.date(2024, 1, 5))
    figures = selectors.figures()
    assert figures["received"] == 4
    assert figures["answered"] == 3
    assert figures["implemented"] == 1
    assert figures["median_days"] == 4.0


def test_participation_groups_small_directions(client, agent, programme):
    big = DirectionFactory(name="Direction des ressources humaines")
    small = DirectionFactory(name="Direction de la communication")
    idea = IdeaFactory(author=None, is_anonymous=True)
    for _ in range(5):
        SupportFactory(idea=idea, user=UserFactory(service=ServiceFactory(direction=big)))
    for _ in range(2):
        SupportFactory(idea=idea, user=UserFactory(service=ServiceFactory(direction=small)))
    data = selectors.participation_by_direction()
    names = [row["name"] for row in data["rows"]]
    assert "Direction des ressources humaines" in str(names)
    assert "Direction de la communication" not in str(names)
    assert data["rows"][-1]["name"] == "Autres directions" and data["rows"][-1].get("too_small")
    assert data["without_direction"] == 1
    client.force_login(agent)
    body = client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Direction des ressources humaines" in body
    assert "Direction de la communication" not in body
    assert "Moins de 5 participants : non détaillé" in body
    assert "idées reçues" in body


def test_the_dashboard_section_is_not_shown_to_commune_contacts(client, commune_contact, programme):
    IdeaFactory()
    client.force_login(commune_contact)
    assert "idées reçues" not in client.get(reverse("roadmap:dashboard")).content.decode()

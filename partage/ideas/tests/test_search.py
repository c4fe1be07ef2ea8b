"""The idea box in the site search: who finds which idea, and that no hit names an anonymous author."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partage.ideas.models import Idea

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db


def search(client, q: str, **params) -> str:
    response = client.get(reverse("search:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def hidden_idea(moderator):
    return IdeaFactory(
        title="Composteur collectif au siège",
        description="Un composteur pour les déchets de la cantine.",
        hidden_at=timezone.now(),
        hidden_by=moderator,
        hidden_reason="Hors sujet",
    )


@pytest.fixture
def anonymous_idea():
    return IdeaFactory(
        title="Salle de repos silencieuse",
        description="Une pièce calme pour souffler.",
        author=None,
        is_anonymous=True,
    )


def test_agent_finds_a_visible_idea_with_its_status(client, agent, idea):
    client.force_login(agent)
    page = search(client, "fontaines")
    assert "Idées" in page
    assert idea.get_absolute_url() in page
    assert "Déposée" in page


def test_hidden_idea_is_found_by_moderators_only(client, agent, pilot, moderator, administrator, hidden_idea):
    url = hidden_idea.get_absolute_url()
    for user in (agent, pilot):
        client.force_login(user)
        assert url not in search(client, "composteur"), user
        assert url not in search(client, "composteur", type="ideas"), user
    for user in (moderator, administrator):
        client.force_login(user)
        page = search(client, "composteur")
        assert url in page, user
        assert "masquée" in page


def test_commune_contact_gets_no_idea(client, commune_contact, idea):
    client.force_login(commune_contact)
    page = search(client, "fontaines")
    assert idea.get_absolute_url() not in page
    assert search(client, "fontaines", type="ideas").count(idea.get_absolute_url()) == 0


def test_anonymous_idea_never_shows_an_author(client, agent, other_agent, anonymous_idea):
    client.force_login(other_agent)
    page = search(client, "silencieuse")
    assert anonymous_idea.get_absolute_url() in page
    assert "Anne" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    # The author's name is not searched at all: a named idea is not found by its author's name either.
    IdeaFactory(title="Vélos de service", author=agent)
    assert "Vélos de service" not in search(client, "Agent", type="ideas")


def test_idea_search_runs_a_fixed_number_of_queries(client, agent):
    client.force_login(agent)

    def count() -> int:
        from partage.core import cache as versioned_cache

        versioned_cache.forget_all()  # count the computing path, not a cached one
        with CaptureQueriesContext(connection) as queries:
            search(client, "covoiturage", type="ideas")
        return len(queries)

    IdeaFactory.create_batch(3, title="Covoiturage entre sites")
    small = count()
    IdeaFactory.create_batch(30, title="Covoiturage entre sites")
    assert count() == small
    assert Idea.objects.count() == 33

"""Supports: one per agent (database constraint), withdrawable, correct under concurrent load."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from partage.ideas import writes
from partage.ideas.models import Idea, Support
from partage.testing.factories import UserFactory

from .factories import IdeaFactory


@pytest.mark.django_db
def test_support_then_withdraw(client, other_agent, idea):
    client.force_login(other_agent)
    url = reverse("ideas:support", args=[idea.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # twice: still one support
    assert Support.objects.filter(idea=idea).count() == 1
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Vous soutenez cette idée." in page
    mine = client.get(reverse("ideas:list"), {"scope": "supported"}).content.decode()
    assert idea.title in mine
    assert client.post(reverse("ideas:withdraw", args=[idea.pk])).status_code == 302
    assert not Support.objects.exists()
    assert idea.title not in client.get(reverse("ideas:list"), {"scope": "supported"}).content.decode()


@pytest.mark.django_db
def test_closed_ideas_cannot_be_supported(client, other_agent):
    idea = IdeaFactory(status=Idea.Status.REJECTED)
    client.force_login(other_agent)
    assert client.post(reverse("ideas:support", args=[idea.pk])).status_code == 403
    assert not Support.objects.exists()


@pytest.mark.django_db
def test_commune_contacts_cannot_support(client, commune_contact, idea):
    client.force_login(commune_contact)
    assert client.post(reverse("ideas:support", args=[idea.pk])).status_code == 403
    assert not Support.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_agents_supporting_at_once_some_twice_count_once_each():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency test: PostgreSQL only (DATABASE_URL=postgres://…)")
    idea = IdeaFactory()
    users = [UserFactory() for _ in range(50)]
    attempts = users + users[::5]  # ten agents click twice
    barrier = threading.Barrier(len(attempts))
    errors: list[BaseException] = []

    def support(user):
        try:
            barrier.wait(timeout=30)
            writes.support_idea(idea=idea, user=user)
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=support, args=(user,)) for user in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Support.objects.filter(idea=idea).count() == 50
    assert Idea.objects.with_counts().get(pk=idea.pk).support_count == 50

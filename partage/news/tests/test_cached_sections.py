"""The news blocks of the dashboard and the action page are rendered once per change (partage/core/hooks.py,
`cache=`): a post shows right after it is published, and a scheduled post on its own when its time comes."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from .factories import PostFactory


@pytest.mark.django_db
def test_a_new_post_shows_at_once_on_the_dashboard_and_its_action_page(client, agent, action):
    client.force_login(agent)
    dashboard = reverse("roadmap:dashboard")
    action_page = reverse("roadmap:action", kwargs={"programme": action.programme.slug, "number": action.number})
    assert "Aucune actualité pour le moment." in client.get(dashboard).content.decode()
    assert "Le télétravail est ouvert" not in client.get(action_page).content.decode()
    PostFactory(title="Le télétravail est ouvert", actions=[action])
    assert "Le télétravail est ouvert" in client.get(dashboard).content.decode()
    assert "Le télétravail est ouvert" in client.get(action_page).content.decode()


@pytest.mark.django_db
def test_a_scheduled_post_shows_when_its_time_comes(client, agent, action):
    now = timezone.now()
    PostFactory(title="Annonce programmée", published_at=now + datetime.timedelta(hours=1), actions=[action])
    client.force_login(agent)
    dashboard = reverse("roadmap:dashboard")
    action_page = reverse("roadmap:action", kwargs={"programme": action.programme.slug, "number": action.number})
    with time_machine.travel(now, tick=False):
        assert "Annonce programmée" not in client.get(dashboard).content.decode()
        assert "Annonce programmée" not in client.get(action_page).content.decode()
    with time_machine.travel(now + datetime.timedelta(hours=1, minutes=1), tick=False):
        assert "Annonce programmée" in client.get(dashboard).content.decode()
        assert "Annonce programmée" in client.get(action_page).content.decode()

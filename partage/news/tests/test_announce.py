import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from partage.core import follows
from partage.core.models import Notification
from partage.news.models import Post
from partage.news.tasks import announce_scheduled_posts

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def form_data(action, **overrides) -> dict:
    data = {
        "title": "Le télétravail généralisé",
        "summary": "Tous les services peuvent demander le télétravail.",
        "body": "",
        "image_alt": "",
        "status": "published",
        "published_at": "",
        "actions": [action.pk],
    }
    data.update(overrides)
    return data


def test_followers_of_a_linked_action_are_notified_on_publication(
    client, moderator, agent, commune_contact, action, django_capture_on_commit_callbacks
):
    follows.follow(agent, action)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("news:create"), form_data(action))
    post = Post.objects.get()
    notification = Notification.objects.get()
    assert notification.recipient == agent
    assert notification.url == post.get_absolute_url()
    assert "Le télétravail généralisé" in notification.title

    # Editing the post does not announce it again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("news:edit", args=[post.slug]), form_data(action, title="Nouveau titre"))
    assert Notification.objects.count() == 1


def test_drafts_are_not_announced(client, moderator, agent, action, django_capture_on_commit_callbacks):
    follows.follow(agent, action)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("news:create"), form_data(action, status="draft"))
    assert not Notification.objects.exists()


def test_scheduled_post_is_announced_by_the_task_once_due(agent, action):
    follows.follow(agent, action)
    due = timezone.now() + datetime.timedelta(days=1)
    PostFactory(actions=[action], published_at=due)
    announce_scheduled_posts.call_local()
    assert not Notification.objects.exists()
    with time_machine.travel(due + datetime.timedelta(minutes=5), tick=False):
        announce_scheduled_posts.call_local()
        announce_scheduled_posts.call_local()
    assert Notification.objects.filter(recipient=agent, verb="news").count() == 1

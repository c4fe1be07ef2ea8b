"""Query counts of the list and idea pages stay the same when the data grows (1,000 then 10,000 ideas)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partage.core import cache
from partage.core.models import Comment
from partage.ideas.models import Idea, IdeaStatusChange, Support
from partage.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

SIZES = (1_000, 10_000)


def _grow(to: int, users, axis, action) -> None:
    """Bulk-create ideas up to `to`, with supports, comments and answers on some of them."""
    start = Idea.objects.count()
    ideas = Idea.objects.bulk_create(
        [
            Idea(
                title=f"Idée numéro {i}",
                description="Texte",
                author=users[i % len(users)] if i % 3 else None,
                is_anonymous=not i % 3,
                axis=axis if i % 2 else None,
                action=action if i % 4 == 0 else None,
                implementing_action=action if i % 7 == 0 else None,
            )
            for i in range(start, to)
        ]
    )
    ideas = list(Idea.objects.order_by("-pk")[: to - start])
    idea_type = ContentType.objects.get_for_model(Idea)
    Support.objects.bulk_create(
        [Support(idea=idea, user=user) for idea in ideas[:2000] for user in users[:3]], ignore_conflicts=True
    )
    Comment.objects.bulk_create(
        [Comment(content_type=idea_type, object_id=idea.pk, author=users[0], body="Oui") for idea in ideas[:1000]]
    )
    IdeaStatusChange.objects.bulk_create(
        [IdeaStatusChange(idea=idea, from_status="submitted", to_status="under_review") for idea in ideas[:1000]]
    )


def _count(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (content types, sites) so both sizes start alike
    cache.forget_all()  # ...but count the computing path: a render from the figures cache would hide an N+1
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_list_and_idea_pages_query_counts_are_constant(client, agent, action):
    users = [agent] + [UserFactory() for _ in range(4)]
    client.force_login(agent)
    axis = action.objective.axis
    counts = {}
    for size in SIZES:
        _grow(size, users, axis, action)
        first = Idea.objects.order_by("pk").first()
        urls = {
            "list": reverse("ideas:list"),
            "list_sorted": reverse("ideas:list") + "?sort=supported&status=submitted&q=idée",
            "discussed": reverse("ideas:list") + "?sort=discussed&scope=supported",
            "mine": reverse("ideas:list") + "?scope=mine&page=3",
            "idea": first.get_absolute_url(),
            "action": action.get_absolute_url(),
            "dashboard": reverse("roadmap:dashboard"),
        }
        counts[size] = {name: _count(client, url) for name, url in urls.items()}
    assert counts[SIZES[0]] == counts[SIZES[1]], counts

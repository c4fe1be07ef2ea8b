"""The ideas figures of the dashboard are cached (partage/core/cache.py) and follow every write."""

import pytest
from django.urls import reverse

from .factories import IdeaFactory


@pytest.mark.django_db
def test_the_dashboard_counts_a_new_idea_right_away(client, agent, programme):
    client.force_login(agent)
    url = reverse("roadmap:dashboard")
    assert '<span class="figure">0</span> idées reçues' in client.get(url).content.decode()
    IdeaFactory(author=agent)
    assert '<span class="figure">1</span> idées reçues' in client.get(url).content.decode()

import pytest
from django.urls import reverse

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_administrator_uses_the_post_admin_in_french(client, administrator):
    post = PostFactory(title="Le télétravail s'étend")
    client.force_login(administrator)
    changelist = client.get(reverse("admin:news_post_changelist"))
    assert changelist.status_code == 200
    assert "Le télétravail s&#x27;étend" in changelist.content.decode()
    add = client.get(reverse("admin:news_post_add"))
    assert "Texte alternatif de l&#x27;image" in add.content.decode()
    assert client.get(reverse("admin:news_post_change", args=[post.pk])).status_code == 200
    assert client.get(reverse("admin:news_post_history", args=[post.pk])).status_code == 200


def test_agent_cannot_open_the_post_admin(client, agent):
    client.force_login(agent)
    assert client.get(reverse("admin:news_post_changelist")).status_code == 302

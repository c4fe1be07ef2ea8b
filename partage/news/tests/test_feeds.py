import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from partage.news.models import Post

from .factories import PostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def posts():
    PostFactory(title="Publiée", summary="Le résumé public.", body="Le texte réservé aux agents.")
    PostFactory(title="Brouillon caché", status=Post.Status.DRAFT, published_at=None)
    PostFactory(title="Programmée cachée", published_at=timezone.now() + datetime.timedelta(days=1))


def test_rss_is_public_valid_and_lists_only_published_posts(client, posts):
    response = client.get(reverse("news:rss"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["Publiée"]
    assert items[0].findtext("description") == "Le résumé public."
    assert items[0].findtext("link").endswith("/actualites/actualite-0/") or "/actualites/" in items[0].findtext("link")
    assert b"Le texte r\xc3\xa9serv\xc3\xa9 aux agents" not in response.content


def test_atom_is_public_valid_and_lists_only_published_posts(client, posts):
    response = client.get(reverse("news:atom"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Publiée"]
    assert entries[0].findtext(f"{ATOM}summary") == "Le résumé public."
    assert "aux agents" not in response.content.decode()

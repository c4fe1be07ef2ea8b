"""An archived action leaves the living roadmap everywhere else too: other apps' lists and pickers, the
dashboard, search, the API, exports and open data. It stays reachable where one asks for the archives
(the archives page, `?archived=true` in the API, `?archives=1` on the export) and at its own address."""

import pytest
from django.test import Client
from django.urls import reverse

from partage.followup.tests.factories import GroupFactory
from partage.roadmap import writes
from partage.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(action):
    """A living action and an archived one of the same objective (2.4.1 living, 2.4.2 archived)."""
    archived = factories.ActionFactory(
        objective=action.objective, position=2, number="2.4.2", title="Ancienne fiche sur le covoiturage"
    )
    writes.archive_action(action=archived)
    return action, archived


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_search_finds_living_actions_only(pair, agent):
    living, archived = pair
    html = _client(agent).get(reverse("search:search"), {"q": "fiche"}).content.decode()
    assert archived.title not in html
    html = _client(agent).get(reverse("search:search"), {"q": "2.4.2"}).content.decode()
    assert archived.title not in html


def test_api_lists_archived_actions_only_when_asked(pair, client):
    living, archived = pair
    url = reverse("api:actions", kwargs={"version": "v1", "programme": living.programme.slug})
    assert [row["number"] for row in client.get(url).json()["results"]] == ["2.4.1"]
    assert [row["number"] for row in client.get(url, {"archived": "true"}).json()["results"]] == ["2.4.2"]
    response = client.get(url, {"archived": "peut-être"})
    assert response.status_code == 400 and "archived" in response.json()["errors"]
    # Its own address still answers: a link made before the archiving does not break.
    detail = reverse("api:action", kwargs={"version": "v1", "programme": living.programme.slug, "number": "2.4.2"})
    assert client.get(detail).status_code == 200


def test_export_leaves_archived_actions_out_unless_asked(pair, administrator):
    living, archived = pair
    url = reverse("roadmap:export_csv", kwargs={"programme": living.programme.slug})
    client = _client(administrator)
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert "2.4.1" in body and "2.4.2" not in body
    response = client.get(url, {"archives": "1"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2.4.2" in body and "2.4.1" not in body
    assert "archivees" in response["Content-Disposition"]


def test_open_data_is_the_living_roadmap(pair, client):
    living, archived = pair
    url = reverse("api:opendata_csv", kwargs={"programme": living.programme.slug})
    response = client.get(url)
    body = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")
    assert "2.4.1" in body and "2.4.2" not in body


def test_pilot_dashboard_leaves_out_an_archived_action_and_its_milestones(pair, pilot):
    living, archived = pair
    archived.pilots.add(pilot)
    factories.MilestoneFactory(action=archived, title="Jalon d'une fiche archivée")
    html = _client(pilot).get(reverse("roadmap:dashboard")).content.decode()
    assert living.title in html
    assert archived.title not in html and "Jalon d'une fiche archivée" not in html


def test_followup_group_page_and_review_rows_leave_out_archived_actions(pair, administrator):
    living, archived = pair
    group = GroupFactory(slug="qvt", actions=[living, archived])
    html = _client(administrator).get(reverse("followup:group", args=[group.slug])).content.decode()
    assert living.title in html and archived.title not in html


def test_pickers_offer_no_archived_action_but_keep_an_existing_link(pair, administrator):
    living, archived = pair
    from partage.news.forms import PostForm
    from partage.news.models import Post

    new = PostForm()
    assert list(new.fields["actions"].queryset) == [living]
    post = Post.objects.create(title="Le covoiturage", slug="covoiturage", body="Texte", author=administrator)
    post.actions.set([archived])
    assert set(PostForm(instance=post).fields["actions"].queryset) == {living, archived}

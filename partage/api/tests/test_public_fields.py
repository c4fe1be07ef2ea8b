"""The public endpoints return no field that a page hides from someone not signed in, field by field.

References: the communes' public pages (territory.views.public.PUBLIC_FIELDS), the public news feeds
(title, summary, date, link), and for the roadmap the fields the issue lists as public (tree, status,
progress, dates, milestones, indicators and measures, values) — never a person, the journal, a
measure's comment or author, or the transcription note, which only the signed-in action page shows.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partage.api import serializers as s
from partage.news.tests.factories import PostFactory
from partage.territory.tests.factories import WorksNoticeFactory
from partage.territory.views.public import PUBLIC_FIELDS
from partage.testing import factories

# Labels that only spell out a public value (the status "in_progress" as « En cours »).
LABELS = {"nature_label", "status_label"}


def api(client, name, **kwargs):
    response = client.get(reverse(f"api:{name}", kwargs={"version": "v1", **kwargs}))
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def rich_action(action, pilot):
    """An action with everything filled, private parts marked so that a leak is visible."""
    action.source_note = "NOTE-INTERNE"
    action.description = "Description publiée dans la brochure."
    action.save()
    action.contributors.add(factories.UserFactory(first_name="CONTRIBUTEUR", last_name="SECRET"))
    factories.MilestoneFactory(action=action, title="Charte signée")
    indicator = factories.IndicatorFactory(action=action, name="Agents en télétravail", unit="agents")
    factories.IndicatorMeasureFactory(indicator=indicator, comment="COMMENTAIRE-INTERNE", recorded_by=pilot)
    factories.ProgressUpdateFactory(action=action, author=pilot, text="JOURNAL-INTERNE")
    return action


def test_public_action_fields_are_exactly_the_public_ones(client, rich_action, pilot):
    slug, number = rich_action.programme.slug, rich_action.number
    row = api(client, "actions", programme=slug)["results"][0]
    assert list(row) == s.PUBLIC_ACTION_FIELDS
    detail = api(client, "action", programme=slug, number=number)
    assert list(detail) == s.PUBLIC_ACTION_DETAIL_FIELDS
    assert set(detail["milestones"][0]) == {"id", "title", "due_date", "done_date", "state"}
    assert set(detail["indicators"][0]) == {"id", "name", "unit", "baseline", "target", "description", "measures"}
    assert set(detail["indicators"][0]["measures"][0]) == {"date", "value"}  # no comment, no author
    assert detail["pilot_direction"] is None or set(detail["pilot_direction"]) == {"id", "name", "acronym"}


def test_no_private_value_leaks_anywhere_in_public_answers(client, rich_action, pilot):
    slug, number = rich_action.programme.slug, rich_action.number
    texts = [
        client.get(reverse("api:actions", kwargs={"version": "v1", "programme": slug})).content.decode(),
        client.get(
            reverse("api:action", kwargs={"version": "v1", "programme": slug, "number": number})
        ).content.decode(),
        client.get(reverse("api:programme", kwargs={"version": "v1", "programme": slug})).content.decode(),
        client.get(reverse("api:opendata_csv", kwargs={"programme": slug})).content.decode(),
        client.get(reverse("api:opendata_json", kwargs={"programme": slug})).content.decode(),
    ]
    for text in texts:
        for secret in ("NOTE-INTERNE", "CONTRIBUTEUR", "COMMENTAIRE-INTERNE", "JOURNAL-INTERNE", pilot.email, "Pilote"):
            assert secret not in text


def test_readers_get_what_the_action_page_shows_them(client, rich_action, agent):
    client.force_login(agent)
    detail = api(client, "action", programme=rich_action.programme.slug, number=rich_action.number)
    assert list(detail) == [*s.PUBLIC_ACTION_DETAIL_FIELDS, *s.READER_ONLY_FIELDS]
    assert detail["source_note"] == "NOTE-INTERNE"
    assert detail["indicators"][0]["measures"][0]["comment"] == "COMMENTAIRE-INTERNE"


def test_notices_carry_exactly_the_public_page_fields(client, db):
    lanester = factories.CommuneFactory(name="Lanester", slug="lanester")
    notice = WorksNoticeFactory(communes=[lanester], impact="IMPACT-INTERNE")
    past = timezone.now() - datetime.timedelta(days=2)
    WorksNoticeFactory(communes=[lanester], starts_at=past, ends_at=past + datetime.timedelta(days=1), title="Fini")
    page = client.get(reverse("communes:notices", kwargs={"slug": "lanester"})).content.decode()
    rows = api(client, "commune_notices", slug="lanester")["results"]
    assert [row["title"] for row in rows] == [notice.title]  # the same notices as the public page
    assert set(rows[0]) - LABELS - {"id"} == set(PUBLIC_FIELDS)
    assert "IMPACT-INTERNE" not in str(rows) and "IMPACT-INTERNE" not in page
    assert notice.public_message in page and rows[0]["public_message"] == notice.public_message
    for private in ("impact", "service", "domain", "created_by", "send_at", "is_urgent", "is_late"):
        assert private not in rows[0]


def test_news_carries_what_the_public_feeds_carry(client, moderator):
    published = PostFactory(title="Télétravail : la charte", body="TEXTE-COMPLET")
    PostFactory(title="BROUILLON", status="draft", published_at=None)
    PostFactory(title="PROGRAMMEE", published_at=timezone.now() + datetime.timedelta(days=3))
    feed = client.get(reverse("news:rss")).content.decode()
    rows = api(client, "posts")["results"]
    assert [row["title"] for row in rows] == [published.title]
    assert list(rows[0]) == s.PUBLIC_POST_FIELDS == ["slug", "title", "summary", "published_at"]
    assert "TEXTE-COMPLET" not in str(rows) and "TEXTE-COMPLET" not in feed
    assert published.summary in feed
    assert "BROUILLON" not in feed and "PROGRAMMEE" not in feed
    assert (
        client.get(reverse("api:post", kwargs={"version": "v1", "slug": published.slug})).json()["title"]
        == published.title
    )
    # editors see drafts, as on the news pages (Post.objects.visible_to)
    client.force_login(moderator)
    assert {row["title"] for row in api(client, "posts")["results"]} == {published.title, "BROUILLON", "PROGRAMMEE"}


def test_a_draft_is_404_to_the_public(client, db):
    draft = PostFactory(status="draft", published_at=None)
    response = client.get(reverse("api:post", kwargs={"version": "v1", "slug": draft.slug}))
    assert response.status_code == 404

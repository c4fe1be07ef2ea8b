"""The "versions" page of an edited comment: earlier texts, newest first, for whoever may see the object."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partage.core import cache, comments


def versions_url(comment) -> str:
    return reverse("core:comment_versions", args=[comment.pk])


@pytest.fixture
def edited(action, agent):
    start = timezone.make_aware(datetime.datetime(2024, 3, 1, 9, 0))
    with time_machine.travel(start, tick=False):
        comment = comments.post_comment(author=agent, target=action, body="Première version du texte.")
    with time_machine.travel(start + datetime.timedelta(days=1), tick=False):
        comments.edit_comment(comment, body="Deuxième version du texte.", editor=agent)
    with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
        comments.edit_comment(comment, body="Version actuelle du texte.", editor=agent)
    return comment


def test_modified_mark_links_to_the_versions_page(client, agent, action, edited):
    client.force_login(agent)
    html = client.get(action.get_absolute_url() + "?onglet=discussion").content.decode()
    assert versions_url(edited) in html


def test_versions_page_lists_earlier_texts_newest_first(client, commune_contact, edited):
    client.force_login(commune_contact)  # may see the action, so its comments' versions
    response = client.get(versions_url(edited))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Version actuelle du texte." in html
    assert html.index("Deuxième version du texte.") < html.index("Première version du texte.")
    assert "Texte du 2 mars 2024" in html
    assert "Texte du 1 mars 2024" in html or "Texte du 1er mars 2024" in html


def test_unedited_comment_says_so(client, agent, action):
    comment = comments.post_comment(author=agent, target=action, body="Jamais modifié.")
    client.force_login(agent)
    assert "Ce commentaire n'a pas été modifié." in client.get(versions_url(comment)).content.decode()


def test_deleted_comment_shows_no_earlier_text(client, moderator, agent, edited):
    comments.delete_comment(edited)
    client.force_login(moderator)
    response = client.get(versions_url(edited))
    assert response.status_code == 200
    html = response.content.decode()
    assert "version du texte" not in html
    assert "ses versions ne sont pas conservées" in html


def test_hidden_comment_versions_are_for_moderators_only(client, agent, moderator, edited):
    comments.hide_comment(edited, moderator=moderator, reason="Hors sujet")
    client.force_login(agent)
    assert client.get(versions_url(edited)).status_code == 403
    client.force_login(moderator)
    response = client.get(versions_url(edited))
    assert response.status_code == 200
    assert "Première version du texte." in response.content.decode()


def test_unknown_comment_is_404_and_anonymous_goes_to_login(client, agent, edited):
    assert client.get(versions_url(edited)).status_code == 302
    client.force_login(agent)
    assert client.get(reverse("core:comment_versions", args=[999999])).status_code == 404


def _count(client, comment) -> int:
    cache.forget_all()  # count the computing path: a value from the figures cache would hide an N+1
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(versions_url(comment))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_versions(client, agent, action):
    comment = comments.post_comment(author=agent, target=action, body="v0")
    comments.edit_comment(comment, body="v1", editor=agent)
    client.force_login(agent)
    few = _count(client, comment)
    for n in range(2, 12):
        comments.edit_comment(comment, body=f"v{n}", editor=agent)
    assert _count(client, comment) == few

"""The moderation queue: reported comments, newest first, hidden or dismissed ("classé sans suite")."""

import pytest
from django.urls import reverse

from partage.core import comments
from partage.core.models import Comment, CommentReport
from partage.testing.factories import UserFactory
from partage.testing.queries import count_queries


def queue_url() -> str:
    return reverse("core:reports")


@pytest.fixture
def reported(action, pilot, agent):
    comment = comments.post_comment(author=pilot, target=action, body="Un propos **déplacé**.")
    comments.report_comment(comment, reporter=agent, reason="Propos blessant")
    return comment


def test_queue_shows_reported_comment_with_reasons_count_and_link(client, moderator, administrator, action, reported):
    other = UserFactory()
    comments.report_comment(reported, reporter=other, reason="Hors sujet")
    for user in (moderator, administrator):
        client.force_login(user)
        response = client.get(queue_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Un propos" in html
        assert "Propos blessant" in html and "Hors sujet" in html
        assert "Signalé 2 fois" in html
        # The link opens the action's discussion tab at the comment.
        assert f"{action.get_absolute_url()}?onglet=discussion#commentaire-{reported.pk}" in html
        assert reverse("core:hide_comment", args=[reported.pk]) in html


def test_queue_is_refused_to_other_roles(client, agent, pilot, commune_contact, reported):
    for user in (agent, pilot, commune_contact):
        client.force_login(user)
        assert client.get(queue_url()).status_code == 403
        assert client.post(reverse("core:dismiss_reports", args=[reported.pk])).status_code == 403
    assert CommentReport.objects.filter(handled_at__isnull=True).count() == 1


def test_header_links_to_the_queue_for_moderators_only(client, moderator, agent):
    client.force_login(moderator)
    assert queue_url() in client.get(reverse("core:notifications")).content.decode()
    client.force_login(agent)
    assert queue_url() not in client.get(reverse("core:notifications")).content.decode()


def test_newest_report_first(client, moderator, action, pilot, agent, reported):
    later = comments.post_comment(author=pilot, target=action, body="Signalé en dernier.")
    comments.report_comment(later, reporter=agent, reason="Spam")
    client.force_login(moderator)
    html = client.get(queue_url()).content.decode()
    assert html.index("Signalé en dernier.") < html.index("Un propos")


def test_dismiss_empties_the_queue_and_keeps_the_comment(client, moderator, reported):
    client.force_login(moderator)
    response = client.post(reverse("core:dismiss_reports", args=[reported.pk]))
    assert response.status_code == 302
    assert response["Location"] == queue_url()
    assert not CommentReport.objects.filter(handled_at__isnull=True).exists()
    reported.refresh_from_db()
    assert reported.hidden_at is None
    html = client.get(queue_url()).content.decode()
    assert "Aucun signalement en attente." in html
    assert "Les signalements sont classés sans suite." in html


def test_hiding_from_the_queue_returns_to_it_and_handles_the_reports(client, moderator, reported):
    client.force_login(moderator)
    response = client.post(
        reverse("core:hide_comment", args=[reported.pk]), {"reason": "Propos injurieux", "next": queue_url()}
    )
    assert response.status_code == 302
    assert response["Location"] == queue_url()
    reported.refresh_from_db()
    assert reported.hidden_reason == "Propos injurieux"
    assert not CommentReport.objects.filter(handled_at__isnull=True).exists()
    assert "Aucun signalement en attente." in client.get(queue_url()).content.decode()


def test_hide_ignores_an_outside_next(client, moderator, action, reported):
    client.force_login(moderator)
    response = client.post(
        reverse("core:hide_comment", args=[reported.pk]), {"reason": "Spam", "next": "https://evil.example/"}
    )
    assert response["Location"].startswith(action.get_absolute_url())


def test_a_comment_hidden_earlier_is_not_in_the_queue(client, moderator, reported):
    Comment.objects.filter(pk=reported.pk).update(hidden_at=reported.created_at, hidden_reason="Ancien masquage")
    client.force_login(moderator)
    assert "Aucun signalement en attente." in client.get(queue_url()).content.decode()


def _count(client) -> int:
    return count_queries(client, queue_url())


def _report_many(action, n: int) -> None:
    for i in range(n):
        author, reporter = UserFactory(), UserFactory()
        comment = comments.post_comment(author=author, target=action, body=f"Commentaire {i}")
        comments.report_comment(comment, reporter=reporter, reason=f"Motif {i}")


def test_query_count_is_the_same_at_two_sizes(client, moderator, programme, action):
    from partage.testing.factories import ActionFactory

    _report_many(action, 2)
    client.force_login(moderator)
    small = _count(client)
    _report_many(action, 6)
    _report_many(ActionFactory(objective=action.objective), 4)
    assert _count(client) == small

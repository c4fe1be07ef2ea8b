"""Comments on an action: post, replies, edit with history, delete, moderation, reports, Markdown, @mentions."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partage.core import comments
from partage.core.follows import is_following
from partage.core.models import Comment, CommentReport, Notification
from partage.testing.factories import UserFactory


def post_url(action) -> str:
    return reverse("core:post_comment", args=[ContentType.objects.get_for_model(action).pk, action.pk])


def discussion_url(action) -> str:
    """The action page's « Discussion » tab, where its comments are."""
    return action.get_absolute_url() + "?onglet=discussion"


def page(client, action) -> str:
    return client.get(discussion_url(action)).content.decode()


@pytest.fixture
def comment(action, agent):
    return comments.post_comment(author=agent, target=action, body="Premier **avis** sur le télétravail.")


def test_agent_posts_a_comment_shown_on_the_action_page(client, agent, action):
    client.force_login(agent)
    response = client.post(post_url(action), {"body": "Très bonne initiative !"})
    assert response.status_code == 302
    assert response["Location"].startswith(discussion_url(action) + "#commentaire-")
    html = page(client, action)
    assert "Très bonne initiative !" in html
    assert "Commentaires (1)" in html
    assert is_following(agent, action)


def test_empty_comment_shows_a_french_error_and_saves_nothing(client, agent, action):
    client.force_login(agent)
    response = client.post(post_url(action), {"body": "   "})
    assert response.status_code == 400
    assert "Écrivez un commentaire avant de l&#x27;envoyer." in response.content.decode()
    assert not Comment.objects.exists()


def test_commune_contact_cannot_comment(client, commune_contact, action):
    client.force_login(commune_contact)
    assert client.post(post_url(action), {"body": "Bonjour"}).status_code == 403
    assert not Comment.objects.exists()


def test_unknown_object_is_not_found(client, agent, action):
    client.force_login(agent)
    url = reverse("core:post_comment", args=[ContentType.objects.get_for_model(action).pk, 999999])
    assert client.post(url, {"body": "Bonjour"}).status_code == 404
    url = reverse("core:post_comment", args=[ContentType.objects.get_for_model(agent).pk, agent.pk])
    assert client.post(url, {"body": "Bonjour"}).status_code == 404  # users are not commentable


def test_reply_to_a_reply_attaches_to_the_top_comment(client, agent, moderator, action, comment):
    client.force_login(moderator)
    client.post(post_url(action), {"body": "Une réponse", "parent": comment.pk})
    reply = Comment.objects.get(body="Une réponse")
    assert reply.parent == comment
    client.post(post_url(action), {"body": "Réponse à la réponse", "parent": reply.pk})
    assert Comment.objects.get(body="Réponse à la réponse").parent == comment


def test_reply_notifies_the_first_author(client, agent, moderator, action, comment):
    client.force_login(moderator)
    client.post(post_url(action), {"body": "Je réponds", "parent": comment.pk})
    notification = Notification.objects.get(recipient=agent, verb="comment")
    assert "a commenté" in notification.title
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_author_edits_keeps_history_and_shows_modified(client, agent, action, comment):
    client.force_login(agent)
    response = client.get(reverse("core:edit_comment", args=[comment.pk]))
    assert response.status_code == 200
    client.post(reverse("core:edit_comment", args=[comment.pk]), {"body": "Avis corrigé."})
    comment.refresh_from_db()
    assert comment.body == "Avis corrigé."
    assert comment.edited_at is not None
    assert list(comment.history.order_by("history_date").values_list("body", flat=True)) == [
        "Premier **avis** sur le télétravail.",
        "Avis corrigé.",
    ]
    html = page(client, action)
    assert "Avis corrigé." in html
    assert "(modifié)" in html


def test_others_cannot_edit_or_delete(client, moderator, comment):
    client.force_login(moderator)
    assert client.post(reverse("core:edit_comment", args=[comment.pk]), {"body": "Piraté"}).status_code == 403
    assert client.post(reverse("core:delete_comment", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.body.startswith("Premier")


def test_author_deletes_and_text_is_blanked(client, agent, action, comment):
    client.force_login(agent)
    response = client.post(reverse("core:delete_comment", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == ""
    assert set(comment.history.values_list("body", flat=True)) == {""}
    html = page(client, action)
    assert "Commentaire supprimé par son auteur" in html
    assert "Premier" not in html


def test_moderator_hides_with_a_reason(client, moderator, action, comment, agent):
    client.force_login(moderator)
    response = client.post(reverse("core:hide_comment", args=[comment.pk]), {"reason": "Propos hors charte"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_by == moderator
    client.force_login(agent)
    html = page(client, action)
    assert "Commentaire masqué par la modération : Propos hors charte" in html
    assert "Premier" not in html


def test_author_is_told_when_a_moderator_hides_their_comment(client, moderator, action, comment, agent):
    client.force_login(moderator)
    client.post(reverse("core:hide_comment", args=[comment.pk]), {"reason": "Propos hors charte"})
    notification = Notification.objects.get(recipient=agent, verb="comment_hidden")
    assert "a été masqué par la modération" in notification.title
    assert "Motif : Propos hors charte" in notification.title
    assert notification.url.endswith(f"#commentaire-{comment.pk}")
    assert notification.actor is None  # the moderation decides, no moderator is named to the author
    # Only the author is told; unhiding tells nobody.
    assert Notification.objects.filter(verb="comment_hidden").count() == 1
    client.post(reverse("core:hide_comment", args=[comment.pk]), {"unhide": "1"})
    assert Notification.objects.filter(verb="comment_hidden").count() == 1
    client.force_login(agent)
    assert "Motif : Propos hors charte" in client.get(reverse("core:notifications")).content.decode()


def test_hiding_needs_a_reason(client, moderator, comment):
    client.force_login(moderator)
    response = client.post(reverse("core:hide_comment", args=[comment.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif du masquage." in response.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_agent_cannot_hide(client, pilot, comment):
    client.force_login(pilot)
    assert client.post(reverse("core:hide_comment", args=[comment.pk]), {"reason": "Non"}).status_code == 403
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_agent_reports_once_and_moderators_are_told(client, pilot, moderator, comment):
    client.force_login(pilot)
    url = reverse("core:report_comment", args=[comment.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "Propos blessants"})
    response = client.post(url, {"reason": "Encore"}, follow=True)
    assert "Vous aviez déjà signalé ce commentaire." in response.content.decode()
    assert CommentReport.objects.filter(comment=comment).count() == 1
    assert Notification.objects.filter(recipient=moderator, verb="comment_report").count() == 1


def test_markdown_is_rendered_and_script_stripped(client, agent, action):
    client.force_login(agent)
    client.post(post_url(action), {"body": "**gras** <script>alert('x')</script>"})
    html = page(client, action)
    assert "<strong>gras</strong>" in html
    assert "<script>alert" not in html


def test_mention_notifies_the_agent(client, agent, action):
    helene = UserFactory(first_name="Hélène", last_name="Le Gall", email="helene.legall@lorient-agglo.test")
    other = UserFactory(email="autre@lorient-agglo.test")
    client.force_login(agent)
    client.post(post_url(action), {"body": "Qu'en pense @helene.le-gall ? Et @autre@lorient-agglo.test ?"})
    assert Notification.objects.filter(recipient=helene, verb="mention").count() == 1
    assert Notification.objects.filter(recipient=other, verb="mention").count() == 1
    assert "vous a mentionné" in Notification.objects.get(recipient=helene).title


def test_ambiguous_name_mention_notifies_nobody(agent, action):
    UserFactory.create_batch(2, first_name="Jean", last_name="Martin")
    comments.post_comment(author=agent, target=action, body="@jean.martin ?")
    assert not Notification.objects.filter(verb="mention").exists()


def test_form_help_text_documents_mentions(client, agent, action):
    client.force_login(agent)
    assert "@prenom.nom" in page(client, action)


def _thread_queries(client, action, n: int) -> int:
    users = UserFactory.create_batch(3)
    for i in range(n):
        top = comments.post_comment(author=users[i % 3], target=action, body=f"Commentaire {i}")
        comments.post_comment(author=users[(i + 1) % 3], target=action, body=f"Réponse {i}", parent=top)
    client.get(discussion_url(action))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(discussion_url(action))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_comment_thread_queries_are_constant(client, agent, action, programme):
    client.force_login(agent)
    small = _thread_queries(client, action, 2)
    Comment.objects.all().delete()
    large = _thread_queries(client, action, 12)
    assert small == large


def test_administrator_cannot_edit_or_delete_someone_elses_comment(client, administrator, comment):
    client.force_login(administrator)
    assert client.get(reverse("core:edit_comment", args=[comment.pk])).status_code == 403
    assert client.post(reverse("core:delete_comment", args=[comment.pk])).status_code == 403

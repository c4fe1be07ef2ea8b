"""The moderation workflow: public answers, notifications, history, links to actions, duplicates,
hiding; and forged moderator requests refused with nothing changed."""

import pytest
from django.urls import reverse

from partage.core.follows import follow
from partage.core.models import Notification
from partage.ideas import writes
from partage.ideas.models import Idea, IdeaStatusChange, Support
from partage.roadmap.models import Action, ProgressUpdate
from partage.testing.factories import ActionFactory, UserFactory

from .factories import IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


def _moderate(client, idea, **data):
    return client.post(reverse("ideas:moderate", args=[idea.pk]), data)


def test_accepting_with_an_action_answers_notifies_records_and_writes_the_journal(
    client, moderator, idea, agent, other_agent, action
):
    follow(other_agent, idea)
    client.force_login(moderator)
    response = _moderate(client, idea, status="accepted", answer="Retenue : voir la fiche.", action=action.pk)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.ACCEPTED and idea.implementing_action == action
    change = IdeaStatusChange.objects.get(idea=idea)
    assert (change.moderator, change.from_status, change.to_status, change.action) == (
        moderator,
        "submitted",
        "accepted",
        action,
    )
    assert Notification.objects.filter(recipient=agent, verb="idea_status").count() == 1
    assert Notification.objects.filter(recipient=other_agent, verb="idea_status").count() == 1
    assert not Notification.objects.filter(recipient=moderator).exists()
    entry = ProgressUpdate.objects.get(action=action, source=ProgressUpdate.Source.IDEA)
    assert idea.title in entry.text and entry.source_url == idea.get_absolute_url()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Retenue : voir la fiche." in page
    action_page = client.get(action.get_absolute_url()).content.decode()
    assert "Vous avez dit, nous avons fait" in action_page and idea.title in action_page


def test_implementing_by_a_new_action_creates_it_next_in_its_objective(client, moderator, idea, action):
    client.force_login(moderator)
    _moderate(client, idea, status="accepted", answer="Retenue.")
    response = _moderate(
        client,
        idea,
        status="implemented",
        answer="Mise en œuvre.",
        new_action_objective=action.objective.pk,
        new_action_title="Installer des fontaines",
    )
    assert response.status_code == 302
    new = Action.objects.get(title="Installer des fontaines")
    assert (new.number, new.position, new.origin) == ("2.4.2", 2, Action.Origin.ADDED)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IMPLEMENTED and idea.implementing_action == new
    assert ProgressUpdate.objects.filter(action=new, source=ProgressUpdate.Source.IDEA).exists()
    assert list(IdeaStatusChange.objects.filter(idea=idea).values_list("to_status", flat=True)) == [
        "accepted",
        "implemented",
    ]


def test_rejecting_needs_an_answer(client, moderator, idea):
    client.force_login(moderator)
    response = _moderate(client, idea, status="rejected", answer="")
    assert response.status_code == 400
    assert "pourquoi l&#x27;idée n&#x27;est pas retenue" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED and not IdeaStatusChange.objects.exists()


def test_implemented_needs_an_action(client, moderator, idea):
    client.force_login(moderator)
    _moderate(client, idea, status="accepted")
    response = _moderate(client, idea, status="implemented")
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.status == Idea.Status.ACCEPTED


def test_a_status_outside_the_workflow_is_refused(client, moderator, idea):
    client.force_login(moderator)
    assert _moderate(client, idea, status="implemented", action=ActionFactory().pk).status_code == 400
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED


def test_merging_a_duplicate_carries_supports_over_counting_each_agent_once(client, moderator, idea):
    duplicate = IdeaFactory(title="Des fontaines d'eau")
    both, only_duplicate, only_original = UserFactory(), UserFactory(), UserFactory()
    for user in (both, only_duplicate):
        SupportFactory(idea=duplicate, user=user)
    for user in (both, only_original):
        SupportFactory(idea=idea, user=user)
    client.force_login(moderator)
    response = _moderate(client, duplicate, status="duplicate", answer="Déjà proposée.", duplicate_of=idea.pk)
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Idea.Status.DUPLICATE and duplicate.duplicate_of == idea
    assert set(Support.objects.filter(idea=idea).values_list("user", flat=True)) == {
        both.pk,
        only_duplicate.pk,
        only_original.pk,
    }
    assert not Support.objects.filter(idea=duplicate).exists()
    assert Idea.objects.with_counts().get(pk=idea.pk).support_count == 3


def test_a_duplicate_of_itself_is_refused(client, moderator, idea):
    client.force_login(moderator)
    assert _moderate(client, idea, status="duplicate", duplicate_of=idea.pk).status_code == 400
    assert _moderate(client, idea, status="duplicate", duplicate_of=999999).status_code == 400


def test_forged_moderator_posts_by_an_agent_are_refused_and_change_nothing(client, agent, idea, action):
    client.force_login(agent)
    assert _moderate(client, idea, status="accepted", answer="Forgé", action=action.pk).status_code == 403
    assert client.post(reverse("ideas:hide", args=[idea.pk]), {"reason": "Forgé"}).status_code == 403
    assert client.post(reverse("ideas:transcribe"), {"title": "Forgé"}).status_code == 403
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED and idea.hidden_at is None
    assert not IdeaStatusChange.objects.exists() and Idea.objects.count() == 1
    assert not ProgressUpdate.objects.exists()


def test_hiding_an_idea_with_a_reason_hides_it_from_agents(client, moderator, other_agent, idea):
    client.force_login(moderator)
    assert client.post(reverse("ideas:hide", args=[idea.pk]), {"reason": ""}).status_code == 400
    assert client.post(reverse("ideas:hide", args=[idea.pk]), {"reason": "Propos injurieux"}).status_code == 302
    idea.refresh_from_db()
    assert idea.hidden_reason == "Propos injurieux" and idea.hidden_by == moderator
    assert "Propos injurieux" in client.get(reverse("ideas:moderation")).content.decode()
    client.force_login(other_agent)
    assert client.get(idea.get_absolute_url()).status_code == 404
    assert idea.title not in client.get(reverse("ideas:list")).content.decode()
    client.force_login(moderator)
    client.post(reverse("ideas:hide", args=[idea.pk]), {"unhide": "1"})
    idea.refresh_from_db()
    assert idea.hidden_at is None


def test_transcribing_a_paper_idea_with_its_date(client, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("ideas:transcribe"),
        {"title": "Un abri vélo", "description": "Trouvée dans la boîte du hall.", "channel": "paper", "found_on": ""},
    )
    assert response.status_code == 400
    assert "Indiquez la date" in response.content.decode()
    response = client.post(
        reverse("ideas:transcribe"),
        {
            "title": "Un abri vélo",
            "description": "Trouvée dans la boîte.",
            "channel": "paper",
            "found_on": "2024-03-05",
        },
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert (idea.channel, str(idea.found_on), idea.author, idea.transcribed_by) == (
        "paper",
        "2024-03-05",
        None,
        moderator,
    )


def test_reported_comments_on_ideas_are_listed_for_moderators(client, moderator, agent, other_agent, idea):
    from partage.core.comments import post_comment, report_comment

    comment = post_comment(author=other_agent, target=idea, body="Un commentaire déplacé")
    report_comment(comment, reporter=agent, reason="Insultant")
    client.force_login(moderator)
    body = client.get(reverse("ideas:moderation")).content.decode()
    assert "Un commentaire déplacé" in body and "Insultant" in body


def test_change_status_function_notifies_nobody_for_an_anonymous_idea(moderator, agent):
    from partage.core import anonymity

    writes.submit_idea(author=agent, title="Anonyme", description="Texte", anonymous=True)
    anonymity.release(force=True)
    writes.change_status(idea=Idea.objects.get(), moderator=moderator, status=Idea.Status.UNDER_REVIEW)
    assert not Notification.objects.exists()

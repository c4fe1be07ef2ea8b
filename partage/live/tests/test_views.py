import datetime
import importlib
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from partage.ideas.models import Idea
from partage.live import writes
from partage.live.identity import cookie_name
from partage.live.models import Activity, Answer, Contribution, LiveSession, Participant, Vote
from partage.live.results import public_contributions
from partage.live.tasks import purge_expired
from partage.roadmap.models import ProgressUpdate
from partage.testing.factories import UserFactory
from partage.testing.queries import count_queries

from .factories import SessionFactory, poll, wordcloud

pytestmark = pytest.mark.django_db


def grant_host(user):
    group, _ = Group.objects.get_or_create(name="Animateurs")
    group.permissions.add(Permission.objects.get(codename="host_session", content_type__app_label="live"))
    user.groups.add(group)
    return user


def test_an_agent_hosts_once_a_group_grants_the_permission(client, agent):
    client.force_login(agent)
    assert client.get(reverse("live:sessions")).status_code == 403
    grant_host(agent)
    assert client.get(reverse("live:sessions")).status_code == 200
    response = client.post(reverse("live:session_create"), {"title": "Atelier télétravail", "pacing": "presenter"})
    session = LiveSession.objects.get()
    assert response.status_code == 302
    assert session.host == agent and len(session.code) == 6
    # Another host does not manage it.
    other = grant_host(UserFactory())
    client.force_login(other)
    assert client.get(session.get_absolute_url()).status_code == 403


def test_commune_contact_never_hosts_even_in_the_group(client, commune_contact):
    grant_host(commune_contact)
    client.force_login(commune_contact)
    assert client.get(reverse("live:sessions")).status_code == 403


def test_host_adds_a_quiz_with_its_correct_answer(client, administrator):
    session = SessionFactory(host=administrator)
    client.force_login(administrator)
    response = client.post(
        reverse("live:activity_create", kwargs={"pk": session.pk}),
        {
            "kind": "quiz",
            "prompt": "Capitale du Morbihan ?",
            "choices_text": "Lorient\n*Vannes\nPontivy",
            "max_choices": 1,
            "results": "hidden",
            "scale": "5",
            "moderation": "post",
            "max_words": 3,
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert [c["label"] for c in activity.choices if c["correct"]] == ["Vannes"]


def test_quiz_without_a_correct_answer_is_refused_in_french(client, administrator):
    session = SessionFactory(host=administrator)
    client.force_login(administrator)
    response = client.post(
        reverse("live:activity_create", kwargs={"pk": session.pk}),
        {
            "kind": "quiz",
            "prompt": "?",
            "choices_text": "A\nB",
            "max_choices": 1,
            "results": "hidden",
            "scale": "5",
            "moderation": "post",
            "max_words": 3,
        },
    )
    assert response.status_code == 400
    assert "bonne réponse" in response.content.decode()
    assert not Activity.objects.exists()


def test_join_sets_a_signed_cookie_and_states_retention(client):
    session = SessionFactory()
    response = client.get(f"/j/{session.code.lower()}/")
    assert response.status_code == 302  # lower case is normalised
    response = client.get(f"/j/{session.code}/")
    assert response.status_code == 200
    assert cookie_name(session.code) in response.cookies
    assert "90 jours" in response.content.decode()
    assert not Participant.objects.exists()  # no row for a GET


def test_code_form_redirects_and_unknown_code_is_a_french_404(client):
    session = SessionFactory()
    assert (
        client.get(reverse("live:join_form"), {"code": f" {session.code.lower()} "})["Location"]
        == f"/j/{session.code}/"
    )
    response = client.get(reverse("live:join_form"), {"code": "ZZZZZZ"})
    assert response.status_code == 404
    assert "Aucune session ne porte ce code" in response.content.decode()


def test_locked_session_refuses_newcomers_but_keeps_participants(client):
    session = SessionFactory()
    client.get(f"/j/{session.code}/")
    client.get(reverse("live:poll_state", kwargs={"code": session.code}))  # becomes a participant
    writes.control(session=session, action="lock")
    assert client.get(f"/j/{session.code}/").status_code == 200
    from django.test import Client

    assert Client().get(f"/j/{session.code}/").status_code == 403


def test_polling_fallback_answers_idempotently(client):
    session = SessionFactory()
    activity = poll(session)
    writes.control(session=session, action="goto", activity_id=activity.pk)
    client.get(f"/j/{session.code}/")
    state = client.get(reverse("live:poll_state", kwargs={"code": session.code})).json()
    assert state["activity"]["id"] == activity.pk
    assert (
        client.get(reverse("live:poll_state", kwargs={"code": session.code}), {"since": state["seq"]}).status_code
        == 204
    )
    message = {"type": "answer", "id": str(uuid.uuid4()), "activity": activity.pk, "value": {"choices": ["a"]}}
    url = reverse("live:poll_send", kwargs={"code": session.code})
    assert client.post(url, message, content_type="application/json").json()["status"] == "stored"
    assert client.post(url, message, content_type="application/json").json()["status"] == "duplicate"
    assert Answer.objects.count() == 1


def test_attach_results_to_an_action_journal(client, administrator, action):
    session = SessionFactory(host=administrator)
    session.actions.add(action)
    activity = poll(session)
    writes.control(session=session, action="goto", activity_id=activity.pk)
    participant = Participant.objects.create(session=session)
    writes.submit_answer(
        participant=participant, activity_id=activity.pk, client_id=uuid.uuid4(), value={"choices": ["b"]}
    )
    client.force_login(administrator)
    response = client.post(reverse("live:attach", kwargs={"pk": session.pk}), {"actions": [action.pk]})
    assert response.status_code == 302
    entry = ProgressUpdate.objects.get(action=action)
    assert "Quel jour pour le télétravail" in entry.text
    assert "Vendredi : 1" in entry.text
    assert entry.source == "live"


def test_anonymous_question_becomes_an_anonymous_idea(client, administrator, agent):
    session = SessionFactory(host=administrator)
    qa = Activity.objects.create(session=session, position=1, kind=Activity.Kind.QA, prompt="Questions")
    writes.control(session=session, action="goto", activity_id=qa.pk)
    participant = Participant.objects.create(session=session, user=agent)
    ack = writes.contribute(
        participant=participant, activity_id=qa.pk, client_id=uuid.uuid4(), text="Un local vélo ?", anonymous=True
    )
    contribution = Contribution.objects.get(pk=ack["contribution"])
    assert contribution.participant is None and contribution.author_name == ""
    client.force_login(administrator)
    client.post(reverse("live:to_idea", kwargs={"pk": session.pk}), {"contribution": contribution.pk})
    idea = Idea.objects.get()
    assert idea.is_anonymous and idea.author is None
    assert idea.title == "Un local vélo ?"
    contribution.refresh_from_db()
    assert contribution.idea_url == idea.get_absolute_url()


def test_exports_are_formula_safe(client, administrator):
    session = SessionFactory(host=administrator)
    cloud = wordcloud(session, position=1, filter_profanity=False)
    writes.control(session=session, action="goto", activity_id=cloud.pk)
    participant = Participant.objects.create(session=session)
    writes.submit_answer(
        participant=participant, activity_id=cloud.pk, client_id=uuid.uuid4(), value={"words": ["=1+1"]}
    )
    client.force_login(administrator)
    body = client.get(reverse("live:export", kwargs={"pk": session.pk, "activity_pk": cloud.pk, "fmt": "csv"})).content
    assert b"'=1+1" in body
    assert str(participant.key).encode() not in body
    assert client.get(reverse("live:summary", kwargs={"pk": session.pk})).status_code == 200


def test_duplicate_copies_activities_not_answers(client, administrator):
    session = SessionFactory(host=administrator)
    poll(session)
    Participant.objects.create(session=session)
    client.force_login(administrator)
    client.post(reverse("live:duplicate", kwargs={"pk": session.pk}), {"as": "template"})
    copy = LiveSession.objects.exclude(pk=session.pk).get()
    assert copy.is_template and copy.activities.count() == 1 and not copy.participants.exists()
    assert copy.code != session.code


def test_purge_removes_old_sessions_and_guest_data():
    old = SessionFactory(status=LiveSession.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=91))
    Participant.objects.create(session=old)
    recent = SessionFactory(status=LiveSession.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=5))
    assert purge_expired() == 1
    assert list(LiveSession.objects.all()) == [recent]
    assert not Participant.objects.exists()


def test_session_list_queries_do_not_grow(client, administrator):
    def add(count: int) -> None:
        for n in range(count):
            session = SessionFactory(host=administrator, title=f"Session {n}")
            poll(session)
            Participant.objects.create(session=session)

    def queries() -> int:
        return count_queries(client, reverse("live:sessions"))

    client.force_login(administrator)
    add(2)
    small = queries()
    add(18)
    assert queries() == small


def test_anonymous_questions_keep_no_sequence_nor_time_and_keep_their_votes(administrator, agent):
    """Issue 16: an anonymous question has a random key apart from the named ones' sequence, the day
    only as its date, and the re-insertion that follows each one keeps votes and moderation."""
    session = SessionFactory(host=administrator)
    qa = Activity.objects.create(session=session, position=1, kind=Activity.Kind.QA, prompt="Questions")
    writes.control(session=session, action="goto", activity_id=qa.pk)
    asker = Participant.objects.create(session=session, user=agent)
    voter = Participant.objects.create(session=session, key=uuid.uuid4())

    def ask(text, anonymous):
        ack = writes.contribute(
            participant=asker, activity_id=qa.pk, client_id=uuid.uuid4(), text=text, anonymous=anonymous
        )
        return ack["contribution"]

    first = ask("Un local vélo ?", True)
    writes.vote(participant=voter, contribution_id=first, client_id=uuid.uuid4())
    named = ask("Et la cantine ?", False)
    second = ask("Des horaires souples ?", True)
    assert first < 0 and second < 0 < named
    hidden = Contribution.objects.get(pk=first)
    assert hidden.votes_count == 1 and hidden.votes.count() == 1 and hidden.participant is None
    assert timezone.localtime(hidden.created_at).time() == datetime.time(0, 0)
    # The next named question still follows the sequence of the named ones only.
    assert ask("Et le parking ?", False) == named + 1
    writes.moderate(session=session, contribution_id=second, action="pin")
    texts = [row["text"] for row in public_contributions(qa)]
    assert texts[0] == "Des horaires souples ?" and set(texts) == {
        "Un local vélo ?",
        "Et la cantine ?",
        "Des horaires souples ?",
        "Et le parking ?",
    }


def test_the_migration_rekeys_existing_anonymous_questions(administrator, agent):
    from django.apps import apps

    rekey = importlib.import_module("partage.live.migrations.0002_anonymous_contribution_keys").rekey
    session = SessionFactory(host=administrator)
    qa = Activity.objects.create(session=session, position=1, kind=Activity.Kind.QA, prompt="Questions")
    asker = Participant.objects.create(session=session, user=agent)
    voter = Participant.objects.create(session=session, key=uuid.uuid4())
    old = Contribution.objects.create(activity=qa, client_id=uuid.uuid4(), text="Ancienne question")
    named = Contribution.objects.create(activity=qa, participant=asker, client_id=uuid.uuid4(), text="Nommée")
    merged = Contribution.objects.create(activity=qa, client_id=uuid.uuid4(), text="Doublon", merged_into=old)
    Vote.objects.create(contribution=old, participant=voter)
    rekey(apps, None)
    moved = Contribution.objects.get(text="Ancienne question")
    assert moved.pk < 0 and moved.pk != old.pk and moved.votes.count() == 1
    assert timezone.localtime(moved.created_at).time() == datetime.time(0, 0)
    assert Contribution.objects.get(text="Doublon").merged_into_id == moved.pk and merged.pk != moved.pk
    assert Contribution.objects.get(text="Nommée").pk == named.pk

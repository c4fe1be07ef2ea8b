"""Anonymity means it: after an anonymous submission through the real view, a dump of the whole
database (history tables and sessions included) holds nothing that ties the idea to its author."""

import io
import json
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.urls import reverse

from partage.accounts.sessions import RENEWED_ON, SIGNED_IN_ON
from partage.core import anonymity
from partage.core.models import Follow, HeldContribution, Notification
from partage.ideas import writes
from partage.ideas.models import Idea, hash_token

pytestmark = pytest.mark.django_db


def _submit_anonymously(client, agent) -> tuple[Idea, str]:
    client.force_login(agent)
    response = client.post(
        reverse("ideas:submit"),
        {
            "title": "Une idée sensible sur l'encadrement",
            "description": "Les réunions finissent trop tard.",
            "anonymous": "on",
            "step": "confirm",
        },
    )
    # Post/redirect/get: to the private page itself, which shows the link and its copy button.
    assert response.status_code == 302 and "/idees/suivi/" in response["Location"]
    response = client.get(response["Location"])
    assert response["Cache-Control"] == "no-store"
    link = re.search(r'value="(http[^"]+/idees/suivi/([^/"]+)/)"', response.content.decode())
    assert link, "the private link is shown"
    assert 'data-copy="lien-prive"' in response.content.decode()
    # Held until the next release: only the private link shows it meanwhile.
    assert not Idea.objects.exists()
    assert "Une idée sensible" in client.get(reverse("ideas:private", args=[link.group(2)])).content.decode()
    assert "Une idée sensible" not in client.get(reverse("ideas:list")).content.decode()
    assert anonymity.release(force=True) == 1
    return Idea.objects.get(), link.group(2)


def test_dump_of_the_whole_database_does_not_tie_the_idea_to_its_author(client, agent, moderator):
    idea, token = _submit_anonymously(client, agent)
    # The moderator answers: this writes history, notifications and follows for others.
    writes.change_status(idea=idea, moderator=moderator, status=Idea.Status.UNDER_REVIEW, answer="Nous étudions.")
    client.get(reverse("ideas:list"))  # the author keeps browsing

    assert idea.author_id is None and idea.is_anonymous
    assert idea.private_token_hash == hash_token(token) and token not in idea.private_token_hash
    assert not Follow.objects.filter(user=agent).exists()
    assert not Notification.objects.filter(recipient=agent).exists()

    out = io.StringIO()
    call_command("dumpdata", "--all", "--format=json", stdout=out)
    rows = json.loads(out.getvalue())
    assert any(r["model"] == "sessions.session" for r in rows), "sessions are in the dump"
    author_keys = ("author", "user", "recipient", "actor", "history_user", "transcribed_by", "hidden_by", "reporter")
    for row in rows:
        fields = row["fields"]
        text = json.dumps(row, ensure_ascii=False)
        if row["model"].split(".")[1].startswith("historical"):
            # The author did nothing but submit: no history row of any table names them.
            assert fields.get("history_user") != agent.pk, f"{row['model']} {row['pk']} names the author"
        related_to_idea = (
            (row["model"] == "ideas.idea" and row["pk"] == idea.pk)
            or fields.get("idea") == idea.pk
            or (fields.get("object_id") == idea.pk)
            or (fields.get("target_object_id") == idea.pk)
            or idea.title in text
        )
        if related_to_idea:
            assert agent.email not in text, f"{row['model']} {row['pk']} holds the author's email"
            for user_key in author_keys:
                assert fields.get(user_key) != agent.pk, f"{row['model']}.{user_key} is the author"
        # No row anywhere holds the secret token itself (sessions are decoded first).
        assert token not in text
        if row["model"] == "sessions.session":
            session = SessionStore().decode(fields["session_data"])
            decoded = json.dumps(session, ensure_ascii=False)
            assert token not in decoded and idea.title not in decoded and idea.private_token_hash not in decoded
            assert set(session) <= {"_auth_user_id", "_auth_user_backend", "_auth_user_hash", SIGNED_IN_ON, RENEWED_ON}
            # The sliding session's days (partage/accounts/sessions.py): a day, never the submission's minute.
            days = [session[key] for key in (SIGNED_IN_ON, RENEWED_ON) if key in session]
            assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) for day in days), session


def test_the_private_link_shows_the_answers_without_login_and_a_wrong_token_is_404(client, agent, moderator):
    idea, token = _submit_anonymously(client, agent)
    writes.change_status(idea=idea, moderator=moderator, status=Idea.Status.ACCEPTED, answer="Bonne idée, retenue.")
    client.logout()
    response = client.get(reverse("ideas:private", args=[token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bonne idée, retenue." in body and "Retenue" in body
    assert moderator.email not in body
    assert client.get(reverse("ideas:private", args=[token[:-1] + "x"])).status_code == 404
    assert client.get(reverse("ideas:private", args=["x" * 200])).status_code == 404


def test_reloading_the_confirmation_does_not_post_the_idea_again(client, agent):
    client.force_login(agent)
    data = {"title": "Idée à déposer une seule fois", "description": "…", "anonymous": "on", "step": "confirm"}
    response = client.post(reverse("ideas:submit"), data, follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][1] == 302
    confirmation = response.redirect_chain[-1][0]
    for _reload in range(3):  # what a browser's reload does on the page it landed on: a GET
        again = client.get(confirmation)
        assert "Idée à déposer une seule fois" in again.content.decode()
        assert "Votre idée est déposée anonymement" in again.content.decode()
    assert HeldContribution.objects.count() == 1
    assert anonymity.release(force=True) == 1
    assert Idea.objects.count() == 1
    # Once published, the same address still answers with the idea and the link to keep.
    assert "Lien privé" in client.get(confirmation).content.decode()


def test_anonymous_ideas_are_not_in_my_ideas(client, agent):
    idea, _token = _submit_anonymously(client, agent)
    response = client.get(reverse("ideas:list"), {"scope": "mine"})
    assert idea.title not in response.content.decode()
    assert "Anonyme" in client.get(idea.get_absolute_url()).content.decode()


def test_held_ideas_are_released_in_a_batch_in_random_order_dated_by_the_release(client, agent, settings):
    """Released together once ANONYMOUS_RELEASE_MIN are waiting, each dated by the release only, and
    their keys in no particular order with respect to the order of writing."""
    import datetime

    import time_machine
    from django.utils import timezone

    settings.ANONYMOUS_RELEASE_HOURS = 3
    settings.ANONYMOUS_RELEASE_MIN = 3
    start = datetime.datetime(2026, 3, 2, 6, 7, tzinfo=datetime.UTC)
    orders = set()
    for attempt in range(12):
        with time_machine.travel(start + datetime.timedelta(days=attempt), tick=False) as traveller:
            for number in range(4):
                traveller.shift(datetime.timedelta(minutes=17))
                writes.submit_idea(author=agent, title=f"Idée {attempt}-{number}", description="…", anonymous=True)
                if number == 1:
                    assert anonymity.release() == 0, "two waiting: fewer than ANONYMOUS_RELEASE_MIN"
            assert HeldContribution.objects.count() == 4
            traveller.move_to(start.replace(hour=9, minute=0) + datetime.timedelta(days=attempt))
            assert anonymity.release() == 4
        batch = list(Idea.objects.filter(title__startswith=f"Idée {attempt}-").order_by("pk"))
        assert {idea.created_at for idea in batch} == {
            timezone.make_aware(datetime.datetime(2026, 3, 2 + attempt, 9), datetime.UTC)
        }
        orders.add(tuple(idea.title[-1] for idea in batch))
    assert not HeldContribution.objects.exists()
    assert len(orders) > 1, "the keys follow the order of writing"

"""Hidden results stay hidden on every page, partial and export; anonymous ballots keep no link
to their voter anywhere in the database."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from partage.core import anonymity
from partage.core.models import HeldContribution, Notification
from partage.decisions import writes
from partage.decisions.models import Poll, PollParticipation, Stance, StanceChoice
from partage.testing.factories import UserFactory

from .factories import make_poll, option

SECRET_OPTIONS = ["Option-Zéphyr", "Option-Boréal"]


def hidden_poll(thread, visibility):
    poll = make_poll(
        thread=thread, kind=Poll.Kind.POLL, options=SECRET_OPTIONS, results_visibility=visibility, title="Vote masqué"
    )
    voters = [UserFactory() for _ in range(3)]
    for voter in voters:
        writes.cast_vote(poll=poll, voter=voter, choices={option(poll, "Option-Zéphyr").pk: 1}, reason="raison-secrète")
    return poll


def pages(poll):
    return {
        "poll": reverse("decisions:poll", args=[poll.pk]),
        "results": reverse("decisions:results", args=[poll.pk]),
        "partial": reverse("decisions:results_partial", args=[poll.pk]),
        "thread": reverse("decisions:thread", args=[poll.thread_id]),
        "threads": reverse("decisions:threads"),
        "notifications": reverse("core:notifications"),
    }


def assert_hidden(client, poll):
    for name, url in pages(poll).items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "raison-secrète" not in body, name
        assert "Résultats par option" not in body, name
        assert "% des points" not in body, name
        assert 'class="results-chart"' not in body, name
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("decisions:results_export", args=[poll.pk, fmt])).status_code == 403
        assert client.get(reverse("decisions:ballots_export", args=[poll.pk, fmt])).status_code == 403


def assert_shown(client, poll):
    body = client.get(pages(poll)["results"]).content.decode()
    assert "Résultats par option" in body and "raison-secrète" in body
    assert client.get(reverse("decisions:results_export", args=[poll.pk, "csv"])).status_code == 200


@pytest.mark.parametrize("visibility", [Poll.ResultsVisibility.AFTER_VOTE, Poll.ResultsVisibility.AFTER_CLOSE])
def test_hidden_results_hidden_everywhere_until_allowed(client, thread, agent, visibility):
    poll = hidden_poll(thread, visibility)
    client.force_login(agent)
    assert_hidden(client, poll)
    # The author too: results are hidden from everyone.
    client.force_login(poll.author)
    assert_hidden(client, poll)
    client.force_login(agent)
    writes.cast_vote(poll=poll, voter=agent, choices={option(poll, "Option-Boréal").pk: 1})
    if visibility == Poll.ResultsVisibility.AFTER_VOTE:
        assert_shown(client, poll)
    else:
        assert_hidden(client, poll)
        writes.close_poll(poll=poll, by=poll.author)
        assert_shown(client, poll)
    assert not any("Zéphyr" in n.title for n in Notification.objects.all())


def test_visible_results_are_exported(client, thread, agent):
    poll = hidden_poll(thread, Poll.ResultsVisibility.ALWAYS)
    client.force_login(poll.author)
    response = client.get(reverse("decisions:results_export", args=[poll.pk, "csv"]))
    content = response.getvalue().decode("utf-8-sig")
    assert "Option-Zéphyr;3;1;100.0;100.0" in content
    response = client.get(reverse("decisions:ballots_export", args=[poll.pk, "csv"]))
    assert "raison-secrète" in response.getvalue().decode("utf-8-sig")


def test_anonymous_poll_dump_holds_no_link_between_voter_and_choice(client, thread):
    poll = make_poll(thread=thread, kind=Poll.Kind.POLL, options=["Alpha", "Bêta", "Gamma"], anonymous=True)
    voters = [UserFactory() for _ in range(4)]
    chosen = ["Alpha", "Bêta", "Gamma", "Alpha"]
    for voter, text in zip(voters, chosen, strict=True):
        client.force_login(voter)
        response = client.post(
            reverse("decisions:vote", args=[poll.pk]), {"choice": [option(poll, text).pk], "reason": f"avis {text}"}
        )
        assert response.status_code == 302
    assert PollParticipation.objects.filter(poll=poll).count() == 4
    assert Stance.objects.filter(poll=poll, voter__isnull=False).count() == 0
    # Held until the next release (core.anonymity), then written as one shuffled batch.
    assert not Stance.objects.filter(poll=poll).exists()
    assert anonymity.release(force=True) == 4

    out = io.StringIO()
    call_command("dumpdata", format="json", stdout=out)
    dump = json.loads(out.getvalue())
    stance_ids = {str(s.pk) for s in Stance.objects.filter(poll=poll)}
    choice_ids = {str(c.pk) for c in StanceChoice.objects.filter(stance__poll=poll)}
    ballot_ids = stance_ids | choice_ids
    for row in dump:
        fields = row["fields"]
        values = {json.dumps(v, sort_keys=True) for v in fields.values()} | {json.dumps(row.get("pk"))}
        mentions_ballot = any(json.dumps(b) in values for b in ballot_ids)
        if row["model"] in ("decisions.stance", "decisions.stancechoice"):
            # Ballots: no voter, no timestamp.
            assert fields.get("voter") is None
            assert fields.get("created_at") is None
            assert set(fields) <= {"poll", "voter", "is_latest", "created_at", "reason", "stance", "option", "value"}
        elif mentions_ballot:
            pytest.fail(f"{row['model']} row refers to a ballot: {row}")
        if row["model"].startswith("decisions.historical") or row["model"].startswith("core.historical"):
            assert not any(b in json.dumps(fields) for b in ballot_ids), row
    # No notification, follow or history row was written by voting.
    assert not Notification.objects.filter(actor__in=voters).exists()
    # Participation rows carry the voter but nothing that orders or dates them.
    participation = next(r for r in dump if r["model"] == "decisions.pollparticipation")
    assert set(participation["fields"]) == {"poll", "user"}
    # StanceChoice values must not be user ids in disguise: they are 1 for a choice.
    assert {c.value for c in StanceChoice.objects.filter(stance__poll=poll)} == {1}


def test_anonymous_participants_listed_only_from_three(client, thread, agent):
    poll = make_poll(thread=thread, anonymous=True)
    voters = [UserFactory(first_name="Votant", last_name=f"Numéro{i}") for i in range(3)]
    client.force_login(agent)
    for i, voter in enumerate(voters):
        writes.cast_vote(poll=poll, voter=voter, choices={option(poll, "agree").pk: 1})
        body = client.get(reverse("decisions:poll", args=[poll.pk])).content.decode()
        if i < 2:
            assert "Numéro0" not in body
            assert "la liste des votants s'affiche à partir de 3 votes" in body
        else:
            assert all(f"Numéro{j}" in body for j in range(3))
    for fmt in ("csv", "xlsx"):
        client.force_login(poll.author)
        assert client.get(reverse("decisions:ballots_export", args=[poll.pk, fmt])).status_code == 403


def test_anonymous_results_wait_for_three_voters_count_held_ballots_and_closing_releases_them(client, thread, settings):
    settings.ANONYMOUS_RESULTS_MIN = 3
    poll = make_poll(thread=thread, kind=Poll.Kind.POLL, options=["Alpha", "Bêta"], anonymous=True)
    voters = [UserFactory() for _ in range(3)]
    client.force_login(voters[0])
    for number, voter in enumerate(voters):
        writes.cast_vote(poll=poll, voter=voter, choices={option(poll, "Alpha" if number else "Bêta").pk: 1})
        body = client.get(reverse("decisions:results", args=[poll.pk])).content.decode()
        if number < 2:
            assert "Vote anonyme : les résultats s'affichent à partir de 3 votes." in body
            assert "Alpha" not in body or "<dt>Votants</dt>" not in body
            assert client.get(reverse("decisions:results_export", args=[poll.pk, "csv"])).status_code == 403
    assert "<dt>Votants</dt><dd>3</dd>" in body, "held ballots are counted before their release"
    assert HeldContribution.objects.count() == 3 and not Stance.objects.filter(poll=poll).exists()
    writes.close_poll(poll=poll, by=poll.author)
    assert not HeldContribution.objects.exists()
    assert Stance.objects.filter(poll=poll).count() == 3
    assert "<dt>Votants</dt><dd>3</dd>" in client.get(reverse("decisions:results", args=[poll.pk])).content.decode()

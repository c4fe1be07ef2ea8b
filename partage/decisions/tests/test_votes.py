"""Voting through the HTTP forms: casting and changing a vote, reasons, and bad input (a clear
French error or 403, nothing changed)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partage.decisions import writes
from partage.decisions.forms import PollEditForm
from partage.decisions.models import Poll, PollParticipation, Stance, StanceChoice
from partage.testing.factories import CommuneContactFactory, UserFactory

from .factories import make_poll, option


def vote_url(poll):
    return reverse("decisions:vote", args=[poll.pk])


def counts():
    return Stance.objects.count(), StanceChoice.objects.count(), PollParticipation.objects.count()


def test_agent_votes_then_changes_vote_history_kept(client, agent, proposal):
    client.force_login(agent)
    response = client.post(vote_url(proposal), {"choice": option(proposal, "agree").pk, "reason": "Bonne idée"})
    assert response.status_code == 302
    response = client.post(vote_url(proposal), {"choice": option(proposal, "abstain").pk})
    assert response.status_code == 302
    stances = Stance.objects.filter(poll=proposal, voter=agent)
    assert stances.count() == 2
    current = stances.get(is_latest=True)
    assert [c.option.key for c in current.choices.all()] == ["abstain"]
    page = client.get(reverse("decisions:poll", args=[proposal.pk])).content.decode()
    assert "Modifier mon vote" in page
    result = client.get(reverse("decisions:results", args=[proposal.pk])).content.decode()
    assert "Votants" in result


def test_block_requires_a_reason(client, agent, proposal):
    assert proposal.reasons == Poll.Reasons.OPTIONAL
    proposal.reasons = Poll.Reasons.REQUIRED_FOR_DISSENT
    proposal.save()
    client.force_login(agent)
    response = client.post(vote_url(proposal), {"choice": option(proposal, "block").pk, "reason": ""})
    assert response.status_code == 400
    assert "Donnez la raison de votre choix." in response.content.decode()
    assert counts() == (0, 0, 0)
    response = client.post(vote_url(proposal), {"choice": option(proposal, "agree").pk, "reason": ""})
    assert response.status_code == 302


def test_reason_too_long(client, agent, proposal):
    proposal.reason_max_length = 20
    proposal.save()
    client.force_login(agent)
    response = client.post(vote_url(proposal), {"choice": option(proposal, "agree").pk, "reason": "x" * 21})
    assert response.status_code == 400
    assert "au plus 20 caractères" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_vote_after_closing_is_refused(client, agent, thread):
    poll = make_poll(thread=thread)
    Poll.objects.filter(pk=poll.pk).update(closing_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(agent)
    response = client.post(vote_url(poll), {"choice": option(poll, "agree").pk})
    assert response.status_code == 400
    assert "il n&#x27;est pas possible de voter" in response.content.decode()
    assert counts() == (0, 0, 0)
    with pytest.raises(writes.VoteError, match="close"):
        poll.refresh_from_db()
        writes.cast_vote(poll=poll, voter=agent, choices={option(poll, "agree").pk: 1})


def test_vote_closed_by_author_is_refused(client, agent, proposal):
    writes.close_poll(poll=proposal, by=proposal.author)
    client.force_login(agent)
    response = client.post(vote_url(proposal), {"choice": option(proposal, "agree").pk})
    assert response.status_code == 400
    assert counts() == (0, 0, 0)


def test_vote_before_opening_is_refused(client, agent, thread):
    poll = make_poll(thread=thread, opening_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(agent)
    response = client.post(vote_url(poll), {"choice": option(poll, "agree").pk})
    assert response.status_code == 400
    assert counts() == (0, 0, 0)


def test_option_of_another_poll_is_refused(client, agent, thread, proposal):
    other = make_poll(thread=thread)
    client.force_login(agent)
    response = client.post(vote_url(proposal), {"choice": option(other, "agree").pk})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert counts() == (0, 0, 0)
    with pytest.raises(writes.VoteError, match="n'appartient pas"):
        writes.cast_vote(poll=proposal, voter=agent, choices={option(other, "agree").pk: 1})
    assert counts() == (0, 0, 0)


def test_dot_vote_over_budget_is_refused(client, agent, thread):
    poll = make_poll(thread=thread, kind=Poll.Kind.DOT_VOTE, options=["A", "B"], dots=5)
    a, b = option(poll, "A"), option(poll, "B")
    client.force_login(agent)
    response = client.post(vote_url(poll), {f"option_{a.pk}": 4, f"option_{b.pk}": 3})
    assert response.status_code == 400
    assert "Vous avez réparti 7 points, pour 5 disponibles." in response.content.decode()
    assert counts() == (0, 0, 0)
    response = client.post(vote_url(poll), {f"option_{a.pk}": 4, f"option_{b.pk}": 1})
    assert response.status_code == 302
    assert counts()[0] == 1


def test_score_out_of_range_is_refused(client, agent, thread):
    poll = make_poll(thread=thread, kind=Poll.Kind.SCORE, options=["A", "B"], score_max=5)
    a, b = option(poll, "A"), option(poll, "B")
    client.force_login(agent)
    response = client.post(vote_url(poll), {f"option_{a.pk}": 6, f"option_{b.pk}": 1})
    assert response.status_code == 400
    assert "inférieure ou égale à 5" in response.content.decode()
    assert counts() == (0, 0, 0)
    with pytest.raises(writes.VoteError, match="entre 0 et 5"):
        writes.cast_vote(poll=poll, voter=agent, choices={a.pk: 9})
    with pytest.raises(writes.VoteError, match="entre 0 et 5"):
        writes.cast_vote(poll=poll, voter=agent, choices={a.pk: -1})
    assert counts() == (0, 0, 0)


def test_ranked_choice_ranks_must_follow(client, agent, thread):
    poll = make_poll(thread=thread, kind=Poll.Kind.RANKED_CHOICE, options=["A", "B", "C"])
    a, b, c = (option(poll, t) for t in "ABC")
    client.force_login(agent)
    response = client.post(vote_url(poll), {f"option_{a.pk}": 1, f"option_{b.pk}": 1})
    assert response.status_code == 400
    assert "Les rangs doivent se suivre" in response.content.decode()
    response = client.post(vote_url(poll), {f"option_{a.pk}": 2, f"option_{b.pk}": 1, f"option_{c.pk}": 3})
    assert response.status_code == 302


def test_multiple_choice_min_max(client, agent, thread):
    poll = make_poll(thread=thread, kind=Poll.Kind.POLL, options=["A", "B", "C"], min_choices=2, max_choices=2)
    client.force_login(agent)
    response = client.post(vote_url(poll), {"choice": [option(poll, "A").pk]})
    assert response.status_code == 400
    assert "Choisissez au moins 2 option(s)." in response.content.decode()
    response = client.post(vote_url(poll), {"choice": [option(poll, t).pk for t in "ABC"]})
    assert "Choisissez au plus 2 option(s)." in response.content.decode()
    assert counts() == (0, 0, 0)


def test_voter_outside_the_electorate_gets_403(client, thread, agent):
    outsider = UserFactory()
    poll = make_poll(thread=thread, electorate=Poll.Electorate.NAMED, voters=[agent])
    client.force_login(outsider)
    response = client.post(vote_url(poll), {"choice": option(poll, "agree").pk})
    assert response.status_code == 403
    assert counts() == (0, 0, 0)
    assert (
        "Vous ne faites pas partie des votants"
        in client.get(reverse("decisions:poll", args=[poll.pk])).content.decode()
    )
    with pytest.raises(writes.NotInElectorate):
        writes.cast_vote(poll=poll, voter=outsider, choices={option(poll, "agree").pk: 1})


def test_group_thread_only_members_vote_and_see(client, group_thread, members, agent):
    poll = make_poll(thread=group_thread, author=members[0])
    client.force_login(agent)
    assert client.get(reverse("decisions:poll", args=[poll.pk])).status_code == 403
    assert client.get(reverse("decisions:thread", args=[group_thread.pk])).status_code == 403
    assert "Horaires variables" not in client.get(reverse("decisions:threads")).content.decode()
    assert client.post(vote_url(poll), {"choice": option(poll, "agree").pk}).status_code == 403
    client.force_login(members[1])
    assert client.post(vote_url(poll), {"choice": option(poll, "agree").pk}).status_code == 302
    result = writes.undecided_users(poll)
    assert set(result) == set(members) - {members[1]}


def test_commune_contact_cannot_vote(client, proposal):
    client.force_login(CommuneContactFactory())
    assert client.post(vote_url(proposal), {"choice": option(proposal, "agree").pk}).status_code == 403
    assert counts() == (0, 0, 0)


def test_named_voters_are_undecided_until_they_vote(client, thread, agent):
    invited = [UserFactory() for _ in range(3)]
    poll = make_poll(thread=thread, electorate=Poll.Electorate.NAMED, voters=invited, quorum=50)
    writes.cast_vote(poll=poll, voter=invited[0], choices={option(poll, "agree").pk: 1})
    client.force_login(agent)
    page = client.get(reverse("decisions:results", args=[poll.pk])).content.decode()
    assert "<dt>Indécis</dt><dd>2</dd>" in page
    assert "non atteint" in page
    writes.cast_vote(poll=poll, voter=invited[1], choices={option(poll, "agree").pk: 1})
    page = client.get(reverse("decisions:results", args=[poll.pk])).content.decode()
    assert "<dt>Indécis</dt><dd>1</dd>" in page
    assert "66,7 %" in page or "66.7 %" in page


def test_anonymous_vote_cannot_be_changed(client, agent, thread):
    poll = make_poll(thread=thread, anonymous=True)
    client.force_login(agent)
    page = client.get(reverse("decisions:poll", args=[poll.pk])).content.decode()
    assert "Il ne pourra donc pas être modifié." in page
    assert client.post(vote_url(poll), {"choice": option(poll, "agree").pk}).status_code == 302
    response = client.post(vote_url(poll), {"choice": option(poll, "block").pk, "reason": "Non"})
    assert response.status_code == 400
    assert "Un vote anonyme ne peut pas être modifié." in response.content.decode()
    from partage.core import anonymity

    assert anonymity.release(force=True) == 1
    assert Stance.objects.filter(poll=poll).count() == 1
    assert StanceChoice.objects.get().option.key == "agree"


def test_anonymous_cannot_be_switched_off(client, agent, thread):
    poll = make_poll(thread=thread, author=agent, anonymous=True)
    form = PollEditForm(
        {"title": poll.title, "closing_at": poll.closing_at.strftime("%Y-%m-%dT%H:%M"), "results_visibility": "always"},
        instance=poll,
    )
    assert form.is_valid()  # the disabled field keeps its value
    assert form.cleaned_data["anonymous"] is True
    poll.anonymous = False
    with pytest.raises(ValidationError):
        poll.save()
    assert Poll.objects.get(pk=poll.pk).anonymous is True
    client.force_login(agent)
    response = client.post(
        reverse("decisions:poll_edit", args=[poll.pk]),
        {
            "title": "Nouveau titre",
            "closing_at": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "results_visibility": "always",
            "anonymous": "",
        },
    )
    assert response.status_code == 302
    assert Poll.objects.get(pk=poll.pk).anonymous is True


def test_voters_may_add_options(client, agent, thread):
    poll = make_poll(thread=thread, kind=Poll.Kind.POLL, options=["A", "B"], voters_can_add_options=True)
    client.force_login(agent)
    response = client.post(reverse("decisions:add_option", args=[poll.pk]), {"text": "C"})
    assert response.status_code == 302
    assert list(poll.options.values_list("text", flat=True)) == ["A", "B", "C"]
    client.post(reverse("decisions:add_option", args=[poll.pk]), {"text": "c"})
    assert poll.options.count() == 3
    closed = make_poll(thread=thread, kind=Poll.Kind.POLL, options=["A", "B"])
    client.post(reverse("decisions:add_option", args=[closed.pk]), {"text": "C"})
    assert closed.options.count() == 2


def test_create_poll_through_the_form(client, agent, thread):
    client.force_login(agent)
    closing = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    opening = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {
        "type": "ranked_choice",
        "title": "Nom du réseau",
        "opening_at": opening,
        "closing_at": closing,
        "electorate": "audience",
        "quorum": 0,
        "results_visibility": "always",
        "reasons": "optional",
        "reason_max_length": 500,
        "min_choices": 1,
        "options_text": "Alpha\nBêta\nGamma",
    }
    response = client.post(reverse("decisions:poll_create", args=[thread.pk]) + "?type=ranked_choice", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    poll = Poll.objects.get(title="Nom du réseau")
    assert poll.kind == "ranked_choice"
    assert list(poll.options.values_list("text", flat=True)) == ["Alpha", "Bêta", "Gamma"]
    data["options_text"] = "Seule"
    data["closing_at"] = "2000-01-01T10:00"
    response = client.post(reverse("decisions:poll_create", args=[thread.pk]) + "?type=ranked_choice", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Indiquez au moins deux options." in page
    assert "La date de clôture doit être dans le futur." in page


def test_time_poll_form(client, agent, thread):
    client.force_login(agent)
    closing = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "type": "time_poll",
        "title": "Date du séminaire",
        "opening_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "closing_at": closing,
        "electorate": "audience",
        "quorum": 0,
        "results_visibility": "always",
        "reasons": "off",
        "reason_max_length": 500,
        "meeting_duration": 90,
        "dates_text": "12/01/2027 10:00\n13/01/2027 14:30",
    }
    response = client.post(reverse("decisions:poll_create", args=[thread.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    poll = Poll.objects.get(title="Date du séminaire")
    first, second = poll.options.all()
    response = client.post(vote_url(poll), {f"option_{first.pk}": 2, f"option_{second.pk}": 1})
    assert response.status_code == 302
    page = client.get(reverse("decisions:results", args=[poll.pk])).content.decode()
    assert "Peut-être" in page

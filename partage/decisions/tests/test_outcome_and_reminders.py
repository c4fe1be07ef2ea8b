"""Closing, the outcome (into the linked actions' journals, followers notified), reminders
(manual with a message, and automatic 24 h before closing, once)."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from partage.core.follows import follow
from partage.core.models import Notification
from partage.decisions import writes
from partage.decisions.models import Outcome, Poll, PollReminder
from partage.decisions.tasks import remind_before_closing
from partage.roadmap.models import ProgressUpdate
from partage.testing.factories import UserFactory

from .factories import make_poll, option


def test_author_closes_and_publishes_outcome_into_action_journal(client, agent, thread, action, pilot):
    poll = make_poll(thread=thread, author=agent, title="Charte du télétravail")
    voter = UserFactory()
    writes.cast_vote(poll=poll, voter=voter, choices={option(poll, "agree").pk: 1})
    follower = UserFactory()
    follow(follower, action)
    client.force_login(agent)
    # Not before closing.
    response = client.get(reverse("decisions:outcome", args=[poll.pk]))
    assert response.status_code == 302
    assert client.post(reverse("decisions:close", args=[poll.pk])).status_code == 302
    poll.refresh_from_db()
    assert poll.closed_at is not None
    response = client.post(
        reverse("decisions:outcome", args=[poll.pk]),
        {"statement": "La charte est adoptée.", "chosen_option": option(poll, "agree").pk, "actions": [action.pk]},
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(poll=poll)
    assert list(outcome.actions.all()) == [action]
    entry = ProgressUpdate.objects.get(action=action, source=ProgressUpdate.Source.DECISION)
    assert "La charte est adoptée." in entry.text
    assert entry.source_url == poll.get_absolute_url()
    notified = set(Notification.objects.filter(verb="outcome").values_list("recipient_id", flat=True))
    assert {follower.pk, voter.pk} <= notified
    assert agent.pk not in notified
    page = client.get(action.get_absolute_url()).content.decode()
    assert "La charte est adoptée." in page
    body = client.get(reverse("decisions:poll", args=[poll.pk])).content.decode()
    assert "La charte est adoptée." in body
    # Only once.
    response = client.post(reverse("decisions:outcome", args=[poll.pk]), {"statement": "Autre"})
    assert response.status_code == 302
    assert Outcome.objects.count() == 1


def test_reopen_then_vote_again(client, agent, thread):
    poll = make_poll(thread=thread, author=agent)
    writes.close_poll(poll=poll, by=agent)
    client.force_login(agent)
    past = "2000-01-01T10:00"
    response = client.post(reverse("decisions:reopen", args=[poll.pk]), {"closing_at": past})
    assert response.status_code == 400
    assert "dans le futur" in response.content.decode()
    future = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(reverse("decisions:reopen", args=[poll.pk]), {"closing_at": future}).status_code == 302
    poll.refresh_from_db()
    assert poll.is_open()
    assert poll.history.count() >= 3  # created, closed, reopened: kept with who and when


def test_manual_reminder_notifies_undecided_only(client, agent, thread):
    invited = [UserFactory() for _ in range(3)]
    poll = make_poll(thread=thread, author=agent, electorate=Poll.Electorate.NAMED, voters=invited)
    writes.cast_vote(poll=poll, voter=invited[0], choices={option(poll, "agree").pk: 1})
    Notification.objects.all().delete()
    client.force_login(agent)
    assert "2 personnes n&#x27;ont pas encore voté" in client.get(
        reverse("decisions:remind", args=[poll.pk])
    ).content.decode().replace("'", "&#x27;")
    response = client.post(reverse("decisions:remind", args=[poll.pk]), {"message": "Dernier jour !"})
    assert response.status_code == 302
    reminded = Notification.objects.filter(verb="poll_reminder")
    assert set(reminded.values_list("recipient_id", flat=True)) == {invited[1].pk, invited[2].pk}
    assert all("Dernier jour !" in n.title for n in reminded)


def test_automatic_reminder_24h_before_closing_once(thread):
    invited = [UserFactory() for _ in range(2)]
    now = timezone.now()
    poll = make_poll(
        thread=thread, electorate=Poll.Electorate.NAMED, voters=invited, closing_at=now + datetime.timedelta(hours=30)
    )
    far = make_poll(thread=thread, closing_at=now + datetime.timedelta(days=5))
    Notification.objects.all().delete()
    assert remind_before_closing.call_local() == 0
    with time_machine.travel(now + datetime.timedelta(hours=7)):
        assert remind_before_closing.call_local() == 1
        assert remind_before_closing.call_local() == 0
    assert Notification.objects.filter(verb="poll_reminder").count() == 2
    assert PollReminder.objects.filter(poll=poll).count() == 1
    assert not PollReminder.objects.filter(poll=far).exists()


def test_chosen_date_of_a_group_time_poll_becomes_a_group_meeting(group_thread, members):
    from partage.followup.models import Meeting

    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    poll = make_poll(
        thread=group_thread,
        author=members[0],
        kind=Poll.Kind.TIME_POLL,
        options=[start, start + datetime.timedelta(days=1)],
        meeting_duration=90,
        title="Réunion de rentrée",
    )
    first = poll.options.get(starts_at=start)
    writes.cast_vote(poll=poll, voter=members[1], choices={first.pk: 2})
    writes.close_poll(poll=poll, by=members[0])
    writes.publish_outcome(poll=poll, author=members[0], statement="Le 1er créneau.", chosen_option=first)
    meeting = Meeting.objects.get(group=group_thread.group, title="Réunion de rentrée")
    assert meeting.starts_at == start
    assert meeting.ends_at == start + datetime.timedelta(minutes=90)
    assert list(meeting.invited.all()) == [members[1]]

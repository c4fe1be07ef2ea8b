"""A poll whose closing time passes is closed by the periodic task: participants are told, the author is
asked to record the outcome, once — however often the task runs."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from partage.core.models import Notification
from partage.decisions import tasks, writes
from partage.decisions.models import Poll
from partage.decisions.tests.factories import make_poll, option
from partage.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _poll_with_voters():
    author = UserFactory()
    voters = [UserFactory(), UserFactory()]
    with time_machine.travel(START, tick=False):
        poll = make_poll(
            author=author,
            kind=Poll.Kind.POLL,
            options=["Alpha", "Bêta"],
            opening_at=START - datetime.timedelta(hours=1),
            closing_at=START + datetime.timedelta(days=2),
        )
        for voter in voters:
            writes.cast_vote(poll=poll, voter=voter, choices={option(poll, "Alpha").pk: 1})
    return poll, author, voters


def _notified(verb: str) -> list[int]:
    return sorted(Notification.objects.filter(verb=verb).values_list("recipient_id", flat=True))


def test_the_task_closes_a_due_poll_once_and_tells_everyone_once():
    poll, author, voters = _poll_with_voters()
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        assert tasks.close_polls_on_time.call_local() == 0  # not due yet
    poll.refresh_from_db()
    assert poll.closed_at is None
    with time_machine.travel(START + datetime.timedelta(days=2, minutes=3), tick=False):
        assert tasks.close_polls_on_time.call_local() == 1
        assert tasks.close_polls_on_time.call_local() == 0  # a second run changes nothing
    poll.refresh_from_db()
    assert poll.closed_at == poll.closing_at  # closed at its closing time, not at the run's
    assert poll.history.first().history_change_reason == "decisions.poll.closed_on_time"
    assert _notified("poll_closed") == sorted(v.pk for v in voters)
    assert _notified("poll_outcome_due") == [author.pk]
    reminder = Notification.objects.get(verb="poll_outcome_due")
    assert reminder.url.endswith(f"/consultations/{poll.pk}/issue/")
    assert "rédigez l'issue" in reminder.title


def test_a_poll_closed_by_hand_or_reopened_is_left_alone():
    poll, author, _voters = _poll_with_voters()
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        writes.close_poll(poll=poll, by=author)
    sent = Notification.objects.count()
    with time_machine.travel(START + datetime.timedelta(days=3), tick=False):
        assert writes.close_due_polls() == 0
        writes.reopen_poll(poll=poll, closing_at=timezone.now() + datetime.timedelta(days=1), by=author)
        assert writes.close_due_polls() == 0  # its new closing time has not come
    assert Notification.objects.count() == sent


def test_no_outcome_reminder_once_the_outcome_is_written():
    poll, author, _voters = _poll_with_voters()
    Poll.objects.filter(pk=poll.pk).update(closed_at=START + datetime.timedelta(days=2))
    poll.refresh_from_db()
    writes.publish_outcome(poll=poll, author=author, statement="Alpha retenue.")
    Poll.objects.filter(pk=poll.pk).update(closed_at=None)  # as if the task had not run yet
    with time_machine.travel(START + datetime.timedelta(days=2, hours=1), tick=False):
        assert writes.close_due_polls() == 1
    assert _notified("poll_outcome_due") == []

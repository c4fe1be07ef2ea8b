"""Answers written in batches (one database call per tick for every socket of a process) and the presenter's
results read incrementally: each answer of a batch gets its own fate, nothing is counted twice or missed."""

import asyncio
import uuid

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partage.live import writes
from partage.live.batcher import AnswerBatcher
from partage.live.models import Answer, LiveSession, Participant
from partage.live.results import AnswerValues, compute
from partage.live.values import Refused
from partage.live.writes import AnswerRequest

from .factories import SessionFactory, poll, wordcloud

pytestmark = pytest.mark.django_db


@pytest.fixture
def current_poll():
    session = SessionFactory()
    activity = poll(session)
    LiveSession.objects.filter(pk=session.pk).update(current_activity=activity)
    return session, activity


def guests(session, n):
    return [Participant.objects.create(session=session, key=uuid.uuid4()) for _ in range(n)]


def test_each_answer_of_a_batch_gets_its_own_fate(current_poll):
    session, activity = current_poll
    first, second, third, fourth = guests(session, 4)
    stored_id, retry_id = uuid.uuid4(), uuid.uuid4()
    writes.submit_answer(participant=third, activity_id=activity.pk, client_id=retry_id, value={"choices": ["a"]})
    batch = [
        AnswerRequest(first, activity.pk, stored_id, {"choices": ["b"]}),
        AnswerRequest(first, activity.pk, stored_id, {"choices": ["b"]}),  # re-sent before its ack
        AnswerRequest(first, activity.pk, uuid.uuid4(), {"choices": ["a"]}),  # another answer of the same phone
        AnswerRequest(second, activity.pk, uuid.uuid4(), {"choices": ["z"]}),  # not a choice
        AnswerRequest(third, activity.pk, retry_id, {"choices": ["a"]}),  # retry of a stored answer
        AnswerRequest(fourth, activity.pk + 999, uuid.uuid4(), {"choices": ["a"]}),
        AnswerRequest(fourth, activity.pk, "pas un identifiant", {"choices": ["a"]}),
    ]
    results = writes.submit_answers(batch)
    assert results[0] == {"type": "ack", "id": str(stored_id), "status": "stored", "activity": activity.pk}
    assert results[1]["status"] == "duplicate"
    assert results[4] == {"type": "ack", "id": str(retry_id), "status": "duplicate", "activity": activity.pk}
    assert [r.code if isinstance(r, Refused) else None for r in results] == [
        None,
        None,
        "already_answered",
        "invalid",
        None,
        "unknown_activity",
        "bad_message",
    ]
    assert sorted(Answer.objects.values_list("participant_id", "value")) == [
        (first.pk, {"choices": ["b"]}),
        (third.pk, {"choices": ["a"]}),
    ]


def test_a_batch_costs_the_same_round_trips_whatever_its_size(current_poll):
    session, activity = current_poll
    batch = [AnswerRequest(p, activity.pk, uuid.uuid4(), {"choices": ["a"]}) for p in guests(session, 40)]
    with CaptureQueriesContext(connection) as queries:
        results = writes.submit_answers(batch)
    assert all(r["status"] == "stored" for r in results)
    assert len(queries) == 2  # the activities with their session, then one INSERT
    assert Answer.objects.filter(activity=activity).count() == 40


# The batcher writes from a thread of its own (another connection on PostgreSQL): committed data, not the test's
# open transaction.
@pytest.mark.django_db(transaction=True)
def test_the_batcher_acknowledges_each_socket_after_the_write(current_poll):
    session, activity = current_poll
    people = guests(session, 5)

    async def answer_together():
        batcher = AnswerBatcher()
        return await asyncio.gather(
            *(batcher.submit(AnswerRequest(p, activity.pk, uuid.uuid4(), {"choices": ["b"]})) for p in people),
            batcher.submit(AnswerRequest(people[0], activity.pk, uuid.uuid4(), {"choices": ["a"]})),
            return_exceptions=True,
        )

    replies = async_to_sync(answer_together)()
    assert [r["status"] for r in replies[:5]] == ["stored"] * 5
    assert isinstance(replies[5], Refused) and replies[5].code == "already_answered"
    assert Answer.objects.filter(activity=activity, value={"choices": ["b"]}).count() == 5


def test_incremental_results_catch_an_answer_written_out_of_id_order(current_poll):
    session, activity = current_poll
    cloud = wordcloud(session)
    early, late, other = guests(session, 3)

    def store(pk, participant, choice):
        Answer.objects.create(
            pk=pk, activity=activity, participant=participant, client_id=uuid.uuid4(), value={"choices": [choice]}
        )

    held = AnswerValues()
    store(1000, early, "a")
    assert compute(activity, values=held.of(activity))["counts"] == {"a": 1, "b": 0}
    store(1010, late, "b")
    assert compute(activity, values=held.of(activity))["counts"] == {"a": 1, "b": 1}
    # A row with a lower id committed after a higher one was read (two processes writing side by side).
    store(1005, other, "b")
    assert compute(activity, values=held.of(activity))["counts"] == {"a": 1, "b": 2}
    Answer.objects.filter(participant=late).delete()
    assert compute(activity, values=held.of(activity))["counts"] == {"a": 1, "b": 1}
    assert compute(cloud, values=held.of(cloud))["total"] == 0  # another activity starts afresh

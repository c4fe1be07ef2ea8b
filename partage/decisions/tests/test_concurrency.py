"""200 voters voting and changing their votes at once, each from its own database connection
(PostgreSQL only: SQLite serialises writers and would only test itself)."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection, connections
from django.db.models import Count
from django.utils import timezone

from partage.accounts.models import User
from partage.decisions import selectors, writes
from partage.decisions.models import Poll, PollParticipation, Stance

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency test needs PostgreSQL"),
]

VOTERS = 200


@pytest.mark.django_db(transaction=True)
def test_200_voters_vote_and_change_votes_at_once():
    author = User.objects.create_user(email="auteur@lorient-agglo.test", password="x")
    poll = writes.create_poll(
        poll=Poll(
            author=author,
            kind=Poll.Kind.POLL,
            title="Concurrence",
            opening_at=timezone.now() - datetime.timedelta(hours=1),
            closing_at=timezone.now() + datetime.timedelta(days=1),
        ),
        options=["Alpha", "Bêta"],
    )
    alpha, beta = poll.options.order_by("position")
    voters = User.objects.bulk_create(
        [User(email=f"votant{i}@lorient-agglo.test", first_name="V", last_name=str(i)) for i in range(VOTERS)]
    )

    def vote(user_id: int, option_id: int) -> None:
        close_old_connections()
        try:
            poll_here = Poll.objects.get(pk=poll.pk)
            user = User.objects.get(pk=user_id)
            writes.cast_vote(poll=poll_here, voter=user, choices={option_id: 1})
        finally:
            connections.close_all()

    def vote_then_change(user_id: int) -> None:
        vote(user_id, alpha.pk)
        vote(user_id, beta.pk)

    with ThreadPoolExecutor(max_workers=24) as pool:
        futures = [pool.submit(vote_then_change, v.pk) for v in voters]
        # The same voters again, at the same time, straight to their final choice: races on one voter.
        futures += [pool.submit(vote, v.pk, beta.pk) for v in voters]
        for future in futures:
            future.result()

    current = Stance.objects.filter(poll=poll, is_latest=True)
    assert current.count() == VOTERS
    per_voter = current.values("voter").annotate(n=Count("id")).filter(n__gt=1)
    assert not per_voter.exists()
    assert Stance.objects.filter(poll=poll).count() == 3 * VOTERS  # every earlier stance kept as history
    assert PollParticipation.objects.filter(poll=poll).count() == VOTERS
    result = selectors.poll_result(Poll.objects.get(pk=poll.pk)).result.by_option()
    assert result[alpha.pk].total == 0
    assert result[beta.pk].total == VOTERS


@pytest.mark.django_db(transaction=True)
def test_two_outcomes_submitted_at_once_give_one_outcome_and_one_french_refusal():
    """Two authors publish the outcome of the same closed poll at the same instant, each from its own
    connection: one outcome is saved, the other author gets the French refusal, not a 500."""
    import threading

    from partage.decisions.models import Outcome

    author = User.objects.create_user(email="auteur2@lorient-agglo.test", password="x")
    poll = writes.create_poll(
        poll=Poll(
            author=author,
            kind=Poll.Kind.PROPOSAL,
            title="Issue disputée",
            opening_at=timezone.now() - datetime.timedelta(days=2),
            closing_at=timezone.now() - datetime.timedelta(days=1),
        )
    )
    start = threading.Barrier(2)

    def publish(statement: str) -> str:
        close_old_connections()
        try:
            poll_here = Poll.objects.get(pk=poll.pk)
            start.wait()
            writes.publish_outcome(poll=poll_here, author=author, statement=statement)
            return "saved"
        except writes.VoteError as refusal:
            return str(refusal)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(publish, ["Première issue", "Seconde issue"]))

    assert results == ["L'issue de cette consultation est déjà publiée.", "saved"]
    assert Outcome.objects.filter(poll=poll).count() == 1

"""Query counts of the thread list, the thread page and the poll page stay the same as data grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partage.core import cache
from partage.decisions import writes
from partage.decisions.models import Poll
from partage.testing.factories import UserFactory

from .factories import ThreadFactory, make_poll


def query_count(client, url) -> int:
    cache.forget_all()  # count the computing path: a render from the figures cache would hide an N+1
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_threads(n, author):
    for _ in range(n):
        thread = ThreadFactory(author=author)
        make_poll(thread=thread)


def test_thread_list_queries_constant(client, agent):
    client.force_login(agent)
    add_threads(2, agent)
    small = query_count(client, reverse("decisions:threads"))
    add_threads(8, UserFactory())
    assert query_count(client, reverse("decisions:threads")) == small


def test_thread_page_queries_constant(client, agent, thread):
    client.force_login(agent)
    make_poll(thread=thread)
    url = reverse("decisions:thread", args=[thread.pk])
    small = query_count(client, url)
    for _ in range(6):
        poll = make_poll(thread=thread)
        writes.cast_vote(poll=poll, voter=UserFactory(), choices={poll.options.first().pk: 1})
    assert query_count(client, url) == small


def voters_for(poll, n):
    options = list(poll.options.all())
    for i in range(n):
        ranking = {o.pk: (j + i) % len(options) + 1 for j, o in enumerate(options)}
        writes.cast_vote(poll=poll, voter=UserFactory(), choices=ranking, reason=f"Raison {i}")


def test_poll_and_results_pages_queries_constant(client, agent, thread):
    client.force_login(agent)
    poll = make_poll(thread=thread, kind=Poll.Kind.RANKED_CHOICE, options=["A", "B", "C", "D"])
    voters_for(poll, 2)
    urls = [reverse(name, args=[poll.pk]) for name in ("decisions:poll", "decisions:results")]
    small = [query_count(client, url) for url in urls]
    voters_for(poll, 15)
    assert [query_count(client, url) for url in urls] == small


def test_proposal_page_queries_constant_with_voter_having_voted(client, agent, thread):
    client.force_login(agent)
    poll = make_poll(thread=thread)
    writes.cast_vote(poll=poll, voter=agent, choices={poll.options.first().pk: 1}, reason="Oui")
    url = reverse("decisions:poll", args=[poll.pk])
    small = query_count(client, url)
    for _ in range(12):
        writes.cast_vote(poll=poll, voter=UserFactory(), choices={poll.options.last().pk: 1}, reason="Non")
    assert query_count(client, url) == small

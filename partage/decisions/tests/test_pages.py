"""Every page of the module renders for an agent, for each kind of poll, with and without votes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partage.decisions import writes
from partage.decisions.models import Poll

from .factories import make_poll

OPTIONS = {
    Poll.Kind.POLL: ["Vélo", "Bus", "Covoiturage"],
    Poll.Kind.DOT_VOTE: ["Vélo", "Bus", "Covoiturage"],
    Poll.Kind.SCORE: ["Vélo", "Bus", "Covoiturage"],
    Poll.Kind.RANKED_CHOICE: ["Vélo", "Bus", "Covoiturage"],
}


def sample_choices(poll):
    options = list(poll.options.all())
    kind = poll.kind
    if kind == Poll.Kind.QUESTION_ROUND:
        return {}
    if kind == Poll.Kind.DOT_VOTE:
        return {options[0].pk: 3, options[1].pk: 2}
    if kind == Poll.Kind.SCORE:
        return {o.pk: i for i, o in enumerate(options)}
    if kind == Poll.Kind.RANKED_CHOICE:
        return {o.pk: i + 1 for i, o in enumerate(options)}
    if kind == Poll.Kind.TIME_POLL:
        return {options[0].pk: 2, options[1].pk: 1}
    return {options[0].pk: 1}


@pytest.mark.parametrize("kind", Poll.Kind.values)
def test_poll_pages_render_for_each_kind(client, agent, thread, kind):
    now = timezone.now()
    options = OPTIONS.get(kind, [])
    if kind == Poll.Kind.TIME_POLL:
        options = [now + datetime.timedelta(days=10), now + datetime.timedelta(days=11)]
    poll = make_poll(thread=thread, kind=kind, options=options, reasons=Poll.Reasons.OPTIONAL)
    client.force_login(agent)
    response = client.get(reverse("decisions:poll", args=[poll.pk]))
    assert response.status_code == 200
    writes.cast_vote(poll=poll, voter=agent, choices=sample_choices(poll), reason="Parce que.")
    for name in ("decisions:poll", "decisions:results", "decisions:results_partial"):
        response = client.get(reverse(name, args=[poll.pk]))
        assert response.status_code == 200, name
        assert "Votants" in response.content.decode()
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("decisions:results_export", args=[poll.pk, fmt])).status_code == 200
        assert client.get(reverse("decisions:ballots_export", args=[poll.pk, fmt])).status_code == 200
    response = client.get(reverse("decisions:poll_create", args=[thread.pk]) + f"?type={kind}")
    assert response.status_code == 200


def test_thread_pages(client, agent, thread, proposal):
    client.force_login(agent)
    response = client.get(reverse("decisions:threads"))
    assert response.status_code == 200
    assert "Organisation du télétravail" in response.content.decode()
    response = client.get(reverse("decisions:thread", args=[thread.pk]))
    assert response.status_code == 200
    assert "Adopter la charte" in response.content.decode()
    assert client.get(reverse("decisions:thread_create")).status_code == 200

"""A poll's dates must satisfy its database constraints in the form (issue 15): a poll edited with a closing
date before its opening date raised IntegrityError (`poll_closes_after_opening`), a 500."""

import datetime

from django.urls import reverse
from django.utils import timezone

from partage.decisions.models import Poll

from .factories import make_poll


def test_a_poll_edited_to_close_before_it_opens_is_a_french_form_error(client, agent, thread):
    opening = timezone.now() + datetime.timedelta(days=10)
    poll = make_poll(
        thread=thread, kind=Poll.Kind.PROPOSAL, opening_at=opening, closing_at=opening + datetime.timedelta(days=5)
    )
    client.force_login(agent)
    closing = timezone.localtime(opening - datetime.timedelta(days=2))
    response = client.post(
        reverse("decisions:poll_edit", args=[poll.pk]),
        {"title": poll.title, "closing_at": closing.strftime("%Y-%m-%dT%H:%M"), "results_visibility": "always"},
    )
    assert response.status_code in (200, 400)
    assert "La clôture doit suivre l’ouverture du vote" in response.content.decode()
    poll.refresh_from_db()
    assert poll.closing_at == opening + datetime.timedelta(days=5)


def test_a_poll_closing_in_year_9999_is_a_french_form_error(client, agent, thread):
    poll = make_poll(thread=thread, kind=Poll.Kind.PROPOSAL)
    client.force_login(agent)
    response = client.post(
        reverse("decisions:poll_edit", args=[poll.pk]),
        {"title": poll.title, "closing_at": "9999-12-31T23:59", "results_visibility": "always"},
    )
    assert response.status_code in (200, 400)
    assert "Indiquez une année entre 1900 et 2200" in response.content.decode()

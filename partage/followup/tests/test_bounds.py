"""Dates at the edges of what a meeting form accepts (issue 15): a year-1 meeting was stored, then the group
page and its calendar feed failed for everyone (PostgreSQL: `timestamp too small`)."""

import pytest
from django.test import Client
from django.urls import reverse

from partage.followup.models import Meeting

from .test_meetings import _meeting_post


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        ("0001-01-01T10:00", "0001-01-01T12:00"),
        ("9999-12-31T10:00", "9999-12-31T12:00"),
        ("1899-12-31T10:00", "1900-01-01T12:00"),
    ],
)
def test_a_meeting_outside_the_sane_years_is_a_french_form_error(animator, group, starts_at, ends_at):
    data = _meeting_post(starts_at=starts_at, ends_at=ends_at)
    response = _client(animator).post(reverse("followup:meeting_create", args=[group.slug]), data)
    assert response.status_code in (200, 400)
    assert "Indiquez une année entre 1900 et 2200" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_meetings_at_the_edges_of_the_sane_years_keep_every_page_working(animator, member, group):
    for starts_at, ends_at in [("1900-01-01T00:00", "1900-01-01T01:00"), ("2200-12-31T22:00", "2200-12-31T23:59")]:
        data = _meeting_post(starts_at=starts_at, ends_at=ends_at, title=f"Réunion {starts_at[:4]}")
        response = _client(animator).post(reverse("followup:meeting_create", args=[group.slug]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Meeting.objects.count() == 2
    for meeting in Meeting.objects.all():
        for url in (meeting.get_absolute_url(), reverse("followup:meeting_ics", args=[group.slug, meeting.pk])):
            assert _client(member).get(url).status_code == 200, url
    assert _client(member).get(reverse("followup:group", args=[group.slug])).status_code == 200

"""Sliding sessions (partage/accounts/sessions.py): an agent who comes back every day stays signed in past
two weeks, one who stays away two weeks signs in again, and nobody stays signed in more than SESSION_MAX_DAYS
after typing their password."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-test"
DASHBOARD = reverse("roadmap:dashboard")
MONDAY_9AM = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)  # 9:00 in Paris
DAY = datetime.timedelta(days=1)


def sign_in(client, agent) -> None:
    response = client.post(reverse("accounts:login"), {"username": agent.email, "password": PASSWORD})
    assert response.status_code == 302


def signed_in(client) -> bool:
    response = client.get(DASHBOARD)
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_daily_visit_keeps_the_agent_signed_in_past_two_weeks(client, agent):
    with time_machine.travel(MONDAY_9AM, tick=False) as clock:
        sign_in(client, agent)
        for _ in range(20):
            clock.shift(DAY)
            assert signed_in(client)


def test_two_weeks_away_sign_the_agent_out(client, agent):
    with time_machine.travel(MONDAY_9AM, tick=False) as clock:
        sign_in(client, agent)
        clock.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE) + datetime.timedelta(hours=1))
        assert not signed_in(client)


def test_daily_visits_end_at_the_cap_after_the_sign_in(client, agent, settings):
    settings.SESSION_MAX_DAYS = 30
    with time_machine.travel(MONDAY_9AM, tick=False) as clock:
        sign_in(client, agent)
        for _ in range(29):
            clock.shift(DAY)
            assert signed_in(client)
        clock.shift(DAY + datetime.timedelta(hours=1))
        assert not signed_in(client)
        sign_in(client, agent)  # typing the password again starts a new period
        clock.shift(DAY)
        assert signed_in(client)


def test_the_cookie_is_renewed_once_a_day(client, agent):
    with time_machine.travel(MONDAY_9AM, tick=False) as clock:
        sign_in(client, agent)
        clock.shift(DAY)
        first = client.get(DASHBOARD)
        again = client.get(DASHBOARD)
    cookie = first.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE  # the browser keeps it two more weeks
    assert settings.SESSION_COOKIE_NAME not in again.cookies  # the session row is written once a day


def test_an_anonymous_visit_creates_no_session(client):
    client.get(reverse("accounts:login"))
    assert settings.SESSION_COOKIE_NAME not in client.cookies

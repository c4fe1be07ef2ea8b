"""Strict mode (ANONYMITY_STRICT_LOGINS): login records keep the day, not the minute — last_login, the
session's expiry, django-axes' access log (none) — and throttling still counts failures (issue 16)."""

import datetime
import io

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-test"
MOMENT = datetime.datetime(2026, 3, 4, 9, 37, 12, tzinfo=datetime.UTC)


def _login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR="10.9.8.7")


@pytest.fixture
def strict(settings):
    from axes.handlers.proxy import AxesProxyHandler

    settings.ANONYMITY_STRICT_LOGINS = True
    settings.AXES_DISABLE_ACCESS_LOG = True
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = False
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"  # as settings.py sets it in strict mode
    cache.clear()
    AxesProxyHandler.get_implementation(force=True)
    yield
    settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
    AxesProxyHandler.get_implementation(force=True)


def _midnight(moment):
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def test_strict_mode_keeps_the_day_of_a_login_not_the_minute(client, agent, strict, settings):
    with time_machine.travel(MOMENT, tick=False):
        assert _login(client, agent.email, PASSWORD).status_code == 302
    agent.refresh_from_db()
    assert agent.last_login == _midnight(MOMENT)
    session = Session.objects.get()
    assert timezone.localtime(session.expire_date).time() == datetime.time(0, 0)
    assert session.expire_date >= MOMENT + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert not AccessLog.objects.exists(), "no access log in strict mode"
    # A second login the same day leaves the user row untouched.
    client.logout()
    with time_machine.travel(MOMENT + datetime.timedelta(hours=5), tick=False):
        assert _login(client, agent.email, PASSWORD).status_code == 302
    agent.refresh_from_db()
    assert agent.last_login == _midnight(MOMENT)


def test_without_strict_mode_last_login_and_the_access_log_are_to_the_second(client, agent, settings):
    settings.ANONYMITY_STRICT_LOGINS = False
    settings.AXES_DISABLE_ACCESS_LOG = False
    with time_machine.travel(MOMENT, tick=False):
        assert _login(client, agent.email, PASSWORD).status_code == 302
    agent.refresh_from_db()
    assert agent.last_login == MOMENT
    assert AccessLog.objects.get().attempt_time == MOMENT


def test_throttling_still_counts_failures_in_strict_mode(client, agent, strict):
    with time_machine.travel(MOMENT, tick=True) as traveller:
        for _ in range(4):
            assert _login(client, agent.email, "mauvais").status_code == 400  # an invalid form answers 400
        assert _login(client, agent.email, "mauvais").status_code == 429
        assert _login(client, agent.email, PASSWORD).status_code == 429, "locked even with the right password"
        assert "_auth_user_id" not in client.session
        # Failures are counted in the cache, never written in the database with their time.
        assert not AccessAttempt.objects.exists()
        # The cool-off (15 minutes) is the cache entry's lifetime: the local-memory cache reads the clock that
        # time travel moves; Redis counts its own seconds, so this part runs in the SQLite run of CI only.
        if "LocMemCache" in settings.CACHES["default"]["BACKEND"]:
            traveller.shift(datetime.timedelta(minutes=16))
            assert _login(client, agent.email, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()


def test_strict_mode_keeps_the_day_an_account_was_made_and_coarsens_older_records(agent, strict):
    from partage.testing.factories import UserFactory

    with time_machine.travel(MOMENT, tick=False):
        newcomer = UserFactory()
    newcomer.refresh_from_db()
    assert newcomer.date_joined == _midnight(MOMENT)
    type(agent).objects.filter(pk=agent.pk).update(date_joined=MOMENT, last_login=MOMENT)
    # A failure recorded before the strict mode (bulk_create: axes' own signal expects its database handler).
    AccessAttempt.objects.bulk_create(
        [AccessAttempt(username=agent.email, ip_address="10.9.8.7", failures_since_start=1, get_data="", post_data="")]
    )
    call_command("strict_logins", stdout=io.StringIO())
    agent.refresh_from_db()
    assert agent.date_joined == _midnight(MOMENT) and agent.last_login == _midnight(MOMENT)
    assert not AccessAttempt.objects.exists()

"""The task worker killed in the middle of sending notification emails and works notices: after a restart,
every email has gone exactly once. A real `manage.py run_huey` (SQLite queue), the test's PostgreSQL database,
and Django's file email backend slowed down (partage/testing/email.py) so the kill lands mid-batch."""

import collections
import datetime
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from partage.core.models import Notification, NotificationPreference
from partage.territory.tests.factories import InterlocutorFactory, WorksNoticeFactory
from partage.testing.factories import CommuneFactory, UserFactory

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker process shares the test database: PostgreSQL only"
)


def _recipients(outbox: Path) -> list[str]:
    found = []
    for path in outbox.glob("*"):
        found += re.findall(r"^To: (\S+?)\r?$", path.read_text(errors="replace"), flags=re.M)
    return found


def _worker(tmp_path: Path) -> subprocess.Popen:
    settings_dict = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="partage.settings",
        ENV_FILE=os.devnull,
        TESTING="true",
        DEBUG="false",
        SECRET_KEY="worker-fault-test",
        DATABASE_URL="postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
            **{**settings_dict, "HOST": settings_dict["HOST"] or "127.0.0.1", "PORT": settings_dict["PORT"] or 5432}
        ),
        DATABASE_POOL="false",
        HUEY_SQLITE=str(tmp_path / "huey.sqlite3"),
        EMAIL_TEST_DIR=str(tmp_path / "outbox"),
        EMAIL_BACKEND="partage.testing.email.SlowFileBackend",
        EMAIL_TEST_DELAY="0.4",
        EMAIL_RETRY_AFTER="2",
    )
    log = (tmp_path / "worker.log").open("a")
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_then_restarted_sends_every_email_exactly_once(tmp_path):
    (tmp_path / "outbox").mkdir()
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    agents = [UserFactory(email=f"agent{i}@lorient-agglo.test") for i in range(8)]
    for agent in agents:
        NotificationPreference.objects.update_or_create(
            user=agent, defaults={"email_frequency": NotificationPreference.Frequency.IMMEDIATE}
        )
        # As notify() leaves them when the worker that had their task died: not emailed yet.
        Notification.objects.create(recipient=agent, verb="comment", title="Nouveau commentaire", url="/")
    Notification.objects.update(created_at=a_minute_ago)
    communes = [CommuneFactory(name=f"Commune {i}", slug=f"commune-{i}") for i in range(8)]
    notice = WorksNoticeFactory(
        communes=communes, starts_at=timezone.now() + datetime.timedelta(days=2)
    )  # late: due at once
    contacts = [InterlocutorFactory(commune=c, domain=notice.domain, email=f"dst@{c.slug}.test") for c in communes]
    expected = sorted([a.email for a in agents] + [c.email for c in contacts])

    worker = _worker(tmp_path)
    try:
        assert _wait_for(lambda: len(_recipients(tmp_path / "outbox")) >= 4, 90), (tmp_path / "worker.log").read_text()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        sent_before_restart = len(_recipients(tmp_path / "outbox"))
        assert sent_before_restart < len(expected), "the kill came too late to test anything"
        time.sleep(2.5)  # past EMAIL_RETRY_AFTER: what the dead worker claimed is stale
        worker = _worker(tmp_path)
        assert _wait_for(lambda: len(_recipients(tmp_path / "outbox")) >= len(expected), 120), (
            tmp_path / "worker.log"
        ).read_text()[-3000:]
        time.sleep(3)  # a duplicate would show up now
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
    counts = collections.Counter(_recipients(tmp_path / "outbox"))
    assert sorted(counts) == expected
    assert [email for email, n in counts.items() if n > 1] == []
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert not notice.dispatches.filter(sent_at__isnull=True).exists()

"""The locust scenarios of `make bench-load` run against the test server: every journey ends with no failure,
whether the agent signs in or comes with yesterday's session cookie, and the votes and comments they posted
are in the database. No timing is asserted (the machine is shared)."""

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

from partage.core.models import Comment
from partage.decisions.models import Stance
from partage.loadtest.seed import seed
from partage.testing import factories

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(shutil.which("locust", path=str(Path(sys.executable).parent)) is None, reason="locust absent"),
]

AGENTS = 20  # weights 15:4:1 give 15 readers, 4 voters and 1 commenter
RETURNING = 10  # with yesterday's session cookie; the other 10 type their password


class _SerialWSGIServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


class _SerialLiveServer(LiveServerThread):
    """Django's live server answering one request at a time: the in-memory SQLite database is one connection
    shared with the test, which concurrent requests would find locked (pytest-django's server is threaded)."""

    server_class = _SerialWSGIServer


@pytest.fixture
def serial_server(transactional_db):
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread = _SerialLiveServer("127.0.0.1", StaticFilesHandler, connections_override=shared)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


def test_every_journey_runs_without_failure(serial_server, action, tmp_path):
    factories.ActionFactory(objective=action.objective, position=2, number="2.4.2")
    plan = seed(agents=AGENTS, polls=2, sessions=RETURNING / AGENTS)
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    env = dict(os.environ, LOAD_PLAN=str(tmp_path / "plan.json"), LOAD_THINK="0.1-0.3", LOAD_TIMEOUT="20")
    locust = Path(sys.executable).parent / "locust"
    run = subprocess.run(  # the journeys take ~2 s each; the run ends after 12 s, all users spawned in 2 s
        [str(locust), "-f", "partage/loadtest/locustfile.py", "--headless", "--host", serial_server]
        + ["-u", str(AGENTS), "-r", "10", "-t", "12s", "--csv", str(tmp_path / "load"), "--only-summary"]
        + ["--loglevel", "WARNING"],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    with open(tmp_path / "load_stats.csv", encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    assert run.returncode == 0, run.stdout + run.stderr
    assert rows["Aggregated"]["Failure Count"] == "0", (tmp_path / "load_failures.csv").read_text()
    counts = {name: int(row["Request Count"]) for name, row in rows.items()}
    assert counts["connexion (envoi)"] == counts["connexion (page)"] == AGENTS - RETURNING
    # Every agent reached the dashboard signed in (a redirect to the login page would be a failure).
    assert counts["tableau de bord"] == counts["feuille de route"] == AGENTS
    assert counts["vote (envoi)"] == 4 and counts["commentaire (envoi)"] == 1
    # What the voters and the commenter did is stored, once each.
    assert Stance.objects.filter(voter__email__in=plan["emails"]).count() == 4
    assert Comment.objects.filter(body__startswith="Commentaire du test de charge").count() == 1

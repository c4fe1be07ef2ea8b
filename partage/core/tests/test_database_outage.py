"""The database disappears for a few seconds: pages answer a French 503 quickly (no hang, no 500), and the
site recovers by itself when it comes back. A real uvicorn server with the production pool settings, talking
to PostgreSQL, whose database the test closes (ALLOW_CONNECTIONS false, its server's sessions terminated)
then opens again (PostgreSQL only)."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from partage.core.unavailable import database_unavailable

ROOT = Path(__file__).resolve().parents[3]
SERVER_PORT = int(os.environ.get("OUTAGE_SERVER_PORT", "8611"))


def _get(path: str) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{SERVER_PORT}{path}", timeout=30) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), time.monotonic() - started


def test_database_errors_are_recognised_through_their_causes():
    from django.db import IntegrityError, OperationalError

    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as exc:
            raise RuntimeError("while rendering") from exc
    except RuntimeError as exc:
        assert database_unavailable(exc)
    assert not database_unavailable(IntegrityError("duplicate key"))
    assert not database_unavailable(ValueError())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_the_database_going_away_gives_a_french_503_then_the_site_recovers(tmp_path):
    settings_dict = connection.settings_dict
    name, user = settings_dict["NAME"], settings_dict["USER"] or "postgres"
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]

    def outage(on: bool) -> None:
        # From the maintenance database: a database cannot close itself to connections.
        with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True) as admin:
            cursor = admin.cursor()
            cursor.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {"false" if on else "true"}')
            if on:  # every session of the server under test goes, as in a database restart
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                    [name, own_pid],
                )

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="partage.settings",
        ENV_FILE=os.devnull,
        TESTING="true",
        DEBUG="false",
        SECRET_KEY="outage-test",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"postgres://{user}@{host}:{port}/{name}",
        DATABASE_POOL="true",  # as in production
        DATABASE_CONNECT_TIMEOUT="3",
        DATABASE_POOL_TIMEOUT="5",
        HUEY_SQLITE=str(tmp_path / "huey.sqlite3"),
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "partage.asgi:application", "--port", str(SERVER_PORT), "--lifespan", "off"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
    )
    log = lambda: (tmp_path / "server.log").read_text()[-3000:]  # noqa: E731
    try:
        feed = "/actualites/rss/"
        for _ in range(60):
            try:
                status, _body, _ = _get(feed)
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, log()

        outage(True)
        status, body, elapsed = _get(feed)
        assert status == 503, (status, elapsed, body[:300], log())
        assert "Service momentanément indisponible" in body
        assert elapsed < 12  # bounded by the pool's timeout (5 s here), not a hang

        time.sleep(3)
        outage(False)
        recovered = [_get(feed)[0] for _ in range(3)]
        assert recovered[-1] == 200, (recovered, log())
    finally:
        server.terminate()
        server.wait(timeout=10)
        outage(False)

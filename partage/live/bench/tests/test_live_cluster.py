"""300 simulated participants across 2 uvicorn workers sharing Redis and PostgreSQL, one worker SIGKILLed in
the middle of the quiz question and restarted: counts only, never timings (CI machines vary).

Nothing lost (every answer a client sent is stored), nothing counted twice, every participant sees the reveal,
and everyone cut off by the kill is back. Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as
production: skipped with a message without them, FAILING under CI=true (.ci/run runs it in its PostgreSQL +
Redis step). The workers and the load generator are real processes started here (partage.live.bench).
"""

import asyncio
import os

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.live_cluster]

PARTICIPANTS = int(os.environ.get("LIVE_CLUSTER_PARTICIPANTS", "300"))
PORT = int(os.environ.get("LIVE_CLUSTER_PORT", "8270"))


def require_services() -> str:
    """The Redis URL, or skip (fail under CI=true) when PostgreSQL or Redis is missing."""
    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (DATABASE_URL)")
    redis_url = getattr(settings, "REDIS_URL", "")
    if not redis_url:
        missing.append("Redis (REDIS_URL)")
    else:
        import redis

        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
        except redis.RedisError:
            missing.append(f"Redis joignable à {redis_url}")
    if missing:
        message = (
            "Test de grappe live impossible : il faut " + " et ".join(missing) + ". "
            "Live cluster test cannot run: it needs PostgreSQL and Redis."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return redis_url


def test_database_url() -> str:
    """The URL of the test database pytest-django made, for the worker processes."""
    params = connection.settings_dict
    auth = params["USER"] or "postgres"
    if params.get("PASSWORD"):
        auth += f":{params['PASSWORD']}"
    return f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


test_database_url.__test__ = False


@pytest.mark.django_db(transaction=True)
def test_two_workers_lose_nothing_and_count_once_when_one_is_killed(tmp_path):
    redis_url = require_services()
    from partage.live.bench.live_host import LiveHost, run_db
    from partage.live.bench.run import Run, raise_file_limit
    from partage.live.models import Answer

    raise_file_limit()
    env = {
        "DJANGO_SETTINGS_MODULE": "partage.settings_test",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis_url,
        "DATABASE_POOL": "true",
        "PYTHONUNBUFFERED": "1",
    }
    # Made by the workers' own settings (their secret key signs the host's session). The quiz timer is long
    # enough that a reconnection never meets it: counts, not timings, are asserted.
    info = run_db(env, "session", "300")
    bench_settings = {
        "participants": PARTICIPANTS,
        "workers": 2,
        "join_seconds": 5.0,
        "answer_seconds": 4.0,
        "generators": 1,
        "join_page": True,
        "log_dir": str(tmp_path),
    }
    run = Run("grappe de test", target="live", workers=2, kill=True, settings=bench_settings, port=PORT)
    run.host = LiveHost(run, info=info, env=env)
    result = asyncio.run(run.execute())

    assert result["joined"] == PARTICIPANTS
    assert result["sent"] == 3 * PARTICIPANTS  # everyone answered the poll, the word cloud and the quiz
    assert result["lost"] == 0
    assert result["duplicated"] == 0
    assert result["phantom"] == 0
    assert result["refused"] == 0
    assert result["unacked"] == 0
    assert result["counted"] == 3 * PARTICIPANTS
    assert Answer.objects.filter(activity__session_id=info["session"]).count() == 3 * PARTICIPANTS
    assert result["reveals"] == PARTICIPANTS  # the quiz reveal reached every phone, moved ones included
    assert result["dropped"] > 0  # the kill cut participants off…
    assert result["back"] == result["dropped"]  # …and every one of them came back

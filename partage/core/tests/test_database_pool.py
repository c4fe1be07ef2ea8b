"""PostgreSQL connections under ASGI: a bounded psycopg pool per process, not one persistent connection per
request thread (a live session's join storm exhausted PostgreSQL's max_connections, decision 0016)."""

import json
import os
import subprocess
import sys

from django.conf import settings

SCRIPT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "d = settings.DATABASES['default']; print(json.dumps([d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool')]))"
)


def production_database(**env) -> list:
    clean = {k: v for k, v in os.environ.items() if k not in ("TESTING", "DATABASE_POOL", "CONN_MAX_AGE")}
    clean.update(
        DJANGO_SETTINGS_MODULE="partage.settings",
        ENV_FILE="/nonexistent",
        DEBUG="false",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://partage@127.0.0.1:5432/partage",
        **env,
    )
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_postgresql_in_production_uses_a_bounded_pool_and_no_persistent_connections():
    conn_max_age, pool = production_database()
    assert conn_max_age == 0  # Django refuses persistent connections together with a pool
    assert pool == {"min_size": 2, "max_size": 12, "timeout": 20}


def test_pool_size_and_opt_out_come_from_the_environment():
    assert production_database(DATABASE_POOL_SIZE="30")[1]["max_size"] == 30
    conn_max_age, pool = production_database(DATABASE_POOL="false", CONN_MAX_AGE="120")
    assert (conn_max_age, pool) == (120, None)

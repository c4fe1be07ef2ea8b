"""Production settings: `check --deploy` is clean, and a missing SECRET_KEY stops the start with a clear message."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
# Variables that the test settings or the developer's shell may have set, and that production would not.
_CLEARED = {
    "ENV_FILE",
    "TESTING",
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "ALLOWED_HOSTS",
    "HUEY_SQLITE",
}


def run_manage(*args: str, **env_vars: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in _CLEARED and not key.startswith("DJANGO_")}
    # A developer's .env must not leak into what production would see.
    env.update(DJANGO_SETTINGS_MODULE="partage.settings", ENV_FILE=os.devnull, **env_vars)
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "partage.example.org",
        "SITE_URL": "https://partage.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://partage.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "HUEY_SQLITE": str(tmp_path / "huey.sqlite3"),
    }


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_start_without_secret_key_fails_with_a_clear_message(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY doit être défini en production" in result.stderr


def test_development_start_without_secret_key_works(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    env["DEBUG"] = "true"

    result = run_manage("check", **env)

    assert result.returncode == 0, result.stdout + result.stderr

"""Backups: `manage.py backup` of a populated instance, `manage.py restore` into an empty one (a new SQLite
database and media folder, in another process, as an operator would), and every row and file is there.

In CI's PostgreSQL run the backup comes from PostgreSQL and is restored into SQLite: the archive is portable.
"""

import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from partage.core import backup
from partage.core.tests.test_roles import world  # noqa: F401 (world is a fixture)

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="partage.settings",
        ENV_FILE=os.devnull,
        TESTING="true",
        DEBUG="false",
        SECRET_KEY="restore-test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        HUEY_SQLITE=str(tmp_path / "huey.sqlite3"),
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


# Django's JSON serializer writes times to the millisecond: 12:00:05.000512 is written "12:00:05.000", restored
# as 12:00:05 and then written "12:00:05". The comparison drops a ".000" fraction. The dump holds about a hundred
# times, and about one run in ten one of them fell in the first millisecond of its second: the test failed by
# chance (a full SQLite run, stop 20).
_WHOLE_SECOND = re.compile(r"^(\d{4}-\d\d-\d\dT)?(\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)?$")


def _canonical(value):
    if isinstance(value, str):
        return _WHOLE_SECOND.sub(r"\1\2\3", value)
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def _rows(dump: str) -> set[str]:
    return {json.dumps(_canonical(obj), sort_keys=True) for obj in json.loads(dump)}


def _assert_same_rows(restored: set[str], expected: set[str]) -> None:
    """The rows must be equal; when they are not, say which fields of which rows differ (a set diff of
    whole JSON rows is truncated before the field that differs)."""
    if restored == expected:
        return
    by_key = {}
    for side, rows in (("restored", restored - expected), ("expected", expected - restored)):
        for text in rows:
            row = json.loads(text)
            by_key.setdefault((row["model"], row.get("pk")), {})[side] = row["fields"]
    differences = []
    for key, sides in sorted(by_key.items(), key=str):
        got, want = sides.get("restored", {}), sides.get("expected", {})
        fields = sorted(name for name in set(got) | set(want) if got.get(name) != want.get(name))
        differences.append(f"{key}: " + ", ".join(f"{n}={got.get(n)!r} (expected {want.get(n)!r})" for n in fields))
    raise AssertionError("restored rows differ:\n" + "\n".join(differences))


@pytest.mark.django_db
def test_a_backup_restores_into_an_empty_instance_with_every_row_and_file(world, users_by_role, tmp_path):  # noqa: F811
    files = {name: default_storage.open(name, "rb").read() for name in backup._walk(default_storage)}
    assert len(files) >= 2  # the idea's attachment and the forwarded letter
    archive = tmp_path / "partage.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "data.json"} <= set(tar.getnames())
    source = io.StringIO()
    call_command("dumpdata", natural_foreign=True, exclude=backup.EXCLUDED, stdout=source)
    expected_rows = _rows(source.getvalue())
    assert len(expected_rows) > 100

    restored = _manage("restore", str(archive), tmp_path=tmp_path)
    assert restored.returncode == 0, restored.stderr[-3000:]
    assert "tous vérifiés" in restored.stdout

    dumped = _manage("dumpdata", "--natural-foreign", *[f"--exclude={e}" for e in backup.EXCLUDED], tmp_path=tmp_path)
    assert dumped.returncode == 0, dumped.stderr[-3000:]
    _assert_same_rows(_rows(dumped.stdout), expected_rows)
    for name, content in files.items():
        assert (tmp_path / "media" / name).read_bytes() == content, name

    again = _manage("restore", str(archive), tmp_path=tmp_path)
    assert again.returncode != 0
    assert "La base n'est pas vide" in again.stderr


@pytest.mark.django_db
def test_a_tampered_file_in_the_archive_is_refused(tmp_path, agent):
    default_storage.save("ideas/note.txt", io.BytesIO(b"original"))
    archive = tmp_path / "a.tar.gz"
    backup.backup(archive)
    tampered = tmp_path / "b.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            content = src.extractfile(member).read()
            if member.name == "media/ideas/note.txt":
                content = b"altered!"
            member.size = len(content)
            dst.addfile(member, io.BytesIO(content))
    result = _manage("restore", str(tampered), tmp_path=tmp_path)
    assert result.returncode != 0
    assert "Fichier altéré" in result.stderr

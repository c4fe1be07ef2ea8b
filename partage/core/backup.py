"""Backups: the whole database and the uploaded files in one archive, restorable into an empty instance.

The database goes through Django's serializers (`dumpdata` with natural keys, `loaddata`), not pg_dump: the
archive is the same on SQLite and PostgreSQL, restores into either, and needs no server binary of a matching
version (docs/decisions/0027-backups-and-reliability.md). Content types and permissions are left out: the
restore's `migrate` makes them, and natural keys tie the rows to them. Files are read and written through
the default storage, whatever it is.

Archive (.tar.gz): `manifest.json` (format, date, rows per model, files with their SHA-256), `data.json`,
`media/<path>` for every stored file.

Times are kept to the millisecond, as Django's JSON serializer writes them: a restored row's timestamp may be
up to a millisecond earlier than the original.
"""

import contextvars
import datetime
import hashlib
import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class BackupError(Exception):
    pass


def _walk(storage, directory: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    found = [f"{directory}/{name}" if directory else name for name in files]
    for sub in dirs:
        found += _walk(storage, f"{directory}/{sub}" if directory else sub)
    return sorted(found)


def row_counts() -> dict[str, int]:
    excluded = {e for e in EXCLUDED if "." not in e}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in excluded
        and model._meta.label_lower not in EXCLUDED
        and not model._meta.proxy
        and model._meta.managed
    }


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def backup(path: Path) -> dict:
    """Write the archive; returns its manifest."""
    data = io.StringIO()
    with transaction.atomic():  # one consistent snapshot of every table (REPEATABLE READ is not needed here)
        call_command(
            "dumpdata", natural_foreign=True, natural_primary=False, exclude=EXCLUDED, stdout=data, verbosity=0
        )
        counts = row_counts()
    files = {}
    with tarfile.open(path, "w:gz") as archive:
        for name in _walk(default_storage):
            with default_storage.open(name, "rb") as handle:
                content = handle.read()
            files[name] = hashlib.sha256(content).hexdigest()
            _add(archive, f"media/{name}", content)
        payload = data.getvalue().encode()
        _add(archive, "data.json", payload)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "rows": counts,
            "files": files,
        }
        _add(archive, "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode())
    return manifest


def is_empty() -> bool:
    """No row that a person made: the users table is empty (migrations' own rows do not count)."""
    from django.contrib.auth import get_user_model

    return not get_user_model().objects.exists()


_restoring = contextvars.ContextVar("partage_restoring", default=False)


def restoring() -> bool:
    """True while a backup is being loaded: receivers that derive rows from others (a pilot follows their
    action) must not run, since the archive already holds those rows and loading them would collide."""
    return _restoring.get()


def restore(path: Path, *, allow_non_empty: bool = False) -> dict:
    """Migrate, load the rows, write the files, check both against the manifest; returns the manifest."""
    call_command("migrate", interactive=False, verbosity=0)
    if not allow_non_empty and not is_empty():
        raise BackupError("La base n'est pas vide : la restauration se fait dans une instance neuve (--force sinon).")
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Format d'archive inconnu : {manifest.get('format')}")
        fixture = Path(path).with_suffix(".restore.json")
        fixture.write_bytes(archive.extractfile("data.json").read())
        try:
            token = _restoring.set(True)
            with transaction.atomic():
                _clear_migration_rows(manifest["rows"])
                call_command("loaddata", str(fixture), verbosity=0)
        finally:
            _restoring.reset(token)
            fixture.unlink(missing_ok=True)
        for name, digest in manifest["files"].items():
            content = archive.extractfile(f"media/{name}").read()
            if hashlib.sha256(content).hexdigest() != digest:
                raise BackupError(f"Fichier altéré dans l'archive : {name}")
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(f"Fichier restauré sous un autre nom : {name} → {saved}")
    counts = row_counts()
    missing = {label: (n, counts.get(label)) for label, n in manifest["rows"].items() if counts.get(label) != n}
    if missing:
        raise BackupError(f"Lignes manquantes après restauration (attendu, trouvé) : {missing}")
    return manifest


def _clear_migration_rows(rows: dict[str, int]) -> None:
    """Rows that data migrations made (domains, ...) are in the archive too: the archive's copy wins."""
    for label in rows:
        model = apps.get_model(label)
        if model._default_manager.exists():
            model._default_manager.all().delete()

"""manage.py restore ARCHIVE: into an empty instance, then checks every row count and file (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partage.core import backup


class Command(BaseCommand):
    help = "Restaure une archive de manage.py backup dans une instance vide, puis vérifie lignes et fichiers."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="Restaurer même si la base contient des comptes.")

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            manifest = backup.restore(archive, allow_non_empty=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restauration terminée : {sum(manifest['rows'].values())} lignes, {len(manifest['files'])} fichiers, "
            "tous vérifiés."
        )

"""manage.py backup ARCHIVE: the database and the uploaded files in one .tar.gz (partage/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from partage.core import backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers envoyés dans une seule archive .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        manifest = backup.backup(archive)
        self.stdout.write(
            f"Sauvegarde écrite dans {archive} : {sum(manifest['rows'].values())} lignes, "
            f"{len(manifest['files'])} fichiers."
        )

"""`manage.py load_roadmap data/pap2019.json`: load (or refresh) a transcribed roadmap and the communes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from partage.roadmap.loading import LoadReport, load_communes, load_roadmap, read_json


class Command(BaseCommand):
    help = "Charge une feuille de route transcrite (JSON) et les communes, sans créer de doublon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Fichier JSON de la feuille de route, par exemple data/pap2019.json")
        parser.add_argument(
            "--communes",
            help="Fichier JSON des communes (par défaut communes.json à côté de la feuille de route, s'il existe).",
        )

    def handle(self, *args, path: str, communes: str | None = None, **options) -> None:
        roadmap_path = Path(path)
        communes_path = Path(communes) if communes else roadmap_path.with_name("communes.json")
        try:
            data = read_json(roadmap_path)
            communes_data = read_json(communes_path) if communes or communes_path.exists() else None
        except (OSError, ValueError) as error:
            raise CommandError(_("Lecture impossible : %(error)s") % {"error": error}) from error
        report = LoadReport()
        if communes_data is not None:
            load_communes(communes_data, report)
        load_roadmap(data, report)
        self.stdout.write(_("Feuille de route « %(name)s » :") % {"name": report.programme.name})
        for line in report.lines():
            self.stdout.write(f"  {line}")

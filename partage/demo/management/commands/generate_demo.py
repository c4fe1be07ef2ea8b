"""`manage.py generate_demo --scale N [--current]`: a programme N times larger than the 2019 one."""

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from partage.demo.programme import generate_programme


class Command(BaseCommand):
    help = "Génère un programme de démonstration N fois plus grand que le PAP 2019 (remplace celui qui existe)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Facteur d'échelle N (44 × N fiches-actions).")
        parser.add_argument("--current", action="store_true", help="En faire le programme en cours.")

    def handle(self, *args, scale: int, current: bool, **options) -> None:
        started = time.monotonic()
        programme = generate_programme(scale, current=current)
        self.stdout.write(
            _("Programme « %(name)s » généré : %(count)d fiches-actions en %(seconds).1f s.")
            % {"name": programme.name, "count": programme.actions.count(), "seconds": time.monotonic() - started}
        )

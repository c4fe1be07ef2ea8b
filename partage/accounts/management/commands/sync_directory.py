"""Bring agents, directions and services in line with the directory (LDAP / Active Directory).

manage.py sync_directory --dry-run    # what would change, nothing saved
manage.py sync_directory              # apply (the Huey worker also runs it each night)
"""

from django.core.management.base import BaseCommand, CommandError

from partage.accounts.directory import DirectoryError, sync_directory


class Command(BaseCommand):
    help = "Synchronise les agents, directions et services depuis l'annuaire LDAP / Active Directory."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui changerait sans rien enregistrer.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        try:
            report = sync_directory(dry_run=dry_run)
        except DirectoryError as exc:
            raise CommandError(f"Annuaire : {exc}") from exc
        self.stdout.write("\n".join(report.lines()))

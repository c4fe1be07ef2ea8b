"""`manage.py seed_demo`: a small demo organisation and one account per role.

Idempotent: existing directions, services, users and demo content are kept;
a password changed since the first run is never reset. Refuses to run unless
DEBUG is on or --force is given, so that it never seeds production by accident.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partage.accounts.models import User
from partage.core.history import set_reason
from partage.organisation.models import Commune, Direction, Service
from partage.roadmap.models import Action, Indicator, IndicatorMeasure, Milestone, Programme
from partage.roadmap.writes import add_progress_update

ORGANISATION = {
    ("Direction générale des services", "DGS"): ["Mission Projet d'administration", "Secrétariat général"],
    ("Direction des ressources humaines", "DRH"): [
        "Service emploi et compétences",
        "Service qualité de vie au travail",
    ],
    ("Direction des systèmes d'information", "DSI"): ["Service études et projets numériques", "Service support"],
    ("Direction de la communication", "DCOM"): ["Service communication interne"],
}


@dataclass(frozen=True)
class DemoAccount:
    role: object  # a lazy translated label
    email: str
    password: str
    first_name: str
    last_name: str
    service: tuple[str, str] | None = None  # (direction acronym, service name)
    job_title: str = ""
    extra: tuple[tuple[str, object], ...] = ()


ACCOUNTS = [
    DemoAccount(
        gettext_lazy("agent"),
        "agent@partage.local",
        "agent-demo-2019",
        "Anne",
        "Le Goff",
        ("DCOM", "Service communication interne"),
        "Chargée de communication",
    ),
    DemoAccount(
        gettext_lazy("pilote"),
        "pilote@partage.local",
        "pilote-demo-2019",
        "Paul",
        "Le Floch",
        ("DRH", "Service qualité de vie au travail"),
        "Responsable qualité de vie au travail",
    ),
    DemoAccount(
        gettext_lazy("modérateur"),
        "moderateur@partage.local",
        "moderateur-demo-2019",
        "Maëlle",
        "Guégan",
        ("DGS", "Mission Projet d'administration"),
        "Chargée de mission Projet d'administration",
        (("is_moderator", True),),
    ),
    DemoAccount(
        gettext_lazy("administrateur"),
        "admin@partage.local",
        "admin-demo-2019",
        "Yann",
        "Le Roux",
        ("DSI", "Service support"),
        "Administrateur de la plateforme",
        (("is_staff", True), ("is_superuser", True)),
    ),
    DemoAccount(
        gettext_lazy("interlocuteur communal"),
        "mairie-lanester@partage.local",
        "lanester-demo-2019",
        "Catherine",
        "Jégo",
        None,
        "Directrice générale des services de Lanester",
        (("kind", User.Kind.COMMUNE_CONTACT),),
    ),
]

PILOTED_ACTIONS = ["2.4.1", "4.1.6"]
PILOT_DIRECTION = "DRH"


class Command(BaseCommand):
    help = "Crée une organisation de démonstration et un compte par rôle (jamais en production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Exécuter même si DEBUG est désactivé (à éviter en production)."
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not (settings.DEBUG or force):
            raise CommandError(
                _("Refusé : DEBUG est désactivé. Ajoutez --force pour créer les comptes de démonstration.")
            )
        with transaction.atomic():
            services = self._seed_organisation()
            rows = [self._seed_account(account, services) for account in ACCOUNTS]
            notes = self._seed_pilot_content(User.objects.get(email=ACCOUNTS[1].email))
        self._print_table(rows)
        for note in notes:
            self.stdout.write(note)

    def _seed_organisation(self) -> dict[tuple[str, str], Service]:
        services = {}
        for (name, acronym), service_names in ORGANISATION.items():
            direction, _created = Direction.objects.get_or_create(name=name, defaults={"acronym": acronym})
            for service_name in service_names:
                service, _created = Service.objects.get_or_create(direction=direction, name=service_name)
                services[(acronym, service_name)] = service
        return services

    def _seed_account(self, account: DemoAccount, services: dict) -> tuple[str, str, str]:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is not None:
            # Keep the account as it is; say whether the demo password still works.
            password = account.password if user.check_password(account.password) else _("inchangé")
            return account.role, account.email, password
        user = User(
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            job_title=account.job_title,
            service=services[account.service] if account.service else None,
        )
        for name, value in account.extra:
            setattr(user, name, value)
        if user.kind == User.Kind.COMMUNE_CONTACT:
            user.commune, _created = Commune.objects.get_or_create(slug="lanester", defaults={"name": "Lanester"})
        user.set_password(account.password)
        user.save()
        return account.role, account.email, account.password

    def _seed_pilot_content(self, pilot: User) -> list[str]:
        programme = Programme.objects.filter(slug="pap-2019").first()
        actions = list(Action.objects.filter(programme=programme, number__in=PILOTED_ACTIONS)) if programme else []
        if not actions:
            return [_("Feuille de route 2019 absente : lancez d'abord « manage.py load_roadmap data/pap2019.json ».")]
        direction = Direction.objects.filter(acronym=PILOT_DIRECTION).first()
        today = timezone.localdate()
        for action in actions:
            action.pilots.add(pilot)
            if action.pilot_direction_id is None and direction is not None:
                action.pilot_direction = direction
                set_reason(action, "roadmap.demo")
                action.save(update_fields=["pilot_direction", "updated_at"])
            if not action.milestones.exists():
                Milestone.objects.bulk_create(
                    [
                        Milestone(
                            action=action,
                            title="Cadrage validé en comité de direction",
                            due_date=today - datetime.timedelta(days=180),
                            done_date=today - datetime.timedelta(days=170),
                        ),
                        Milestone(
                            action=action,
                            title="Expérimentation avec des agents volontaires",
                            due_date=today - datetime.timedelta(days=30),
                        ),
                        Milestone(
                            action=action,
                            title="Bilan et généralisation",
                            due_date=today + datetime.timedelta(days=150),
                        ),
                    ]
                )
            if not action.indicators.exists():
                indicator = Indicator.objects.create(
                    action=action, name="Agents concernés", unit="agents", baseline=0, target=150
                )
                IndicatorMeasure.objects.bulk_create(
                    [
                        IndicatorMeasure(
                            indicator=indicator,
                            date=today - datetime.timedelta(days=90 * (3 - i)),
                            value=value,
                            recorded_by=pilot,
                        )
                        for i, value in enumerate([10, 35, 60, 85])
                    ]
                )
            if not action.progress_updates.exists():
                add_progress_update(
                    action=action,
                    author=pilot,
                    text="Lancement : groupe de travail constitué, premier atelier avec les agents volontaires.",
                    status=Action.Status.IN_PROGRESS,
                    progress=20,
                    date=today - datetime.timedelta(days=120),
                )
                add_progress_update(
                    action=action,
                    author=pilot,
                    text="Expérimentation en cours ; le bilan intermédiaire sera présenté au groupe de suivi.",
                    status=Action.Status.IN_PROGRESS,
                    progress=45,
                    date=today - datetime.timedelta(days=20),
                )
        numbers = ", ".join(action.number for action in actions)
        return [_("%(email)s pilote les fiches-actions %(numbers)s.") % {"email": pilot.email, "numbers": numbers}]

    def _print_table(self, rows: list[tuple[str, str, str]]) -> None:
        headers = (_("Rôle"), _("Adresse électronique"), _("Mot de passe"))
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(3)]
        self.stdout.write(_("Comptes de démonstration :"))
        for row in [headers, *rows]:
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + " | ".join(cells)).rstrip())

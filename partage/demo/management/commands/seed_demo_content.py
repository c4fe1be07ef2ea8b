"""`manage.py seed_demo_content`: a little demo content in every module, after `seed_demo`.

A follow-up group with a past meeting (published minutes) and an upcoming one, two news posts,
three ideas, a decision thread with an open and a closed poll, a works notice for Lanester.
Everything goes through each app's own write functions, so journals, follows and notifications
behave as in real use. Idempotent: each part is looked up by its title (or slug) first and left
alone when present. Refuses to run unless DEBUG is on or --force is given.

Console messages are plain French (not translated): this is a developer's tool.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from partage.accounts.models import User
from partage.core import anonymity
from partage.decisions import writes as decisions
from partage.decisions.models import Poll, Thread
from partage.followup import writes as followup
from partage.followup.forms import AgendaFormSet, MeetingForm
from partage.followup.models import ActionReview, Decision, Group, Meeting, Membership, Minutes
from partage.ideas import writes as ideas
from partage.ideas.models import Idea
from partage.news.models import Post
from partage.news.writes import save_post
from partage.organisation.models import Commune, Direction, Service
from partage.roadmap.models import Action, Programme
from partage.territory import writes as territory
from partage.territory.models import Domain, WorksNotice

AGENT, PILOT, MODERATOR, ADMIN = (
    "agent@partage.local",
    "pilote@partage.local",
    "moderateur@partage.local",
    "admin@partage.local",
)

GROUP_SLUG = "groupe-suivi-pap"
GROUP_NAME = "Groupe de suivi du PAP"
PAST_MEETING = "Revue du télétravail et des entretiens professionnels"
NEXT_MEETING = "Point d'étape trimestriel"

NEWS = [
    (
        "Télétravail : 85 agents en expérimentation",
        "L'expérimentation du télétravail s'élargit : 85 agents volontaires de six directions "
        "télétravaillent désormais un jour par semaine.",
        "Après un premier bilan positif présenté au groupe de suivi, l'expérimentation s'ouvre à de "
        "nouveaux services.\n\n- une journée fixe par semaine ;\n- un équipement fourni par la DSI ;\n"
        "- un accompagnement des encadrants.\n\nLe bilan complet sera présenté avant la généralisation.",
    ),
    (
        "Charte du télétravail : vos remarques sont attendues",
        "Le projet de charte du télétravail est en consultation : chaque agent peut le lire et "
        "faire part de ses remarques jusqu'à la fin du mois.",
        "La charte précise les conditions d'éligibilité, le droit à la déconnexion et la prise en "
        "charge des frais. Elle a été rédigée avec les représentants du personnel.",
    ),
]

IDEA_ANONYMOUS = "Des salles de réunion équipées pour la visioconférence"
IDEA_REVIEW = "Un covoiturage entre agents des différents sites"
IDEA_ACCEPTED = "Un livret d'accueil numérique pour les nouveaux agents"

THREAD_TITLE = "Organisation des temps collectifs en télétravail"
PROPOSAL_TITLE = "Une journée sans réunion par semaine"
RANKED_TITLE = "Format préféré pour les réunions de service"
RANKED_OPTIONS = ["En présentiel", "Hybride (salle et visioconférence)", "Entièrement en visioconférence"]

NOTICE_TITLE = "Réfection de la chaussée rue Jean Jaurès"


class Command(BaseCommand):
    help = "Ajoute un peu de contenu de démonstration dans chaque module (jamais en production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Exécuter même si DEBUG est désactivé (à éviter en production)."
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not (settings.DEBUG or force):
            raise CommandError("Refusé : DEBUG est désactivé. Ajoutez --force pour créer le contenu de démonstration.")
        users = {u.email: u for u in User.objects.filter(email__in=[AGENT, PILOT, MODERATOR, ADMIN])}
        if len(users) < 4:
            raise CommandError("Comptes de démonstration absents : lancez d'abord « manage.py seed_demo ».")
        programme = Programme.objects.filter(slug="pap-2019").first()
        numbers = ["2.4.1", "4.1.6", "4.1.8"]
        found = {a.number: a for a in Action.objects.filter(programme=programme, number__in=numbers)}
        if len(found) < len(numbers):
            raise CommandError(
                "Feuille de route 2019 absente : lancez d'abord « manage.py load_roadmap data/pap2019.json »."
            )
        self.users, self.actions, self.now = users, found, timezone.now()
        for part in (
            self._followup,
            self._news,
            self._ideas,
            self._decisions,
            self._territory,
            self._surveys,
            self._live,
        ):
            with transaction.atomic():
                part()

    def _surveys(self) -> None:
        from partage.surveys.demo import seed

        actions = list(Action.objects.filter(programme__slug="pap-2019", number__in=["1.1.3", "1.2.2"]))
        survey, created = seed(by=self.users[PILOT], actions=actions)
        self._say(f"Enquête « {survey.title} »", created)

    def _live(self) -> None:
        from partage.live.demo import seed_demo_session

        session = seed_demo_session(host=self.users[ADMIN])
        session.actions.add(self.actions["2.4.1"])
        self.stdout.write(
            f"Session en direct « {session.title} » : code {session.code} (http://127.0.0.1:8000/j/{session.code}/)"
        )

    def _say(self, label: str, created: bool) -> None:
        self.stdout.write(f"{label} : {'créé' if created else 'déjà présent'}")

    # --- follow-up group ------------------------------------------------------------------------

    def _followup(self) -> None:
        group = Group.objects.filter(slug=GROUP_SLUG).first()
        if group is not None:
            self._say(f"Groupe « {GROUP_NAME} »", False)
            return
        group = Group.objects.create(
            name=GROUP_NAME,
            slug=GROUP_SLUG,
            description="Le groupe suit l'avancement des fiches-actions sur le télétravail et les entretiens "
            "professionnels, et en rend compte à tous les agents.",
        )
        group.actions.set([self.actions["2.4.1"], self.actions["4.1.6"]])
        followup.add_member(group=group, user=self.users[PILOT], role=Membership.Role.ANIMATOR)
        followup.add_member(group=group, user=self.users[AGENT], role=Membership.Role.VOLUNTEER)
        followup.add_member(group=group, user=self.users[MODERATOR], role=Membership.Role.STAFF_REPRESENTATIVE)

        past = self._meeting(group, PAST_MEETING, self.now - datetime.timedelta(days=14), "Bilan du télétravail")
        minutes = Minutes.objects.create(
            meeting=past,
            summary="Le pilote a présenté le bilan intermédiaire de l'expérimentation du télétravail. "
            "Les agents volontaires en sont satisfaits ; les encadrants demandent un accompagnement.",
        )
        Decision.objects.create(
            minutes=minutes,
            text="Ouvrir l'expérimentation à deux nouvelles directions.",
            action=self.actions["2.4.1"],
        )
        ActionReview.objects.create(
            minutes=minutes,
            action=self.actions["2.4.1"],
            assessment=ActionReview.Assessment.ON_TRACK,
            comment="Calendrier tenu ; formation des encadrants à prévoir avant la généralisation.",
        )
        followup.publish_minutes(minutes=minutes, by=self.users[PILOT], url=minutes.get_absolute_url())
        self._meeting(group, NEXT_MEETING, self.now + datetime.timedelta(days=21), "Avancement des entretiens")
        self._say(f"Groupe « {GROUP_NAME} » (2 réunions, 1 relevé publié)", True)

    def _meeting(self, group: Group, title: str, starts_at: datetime.datetime, agenda_title: str) -> Meeting:
        starts_at = timezone.localtime(starts_at).replace(hour=14, minute=0, second=0, microsecond=0)
        fmt = "%Y-%m-%d %H:%M"
        data = {
            "title": title,
            "starts_at": starts_at.strftime(fmt),
            "ends_at": (starts_at + datetime.timedelta(hours=2)).strftime(fmt),
            "place": "Maison de l'Agglomération, salle du conseil",
            "invited": [m.user_id for m in group.memberships.all()],
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-order": "1",
            "agenda-0-title": agenda_title,
            "agenda-0-action": str(self.actions["2.4.1"].pk),
        }
        form = MeetingForm(data, group=group)
        agenda = AgendaFormSet(data, instance=Meeting(group=group), prefix="agenda", form_kwargs={"group": group})
        if not (form.is_valid() and agenda.is_valid()):
            raise CommandError(f"Réunion de démonstration invalide : {form.errors} {agenda.errors}")
        return followup.save_meeting(form=form, agenda_formset=agenda)

    # --- news -----------------------------------------------------------------------------------

    def _news(self) -> None:
        for title, summary, body in NEWS:
            if Post.objects.filter(title=title).exists():
                self._say(f"Actualité « {title} »", False)
                continue
            save_post(
                author=self.users[MODERATOR],
                title=title,
                summary=summary,
                body=body,
                status=Post.Status.PUBLISHED,
                actions=[self.actions["2.4.1"]],
            )
            self._say(f"Actualité « {title} »", True)

    # --- ideas ----------------------------------------------------------------------------------

    def _ideas(self) -> None:
        moderator = self.users[MODERATOR]
        if self._new_idea(IDEA_ANONYMOUS):
            ideas.submit_idea(
                author=self.users[AGENT],
                title=IDEA_ANONYMOUS,
                description="Beaucoup de réunions mêlent désormais présentiel et télétravail : équiper deux "
                "ou trois salles d'une caméra et d'un micro de qualité éviterait les réunions inaudibles.",
                anonymous=True,
            )
            # Demo content only: published at once rather than at the next release of anonymous ideas.
            anonymity.release(kind="ideas.idea", force=True)
        if self._new_idea(IDEA_REVIEW):
            idea = ideas.submit_idea(
                author=self.users[AGENT],
                title=IDEA_REVIEW,
                description="Une page pour proposer ou trouver un trajet partagé entre Lorient, Lanester et "
                "les sites techniques réduirait les frais et les émissions.",
            ).idea
            ideas.change_status(
                idea=idea,
                moderator=moderator,
                status=Idea.Status.UNDER_REVIEW,
                answer="Merci pour cette idée : la direction des mobilités étudie une solution commune "
                "avec le plan de mobilité employeur. Réponse attendue d'ici deux mois.",
            )
        if self._new_idea(IDEA_ACCEPTED):
            idea = ideas.submit_idea(
                author=self.users[PILOT],
                title=IDEA_ACCEPTED,
                description="Un livret en ligne présentant les services, les outils et les contacts utiles "
                "faciliterait les premières semaines des nouveaux agents.",
            ).idea
            ideas.change_status(
                idea=idea,
                moderator=moderator,
                status=Idea.Status.ACCEPTED,
                answer="Idée retenue : elle sera mise en œuvre dans le cadre de la fiche-action 4.1.8.",
                action=self.actions["4.1.8"],
            )

    def _new_idea(self, title: str) -> bool:
        exists = Idea.objects.filter(title=title).exists()
        self._say(f"Idée « {title} »", not exists)
        return not exists

    # --- decisions ------------------------------------------------------------------------------

    def _decisions(self) -> None:
        thread = Thread.objects.filter(title=THREAD_TITLE).first()
        if thread is not None:
            self._say(f"Discussion « {THREAD_TITLE} »", False)
            return
        pilot = self.users[PILOT]
        thread = decisions.create_thread(
            author=pilot,
            title=THREAD_TITLE,
            context="Avec le télétravail, les temps collectifs se raréfient. Comment les organiser pour "
            "que chacun puisse y participer ?",
        )
        proposal = decisions.create_poll(
            poll=Poll(
                thread=thread,
                author=pilot,
                kind=Poll.Kind.PROPOSAL,
                title=PROPOSAL_TITLE,
                details="Proposition : aucune réunion interne le mercredi, pour laisser du temps au travail de fond.",
                closing_at=self.now + datetime.timedelta(days=10),
            )
        )
        options = {o.key: o for o in proposal.options.all()}
        decisions.cast_vote(
            poll=proposal,
            voter=self.users[AGENT],
            choices={options["agree"].pk: 1},
            reason="Cela aiderait à avancer sur les dossiers de fond.",
        )
        decisions.cast_vote(poll=proposal, voter=self.users[MODERATOR], choices={options["abstain"].pk: 1})

        ranked = decisions.create_poll(
            poll=Poll(
                thread=thread,
                author=pilot,
                kind=Poll.Kind.RANKED_CHOICE,
                title=RANKED_TITLE,
                details="Classez les formats du préféré au moins adapté.",
                opening_at=self.now - datetime.timedelta(days=14),
                closing_at=self.now + datetime.timedelta(hours=1),
                min_choices=1,
                max_choices=len(RANKED_OPTIONS),
            ),
            options=RANKED_OPTIONS,
        )
        onsite, hybrid, remote = (ranked.options.get(text=text) for text in RANKED_OPTIONS)
        for voter, order in (
            (self.users[AGENT], (hybrid, onsite, remote)),
            (self.users[MODERATOR], (hybrid, remote, onsite)),
            (pilot, (onsite, hybrid, remote)),
        ):
            decisions.cast_vote(poll=ranked, voter=voter, choices={o.pk: rank for rank, o in enumerate(order, 1)})
        decisions.close_poll(poll=ranked, by=pilot)
        decisions.publish_outcome(
            poll=ranked,
            author=pilot,
            statement="Les réunions de service se tiendront en format hybride, avec une salle équipée.",
            chosen_option=hybrid,
            actions=[self.actions["4.1.6"]],
        )
        self._say(f"Discussion « {THREAD_TITLE} » (1 consultation ouverte, 1 close avec son issue)", True)

    # --- territory ------------------------------------------------------------------------------

    def _territory(self) -> None:
        if WorksNotice.objects.filter(title=NOTICE_TITLE).exists():
            self._say(f"Avis de travaux « {NOTICE_TITLE} »", False)
            return
        direction, _created = Direction.objects.get_or_create(
            name="Direction des espaces publics", defaults={"acronym": "DEP"}
        )
        service, _created = Service.objects.get_or_create(direction=direction, name="Service voirie")
        lanester, _created = Commune.objects.get_or_create(slug="lanester", defaults={"name": "Lanester"})
        domain, _created = Domain.objects.get_or_create(slug="voirie", defaults={"name": "Voirie"})
        starts_at = timezone.localtime(self.now + datetime.timedelta(days=20)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
        territory.create_notice(
            by=self.users[ADMIN],
            title=NOTICE_TITLE,
            nature=WorksNotice.Nature.WORKS,
            service=service,
            domain=domain,
            communes=[lanester],
            place="Rue Jean Jaurès, entre le rond-point de Kerpont et la mairie, Lanester",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(days=4, hours=9),
            impact="Circulation alternée ; arrêt de bus « Mairie » déplacé de 100 mètres.",
            public_message="Travaux de réfection de la chaussée rue Jean Jaurès : circulation alternée "
            "de 8 h à 17 h pendant cinq jours. Merci de votre compréhension.",
        )
        self._say(f"Avis de travaux « {NOTICE_TITLE} »", True)

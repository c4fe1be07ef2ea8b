"""The benchmark's accounts and consultations, and the plan the locust scenarios read.

`seed(agents=N)` makes N agents who log in with a password (all the same one, hashed once with the site's
hasher, so seeding 1,000 accounts takes seconds while every login still pays the full check), a discussion
with open proposals that every agent may vote on, and returns the plan: emails, password, the roadmap's
address, the polls' and actions' addresses and where a comment on each action is posted.

`python -m partage.loadtest.seed --agents N --out plan.json` does the same in the database of the settings.
"""

import argparse
import datetime
import json
import os
import sys

PASSWORD = "Charge-9h-Partage!"  # noqa: S105 — a benchmark account's password, in the benchmark's own database
EMAIL = "agent-{:04d}@charge.partage.test"
POLLS = 4
ACTIONS = 10


def seed(*, agents: int, polls: int = POLLS) -> dict:
    """Create the accounts and consultations of the load test; return the plan (a JSON-ready dict)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from partage.accounts.models import User
    from partage.decisions import writes as decisions
    from partage.decisions.models import Poll
    from partage.roadmap.models import Action, Programme

    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        raise SystemExit("Aucune feuille de route en cours : chargez-en une d'abord (load_roadmap).")
    now = timezone.now()
    with transaction.atomic():
        author = User.objects.create_user(
            "pilote-charge@charge.partage.test", first_name="Pilote", last_name="Charge", password=PASSWORD
        )
        thread = decisions.create_thread(
            author=author,
            title="Organisation des temps collectifs (test de charge)",
            context="Consultation ouverte à tous les agents pendant le test de charge.",
        )
        # The polls first, while the author is the only agent: opening a poll notifies its electorate,
        # and the agents seeded afterwards start with an empty inbox, as on a morning without news.
        poll_list = [
            decisions.create_poll(
                poll=Poll(
                    thread=thread,
                    author=author,
                    kind=Poll.Kind.PROPOSAL,
                    title=f"Proposition {n} : une matinée sans réunion par semaine",
                    details="Proposition soumise au vote de tous les agents.",
                    closing_at=now + datetime.timedelta(days=10),
                )
            )
            for n in range(1, polls + 1)
        ]
        hashed = make_password(PASSWORD)
        User.objects.bulk_create(
            User(email=EMAIL.format(i), first_name="Agent", last_name=f"Charge {i:04d}", password=hashed)
            for i in range(agents)
        )
    actions = list(Action.objects.filter(programme=programme).order_by("pk")[:ACTIONS])
    action_type = ContentType.objects.get_for_model(Action)
    return {
        "password": PASSWORD,
        "emails": [EMAIL.format(i) for i in range(agents)],
        "login": reverse("accounts:login"),
        "dashboard": reverse("roadmap:dashboard"),
        "roadmap": reverse("roadmap:roadmap", kwargs={"programme": programme.slug}),
        "polls": [{"page": p.get_absolute_url(), "vote": reverse("decisions:vote", args=[p.pk])} for p in poll_list],
        "actions": [
            {"page": a.get_absolute_url(), "comment": reverse("core:post_comment", args=[action_type.pk, a.pk])}
            for a in actions
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings")
    import django

    django.setup()
    plan = seed(agents=args.agents)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(plan, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's accounts and consultations, and the plan the locust scenarios read.

`seed(agents=N)` makes N agents who log in with a password (all the same one, hashed once with the site's
hasher, so seeding 1,000 accounts takes seconds while every login still pays the full check), a discussion
with open proposals that every agent may vote on, and returns the plan: emails, password, the roadmap's
address, the polls' and actions' addresses and where a comment on each action is posted.

`sessions` (0 to 1) is the share of agents who arrive with yesterday's session cookie, as most do at 9:00:
each gets a session row as a sign-in the day before left it (signed in and renewed yesterday, expiring
SESSION_COOKIE_AGE after yesterday's visit), so its first page of the day pays the daily renewal
(partage/accounts/sessions.py) and no password check. The plan maps their emails to the session keys.

`python -m partage.loadtest.seed --agents N [--sessions 0.9] --out plan.json` does the same in the database
of the settings.
"""

import argparse
import datetime
import json
import os
import random
import sys

PASSWORD = "Charge-9h-Partage!"  # noqa: S105 — a benchmark account's password, in the benchmark's own database
EMAIL = "agent-{:04d}@charge.partage.test"
POLLS = 4
ACTIONS = 10


def _yesterdays_sessions(users: list) -> dict[str, str]:
    """A session row per user, as a password sign-in the day before left it; {email: session key}."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from partage.accounts.sessions import RENEWED_ON, SIGNED_IN_ON

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    yesterday = timezone.now() - datetime.timedelta(days=1)
    rows, keys = [], {}
    for user in users:
        store = store_class()
        day = timezone.localdate(yesterday).isoformat()
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "partage.accounts.backends.LocalPasswordBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            SIGNED_IN_ON: day,
            RENEWED_ON: day,
        }
        key = get_random_string(32, VALID_KEY_CHARS)  # what Django draws; 1,000 draws never meet
        expiry = yesterday + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        rows.append(store.model(session_key=key, session_data=store.encode(data), expire_date=expiry))
        keys[user.email] = key
    store_class.get_model_class().objects.bulk_create(rows)
    return keys


def seed(*, agents: int, polls: int = POLLS, sessions: float = 0.0) -> dict:
    """Create the accounts and consultations of the load test; return the plan (a JSON-ready dict)."""
    from django.conf import settings
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
    emails = [EMAIL.format(i) for i in range(agents)]
    # Which agents come back with a cookie: a fixed draw, so two runs compare the same morning.
    returning = sorted(random.Random(15).sample(emails, round(agents * sessions)))
    session_keys = _yesterdays_sessions(list(User.objects.filter(email__in=returning)))
    actions = list(Action.objects.filter(programme=programme).order_by("pk")[:ACTIONS])
    action_type = ContentType.objects.get_for_model(Action)
    return {
        "password": PASSWORD,
        "emails": emails,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": session_keys,
        "login": reverse("accounts:login"),
        "dashboard": reverse("roadmap:dashboard"),
        "signed_in": f'action="{reverse("accounts:logout")}"',  # the logout form: on every signed-in page
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
    parser.add_argument("--sessions", type=float, default=0.0, help="share of agents with yesterday's cookie")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings")
    import django

    django.setup()
    plan = seed(agents=args.agents, sessions=args.sessions)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(plan, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

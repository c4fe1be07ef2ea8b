"""Database side of the benchmark and the cluster test, run in a subprocess with the servers' environment.

    python -m partage.live.bench.live_db setup        # create the database if missing, migrate, make a session
    python -m partage.live.bench.live_db session <s>  # only the session (quiz of <s> seconds)
    python -m partage.live.bench.live_db count <id>   # the stored answers of a session

Prints one JSON object. `setup` makes a host (a superuser) with a Django session (its cookie is the
presenter's credentials, PROTOCOL.md §2) and a presenter-paced session with a poll, a word cloud and a timed
quiz question. `count` lists (participant key, activity) of every stored answer: the benchmark sets them
against what the clients sent, so a lost or doubled answer shows whatever the server believed.
"""

import json
import os
import sys

QUIZ_SECONDS = 60


def ensure_database() -> None:
    """CREATE DATABASE for a PostgreSQL DATABASE_URL whose database does not exist yet (never drops one)."""
    import environ

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    config = environ.Env.db_url_config(url)
    import psycopg

    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def setup() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return make_session()


def make_session(*, quiz_seconds: int = QUIZ_SECONDS) -> dict:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    from partage.live.models import Activity, LiveSession

    host = get_user_model().objects.filter(email="banc-live@partage.test").first()
    if host is None:
        host = get_user_model().objects.create_superuser(email="banc-live@partage.test", password=None)
    session = LiveSession.objects.create(
        title="Banc de charge", host=host, status=LiveSession.Status.OPEN, pacing=LiveSession.Pacing.PRESENTER
    )
    choices = [{"id": c, "label": f"Réponse {c.upper()}", "correct": c == "b"} for c in "abcd"]
    poll = Activity.objects.create(
        session=session, position=1, kind=Activity.Kind.POLL, prompt="Quel jour pour le télétravail ?", choices=choices
    )
    cloud = Activity.objects.create(
        session=session, position=2, kind=Activity.Kind.WORDCLOUD, prompt="Un mot pour cette réunion ?", max_words=3
    )
    quiz = Activity.objects.create(
        session=session,
        position=3,
        kind=Activity.Kind.QUIZ,
        prompt="En quelle année le PAP a-t-il été adopté ?",
        choices=choices,
        time_limit=quiz_seconds,
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(host.pk)
    store[BACKEND_SESSION_KEY] = _backend_for(host)
    store[HASH_SESSION_KEY] = host.get_session_auth_hash()
    store.create()
    return {
        "session": session.pk,
        "code": session.code,
        "host_cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
        "activities": [
            {"id": str(poll.pk), "kind": "poll", "label": "Sondage"},
            {"id": str(cloud.pk), "kind": "wordcloud", "label": "Nuage de mots"},
            {"id": str(quiz.pk), "kind": "quiz", "label": f"Question de quiz chronométrée ({quiz_seconds} s)"},
        ],
    }


def _backend_for(user) -> str:
    """The first authentication backend that loads this user back, as django.contrib.auth.login records it."""
    from django.conf import settings
    from django.contrib.auth import load_backend

    for path in settings.AUTHENTICATION_BACKENDS:
        backend = load_backend(path)
        if hasattr(backend, "get_user") and backend.get_user(user.pk) is not None:
            return path
    raise RuntimeError("aucun moteur d'authentification ne retrouve l'animateur")


def count(session_id: int) -> dict:
    from partage.live.models import Answer

    rows = list(Answer.objects.filter(activity__session_id=session_id).values_list("participant__key", "activity_id"))
    return {"rows": len(rows), "pairs": [[str(key), str(activity)] for key, activity in rows]}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings_test")
    command = sys.argv[1]
    if command == "setup":
        ensure_database()
    import django

    django.setup()
    if command == "setup":
        result = setup()
    elif command == "session":  # an already migrated database (the cluster test's)
        result = make_session(quiz_seconds=int(sys.argv[2]))
    else:
        result = count(int(sys.argv[2]))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()

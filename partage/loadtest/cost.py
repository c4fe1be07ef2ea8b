"""What one request of the 9:00 peak costs the server, measured alone in one process (`make bench-load`
prints it before the run; `python -m partage.loadtest.cost plan.json` in the benchmark's environment).

For each step of the journeys: the CPU time of the Django process (median of LOAD_COST_REPEAT requests
after one to warm the process's caches, each by another agent on their first visit, as at 9:00), the wall
time, and the SQL queries with their time. PostgreSQL's own CPU is
not in the first figure. The password check is timed alone too (`authenticate()` with the site's hasher),
and from it the logins per second that the CPUs can do at most when they do nothing else.
"""

import json
import os
import statistics
import sys
import time

REPEAT = int(os.environ.get("LOAD_COST_REPEAT", "7"))


def _timed(action) -> tuple[float, float, int, float]:
    """(CPU s, wall s, queries, SQL s) of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        cpu, wall = time.process_time(), time.perf_counter()
        action()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu, wall, len(queries), sum(float(q["time"]) for q in queries.captured_queries)


def _median(action) -> tuple[float, float, int, float]:
    action()  # warms the per-process caches (templates, site identity, cached sections)
    runs = [_timed(action) for _ in range(REPEAT)]
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        round(statistics.median(r[2] for r in runs)),
        statistics.median(r[3] for r in runs),
    )


def measure(plan: dict) -> list[tuple[str, tuple[float, float, int, float]]]:
    from django.contrib.auth import authenticate
    from django.test import Client, RequestFactory

    from partage.accounts.models import User

    email = plan["emails"][-1]
    request = RequestFactory().post(plan["login"])  # django-axes' backend wants the request

    def check_password() -> None:
        if authenticate(request, username=email, password=plan["password"]) is None:
            raise SystemExit(f"authenticate() refuse {email}")

    def get(path: str, *, signed_in: bool = True):
        """Each request from an agent of its own, on their first visit of the page: at 9:00 every agent's
        own sections (polls waiting for their vote, their ideas, their notifications) are cold, and cost
        about three times what a second visit costs."""
        clients = []
        for agent in User.objects.filter(email__in=plan["emails"]).order_by("?")[: REPEAT + 1]:
            client = Client(HTTP_HOST="127.0.0.1")
            if signed_in:
                client.force_login(agent)
            clients.append(client)

        def action() -> None:
            response = clients.pop().get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} : HTTP {response.status_code}")

        return action

    # Each login POST from a browser of its own that has opened the login page: only the POST is timed.
    browsers = [Client(HTTP_HOST="127.0.0.1") for _ in range(REPEAT + 1)]
    for browser in browsers:
        browser.get(plan["login"])

    def login() -> None:
        response = browsers.pop().post(plan["login"], {"username": email, "password": plan["password"]})
        if response.status_code != 302:
            raise SystemExit(f"connexion : HTTP {response.status_code}")

    return [
        ("authenticate()", _median(check_password)),
        ("connexion (page)", _median(get(plan["login"], signed_in=False))),
        ("connexion (envoi)", _median(login)),
        ("tableau de bord", _median(get(plan["dashboard"]))),
        ("feuille de route", _median(get(plan["roadmap"]))),
        ("consultation", _median(get(plan["polls"][0]["page"]))),
        ("fiche-action", _median(get(plan["actions"][0]["page"]))),
    ]


def report(rows: list[tuple[str, tuple[float, float, int, float]]], workers: int, cpus: int) -> None:
    print(f"\n{'coût seul (médiane)':<22} {'CPU ms':>7} {'durée ms':>9} {'requêtes':>9} {'SQL ms':>7}")
    for name, (cpu, wall, queries, sql) in rows:
        print(f"{name:<22} {cpu * 1000:>7.0f} {wall * 1000:>9.0f} {queries:>9} {sql * 1000:>7.1f}")
    check = dict(rows)["authenticate()"][0]
    busy = min(workers, cpus)
    print(
        f"vérification d'un mot de passe : {check * 1000:.0f} ms de CPU, soit au plus {busy / check:.1f} connexions/s"
        f" pour {busy} processus sur {cpus} cœurs qui ne feraient rien d'autre",
        flush=True,
    )


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings")
    import django

    django.setup()
    with open(sys.argv[1], encoding="utf-8") as file:
        plan = json.load(file)
    import psutil

    report(measure(plan), int(os.environ.get("LOAD_WORKERS", "2")), psutil.cpu_count() or 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m partage.bench` (`make bench`): time the roadmap pages at the 2019 size and at ten times that size.

Works in a throwaway test database (SQLite in memory with the test settings), so it never touches real data.
Prints, for the dashboard, the roadmap and an action page, the median time of N requests at 1× and 10×.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable

REQUESTS = 30


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings_test")
    import django

    django.setup()


def _load_2019():
    """The 2019 roadmap from data/pap2019.json when the loader exists; otherwise a 44-action programme."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from partage.roadmap.models import Programme

    try:
        call_command("load_roadmap", "data/pap2019.json", stdout=open(os.devnull, "w"))  # noqa: SIM115
    except (CommandError, ImportError) as error:
        print(f"  (feuille de route 2019 non chargée : {error} — programme de 44 actions fabriqué à la place)")
        return _factory_programme("pap-bench-x1", 1)
    programme = Programme.objects.filter(is_current=True).first() or Programme.objects.order_by("pk").first()
    if not programme.is_current:
        Programme.objects.filter(pk=programme.pk).update(is_current=True)
        from partage.core import cache

        cache.bump("roadmap")  # queryset.update sends no signal
    return programme


def _factory_programme(slug: str, scale: int):
    """44 × scale actions built with the test factories (fallback when the loaders are missing)."""
    import datetime

    from partage.roadmap.models import Programme
    from partage.testing import factories

    Programme.objects.filter(is_current=True).update(is_current=False)
    programme = factories.ProgrammeFactory(name=f"Banc ×{scale}", slug=slug, is_current=True)
    factories.PhaseFactory(programme=programme, order=1)
    pilots = [factories.UserFactory() for _ in range(10)]
    axes = [factories.AxisFactory(programme=programme, number=n) for n in range(1, 5)]
    objectives = [factories.ObjectiveFactory(axis=a, number=n) for a in axes for n in range(1, 3 * scale + 1)]
    for i in range(44 * scale):
        action = factories.ActionFactory(objective=objectives[i % len(objectives)], position=i + 1)
        action.pilots.add(pilots[i % len(pilots)])
        factories.MilestoneFactory(action=action, due_date=datetime.date(2020, 1, 1))
        factories.MilestoneFactory(action=action, due_date=datetime.date(2030, 1, 1))
        indicator = factories.IndicatorFactory(action=action)
        for _ in range(4):
            factories.IndicatorMeasureFactory(indicator=indicator)
        for _ in range(3):
            factories.ProgressUpdateFactory(action=action, author=pilots[i % len(pilots)])
    return programme


def _load_10x():
    try:
        from partage.demo.programme import generate_programme
    except ImportError:
        try:
            from partage.roadmap.loading import generate_programme  # type: ignore[attr-defined]
        except ImportError:
            print("  (generate_programme introuvable — programme ×10 fabriqué avec les factories)")
            return _factory_programme("pap-bench-x10", 10)
    return generate_programme(10, current=True)


def _busiest_action(programme):
    from django.db.models import Count

    return (
        programme.actions.annotate(n=Count("milestones", distinct=True) + Count("progress_updates", distinct=True))
        .order_by("-n", "pk")
        .first()
    )


def _time(get: Callable[[], int]) -> float:
    status = get()  # warm-up
    if status != 200:
        raise SystemExit(f"La page a répondu {status}.")
    durations = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        get()
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations)


def _measure(client, programme) -> dict[str, float]:
    from django.urls import reverse

    action = _busiest_action(programme)
    urls = {
        "tableau de bord": reverse("roadmap:dashboard"),
        "feuille de route": reverse("roadmap:roadmap", kwargs={"programme": programme.slug}),
        f"fiche-action ({action.number})": reverse(
            "roadmap:action", kwargs={"programme": programme.slug, "number": action.number}
        ),
    }
    return {name.split(" (")[0]: _time(lambda url=url: client.get(url).status_code) for name, url in urls.items()}


def main() -> int:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    from partage.accounts.models import User

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        print("Préparation des données…")
        small = _load_2019()
        agent = User.objects.create_user("banc@partage.local", first_name="Agent", last_name="Banc")
        client = Client()
        client.force_login(agent)
        print(f"  ×1  : {small.actions.count()} fiches-actions ({small.name})")
        at_1x = _measure(client, small)
        large = _load_10x()
        print(f"  ×10 : {large.actions.count()} fiches-actions ({large.name})")
        at_10x = _measure(client, large)
        print()
        print(f"Médiane de {REQUESTS} requêtes par page (ms)")
        print(f"{'page':<20} {'×1':>10} {'×10':>10} {'rapport':>9}")
        for page, small_ms in at_1x.items():
            large_ms = at_10x[page]
            print(f"{page:<20} {small_ms:>10.1f} {large_ms:>10.1f} {large_ms / small_ms:>8.2f}×")
        print()
        from partage.core.bench_digest import run as run_digest

        seconds = run_digest(agents=1000, notifications=10000)
        print(f"Résumés de notifications (1 000 agents, 10 000 notifications) : {seconds:.1f} s")
        from partage.surveys.bench import run as run_surveys

        print("\nEnquêtes")
        surveys_line = run_surveys()
        print(f"\nDurée totale : {time.perf_counter() - started:.0f} s")
        print(surveys_line)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m partage.bench_profile [page…]`: where the time of a page goes, in process (cProfile).

Same throwaway database as `partage.bench` (SQLite in memory, the 2019 roadmap, an agent logged in;
PROFILE_SCALE=10 adds `generate_demo --scale 10`). Each page is warmed up once (the cache of figures then holds
it, as on a server), then requested PROFILE_REQUESTS times: prints the CPU time, function calls and queries per
request, and the functions with the most cumulative time under cProfile.
Pages: dashboard, action, roadmap, bare (default: all).
"""

import cProfile
import io
import os
import pstats
import sys
import time


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings_bench")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from partage.accounts.models import User
    from partage.core import cache
    from partage.roadmap.models import Programme

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    call_command("load_roadmap", "data/pap2019.json", stdout=io.StringIO())
    programme = Programme.objects.order_by("pk").first()
    Programme.objects.filter(pk=programme.pk).update(is_current=True)
    if os.environ.get("PROFILE_SCALE") == "10":
        call_command("generate_demo", "--scale", "10", "--current", stdout=io.StringIO())
    cache.bump("roadmap")
    programme = Programme.objects.get(is_current=True)
    action = programme.actions.order_by("pk").first()
    pages = {
        "bare": "/_bare/",
        "dashboard": "/",
        "action": action.get_absolute_url(),
        "roadmap": programme.get_absolute_url(),
    }
    chosen = argv or list(pages)
    requests = int(os.environ.get("PROFILE_REQUESTS", "50"))
    client = Client()
    client.force_login(User.objects.create_user("profil@partage.local", first_name="Agent", last_name="Profil"))
    for name in chosen:
        url = pages[name]
        assert client.get(url).status_code == 200  # warm-up: the cache of figures holds the page
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        captured = list(queries.captured_queries)  # read now: the next request empties the log
        # CPU time of this process (the machine is shared: wall time counts the others' work too).
        started = time.process_time()
        for _ in range(requests):
            client.get(url)
        cpu = (time.process_time() - started) / requests * 1000
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        calls = stats.total_calls / requests
        print(
            f"\n=== {name} {url}: {cpu:.2f} ms CPU/request, {calls:.0f} function calls/request, {len(captured)} queries"
        )
        for query in captured:
            print("   ", query["sql"][:160])
        stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
            int(os.environ.get("PROFILE_TOP", "45"))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`python -m partage.bench_http` (part of `make bench`): req/s and p95 of the pages through a real server.

Builds a throwaway SQLite database in a temporary folder, or, with DATABASE_URL set, migrates and fills the
database it names (point it at a scratch PostgreSQL database), loads the 2019 roadmap, starts the page server
(gunicorn, 1 sync worker, docs/decisions/0033) on
BENCH_PORT (default 8765), logs a user in, and loads each page for BENCH_SECONDS with BENCH_CONNECTIONS
keep-alive connections (wrk when installed, else a small threaded Python client); then the same at 10× data
(`generate_demo --scale 10 --current`). Prints req/s, the ratio to a bare login-required view and p95.
"""

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _manage(env: dict, *args: str) -> str:
    return subprocess.run(  # noqa: S603 — fixed arguments, no user input
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def _python_load(path: str, cookie: str) -> tuple[float, float, int]:
    """Keep-alive connections in threads for SECONDS: (req/s, p95 ms, non-200 responses)."""
    durations: list[float] = []
    errors = [0]
    stop = time.perf_counter() + SECONDS
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        while time.perf_counter() < stop:
            start = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                errors[0] += 1
        with lock:
            durations.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    durations.sort()
    p95 = durations[int(len(durations) * 0.95)] if durations else 0.0
    return len(durations) / elapsed, p95, errors[0]


def _wrk_load(path: str, cookie: str) -> tuple[float, float, int]:
    out = subprocess.run(  # noqa: S603 — fixed arguments, no user input
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{int(SECONDS)}s", "--latency", "-H", f"Cookie: {cookie}"]
        + ["-s", str(ROOT / "partage" / "bench_p95.lua"), f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    p95 = float(next(line.split()[1] for line in out.splitlines() if line.startswith("p95")))
    errors = sum(int(line.split()[-1]) for line in out.splitlines() if "Non-2xx" in line)
    return rps, p95, errors


def main() -> int:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="partage.settings_bench")
    tmp = tempfile.mkdtemp(prefix="partage-bench-")
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    load = _wrk_load if shutil.which("wrk") else _python_load
    tool = "wrk" if load is _wrk_load else "client Python (threads, keep-alive)"
    print(
        f"Banc HTTP : {engine}, gunicorn 1 worker synchrone, {CONNECTIONS} connexions, {SECONDS:.0f} s par page, {tool}"
    )
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_roadmap", "data/pap2019.json")
    script = (
        "from importlib import import_module; from django.conf import settings;"
        "from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY;"
        "from partage.accounts.models import User; from partage.roadmap.models import Programme, Action;"
        "from partage.core import cache;"
        "p = Programme.objects.order_by('pk').first(); Programme.objects.filter(pk=p.pk).update(is_current=True);"
        "u = User.objects.create_user('banc-http@partage.local', first_name='Agent', last_name='Banc');"
        "s = import_module(settings.SESSION_ENGINE).SessionStore(); s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'partage.accounts.backends.LocalPasswordBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    cookie = "sessionid=" + _manage(env, "shell", "-c", script).strip().splitlines()[-1]
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    for scale in (1, 10):
        if scale == 10:
            _manage(env, "generate_demo", "--scale", "10", "--current")
        urls_script = (
            "from partage.roadmap.models import Programme;"
            "p = Programme.objects.get(is_current=True); a = p.actions.order_by('pk').first();"
            "print(p.get_absolute_url(), a.get_absolute_url())"
        )
        roadmap, action = _manage(env, "shell", "-c", urls_script).strip().splitlines()[-1].split()
        server = subprocess.Popen(  # noqa: S603 — fixed arguments, no user input
            [PY, "-m", "gunicorn", "partage.wsgi:application", "-b", f"127.0.0.1:{PORT}", "-w", "1"]
            + ["--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", PORT, timeout=2).request("GET", "/_bare/")
                    break
                except OSError:
                    time.sleep(0.2)
            pages = {"vue nue": "/_bare/", "tableau de bord": "/", "feuille de route": roadmap, "fiche-action": action}
            results[f"×{scale}"] = {}
            for name, path in pages.items():
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                conn.request("GET", path, headers={"Cookie": cookie})  # warm the cache of figures
                conn.getresponse().read()
                results[f"×{scale}"][name] = load(path, cookie)
        finally:
            server.terminate()
            server.wait()
    print(f"{'page':<18} {'×1 req/s':>9} {'/nue':>6} {'p95 ms':>7} {'×10 req/s':>10} {'/nue':>6} {'p95 ms':>7}")
    for name in results["×1"]:
        row = f"{name:<18}"
        for scale in ("×1", "×10"):
            rps, p95, errors = results[scale][name]
            bare = results[scale]["vue nue"][0]
            row += f" {rps:>9.1f} {rps / bare:>5.0%} {p95:>7.1f}" + (f" ({errors} erreurs)" if errors else "")
        print(row)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

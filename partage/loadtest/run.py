"""`python -m partage.loadtest.run` (`make bench-load`; `make bench` with `--if-postgres`): the 9:00 peak.

LOAD_AGENTS agents (1,000 by default: the organisation's staff) arrive during the first part of a run of
LOAD_SECONDS seconds (300 by default; the last fifth, at most 60 s, lets the last journeys finish), each
opening the dashboard and the roadmap; one in five then votes on a proposal, one in twenty posts a comment
on an action (partage/loadtest/locustfile.py): 200 voters and 50 commenters by default. A share LOAD_SESSIONS
of them (0.9 by default, decision 0047) comes with yesterday's session cookie, as most agents do at 9:00
since sessions are renewed daily (partage/accounts/sessions.py); the others open the login page and type
their password first. LOAD_SESSIONS=0 is the morning when nobody has a session (all sessions lost).

Before the run, each step is measured alone in one process (partage/loadtest/cost.py): CPU per request and
per password check, hence the logins per second the machine can do at most.

The server is what production runs for pages (docs/deploy.md § 4, decisions 0033 and 0047): gunicorn with
LOAD_WORKERS (2) workers, sync or, with LOAD_THREADS above 1, threaded (gthread), on the production settings
(DEBUG off, whitenoise's compressed static files, Redis for the cache when REDIS_URL is set, the psycopg
pool), and the Huey task worker. Only the TLS settings are off: no reverse proxy here, so no HTTPS. The
database is the benchmark's own: the server of DATABASE_URL, database LOAD_DATABASE ("loadbench"), created
anew each run as a copy of LOAD_DATABASE_template (migrated, the 2019 roadmap loaded; rebuilt when a migration
is missing), then the agents seeded (partage/loadtest/seed.py).
REDIS_URL's database is emptied (cache and task queue).

Prints p50/p95 per request, the errors, the request rate, the machine's load average during the run (other
work on the machine slows every figure) and the servers' CPU, and checks that every vote and comment that
got its confirmation is in the database. LOAD_KEEP=1 keeps locust's CSV files and the servers' log.
"""

import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
AGENTS = int(os.environ.get("LOAD_AGENTS", "1000"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "300"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "2"))
THREADS = int(os.environ.get("LOAD_THREADS", "1"))
SESSIONS = float(os.environ.get("LOAD_SESSIONS", "0.9"))
PORT = int(os.environ.get("LOAD_PORT", "8766"))
DATABASE = os.environ.get("LOAD_DATABASE", "loadbench")
READY = "partage: modèle du test de charge prêt"
CURRENT = "from partage.roadmap.models import Programme as P; P.objects.update(is_current=True)"
ROWS = [
    "connexion (page)",
    "connexion (envoi)",
    "tableau de bord",
    "feuille de route",
    "consultation",
    "vote (envoi)",
    "fiche-action",
    "commentaire (envoi)",
]


def _database_urls() -> tuple[str, str] | str:
    """(the benchmark's database URL, the server's maintenance database URL), or why there is none."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL ne désigne pas un serveur PostgreSQL"
    parts = urlsplit(url)
    bench = urlunsplit(parts._replace(path=f"/{DATABASE}"))
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        import psycopg

        psycopg.connect(maintenance.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 — any reason the server is out of reach skips the run
        return f"PostgreSQL injoignable ({error.__class__.__name__})"
    return bench, maintenance


def _sql(maintenance: str, *statements: str, params: tuple = ()) -> list:
    import psycopg

    with psycopg.connect(maintenance.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        rows: list = []
        for statement in statements:
            cursor = conn.execute(statement, params or None)  # type: ignore[arg-type]
            rows = cursor.fetchall() if cursor.description else []
        return rows


def _manage(env: dict, *args: str) -> None:
    run = subprocess.run(  # noqa: S603 — fixed arguments
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if run.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} a échoué :\n{run.stdout}{run.stderr}")


def _prepare(env: dict, bench_url: str, maintenance: str) -> None:
    """The benchmark's database, anew: a copy of a template migrated with the 2019 roadmap loaded, which is
    rebuilt only when a migration is missing from it (a migrated database takes minutes on a busy machine)."""
    template = f"{DATABASE}_template"
    template_env = {**env, "DATABASE_URL": bench_url.rsplit("/", 1)[0] + f"/{template}"}
    ready = _sql(
        maintenance,
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        params=(template,),
    )
    check = subprocess.run(  # noqa: S603 — fixed arguments
        [PY, "manage.py", "migrate", "--check"], cwd=ROOT, env=template_env, capture_output=True
    )
    if not ready or ready[0][0] != READY or check.returncode:
        print(f"Modèle « {template} » à construire (migrations, feuille de route 2019) : quelques minutes.")
        _sql(maintenance, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)', f'CREATE DATABASE "{template}"')
        _manage(template_env, "migrate", "--noinput", "-v0")
        _manage(template_env, "load_roadmap", "data/pap2019.json")
        _manage(template_env, "shell", "--no-imports", "-c", CURRENT)
        _sql(maintenance, f"COMMENT ON DATABASE \"{template}\" IS '{READY}'")
    _sql(
        maintenance,
        f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)',
        f'CREATE DATABASE "{DATABASE}" TEMPLATE "{template}"',
    )


def _wait_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn s'est arrêté (code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — our own local server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} ne répond pas après {timeout:.0f} s")


class Sampler(threading.Thread):
    """The machine's 1-minute load average and the server processes' CPU, every 5 seconds."""

    def __init__(self, roots: list[psutil.Process]):
        super().__init__(daemon=True)
        self.roots = roots
        self.loads: list[float] = []
        self.cpu: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(5):
            self.loads.append(os.getloadavg()[0])
            for root in self.roots:
                try:
                    for process in [root, *root.children(recursive=True)]:
                        times = process.cpu_times()
                        self.cpu[process.pid] = times.user + times.system
                except psutil.NoSuchProcess:
                    continue


def _table(stats: Path) -> list[dict]:
    with open(stats, encoding="utf-8") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    ordered = [rows[name] for name in ROWS if name in rows] + [r for n, r in rows.items() if n not in ROWS]
    return [r for r in ordered if r["Name"] != "Aggregated"] + [rows["Aggregated"]]


def _peak_rate(history: Path) -> float:
    with open(history, encoding="utf-8") as file:
        return max((float(r["Requests/s"]) for r in csv.DictReader(file) if r["Name"] == "Aggregated"), default=0.0)


def _stored(env: dict, plan: Path) -> tuple[int, int]:
    script = (
        "import json; from partage.decisions.models import Stance; from partage.core.models import Comment;"
        f"emails = json.load(open({str(plan)!r}))['emails'];"
        "print(Stance.objects.filter(voter__email__in=emails, is_latest=True).count(),"
        " Comment.objects.filter(body__startswith='Commentaire du test de charge').count())"
    )
    out = subprocess.run(  # noqa: S603 — fixed arguments
        [PY, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    votes, comments = out.split()[-2:]
    return int(votes), int(comments)


def main() -> int:
    only_if_postgres = "--if-postgres" in sys.argv
    urls = _database_urls()
    if isinstance(urls, str):
        message = f"Test de charge (make bench-load) ignoré : {urls}. Il lui faut PostgreSQL (DATABASE_URL)."
        print(message)
        return 0 if only_if_postgres else 2
    bench_url, maintenance = urls
    tmp = Path(tempfile.mkdtemp(prefix="partage-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partage.settings",
        "ENV_FILE": str(tmp / "no.env"),  # production defaults, not the checkout's development .env
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": bench_url,
        "EMAIL_URL": "dummymail://",
        "HUEY_SQLITE": str(tmp / "huey.sqlite3"),
        # No reverse proxy, so no TLS: cookies and redirects as over HTTPS would lock a plain-HTTP client out.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TESTING", None)
    redis = env.get("REDIS_URL", "")
    ramp = SECONDS - min(60, SECONDS // 5)
    serving = f"{WORKERS} workers synchrones" if THREADS == 1 else f"{WORKERS} workers × {THREADS} threads"
    print(
        f"Test de charge : {AGENTS} agents arrivés en {ramp} s (1 sur 5 vote, 1 sur 20 commente), {SECONDS} s en tout,"
        f" {SESSIONS:.0%} avec le cookie de session de la veille, les autres se connectent par mot de passe ;"
        f" gunicorn {serving} (réglages de production), PostgreSQL « {DATABASE} »,"
        f" cache {'Redis' if redis else 'local à chaque worker (REDIS_URL absent)'}",
        flush=True,
    )
    started = time.monotonic()
    _prepare(env, bench_url, maintenance)
    _manage(env, "collectstatic", "--noinput", "-v0")
    plan = tmp / "plan.json"
    seed = [PY, "-m", "partage.loadtest.seed", "--agents", str(AGENTS), "--sessions", str(SESSIONS), "--out", str(plan)]
    subprocess.run(seed, cwd=ROOT, env=env, check=True)  # noqa: S603 — our own interpreter and arguments
    # Redis's database: figures cached from another run's data, tasks left queued.
    _manage(env, "shell", "--no-imports", "-c", "from django.core.cache import cache; cache.clear()")
    print(f"Base préparée en {time.monotonic() - started:.0f} s.", flush=True)
    # Each step alone first (partage/loadtest/cost.py): what the run's figures are made of.
    subprocess.run([PY, "-m", "partage.loadtest.cost", str(plan)], cwd=ROOT, env=env, check=True)  # noqa: S603
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 — closed in finally
    # docs/deploy.md § 4, with LOAD_WORKERS workers (and LOAD_THREADS threads each: gunicorn's gthread worker).
    web = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
        [PY, "-m", "gunicorn", "partage.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS)]
        + (["--threads", str(THREADS)] if THREADS > 1 else [])
        + ["--forwarded-allow-ips", "127.0.0.1", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    worker = subprocess.Popen([PY, "manage.py", "run_huey"], cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    sampler = Sampler([psutil.Process(web.pid), psutil.Process(worker.pid)])
    try:
        host = f"http://127.0.0.1:{PORT}"
        _wait_ready(host + json.loads(plan.read_text())["login"], web)
        load_before = os.getloadavg()
        sampler.start()
        locust = subprocess.run(  # noqa: S603 — our own interpreter and arguments
            [str(Path(PY).parent / "locust"), "-f", "partage/loadtest/locustfile.py", "--headless", "--host", host]
            + ["-u", str(AGENTS), "-r", f"{AGENTS / ramp:.3f}", "-t", f"{SECONDS}s", "--csv", str(tmp / "load")]
            + ["--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT,
            env={**env, "LOAD_PLAN": str(plan)},
            stdout=subprocess.DEVNULL,
            stderr=open(tmp / "locust.log", "wb"),  # noqa: SIM115 — the child owns it
        )
        sampler.stop.set()
        load_after = os.getloadavg()
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            process.wait(timeout=30)
        log.close()
    stats = tmp / "load_stats.csv"
    if not stats.exists():
        print(f"locust n'a rien mesuré (code {locust.returncode}) : voir {tmp / 'locust.log'}")
        return 1
    print(f"\n{'requête':<22} {'nombre':>7} {'erreurs':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'req/s':>6}")
    table = _table(stats)
    for row in table:
        name = "total" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<22} {row['Request Count']:>7} {row['Failure Count']:>8} {row['50%']:>7} {row['95%']:>7}"
            f" {float(row['Max Response Time']):>7.0f} {float(row['Requests/s']):>6.1f}"
        )
    total = table[-1]
    print(f"débit de pointe (fenêtre de locust) : {_peak_rate(tmp / 'load_stats_history.csv'):.1f} req/s")
    with open(tmp / "load_failures.csv", encoding="utf-8") as file:
        failures = list(csv.DictReader(file))
    for failure in failures:
        print(f"  erreur : {failure['Occurrences']} × {failure['Method']} {failure['Name']} : {failure['Error']}")
    loads = sampler.loads or [load_after[0]]
    cpu = sum(sampler.cpu.values())
    print(
        f"charge de la machine (load average 1 min, {psutil.cpu_count()} cœurs) : {load_before[0]:.2f} avant,"
        f" {sum(loads) / len(loads):.2f} en moyenne pendant, {max(loads):.2f} au plus ;"
        f" CPU des serveurs (gunicorn et Huey) : {cpu:.0f} s, {cpu / max(AGENTS, 1) * 1000:.0f} ms par agent"
    )
    votes, comments = _stored(env, plan)
    sent = {r["Name"]: int(r["Request Count"]) - int(r["Failure Count"]) for r in table}
    print(
        f"en base : {votes} votes pour {sent.get('vote (envoi)', 0)} votes confirmés,"
        f" {comments} commentaires pour {sent.get('commentaire (envoi)', 0)} confirmés"
    )
    if failures or os.environ.get("LOAD_KEEP"):
        print(f"journaux et CSV de locust : {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    lost = votes < sent.get("vote (envoi)", 0) or comments < sent.get("commentaire (envoi)", 0)
    return 1 if lost or int(total["Failure Count"]) else 0


if __name__ == "__main__":
    sys.exit(main())

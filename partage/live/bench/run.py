"""`make bench-live` (`python -m partage.live.bench.run`): the live-session load benchmark.

Starts its own servers (uvicorn, the stack of `make run`), its own database (DATABASE_URL if it names
PostgreSQL, else a throwaway SQLite file; created and migrated, never dropped: each run makes a new session),
and its own load generator (GENERATORS asyncio processes, uvloop). Scenario, for each target:

1. PARTICIPANTS participants join over JOIN_SECONDS (the join storm), a presenter screen is connected;
2. the host opens a poll, every participant answers within ANSWER_SECONDS; then a word cloud; then a timed quiz
   question, revealed at the end;
3. it prints join p95, acknowledgement p95 (answer sent → its ack), presenter p95 (answer sent → the first
   presenter tick whose count includes it), answers sent / counted (from the database) / lost / duplicated,
   and the CPU and memory of the server processes (psutil) and of the generator.

Targets (SCENARIOS, comma-separated, default all that the environment allows):
- `echo`: the bare ASGI echo-ack app (partage.live.bench.echo) on the same server: the limit;
- `live`: Partage with WORKERS uvicorn processes (1 by default; several need REDIS_URL);
- `live2`: Partage with 2 workers + Redis (REDIS_URL);
- `kill`: the same with one worker SIGKILLed in the middle of the quiz question and restarted 2 s later;
  its participants reconnect (to the other port first) and re-send unacknowledged answers with the same id.

The last line sums the live runs: `live: N participants, S answers sent, C counted, L lost, D duplicated,
p95 ack X ms, p95 presenter Y ms` (p95: the worst of the live runs without a kill).
"""

import asyncio
import importlib.util
import json
import math
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil

from partage.live.bench.servers import ROOT, Cluster, Sampler

BASE_PORT = int(os.environ.get("BENCH_PORT", "8250"))


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k]


def ms(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value * 1000:.0f} ms"


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class GeneratorProcess:
    def __init__(self, config: dict):
        self.config = config
        self.process = None
        self.joined = asyncio.get_event_loop().create_future()
        self.report = asyncio.get_event_loop().create_future()
        self.status: asyncio.Future | None = None
        self.progress = {}

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "partage.live.bench.loadgen",
            json.dumps(self.config),
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**30,
        )
        asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while True:
            line = await self.process.stdout.readline()
            if not line:
                if not self.report.done():
                    self.report.set_exception(RuntimeError("le générateur s'est arrêté sans rapport"))
                return
            data = json.loads(line)
            event = data.pop("event")
            if event == "progress":
                self.progress = data
            elif event == "joined" and not self.joined.done():
                self.joined.set_result(data)
            elif event == "status" and self.status is not None and not self.status.done():
                self.status.set_result(data)
            elif event == "report":
                self.report.set_result(data)

    async def send(self, command: str) -> None:
        self.process.stdin.write((json.dumps({"command": command}) + "\n").encode())
        await self.process.stdin.drain()

    async def ask_status(self) -> dict:
        self.status = asyncio.get_event_loop().create_future()
        await self.send("status")
        return await asyncio.wait_for(self.status, 10)


def live_processes(generators: list[GeneratorProcess]) -> list[psutil.Process]:
    """The generators still running; one that exits between the check and the lookup is skipped (it killed the
    sampler's thread, and the run's generator figures with it)."""
    found = []
    for g in generators:
        if g.process.returncode is None:
            try:
                found.append(psutil.Process(g.process.pid))
            except psutil.NoSuchProcess:
                continue
    return found


def presenter_latencies(answers: list[dict], ticks: list[tuple[float, str, int]]) -> tuple[list[float], int]:
    """Answer sent → first presenter tick whose count for that activity includes it.

    The server counts answers in the order it acknowledges them, so the k-th acknowledged answer of an activity
    is in the first tick whose count reaches k. Returns the latencies and how many answers no tick ever showed.
    """
    latencies: list[float] = []
    missing = 0
    by_activity: dict[str, list[dict]] = {}
    for answer in answers:
        if answer.get("ack") is not None:
            by_activity.setdefault(answer["activity"], []).append(answer)
    for activity, acked in by_activity.items():
        acked.sort(key=lambda a: a["ack"])
        series = [(t, count) for t, act, count in ticks if act == activity]
        i = 0
        for k, answer in enumerate(acked, start=1):
            while i < len(series) and series[i][1] < k:
                i += 1
            if i == len(series):
                missing += len(acked) - k + 1
                break
            latencies.append(max(0.0, series[i][0] - answer["sent"]))
    return latencies, missing


class Run:
    def __init__(self, name: str, *, target: str, workers: int, kill: bool, settings: dict, host=None, port=None):
        self.name = name
        self.host = host  # a ready host (the cluster test makes its session itself), else one made here
        self.base_port = port or BASE_PORT
        self.target = target
        self.workers = workers
        self.kill = kill
        self.s = settings
        self.ticks: list[tuple[float, str, int]] = []
        self.kill_at: float | None = None
        self.notes: list[str] = []
        self.screen_states: list[float | None] = []  # per activity: command → the presenter's state shows it

    async def execute(self) -> dict:
        s = self.s
        n = s["participants"]
        if self.target == "echo":
            from partage.live.bench.echo_host import EchoHost

            host = self.host or EchoHost(self)
            app, env = "partage.live.bench.echo:app", {}
        else:
            from partage.live.bench.live_host import LiveHost

            host = self.host or LiveHost(self)
            app, env = "partage.asgi:application", host.server_env()
        print(f"\n[{self.name}] {self.describe()}", flush=True)
        host.prepare()
        pages = s.get("page_workers", 0) if self.target != "echo" and s["join_page"] else 0
        cluster = Cluster(app, self.workers, self.base_port, env=env, log_dir=Path(s["log_dir"]), pages=pages)
        with cluster:
            servers = Sampler(lambda: cluster.processes)
            servers.start()
            generators = []
            gen_count = max(1, min(s["generators"], n))
            per = math.ceil(n / gen_count)
            for g in range(gen_count):
                config = {
                    "adapter": self.target,
                    "ports": cluster.ports,
                    "page_port": cluster.page_port,
                    "first": g * per,
                    "last": min(n, (g + 1) * per),
                    "total": n,
                    "join_seconds": s["join_seconds"],
                    "answer_seconds": s["answer_seconds"],
                    "seed": g,
                    "join_page": s["join_page"],
                    **host.generator_config(),
                }
                gen = GeneratorProcess(config)
                await gen.start()
                generators.append(gen)
            load = Sampler(lambda: live_processes(generators))
            load.start()
            await host.connect_presenter(cluster.ports[0])
            started = time.monotonic()
            for gen in generators:
                await gen.send("join")
            joined_reports = await asyncio.gather(*(g.joined for g in generators))
            joined = sum(r["joined"] for r in joined_reports)
            print(
                f"  {joined}/{n} connectés en {time.monotonic() - started:.1f} s"
                + "".join(f" ({r['error']})" for r in joined_reports if r["failed"]),
                flush=True,
            )
            for index, activity in enumerate(host.activities()):
                last = index == len(host.activities()) - 1
                opened = time.monotonic()
                await host.open(activity)
                deadline = opened + s["answer_seconds"] + (40 if self.kill and last else 20)
                killed = False
                while time.monotonic() < deadline:
                    await asyncio.sleep(0.25)
                    if self.kill and last and not killed and time.monotonic() >= opened + s["answer_seconds"] / 2:
                        killed = True
                        await self._kill(cluster)
                    if host.count(activity) >= joined and (not self.kill or not last or killed):
                        break
                await asyncio.sleep(1.0)  # a last tick
                await host.close(activity, reveal=last)
                print(
                    f"  {activity['label']} : {host.count(activity)} réponses vues par l'écran de présentation"
                    f" en {time.monotonic() - opened:.1f} s{self._screen_state(host, activity)}",
                    flush=True,
                )
            await asyncio.sleep(2.0)  # the reveal reaches every phone
            for gen in generators:
                await gen.send("finish")
            reports = await asyncio.gather(*(g.report for g in generators))
            server_usage = servers.stop()
            load_usage = load.stop()
            await host.disconnect_presenter()
            counted = await host.counted()
        return self.summarise(reports, counted, server_usage, load_usage, host)

    def _screen_state(self, host, activity: dict) -> str:
        """Whether the presenter's own state showed the activity (LiveHost only: the echo app has no state)."""
        if not hasattr(host, "shown_after"):
            return ""
        shown = host.shown_after(activity)
        self.screen_states.append(shown)
        if shown is None:
            return " ; activité jamais affichée par l'écran de présentation"
        return f" ; activité affichée par l'écran de présentation en {shown * 1000:.0f} ms"

    async def _kill(self, cluster: Cluster) -> None:
        victim = cluster.workers[-1]  # the presenter stays on the first worker
        self.kill_at = time.monotonic()
        victim.kill()
        print(f"  SIGKILL du worker du port {victim.port} (pid {victim.processes[-1].pid})", flush=True)
        await asyncio.sleep(2.0)
        await asyncio.get_running_loop().run_in_executor(None, victim.start)
        print(f"  worker du port {victim.port} redémarré", flush=True)

    def describe(self) -> str:
        s = self.s
        what = "application ASGI nue (écho-accusé)" if self.target == "echo" else "Partage"
        kill = ", un worker tué pendant la question" if self.kill else ""
        if self.target != "echo" and s["join_page"]:
            kill += (
                f", pages par gunicorn ({s.get('page_workers')} workers)"
                if s.get("page_workers")
                else ", pages par uvicorn"
            )
        return (
            f"{what}, {self.workers} worker(s){kill} ; {s['participants']} participants, arrivée sur "
            f"{s['join_seconds']:g} s{'' if s['join_page'] or self.target == 'echo' else ' (sans la page)'},"
            f" réponses sur {s['answer_seconds']:g} s, {s['generators']} générateur(s)"
        )

    def summarise(self, reports, counted, server_usage, load_usage, host) -> dict:
        participants = [p for r in reports for p in r["participants"]]
        answers = [a for p in participants for a in p["answers"]]
        joins = [p["join"] for p in participants if p["join"] is not None]
        acks = [a["ack"] - a["sent"] for a in answers if a["ack"] is not None]
        clean_acks = [a["ack"] - a["sent"] for a in answers if a["ack"] is not None and a["sends"] == 1]
        presenter, unseen = presenter_latencies(answers, self.ticks)
        sent_pairs = {(a["participant"], a["activity"]) for a in answers if not a.get("refused")}
        counted_pairs = counted["pairs"]
        lost = len(sent_pairs - counted_pairs)
        duplicated = counted["rows"] - len(counted_pairs)
        phantom = len(counted_pairs - sent_pairs)
        reveal_activity = host.reveal_activity()
        connected = sum(1 for p in participants if p["join"] is not None)
        reveals = sum(1 for p in participants if reveal_activity in p["reveals"])
        drops = sum(1 for p in participants if p["drops"])
        reconnects = [r for p in participants for r in p["reconnects"]]
        back = sum(1 for p in participants if p["drops"] and p["connected"])
        result = {
            "name": self.name,
            "target": self.target,
            "kill": self.kill,
            "participants": len(participants),
            "joined": connected,
            "join_failures": sum(p["join_failures"] for p in participants),
            "join_p50": percentile(joins, 50),
            "join_p95": percentile(joins, 95),
            "join_page_p95": percentile([p["join_parts"]["page"] for p in participants if p["join_parts"]], 95),
            "join_socket_p95": percentile([p["join_parts"]["socket"] for p in participants if p["join_parts"]], 95),
            "ack_p50": percentile(acks, 50),
            "ack_p95": percentile(acks, 95),
            "ack_p99": percentile(acks, 99),
            "ack_p95_first_send": percentile(clean_acks, 95),
            "presenter_p50": percentile(presenter, 50),
            "presenter_p95": percentile(presenter, 95),
            "presenter_unseen": unseen,
            "sent": len(sent_pairs),
            "refused": sum(1 for a in answers if a.get("refused")),
            "refusals": dict(Counter(str(a["refused"]) for a in answers if a.get("refused"))),
            "resent": sum(1 for a in answers if a["sends"] > 1),
            "unacked": sum(1 for a in answers if a["ack"] is None and not a.get("refused")),
            "counted": counted["rows"],
            "lost": lost,
            "duplicated": duplicated,
            "phantom": phantom,
            "reveals": reveals,
            "dropped": drops,
            "back": back,
            "reconnect_max": max(reconnects) if reconnects else math.nan,
            "reconnect_p95": percentile(reconnects, 95),
            "server": server_usage,
            "generator": load_usage,
            "screen_states": self.screen_states,
        }
        self.print(result)
        return result

    def print(self, r: dict) -> None:
        print(
            f"  connexion : p50 {ms(r['join_p50'])}, p95 {ms(r['join_p95'])} ({r['joined']}/{r['participants']},"
            f" {r['join_failures']} échecs repris ; p95 page {ms(r['join_page_p95'])},"
            f" p95 WebSocket jusqu'au premier état {ms(r['join_socket_p95'])})\n"
            f"  accusé de réception : p50 {ms(r['ack_p50'])}, p95 {ms(r['ack_p95'])}, p99 {ms(r['ack_p99'])}"
            f" (p95 sans renvoi {ms(r['ack_p95_first_send'])})\n"
            f"  réponse → écran de présentation : p50 {ms(r['presenter_p50'])}, p95 {ms(r['presenter_p95'])}"
            f" ({r['presenter_unseen']} jamais vues)\n"
            f"  réponses : {r['sent']} envoyées, {r['counted']} comptées, {r['lost']} perdues,"
            f" {r['duplicated']} en double, {r['phantom']} inattendues, {r['refused']} refusées {r['refusals'] or ''},"
            f" {r['resent']} renvoyées, {r['unacked']} sans accusé\n"
            f"  révélation vue par {r['reveals']}/{r['joined']} participants",
            flush=True,
        )
        if self.kill:
            print(
                f"  coupure : {r['dropped']} participants déconnectés, {r['back']} revenus ; reconnexion"
                f" p95 {r['reconnect_p95']:.1f} s, max {r['reconnect_max']:.1f} s",
                flush=True,
            )
        srv, gen = r["server"], r["generator"]
        per = srv["cpu_seconds"] / max(1, r["joined"])
        print(
            f"  serveur : {srv['cpu_seconds']:.1f} s de CPU, soit {per * 1000:.1f} ms par participant (connexion et"
            f" 3 réponses) ; CPU moyen {srv['cpu_mean']:.0f} % (max {srv['cpu_max']:.0f} %) d'un cœur,"
            f" mémoire max {srv['rss_max']:.0f} Mio ; générateur : CPU moyen {gen['cpu_mean']:.0f} %"
            f" (max {gen['cpu_max']:.0f} %), mémoire max {gen['rss_max']:.0f} Mio",
            flush=True,
        )


def cpu_per(r: dict) -> float:
    return r["server"]["cpu_seconds"] / max(1, r["joined"])


GOAL_ACK = 0.300
GOAL_PRESENTER = 1.0
GOAL_RECONNECT = 30.0


def verdict(r: dict, participants: int) -> str:
    """The issue's goal, item by item, so that a missed one is never hidden behind a good last line."""
    checks = [
        (f"{r['joined']}/{participants} connectés", r["joined"] == participants),
        (f"{r['lost']} perdue(s)", r["lost"] == 0),
        (f"{r['duplicated']} en double", r["duplicated"] == 0),
        (f"accusé p95 {ms(r['ack_p95'])} ≤ 300 ms", r["ack_p95"] <= GOAL_ACK),
        (f"présentation p95 {ms(r['presenter_p95'])} ≤ 1 s", r["presenter_p95"] <= GOAL_PRESENTER),
    ]
    if r["screen_states"]:
        shown = sum(1 for seconds in r["screen_states"] if seconds is not None)
        checks.append(
            (
                f"écran de présentation à jour ({shown}/{len(r['screen_states'])} activités affichées)",
                shown == len(r["screen_states"]),
            )
        )
    if r["kill"]:
        checks.append(
            (
                f"{r['back']}/{r['dropped']} revenus, max {r['reconnect_max']:.1f} s ≤ 30 s",
                r["dropped"] > 0 and r["back"] == r["dropped"] and r["reconnect_max"] <= GOAL_RECONNECT,
            )
        )
    met = all(ok for _, ok in checks)  # NaN compares False: a figure that could not be measured is a miss
    return ("ATTEINT — " if met else "NON ATTEINT — ") + ", ".join(
        f"{label} {'✓' if ok else '✗'}" for label, ok in checks
    )


def settings() -> dict:
    log_dir = os.environ.get("BENCH_LOG_DIR") or tempfile.mkdtemp(prefix="bench-live-")
    return {
        "participants": env_int("PARTICIPANTS", 3000),
        "workers": env_int("WORKERS", 1),
        "join_seconds": env_float("JOIN_SECONDS", 60),
        "answer_seconds": env_float("ANSWER_SECONDS", 10),
        "generators": env_int("GENERATORS", 2),
        "join_page": os.environ.get("JOIN_PAGE", "1") != "0",
        # Pages apart from the WebSockets, as in production (decision 0033): gunicorn with PAGE_WORKERS sync
        # workers; PAGE_WORKERS=0 serves them from the uvicorn workers (`make run`'s single process).
        "page_workers": env_int("PAGE_WORKERS", 4) if os.environ.get("PAGE_WORKERS") != "0" else 0,
        "log_dir": log_dir,
    }


async def main() -> int:
    raise_file_limit()
    s = settings()
    redis = bool(os.environ.get("REDIS_URL"))
    live_app = importlib.util.find_spec("partage.live.models") is not None
    default = ["echo"] + (["live"] + (["live2", "kill"] if redis else []) if live_app else [])
    scenarios = [x.strip() for x in (os.environ.get("SCENARIOS") or ",".join(default)).split(",") if x.strip()]
    if s["workers"] > 1 and not redis:
        print("WORKERS > 1 exige REDIS_URL (la couche de canaux en mémoire ne relie pas deux processus).")
        return 2
    print(
        f"Banc live : {s['participants']} participants, {s['generators']} générateur(s), scénarios {scenarios},"
        f" base {'PostgreSQL' if os.environ.get('DATABASE_URL', '').startswith('postgres') else 'SQLite'},"
        f" journaux des serveurs dans {s['log_dir']}",
        flush=True,
    )
    results = []
    for name in scenarios:
        if name == "echo":
            run = Run("écho, 1 worker", target="echo", workers=1, kill=False, settings=s)
        elif name == "live":
            run = Run(f"live, {s['workers']} worker(s)", target="live", workers=s["workers"], kill=False, settings=s)
        elif name in ("live2", "kill"):
            if not redis:
                print(f"\n[{name}] ignoré : REDIS_URL n'est pas défini.")
                continue
            label = "live, 2 workers + Redis" + (", un worker tué" if name == "kill" else "")
            run = Run(label, target="live", workers=2, kill=name == "kill", settings=s)
        else:
            print(f"scénario inconnu : {name}")
            return 2
        results.append(await run.execute())
    echo = next((r for r in results if r["target"] == "echo"), None)
    live_runs = [r for r in results if r["target"] == "live"]
    if echo and live_runs:
        base = live_runs[0]
        print(
            f"\nRapport live / écho ({base['name']}) : accusé p95 ×{base['ack_p95'] / echo['ack_p95']:.1f},"
            f" présentation p95 ×{base['presenter_p95'] / echo['presenter_p95']:.1f},"
            f" CPU serveur ×{base['server']['cpu_mean'] / max(1.0, echo['server']['cpu_mean']):.1f},"
            f" CPU par participant ×{cpu_per(base) / max(1e-9, cpu_per(echo)):.1f},"
            f" mémoire ×{base['server']['rss_max'] / max(1.0, echo['server']['rss_max']):.1f}"
        )
    print()
    for r in results:
        print(f"Objectif [{r['name']}] : " + verdict(r, s["participants"]))
    final = live_runs or results
    steady = [r for r in final if not r["kill"]] or final
    n = s["participants"]
    sent = sum(r["sent"] for r in final)
    counted = sum(r["counted"] for r in final)
    lost = sum(r["lost"] for r in final)
    duplicated = sum(r["duplicated"] for r in final)
    ack = max(r["ack_p95"] for r in steady)
    presenter = max(r["presenter_p95"] for r in steady)
    label = "live" if live_runs else "echo"
    print(
        f"{label}: {n} participants, {sent} answers sent, {counted} counted, {lost} lost, {duplicated} duplicated,"
        f" p95 ack {ack * 1000:.0f} ms, p95 presenter {presenter * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

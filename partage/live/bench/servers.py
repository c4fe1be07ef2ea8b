"""Server processes for the live benchmark and the cluster test: uvicorn workers, each on its own port.

Several workers are separate uvicorn processes on consecutive ports (clients spread over the ports and move to
the next one when theirs fails), so that the benchmark knows which worker it kills and can restart it, as
systemd's `Restart=on-failure` would. psutil samples their CPU and memory.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[3]


def uvicorn_command(app: str, port: int) -> list[str]:
    # The server stack of `make run` and docs/deploy.md: uvicorn with uvloop, httptools and websockets.
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--lifespan",
        "off",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--ws",
        "websockets-sansio",
        "--ws-per-message-deflate",
        "false",
        "--backlog",
        "4096",
        "--no-access-log",
        "--log-level",
        "warning",
    ]


def wait_for_port(port: int, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"le serveur du port {port} s'est arrêté (code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"aucun serveur sur le port {port} après {timeout} s")


class Worker:
    def __init__(self, app: str, port: int, env: dict, log: Path):
        self.app = app
        self.port = port
        self.env = env
        self.log = log
        self.process: subprocess.Popen | None = None
        self.processes: list[psutil.Process] = []  # every process that ever served, for the CPU figures

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
                uvicorn_command(self.app, self.port), cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        wait_for_port(self.port, process=self.process)
        self.processes.append(psutil.Process(self.process.pid))

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def gunicorn_command(port: int, workers: int) -> list[str]:
    # The production page server (decision 0033, docs/deploy.md § 4): gunicorn sync workers on the WSGI entry.
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "partage.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--backlog",
        "4096",
        "--log-level",
        "warning",
    ]


class PageServer(Worker):
    """The pages (`/j/<CODE>/`) served apart from the WebSockets, as in production: gunicorn, `workers` sync
    workers. Its CPU counts as the server's (the master and every worker)."""

    def __init__(self, port: int, workers: int, env: dict, log: Path):
        super().__init__("partage.wsgi:application", port, env, log)
        self.worker_count = workers

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
                gunicorn_command(self.port, self.worker_count), cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        wait_for_port(self.port, process=self.process)
        master = psutil.Process(self.process.pid)
        deadline = time.monotonic() + 30
        while len(master.children()) < self.worker_count and time.monotonic() < deadline:
            time.sleep(0.1)
        self.processes.extend([master, *master.children()])


class Cluster:
    """`count` uvicorn processes of `app` on ports base_port, base_port + 1, …"""

    def __init__(
        self,
        app: str,
        count: int,
        base_port: int,
        env: dict | None = None,
        log_dir: Path | None = None,
        pages: int = 0,
        pages_port: int | None = None,
    ):
        self.env = {**os.environ, **(env or {})}
        log_dir = log_dir or Path(tempfile.gettempdir())
        self.workers = [
            Worker(app, base_port + i, self.env, log_dir / f"bench-live-{base_port + i}.log") for i in range(count)
        ]
        # pages > 0: gunicorn with that many sync workers serves the pages, the uvicorn workers only `/ws/`.
        port = pages_port or base_port + 40
        self.pages = PageServer(port, pages, self.env, log_dir / f"bench-live-{port}.log") if pages else None

    @property
    def page_port(self) -> int | None:
        return self.pages.port if self.pages else None

    @property
    def processes(self) -> list[psutil.Process]:
        return [p for w in [*self.workers, *([self.pages] if self.pages else [])] for p in w.processes]

    @property
    def ports(self) -> list[int]:
        return [w.port for w in self.workers]

    def __enter__(self):
        for worker in [*self.workers, *([self.pages] if self.pages else [])]:
            worker.start()
        return self

    def __exit__(self, *exc):
        for worker in [*self.workers, *([self.pages] if self.pages else [])]:
            worker.stop()


class Sampler(threading.Thread):
    """CPU (percent of one core) and resident memory of a group of processes, every `period` seconds."""

    def __init__(self, processes_fn, period: float = 0.5):
        super().__init__(daemon=True)
        self.processes_fn = processes_fn
        self.period = period
        self.cpu: list[float] = []
        self.rss: list[float] = []
        self._halt = threading.Event()
        self._seen: dict[int, psutil.Process] = {}
        self._cpu_seconds: dict[int, float] = {}  # the last CPU time (user + system) read of each process

    def run(self) -> None:
        while not self._halt.is_set():
            total_cpu = 0.0
            total_rss = 0
            for proc in self.processes_fn():
                known = self._seen.setdefault(proc.pid, proc)
                try:
                    if not known.is_running():
                        continue
                    total_cpu += known.cpu_percent(None)
                    total_rss += known.memory_info().rss
                    times = known.cpu_times()
                    self._cpu_seconds[proc.pid] = times.user + times.system
                except psutil.Error:
                    continue
            self.cpu.append(total_cpu)
            self.rss.append(total_rss / 2**20)
            self._halt.wait(self.period)

    def stop(self) -> dict:
        self._halt.set()
        self.join(2)
        cpu = self.cpu[2:] or [0.0]  # the first readings of cpu_percent(None) are meaningless
        for proc in self._seen.values():
            try:
                times = proc.cpu_times()
                self._cpu_seconds[proc.pid] = times.user + times.system
            except psutil.Error:
                pass  # gone (a killed worker): its last reading stands
        return {
            "cpu_mean": sum(cpu) / len(cpu),
            "cpu_max": max(cpu),
            "rss_max": max(self.rss or [0.0]),
            # CPU seconds the processes used in all (does not depend on how loaded the machine is, unlike
            # latencies): divided by the participants, what one join and its three answers cost.
            "cpu_seconds": sum(self._cpu_seconds.values()),
        }

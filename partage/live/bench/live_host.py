"""Host and presenter side of the benchmark for Partage's live app (PROTOCOL.md §5).

The presenter socket receives `results` ticks (answers counted for the current activity); the host controls
(`goto`, `close_activity`, `reveal`) go through the same socket and wait for their `done` ack.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from partage.live.bench.adapters import ws_connect
from partage.live.bench.servers import ROOT

_sqlite_dir: str | None = None


def bench_database_url() -> str:
    """DATABASE_URL when it names PostgreSQL; otherwise one throwaway SQLite file for the whole run."""
    global _sqlite_dir
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    if _sqlite_dir is None:
        _sqlite_dir = tempfile.mkdtemp(prefix="bench-live-db-")
    return f"sqlite:///{Path(_sqlite_dir) / 'bench.sqlite3'}"


def server_env(*, redis: bool) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "partage.settings_test",
        "DATABASE_URL": bench_database_url(),
        # One worker: the in-memory channel layer, as `make run`; several: Redis, as production.
        "REDIS_URL": os.environ.get("REDIS_URL", "") if redis else "",
        # The workers run the test settings (DEBUG off) but the production connection handling (a pool).
        "DATABASE_POOL": "true",
        "PYTHONUNBUFFERED": "1",
    }


def run_db(env: dict, *args: str) -> dict:
    completed = subprocess.run(  # noqa: S603 — our own interpreter and module
        [sys.executable, "-m", "partage.live.bench.live_db", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"live_db {' '.join(args)} : {completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


class LiveHost:
    def __init__(self, run, *, info: dict | None = None, env: dict | None = None):
        self.run = run
        self.env = env or server_env(redis=run.workers > 1)
        self.info: dict = info or {}
        self.ws = None
        self.counts: dict[str, int] = {}
        # When the presenter screen's own state first showed each activity, and when the host opened it: the
        # projector must move too, not only the phones (under Redis it once did not).
        self.shown: dict[str, float] = {}
        self.opened: dict[str, float] = {}
        self.acks: dict[str, asyncio.Future] = {}
        self._reader = None
        self.port = None

    def server_env(self) -> dict:
        return self.env

    def prepare(self) -> None:
        if not self.info:
            self.info = run_db(self.env, "setup")

    def generator_config(self) -> dict:
        return {"code": self.info["code"], "session_id": self.info["session"]}

    def activities(self) -> list[dict]:
        return self.info["activities"]

    def reveal_activity(self) -> str:
        return self.info["activities"][-1]["id"]

    async def connect_presenter(self, port: int) -> None:
        self.port = port
        self.ws = await ws_connect(
            f"ws://127.0.0.1:{port}/ws/live/s/{self.info['session']}/presenter/",
            additional_headers={"Cookie": self.info["host_cookie"]},
            max_size=2**24,
        )
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        try:
            await self._read_frames()
        except Exception as error:  # noqa: BLE001 — the next control reconnects the presenter
            print(f"  écran de présentation déconnecté : {error!r}", flush=True)

    async def _read_frames(self) -> None:
        async for text in self.ws:
            data = json.loads(text)
            kind = data.get("type")
            if kind == "results" and data.get("activity") is not None:
                activity = str(data["activity"])
                self.counts[activity] = int(data.get("answers") or 0)
                self.run.ticks.append((time.monotonic(), activity, self.counts[activity]))
            elif kind == "state" and data.get("activity"):
                self.shown.setdefault(str(data["activity"]["id"]), time.monotonic())
            elif kind in ("ack", "error") and data.get("id") in self.acks:
                future = self.acks.pop(data["id"])
                if not future.done():
                    future.set_result(data)

    async def control(self, action: str, **extra) -> None:
        """Send a host control and wait for its ack; a control that gets none is reported, not fatal, so that
        the run still prints what it measured (a host whose command hangs is itself a finding)."""
        started = time.monotonic()
        for _attempt in range(2):
            client_id = str(uuid.uuid4())
            future = asyncio.get_running_loop().create_future()
            self.acks[client_id] = future
            try:
                if self.ws.state.name != "OPEN":
                    await self.connect_presenter(self.port)
                await self.ws.send(json.dumps({"type": "control", "id": client_id, "action": action, **extra}))
                reply = await asyncio.wait_for(future, 30)
            except (TimeoutError, OSError, ConnectionError) as error:
                print(f"  commande {action} sans accusé ({error!r}), nouvel essai", flush=True)
                continue
            except Exception as error:  # noqa: BLE001 — websockets' ConnectionClosed and the like
                print(f"  commande {action} : {error!r}, nouvel essai", flush=True)
                continue
            if reply.get("type") != "ack":
                print(f"  commande {action} refusée : {reply}", flush=True)
            elif time.monotonic() - started > 2:
                print(f"  commande {action} accusée en {time.monotonic() - started:.1f} s", flush=True)
            return
        print(f"  commande {action} : aucun accusé en {time.monotonic() - started:.0f} s", flush=True)

    async def open(self, activity: dict) -> None:
        self.opened[activity["id"]] = time.monotonic()
        await self.control("goto", activity=int(activity["id"]))

    def shown_after(self, activity: dict) -> float | None:
        """Seconds from the host's command to the presenter's state showing the activity; None if it never did."""
        shown = self.shown.get(activity["id"])
        return None if shown is None else max(0.0, shown - self.opened[activity["id"]])

    async def close(self, activity: dict, *, reveal: bool) -> None:
        await self.control("reveal" if reveal else "close_activity")

    def count(self, activity: dict) -> int:
        return self.counts.get(activity["id"], 0)

    async def disconnect_presenter(self) -> None:
        await self.ws.close()

    async def counted(self) -> dict:
        result = await asyncio.get_running_loop().run_in_executor(
            None, lambda: run_db(self.env, "count", str(self.info["session"]))
        )
        return {"rows": result["rows"], "pairs": {(key, activity) for key, activity in result["pairs"]}}

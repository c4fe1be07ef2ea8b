"""Host and presenter side of the benchmark for the bare echo app (partage.live.bench.echo)."""

import asyncio
import json
import time
import urllib.request

from partage.live.bench.adapters import ws_connect

ACTIVITIES = [
    {"id": "poll", "label": "Sondage"},
    {"id": "cloud", "label": "Nuage de mots"},
    {"id": "quiz", "label": "Question de quiz chronométrée"},
]


class EchoHost:
    def __init__(self, run):
        self.run = run
        self.ws = None
        self.counts: dict[str, int] = {}
        self.port = None
        self._reader = None

    def prepare(self) -> None:
        pass

    def generator_config(self) -> dict:
        return {}

    def activities(self) -> list[dict]:
        return ACTIVITIES

    def reveal_activity(self) -> str:
        return ACTIVITIES[-1]["id"]

    async def connect_presenter(self, port: int) -> None:
        self.port = port
        self.ws = await ws_connect(f"ws://127.0.0.1:{port}/ws/presenter/")
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for text in self.ws:
            data = json.loads(text)
            if data.get("type") == "tick":
                now = time.monotonic()
                for activity, count in data["counts"].items():
                    self.counts[activity] = count
                    self.run.ticks.append((now, activity, count))

    async def open(self, activity: dict) -> None:
        await self.ws.send(json.dumps({"type": "open", "activity": activity["id"]}))

    async def close(self, activity: dict, *, reveal: bool) -> None:
        await self.ws.send(json.dumps({"type": "reveal" if reveal else "close"}))

    def count(self, activity: dict) -> int:
        return self.counts.get(activity["id"], 0)

    async def disconnect_presenter(self) -> None:
        await self.ws.close()

    async def counted(self) -> dict:
        # The echo app keeps a set per activity: rows == pairs by construction, so what it can show is loss (an
        # acknowledged answer it does not hold) — enough for the limit it stands for.
        def fetch():
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/counts", timeout=10) as response:  # noqa: S310
                return json.loads(response.read())

        answered = await asyncio.get_running_loop().run_in_executor(None, fetch)
        pairs = {(int(who), activity) for activity, people in answered.items() for who in people}
        return {"rows": sum(len(people) for people in answered.values()), "pairs": pairs}

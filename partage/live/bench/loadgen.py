"""One load-generator process: a slice of the participants, each an asyncio WebSocket client.

Started by the benchmark (`partage.live.bench.run`) or the cluster test, one or more times side by side (the
2-core machine runs the generator too: one asyncio process saturates a core near 3,000 sockets). Talks to its
parent through JSON lines: configuration as the first argument, commands on stdin (`join`, `finish`), events
and the final report on stdout. All times are `time.monotonic()`, which is one clock for every process of the
machine (CLOCK_MONOTONIC), so the parent can set them against the presenter's ticks and the kill instant.

Each participant: joins at its slot of the join storm, waits for the host to open an activity, answers once
after a random delay within ANSWER_SECONDS with a client-generated id, and keeps the answer pending until the
server acknowledges that id. A dropped connection reconnects (jittered back-off, to the next port first) and
re-sends every pending answer with the same id: the server must store it once and acknowledge it again.
"""

import asyncio
import json
import random
import sys
import time
import uuid

from partage.live.bench.adapters import Ack, Refused, Reveal, State, make_adapter

RETRY_AFTER = 5.0  # seconds without an ack on a live connection before the same answer is sent again
RECONNECT_SPREAD = 3.0  # first reconnection attempt within this many seconds (a reconnect storm, spread)
RECONNECT_CAP = 8.0
JOIN_ATTEMPTS = 5


def emit(event: str, **data) -> None:
    sys.stdout.write(json.dumps({"event": event, **data}) + "\n")
    sys.stdout.flush()


class Participant:
    def __init__(self, gen: "Generator", index: int):
        self.gen = gen
        self.index = index
        self.port_index = index % len(gen.ports)
        self.ws = None
        self.connection = None  # adapter-specific (cookies, ids)
        self.key = None  # the server's participant id once known (the echo app uses the index)
        self.join_parts: dict = {}
        self.ready = asyncio.Event()
        self.answered: set[str] = set()  # activities this participant has answered (sent)
        self.pending: dict[str, dict] = {}  # client id -> answer record awaiting its ack
        self.records: list[dict] = []
        self.reveals: set[str] = set()
        self.join_latency: float | None = None
        self.join_failures = 0
        self.drops: list[float] = []
        self.reconnects: list[float] = []
        self.closing = False
        self.task: asyncio.Task | None = None

    @property
    def port(self) -> int:
        return self.gen.ports[self.port_index]

    async def run(self, start_at: float) -> None:
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        began = time.monotonic()
        for _attempt in range(JOIN_ATTEMPTS):
            try:
                await self._connect(first=True)
                break
            except Exception as error:  # noqa: BLE001 — every failure is counted and retried
                self.join_failures += 1
                self.gen.last_error = repr(error)[:300]
                self.port_index = (self.port_index + 1) % len(self.gen.ports)
                await asyncio.sleep(random.uniform(0.5, 2.0))
        else:
            return
        self.join_latency = time.monotonic() - began
        while not self.closing:
            try:
                await self._read()
            except Exception:  # noqa: BLE001 — a dropped connection, whatever its cause
                if self.closing:
                    return
            if self.closing:
                return
            await self._reconnect()

    async def _connect(self, *, first: bool) -> None:
        self.ready.clear()
        self.ws, state = await self.gen.adapter.join(self, first=first)
        self.ready.set()
        if state is not None:
            self._on_state(state)
        for record in list(self.pending.values()):
            await self._send(record)

    async def _reconnect(self) -> None:
        dropped = time.monotonic()
        self.drops.append(dropped)
        self.ready.clear()
        attempt = 0
        delay = random.uniform(0, RECONNECT_SPREAD)
        while not self.closing:
            await asyncio.sleep(delay)
            self.port_index = (self.port_index + 1) % len(self.gen.ports)
            try:
                await self._connect(first=False)
            except Exception as error:  # noqa: BLE001
                self.gen.last_error = repr(error)[:300]
                attempt += 1
                delay = random.uniform(0, min(RECONNECT_CAP, 2**attempt))
                continue
            self.reconnects.append(time.monotonic() - dropped)
            return

    async def _read(self) -> None:
        async for text in self.ws:
            for event in self.gen.adapter.parse(text):
                if isinstance(event, Ack):
                    record = self.pending.pop(event.id, None)
                    if record is not None:
                        record["ack"] = time.monotonic()
                elif isinstance(event, Refused):
                    record = self.pending.pop(event.id, None)
                    if record is not None:
                        record["refused"] = event.reason or True
                elif isinstance(event, State):
                    self._on_state(event)
                elif isinstance(event, Reveal):
                    self.reveals.add(event.activity)

    def _on_state(self, state: State) -> None:
        if state.revealed and state.activity:
            self.reveals.add(state.activity)
        if state.open and state.activity and state.activity not in self.answered:
            self.answered.add(state.activity)
            delay = random.uniform(0, self.gen.answer_seconds)
            asyncio.get_running_loop().call_later(delay, self._answer_soon, state)

    def _answer_soon(self, state: State) -> None:
        record = {
            "participant": self.key if self.key is not None else self.index,
            "activity": state.activity,
            "id": str(uuid.uuid4()),
            "kind": state.kind,
            "sent": time.monotonic(),
            "sends": 0,
            "ack": None,
        }
        record["payload"] = self.gen.adapter.answer_payload(self, state)
        self.records.append(record)
        self.pending[record["id"]] = record
        asyncio.ensure_future(self._send(record))

    async def _send(self, record: dict) -> None:
        if not self.ready.is_set() or self.ws is None:
            return  # sent again after the reconnection
        record["sends"] += 1
        record["last_send"] = time.monotonic()
        try:
            await self.ws.send(self.gen.adapter.answer_message(self, record))
        except Exception:  # noqa: BLE001, S110 — the reader sees the drop and reconnects, then re-sends
            pass

    async def resend_overdue(self) -> None:
        now = time.monotonic()
        for record in list(self.pending.values()):
            if self.ready.is_set() and now - record.get("last_send", now) > RETRY_AFTER:
                await self._send(record)

    def report(self) -> dict:
        return {
            "join": self.join_latency,
            "key": self.key,
            "join_parts": self.join_parts,
            "join_failures": self.join_failures,
            "answers": [{k: v for k, v in r.items() if k != "payload"} for r in self.records],
            "reveals": sorted(self.reveals),
            "drops": self.drops,
            "reconnects": self.reconnects,
            "connected": self.ready.is_set(),
        }


class Generator:
    def __init__(self, config: dict):
        self.config = config
        self.ports = config["ports"]
        self.host = config.get("host", "127.0.0.1")
        self.answer_seconds = config["answer_seconds"]
        self.adapter = make_adapter(config)
        self.participants = [Participant(self, i) for i in range(config["first"], config["last"])]
        self.last_error = ""

    async def join(self) -> None:
        count = len(self.participants)
        total = self.config["total"]
        window = self.config["join_seconds"]
        t0 = time.monotonic()
        for p in self.participants:
            # Evenly spread over the storm across every generator, with a little jitter.
            slot = window * p.index / max(1, total)
            p.task = asyncio.ensure_future(p.run(t0 + slot + random.uniform(0, window / max(1, total))))
        while True:
            await asyncio.sleep(1.0)
            joined = sum(1 for p in self.participants if p.join_latency is not None)
            done = sum(1 for p in self.participants if p.join_latency is not None or (p.task and p.task.done()))
            emit("progress", joined=joined, of=count, error=self.last_error)
            if done >= count:
                break
        emit("joined", joined=joined, failed=count - joined, error=self.last_error)

    async def retry_loop(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            for p in self.participants:
                await p.resend_overdue()

    async def finish(self) -> None:
        for p in self.participants:
            p.closing = True
        for p in self.participants:
            if p.ws is not None:
                try:
                    await asyncio.wait_for(p.ws.close(), 2)
                except Exception:  # noqa: BLE001, S110 — the report matters, not the goodbye
                    pass
        emit("report", participants=[p.report() for p in self.participants], error=self.last_error)

    async def main(self) -> None:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        retry = asyncio.ensure_future(self.retry_loop())
        while True:
            line = await reader.readline()
            if not line:
                command = {"command": "finish"}
            else:
                command = json.loads(line)
            if command["command"] == "join":
                asyncio.ensure_future(self.join())
            elif command["command"] == "status":
                connected = sum(1 for p in self.participants if p.ready.is_set())
                pending = sum(len(p.pending) for p in self.participants)
                emit("status", connected=connected, pending=pending, error=self.last_error)
            elif command["command"] == "finish":
                retry.cancel()
                await self.finish()
                return


def main() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    config = json.loads(sys.argv[1])
    random.seed(config.get("seed", 0) * 1000 + config["first"])
    try:
        import uvloop
    except ImportError:
        asyncio.run(Generator(config).main())
    else:
        uvloop.run(Generator(config).main())


if __name__ == "__main__":
    main()

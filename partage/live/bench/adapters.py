"""How the load generator speaks to a server: the bare echo app, or Partage's live app (PROTOCOL.md).

An adapter joins one participant (returns the open WebSocket and the first state it received), turns each
server message into events (State, Ack, Refused, Reveal) and builds the answer message. The presenter and
host side of each protocol lives in `presenter.py`.
"""

import json
from dataclasses import dataclass

from websockets.asyncio.client import connect

OPEN_TIMEOUT = 20.0


@dataclass
class State:
    activity: str | None
    kind: str = ""
    open: bool = False
    revealed: bool = False
    version: int = 0
    choices: tuple = ()


@dataclass
class Ack:
    id: str


@dataclass
class Refused:
    id: str
    reason: str = ""


@dataclass
class Reveal:
    activity: str


def ws_connect(url: str, **kwargs):
    # No client pings (a phone's browser sends none; the server pings) and no compression: the generator shares
    # the 2 cores with the server, so it spends no CPU the server does not make it spend.
    return connect(
        url,
        compression=None,
        ping_interval=None,
        open_timeout=OPEN_TIMEOUT,
        close_timeout=2,
        max_queue=64,
        **kwargs,
    )


class EchoAdapter:
    def __init__(self, config: dict):
        self.host = config.get("host", "127.0.0.1")

    async def join(self, participant, *, first: bool):
        ws = await ws_connect(f"ws://{self.host}:{participant.port}/ws/p/")
        await ws.send(json.dumps({"type": "hello", "participant": participant.index}))
        events = self.parse(await ws.recv())
        state = next((e for e in events if isinstance(e, State)), None)
        return ws, state

    def parse(self, text: str) -> list:
        data = json.loads(text)
        kind = data.get("type")
        if kind == "state":
            return [
                State(
                    activity=data.get("activity"),
                    open=bool(data.get("open")),
                    revealed=bool(data.get("revealed")),
                    version=int(data.get("version") or 0),
                )
            ]
        if kind == "ack":
            return [Ack(str(data.get("id")))]
        if kind == "refused":
            return [Refused(str(data.get("id")))]
        return []

    def answer_payload(self, participant, state: State):
        return participant.index % 4

    def answer_message(self, participant, record: dict) -> str:
        return json.dumps(
            {"type": "answer", "activity": record["activity"], "id": record["id"], "value": record["payload"]}
        )


def make_adapter(config: dict):
    if config["adapter"] == "echo":
        return EchoAdapter(config)
    if config["adapter"] == "live":
        from partage.live.bench.live_adapter import LiveAdapter

        return LiveAdapter(config)
    raise ValueError(config["adapter"])

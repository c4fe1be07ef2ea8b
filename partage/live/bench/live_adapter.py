"""Participant side of Partage's live protocol (partage/live/PROTOCOL.md) for the load generator.

Join as a guest the way a phone does: GET `/j/<CODE>/` (the page, which sets the signed `live_<CODE>`
cookie), then the WebSocket `/ws/live/j/<CODE>/` with that cookie; ready = the first `state`. A reconnection
reuses the cookie, so the participant stays the same and its pending answers are re-sent with their ids.
"""

import asyncio
import json
import time

from partage.live.bench.adapters import Ack, Refused, State, ws_connect

WORDS = ["télétravail", "confiance", "écoute", "Équipe", "projet", "temps", "sens", "Télétravail", "partage"]
HTTP_TIMEOUT = 20.0


async def http_get(host: str, port: int, path: str, cookie: str = "") -> tuple[int, list[str], bytes]:
    """A minimal HTTP/1.1 GET (status, Set-Cookie values, body): the generator needs nothing more."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), HTTP_TIMEOUT)
    try:
        headers = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: fr\r\nConnection: close\r\n"
        if cookie:
            headers += f"Cookie: {cookie}\r\n"
        writer.write((headers + "\r\n").encode())
        raw = await asyncio.wait_for(reader.read(), HTTP_TIMEOUT)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    cookies = [line.split(":", 1)[1].strip() for line in lines[1:] if line.lower().startswith("set-cookie:")]
    return status, cookies, body


class LiveAdapter:
    def __init__(self, config: dict):
        self.host = config.get("host", "127.0.0.1")
        self.code = config["code"]
        # JOIN_PAGE=0: the phone got the page from a cache (the proxy's, or it was already open) and the socket
        # handshake creates the guest (Set-Cookie on the 101, PROTOCOL.md §1): no Django page per guest.
        self.join_page = config.get("join_page", True)
        # The page server apart from the WebSockets' (gunicorn, decision 0033), or the participant's own port.
        self.page_port = config.get("page_port")

    async def join(self, participant, *, first: bool):
        began = time.monotonic()
        if participant.connection is None and self.join_page:
            status, cookies, _ = await http_get(self.host, self.page_port or participant.port, f"/j/{self.code}/")
            if status != 200:
                raise RuntimeError(f"GET /j/{self.code}/ : {status}")
            name = f"live_{self.code}="
            cookie = next((c.split(";", 1)[0] for c in cookies if c.startswith(name)), None)
            if cookie is None:
                raise RuntimeError("pas de cookie de participant")
            participant.connection = cookie
        fetched = time.monotonic()
        ws = await ws_connect(
            f"ws://{self.host}:{participant.port}/ws/live/j/{self.code}/",
            additional_headers={"Cookie": participant.connection} if participant.connection else None,
        )
        if participant.connection is None:
            # Kept for every reconnection: the same participant, so its retried answers are recognised.
            name = f"live_{self.code}="
            cookies = ws.response.headers.get_all("Set-Cookie") if ws.response else []
            participant.connection = next((c.split(";", 1)[0] for c in cookies if c.startswith(name)), None)
            if participant.connection is None:
                await ws.close()
                raise RuntimeError("pas de cookie de participant dans la poignée de main")
        text = await asyncio.wait_for(ws.recv(), HTTP_TIMEOUT)
        data = json.loads(text)
        if data.get("type") != "state":
            await ws.close()
            raise RuntimeError(f"premier message : {text[:200]}")
        participant.key = (data.get("you") or {}).get("participant") or participant.key
        if first:
            # Where a join spends its time: the page (GET), the WebSocket handshake, the first state.
            participant.join_parts = {"page": fetched - began, "socket": time.monotonic() - fetched}
        return ws, self._state(data)

    def _state(self, data: dict) -> State:
        activity = data.get("activity")
        session = data.get("session") or {}
        if not activity:
            return State(activity=None, version=int(data.get("seq") or 0))
        return State(
            activity=str(activity["id"]),
            kind=activity.get("kind", ""),
            open=session.get("status") == "open" and not activity.get("closed"),
            revealed=bool(activity.get("revealed")),
            version=int(data.get("seq") or 0),
            choices=tuple(str(c["id"]) for c in activity.get("choices") or []),
        )

    def parse(self, text: str) -> list:
        data = json.loads(text)
        kind = data.get("type")
        if kind == "state":
            return [self._state(data)]
        if kind == "ack" and data.get("id"):
            return [Ack(str(data["id"]))]
        if kind == "error" and data.get("id") and data.get("code") != "rate_limited":
            # rate_limited: the same message is sent again later (the generator's retry loop).
            return [Refused(str(data["id"]), str(data.get("code")))]
        return []

    def answer_payload(self, participant, state: State):
        if state.kind == "wordcloud":
            return {"words": [WORDS[participant.index % len(WORDS)]]}
        choices = state.choices or ("a",)
        return {"choices": [choices[participant.index % len(choices)]]}

    def answer_message(self, participant, record: dict) -> str:
        return json.dumps(
            {"type": "answer", "id": record["id"], "activity": int(record["activity"]), "value": record["payload"]}
        )

"""The limit: a bare ASGI WebSocket app running the benchmark's scenario with nothing behind it.

No Django, no channel layer, no database: participants connect to `/ws/p/`, get a state snapshot, answer
(each answer acknowledged at once, counted once per participant and activity in memory); the presenter
connects to `/ws/presenter/`, opens activities and reveals (broadcast in-process to every participant) and
receives a tick of the counts every TICK seconds. Served by the same uvicorn as Partage, so the ratio
live / echo shows what the Django + Channels stack costs on top of the server and the load generator.

    uvicorn partage.live.bench.echo:app
"""

import asyncio
import json

TICK = 0.25

participants: set = set()
presenters: set = set()
answered: dict[str, set[str]] = {}  # activity -> participants who answered
state = {"activity": None, "open": False, "version": 0, "revealed": False}
_ticker: asyncio.Task | None = None


def _snapshot() -> str:
    return json.dumps({"type": "state", **state})


async def _tick_loop() -> None:
    last = None
    while True:
        await asyncio.sleep(TICK)
        counts = {activity: len(who) for activity, who in answered.items()}
        if counts == last or not presenters:
            continue
        last = counts
        message = json.dumps({"type": "tick", "counts": counts})
        for send in list(presenters):
            try:
                await send({"type": "websocket.send", "text": message})
            except Exception:  # noqa: BLE001, S112 — a closed presenter is dropped on its own disconnect
                continue


async def _broadcast(message: str) -> None:
    for send in list(participants):
        try:
            await send({"type": "websocket.send", "text": message})
        except Exception:  # noqa: BLE001, S112 — a participant that left is dropped on its own disconnect
            continue


async def _websocket(scope, receive, send) -> None:
    global _ticker
    presenter = scope["path"].startswith("/ws/presenter")
    event = await receive()
    if event["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    group = presenters if presenter else participants
    group.add(send)
    if presenter and _ticker is None:
        _ticker = asyncio.create_task(_tick_loop())
    await send({"type": "websocket.send", "text": _snapshot()})
    participant = None
    try:
        while True:
            event = await receive()
            if event["type"] == "websocket.disconnect":
                return
            data = json.loads(event.get("text") or "{}")
            kind = data.get("type")
            if kind == "hello":
                participant = str(data.get("participant"))
            elif kind == "answer" and participant is not None:
                activity = str(data.get("activity"))
                if state["open"] and activity == str(state["activity"]):
                    answered.setdefault(activity, set()).add(participant)
                    await send({"type": "websocket.send", "text": json.dumps({"type": "ack", "id": data.get("id")})})
                else:
                    await send(
                        {"type": "websocket.send", "text": json.dumps({"type": "refused", "id": data.get("id")})}
                    )
            elif presenter and kind in ("open", "reveal", "close"):
                state["version"] += 1
                if kind == "open":
                    state.update(activity=str(data["activity"]), open=True, revealed=False)
                elif kind == "close":
                    state["open"] = False
                else:
                    state.update(open=False, revealed=True)
                await _broadcast(_snapshot())
    finally:
        group.discard(send)


async def _http(scope, receive, send) -> None:
    body = json.dumps({activity: sorted(who) for activity, who in answered.items()}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


async def app(scope, receive, send) -> None:
    if scope["type"] == "websocket":
        await _websocket(scope, receive, send)
    elif scope["type"] == "http":
        await _http(scope, receive, send)

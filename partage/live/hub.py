"""The per-process fan-out of a session's state to its local sockets (decision record 0013).

Each process keeps, per session, the set of its local connections and ONE channel-layer channel
subscribed to the session's group. A state broadcast therefore costs one layer message per process,
whatever the number of phones; the process then offers the same pre-rendered text to every local
connection. A connection keeps at most one pending state (latest wins, states are snapshots) and a
bounded queue of acks: a slow phone never makes memory grow, it is closed (4408) and resynchronises.

For activities whose results are live (or revealed), or whose contributions phones see, the hub
refreshes the state's live part (results, published contributions) at most once a second, from one
query per process, never per answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import uuid
from typing import Any, Protocol

from channels.layers import get_channel_layer

from .broadcast import dumps, hosts_group, session_group
from .db import database_sync_to_async

logger = logging.getLogger(__name__)

LIVE_REFRESH_SECONDS = 1.0
ONLINE_REPORT_SECONDS = 2.0
PROCESS_ID = f"{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Connection(Protocol):
    participant_key: str | None

    def offer_state(self, text: str, seq: int) -> None: ...

    async def kick(self, code: int) -> None: ...

    async def refresh_personal(self) -> None: ...


class SessionHub:
    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        self.connections: set[Connection] = set()
        self.channel: str | None = None
        self.state: dict[str, Any] | None = None
        self.text: str | None = None
        self.seq = 0
        self.tasks: list[asyncio.Task] = []
        self.ready = asyncio.Event()

    async def start(self) -> None:
        layer = get_channel_layer()
        # Start from the stored state: the live refresh needs it before any broadcast arrives.
        self.state = await _stored_state(self.session_id)
        if self.state is not None:
            self.seq = self.state["seq"]
            self.text = dumps(self.state)
        # The layer's default prefix, as every consumer's channel: channels_redis reads all the process's channels
        # from ONE list named after that prefix, under one receive lock. A channel of another prefix has a list of
        # its own, and whichever receiver holds the lock reads only its own list: the hub, always waiting, kept
        # the lock, and the presenter's channel (hosts group: "next activity", presence) heard almost nothing.
        self.channel = await layer.new_channel()
        await layer.group_add(session_group(self.session_id), self.channel)
        self.tasks = [
            asyncio.create_task(self._listen(layer)),
            asyncio.create_task(self._refresh_live_part()),
            asyncio.create_task(self._report_online(layer)),
        ]
        self.ready.set()

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        layer = get_channel_layer()
        if self.channel:
            try:
                await layer.group_discard(session_group(self.session_id), self.channel)
            except Exception:  # the layer may be gone at shutdown; nothing to clean then
                logger.debug("group_discard failed", exc_info=True)

    async def _listen(self, layer) -> None:
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live hub: channel layer receive failed; retrying", exc_info=True)
                await asyncio.sleep(1)
                continue
            kind = message.get("type")
            if kind == "live.state" and message.get("seq", 0) >= self.seq:
                self.seq = message["seq"]
                self.text = message["text"]
                self.state = json.loads(self.text)
                self._offer_all()
            elif kind == "live.you":
                for connection in list(self.connections):
                    if connection.participant_key == message.get("key"):
                        asyncio.ensure_future(connection.refresh_personal())
            elif kind == "live.ban":
                for connection in list(self.connections):
                    if connection.participant_key == message.get("key"):
                        await connection.kick(4403)

    def _offer_all(self) -> None:
        if self.text is None:
            return
        for connection in list(self.connections):
            connection.offer_state(self.text, self.seq)

    async def _refresh_live_part(self) -> None:
        last: tuple | None = None
        while True:
            await asyncio.sleep(LIVE_REFRESH_SECONDS)
            state = self.state
            if state is None or not self.connections:
                continue
            activity = state.get("activity")
            if not activity:
                continue
            wants_results = activity["revealed"] or activity["results"] == "live"
            wants_contributions = activity["kind"] in ("qa", "wall", "board")
            if not (wants_results or wants_contributions):
                continue
            try:
                part = await _live_part(activity["id"], wants_results, wants_contributions)
            except Exception:
                logger.warning("live hub: refresh failed", exc_info=True)
                continue
            key = (self.seq, dumps(part))
            if key == last:
                continue
            last = key
            if part.get("results") is not None or wants_contributions:
                self.state = {**state, **{k: v for k, v in part.items() if v is not None}}
                self.text = dumps(self.state)
                self._offer_all()

    async def _report_online(self, layer) -> None:
        while True:
            # Hosts sum the fresh reports of every process: no presence diff ever goes to phones.
            try:
                await layer.group_send(
                    hosts_group(self.session_id),
                    {"type": "live.online", "process": PROCESS_ID, "count": len(self.connections)},
                )
            except Exception:
                logger.debug("online report failed", exc_info=True)
            await asyncio.sleep(ONLINE_REPORT_SECONDS)


@database_sync_to_async
def _stored_state(session_id: int) -> dict[str, Any] | None:
    from .models import LiveSession
    from .state import session_state

    session = LiveSession.objects.filter(pk=session_id).first()
    return session_state(session) if session else None


@database_sync_to_async
def _live_part(activity_id: int, wants_results: bool, wants_contributions: bool) -> dict[str, Any]:
    from . import results
    from .models import Activity

    activity = Activity.objects.select_related("session").filter(pk=activity_id).first()
    if activity is None:
        return {}
    part: dict[str, Any] = {}
    if wants_results and activity.takes_answers:
        part["results"] = results.compute(activity)
    if wants_contributions:
        part["contributions"] = results.public_contributions(activity)
    return part


# Keyed by the event loop itself as well: a server has one loop, but tests run one loop per test. Not by
# id(loop): a closed loop's id is reused by the next one, which then found the dead hub of the previous test
# (its listener cancelled with its loop) and never heard a broadcast again. Entries of closed loops are dropped.
_hubs: dict[tuple[asyncio.AbstractEventLoop, int], SessionHub] = {}
_locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}


def _key(session_id: int) -> tuple[asyncio.AbstractEventLoop, int]:
    return (asyncio.get_running_loop(), session_id)


def _get_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    for stale in [other for other in _locks if other is not loop and other.is_closed()]:
        del _locks[stale]
    for stale in [key for key in _hubs if key[0] is not loop and key[0].is_closed()]:
        del _hubs[stale]
    if loop not in _locks:
        _locks[loop] = asyncio.Lock()
    return _locks[loop]


async def attach(session_id: int, connection: Connection) -> SessionHub:
    async with _get_lock():
        hub = _hubs.get(_key(session_id))
        if hub is None:
            hub = SessionHub(session_id)
            await hub.start()
            _hubs[_key(session_id)] = hub
        hub.connections.add(connection)
    return hub


async def detach(session_id: int, connection: Connection) -> None:
    async with _get_lock():
        hub = _hubs.get(_key(session_id))
        if hub is None:
            return
        hub.connections.discard(connection)
        if not hub.connections:
            del _hubs[_key(session_id)]
            await hub.stop()


def known_session(code: str) -> dict[str, Any] | None:
    """The `session` part of the state of this process's hub for that code (kept current by the broadcasts),
    or None when no hub of it runs here."""
    loop = asyncio.get_running_loop()
    for (hub_loop, _), hub in _hubs.items():
        session = (hub.state or {}).get("session") or {}
        if hub_loop is loop and session.get("code") == code:
            return session
    return None


def local_count(session_id: int) -> int:
    hub = _hubs.get(_key(session_id))
    return len(hub.connections) if hub else 0

"""WebSocket consumers: participant, presenter and host remote (PROTOCOL.md).

Participants have no channel-layer channel of their own (`channel_layer_alias` names no layer):
state reaches them through the process hub (hub.py). Each connection has a bounded outbox: at most
one pending state (latest wins) and ACK_QUEUE acks; beyond that, or when a send blocks longer than
SEND_TIMEOUT, the socket is closed with 4408 and the phone reconnects and resynchronises.

Hosts (a few sockets per session) join the session's hosts group on the default layer and run the
results ticker: every TICK seconds, one cheap signature query; only when it changed, the results
are computed (one query) and sent.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import time
import uuid
from collections import deque
from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from . import hub, results, writes
from .batcher import batcher
from .broadcast import dumps, hosts_group
from .db import database_sync_to_async
from .identity import read_key, set_cookie_header
from .models import LiveSession
from .ratelimit import TokenBucket, participant_buckets
from .state import host_state, you
from .values import Refused

logger = logging.getLogger(__name__)

MAX_FRAME = 4096
ACK_QUEUE = 64
SEND_TIMEOUT = 10.0
TICK = 0.25
ONLINE_FRESH_SECONDS = 6.0

CLOSE_FORBIDDEN = 4403
CLOSE_UNKNOWN = 4404
CLOSE_SLOW = 4408
CLOSE_CLOSED = 4410


class OutboxConsumer(AsyncWebsocketConsumer):
    """Serialises every send through one writer task, with a bounded outbox."""

    participant_key: str | None = None

    async def dispatch(self, message: dict) -> None:
        # Channels' dispatch awaits aclose_old_connections() before every message, on asgiref's single
        # thread-sensitive thread: at 3,000 sockets every frame queued there (livebench, decision 0016). Our
        # database calls go through DatabaseSyncToAsync, which closes stale connections in its own thread.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    def _init_outbox(self) -> None:
        self._acks: deque[str] = deque()
        self._state_text: str | None = None
        self._state_seq = 0
        self._wake = asyncio.Event()
        self._writer = asyncio.create_task(self._write_loop())
        self._closing = False

    def push(self, message: dict[str, Any]) -> None:
        self.push_text(dumps(message))

    def push_text(self, text: str) -> None:
        if len(self._acks) >= ACK_QUEUE:
            asyncio.ensure_future(self.kick(CLOSE_SLOW))
            return
        self._acks.append(text)
        self._wake.set()

    def offer_state(self, text: str, seq: int) -> None:
        if seq < self._state_seq:
            return
        self._state_seq = seq
        self._state_text = text
        self._wake.set()

    async def _write_loop(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._acks or self._state_text is not None:
                    if self._acks:
                        text = self._acks.popleft()
                    else:
                        text, self._state_text = self._state_text, None
                    # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancellation that arrives
                    # as the send completes (gh-86296), and this loop then waited forever on `_wake`, cancelled in
                    # name only: the test run's event loop never finished closing (the hang under REDIS_URL),
                    # and a server would keep such a writer of a gone socket for good.
                    async with asyncio.timeout(SEND_TIMEOUT):
                        await self.send(text_data=text)
        except TimeoutError:
            await self.kick(CLOSE_SLOW)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.debug("live writer stopped", exc_info=True)

    async def kick(self, code: int) -> None:
        if self._closing:
            return
        self._closing = True
        try:
            await self.close(code=code)
        except Exception:
            logger.debug("close failed", exc_info=True)

    def _stop_outbox(self) -> None:
        writer = getattr(self, "_writer", None)
        if writer is not None:
            writer.cancel()

    def parse(self, text_data: str | None) -> dict[str, Any] | None:
        if text_data is None:
            self.push(Refused("bad_message", _("Message illisible.")).as_message(None))
            return None
        if len(text_data) > MAX_FRAME:
            self.push(Refused("too_large", _("Message trop long.")).as_message(None))
            return None
        try:
            message = json.loads(text_data)
        except ValueError:
            message = None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            self.push(Refused("bad_message", _("Message illisible.")).as_message(None))
            return None
        return message


# --- participants ----------------------------------------------------------------------------


# The sessions of the codes this process has seen (a code never changes). Read only while the process hub of the
# session holds its state: the hub's copy of `status` and `locked` (kept current by the broadcasts) is applied.
_sessions_by_code: dict[str, LiveSession] = {}


def _session_of(code: str, known: dict[str, Any] | None) -> LiveSession | None:
    cached = _sessions_by_code.get(code)
    if known is not None and cached is not None and cached.pk == known.get("id"):
        session = copy.copy(cached)
        session.status, session.locked = known["status"], known["locked"]
        return session
    session = LiveSession.objects.filter(code=code, is_template=False).first()
    if session is not None:
        _sessions_by_code[code] = session
    return session


@database_sync_to_async
def _identify(scope: dict, code: str, known: dict[str, Any] | None) -> tuple[str, Any, Any, dict | None]:
    """(outcome, session, participant, you), in ONE database call (a join storm makes thousands):
    outcome is "ok", "unknown", "closed" or "forbidden"; `you` is the personal part of the first state.
    `known`: the session part of the process hub's state, when a hub of this code is running here."""
    session = _session_of(code, known)
    if session is None:
        return "unknown", None, None, None
    user = scope.get("user")
    is_agent = user is not None and user.is_authenticated
    key = None if is_agent else read_key(code, scope.get("cookies", {}))
    new_key = None
    if not is_agent and key is None:
        # A guest who opens the socket without the page's cookie (a client that is not a browser, or a
        # join storm skipping the page): the identity is made here and set in the handshake response.
        key = new_key = uuid.uuid4()
    participant = writes.participant_for(session=session, user=user if is_agent else None, key=key)
    if participant is None:
        return ("closed" if session.status == LiveSession.Status.CLOSED else "forbidden"), session, None, None
    if participant.banned:
        return "forbidden", session, None, None
    participant.session = session
    participant.new_cookie = set_cookie_header(code, new_key) if new_key else None
    # A participant made just now has answered nothing: no query for it.
    return "ok", session, participant, you(participant, fresh=new_key is not None)


@database_sync_to_async
def _you(participant) -> dict:
    return you(participant)


class ParticipantConsumer(OutboxConsumer):
    channel_layer_alias = "live-participants-have-no-channel"

    async def connect(self) -> None:
        self.session_id = None
        code = self.scope["url_route"]["kwargs"]["code"].upper()
        outcome, session, participant, personal = await _identify(self.scope, code, hub.known_session(code))
        cookie = getattr(participant, "new_cookie", None)
        await self.accept(headers=[(b"set-cookie", cookie)] if cookie else None)
        if outcome != "ok":
            await self.close(code={"unknown": CLOSE_UNKNOWN, "closed": CLOSE_CLOSED}.get(outcome, CLOSE_FORBIDDEN))
            return
        self.participant = participant
        self.participant_key = str(participant.key)
        self.session_id = session.pk
        self.buckets = participant_buckets()
        self._init_outbox()
        self.hub = await hub.attach(self.session_id, self)
        self._send_state_with(personal)

    def _send_state_with(self, personal: dict) -> None:
        # The process hub's shared state (kept current by the broadcasts, read once per process) plus `you`:
        # a join or a resync builds no state of its own. It goes through the ack queue (it carries `you`),
        # then shared states resume from its seq.
        shared = self.hub.text
        if shared is None:
            return
        self._state_seq = max(self._state_seq, self.hub.seq)
        # The hub's text of the shared state (encoded once per change, not once per phone), with this phone's part
        # spliced in before its closing brace. `now`: the server's clock, so that the phone's countdown ends when
        # the server's timer does.
        self.push_text(f'{shared[:-1]},"you":{dumps(personal)},"now":{time.time():.3f}}}')

    async def _send_full_state(self) -> None:
        self._send_state_with(await _you(self.participant))

    async def refresh_personal(self) -> None:
        """The host changed something of this participant's own (extra time): their state again."""
        try:
            await self._send_full_state()
        except Exception:
            logger.debug("personal refresh failed", exc_info=True)

    async def disconnect(self, code: int) -> None:
        if self.session_id is not None:
            self._stop_outbox()
            await hub.detach(self.session_id, self)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.session_id is None:
            return
        if self.buckets["any"].take():
            return  # flood: dropped silently past the global bucket
        message = self.parse(text_data)
        if message is None:
            return
        kind = message["type"]
        client_id = message.get("id")
        if kind == "ping":
            self.push({"type": "pong"})
            return
        if kind in ("hello", "sync"):
            await self._send_full_state()
            return
        handlers = {
            "answer": _answer,
            "contribute": _contribute,
            "vote": _vote,
            "nickname": _nickname,
            "more_time": _more_time,
        }
        handler = handlers.get(kind)
        if handler is None:
            self.push(Refused("unknown_type", _("Type de message inconnu.")).as_message(client_id))
            return
        wait = self.buckets[kind].take()
        if wait:
            self.push(
                Refused(
                    "rate_limited", _("Trop de messages : réessayez dans un instant."), retry_after=int(wait) + 1
                ).as_message(client_id)
            )
            return
        try:
            reply = await handler(self.participant, message)
        except Refused as refused:
            reply = refused.as_message(client_id if isinstance(client_id, str) else None)
        self.push(reply)


async def _answer(participant, message: dict) -> dict:
    # Through the process's batcher: one database call per tick for every socket's answers (batcher.py).
    return await batcher().submit(
        writes.AnswerRequest(participant, message.get("activity"), message.get("id"), message.get("value"))
    )


@database_sync_to_async
def _contribute(participant, message: dict) -> dict:
    return writes.contribute(
        participant=participant,
        activity_id=message.get("activity"),
        client_id=message.get("id"),
        text=message.get("text"),
        anonymous=bool(message.get("anonymous")),
        column=str(message.get("column") or ""),
    )


@database_sync_to_async
def _vote(participant, message: dict) -> dict:
    return writes.vote(
        participant=participant, contribution_id=message.get("contribution"), client_id=message.get("id")
    )


@database_sync_to_async
def _nickname(participant, message: dict) -> dict:
    writes.set_nickname(participant=participant, nickname=message.get("nickname", ""))
    return {"type": "ack", "id": message.get("id"), "status": "stored"}


@database_sync_to_async
def _more_time(participant, message: dict) -> dict:
    writes.ask_more_time(participant=participant)
    return {"type": "ack", "id": message.get("id"), "status": "stored"}


# --- presenter and remote ------------------------------------------------------------------------


@database_sync_to_async
def _host_session(scope: dict, session_id: int):
    session = LiveSession.objects.filter(pk=session_id).first()
    user = scope.get("user")
    if session is None:
        return "unknown", None
    if user is None or not user.is_authenticated or not user.has_perm("live.manage_session", session):
        return "forbidden", None
    return "ok", session


@database_sync_to_async
def _host_state(session_id: int) -> dict:
    session = LiveSession.objects.select_related("current_activity").get(pk=session_id)
    return host_state(session)


@database_sync_to_async
def _tick_data(session_id: int, last_signature: tuple | None, held: results.AnswerValues) -> tuple[tuple, dict | None]:
    session = LiveSession.objects.select_related("current_activity").get(pk=session_id)
    activity = session.current_activity
    if activity is not None:
        activity.session = session
    signature = (session.seq, *results.signature(activity, session_id))
    if signature == last_signature:
        return signature, None
    if activity is None:
        data = None
    elif activity.takes_answers:
        data = results.compute(activity, values=held.of(activity))
    else:
        data = results.compute(activity)
    return signature, {
        "type": "results",
        "seq": session.seq,
        "activity": activity.pk if activity else None,
        "participants": signature[1],
        "answers": signature[2] if activity is not None else 0,
        "data": data,
    }


@database_sync_to_async
def _host_command(session_id: int, message: dict) -> dict:
    session = LiveSession.objects.get(pk=session_id)
    kind = message["type"]
    if kind == "control":
        writes.control(session=session, action=str(message.get("action")), activity_id=message.get("activity"))
    elif kind == "moderate":
        writes.moderate(
            session=session,
            contribution_id=message.get("contribution"),
            action=str(message.get("action")),
            column=str(message.get("column") or ""),
            into=message.get("into"),
        )
    elif kind == "delete_word":
        writes.delete_word(session=session, activity_id=message.get("activity"), word=str(message.get("word") or ""))
    elif kind == "ban":
        writes.ban(session=session, participant_key=message.get("participant"))
    elif kind == "extra_time":
        writes.grant_extra_time(
            session=session, participant_key=message.get("participant"), grant=str(message.get("grant") or "")
        )
    else:
        raise Refused("unknown_type", _("Type de message inconnu."))
    return {"type": "ack", "id": message.get("id"), "status": "done"}


class HostConsumer(OutboxConsumer):
    """Presenter screen and host remote: the same messages (PROTOCOL.md §5)."""

    async def connect(self) -> None:
        self.session_id = None
        session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        outcome, session = await _host_session(self.scope, session_id)
        await self.accept()
        if outcome != "ok":
            await self.close(code=CLOSE_UNKNOWN if outcome == "unknown" else CLOSE_FORBIDDEN)
            return
        self.session_id = session.pk
        self.online: dict[str, tuple[int, float]] = {}
        self.bucket = TokenBucket(10, 20)
        self._init_outbox()
        self._state_dirty = True
        await self.channel_layer.group_add(hosts_group(self.session_id), self.channel_name)
        self._ticker = asyncio.create_task(self._tick_loop())

    async def disconnect(self, code: int) -> None:
        if self.session_id is None:
            return
        self._stop_outbox()
        self._ticker.cancel()
        await self.channel_layer.group_discard(hosts_group(self.session_id), self.channel_name)

    async def _tick_loop(self) -> None:
        signature = None
        held = results.AnswerValues()  # the current activity's answers, read incrementally tick after tick
        tick = 0
        last_online = None
        while True:
            try:
                if self._state_dirty:
                    self._state_dirty = False
                    self.push(await _host_state(self.session_id))
                signature, message = await _tick_data(self.session_id, signature, held)
                if message is not None and (message.get("data") or {}).get("kind") in ("qa", "wall", "board"):
                    # A new question or card (pending ones are not broadcast): hosts get the queue at the next tick.
                    self._state_dirty = True
                online = self.online_count()
                if message is not None or online != last_online:
                    tick += 1
                    last_online = online
                    if message is None:
                        message = {"type": "online", "online": online}
                    else:
                        message.update(tick=tick, online=online)
                    self.push(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live ticker failed", exc_info=True)
            await asyncio.sleep(TICK)

    def online_count(self) -> int:
        now = time.monotonic()
        return sum(count for count, seen in self.online.values() if now - seen < ONLINE_FRESH_SECONDS)

    async def live_online(self, event: dict) -> None:
        self.online[event["process"]] = (int(event["count"]), time.monotonic())

    async def live_host_changed(self, event: dict) -> None:
        self._state_dirty = True

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.session_id is None:
            return
        message = self.parse(text_data)
        if message is None:
            return
        client_id = message.get("id")
        if message["type"] == "ping":
            self.push({"type": "pong"})
            return
        if message["type"] in ("hello", "sync"):
            self._state_dirty = True
            return
        if self.bucket.take():
            self.push(Refused("rate_limited", _("Trop de commandes."), retry_after=500).as_message(client_id))
            return
        try:
            reply = await _host_command(self.session_id, message)
        except Refused as refused:
            reply = refused.as_message(client_id if isinstance(client_id, str) else None)
        self.push(reply)


def new_client_id() -> str:
    return str(uuid.uuid4())

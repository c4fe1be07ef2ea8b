"""Pushing state changes to every screen of a session.

Decision record 0013: one channel-layer group per session whose members are *processes*, not
sockets. Each ASGI process that holds sockets of a session subscribes one channel of its own
(`hub.py`) and fans the message out to its local sockets itself, with a bounded, latest-wins
outbox per socket. A `group_send` therefore reaches W workers, never thousands of channels.
"""

from __future__ import annotations

import json
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def session_group(session_id: int) -> str:
    return f"live.s.{session_id}"


def hosts_group(session_id: int) -> str:
    return f"live.h.{session_id}"


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def publish_state(session_id: int) -> None:
    """Build the state once and send it to every process holding sockets of the session (sync callers:
    views, writes through transaction.on_commit)."""
    from .models import LiveSession
    from .state import session_state

    session = LiveSession.objects.filter(pk=session_id).select_related("current_activity").first()
    if session is None:
        return
    state = session_state(session)
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "live.state", "seq": state["seq"], "text": dumps(state)}
    async_to_sync(layer.group_send)(session_group(session_id), message)
    async_to_sync(layer.group_send)(hosts_group(session_id), {"type": "live.host_changed", "seq": state["seq"]})


def publish_ban(session_id: int, participant_key: str) -> None:
    """Every process closes the banned participant's sockets (they cannot reconnect: 4403)."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(session_group(session_id), {"type": "live.ban", "key": participant_key})


def publish_personal(session_id: int, participant_key: str) -> None:
    """One participant's personal part changed (extra time granted): the process holding their socket sends
    them their state again."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(session_group(session_id), {"type": "live.you", "key": participant_key})


def publish_hosts_changed(session_id: int) -> None:
    """Only the hosts' part changed (a request for more time): host screens reload their state."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(hosts_group(session_id), {"type": "live.host_changed"})

"""The WebSocket handshake's identity: Channels' cookie → session → user stack, without the thread hop for
guests.

Channels' `AuthMiddleware` resolves `scope["user"]` through `channels.db.database_sync_to_async`, which is
thread-sensitive: every handshake of the process queues on asgiref's ONE shared thread, even a guest's, whose
answer is known without a database ("no session cookie, so anonymous"). At a join storm of 3,000 phones that
single thread was the queue (decision 0016). Here:

- no session cookie (a guest, a phone with only its signed `live_<CODE>` cookie): `AnonymousUser` at once,
  on the event loop;
- a session cookie (an agent, a host screen): Django's `get_user` through live's database calls
  (`live.db`: the loop's thread pool on PostgreSQL, the one thread on SQLite), the same result as Channels'.
"""

from __future__ import annotations

from channels.auth import AuthMiddleware, UserLazyObject, get_user
from channels.sessions import CookieMiddleware, InstanceSessionWrapper, SessionMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from .db import database_sync_to_async


@database_sync_to_async
def _session_user(scope: dict):
    # Channels' own get_user (session key, backend, session hash), undecorated: `get_user` is a
    # DatabaseSyncToAsync whose `.func` is the plain function.
    return get_user.func(scope)


class GuestAwareAuthMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope: dict) -> None:
        user = scope["user"]
        if not isinstance(user, UserLazyObject):
            return
        if not scope.get("cookies", {}).get(settings.SESSION_COOKIE_NAME):
            user._wrapped = AnonymousUser()
            return
        user._wrapped = await _session_user(scope)


class _FramePassingSessionWrapper(InstanceSessionWrapper):
    """Channels' wrapper reads the lazy session (`modified`, `is_empty()`) on every message sent, then saves only on
    `http.response.start`. On a socket every frame paid for it: 6 % of a live worker's event loop at 3,000 phones
    (livebench's py-spy profile). Other messages go straight through; the rest is Channels' own."""

    async def send(self, message):
        if message["type"] not in self.save_message_types:
            return await self.real_send(message)
        return await super().send(message)


class LiveSessionMiddleware(SessionMiddleware):
    async def __call__(self, scope, receive, send):
        wrapper = _FramePassingSessionWrapper(scope, send)
        await wrapper.resolve_session()
        return await self.inner(wrapper.scope, receive, wrapper.send)


def LiveAuthMiddlewareStack(inner):  # noqa: N802 (mirrors Channels' AuthMiddlewareStack)
    return CookieMiddleware(LiveSessionMiddleware(GuestAwareAuthMiddleware(inner)))

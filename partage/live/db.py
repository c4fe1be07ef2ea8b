"""Database calls from the consumers.

On PostgreSQL, not thread-sensitive: no transaction spans two calls, and Channels opens no
ThreadSensitiveContext, so thread-sensitive calls of every consumer of a process would queue on ONE thread
(livebench measured 40 of 1,000 joins succeeding that way, 1,000 of 1,000 on the loop's thread pool).
On SQLite (one process, `make run`, tests), thread-sensitive: SQLite has one writer anyway, and concurrent
connections only turn into "database is locked" errors.

On PostgreSQL with the connection pool, each thread of the loop's pool also KEEPS its pooled connection from
one call to the next.
Channels' DatabaseSyncToAsync closes old connections before and after every call; with the psycopg pool that
gives the connection back and takes one again, and the pool's health check costs a round trip: one more per
answer of a join storm. Here a connection is given back only once it saw an error (and is then checked, as
Django does at the end of a request); an outage still heals, call by call.
"""

import functools

from asgiref.sync import SyncToAsync
from channels.db import DatabaseSyncToAsync
from django.conf import settings
from django.db import connections

_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
# Only with the psycopg pool (DATABASE_POOL, production and the benchmark): without it (the test suite), a kept
# connection would outlive its test's event loop and its executor threads, and hold the test database open.
_POOLED = bool(settings.DATABASES["default"].get("OPTIONS", {}).get("pool"))


class _KeepConnection(SyncToAsync):
    def thread_handler(self, loop, *args, **kwargs):
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            for connection in connections.all(initialized_only=True):
                if connection.errors_occurred:
                    connection.close_if_unusable_or_obsolete()


if _SQLITE:
    database_sync_to_async = functools.partial(DatabaseSyncToAsync, thread_sensitive=True)
elif _POOLED:
    database_sync_to_async = functools.partial(_KeepConnection, thread_sensitive=False)
else:
    database_sync_to_async = functools.partial(DatabaseSyncToAsync, thread_sensitive=False)

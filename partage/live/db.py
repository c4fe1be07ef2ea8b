"""Database calls from the consumers.

On PostgreSQL, not thread-sensitive: no transaction spans two calls, and Channels opens no
ThreadSensitiveContext, so thread-sensitive calls of every consumer of a process would queue on ONE thread
(livebench measured 40 of 1,000 joins succeeding that way, 1,000 of 1,000 on the loop's thread pool).
On SQLite (one process, `make run`, tests), thread-sensitive: SQLite has one writer anyway, and concurrent
connections only turn into "database is locked" errors.
"""

import functools

from channels.db import DatabaseSyncToAsync
from django.conf import settings

_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")

database_sync_to_async = functools.partial(DatabaseSyncToAsync, thread_sensitive=_SQLITE)

"""Database calls from the consumers.

Not thread-sensitive: no transaction spans two calls, and Channels opens no ThreadSensitiveContext, so
thread-sensitive calls of every consumer of a process would queue on ONE thread (livebench measured 40 of
1,000 joins succeeding that way, 1,000 of 1,000 on the loop's thread pool).
"""

import functools

from channels.db import DatabaseSyncToAsync

database_sync_to_async = functools.partial(DatabaseSyncToAsync, thread_sensitive=False)

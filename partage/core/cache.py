"""Figures computed once per change: a cache keyed by versions that every write bumps.

    from partage.core import cache

    data = cache.cached(f"dashboard:{programme.pk}", namespaces=["roadmap"], compute=lambda: heavy(programme))

A value is stored under its key *and* the current versions of its namespaces; a write bumps the
namespace (`cache.bump("roadmap")`), so the next read misses and recomputes: nothing is ever stale and
nothing has to be deleted by name. Apps bump from post_save / post_delete / m2m_changed signals of
their models (`bump_on_writes`, called from the app's hooks.py), so a write through the ORM cannot
forget; bulk writes that skip signals (bulk_create, queryset.update, the demo generators, imports)
call `bump` themselves.

Versions are bumped twice: at once, and again when the transaction commits. A read that ran between
the write and the commit saw the old rows under the new version; the second bump leaves that value
behind. Redis in production (Django's RedisCache when REDIS_URL is set, shared by every worker),
local memory by default (one process: `make run`); the test suite forgets it before every test.

A value that is one reader's own (permissions, the bell's count, "my" blocks, the follow button) is keyed
by the user explicitly, never shared; a namespace may be one user's too (`notifications:<id>`), bumped by
the writes that concern that user only (docs/decisions/0040).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

T = TypeVar("T")

CACHE_ALIAS = "default"
# A value nobody reads for a day goes; versions stay longer than any value they key.
VALUE_TIMEOUT = 24 * 3600
VERSION_TIMEOUT = 7 * 24 * 3600
_MISSING = object()
# Saves of only these fields change nothing a cached value shows (every sign-in saves last_login).
SILENT_FIELDS = frozenset({"last_login"})
# Changed by `forget_all()`: the test suite starts every test with no value reachable, without flushing a
# Redis database that Channels and Huey may share.
_epoch = uuid.uuid4().hex[:8]


def _cache():
    return caches[CACHE_ALIAS]


def _version_key(namespace: str) -> str:
    return f"partage:{_epoch}:v:{namespace}"


def forget_all() -> None:
    """Every value and version cached so far becomes unreachable (tests: no value outlives its test)."""
    global _epoch
    _epoch = uuid.uuid4().hex[:8]


def versions(namespaces: Iterable[str]) -> dict[str, str]:
    """The current version of each namespace (one cache round trip); a missing one is created."""
    keys = {_version_key(n): n for n in namespaces}
    found = _cache().get_many(list(keys))
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        _cache().set_many(missing, VERSION_TIMEOUT)
        found |= missing
    return {keys[key]: value for key, value in found.items()}


def _set_new_versions(namespaces: tuple[str, ...]) -> None:
    _cache().set_many({_version_key(n): uuid.uuid4().hex for n in namespaces}, VERSION_TIMEOUT)


def bump(*namespaces: str) -> None:
    """Every value cached under these namespaces is obsolete: now, and again when the transaction commits."""
    _set_new_versions(namespaces)
    transaction.on_commit(lambda: _set_new_versions(namespaces))


def cached(
    key: str,
    *,
    namespaces: Iterable[str],
    compute: Callable[[], T],
    timeout: int = VALUE_TIMEOUT,
    until: Callable[[T], datetime.datetime | None] | None = None,
) -> T:
    """The value of `compute()` for the current versions of `namespaces`, computed at most once per change.

    `until(value)`, when given, is the moment the value stops being true without any write (a scheduled
    post appears, a meeting ends, a survey closes): the value is kept until then at most, and not at all
    when that moment has come already."""
    current = versions(namespaces)
    full_key = f"partage:{_epoch}:c:{key}:" + ":".join(f"{n}={v}" for n, v in sorted(current.items()))
    stored = _cache().get(full_key, _MISSING)
    # The moment a value stops being true is kept with it and checked here, not left to the backend's expiry
    # alone: Redis counts its own seconds (a clock the tests' time travel does not move), and a cache entry's
    # lifetime is whole seconds.
    if stored is not _MISSING and (stored[1] is None or timezone.now() < stored[1]):
        return stored[0]
    value = compute()
    expires = until(value) if until is not None else None
    if expires is not None:
        timeout = min(timeout, int((expires - timezone.now()).total_seconds()) + 1)
    if timeout > 0:
        _cache().set(full_key, (value, expires), timeout)
    return value


def earliest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    """The first of these moments (None ones ignored): for `until`, the next change among several."""
    present = [moment for moment in moments if moment is not None]
    return min(present) if present else None


def next_midnight() -> datetime.datetime:
    """The start of tomorrow (local time): for `until` of a value that says "late" or "today"."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def bump_on_writes(namespace: str, models: Iterable[type]) -> None:
    """Bump `namespace` whenever one of `models` is saved or deleted, or one of its many-to-many relations changes."""

    def receiver(sender: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= SILENT_FIELDS:
            return  # a sign-in writes last_login: no cached figure shows it
        bump(namespace)

    # Signals keep weak references by default: this closure would be collected at once.
    for model in models:
        uid = f"partage-cache-{namespace}-{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + "-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(receiver, sender=field.remote_field.through, weak=False, dispatch_uid=uid + field.name)

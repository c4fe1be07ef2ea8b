"""One way to store anonymous contributions (ideas, anonymous ballots…) so that a database dump read
together with the login records does not tell who wrote them (issue 16, decision 0030).

- **Hold, then release in batches.** An anonymous write goes to `HeldContribution` (random key, no
  timestamp but its release slot). At each release (every `ANONYMOUS_RELEASE_HOURS`, once at least
  `ANONYMOUS_RELEASE_MIN` are waiting, or anyway after `ANONYMOUS_RELEASE_MAX_HOURS`) the app's
  releaser inserts the batch into its visible table **in a random order**, each stamped with the
  release time only. So a released row's integer key, its date and its physical place (rowid, ctid)
  say "released at R" and nothing finer: the named rows around it are those of the whole window.
- **No physical order while held.** Each hold rewrites the rows of its kind in a random order
  (delete + insert), so the holding table itself keeps no insertion order. It costs one rewrite of
  the waiting rows per anonymous write, bounded by `ANONYMOUS_RELEASE_BATCH_MAX` (a group that
  reaches it is released at once: such a batch is already a large crowd).
- **The author sees it at once** through their private link (`held_for_token`), and the counts that
  must include it (a poll's results) read `held_payloads`.
- **Thresholds.** `results_visible(n)` (anonymous results only from `ANONYMOUS_RESULTS_MIN` voters,
  3 by default) and `group_visible(n)` / `visible_groups` (breakdowns by direction or service only
  for groups of `BREAKDOWN_MIN_GROUP`, 5 by default): the one rule of every app.

Apps register a releaser with `register_releaser(kind, fn)` in their `hooks.py`; `fn(payloads,
released_at)` receives the payloads already shuffled and must insert them in that order.

**Contributions that must show at once** (a live session's anonymous questions and cards) cannot wait for
a release. They get `random_key()` (negative: no sequence shared with named rows, and on SQLite the rowid
is the key, so anonymous rows sit apart in random order), a date no finer than `day_only`, and after
each such write `rewrite_in_random_order` re-inserts the rows of their group (the activity), so their
physical place (ctid) is that of the group's last anonymous write, in a random order within it.
"""

import datetime
import random
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

_secure = random.SystemRandom()
_releasers: dict[str, Callable[[list[dict], datetime.datetime], None]] = {}


def _setting(name: str, default):
    return getattr(settings, name, default)


def release_hours() -> int:
    return max(1, int(_setting("ANONYMOUS_RELEASE_HOURS", 3)))


def release_min() -> int:
    return max(1, int(_setting("ANONYMOUS_RELEASE_MIN", 3)))


def release_max_hours() -> int:
    return max(release_hours(), int(_setting("ANONYMOUS_RELEASE_MAX_HOURS", 24)))


def batch_max() -> int:
    return max(release_min(), int(_setting("ANONYMOUS_RELEASE_BATCH_MAX", 200)))


def results_min() -> int:
    return max(1, int(_setting("ANONYMOUS_RESULTS_MIN", 3)))


def breakdown_min() -> int:
    return max(1, int(_setting("BREAKDOWN_MIN_GROUP", 5)))


# --- dates ------------------------------------------------------------------------------------


def release_slot(moment: datetime.datetime | None = None) -> datetime.datetime:
    """The start of the release window holding `moment` (UTC boundaries every N hours)."""
    moment = (moment or timezone.now()).astimezone(datetime.UTC)
    hours = release_hours()
    start = moment.replace(minute=0, second=0, microsecond=0)
    return start.replace(hour=start.hour - start.hour % hours)


def next_release(moment: datetime.datetime | None = None) -> datetime.datetime:
    """When contributions held now are released at the earliest (the end of the current window)."""
    return release_slot(moment) + datetime.timedelta(hours=release_hours())


def day_only(moment: datetime.datetime | None) -> datetime.datetime | None:
    """Midnight (site time zone) of the day of `moment`: a date that keeps the day, not the minute."""
    if moment is None:
        return None
    return start_of_day(moment)


def start_of_day(moment: datetime.datetime) -> datetime.datetime:
    """Midnight (site time zone) of the day of `moment`."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


# --- thresholds -------------------------------------------------------------------------------


def results_visible(voters: int) -> bool:
    """Anonymous results are shown once at least k voters have answered (k = ANONYMOUS_RESULTS_MIN)."""
    return voters >= results_min()


def group_visible(size: int) -> bool:
    """A breakdown by direction or service shows a group only with BREAKDOWN_MIN_GROUP people or more."""
    return size >= breakdown_min()


def visible_groups(rows: Iterable, size: Callable = lambda row: row["count"]) -> tuple[list, int]:
    """Split breakdown rows into those large enough to show and how many were left out."""
    shown, hidden = [], 0
    for row in rows:
        if group_visible(size(row)):
            shown.append(row)
        else:
            hidden += 1
    return shown, hidden


# --- contributions shown at once -------------------------------------------------------------


def random_key() -> int:
    """A random negative integer key (-2**53 < key < 0: still exact in JavaScript): no sequence."""
    return -1 - _secure.randrange(2**53 - 2)


def rewrite_in_random_order(queryset) -> None:
    """Delete and re-insert these rows, same keys, in a random order: the heap (ctid) keeps no order of
    their writes. Rows pointing at them keep pointing (the foreign keys are checked at commit, and the
    delete is raw: nothing cascades). Call it inside the write's transaction."""
    model = queryset.model
    with transaction.atomic():
        rows = list(queryset.select_for_update().order_by())
        if len(rows) < 2:
            return
        _secure.shuffle(rows)
        model._base_manager.filter(pk__in=[row.pk for row in rows])._raw_delete(queryset.db)
        model._base_manager.bulk_create(rows)


# --- hold and release -------------------------------------------------------------------------


def register_releaser(kind: str, fn: Callable[[list[dict], datetime.datetime], None]) -> None:
    _releasers[kind] = fn


def _reshuffle(kind: str, group: str) -> None:
    """Rewrite the waiting rows of the group in a random order: the table keeps no insertion order.
    (The group's rows, not the whole kind's: a survey's drafts are rewritten at every page saved.)"""
    from .models import HeldContribution

    rows = list(HeldContribution.objects.select_for_update().filter(kind=kind, group=group))
    _secure.shuffle(rows)
    HeldContribution.objects.filter(pk__in=[row.pk for row in rows]).delete()
    HeldContribution.objects.bulk_create(rows)


@transaction.atomic
def hold(*, kind: str, payload: dict, token_hash: str = "", group: str = "") -> None:
    """Keep an anonymous contribution until the next release. Returns nothing: no key to log."""
    from .models import HeldContribution

    HeldContribution.objects.create(kind=kind, group=group, payload=payload, token_hash=token_hash, slot=release_slot())
    if kind in _releasers and HeldContribution.objects.filter(kind=kind, group=group).count() >= batch_max():
        release(kind=kind, group=group, force=True)
    else:
        _reshuffle(kind, group)


def take(kinds: Iterable[str], token_hash: str) -> tuple[str, dict] | None:
    """Remove and return (kind, payload) of the held row behind a private link, for its author to work
    on it (a survey draft, or a sent answer still editable); they hold it again when done."""
    from .models import HeldContribution

    if not token_hash:
        return None
    row = HeldContribution.objects.select_for_update().filter(kind__in=list(kinds), token_hash=token_hash).first()
    if row is None:
        return None
    row.delete()
    return row.kind, row.payload


def held_counts(kind: str, groups: Iterable[str]) -> dict[str, int]:
    from django.db.models import Count

    from .models import HeldContribution

    groups = list(groups)
    if not groups:
        return {}
    rows = HeldContribution.objects.filter(kind=kind, group__in=groups).values("group").annotate(n=Count("pk"))
    return {row["group"]: row["n"] for row in rows.order_by()}


def held_count(kinds: Iterable[str], group: str) -> int:
    from .models import HeldContribution

    return HeldContribution.objects.filter(kind__in=list(kinds), group=group).count()


def held_for_token(kind: str | Iterable[str], token_hash: str, *, with_kind: bool = False):
    """The payload held behind a private link (with `with_kind`: (kind, payload)), or None."""
    from .models import HeldContribution

    if not token_hash:
        return None
    kinds = [kind] if isinstance(kind, str) else list(kind)
    row = HeldContribution.objects.filter(kind__in=kinds, token_hash=token_hash).first()
    if row is None:
        return None
    return (row.kind, row.payload) if with_kind else row.payload


def held_payloads(kind: str, group: str = "") -> list[dict]:
    from .models import HeldContribution

    return list(HeldContribution.objects.filter(kind=kind, group=group).values_list("payload", flat=True))


def _due(slots: list[datetime.datetime], now: datetime.datetime) -> bool:
    if not slots:
        return False
    if len(slots) >= release_min():
        return True
    return min(slots) <= now - datetime.timedelta(hours=release_max_hours())


@transaction.atomic
def release(
    *, kind: str | None = None, group: str | None = None, force: bool = False, now: datetime.datetime | None = None
) -> int:
    """Release what is due (or everything matching with `force`); returns how many rows were released.

    Each batch is released stamped with the release slot of `now`, in a random order."""
    from .models import HeldContribution

    now = now or timezone.now()
    released_at = release_slot(now)
    rows = HeldContribution.objects.select_for_update()
    if kind is not None:
        rows = rows.filter(kind=kind)
    if group is not None:
        rows = rows.filter(group=group)
    batches: dict[tuple[str, str], list] = {}
    for row in rows:
        batches.setdefault((row.kind, row.group), []).append(row)
    count = 0
    for (batch_kind, _group), batch in batches.items():
        if not force and not _due([row.slot for row in batch], now):
            continue
        releaser = _releasers.get(batch_kind)
        if releaser is None:
            continue
        _secure.shuffle(batch)
        payloads = []
        for row in batch:
            payload = dict(row.payload)
            payload["token_hash"] = row.token_hash
            payloads.append(payload)
        releaser(payloads, released_at)
        HeldContribution.objects.filter(pk__in=[row.pk for row in batch]).delete()
        count += len(batch)
    return count

"""Every write of the live app (keyword-only arguments, values not forms, each checks its own rules).

Answers: stored once per participant and activity (database constraint), in a transaction; a retry
with the same client id gets the same acknowledgement; another id for an answered activity is refused.
State changes bump `LiveSession.seq` and are pushed after commit (`broadcast.publish_state`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from partage.core import anonymity

from . import broadcast
from .models import Activity, Answer, Contribution, LiveSession, Participant, Vote, minute_now
from .values import Refused, clean_text, clean_value

# Quiz points: a correct answer gets between 500 (at the last second) and 1000 (at once); untimed: 1000.
QUIZ_MAX_POINTS = 1000
# Answers arriving this long after a timer ended still count (network latency of a weak phone).
TIMER_GRACE_SECONDS = 2


def _publish_after_commit(session_id: int) -> None:
    transaction.on_commit(lambda: broadcast.publish_state(session_id))


def _bump(session: LiveSession, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(session, name, value)
    LiveSession.objects.filter(pk=session.pk).update(seq=F("seq") + 1, **fields)
    session.refresh_from_db(fields=["seq"])
    _publish_after_commit(session.pk)


# --- participants -----------------------------------------------------------------------------


def participant_for(*, session: LiveSession, user=None, key: uuid.UUID | None = None, create: bool = True):
    """The participant behind a connection: the agent themselves, or the guest of a cookie key.
    A new participant is refused (None) when the session is locked or closed."""
    if user is not None and user.is_authenticated:
        participant = Participant.objects.filter(session=session, user=user).first()
        if participant is None and create and _accepts_newcomers(session):
            try:
                with transaction.atomic():
                    participant = Participant.objects.create(session=session, user=user)
            except IntegrityError:
                participant = Participant.objects.filter(session=session, user=user).first()
        return participant
    if key is None:
        return None
    participant = Participant.objects.filter(key=key).first()
    if participant is not None:
        return participant if participant.session_id == session.pk else None
    if not create or not _accepts_newcomers(session):
        return None
    try:
        with transaction.atomic():
            return Participant.objects.create(session=session, key=key)
    except IntegrityError:
        found = Participant.objects.filter(key=key, session=session).first()
        return found


def _accepts_newcomers(session: LiveSession) -> bool:
    return session.status != LiveSession.Status.CLOSED and not session.locked


def set_nickname(*, participant: Participant, nickname: str) -> Participant:
    nickname = " ".join(str(nickname or "").split())[:40]
    participant.nickname = nickname
    participant.save(update_fields=["nickname"])
    return participant


# --- answers ------------------------------------------------------------------------------------


def _check_answerable(session: LiveSession, activity: Activity) -> None:
    if session.status != LiveSession.Status.OPEN:
        raise Refused("closed", _("La session n'est pas ouverte."))
    if session.pacing == LiveSession.Pacing.PRESENTER and session.current_activity_id != activity.pk:
        raise Refused("not_current", _("Cette activité n'est plus en cours."))
    if activity.closed:
        raise Refused("closed", _("Les réponses sont closes."))
    if session.pacing == LiveSession.Pacing.PARTICIPANT and not within_pace(session, activity):
        raise Refused("not_yet", _("Cette activité n'est pas encore ouverte."))


def within_pace(session: LiveSession, activity: Activity) -> bool:
    """Participant pacing: the host lets participants go up to an activity (itself included); none: all."""
    limit = session.pace_until
    return limit is None or (activity.position, activity.pk) <= (limit.position, limit.pk)


def _parse_client_id(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except (ValueError, TypeError, AttributeError):
        raise Refused("bad_message", _("Identifiant de message invalide.")) from None


def _ack_for(client_id: uuid.UUID, activity_id: int | None, status: str) -> dict[str, Any]:
    return {"type": "ack", "id": str(client_id), "status": status, "activity": activity_id}


@dataclass
class AnswerRequest:
    """One answer as a participant sent it; `received_at`: when the server got it (quiz timers and speed points
    count from there, not from when its batch is written)."""

    participant: Participant
    activity_id: Any
    client_id: Any
    value: Any
    received_at: datetime = field(default_factory=timezone.now)


def submit_answer(*, participant: Participant, activity_id: Any, client_id: Any, value: Any) -> dict[str, Any]:
    """Store one answer; returns the ack (or raises Refused). Idempotent on client_id."""
    result = submit_answers([AnswerRequest(participant, activity_id, client_id, value)])[0]
    if isinstance(result, Refused):
        raise result
    return result


def submit_answers(requests: Sequence[AnswerRequest]) -> list[dict[str, Any] | Refused]:
    """Store a batch of answers; returns, in order, each one's ack or refusal. Idempotent on client ids.

    Two round trips whatever the batch size: the activities with a fresh copy of their session (a connection's
    copy is as old as the connection), then ONE `INSERT … ON CONFLICT DO NOTHING RETURNING`. A single statement
    is atomic, and committed when it returns (autocommit), so an ack is only ever sent for a stored answer. The
    unique constraint (participant × activity) decides first answers, also against other processes; a retry or
    a second answer is looked up (one more query) only after its refusal. Inside a caller's transaction (the
    polling fallback) a conflict does not abort that transaction: DO NOTHING raises no error.
    """
    results: list[dict[str, Any] | Refused | None] = [None] * len(requests)
    cids: list[uuid.UUID | None] = [None] * len(requests)
    for i, request in enumerate(requests):
        try:
            cids[i] = _parse_client_id(request.client_id)
        except Refused as refused:
            results[i] = refused
    wanted = {_int_or_none(r.activity_id) for r in requests} - {None}
    activities = Activity.objects.select_related("session__pace_until").in_bulk(wanted) if wanted else {}
    # The extra time the host granted since a connection opened: read fresh, for timed quizzes only.
    timed = {r.participant.pk for r in requests if _is_timed_quiz(activities.get(_int_or_none(r.activity_id)))}
    extra_times = dict(Participant.objects.filter(pk__in=timed).values_list("pk", "extra_time")) if timed else {}
    rows: list[tuple[int, _Row]] = []
    look_up: list[int] = []  # decided by the answer already stored for the same participant and activity
    claimed: set[tuple[int, int]] = set()
    for i, request in enumerate(requests):
        cid = cids[i]
        if cid is None:
            continue
        activity = activities.get(_int_or_none(request.activity_id))
        if activity is None or activity.session_id != request.participant.session_id:
            results[i] = Refused("unknown_activity", _("Cette activité n'existe pas."))
            continue
        participant = request.participant
        if participant.pk in extra_times:
            participant.extra_time = extra_times[participant.pk] or ""
        try:
            answer = _checked_answer(participant, activity, cid, request.value, request.received_at)
        except Refused as refused:
            # A retry of a stored answer gets its ack again, even once the activity is closed (a phone back
            # from a cut re-sends what was not acknowledged).
            results[i] = refused
            look_up.append(i)
            continue
        pair = (participant.pk, activity.pk)
        if pair in claimed:  # the same participant twice in one batch (a re-send, two sockets)
            look_up.append(i)
            continue
        claimed.add(pair)
        rows.append((i, answer))
    inserted = _insert_new([answer for _, answer in rows])
    for i, answer in rows:
        if (answer.participant_id, answer.activity_id) in inserted:
            results[i] = _ack_for(answer.client_id, answer.activity_id, "stored")
        else:
            look_up.append(i)
    if look_up:
        _decide_by_stored(requests, cids, results, look_up)
    return results  # type: ignore[return-value]


def _is_timed_quiz(activity: Activity | None) -> bool:
    return activity is not None and activity.kind == Activity.Kind.QUIZ and bool(activity.time_limit)


@dataclass(slots=True)
class _Row:
    """An answer to insert: plain values, not a model instance (each model instance sends Django's pre_init and
    post_init signals: a fifth of a batch's CPU in livebench's profile)."""

    activity_id: int
    participant_id: int
    client_id: uuid.UUID
    value: dict
    correct: bool | None
    points: int
    created_at: datetime


def _checked_answer(
    participant: Participant, activity: Activity, cid: uuid.UUID, value: Any, received_at: datetime
) -> _Row:
    if participant.banned:
        raise Refused("not_allowed", _("Vous avez été exclu de la session."))
    _check_answerable(activity.session, activity)
    cleaned = clean_value(activity, value)
    correct, points = _score(activity, cleaned, participant.time_limit_for(activity), received_at)
    return _Row(activity.pk, participant.pk, cid, cleaned, correct, points, minute_now())


def _decide_by_stored(
    requests: Sequence[AnswerRequest],
    cids: list[uuid.UUID | None],
    results: list[dict[str, Any] | Refused | None],
    indices: list[int],
) -> None:
    """The same client id as the stored answer: `duplicate` (its ack again); another id: `already_answered`;
    nothing stored: the refusal stands."""
    participants = {requests[i].participant.pk for i in indices}
    activity_ids = {a for i in indices if (a := _int_or_none(requests[i].activity_id)) is not None}
    stored = {
        (participant_id, activity_id): client_id
        for participant_id, activity_id, client_id in Answer.objects.filter(
            participant_id__in=participants, activity_id__in=activity_ids
        ).values_list("participant_id", "activity_id", "client_id")
    }
    for i in indices:
        activity_id = _int_or_none(requests[i].activity_id)
        found = stored.get((requests[i].participant.pk, activity_id))  # type: ignore[arg-type]
        if found is not None and found == cids[i]:
            results[i] = _ack_for(found, activity_id, "duplicate")
        elif found is not None or results[i] is None:
            results[i] = Refused("already_answered", _("Vous avez déjà répondu à cette question."))


# Rows per INSERT on SQLite: 7 parameters each, far below its limit on parameters.
INSERT_CHUNK = 500
_ANSWER_COLUMNS = ("activity", "participant", "client_id", "value", "correct", "points", "created_at")


def _insert_new(rows: list[_Row]) -> set[tuple[int, int]]:
    """INSERT … ON CONFLICT (activity, participant) DO NOTHING RETURNING: the (participant, activity) pairs
    actually written (Django's bulk_create(ignore_conflicts=True) cannot say which rows went in).

    On PostgreSQL the rows go as one array per column through `unnest`: the statement's text is the same for
    every batch, so psycopg parses it once. A VALUES list of thousands of placeholders made psycopg split a new
    query text in Python at every batch (a tenth of the worker's CPU in livebench's profile). SQLite (3.35+)
    takes the VALUES list."""
    written: set[tuple[int, int]] = set()
    if not rows:
        return written
    connection = connections[router.db_for_write(Answer)]
    quote = connection.ops.quote_name
    fields = {f.name: f for f in Answer._meta.concrete_fields if f.name in _ANSWER_COLUMNS}
    ordered = [fields[name] for name in _ANSWER_COLUMNS]
    # Only the model's own table, column names and types and placeholders go into the text; values are parameters.
    columns = ", ".join(quote(str(f.column)) for f in ordered)
    head = f"INSERT INTO {quote(Answer._meta.db_table)} ({columns}) "  # noqa: S608
    tail = (
        f" ON CONFLICT ({quote('activity_id')}, {quote('participant_id')}) DO NOTHING"
        f" RETURNING {quote('participant_id')}, {quote('activity_id')}"
    )
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in ordered)
        params: list[Any] = [
            [r.activity_id for r in rows],
            [r.participant_id for r in rows],
            [r.client_id for r in rows],
            [json.dumps(r.value) for r in rows],
            [r.correct for r in rows],
            [r.points for r in rows],
            [r.created_at for r in rows],
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"{head}SELECT * FROM unnest({arrays}){tail}", params)  # noqa: S608
            return {(participant_id, activity_id) for participant_id, activity_id in cursor.fetchall()}
    row = "(" + ", ".join(["%s"] * len(ordered)) + ")"
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start : start + INSERT_CHUNK]
        values: list[Any] = []
        for r in chunk:
            values.extend(f.get_db_prep_save(getattr(r, f.attname), connection) for f in ordered)
        with connection.cursor() as cursor:
            cursor.execute(f"{head}VALUES {', '.join([row] * len(chunk))}{tail}", values)
            written.update((participant_id, activity_id) for participant_id, activity_id in cursor.fetchall())
    return written


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _score(activity: Activity, cleaned: dict, limit: float | None, received_at: datetime) -> tuple[bool | None, int]:
    """(correct, points) of a quiz answer; `limit`: the participant's own time limit (extra time included),
    None when untimed. Speed points are relative to that limit: more time does not cost points."""
    if activity.kind != Activity.Kind.QUIZ:
        return None, 0
    elapsed = (received_at - activity.opened_at).total_seconds() if activity.opened_at else 0.0
    if limit is not None and activity.opened_at is not None and elapsed > limit + TIMER_GRACE_SECONDS:
        raise Refused("closed", _("Le temps est écoulé."))
    correct_ids = {str(c["id"]) for c in activity.choices if c.get("correct")}
    correct = set(cleaned["choices"]) == correct_ids
    if not correct:
        return False, 0
    if limit is None or activity.opened_at is None:
        return True, QUIZ_MAX_POINTS
    fraction = min(1.0, max(0.0, elapsed / limit))
    return True, round(QUIZ_MAX_POINTS * (1 - fraction / 2))


# --- contributions and votes ---------------------------------------------------------------------


def contribute(
    *, participant: Participant, activity_id: Any, client_id: Any, text: Any, anonymous: bool = False, column: str = ""
) -> dict[str, Any]:
    cid = _parse_client_id(client_id)
    session = LiveSession.objects.select_related("pace_until").get(pk=participant.session_id)
    found = Contribution.objects.filter(activity_id=_int_or_none(activity_id), client_id=cid).first()  # type: ignore[misc]
    if found is not None:
        return {
            "type": "ack",
            "id": str(cid),
            "status": "duplicate",
            "activity": found.activity_id,
            "contribution": found.pk,
            "pending": found.status == Contribution.Status.PENDING,
        }
    if participant.banned:
        raise Refused("not_allowed", _("Vous avez été exclu de la session."))
    try:
        activity = Activity.objects.get(pk=int(activity_id), session=session)
    except (Activity.DoesNotExist, TypeError, ValueError):
        raise Refused("unknown_activity", _("Cette activité n'existe pas.")) from None
    if not activity.takes_contributions:
        raise Refused("unknown_activity", _("Cette activité ne prend pas de messages."))
    if session.status != LiveSession.Status.OPEN or activity.closed:
        raise Refused("closed", _("Les contributions sont closes."))
    if session.pacing == LiveSession.Pacing.PRESENTER and session.current_activity_id != activity.pk:
        raise Refused("not_current", _("Cette activité n'est plus en cours."))
    if session.pacing == LiveSession.Pacing.PARTICIPANT and not within_pace(session, activity):
        raise Refused("not_yet", _("Cette activité n'est pas encore ouverte."))
    cleaned = clean_text(text)
    anonymous = bool(anonymous)
    if anonymous and not activity.allow_anonymous:
        raise Refused("not_allowed", _("Les contributions anonymes ne sont pas permises ici."))
    columns = {str(c.get("id")) for c in activity.columns}
    column = str(column or "")
    if activity.kind == Activity.Kind.BOARD:
        if column not in columns:
            column = next(iter(str(c.get("id")) for c in activity.columns), "")
    else:
        column = ""
    status = (
        Contribution.Status.PENDING if activity.moderation == Activity.Moderation.PRE else Contribution.Status.PUBLISHED
    )
    try:
        with transaction.atomic():
            if anonymous:
                # Random key, the day only, and the activity's rows re-inserted in a random order: neither
                # the key, nor a date, nor the place on disk tells when it came (core.anonymity, issue 16).
                contribution = Contribution.objects.create(
                    id=anonymity.random_key(),
                    activity=activity,
                    client_id=cid,
                    text=cleaned,
                    column=column,
                    status=status,
                    created_at=anonymity.start_of_day(timezone.now()),
                )
                anonymity.rewrite_in_random_order(Contribution.objects.filter(activity=activity))
            else:
                contribution = Contribution.objects.create(
                    activity=activity,
                    participant=participant,
                    author_name=participant.nickname or (participant.display_name if participant.user_id else ""),
                    client_id=cid,
                    text=cleaned,
                    column=column,
                    status=status,
                )
    except IntegrityError:
        contribution = Contribution.objects.get(activity=activity, client_id=cid)
        return {
            "type": "ack",
            "id": str(cid),
            "status": "duplicate",
            "activity": activity.pk,
            "contribution": contribution.pk,
            "pending": contribution.status == Contribution.Status.PENDING,
        }
    if status == Contribution.Status.PUBLISHED:
        # Phones see published items in the state; the hub coalesces these pushes (one a second at most).
        _publish_after_commit(session.pk)
    return {
        "type": "ack",
        "id": str(cid),
        "status": "stored",
        "activity": activity.pk,
        "contribution": contribution.pk,
        "pending": status == Contribution.Status.PENDING,
    }


def vote(*, participant: Participant, contribution_id: Any, client_id: Any) -> dict[str, Any]:
    cid = _parse_client_id(client_id)
    try:
        contribution = Contribution.objects.select_related("activity").get(
            pk=int(contribution_id), activity__session_id=participant.session_id, status=Contribution.Status.PUBLISHED
        )
    except (Contribution.DoesNotExist, TypeError, ValueError):
        raise Refused("unknown_activity", _("Cette contribution n'existe pas.")) from None
    if participant.banned:
        raise Refused("not_allowed", _("Vous avez été exclu de la session."))
    ack = {"type": "ack", "id": str(cid), "activity": contribution.activity_id, "contribution": contribution.pk}
    try:
        with transaction.atomic():
            Vote.objects.create(contribution=contribution, participant=participant)
            Contribution.objects.filter(pk=contribution.pk).update(votes_count=F("votes_count") + 1)
    except IntegrityError:
        return {**ack, "status": "duplicate"}
    _publish_after_commit(participant.session_id)
    return {**ack, "status": "stored"}


# --- host controls ----------------------------------------------------------------------------

CONTROL_ACTIONS = (
    "open",
    "next",
    "previous",
    "goto",
    "waiting",
    "reveal",
    "hide",
    "close_activity",
    "reopen_activity",
    "lock",
    "unlock",
    "close",
)


@transaction.atomic
def control(*, session: LiveSession, action: str, activity_id: Any = None) -> LiveSession:
    """A host's control; raises Refused for an unknown action or activity."""
    session = LiveSession.objects.select_for_update().get(pk=session.pk)
    activities = list(session.activities.order_by("position", "pk"))
    ids = [a.pk for a in activities]
    current = next((a for a in activities if a.pk == session.current_activity_id), None)
    if action == "open":
        _bump(session, status=LiveSession.Status.OPEN, opened_at=session.opened_at or timezone.now(), closed_at=None)
    elif action == "close":
        _bump(session, status=LiveSession.Status.CLOSED, closed_at=timezone.now())
    elif action in ("lock", "unlock"):
        _bump(session, locked=action == "lock")
    elif action in ("next", "previous", "goto", "waiting"):
        if action == "waiting" or not activities:
            target = None
        elif action == "goto":
            target_id = _int_or_none(activity_id)
            if target_id not in ids:
                raise Refused("unknown_activity", _("Cette activité n'existe pas."))
            target = activities[ids.index(target_id)]
        else:
            index = ids.index(current.pk) if current else -1
            index = index + 1 if action == "next" else index - 1
            if index < 0 or index >= len(activities):
                raise Refused("invalid", _("Il n'y a pas d'autre activité dans ce sens."))
            target = activities[index]
        if target is not None and target.opened_at is None:
            target.opened_at = timezone.now()
            target.save(update_fields=["opened_at"])
        fields: dict[str, Any] = {"current_activity": target}
        if session.status == LiveSession.Status.DRAFT:
            fields.update(status=LiveSession.Status.OPEN, opened_at=timezone.now())
        _bump(session, **fields)
    elif action == "pace_until":
        # Participant pacing: participants may go up to this activity (none: every activity).
        target_id = _int_or_none(activity_id)
        if target_id is not None and target_id not in ids:
            raise Refused("unknown_activity", _("Cette activité n'existe pas."))
        target = activities[ids.index(target_id)] if target_id is not None else None
        if target is not None and target.opened_at is None:
            target.opened_at = timezone.now()
            target.save(update_fields=["opened_at"])
        _bump(session, pace_until=target)
    elif action in ("reveal", "hide", "close_activity", "reopen_activity"):
        if current is None:
            raise Refused("invalid", _("Aucune activité en cours."))
        if action in ("reveal", "hide"):
            current.revealed = action == "reveal"
            if action == "reveal":
                # Revealing a quiz's answer also ends it: nobody answers after seeing the solution.
                current.closed = current.closed or current.kind == Activity.Kind.QUIZ
            current.save(update_fields=["revealed", "closed"])
        else:
            current.closed = action == "close_activity"
            current.save(update_fields=["closed"])
        _bump(session)
    else:
        raise Refused("invalid", _("Commande inconnue."))
    return session


MODERATION_ACTIONS = ("publish", "hide", "pin", "unpin", "answered", "unanswered", "move", "merge")


@transaction.atomic
def moderate(
    *, session: LiveSession, contribution_id: Any, action: str, column: str = "", into: Any = None
) -> Contribution:
    try:
        contribution = Contribution.objects.select_for_update().get(pk=int(contribution_id), activity__session=session)
    except (Contribution.DoesNotExist, TypeError, ValueError):
        raise Refused("unknown_activity", _("Cette contribution n'existe pas.")) from None
    fields: list[str]
    if action == "publish":
        contribution.status, fields = Contribution.Status.PUBLISHED, ["status"]
    elif action == "hide":
        contribution.status, fields = Contribution.Status.HIDDEN, ["status"]
    elif action in ("pin", "unpin"):
        contribution.pinned, fields = action == "pin", ["pinned"]
    elif action in ("answered", "unanswered"):
        contribution.answered, fields = action == "answered", ["answered"]
    elif action == "move":
        columns = {str(c.get("id")) for c in contribution.activity.columns}
        if column not in columns:
            raise Refused("invalid", _("Cette colonne n'existe pas."))
        contribution.column, fields = column, ["column"]
    elif action == "merge":
        try:
            target = Contribution.objects.select_for_update().get(
                pk=int(into), activity=contribution.activity, merged_into__isnull=True
            )
        except (Contribution.DoesNotExist, TypeError, ValueError):
            raise Refused("invalid", _("Carte cible introuvable.")) from None
        if target.pk == contribution.pk:
            raise Refused("invalid", _("Une carte ne se fusionne pas avec elle-même."))
        _merge(contribution, target)
        fields = []
    else:
        raise Refused("invalid", _("Commande inconnue."))
    if fields:
        contribution.save(update_fields=fields)
    _bump(session)
    return contribution


def _merge(card: Contribution, target: Contribution) -> None:
    """The card's votes move to the target (a participant who voted for both keeps one vote); its text
    is appended to the target's."""
    voters = set(Vote.objects.filter(contribution=target).values_list("participant_id", flat=True))
    moving = Vote.objects.filter(contribution=card).exclude(participant_id__in=voters)
    moving.update(contribution=target)
    Vote.objects.filter(contribution=card).delete()
    target.votes_count = Vote.objects.filter(contribution=target).count()
    target.text = (target.text + " / " + card.text)[:500]
    target.save(update_fields=["votes_count", "text"])
    card.merged_into = target
    card.votes_count = 0
    card.status = Contribution.Status.HIDDEN
    card.save(update_fields=["merged_into", "votes_count", "status"])


@transaction.atomic
def delete_word(*, session: LiveSession, activity_id: Any, word: str) -> Activity:
    try:
        activity = Activity.objects.select_for_update().get(
            pk=int(activity_id), session=session, kind=Activity.Kind.WORDCLOUD
        )
    except (Activity.DoesNotExist, TypeError, ValueError):
        raise Refused("unknown_activity", _("Cette activité n'existe pas.")) from None
    word = str(word or "")[:40]
    if word and word not in activity.hidden_words:
        activity.hidden_words = [*activity.hidden_words, word]
        activity.save(update_fields=["hidden_words"])
    _bump(session)
    return activity


@transaction.atomic
def ban(*, session: LiveSession, participant_key: Any) -> Participant:
    try:
        participant = Participant.objects.get(key=uuid.UUID(str(participant_key)), session=session)
    except (Participant.DoesNotExist, ValueError, TypeError, AttributeError):
        raise Refused("invalid", _("Participant introuvable.")) from None
    participant.banned = True
    participant.save(update_fields=["banned"])
    key = str(participant.key)
    transaction.on_commit(lambda: broadcast.publish_ban(session.pk, key))
    _bump(session)
    return participant


# --- extra time (RGAA 2.2.1: adjustable time limits) ---------------------------------------------


def ask_more_time(*, participant: Participant) -> Participant:
    """A participant asks the host for more time on timed questions; the hosts see the request."""
    if participant.banned:
        raise Refused("not_allowed", _("Vous avez été exclu de la session."))
    if participant.extra_time != Participant.ExtraTime.UNTIMED:
        Participant.objects.filter(pk=participant.pk).update(wants_more_time=True)
        participant.wants_more_time = True
        transaction.on_commit(lambda: broadcast.publish_hosts_changed(participant.session_id))
    return participant


def grant_extra_time(*, session: LiveSession, participant_key: Any, grant: str) -> Participant:
    """The host grants +50 % or no time limit (or back to normal) to one participant; their phone is told."""
    if grant not in Participant.ExtraTime.values:
        raise Refused("invalid", _("Choix de temps inconnu."))
    try:
        participant = Participant.objects.get(key=uuid.UUID(str(participant_key)), session=session)
    except (Participant.DoesNotExist, ValueError, TypeError, AttributeError):
        raise Refused("invalid", _("Participant introuvable.")) from None
    participant.extra_time = grant
    participant.wants_more_time = False
    participant.save(update_fields=["extra_time", "wants_more_time"])
    key = str(participant.key)
    transaction.on_commit(lambda: broadcast.publish_personal(session.pk, key))
    transaction.on_commit(lambda: broadcast.publish_hosts_changed(session.pk))
    return participant


# --- preparing sessions -------------------------------------------------------------------------


def touch(*, session: LiveSession) -> None:
    """After an edit of the session or its activities: phones see the new text."""
    with transaction.atomic():
        _bump(session)


@transaction.atomic
def duplicate_session(*, session: LiveSession, host, as_template: bool = False) -> LiveSession:
    """A fresh copy (new code, no participant, no answer), as a session or as a template."""
    copy = LiveSession.objects.create(
        title=(
            session.title if as_template or session.is_template else _("%(title)s (copie)") % {"title": session.title}
        )[:200],
        description=session.description,
        host=host,
        pacing=session.pacing,
        leaderboard=session.leaderboard,
        is_template=as_template,
        meeting_id=session.meeting_id,
        meeting_url=session.meeting_url,
        meeting_label=session.meeting_label,
    )
    copy.actions.set(session.actions.all())
    Activity.objects.bulk_create(
        Activity(
            session=copy,
            position=a.position,
            kind=a.kind,
            prompt=a.prompt,
            choices=a.choices,
            columns=a.columns,
            max_choices=a.max_choices,
            results=a.results,
            time_limit=a.time_limit,
            scale=a.scale,
            moderation=a.moderation,
            allow_anonymous=a.allow_anonymous,
            filter_profanity=a.filter_profanity,
            max_words=a.max_words,
        )
        for a in session.activities.all()
    )
    return copy


# --- results into the roadmap -----------------------------------------------------------------


def attach_results(*, session: LiveSession, user, action_ids: list[int], to_meeting: bool, summary_url: str) -> dict:
    """The session's results as a journal entry on each chosen linked action (roadmap's public function)
    and, through followup's capability, in the linked meeting's draft minutes. Returns what was done."""
    from partage.core import hooks
    from partage.roadmap.writes import add_journal_entry

    from .exports import results_markdown

    text = results_markdown(session)
    done: dict[str, Any] = {"actions": [], "meeting": None}
    with transaction.atomic():
        for action in session.actions.living().filter(pk__in=action_ids):
            add_journal_entry(action=action, text=text, source="live", source_url=summary_url, author=user)
            done["actions"].append(action)
    if to_meeting and session.meeting_id:
        append = hooks.capability("followup.append_to_minutes")
        if append is not None:
            done["meeting"] = append(user=user, meeting_id=session.meeting_id, text=text)
    return done


def contribution_to_idea(*, session: LiveSession, user, contribution_id: Any) -> str:
    """A Q&A question or board card becomes an idea through the idea box's capability, keeping its
    anonymity: an anonymous contribution (or a guest's) gives an anonymous idea."""
    from partage.core import hooks

    submit = hooks.capability("ideas.submit_idea")
    if submit is None:
        raise Refused("invalid", _("La boîte à idées n'est pas disponible."))
    try:
        contribution = Contribution.objects.select_related("participant__user").get(
            pk=int(contribution_id), activity__session=session
        )
    except (Contribution.DoesNotExist, TypeError, ValueError):
        raise Refused("unknown_activity", _("Cette contribution n'existe pas.")) from None
    if contribution.idea_url:
        return contribution.idea_url
    author = contribution.participant.user if contribution.participant and contribution.participant.user_id else None
    description = _("Proposée lors de la session en direct « %(title)s ».") % {"title": session.title}
    url = submit(
        user=user,
        title=contribution.text,
        description=f"{contribution.text}\n\n{description}",
        anonymous=author is None,
        author=author,
    )
    Contribution.objects.filter(pk=contribution.pk).update(idea_url=url)
    return url

"""The state snapshot every screen shows (PROTOCOL.md §4), built once per change and sent as is to
every phone: consumers never query the database when a broadcast arrives."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import results
from .models import Activity, Answer, Contribution, LiveSession, Participant


def activity_dict(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "prompt": activity.prompt,
        # Never the correct answers: they come with the reveal, in results.
        "choices": [{"id": str(c.get("id")), "label": c.get("label", "")} for c in activity.choices],
        "max_choices": activity.max_choices,
        "results": activity.results,
        "revealed": activity.revealed,
        "closed": activity.closed,
        "time_limit": activity.time_limit,
        "remaining": remaining_seconds(activity),
        "scale": activity.scale,
        "max_words": activity.max_words,
        "columns": activity.columns,
        "allow_anonymous": activity.allow_anonymous,
        "moderation": activity.moderation,
    }


def remaining_seconds(activity: Activity) -> int | None:
    if not activity.time_limit or activity.opened_at is None:
        return None
    left = activity.time_limit - (timezone.now() - activity.opened_at).total_seconds()
    return max(0, int(left))


def shows_results(activity: Activity | None) -> bool:
    return activity is not None and (activity.revealed or activity.results == Activity.Results.LIVE)


def session_state(session: LiveSession) -> dict[str, Any]:
    """The shared part of the state (no `you`)."""
    activities = list(session.activities.all())
    current = next((a for a in activities if a.pk == session.current_activity_id), None)
    if current is not None:
        current.session = session
    participant_paced = session.pacing == LiveSession.Pacing.PARTICIPANT
    state: dict[str, Any] = {
        "type": "state",
        "seq": session.seq,
        "session": {
            "id": session.pk,
            "code": session.code,
            "title": session.title,
            "status": session.status,
            "pacing": session.pacing,
            "locked": session.locked,
        },
        "activity": None if participant_paced else (activity_dict(current) if current else None),
        "activities": [activity_dict(a) for a in activities] if participant_paced else [],
        "results": results.compute(current) if shows_results(current) and current.takes_answers else None,
        "contributions": results.public_contributions(current) if current and current.takes_contributions else [],
    }
    return state


def you(participant: Participant) -> dict[str, Any]:
    answered = dict(Answer.objects.filter(participant=participant).values_list("activity_id", "client_id"))
    return {
        "participant": str(participant.key),
        "nickname": participant.display_name if (participant.nickname or participant.user_id) else "",
        "answered": {str(k): str(v) for k, v in answered.items()},
    }


def participant_state(session: LiveSession, participant: Participant) -> dict[str, Any]:
    return {**session_state(session), "you": you(participant)}


def host_part(session: LiveSession) -> dict[str, Any]:
    """What only hosts see: counts and the moderation queue of the current activity."""
    current = session.current_activity
    queue: list[dict[str, Any]] = []
    hidden: list[dict[str, Any]] = []
    if current is not None and current.takes_contributions:
        rows = Contribution.objects.filter(activity=current, merged_into__isnull=True).order_by("pk")[:200]
        for row in rows:
            item = results.contribution_dict(row)
            if row.status == Contribution.Status.PENDING:
                queue.append(item)
            elif row.status == Contribution.Status.HIDDEN:
                hidden.append(item)
    return {
        "participants": Participant.objects.filter(session=session).count(),
        "queue": queue,
        "hidden": hidden,
    }


def host_state(session: LiveSession) -> dict[str, Any]:
    state = session_state(session)
    current = session.current_activity
    if current is not None and current.takes_answers:
        # Hosts always get the results, revealed or not (the projected screen keeps them out of sight until
        # the reveal; the remote shows them). Quiz correct answers still wait for the reveal.
        state["results"] = results.compute(current)
    return {**state, "host": host_part(session)}

"""The state snapshot every screen shows (PROTOCOL.md §4), built once per change and sent as is to
every phone: consumers never query the database when a broadcast arrives."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
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
        # The server's clock (epoch seconds) when the timer started: each phone counts down from it, with its own
        # extra time, against the `now` of its personal state (phones' clocks differ from the server's).
        "opened_at": activity.opened_at.timestamp() if activity.time_limit and activity.opened_at else None,
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


def session_state(session: LiveSession, *, light: bool = False) -> dict[str, Any]:
    """The shared part of the state (no `you`). `light`: without results and contributions, whose queries grow
    with the answers (the page a join storm asks for thousands of times; its socket's first state, a few
    milliseconds later, brings them from the process hub, which computed them once)."""
    activities = list(session.activities.all())
    current = next((a for a in activities if a.pk == session.current_activity_id), None)
    if current is not None:
        current.session = session
    participant_paced = session.pacing == LiveSession.Pacing.PARTICIPANT
    if participant_paced and session.pace_until_id is not None:
        limit = next((a for a in activities if a.pk == session.pace_until_id), None)
        if limit is not None:
            activities = [a for a in activities if (a.position, a.pk) <= (limit.position, limit.pk)]
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
            "pace_until": session.pace_until_id if participant_paced else None,
        },
        "activity": None if participant_paced else (activity_dict(current) if current else None),
        "activities": [activity_dict(a) for a in activities] if participant_paced else [],
        "results": results.compute(current) if not light and shows_results(current) and current.takes_answers else None,
        "contributions": results.public_contributions(current)
        if not light and current and current.takes_contributions
        else [],
    }
    return state


def you(participant: Participant, *, fresh: bool = False) -> dict[str, Any]:
    """The personal part of a participant's state; `fresh`: made just now, so nothing answered (no query)."""
    answered = (
        {} if fresh else dict(Answer.objects.filter(participant=participant).values_list("activity_id", "client_id"))
    )
    return {
        "participant": str(participant.key),
        "nickname": participant.display_name if (participant.nickname or participant.user_id) else "",
        "answered": {str(k): str(v) for k, v in answered.items()},
        "extra_time": participant.extra_time,
        "wants_more_time": participant.wants_more_time,
    }


def participant_state(session: LiveSession, participant: Participant, *, light: bool = False) -> dict[str, Any]:
    return {**session_state(session, light=light), "you": you(participant)}


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
    # Extra time: who asks for it, and who has it (RGAA 2.2.1); a handful in practice, bounded anyway.
    timed = Participant.objects.filter(session=session, banned=False).filter(
        Q(wants_more_time=True) | ~Q(extra_time=Participant.ExtraTime.NONE)
    )
    time_requests = [
        {
            "participant": str(p.key),
            "name": p.display_name,
            "extra_time": p.extra_time,
            "asks": p.wants_more_time,
        }
        for p in timed.select_related("user").order_by("-wants_more_time", "pk")[:100]
    ]
    return {
        "participants": Participant.objects.filter(session=session).count(),
        "queue": queue,
        "hidden": hidden,
        "time_requests": time_requests,
    }


def host_state(session: LiveSession) -> dict[str, Any]:
    state = session_state(session)
    current = session.current_activity
    if current is not None and current.takes_answers:
        # Hosts always get the results, revealed or not (the projected screen keeps them out of sight until
        # the reveal; the remote shows them). Quiz correct answers still wait for the reveal.
        state["results"] = results.compute(current)
    return {**state, "host": host_part(session)}

"""Aggregated results of an activity, computed from the stored answers (the database is the only
source of truth: a restarted or killed worker loses nothing). One query per activity; callers
compute them on a tick, never per answer."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Max, Sum

from .models import Activity, Answer, Contribution, Participant
from .values import scale_bounds

MAX_WORDS_SHOWN = 50
LEADERBOARD_SIZE = 10


def signature(activity: Activity | None, session_id: int) -> tuple:
    """What changes when anything the presenter shows changes: cheap (indexed counts)."""
    participants = Participant.objects.filter(session_id=session_id).count()
    if activity is None:
        return (participants,)
    answers = Answer.objects.filter(activity=activity).aggregate(n=Count("pk"), last=Max("pk"))
    contributions = Contribution.objects.filter(activity=activity).aggregate(
        n=Count("pk"), last=Max("pk"), votes=Sum("votes_count")
    )
    return (participants, answers["n"], answers["last"], *contributions.values())


def compute(
    activity: Activity, *, reveal_correct: bool | None = None, values: list[dict] | None = None
) -> dict[str, Any]:
    """`values`: the activity's stored answer values when the caller has them already (AnswerValues)."""
    kind = activity.kind
    if activity.takes_contributions:
        counts = dict(
            Contribution.objects.filter(activity=activity)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        return {
            "kind": kind,
            "total": sum(counts.values()),
            "pending": counts.get(Contribution.Status.PENDING, 0),
        }
    if values is None:
        values = list(Answer.objects.filter(activity=activity).values_list("value", flat=True))
    data: dict[str, Any] = {"kind": kind, "total": len(values)}
    if kind in (Activity.Kind.POLL, Activity.Kind.QUIZ):
        counter: Counter[str] = Counter()
        for value in values:
            counter.update(value.get("choices", []))
        data["counts"] = {str(c["id"]): counter.get(str(c["id"]), 0) for c in activity.choices}
        show_correct = activity.revealed if reveal_correct is None else reveal_correct
        if kind == Activity.Kind.QUIZ and show_correct:
            data["correct"] = [str(c["id"]) for c in activity.choices if c.get("correct")]
            if activity.session.leaderboard:
                data["leaderboard"] = leaderboard(activity.session_id)
    elif kind == Activity.Kind.WORDCLOUD:
        data.update(_word_counts(activity, values))
    elif kind == Activity.Kind.SCALE:
        low, high = scale_bounds(activity)
        scores = [v["score"] for v in values if "score" in v]
        counter = Counter(scores)
        data["counts"] = {str(n): counter.get(n, 0) for n in range(low, high + 1)}
        data["average"] = round(sum(scores) / len(scores), 2) if scores else None
        if activity.scale == Activity.Scale.NPS and scores:
            promoters = sum(1 for s in scores if s >= 9)
            detractors = sum(1 for s in scores if s <= 6)
            data["nps"] = round(100 * (promoters - detractors) / len(scores))
    elif kind == Activity.Kind.RANKING:
        ranks: dict[str, list[int]] = defaultdict(list)
        for value in values:
            for rank, choice in enumerate(value.get("order", []), start=1):
                ranks[choice].append(rank)
        data["scores"] = {
            str(c["id"]): (
                round(sum(ranks[str(c["id"])]) / len(ranks[str(c["id"])]), 2) if ranks[str(c["id"])] else None
            )
            for c in activity.choices
        }
    elif kind == Activity.Kind.POINTS:
        totals: Counter[str] = Counter()
        for value in values:
            totals.update(value.get("points", {}))
        data["points"] = {str(c["id"]): totals.get(str(c["id"]), 0) for c in activity.choices}
        data["average"] = (
            {key: round(total / len(values), 1) for key, total in data["points"].items()} if values else {}
        )
    return data


class AnswerValues:
    """The stored answer values of one activity, kept between the ticks of a presenter screen: each tick reads
    only the answers written since the last one, instead of every answer four times a second.

    Answer ids are not given out in commit order (two processes insert batches side by side), so a row with an
    id below the last one read may commit later. One indexed count of the ids up to the last one read catches
    that (and deletions): when it differs from what is held, everything is read again.
    """

    def __init__(self) -> None:
        self.activity_id: int | None = None
        self.values: list[dict] = []
        self.last_id = 0

    def of(self, activity: Activity) -> list[dict]:
        if activity.pk != self.activity_id:
            self.activity_id, self.values, self.last_id = activity.pk, [], 0
        answers = Answer.objects.filter(activity=activity)
        new = list(answers.filter(pk__gt=self.last_id).order_by("pk").values_list("pk", "value"))
        if new:
            self.last_id = new[-1][0]
            self.values.extend(value for _, value in new)
        if answers.filter(pk__lte=self.last_id).count() != len(self.values):
            rows = list(answers.order_by("pk").values_list("pk", "value"))
            self.values = [value for _, value in rows]
            self.last_id = rows[-1][0] if rows else 0
        return self.values


def _word_counts(activity: Activity, values: list[dict]) -> dict[str, Any]:
    counter: Counter[str] = Counter()
    labels: dict[str, str] = {}
    hidden = set(activity.hidden_words)
    for value in values:
        for word, key in zip(value.get("words", []), value.get("keys", []), strict=False):
            if key in hidden:
                continue
            counter[key] += 1
            labels.setdefault(key, word.lower())
    top = counter.most_common(MAX_WORDS_SHOWN)
    return {"words": [{"word": key, "label": labels[key], "count": n} for key, n in top], "distinct": len(counter)}


def leaderboard(session_id: int) -> list[dict[str, Any]]:
    rows = (
        Answer.objects.filter(activity__session_id=session_id, activity__kind=Activity.Kind.QUIZ, points__gt=0)
        .values("participant_id")
        .annotate(total=Sum("points"))
        .order_by("-total", "participant_id")[:LEADERBOARD_SIZE]
    )
    ids = [row["participant_id"] for row in rows]
    people = Participant.objects.select_related("user").in_bulk(ids)
    return [{"name": people[row["participant_id"]].display_name, "points": row["total"]} for row in rows]


def public_contributions(activity: Activity, limit: int = 50) -> list[dict[str, Any]]:
    rows = Contribution.objects.filter(
        activity=activity, status=Contribution.Status.PUBLISHED, merged_into__isnull=True
    ).order_by("-pinned", "answered", "-votes_count", "pk")[:limit]
    return [contribution_dict(c) for c in rows]


def contribution_dict(c: Contribution) -> dict[str, Any]:
    return {
        "id": c.pk,
        "text": c.text,
        "author": c.author_name,
        "votes": c.votes_count,
        "pinned": c.pinned,
        "answered": c.answered,
        "column": c.column,
        "status": c.status,
    }

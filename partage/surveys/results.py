"""Results of a survey, aggregated in the database: a handful of GROUP BY queries for the whole survey
(counts per question × row × choice, numeric statistics, respondents per question), never one query
per response or per question, so the results page costs about the same at 100 or 10,000 responses.

Breakdowns by direction or service are shown only for groups of at least MIN_GROUP respondents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Max, Min, Q, QuerySet

from partage.core import anonymity

from .models import HELD_KIND, OTHER, Answer, Question, Response, Survey, Tally, held_group

Kind = Question.Kind
MIN_GROUP = 5  # the default of BREAKDOWN_MIN_GROUP; the rule is core.anonymity.group_visible
BAR_WIDTH = 320


@dataclass
class Bar:
    key: str
    label: str
    count: int
    share: float  # 0..100
    width: float
    y: int = 0

    @property
    def text_x(self) -> float:
        return self.width + 186


@dataclass
class QuestionResult:
    question: Question
    respondents: int = 0
    bars: list[Bar] = field(default_factory=list)
    matrix: list[tuple[str, list[Bar]]] = field(default_factory=list)
    mean: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    nps: float | None = None
    nps_parts: dict[str, int] = field(default_factory=dict)
    ranking: list[tuple[str, float]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def chart_height(self) -> int:
        return max(len(self.bars), 1) * 28 + 8


def submitted(survey: Survey) -> QuerySet[Response]:
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)


def filtered_responses(survey: Survey, filter_question: Question | None, filter_choice: str) -> QuerySet[Response]:
    responses = submitted(survey)
    if filter_question is not None and filter_choice:
        responses = responses.filter(
            pk__in=Answer.objects.filter(question=filter_question, choice=filter_choice).values("response_id")
        )
    return responses


def _bars(counts: dict[str, int], keys: list[str], question: Question, total: int) -> list[Bar]:
    bars = []
    for index, key in enumerate(keys):
        count = counts.get(key, 0)
        share = 100 * count / total if total else 0.0
        bars.append(
            Bar(
                key=key,
                label=question.choice_label(key),
                count=count,
                share=share,
                width=round(BAR_WIDTH * share / 100, 1),
                y=index * 28 + 4,
            )
        )
    return bars


def compute(
    survey: Survey, *, responses: QuerySet[Response] | None = None, texts_per_question: int = 5
) -> dict[str, Any]:
    """Every question's result. Queries: questions, total, counts, numbers, respondents, latest texts."""
    use_tallies = responses is None
    responses = submitted(survey) if responses is None else responses
    questions = list(survey.questions.select_related("page").order_by("page__position", "position", "pk"))
    total = responses.count()
    waiting = 0
    if use_tallies and survey.is_anonymous:
        # Sent anonymous responses waiting for their release are in the running totals: count them.
        waiting = anonymity.held_count([HELD_KIND], held_group(survey.pk))
        total += waiting
    answers = Answer.objects.filter(question__survey=survey, response__in=responses.values("pk"))
    if use_tallies:
        counts, numbers, ranks, respondents = _from_tallies(survey, questions)
    else:
        counts, numbers, ranks, respondents = _from_answers(answers)
    text_ids = [q.pk for q in questions if q.kind in Question.TEXT_KINDS]
    latest: dict[int, list[str]] = {}
    if text_ids and texts_per_question:
        # One query, bounded: the texts of the last few responses; the full list is on the texts page.
        for question_id, text in (
            answers.filter(question_id__in=text_ids)
            .exclude(text="")
            .values_list("question_id", "text")[: texts_per_question * len(text_ids) * 4]
        ):
            bucket = latest.setdefault(question_id, [])
            if len(bucket) < texts_per_question:
                bucket.append(text)
    results = []
    for question in questions:
        result = QuestionResult(question=question, respondents=respondents.get(question.pk, 0))
        own = counts.get(question.pk, {})
        n = result.respondents
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO, Kind.RATING, Kind.NPS):
            result.bars = _bars({c: v for (_r, c), v in own.items()}, question.choice_keys(), question, n)
        elif question.kind in (Kind.MATRIX_SINGLE, Kind.MATRIX_MULTIPLE):
            for row in question.rows:
                row_counts = {c: v for (r, c), v in own.items() if r == row}
                result.matrix.append((row, _bars(row_counts, list(question.choices), question, n)))
        if question.pk in numbers:
            stats = numbers[question.pk]
            result.mean, result.minimum, result.maximum = stats["mean"], stats["low"], stats["high"]
        if question.kind == Kind.NPS and n:
            values = {int(c): v for (_r, c), v in own.items() if c.isdigit()}
            promoters = sum(v for k, v in values.items() if k >= 9)
            detractors = sum(v for k, v in values.items() if k <= 6)
            result.nps = 100 * (promoters - detractors) / n
            result.nps_parts = {
                "promoters": promoters,
                "passives": n - promoters - detractors,
                "detractors": detractors,
            }
        if question.kind == Kind.RANKING:
            result.ranking = sorted(ranks.get(question.pk, []), key=lambda item: item[1] or 0)
        result.texts = latest.get(question.pk, [])
        results.append(result)
    return {"total": total, "waiting": waiting, "results": results}


def _from_tallies(survey: Survey, questions: list[Question]):
    """The same figures as _from_answers, read from the running totals (one query, a few rows a question)."""
    kinds = {q.pk: q.kind for q in questions}
    counts: dict[int, dict[tuple[str, str], int]] = {}
    numbers: dict[int, dict[str, Any]] = {}
    ranks: dict[int, list[tuple[str, float]]] = {}
    respondents: dict[int, int] = {}
    for question_id, row, choice, count, total in Tally.objects.filter(question__survey=survey).values_list(
        "question_id", "row", "choice", "count", "total"
    ):
        if count <= 0:
            continue
        if row == Tally.RESPONDENTS:
            respondents[question_id] = count
        elif choice == Tally.NUMBER:
            if kinds.get(question_id) in (Kind.RATING, Kind.NPS, Kind.NUMBER):
                numbers[question_id] = {"mean": total / count, "low": None, "high": None}
        else:
            counts.setdefault(question_id, {})[(row, choice)] = count
            if kinds.get(question_id) == Kind.RANKING:
                ranks.setdefault(question_id, []).append((choice, total / count))
    return counts, numbers, ranks, respondents


def _from_answers(answers):
    """Figures straight from the answers (used when results are filtered by another answer)."""
    counts: dict[int, dict[tuple[str, str], int]] = {}
    for row in answers.exclude(choice="").values("question_id", "row", "choice").annotate(n=Count("id")).order_by():
        counts.setdefault(row["question_id"], {})[(row["row"], row["choice"])] = row["n"]
    numbers = {
        row["question_id"]: row
        for row in answers.filter(number__isnull=False, question__kind__in=[Kind.RATING, Kind.NPS, Kind.NUMBER])
        .values("question_id")
        .annotate(mean=Avg("number"), low=Min("number"), high=Max("number"))
        .order_by()
    }
    ranks: dict[int, list[tuple[str, float]]] = {}
    for row in (
        answers.filter(question__kind=Kind.RANKING)
        .values("question_id", "choice")
        .annotate(mean=Avg("number"))
        .order_by()
    ):
        ranks.setdefault(row["question_id"], []).append((row["choice"], row["mean"]))
    respondents = dict(
        answers.values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
        .values_list("question_id", "n")
    )
    return counts, numbers, ranks, respondents


def score(*, question: Question, metric: str, choice: str = "") -> float | None:
    """The figure published into an indicator: mean of a scale, NPS, or share (%) of a choice."""
    answers = Answer.objects.filter(question=question, response__status=Response.Status.SUBMITTED)
    if metric == "mean":
        return answers.filter(number__isnull=False).aggregate(m=Avg("number"))["m"]
    respondents = answers.values("response_id").distinct().count()
    if not respondents:
        return None
    if metric == "nps":
        agg = answers.aggregate(p=Count("id", filter=Q(number__gte=9)), d=Count("id", filter=Q(number__lte=6)))
        return 100 * (agg["p"] - agg["d"]) / respondents
    if metric == "share":
        return 100 * answers.filter(choice=choice).values("response_id").distinct().count() / respondents
    return None


def by_group(survey: Survey, question: Question, *, level: str = "direction") -> tuple[list[dict[str, Any]], int]:
    """Mean score by direction (or service) for a named staff survey, groups under MIN_GROUP hidden.
    Anonymous responses carry no direction, by design: nothing to break down."""
    key = "response__direction__name" if level == "direction" else "response__service__name"
    rows = list(
        Answer.objects.filter(question=question, response__status=Response.Status.SUBMITTED, number__isnull=False)
        .exclude(**{f"{key}__isnull": True})
        .values(key)
        .annotate(n=Count("response_id", distinct=True), mean=Avg("number"))
        .order_by(key)
    )
    shown = [{"name": r[key], "n": r["n"], "mean": r["mean"]} for r in rows if anonymity.group_visible(r["n"])]
    hidden = sum(1 for r in rows if not anonymity.group_visible(r["n"]))
    return shown, hidden


def response_rates(survey: Survey) -> list[dict[str, Any]]:
    """Invited and completed by direction (from participations; no response is read)."""
    rows = (
        survey.participations.values("direction__name")
        .annotate(invited=Count("id"), completed=Count("id", filter=Q(completed=True)))
        .order_by("direction__name")
    )
    return [
        {
            "name": r["direction__name"],
            "invited": r["invited"],
            "completed": r["completed"],
            "rate": round(100 * r["completed"] / r["invited"]) if r["invited"] else 0,
            "small": not anonymity.group_visible(r["invited"]),
        }
        for r in rows
    ]


def text_answers(question: Question, *, search: str = "") -> QuerySet[Answer]:
    answers = Answer.objects.filter(question=question, response__status=Response.Status.SUBMITTED).exclude(text="")
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        answers = answers.filter(choice=OTHER)
    if search:
        answers = answers.filter(text__icontains=search[:100])
    return answers.order_by("text")

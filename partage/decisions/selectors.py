"""Reads of the decisions pages (a fixed number of queries whatever the data size), the access
helpers every view goes through (404 unknown, 403 not allowed), and the bridge from the database
to the pure counting module (`poll_result`).

Hidden results: `can_view_results(poll, user)` is the one test every page, partial and export asks.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404

from partage.core import anonymity

from . import counting
from .models import SINGLE_CHOICE_KINDS, Outcome, Poll, PollOption, PollParticipation, Stance, StanceChoice, Thread
from .rules import member_group_ids
from .writes import TIME_MAYBE, TIME_NO, TIME_YES, electorate_users

# --- access ------------------------------------------------------------------------------------


def check_can_use_decisions(user) -> None:
    if not user.has_perm("decisions.use"):
        raise PermissionDenied


def thread_for_view(user, pk: int) -> Thread:
    check_can_use_decisions(user)
    thread = get_object_or_404(Thread.objects.select_related("author", "group"), pk=pk)
    if not user.has_perm("decisions.view_thread", thread):
        raise PermissionDenied
    return thread


def thread_for_manage(user, pk: int) -> Thread:
    thread = thread_for_view(user, pk)
    if not user.has_perm("decisions.manage_thread", thread):
        raise PermissionDenied
    return thread


def poll_for_view(user, pk: int) -> Poll:
    check_can_use_decisions(user)
    poll = get_object_or_404(Poll.objects.select_related("thread", "thread__group", "author"), pk=pk)
    if not user.has_perm("decisions.view_poll", poll):
        raise PermissionDenied
    return poll


def poll_for_manage(user, pk: int) -> Poll:
    poll = poll_for_view(user, pk)
    if not user.has_perm("decisions.manage_poll", poll):
        raise PermissionDenied
    return poll


def has_voted(poll: Poll, user) -> bool:
    return user.is_authenticated and PollParticipation.objects.filter(poll=poll, user=user).exists()


def can_view_results(poll: Poll, user, voted: bool | None = None) -> bool:
    """Closed polls show their results; before that, as the poll says (after voting, or not at all).
    An anonymous poll shows nothing before ANONYMOUS_RESULTS_MIN voters (core.anonymity): with fewer,
    each voter could read the others' ballots from the count."""
    if poll.anonymous and not anonymity.results_visible(poll.participations.count()):
        return False
    if poll.is_closed or poll.results_visibility == Poll.ResultsVisibility.ALWAYS:
        return True
    if poll.results_visibility == Poll.ResultsVisibility.AFTER_VOTE:
        return has_voted(poll, user) if voted is None else voted
    return False


# --- lists -------------------------------------------------------------------------------------


def threads_visible_to(user):
    threads = Thread.objects.all()
    if not user.is_administrator:
        threads = threads.filter(Q(group__isnull=True) | Q(group_id__in=list(member_group_ids(user))))
    return threads


def thread_list(user) -> list[Thread]:
    return list(
        threads_visible_to(user)
        .select_related("author", "group")
        .annotate(
            poll_count=Count("polls", distinct=True),
            open_poll_count=Count("polls", filter=Q(polls__closed_at__isnull=True), distinct=True),
        )
        .order_by("closed_at", "-created_at", "-pk")
    )


def thread_polls(thread: Thread, user) -> list[Poll]:
    return list(
        thread.polls.select_related("author", "outcome")
        .annotate(
            participant_count=Count("participations", distinct=True),
            voted=Exists(PollParticipation.objects.filter(poll=OuterRef("pk"), user_id=user.pk)),
        )
        .order_by("-created_at", "-pk")
    )


def action_section(request, action) -> dict[str, Any]:
    """Outcomes linked to the action, for the "Décisions" section of the action page."""
    outcomes = list(
        Outcome.objects.filter(actions=action).select_related("poll", "chosen_option").order_by("-published_at")
    )
    return {"decision_outcomes": outcomes}


# --- results -----------------------------------------------------------------------------------


@dataclass
class Row:
    option: PollOption
    result: counting.OptionResult
    schulze_rank: int | None = None

    @property
    def bar_width(self) -> float:
        return round(self.result.percent_of_total or 0, 1)


@dataclass
class PollResult:
    poll: Poll
    result: counting.Result
    rows: list[Row]
    electorate: int
    ranked: counting.RankedResult | None = None
    schulze_order: list[list[PollOption]] = field(default_factory=list)
    schulze_ties: list[list[PollOption]] = field(default_factory=list)
    pairwise: list[tuple[PollOption, list[tuple[PollOption, int | None]]]] = field(default_factory=list)
    ties: list[list[PollOption]] = field(default_factory=list)
    reasons: list[Stance] = field(default_factory=list)

    @property
    def quorum_reached(self) -> bool | None:
        if not self.poll.quorum:
            return None
        return self.result.voters * 100 >= self.poll.quorum * self.electorate

    @property
    def turnout_percent(self) -> float | None:
        turnout = self.result.turnout
        return None if turnout is None else round(turnout * 100, 1)


def latest_stances(poll: Poll) -> list[Stance]:
    return list(
        Stance.objects.filter(poll=poll, is_latest=True)
        .select_related("voter")
        .prefetch_related(Prefetch("choices", queryset=StanceChoice.objects.select_related("option").order_by("value")))
        .order_by("created_at", "id")
    )


def poll_result(poll: Poll, *, options: list[PollOption] | None = None) -> PollResult:
    """Count the poll's current stances with the method of its kind (4 queries)."""
    options = list(poll.options.all()) if options is None else options
    stances = latest_stances(poll)
    electorate = electorate_users(poll).count()
    ids = [o.pk for o in options]
    by_id: dict[Hashable, PollOption] = {o.pk: o for o in options}
    ballots = [{c.option_id: c.value for c in s.choices.all()} for s in stances]
    if poll.anonymous:
        # Ballots waiting for their release count already (core.anonymity); reasons in no order of voting.
        held = anonymity.held_payloads("decisions.stance", f"poll-{poll.pk}")
        stances = stances + [Stance(poll=poll, reason=p["reason"]) for p in held]
        ballots += [{option_id: value for option_id, value in p["choices"]} for p in held]
        stances.sort(key=lambda s: s.reason)
    kind = poll.kind
    ranked = None
    if kind == Poll.Kind.QUESTION_ROUND:
        result = counting.question_round([s.reason for s in stances], electorate=electorate)
    elif kind == Poll.Kind.TIME_POLL:
        names = {TIME_YES: "yes", TIME_MAYBE: "maybe", TIME_NO: "no"}
        result = counting.time_poll(ids, [{k: names[v] for k, v in b.items()} for b in ballots], electorate=electorate)
    elif kind == Poll.Kind.RANKED_CHOICE:
        rankings = [[k for k, _v in sorted(b.items(), key=lambda kv: kv[1])] for b in ballots]
        ranked = counting.ranked_choice(ids, rankings, electorate=electorate)
        result = ranked.borda
    elif kind == Poll.Kind.COUNT:
        in_ids = {o.pk for o in options if o.key == "in"}
        base = counting.tally(ids, ballots, electorate=electorate, method="count")
        opted_in = sum(1 for b in ballots if set(b) & in_ids)
        result = counting.Result(
            method="count",
            options=base.options,
            voters=base.voters,
            electorate=electorate,
            ties=base.ties,
            target=poll.target,
            target_reached=opted_in >= poll.target if poll.target else None,
        )
    elif kind == Poll.Kind.SCORE:
        result = counting.score(ids, ballots, electorate=electorate)
    elif kind in SINGLE_CHOICE_KINDS:
        result = counting.tally(ids, ballots, electorate=electorate, method=kind)
    else:  # poll, dot vote
        result = counting.tally(ids, ballots, electorate=electorate, method=kind)
    rows = [Row(option=by_id[r.option], result=r) for r in result.options]
    data = PollResult(
        poll=poll,
        result=result,
        rows=rows,
        electorate=electorate,
        ranked=ranked,
        ties=[[by_id[o] for o in tie] for tie in result.ties],
        reasons=[s for s in stances if s.reason],
    )
    if ranked is not None:
        schulze = ranked.schulze
        for row in rows:
            row.schulze_rank = schulze.ranks[row.option.pk]
        data.schulze_order = [[by_id[o] for o in tier] for tier in schulze.order]
        data.schulze_ties = [[by_id[o] for o in tie] for tie in schulze.ties]
        data.pairwise = [(by_id[a], [(by_id[b], None if a == b else schulze.pairwise[a][b]) for b in ids]) for a in ids]
    return data


def ballots_for_export(poll: Poll) -> list[Stance]:
    """Every current stance with its voter and choices (never called for anonymous polls)."""
    assert not poll.anonymous
    return latest_stances(poll)


def participants(poll: Poll) -> list:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return list(
        User.objects.filter(pk__in=PollParticipation.objects.filter(poll=poll).values("user_id")).order_by(
            "last_name", "first_name"
        )
    )

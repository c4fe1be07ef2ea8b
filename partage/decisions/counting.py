"""Counting the ballots of a poll: pure functions, no database, no Django.

Each method takes its options (any hashable ids, in display order) and its ballots as plain
Python data, and returns a `Result`: totals per option, percentages (of the score total, of the
voters, of the electorate when it is known), ranks, ties, undecided count and turnout.

Ties are reported, never broken silently: options with the same total share a rank, and every
group of tied options is listed in `Result.ties` (`RankedResult.schulze.ties` for Schulze).

Ballot shapes:
- choice methods (proposal, sense check, gradients, single/multiple choice, dot vote, score):
  a mapping {option: value} (1 for a plain choice, the dots or the score otherwise), or, for
  convenience, a single option id or a list of option ids (each counts 1);
- count: True (I'm in) or False;
- question round: the reason (a string); an empty reason is a participation without reason;
- time poll: a mapping {option: "yes" | "maybe" | "no"};
- ranked choice: a sequence of option ids, best first (options left out are unranked).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

OptionId = Hashable
Number = int | float | Fraction

PROPOSAL_OPTIONS: tuple[str, ...] = ("agree", "abstain", "disagree", "block")
SENSE_CHECK_OPTIONS: tuple[str, ...] = ("good", "unsure", "worried")
# Gradients of agreement, from 1 (whole-hearted endorsement) to 8 (veto).
GRADIENT_OPTIONS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8)
COUNT_OPTIONS: tuple[str, ...] = ("in", "out")
TIME_POLL_VALUES: dict[str, Fraction] = {"yes": Fraction(1), "maybe": Fraction(1, 2), "no": Fraction(0)}


@dataclass(frozen=True)
class OptionResult:
    option: OptionId
    total: Number
    voters: int  # ballots giving this option a non-zero value
    rank: int
    percent_of_total: float | None  # share of all points given; None when nobody gave any
    percent_of_voters: float | None  # share of voters who chose it; None when nobody voted
    percent_of_electorate: float | None  # None when the electorate is unknown or empty
    mean: float | None = None  # score polls: total / number of voters
    yes: int = 0  # time polls
    maybe: int = 0
    no: int = 0


@dataclass(frozen=True)
class Result:
    method: str
    options: list[OptionResult]  # in the order the options were given
    voters: int
    electorate: int | None = None
    ties: list[list[OptionId]] = field(default_factory=list)  # groups of options sharing a rank
    reasons: int = 0  # question rounds: the number of reasons given
    target: int | None = None  # count polls
    target_reached: bool | None = None

    @property
    def undecided(self) -> int | None:
        if self.electorate is None:
            return None
        return max(self.electorate - self.voters, 0)

    @property
    def turnout(self) -> float | None:
        """Share of the electorate who voted (0..1)."""
        if not self.electorate:
            return None
        return self.voters / self.electorate

    @property
    def score_total(self) -> Number:
        return sum((o.total for o in self.options), 0)

    def by_option(self) -> dict[OptionId, OptionResult]:
        return {o.option: o for o in self.options}

    def ranking(self) -> list[OptionResult]:
        """Options best first (ties keep the given order)."""
        return sorted(self.options, key=lambda o: o.rank)

    def winners(self) -> list[OptionId]:
        return [o.option for o in self.options if o.rank == 1 and self.voters]


@dataclass(frozen=True)
class SchulzeResult:
    order: list[list[OptionId]]  # tiers, best first; a tier of several options is a tie
    ranks: dict[OptionId, int]
    ties: list[list[OptionId]]
    pairwise: dict[OptionId, dict[OptionId, int]]  # d[a][b]: voters preferring a to b
    strongest_paths: dict[OptionId, dict[OptionId, int]]  # p[a][b]: strength of the widest path


@dataclass(frozen=True)
class RankedResult:
    borda: Result
    schulze: SchulzeResult

    @property
    def voters(self) -> int:
        return self.borda.voters


# --- helpers ------------------------------------------------------------------------------------


def _percent(part: Number, whole: Number) -> float | None:
    if not whole:
        return None
    return float(Fraction(part) * 100 / Fraction(whole))


def _plain(value: Number) -> Number:
    """Fractions become ints when whole, floats otherwise (readable totals)."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


def _competition_ranks(options: Sequence[OptionId], key: Callable[[OptionId], Any]) -> dict[OptionId, int]:
    """Standard competition ranking ("1, 2, 2, 4"): higher key is better, equal keys share a rank."""
    ordered = sorted(options, key=key, reverse=True)
    ranks: dict[OptionId, int] = {}
    for position, option in enumerate(ordered, start=1):
        if position > 1 and key(option) == key(ordered[position - 2]):
            ranks[option] = ranks[ordered[position - 2]]
        else:
            ranks[option] = position
    return ranks


def _ties(options: Sequence[OptionId], ranks: Mapping[OptionId, int]) -> list[list[OptionId]]:
    groups: dict[int, list[OptionId]] = {}
    for option in options:
        groups.setdefault(ranks[option], []).append(option)
    return [groups[rank] for rank in sorted(groups) if len(groups[rank]) > 1]


def _as_mapping(ballot: Any) -> Mapping[OptionId, Number]:
    if isinstance(ballot, Mapping):
        return ballot
    if isinstance(ballot, list | tuple | set | frozenset):
        return dict.fromkeys(ballot, 1)
    return {ballot: 1}


def _check_options(options: Sequence[OptionId]) -> list[OptionId]:
    options = list(options)
    if len(set(options)) != len(options):
        raise ValueError("Options must be distinct.")
    return options


def _check_known(options: Sequence[OptionId], ballot_options: Iterable[OptionId]) -> None:
    known = set(options)
    for option in ballot_options:
        if option not in known:
            raise ValueError(f"Unknown option {option!r}.")


def tally(
    options: Sequence[OptionId],
    ballots: Sequence[Any],
    *,
    electorate: int | None = None,
    method: str = "poll",
    with_mean: bool = False,
) -> Result:
    """Sum the values each ballot gives to each option (the shared core of the choice methods)."""
    options = _check_options(options)
    totals: dict[OptionId, Fraction] = dict.fromkeys(options, Fraction(0))
    supporters: dict[OptionId, int] = dict.fromkeys(options, 0)
    for raw in ballots:
        ballot = _as_mapping(raw)
        _check_known(options, ballot)
        for option, value in ballot.items():
            if value < 0:
                raise ValueError("Ballot values cannot be negative.")
            totals[option] += Fraction(value)
            if value:
                supporters[option] += 1
    voters = len(ballots)
    ranks = _competition_ranks(options, key=lambda o: totals[o])
    score_total = sum(totals.values(), Fraction(0))
    results = [
        OptionResult(
            option=option,
            total=_plain(totals[option]),
            voters=supporters[option],
            rank=ranks[option],
            percent_of_total=_percent(totals[option], score_total),
            percent_of_voters=_percent(supporters[option], voters),
            percent_of_electorate=_percent(supporters[option], electorate or 0),
            mean=float(totals[option] / voters) if with_mean and voters else None,
        )
        for option in options
    ]
    return Result(method=method, options=results, voters=voters, electorate=electorate, ties=_ties(options, ranks))


# --- one function per method ---------------------------------------------------------------------


def proposal(
    ballots: Sequence[Any], *, options: Sequence[OptionId] = PROPOSAL_OPTIONS, electorate: int | None = None
) -> Result:
    """Agree / abstain / disagree / block (and the consent, advice and consensus templates): one choice each."""
    _single_choice(ballots)
    return tally(options, ballots, electorate=electorate, method="proposal")


def sense_check(
    ballots: Sequence[Any], *, options: Sequence[OptionId] = SENSE_CHECK_OPTIONS, electorate: int | None = None
) -> Result:
    """Ça me va / pas sûr / inquiet: one choice each."""
    _single_choice(ballots)
    return tally(options, ballots, electorate=electorate, method="sense_check")


def gradients(
    ballots: Sequence[Any], *, options: Sequence[OptionId] = GRADIENT_OPTIONS, electorate: int | None = None
) -> Result:
    """Gradients of agreement (8 levels): one level each."""
    _single_choice(ballots)
    return tally(options, ballots, electorate=electorate, method="gradients")


def choice_poll(options: Sequence[OptionId], ballots: Sequence[Any], *, electorate: int | None = None) -> Result:
    """Single or multiple choice: each chosen option counts 1 (min/max are checked when voting)."""
    for ballot in ballots:
        if any(value not in (0, 1) for value in _as_mapping(ballot).values()):
            raise ValueError("A choice counts 0 or 1.")
    return tally(options, ballots, electorate=electorate, method="poll")


def dot_vote(options: Sequence[OptionId], ballots: Sequence[Any], *, electorate: int | None = None) -> Result:
    """Dots spread over the options: the total is the sum of dots (the budget is checked when voting)."""
    return tally(options, ballots, electorate=electorate, method="dot_vote")


def score(options: Sequence[OptionId], ballots: Sequence[Any], *, electorate: int | None = None) -> Result:
    """Scores 0..N per option: sum and mean (over all voters) per option, ranked by sum."""
    return tally(options, ballots, electorate=electorate, method="score", with_mean=True)


def count(ballots: Sequence[bool], *, target: int, electorate: int | None = None) -> Result:
    """Opt-in with a target: "in" counts the people who opted in; the target is reached or not."""
    mapped = [{"in": 1} if ballot else {"out": 1} for ballot in ballots]
    base = tally(COUNT_OPTIONS, mapped, electorate=electorate, method="count")
    opted_in = base.by_option()["in"].total
    return Result(
        method="count",
        options=base.options,
        voters=base.voters,
        electorate=electorate,
        ties=base.ties,
        target=target,
        target_reached=opted_in >= target,
    )


def question_round(reasons: Sequence[str], *, electorate: int | None = None) -> Result:
    """No options: the number of participants and of reasons given."""
    return Result(
        method="question_round",
        options=[],
        voters=len(reasons),
        electorate=electorate,
        reasons=sum(1 for reason in reasons if reason and reason.strip()),
    )


def time_poll(options: Sequence[OptionId], ballots: Sequence[Mapping[OptionId, str]], *, electorate=None) -> Result:
    """Yes / maybe / no per date: yes and maybe are counted apart; ranked by yes, then maybe.

    `total` is yes + maybe / 2, for the bars; the rank does not use it."""
    options = _check_options(options)
    counts = {option: {"yes": 0, "maybe": 0, "no": 0} for option in options}
    for ballot in ballots:
        _check_known(options, ballot)
        for option, answer in ballot.items():
            if answer not in TIME_POLL_VALUES:
                raise ValueError(f"Unknown answer {answer!r}.")
            counts[option][answer] += 1
    voters = len(ballots)
    ranks = _competition_ranks(options, key=lambda o: (counts[o]["yes"], counts[o]["maybe"]))
    totals = {o: counts[o]["yes"] + Fraction(counts[o]["maybe"], 2) for o in options}
    score_total = sum(totals.values(), Fraction(0))
    results = []
    for option in options:
        available = counts[option]["yes"] + counts[option]["maybe"]
        results.append(
            OptionResult(
                option=option,
                total=_plain(totals[option]),
                voters=available,
                rank=ranks[option],
                percent_of_total=_percent(totals[option], score_total),
                percent_of_voters=_percent(counts[option]["yes"], voters),
                percent_of_electorate=_percent(counts[option]["yes"], electorate or 0),
                yes=counts[option]["yes"],
                maybe=counts[option]["maybe"],
                no=counts[option]["no"],
            )
        )
    return Result(method="time_poll", options=results, voters=voters, electorate=electorate, ties=_ties(options, ranks))


def borda(options: Sequence[OptionId], ballots: Sequence[Sequence[OptionId]], *, electorate=None) -> Result:
    """Borda count as Loomio does it: the option ranked k-th (from 1) of n options gets n - k points,
    unranked options get 0."""
    options = _check_options(options)
    n = len(options)
    points = []
    for ranking in ballots:
        _check_ranking(options, ranking)
        points.append({option: n - k for k, option in enumerate(ranking, start=1)})
    base = tally(options, points, electorate=electorate, method="borda")
    # "voters" of an option: ballots that ranked it at all (ranking last still counts as choosing it).
    ranked_by = {option: sum(1 for ranking in ballots if option in ranking) for option in options}
    return Result(
        method="borda",
        options=[
            OptionResult(
                option=o.option,
                total=o.total,
                voters=ranked_by[o.option],
                rank=o.rank,
                percent_of_total=o.percent_of_total,
                percent_of_voters=_percent(ranked_by[o.option], base.voters),
                percent_of_electorate=_percent(ranked_by[o.option], electorate or 0),
            )
            for o in base.options
        ],
        voters=base.voters,
        electorate=electorate,
        ties=base.ties,
    )


def _check_ranking(options: Sequence[OptionId], ranking: Sequence[OptionId]) -> None:
    _check_known(options, ranking)
    if len(set(ranking)) != len(ranking):
        raise ValueError("An option is ranked twice.")


def _single_choice(ballots: Sequence[Any]) -> None:
    for ballot in ballots:
        mapping = _as_mapping(ballot)
        if sum(1 for value in mapping.values() if value) != 1 or any(v not in (0, 1) for v in mapping.values()):
            raise ValueError("This method takes exactly one choice per ballot.")


def schulze(options: Sequence[OptionId], ballots: Sequence[Sequence[OptionId]]) -> SchulzeResult:
    """Schulze method: pairwise preferences d, widest paths p (Floyd–Warshall), order by p[a][b] > p[b][a].

    A ranked option is preferred to every unranked one; unranked options are equal to each other."""
    options = _check_options(options)
    d = {a: dict.fromkeys(options, 0) for a in options}
    for ranking in ballots:
        _check_ranking(options, ranking)
        position = {option: k for k, option in enumerate(ranking)}
        unranked = len(ranking)
        for a in options:
            for b in options:
                if a != b and position.get(a, unranked) < position.get(b, unranked):
                    d[a][b] += 1
    p = {a: dict.fromkeys(options, 0) for a in options}
    for a in options:
        for b in options:
            if a != b and d[a][b] > d[b][a]:
                p[a][b] = d[a][b]
    for k in options:
        for a in options:
            if a == k:
                continue
            for b in options:
                if b in (a, k):
                    continue
                p[a][b] = max(p[a][b], min(p[a][k], p[k][b]))
    # The relation "p[a][b] > p[b][a]" is transitive (Schulze 2011): counting the options each one
    # beats orders them; equal counts are ties (neither beats the other).
    wins = {a: sum(1 for b in options if b != a and p[a][b] > p[b][a]) for a in options}
    ranks = _competition_ranks(options, key=lambda o: wins[o])
    tiers: dict[int, list[OptionId]] = {}
    for option in options:
        tiers.setdefault(ranks[option], []).append(option)
    return SchulzeResult(
        order=[tiers[rank] for rank in sorted(tiers)],
        ranks=ranks,
        ties=_ties(options, ranks),
        pairwise=d,
        strongest_paths=p,
    )


def ranked_choice(
    options: Sequence[OptionId], ballots: Sequence[Sequence[OptionId]], *, electorate: int | None = None
) -> RankedResult:
    """Both counts of a ranked-choice poll: Borda (as Loomio) and Schulze (Condorcet), with the pairwise table."""
    return RankedResult(borda=borda(options, ballots, electorate=electorate), schulze=schulze(options, ballots))

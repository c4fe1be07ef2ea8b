"""Counting methods against hand-worked cases, and their properties (hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partage.decisions import counting

# --- hand-worked cases ---------------------------------------------------------------------------


def test_proposal_totals_percentages_ranks_and_turnout():
    ballots = ["agree", "agree", "agree", "disagree", "block", "abstain"]
    result = counting.proposal(ballots, electorate=10)
    by = result.by_option()
    assert [by[o].total for o in counting.PROPOSAL_OPTIONS] == [3, 1, 1, 1]
    assert by["agree"].percent_of_total == 50.0
    assert by["agree"].percent_of_voters == 50.0
    assert by["agree"].percent_of_electorate == 30.0
    assert by["agree"].rank == 1
    assert {by[o].rank for o in ("abstain", "disagree", "block")} == {2}
    assert result.ties == [["abstain", "disagree", "block"]]
    assert result.voters == 6
    assert result.undecided == 4
    assert result.turnout == 0.6
    assert result.winners() == ["agree"]


def test_proposal_refuses_two_choices():
    with pytest.raises(ValueError):
        counting.proposal([["agree", "block"]])


def test_no_ballots_no_percentages():
    result = counting.proposal([], electorate=5)
    assert result.voters == 0
    assert result.undecided == 5
    assert result.turnout == 0
    assert all(o.percent_of_total is None for o in result.options)
    assert result.winners() == []


def test_unknown_electorate():
    result = counting.sense_check(["good"])
    assert result.undecided is None and result.turnout is None
    assert result.by_option()["good"].percent_of_electorate is None


def test_sense_check():
    result = counting.sense_check(["good", "worried", "worried", "unsure"])
    by = result.by_option()
    assert (by["good"].total, by["unsure"].total, by["worried"].total) == (1, 1, 2)
    assert by["worried"].rank == 1 and by["good"].rank == 2 and by["unsure"].rank == 2
    assert result.ties == [["good", "unsure"]]


def test_gradients_eight_levels():
    result = counting.gradients([1, 1, 2, 8, 5])
    assert len(result.options) == 8
    by = result.by_option()
    assert by[1].total == 2 and by[8].total == 1 and by[3].total == 0
    assert by[1].rank == 1
    assert by[3].rank == 5  # 1 (2 votes), then 2, 5, 8 tied at 2nd, then the rest tied at 5th


def test_single_and_multiple_choice():
    result = counting.choice_poll(["a", "b", "c"], ["a", ["a", "b"], {"b": 1, "c": 0}], electorate=4)
    by = result.by_option()
    assert (by["a"].total, by["b"].total, by["c"].total) == (2, 2, 0)
    assert by["a"].percent_of_voters == pytest.approx(200 / 3)
    assert by["a"].percent_of_total == 50.0
    assert by["a"].percent_of_electorate == 50.0
    assert result.ties == [["a", "b"]]
    assert by["c"].rank == 3


def test_choice_poll_refuses_unknown_option_and_weights():
    with pytest.raises(ValueError):
        counting.choice_poll(["a"], ["z"])
    with pytest.raises(ValueError):
        counting.choice_poll(["a"], [{"a": 3}])


def test_count_target():
    result = counting.count([True, True, False, True], target=3, electorate=6)
    assert result.by_option()["in"].total == 3
    assert result.target == 3 and result.target_reached is True
    assert counting.count([True], target=2).target_reached is False


def test_question_round_counts_reasons():
    result = counting.question_round(["Parce que.", "", "  ", "Oui"], electorate=8)
    assert result.options == []
    assert result.voters == 4
    assert result.reasons == 2
    assert result.undecided == 4


def test_time_poll_ranks_by_yes_then_maybe():
    options = ["lundi", "mardi", "jeudi"]
    ballots = [
        {"lundi": "yes", "mardi": "yes", "jeudi": "no"},
        {"lundi": "maybe", "mardi": "yes", "jeudi": "yes"},
        {"lundi": "yes", "mardi": "no", "jeudi": "yes"},
        {"lundi": "no", "mardi": "maybe", "jeudi": "yes"},
    ]
    result = counting.time_poll(options, ballots)
    by = result.by_option()
    assert (by["lundi"].yes, by["lundi"].maybe, by["lundi"].no) == (2, 1, 1)
    assert (by["mardi"].yes, by["mardi"].maybe) == (2, 1)
    assert by["jeudi"].yes == 3
    assert by["jeudi"].rank == 1
    assert by["lundi"].rank == by["mardi"].rank == 2
    assert result.ties == [["lundi", "mardi"]]
    assert by["lundi"].total == 2.5


def test_time_poll_maybe_breaks_equal_yes():
    result = counting.time_poll(["x", "y"], [{"x": "yes", "y": "yes"}, {"x": "maybe", "y": "no"}])
    assert result.by_option()["x"].rank == 1 and result.by_option()["y"].rank == 2
    assert result.ties == []


def test_dot_vote():
    result = counting.dot_vote(["a", "b", "c"], [{"a": 3, "b": 2}, {"c": 5}, {"a": 1, "c": 4}])
    by = result.by_option()
    assert (by["a"].total, by["b"].total, by["c"].total) == (4, 2, 9)
    assert by["c"].rank == 1 and by["a"].rank == 2 and by["b"].rank == 3
    assert by["c"].percent_of_total == 60.0
    assert by["a"].voters == 2


def test_score_sum_and_mean():
    result = counting.score(["a", "b"], [{"a": 5, "b": 1}, {"a": 2, "b": 4}, {"a": 0, "b": 4}])
    by = result.by_option()
    assert by["a"].total == 7 and by["b"].total == 9
    assert by["a"].mean == pytest.approx(7 / 3) and by["b"].mean == 3.0
    assert by["b"].rank == 1


def test_borda_loomio_points():
    # 3 options: 1st gets 2, 2nd gets 1, 3rd gets 0, unranked 0.
    result = counting.borda(["a", "b", "c"], [["a", "b", "c"], ["b", "a"], ["c"]])
    by = result.by_option()
    assert (by["a"].total, by["b"].total, by["c"].total) == (3, 3, 2)
    assert result.ties == [["a", "b"]]
    assert by["c"].rank == 3
    assert by["c"].voters == 2


def test_borda_refuses_duplicates():
    with pytest.raises(ValueError):
        counting.borda(["a", "b"], [["a", "a"]])


WIKIPEDIA = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def test_schulze_wikipedia_condorcet_cycle():
    ballots = [list(order) for number, order in WIKIPEDIA for _ in range(number)]
    assert len(ballots) == 45
    result = counting.schulze(list("ABCDE"), ballots)
    assert result.order == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert result.ties == []
    d = result.pairwise
    # The published pairwise table.
    assert (d["A"]["B"], d["A"]["C"], d["A"]["D"], d["A"]["E"]) == (20, 26, 30, 22)
    assert (d["B"]["A"], d["C"]["A"], d["D"]["A"], d["E"]["A"]) == (25, 19, 15, 23)
    assert (d["C"]["B"], d["C"]["D"], d["D"]["E"], d["B"]["D"]) == (29, 17, 14, 33)
    # There is a cycle among the pairwise winners (A beats C, C beats B, B beats A): no Condorcet winner.
    assert d["A"]["C"] > d["C"]["A"] and d["C"]["B"] > d["B"]["C"] and d["B"]["A"] > d["A"]["B"]
    p = result.strongest_paths
    assert (p["A"]["B"], p["A"]["C"], p["A"]["D"], p["A"]["E"]) == (28, 28, 30, 24)
    assert (p["E"]["A"], p["E"]["B"], p["E"]["C"], p["E"]["D"]) == (25, 28, 28, 31)


def test_schulze_tie_is_reported():
    # Two voters with opposite rankings: A and B tie.
    result = counting.schulze(["A", "B"], [["A", "B"], ["B", "A"]])
    assert result.order == [["A", "B"]]
    assert result.ties == [["A", "B"]]
    assert result.ranks == {"A": 1, "B": 1}


def test_schulze_three_way_cycle_of_equal_strength_is_a_tie():
    ballots = [["A", "B", "C"], ["B", "C", "A"], ["C", "A", "B"]]
    result = counting.schulze(["A", "B", "C"], ballots)
    assert result.ties == [["A", "B", "C"]]


def test_schulze_unranked_options_come_last():
    result = counting.schulze(["A", "B", "C"], [["B"], ["B", "A"]])
    assert result.order == [["B"], ["A"], ["C"]]
    assert result.pairwise["B"]["C"] == 2 and result.pairwise["C"]["B"] == 0


def test_ranked_choice_returns_both():
    result = counting.ranked_choice(["A", "B", "C"], [["A", "B", "C"], ["A", "C", "B"], ["B", "C", "A"]])
    assert result.voters == 3
    assert result.borda.by_option()["A"].total == 4
    assert result.schulze.order[0] == ["A"]


# --- properties ----------------------------------------------------------------------------------

OPTIONS = ["a", "b", "c", "d"]
choice_ballots = st.lists(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=4, unique=True), max_size=30)
weighted_ballots = st.lists(st.dictionaries(st.sampled_from(OPTIONS), st.integers(0, 10)), max_size=30)
rankings = st.lists(st.permutations(OPTIONS).flatmap(lambda p: st.integers(0, 4).map(lambda n: p[:n])), max_size=25)
time_ballots = st.lists(st.dictionaries(st.sampled_from(OPTIONS), st.sampled_from(["yes", "maybe", "no"])), max_size=30)


@settings(max_examples=60, deadline=None)
@given(ballots=choice_ballots)
def test_choice_totals_equal_the_sum_of_ballots(ballots):
    result = counting.choice_poll(OPTIONS, ballots, electorate=len(ballots) + 3)
    assert result.score_total == sum(len(ballot) for ballot in ballots)
    assert result.undecided == 3
    for option in result.options:
        assert option.total == sum(1 for ballot in ballots if option.option in ballot)


@settings(max_examples=60, deadline=None)
@given(ballots=weighted_ballots)
def test_dot_and_score_totals_equal_the_sum_of_ballots(ballots):
    for method in (counting.dot_vote, counting.score):
        result = method(OPTIONS, ballots)
        for option in result.options:
            assert option.total == sum(ballot.get(option.option, 0) for ballot in ballots)
        if result.score_total:
            assert sum(o.percent_of_total for o in result.options) == pytest.approx(100)


@settings(max_examples=60, deadline=None)
@given(ballots=rankings)
def test_borda_total_is_sum_of_points(ballots):
    result = counting.borda(OPTIONS, ballots)
    n = len(OPTIONS)
    assert result.score_total == sum(sum(n - k for k in range(1, len(r) + 1)) for r in ballots)


@settings(max_examples=60, deadline=None)
@given(ballots=time_ballots)
def test_time_poll_counts_every_answer(ballots):
    result = counting.time_poll(OPTIONS, ballots)
    for option in result.options:
        answered = [b[option.option] for b in ballots if option.option in b]
        assert (option.yes, option.maybe, option.no) == tuple(answered.count(a) for a in ("yes", "maybe", "no"))


@settings(max_examples=50, deadline=None)
@given(data=st.data(), ballots=weighted_ballots)
def test_permuting_ballots_changes_nothing_weighted(data, ballots):
    shuffled = data.draw(st.permutations(ballots))
    assert counting.dot_vote(OPTIONS, ballots) == counting.dot_vote(OPTIONS, shuffled)
    assert counting.score(OPTIONS, ballots, electorate=40) == counting.score(OPTIONS, shuffled, electorate=40)


@settings(max_examples=50, deadline=None)
@given(data=st.data(), ballots=rankings)
def test_permuting_ballots_changes_nothing_ranked(data, ballots):
    shuffled = data.draw(st.permutations(ballots))
    assert counting.ranked_choice(OPTIONS, ballots) == counting.ranked_choice(OPTIONS, shuffled)


@settings(max_examples=50, deadline=None)
@given(data=st.data(), ballots=st.lists(st.sampled_from(counting.PROPOSAL_OPTIONS), max_size=30))
def test_permuting_ballots_changes_nothing_proposal(data, ballots):
    shuffled = data.draw(st.permutations(ballots))
    assert counting.proposal(ballots) == counting.proposal(shuffled)
    assert counting.proposal(ballots).score_total == len(ballots)


@settings(max_examples=50, deadline=None)
@given(data=st.data(), ballots=time_ballots)
def test_permuting_ballots_changes_nothing_time_poll(data, ballots):
    shuffled = data.draw(st.permutations(ballots))
    assert counting.time_poll(OPTIONS, ballots) == counting.time_poll(OPTIONS, shuffled)


@settings(max_examples=50, deadline=None)
@given(ballots=rankings)
def test_schulze_winner_beats_or_ties_everyone(ballots):
    result = counting.schulze(OPTIONS, ballots)
    p = result.strongest_paths
    for winner in result.order[0]:
        for other in OPTIONS:
            if other != winner:
                assert p[winner][other] >= p[other][winner]
    assert sorted(o for tier in result.order for o in tier) == sorted(OPTIONS)

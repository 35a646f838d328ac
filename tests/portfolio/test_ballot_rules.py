"""What a valid participatory-budgeting ballot is: approval with min/max and a budget limit,
cumulative with points to share, choose-1; every refusal has its code and parameters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ortakakil.portfolio.rules.ballot import BallotError, BallotRules, check_ballot

COSTS = {"1": 400, "2": 300, "3": 200, "4": 100}


def refused(rules, choices):
    with pytest.raises(BallotError) as caught:
        check_ballot(rules, choices)
    return caught.value.code, caught.value.params


def test_an_approval_ballot_is_stored_without_zeros_and_in_order():
    rules = BallotRules("approval", budget=1000, costs=COSTS)
    assert check_ballot(rules, {"3": 1, "1": 1, "2": 0}) == {"1": 1, "3": 1}
    assert check_ballot(rules, {3: 1}) == {"3": 1}


def test_approval_refusals():
    rules = BallotRules("approval", budget=600, costs=COSTS, min_selections=2, max_selections=3, budget_limit=True)
    assert refused(rules, {}) == ("empty", {})
    assert refused(rules, {"1": 0}) == ("empty", {})
    assert refused(rules, {"9": 1}) == ("unknown_project", {"project": "9"})
    assert refused(rules, {"1": -1}) == ("not_positive", {"project": "1"})
    assert refused(rules, {"1": "1"}) == ("not_positive", {"project": "1"})
    assert refused(rules, {"1": True}) == ("not_positive", {"project": "1"})
    assert refused(rules, {"1": 2}) == ("approval_points", {"project": "1"})
    assert refused(rules, {"4": 1}) == ("too_few", {"count": 1, "limit": 2})
    assert refused(rules, {"1": 1, "2": 1, "3": 1, "4": 1}) == ("too_many", {"count": 4, "limit": 3})
    assert refused(rules, {"1": 1, "2": 1}) == ("over_budget", {"total": 700, "limit": 600})
    assert check_ballot(rules, {"1": 1, "3": 1}) == {"1": 1, "3": 1}  # exactly the budget


def test_choose_one_and_cumulative():
    one = BallotRules("choose_1", budget=1000, costs=COSTS)
    assert check_ballot(one, {"2": 1}) == {"2": 1}
    assert refused(one, {"2": 1, "3": 1}) == ("choose_one", {"count": 2})
    points = BallotRules("cumulative", budget=1000, costs=COSTS, points=10)
    assert check_ballot(points, {"1": 7, "2": 3}) == {"1": 7, "2": 3}
    assert refused(points, {"1": 7, "2": 4}) == ("points_total", {"total": 11, "limit": 10})


@given(st.dictionaries(st.sampled_from(list(COSTS)), st.integers(0, 3)))
def test_an_accepted_ballot_keeps_every_limit(choices):
    rules = BallotRules("approval", budget=500, costs=COSTS, max_selections=2, budget_limit=True)
    try:
        stored = check_ballot(rules, choices)
    except BallotError as error:
        assert error.code in {"empty", "approval_points", "too_many", "over_budget"}
        return
    assert 1 <= len(stored) <= 2 and all(v == 1 for v in stored.values())
    assert sum(COSTS[p] for p in stored) <= 500
    assert stored == {k: v for k, v in sorted(choices.items()) if v}

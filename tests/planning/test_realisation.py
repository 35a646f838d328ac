"""Monitoring's pure realisation rules (used by `plan evaluate`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ortakakil.monitoring import realisation as r

PLAN = json.loads((Path(__file__).parent / "data" / "plan.json").read_text(encoding="utf-8"))
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def test_rate_for_increasing_and_decreasing_indicators():
    assert r.indicator_rate(baseline=38, target=39, actual=38.5, direction="increase").rate == pytest.approx(50)
    assert r.indicator_rate(baseline=14, target=12, actual=13, direction="decrease").rate == pytest.approx(50)
    over = r.indicator_rate(baseline=10, target=20, actual=30, direction="increase")
    assert (over.rate, over.capped) == (pytest.approx(200), 100)
    assert r.indicator_rate(baseline=10, target=20, actual=None, direction="increase") == r.Rate(None, None)


def test_rate_when_target_equals_baseline():
    assert r.indicator_rate(baseline=10, target=10, actual=10, direction="increase").rate == 100
    assert r.indicator_rate(baseline=10, target=10, actual=9, direction="increase").rate == 0
    assert r.indicator_rate(baseline=5000, target=5000, actual=4900, direction="decrease").rate == 100
    assert r.indicator_rate(baseline=5000, target=5000, actual=5100, direction="decrease").rate == 0


@given(numbers, numbers, numbers, st.sampled_from(["increase", "decrease"]))
def test_capped_is_always_between_0_and_100(a, b, c, direction):
    result = r.indicator_rate(baseline=a, target=b, actual=c, direction=direction)
    assert 0 <= result.capped <= 100


def test_evaluate_rolls_up_with_weights_and_nulls():
    result = r.evaluate(PLAN, "2025")
    # PG1.1.1: (38.5−38)/(39−38) = 50; PG1.1.2 has no actual → H1.1 null → A1 null → plan null.
    assert result.indicators["PG1.1.1"].rate == pytest.approx(50)
    assert result.goals["H1.1"] is None
    assert result.missing["H1.1"] == ["PG1.1.2"]
    assert result.aims["A1"] is None and result.plan is None
    assert result.as_json()["plan"] is None


def test_roll_up_weighted_only_when_weights_sum_to_100():
    assert r.roll_up([50, 100], [70, 30]) == pytest.approx(65)
    assert r.roll_up([50, 100], [None, 30]) == pytest.approx(75)
    assert r.roll_up([50, None], [50, 50]) is None
    assert r.weighted_sum([50, 100], [40, 60]) == pytest.approx(80)


def test_period_year():
    assert r.period_year("2026-H1") == 2026
    with pytest.raises(ValueError):
        r.period_year("2026-H2")

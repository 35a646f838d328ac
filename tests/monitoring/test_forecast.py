"""The trend, the early warning and the suggested targets (pure)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ortakakil.monitoring import forecast

PERIODS = ["2020-H1", "2020", "2021-H1", "2021", "2022-H1", "2022", "2023-H1", "2023"]


def test_period_times():
    assert forecast.period_time("2021-H1") == 2021.5
    assert forecast.period_time("2021") == 2022.0
    with pytest.raises(ValueError, match="YYYY"):
        forecast.period_time("2021-H2")


def test_fewer_than_three_values_give_no_trend():
    assert forecast.trend({"2020-H1": 1, "2020": 2}) is None
    assert forecast.project({"2020-H1": 1, "2020": 2}, year=2021, target=5, direction="increase") is None
    assert forecast.suggest_targets({"2020": 2}, years=[2021], direction="increase") is None


@given(
    slope=st.floats(-100, 100, allow_nan=False),
    start=st.floats(-1e4, 1e4, allow_nan=False),
    count=st.integers(3, len(PERIODS)),
)
def test_a_straight_line_is_projected_exactly(slope, start, count):
    values = {p: start + slope * (forecast.period_time(p) - 2020.5) for p in PERIODS[:count]}
    line = forecast.trend(values)
    assert line is not None and line.points == count
    expected = start + slope * (2025.0 - 2020.5)
    assert line.at(2025.0) == pytest.approx(expected, abs=1e-6 * (1 + abs(expected)))
    assert line.spread == pytest.approx(0, abs=1e-6 * (1 + abs(start) + abs(slope)))


def test_a_rising_series_behind_its_target_is_flagged_and_one_ahead_is_not():
    values = {"2020-H1": 10, "2020": 11, "2021-H1": 12}
    behind = forecast.project(values, year=2022, target=20, direction="increase")
    assert behind is not None and behind.misses and behind.value == pytest.approx(15.0)
    ahead = forecast.project(values, year=2022, target=14, direction="increase")
    assert ahead is not None and not ahead.misses


def test_decreasing_indicators_miss_when_above_the_target():
    values = {"2020-H1": 14, "2020": 13.5, "2021-H1": 13}
    assert forecast.project(values, year=2022, target=10, direction="decrease").misses
    assert not forecast.project(values, year=2022, target=12, direction="decrease").misses


def test_a_noisy_series_is_not_flagged_within_one_spread():
    values = {"2020-H1": 10, "2020": 14, "2021-H1": 10, "2021": 14}
    projection = forecast.project(values, year=2022, target=13.5, direction="increase")
    line = forecast.trend(values)
    assert projection is not None and line is not None and line.spread > 1
    assert not projection.misses


@given(
    values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=3, max_size=len(PERIODS)),
    direction=st.sampled_from(["increase", "decrease"]),
)
def test_suggested_targets_never_go_back_behind_the_last_value(values, direction):
    series = dict(zip(PERIODS, values, strict=False))
    targets = forecast.suggest_targets(series, years=[2024, 2025], direction=direction)
    assert targets is not None and set(targets) == {"2024", "2025"}
    last = values[-1]
    for value in targets.values():
        assert math.isfinite(value)
        if direction == "increase":
            assert value >= round(last, 4) - 1e-6
        else:
            assert value <= round(last, 4) + 1e-6


def test_suggested_targets_follow_the_trend_with_the_data_s_precision():
    values = {"2020-H1": 38.5, "2020": 39.0, "2021-H1": 39.5}
    assert forecast.suggest_targets(values, years=[2022, 2023], direction="increase") == {"2022": 41.0, "2023": 42.0}

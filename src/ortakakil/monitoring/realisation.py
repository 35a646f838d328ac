"""Realisation of a plan in a period: the guide's rates and their roll-ups (pure, no Django).

For an indicator in period P of year Y, with A the baseline, B the target for Y and C the actual
value for P (``"2021"`` is the year end, ``"2021-H1"`` the first six months):

* C missing → the rate is null;
* B ≠ A → rate = (C − A) / (B − A) × 100 (increasing and decreasing indicators alike);
* B = A → 100 when C is on the desired side of B or equal to it (increase: C ≥ B; decrease:
  C ≤ B), 0 otherwise;
* capped = min(max(rate, 0), 100); roll-ups use capped.

A goal is Σ (weight × capped) / 100 over its indicators (null if any is null); an aim is the mean
of its goals, weighted when its goals' weights are all given and sum to 100; the plan is the mean
of its aims, weighted likewise; a null below makes the level above null. Nothing is rounded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

PERIOD_RE = re.compile(r"^(\d{4})(-H1)?$")
WEIGHT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Rate:
    rate: float | None
    capped: float | None


def period_year(period: str) -> int:
    """The plan year of ``period`` ("2021" or "2021-H1"); ValueError for anything else."""
    match = PERIOD_RE.match(period)
    if not match:
        raise ValueError(f"dönem “{period}” YYYY ya da YYYY-H1 biçiminde olmalı.")
    return int(match.group(1))


def indicator_rate(*, baseline: float, target: float, actual: float | None, direction: str) -> Rate:
    """The realisation rate of one indicator, as the rules above give it."""
    if actual is None:
        return Rate(None, None)
    if target != baseline:
        rate = (actual - baseline) / (target - baseline) * 100
    else:
        on_side = actual >= target if direction == "increase" else actual <= target
        rate = 100.0 if on_side else 0.0
    return Rate(rate, min(max(rate, 0.0), 100.0))


def weighted_sum(values: Sequence[float | None], weights: Sequence[float]) -> float | None:
    """Σ weight × value / 100 (a goal from its indicators); null if any value is null."""
    numbers = [v for v in values if v is not None]
    if len(numbers) != len(values):
        return None
    return sum(v * float(w) for v, w in zip(numbers, weights, strict=True)) / 100


def roll_up(values: Sequence[float | None], weights: Sequence[float | None]) -> float | None:
    """An aim from its goals, the plan from its aims: weighted when every weight is given and they
    sum to 100, the plain mean otherwise; null if any value is null (or there are none)."""
    numbers = [float(v) for v in values if v is not None]
    if not values or len(numbers) != len(values):
        return None
    given = [float(w) for w in weights if w is not None]
    if len(given) == len(numbers) and abs(sum(given) - 100) < WEIGHT_TOLERANCE:
        return sum(v * w for v, w in zip(numbers, given, strict=True)) / 100
    return sum(numbers) / len(numbers)


@dataclass
class Evaluation:
    period: str
    indicators: dict[str, Rate] = field(default_factory=dict)
    goals: dict[str, float | None] = field(default_factory=dict)
    aims: dict[str, float | None] = field(default_factory=dict)
    plan: float | None = None
    missing: dict[str, list[str]] = field(default_factory=dict)
    """Per goal, the indicators without an actual value in the period."""

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "indicators": {code: {"rate": r.rate, "capped": r.capped} for code, r in self.indicators.items()},
            "goals": dict(self.goals),
            "aims": dict(self.aims),
            "plan": self.plan,
        }


def evaluate(plan: Mapping[str, Any], period: str) -> Evaluation:
    """Every rate of ``plan`` (a plan in the interchange format) in ``period``. An indicator
    without a baseline or a target for the period's year (a draft's gap; a valid plan has both)
    counts as missing."""
    year = str(period_year(period))
    result = Evaluation(period=period)
    aim_values: list[float | None] = []
    aim_weights: list[float | None] = []
    for aim in plan["aims"]:
        goal_values: list[float | None] = []
        goal_weights: list[float | None] = []
        for goal in aim["goals"]:
            capped: list[float | None] = []
            weights: list[float] = []
            for indicator in goal["indicators"]:
                actual = (indicator.get("actuals") or {}).get(period)
                baseline = indicator.get("baseline")
                target = (indicator.get("targets") or {}).get(year)
                if baseline is None or target is None:
                    actual = None
                rate = indicator_rate(
                    baseline=float(baseline or 0),
                    target=float(target or 0),
                    actual=None if actual is None else float(actual),
                    direction=indicator["direction"],
                )
                result.indicators[indicator["code"]] = rate
                capped.append(rate.capped)
                weights.append(float(indicator["weight"]))
                if rate.rate is None:
                    result.missing.setdefault(goal["code"], []).append(indicator["code"])
            value = weighted_sum(capped, weights)
            result.goals[goal["code"]] = value
            goal_values.append(value)
            goal_weights.append(goal.get("weight"))
        aim_value = roll_up(goal_values, goal_weights)
        result.aims[aim["code"]] = aim_value
        aim_values.append(aim_value)
        aim_weights.append(aim.get("weight"))
    result.plan = roll_up(aim_values, aim_weights)
    return result

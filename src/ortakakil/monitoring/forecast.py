"""Early warning and realistic targets from an indicator's measured trend (pure, no Django).

Time runs in years: the value of period ``"2021-H1"`` was measured at t = 2021.5 (the end of June),
that of ``"2021"`` at t = 2022.0 (the year end). With three or more measured values the trend is
the least-squares line through them (``numpy.polyfit``, degree 1); fewer values give no trend.

* :func:`project` — the trend's value at the end of a year, and whether it misses that year's
  target on the indicator's side (increase: below it; decrease: above it). A miss is flagged only
  when the whole band of one residual standard deviation around the projection misses, so that
  noisy series do not raise alarms a straight line would not.
* :func:`suggest_targets` — "verilerin ışığında yeni hedefler": for each later year, the trend's
  year-end value, never behind the last measured value (an increasing indicator's target does not
  go down, a decreasing one's does not go up) and rounded to the precision of the data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .realisation import PERIOD_RE

MIN_POINTS = 3


def period_time(period: str) -> float:
    """When a period's value was measured, in years ("2021-H1" → 2021.5, "2021" → 2022.0)."""
    match = PERIOD_RE.match(period)
    if not match:
        raise ValueError(f"dönem “{period}” YYYY ya da YYYY-H1 biçiminde olmalı.")
    year = int(match.group(1))
    return year + (0.5 if match.group(2) else 1.0)


@dataclass(frozen=True)
class Trend:
    slope: float
    """Change per year."""
    intercept: float
    spread: float
    """The residuals' standard deviation (0 for a perfect line)."""
    points: int

    def at(self, time: float) -> float:
        return self.slope * time + self.intercept


def trend(values: Mapping[str, float]) -> Trend | None:
    """The least-squares line through the measured values; None with fewer than three (or when
    they were all measured at the same time)."""
    points = sorted((period_time(p), float(v)) for p, v in values.items() if v is not None and math.isfinite(float(v)))
    if len(points) < MIN_POINTS:
        return None
    times = np.array([t for t, _ in points])
    ys = np.array([y for _, y in points])
    if float(np.ptp(times)) == 0.0:
        return None
    slope, intercept = np.polyfit(times - times.mean(), ys, 1)
    intercept = float(intercept - slope * times.mean())
    residuals = ys - (slope * times + intercept)
    dof = max(len(points) - 2, 1)
    spread = float(math.sqrt(float(np.sum(residuals**2)) / dof))
    return Trend(float(slope), intercept, spread, len(points))


@dataclass(frozen=True)
class Projection:
    year: int
    value: float
    """The trend's value at the end of ``year``."""
    target: float
    misses: bool
    """The projection, one spread included in its favour, is still on the wrong side of the target."""


def project(values: Mapping[str, float], *, year: int, target: float, direction: str) -> Projection | None:
    line = trend(values)
    if line is None:
        return None
    value = line.at(year + 1.0)
    if direction == "decrease":
        misses = value - line.spread > target
    else:
        misses = value + line.spread < target
    # Shown to the precision of the data (a count is projected as a whole number).
    places = _decimals([float(v) for v in values.values() if v is not None and math.isfinite(float(v))])
    return Projection(year=year, value=round(value, places), target=float(target), misses=bool(misses))


def _decimals(values: Sequence[float]) -> int:
    """The most decimals any measured value shows (at most 4)."""
    places = 0
    for value in values:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        if "." in text:
            places = max(places, len(text.split(".")[1]))
    return places


def suggest_targets(values: Mapping[str, float], *, years: Sequence[int], direction: str) -> dict[str, float] | None:
    """Realistic year-end targets for ``years`` from the trend (None without a trend)."""
    line = trend(values)
    if line is None:
        return None
    measured = sorted((period_time(p), float(v)) for p, v in values.items())
    last = measured[-1][1]
    places = _decimals([v for _, v in measured])
    targets: dict[str, float] = {}
    for year in sorted(years):
        value = line.at(year + 1.0)
        value = min(value, last) if direction == "decrease" else max(value, last)
        targets[str(year)] = round(value, places)
    return targets

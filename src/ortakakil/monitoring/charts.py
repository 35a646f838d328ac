"""The monitoring reports' charts (pure: no Django), drawn with matplotlib.

* :func:`trend_chart` — one indicator over the plan: its approved values by period (a line with
  points; ``"2025-H1"`` at mid-2025, ``"2025"`` at the year end, as ``forecast.period_time``
  places them), the plan-start value at the start of the first year, and each year's target as a
  step reaching the year end;
* :func:`goal_bars` — the goals' realisation (capped, 0–100 %) as horizontal bars; a goal without
  a value gets no bar but a dash and the caller's word for "missing".

Both return PNG bytes (for Word) or SVG text (for the PDF and the page; text stays text, so Turkish
letters are the font's). The caller passes every word in (``TrendLabels``, ``BarLabels``): the
charts speak the language of the report that embeds them.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ortakakil.core.drawing import DRAWING

from .forecast import period_time

# DejaVu Sans has every Turkish letter (ç ğ ı İ ö ş ü), as in workshops/charts.py.
FONTS = ["DejaVu Sans", "Verdana", "Arial"]
ACTUAL = "#1f4e79"
TARGET = "#b5651d"
BAR = "#2e7d4f"
GRID = "#d5dbe1"
DPI = 150
Format = Literal["png", "svg"]

TURKISH_MARKS = (".", ",")


def format_number(value: float, marks: tuple[str, str] = TURKISH_MARKS) -> str:
    """At most two decimals, trailing zeros dropped, the Turkish way by default (``1.234,5``)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    thousands, decimal = marks
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def format_percent(value: float, marks: tuple[str, str] = TURKISH_MARKS) -> str:
    """A percentage the Turkish way, the sign before the percent sign: ``%45,5``, ``-%40``."""
    return ("-" if value < 0 else "") + "%" + format_number(abs(value), marks)


@dataclass(frozen=True)
class TrendLabels:
    title: str
    actual: str
    """Legend: the approved values."""
    target: str
    """Legend: the year's target."""
    baseline: str
    """Legend: the plan-start value."""
    unit: str = ""
    marks: tuple[str, str] = TURKISH_MARKS


@dataclass(frozen=True)
class BarLabels:
    title: str
    axis: str
    """The x axis, e.g. "Realisation (%)"."""
    missing: str
    """Written where a goal has no value."""
    marks: tuple[str, str] = TURKISH_MARKS


def _settings(salt: str) -> AbstractContextManager[Any]:
    # Text stays text in SVG; mathtext is off so that "$" in a title is drawn as typed; a fixed
    # salt keeps the ids stable (the same data draws the same file).
    return matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": salt,
            "font.family": "sans-serif",
            "font.sans-serif": FONTS,
            "font.size": 8,
            "text.parse_math": False,
        }
    )


def _save(figure: Figure, fmt: Format) -> bytes | str:
    buffer = io.BytesIO()
    if fmt == "png":
        FigureCanvasAgg(figure)
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return buffer.getvalue()
    FigureCanvasSVG(figure)
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]


def _title_lines(title: str, width: float) -> str:
    """The title in at most two lines that fit ``width`` inches at 7.5 pt bold (about 14 characters
    an inch), the rest cut with an ellipsis."""
    lines = textwrap.wrap(title, max(int(width * 14), 20))
    if len(lines) > 2:
        lines = [lines[0], lines[1].rstrip(" ,.;:") + "…"]
    return "\n".join(lines)


def trend_chart(
    *,
    actuals: Mapping[str, float],
    targets: Mapping[str, float],
    baseline: float | None,
    labels: TrendLabels,
    fmt: Format = "png",
    size: tuple[float, float] = (3.4, 2.1),
) -> bytes | str:
    """An indicator's approved values against its targets (see the module's docstring)."""
    years = sorted(int(y) for y in targets)
    points = sorted((period_time(period), float(value)) for period, value in actuals.items())
    with DRAWING, _settings("ortakakil-trend"):
        figure = Figure(figsize=size, layout="constrained")
        axes = figure.add_subplot()
        axes.set_title(_title_lines(labels.title, size[0]), fontsize=7.5, loc="left", fontweight="bold")
        if years:
            step_x = [float(years[0])] + [year + 1.0 for year in years]
            step_y = [float(targets[str(years[0])])] + [float(targets[str(year)]) for year in years]
            axes.step(step_x, step_y, where="pre", color=TARGET, linewidth=1.2, linestyle="--", label=labels.target)
        if baseline is not None and years:
            axes.plot([years[0]], [baseline], marker="s", color=TARGET, markersize=4, linestyle="none")
            axes.annotate(labels.baseline, (years[0], baseline), textcoords="offset points", xytext=(5, 3), fontsize=6)
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, marker="o", color=ACTUAL, linewidth=1.6, markersize=3.5, label=labels.actual)
        if years:
            axes.set_xlim(years[0] - 0.1, years[-1] + 1.1)
            axes.set_xticks([year + 0.5 for year in years], [str(year) for year in years])
            for year in years[1:]:
                axes.axvline(year, color=GRID, linewidth=0.5)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        axes.yaxis.set_major_formatter(lambda value, _pos: format_number(value, labels.marks))
        if labels.unit:
            axes.set_ylabel(labels.unit, fontsize=7)
        axes.tick_params(labelsize=7)
        axes.grid(axis="y", color=GRID, linewidth=0.5)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if years or points:
            axes.legend(fontsize=6, loc="best", frameon=False)
        return _save(figure, fmt)


def goal_bars(
    goals: Sequence[tuple[str, float | None]],
    *,
    labels: BarLabels,
    fmt: Format = "png",
    width: float = 6.6,
) -> bytes | str:
    """The goals' realisation (0–100 %), one bar per goal code, the first at the top."""
    rows = max(len(goals), 1)
    height = 0.75 + 0.28 * rows
    with DRAWING, _settings("ortakakil-goals"):
        figure = Figure(figsize=(width, height), layout="constrained")
        axes = figure.add_subplot()
        axes.set_title(labels.title, fontsize=8, loc="left", fontweight="bold")
        positions = range(len(goals))
        values = [value or 0.0 for _code, value in goals]
        axes.barh(list(positions), values, color=BAR, height=0.6)
        for position, (_code, value) in zip(positions, goals, strict=True):
            text = labels.missing if value is None else format_percent(value, labels.marks)
            axes.text((value or 0.0) + 1.5, position, text, va="center", fontsize=7)
        axes.set_yticks(list(positions), [code for code, _value in goals])
        axes.set_ylim(rows - 0.5, -0.5)
        axes.set_xlim(0, 115)
        axes.set_xticks([0, 25, 50, 75, 100])
        axes.set_xlabel(labels.axis, fontsize=7)
        axes.tick_params(labelsize=7)
        axes.axvline(100, color=GRID, linewidth=0.8)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        return _save(figure, fmt)

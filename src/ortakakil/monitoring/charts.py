"""The monitoring charts (pure: no Django), drawn with matplotlib.

* :func:`trend_chart` — one indicator over the plan: its approved values by period (a solid line
  with round markers; ``"2025-H1"`` at mid-2025, ``"2025"`` at the year end, as
  ``forecast.period_time`` places them), each year's target as a dashed step held over the year
  with a square marker at the year's end, and the baseline as a dotted line. Each year is a span
  of the x axis named at its middle, so a six-month value sits under its year's name and a
  year-end value on the border with the next year. Used by the reports (PNG for Word, SVG for
  the PDF and the page, the title drawn on the chart) and by the public scoreboard (SVG inlined
  in the page, ``chart_id`` given: ``role="img"``, a ``<title>`` and a ``<desc>``, ids and style
  scoped to the chart; the page shows the same numbers in a table beside it);
* :func:`goal_bars` — the goals' realisation (capped, 0–100 %) as horizontal bars; a goal without
  a value gets no bar but a dash and the caller's word for "missing".

Both return PNG bytes or SVG text (text stays text, so Turkish letters are the font's; user text
is escaped). The caller passes every word in (``TrendLabels``, ``BarLabels``): the charts speak
the language of the page or report that embeds them.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal, overload

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ortakakil.core.drawing import DRAWING, inline_svg

from .forecast import period_time

# DejaVu Sans has every Turkish letter (ç ğ ı İ ö ş ü), as in workshops/charts.py.
FONTS = ["DejaVu Sans", "Verdana", "Arial"]
ACTUAL = "#1f4e79"
TARGET = "#8a4b00"
BASELINE = "#5b6670"
INK = "#1b1f24"
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
    """Drawn above the chart (``title_on_chart``), else the inline SVG's ``<title>``."""
    actual: str
    """Legend: the approved values."""
    target: str
    """Legend: the year's target."""
    baseline: str
    """Legend: the plan-start value."""
    unit: str = ""
    """The y axis's label, if any."""
    description: str = ""
    """The inline SVG's ``<desc>`` (what the chart shows, in words)."""
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
    """The title in at most two lines that fit ``width`` inches at 7.5 pt bold (about 12.5 wide
    characters an inch, from the axes' left edge, about 0.45 inch in), the rest cut with an
    ellipsis."""
    lines = textwrap.wrap(title, max(int((width - 0.45) * 12.5), 20))
    if len(lines) > 2:
        lines = [lines[0], lines[1].rstrip(" ,.;:") + "…"]
    return "\n".join(lines)


@overload
def trend_chart(
    *,
    actuals: Mapping[str, float],
    targets: Mapping[str, float],
    baseline: float | None,
    labels: TrendLabels,
    fmt: Literal["svg"],
    size: tuple[float, float] = ...,
    text_size: float = ...,
    title_on_chart: bool = ...,
    chart_id: str = ...,
    described_by: str = ...,
) -> str: ...
@overload
def trend_chart(
    *,
    actuals: Mapping[str, float],
    targets: Mapping[str, float],
    baseline: float | None,
    labels: TrendLabels,
    fmt: Literal["png"] = ...,
    size: tuple[float, float] = ...,
    text_size: float = ...,
    title_on_chart: bool = ...,
    chart_id: str = ...,
    described_by: str = ...,
) -> bytes: ...
@overload
def trend_chart(
    *,
    actuals: Mapping[str, float],
    targets: Mapping[str, float],
    baseline: float | None,
    labels: TrendLabels,
    fmt: Format,
    size: tuple[float, float] = ...,
    text_size: float = ...,
    title_on_chart: bool = ...,
    chart_id: str = ...,
    described_by: str = ...,
) -> bytes | str: ...
def trend_chart(
    *,
    actuals: Mapping[str, float],
    targets: Mapping[str, float],
    baseline: float | None,
    labels: TrendLabels,
    fmt: Format = "png",
    size: tuple[float, float] = (3.4, 2.1),
    text_size: float = 7.0,
    title_on_chart: bool = True,
    chart_id: str = "",
    described_by: str = "",
) -> bytes | str:
    """``actuals`` (period → value) against ``targets`` (year → value), see the module's docstring.

    ``chart_id`` (SVG only) makes the chart inlineable in a page: the root gets that id,
    ``role="img"``, ``labels.title`` and ``labels.description`` as its ``<title>`` and ``<desc>``
    (``aria-describedby`` adds ``described_by``, e.g. the table with the numbers), the lines the
    ids ``<chart_id>-actual`` and ``<chart_id>-target``, and its stylesheet reaches only the chart.
    """
    points = sorted((period_time(period), float(value)) for period, value in actuals.items())
    steps = sorted((int(year), float(value)) for year, value in targets.items())
    years = sorted({year for year, _value in steps} | {int(period[:4]) for period in actuals})
    if years:  # every year from the first to the last, even one without a target or a value
        years = list(range(years[0], years[-1] + 1))
    with DRAWING, _settings(f"ortakakil-trend-{chart_id}" if chart_id else "ortakakil-trend"):
        figure = Figure(figsize=size, layout="constrained")
        axes = figure.add_subplot()
        if title_on_chart:
            axes.set_title(_title_lines(labels.title, size[0]), fontsize=text_size + 0.5, loc="left", fontweight="bold")
        if baseline is not None:
            axes.axhline(baseline, color=BASELINE, linestyle=":", linewidth=1.2, label=labels.baseline)
        if steps:
            # A step per year: the year's target held over the year, marked at its end.
            axes.plot(
                [float(steps[0][0])] + [year + 1.0 for year, _value in steps],
                [steps[0][1]] + [value for _year, value in steps],
                drawstyle="steps-pre",
                markevery=slice(1, None),
                color=TARGET,
                linestyle="--",
                linewidth=1.2,
                marker="s",
                markersize=text_size * 0.5,
                label=labels.target,
                gid="target",
            )
        if points:
            axes.plot(
                [t for t, _value in points],
                [value for _t, value in points],
                color=ACTUAL,
                linewidth=1.6,
                marker="o",
                markersize=text_size * 0.55,
                label=labels.actual,
                gid="actual",
            )
        if years:
            axes.set_xlim(years[0] - 0.1, years[-1] + 1.1)
            axes.set_xticks([year + 0.5 for year in years], [str(year) for year in years])
            axes.tick_params(axis="x", length=0)
            for year in years[1:]:
                axes.axvline(year, color=GRID, linewidth=0.5)
        else:
            axes.set_xticks([])
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        axes.yaxis.set_major_formatter(lambda value, _pos: format_number(value, labels.marks))
        if labels.unit:
            axes.set_ylabel(labels.unit, fontsize=text_size, color=INK)
        axes.tick_params(labelsize=text_size, labelcolor=INK, color="#9aa5b1")
        axes.grid(axis="y", color=GRID, linewidth=0.5)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if points or steps or baseline is not None:  # else nothing to name
            _legend(figure, text_size)
        drawn = _save(figure, fmt)
    if chart_id and isinstance(drawn, str):
        return inline_svg(
            drawn,
            chart_id=chart_id,
            title=labels.title,
            description=labels.description,
            described_by=described_by,
            scope_ids=True,
        )
    return drawn


def _legend(figure: Figure, text_size: float) -> None:
    """The legend under the chart, in one row, or in as many as it needs not to be cut off."""
    FigureCanvasAgg(figure)  # measures the text (the SVG canvas, if any, replaces it when saving)
    entries = len(figure.axes[0].get_legend_handles_labels()[0])
    for columns in range(entries, 0, -1):
        legend = figure.legend(
            loc="outside lower left",
            ncols=columns,
            frameon=False,
            fontsize=text_size,
            handlelength=1.8,
            columnspacing=0.9,
            labelcolor=INK,
        )
        if legend.get_window_extent().width <= figure.bbox.width or columns == 1:
            return
        legend.remove()


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

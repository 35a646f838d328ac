"""Bütçe su çizgisi grafiği — the budget waterline drawn as an SVG chart. Pure: no Django.

The waterline of :func:`.explain.waterline` ranks every project by value per lira, best first,
and adds up their costs over *all* the scenario's years; the line is the sum of the yearly
budgets. The chart draws each project as one row, a bar from the cumulative cost before it to the
cumulative cost with it (the bars follow one another left to right), and the budget as a vertical
line. A selected project is a solid bar, a project left out a light hatched one; the part of a bar
past the line is faded: a ranking alone would not fund it. The optimiser fits each year's budget
separately, so it may select projects past the line and leave out some before it.

A long list is bounded: at most ``MAX_ROWS`` rows are drawn, the projects around the point
where the cumulative cost passes the budget, and the projects before and after that window each
become one summary row (the page's table lists them all).

The caller passes the translated words in (:class:`WaterlineLabels`); the chart is returned as
SVG markup ready to inline in HTML (no XML prolog, ``role="img"``, a ``<title>`` and a ``<desc>``).
Project names are user input: matplotlib escapes every text it writes, and mathtext is off, so a
name is drawn exactly as typed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import text_to_path
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ortakakil.core.drawing import DRAWING, inline_svg

# DejaVu Sans has every Turkish letter (ç ğ ı İ ö ş ü) and sets the layout; the browser draws the
# text, falling back to Verdana (of similar widths) or another sans-serif face.
FONTS = ["DejaVu Sans", "Verdana", "Arial"]

MAX_ROWS = 30
"""Rows drawn at most, the summary rows included."""
BEFORE_LINE = 18
"""Of a bounded window, how many projects come before the first one past the budget."""
LABEL_CHARACTERS = 24
"""A row's name is cut to this many characters (an ellipsis included)."""

# Figure geometry in inches. The figure is narrow so that, scaled down to a phone's width, its
# 9-point text stays about 9 pixels high; wider screens scale it up.
WIDTH = 4.8
MARGIN_LEFT, MARGIN_RIGHT = 1.75, 0.35
MARGIN_TOP, MARGIN_BOTTOM = 0.6, 0.55
ROW = 0.24
TEXT_SIZE = 9.0

SELECTED = "#1f4e79"
LEFT_OUT = "#d5dbe1"
LEFT_OUT_EDGE = "#5b6670"
SUMMARY = "#eef1f4"
LINE = "#b45309"  # the waterline, as the table's border
PAGE_INK = "#1b1f24"
PAST_LINE_ALPHA = 0.35
TURKISH_MARKS = (".", ",")


@dataclass(frozen=True)
class Bar:
    """One project in waterline order: its name (code and title, as typed), its cost over all the
    years and whether the optimiser selected it."""

    label: str
    cost: float
    selected: bool


@dataclass(frozen=True)
class WaterlineLabels:
    """The chart's words, already translated."""

    title: str
    description: str
    cost_axis: str
    budget: str
    """Written next to the line, before the amount (e.g. «Toplam bütçe»)."""
    selected: str
    left_out: str
    past_line: str
    units: tuple[str, str, str]
    """Short words for thousand, million and billion lira on the axis (e.g. «bin», «mn», «mr»)."""
    earlier: Callable[[int], str]
    """The summary row of the projects before the window: their count → its name (short)."""
    later: Callable[[int], str]
    """The summary row of the projects after the window."""
    marks: tuple[str, str] = TURKISH_MARKS
    """The language's thousands separator and decimal mark, for the amounts drawn."""


@dataclass(frozen=True)
class Window:
    """The rows ``start``…``end - 1`` are drawn one by one; the rest are summarised."""

    start: int
    end: int
    crossing: int
    """The first project whose cumulative cost passes the budget (``len(bars)`` when none does)."""


def format_number(value: float, decimals: int = 0, marks: tuple[str, str] = TURKISH_MARKS) -> str:
    """A number with ``marks`` = (thousands separator, decimal mark), the Turkish way by default:
    dots between thousands, a decimal comma (``1.234.567,5``); trailing zeros of the decimals are
    dropped."""
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    thousands, decimal = marks
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def crossing(bars: Sequence[Bar], budget: float) -> int:
    """The index of the first project whose cumulative cost passes ``budget``, as
    :func:`.explain.waterline` marks it (``len(bars)`` when everything fits)."""
    cumulative = 0.0
    for index, bar in enumerate(bars):
        cumulative += bar.cost
        if cumulative > budget + 1e-6:
            return index
    return len(bars)


def window(count: int, cross: int, *, max_rows: int = MAX_ROWS, before: int = BEFORE_LINE) -> Window:
    """Which rows to draw one by one: all of them when they fit in ``max_rows``; else up to
    ``max_rows - 2`` around ``cross`` (two rows stay for the summaries)."""
    if count <= max_rows:
        return Window(0, count, cross)
    shown = max_rows - 2
    start = min(max(cross - before, 0), count - shown)
    return Window(start, start + shown, cross)


def compact_money(value: float, units: tuple[str, str, str], marks: tuple[str, str] = TURKISH_MARKS) -> str:
    """An axis amount in lira, short: ``250 mn``, ``1,5 mr``, ``800 bin``, ``0``."""
    size = abs(value)
    for scale, unit in ((1e9, units[2]), (1e6, units[1]), (1e3, units[0])):
        if size >= scale:
            return f"{format_number(value / scale, 2, marks)} {unit}"
    return format_number(value, 2, marks)


def short_label(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def fit_label(text: str, points: float, size: float = TEXT_SIZE) -> str:
    """``short_label(text)``, cut further until DejaVu Sans at ``size`` sets it within ``points``
    (wide letters — «MŞW» — take more room than the character count allows for)."""
    font = FontProperties(family=FONTS[0], size=size)
    label = short_label(text)
    while len(label) > 1 and text_to_path.get_text_width_height_descent(label, font, ismath=False)[0] > points:
        label = label.removesuffix("…")[:-1].rstrip() + "…"
    return label


def waterline_chart_svg(
    bars: Sequence[Bar],
    *,
    budget: float,
    labels: WaterlineLabels,
    chart_id: str = "waterline-chart",
    described_by: str = "",
) -> str:
    """The budget waterline as inline SVG; ``bars`` in waterline order (best value per lira first).

    ``budget`` is the total over all the years. ``described_by`` names elements of the page that
    describe the chart further (the waterline table); the chart's ``<desc>`` comes first. Ids
    written into the markup: ``{chart_id}-title``, ``{chart_id}-desc``, each project's bar
    ``{chart_id}-in-{rank}`` or ``{chart_id}-out-{rank}`` (rank from 1), the part past the line
    ``{chart_id}-past-{rank}``, the summaries ``{chart_id}-earlier`` and ``{chart_id}-later``, the
    line ``{chart_id}-line``.
    """
    cross = crossing(bars, budget)
    shown = window(len(bars), cross)
    starts: list[float] = []
    cumulative = 0.0
    for bar in bars:
        starts.append(cumulative)
        cumulative += max(bar.cost, 0.0)
    total = cumulative
    ends = [start + max(bar.cost, 0.0) for start, bar in zip(starts, bars, strict=True)]

    # rows: (y label, start, end, kind, rank); kind is "in", "out", "earlier" or "later"
    rows: list[tuple[str, float, float, str, int]] = []
    if shown.start:
        earlier = bars[: shown.start]
        rows.append((labels.earlier(len(earlier)), 0.0, starts[shown.start], "earlier", 0))
    for index in range(shown.start, shown.end):
        bar = bars[index]
        rows.append((bar.label, starts[index], ends[index], "in" if bar.selected else "out", index + 1))
    if shown.end < len(bars):
        later = bars[shown.end :]
        rows.append((labels.later(len(later)), starts[shown.end], total, "later", 0))

    if shown.start or shown.end < len(bars):
        low = starts[shown.start] if shown.start else 0.0
        high = ends[shown.end - 1] if shown.end > shown.start else total
        low, high = min(low, budget), max(high, budget)
        pad = 0.04 * (high - low or 1.0)
        x_min, x_max = (max(low - pad, 0.0) if shown.start else 0.0), high + pad
    else:
        x_min, x_max = 0.0, max(total, budget, 1.0) * 1.04

    axes_height = max(len(rows), 1) * ROW
    height = MARGIN_TOP + axes_height + MARGIN_BOTTOM

    # Text stays text (searchable, sharp, Turkish letters intact); mathtext is off so that a
    # project named "$x$" is drawn as typed; a fixed salt keeps the ids stable.
    settings = matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "ortakakil-waterline",
            "font.family": "sans-serif",
            "font.sans-serif": FONTS,
            "text.parse_math": False,
            "hatch.color": LEFT_OUT_EDGE,
            "hatch.linewidth": 0.6,
        }
    )
    with DRAWING, settings:  # rc_context changes global settings: one chart at a time
        figure = Figure(figsize=(WIDTH, height))
        FigureCanvasSVG(figure)
        axes_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
        axes = figure.add_axes((MARGIN_LEFT / WIDTH, MARGIN_BOTTOM / height, axes_width / WIDTH, axes_height / height))
        axes.set_xlim(x_min, x_max)
        axes.set_ylim(max(len(rows), 1) - 0.5, -0.5)  # the best value per lira at the top
        label_room = MARGIN_LEFT * 72 - 6  # points, less the tick labels' pad
        axes.set_yticks(range(len(rows)), [fit_label(row[0], label_room) for row in rows])
        axes.xaxis.set_major_locator(MaxNLocator(nbins=4, min_n_ticks=2))
        axes.xaxis.set_major_formatter(
            FuncFormatter(lambda value, _position: compact_money(value, labels.units, labels.marks))
        )
        axes.tick_params(axis="y", length=0, labelsize=TEXT_SIZE, labelcolor=PAGE_INK)
        axes.tick_params(axis="x", labelsize=TEXT_SIZE, labelcolor=PAGE_INK, color="#9aa5b1")
        axes.set_xlabel(labels.cost_axis, fontsize=TEXT_SIZE, color=PAGE_INK)
        axes.grid(axis="x", color="#e1e5ea", linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        axes.spines["bottom"].set_color("#9aa5b1")

        for y, (_name, left, right, kind, rank) in enumerate(rows):
            _draw_row(axes, y, left, right, kind, f"{chart_id}-{kind}-{rank}" if rank else f"{chart_id}-{kind}")
            if kind in ("in", "out") and right > budget + 1e-6:
                cut = max(left, budget)
                axes.barh(
                    y,
                    right - cut,
                    left=cut,
                    height=0.7,
                    color="white",
                    alpha=1 - PAST_LINE_ALPHA,
                    linewidth=0,
                    gid=f"{chart_id}-past-{rank}",
                )

        axes.axvline(budget, color=LINE, linewidth=2, gid=f"{chart_id}-line", zorder=4)
        position = (budget - x_min) / (x_max - x_min)
        axes.text(
            budget,
            1.0,
            f"{labels.budget}: {compact_money(budget, labels.units, labels.marks)} TL",
            transform=axes.get_xaxis_transform(),
            ha="right" if position > 0.6 else ("left" if position < 0.4 else "center"),
            va="bottom",
            fontsize=TEXT_SIZE,
            fontweight="bold",
            color=LINE,
            clip_on=False,
        )
        figure.legend(
            handles=[
                Patch(facecolor=SELECTED, edgecolor=SELECTED, label=labels.selected),
                Patch(facecolor=LEFT_OUT, edgecolor=LEFT_OUT_EDGE, hatch="////", label=labels.left_out),
                Patch(facecolor="#9aa5b1", edgecolor="#9aa5b1", alpha=PAST_LINE_ALPHA, label=labels.past_line),
            ],
            loc="upper left",
            bbox_to_anchor=(0.01, 1.0),
            ncols=3,
            frameon=False,
            fontsize=TEXT_SIZE,
            handlelength=1.2,
            handletextpad=0.4,
            columnspacing=0.9,
            borderaxespad=0.2,
            labelcolor=PAGE_INK,
        )

        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return inline_svg(
        buffer.getvalue(),
        chart_id=chart_id,
        title=labels.title,
        description=labels.description,
        described_by=described_by,
    )


def _draw_row(axes: Axes, y: int, left: float, right: float, kind: str, gid: str) -> None:
    """One row's bar: solid when selected, light and hatched when left out, pale for a summary."""
    width = max(right - left, 0.0)
    if kind == "in":
        axes.barh(y, width, left=left, height=0.7, color=SELECTED, edgecolor=SELECTED, linewidth=0.6, gid=gid)
    elif kind == "out":
        axes.barh(
            y,
            width,
            left=left,
            height=0.7,
            color=LEFT_OUT,
            edgecolor=LEFT_OUT_EDGE,
            hatch="////",
            linewidth=0.6,
            gid=gid,
        )
    else:  # a summary of many projects
        axes.barh(y, width, left=left, height=0.7, color=SUMMARY, edgecolor="#9aa5b1", linewidth=0.6, gid=gid)

"""Paydaş öncelik matrisi grafiği — the stakeholder priority matrix drawn as an SVG chart. Pure: no Django.

The planning guide's matrix (see ``matrix.py``) puts importance (önem) on the x axis and influence
(etki) on the y axis, both scored 1–5 and split at 2.5 (3 and above is "strong"). Each quadrant is
tinted and carries its action; the stakeholders are bubbles at their integer cell, the bubble's
area proportional to the number of stakeholders in that cell, the count written inside.

The caller passes the translated words in (``ChartLabels``); the chart is returned as SVG markup
ready to inline in HTML (no XML prolog, ``role="img"`` and a ``<title>`` naming it).
"""

from __future__ import annotations

import io
import math
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from ortakakil.core.drawing import DRAWING, inline_svg

from .matrix import STRONG_FROM, Priority, priority

LOWEST, HIGHEST = 1, 5
SPLIT = STRONG_FROM - 0.5
# DejaVu Sans has every Turkish letter (ç ğ ı İ ö ş ü) and sets the layout; the browser draws the
# text, falling back to Verdana (of similar widths) or another sans-serif face.
FONTS = ["DejaVu Sans", "Verdana", "Arial"]

# Figure geometry in inches. One score step is drawn as UNIT inches on both axes, so circles in
# data units stay round and the space a label or count needs can be worked out beforehand.
WIDTH = 6.4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_TOP = 0.8, 0.2, 0.7, 0.15
UNIT = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / (HIGHEST - LOWEST + 1)
POINTS_PER_UNIT = UNIT * 72

LABEL_SIZE = 10.5  # points; quadrant actions, bold
LABEL_LINE = 1.3 * LABEL_SIZE
COUNT_SIZE = 11  # points; the count inside a bubble, bold
MAX_RADIUS = 0.42  # score units; the fullest cell's bubble nearly fills it

BACKGROUND = {
    Priority.MONITOR: "#eef1f4",
    Priority.INFORM: "#e4edf7",
    Priority.INVOLVE: "#fcefe0",
    Priority.PARTNER: "#e3f2e8",
}
INK = {  # at least 7:1 against the quadrant's background
    Priority.MONITOR: "#3f4a55",
    Priority.INFORM: "#1f4e79",
    Priority.INVOLVE: "#843805",
    Priority.PARTNER: "#1e6b3a",
}
BUBBLE = "#1f4e79"
PAGE_INK = "#1b1f24"
_STRONG_IMPORTANCE = (Priority.INVOLVE, Priority.PARTNER)
_STRONG_INFLUENCE = (Priority.INFORM, Priority.PARTNER)


@dataclass(frozen=True)
class ChartLabels:
    """The chart's words, already translated: the axis titles and each quadrant's action."""

    importance: str
    influence: str
    actions: Mapping[Priority, str]


def cell_counts(points: Sequence[tuple[str, int, int]]) -> dict[tuple[int, int], int]:
    """How many stakeholders share each (importance, influence) cell; scores outside 1–5 are refused."""
    cells: Counter[tuple[int, int]] = Counter()
    for _name, influence, importance in points:
        priority(influence, importance)  # validates both scores
        cells[(importance, influence)] += 1
    return dict(sorted(cells.items()))


def priority_chart_svg(
    points: Sequence[tuple[str, int, int]],
    *,
    title: str,
    labels: ChartLabels,
    chart_id: str = "priority-chart",
) -> str:
    """The priority matrix as inline SVG; ``points`` are (name, influence, importance).

    Only the counts are drawn: the page lists the names next to the chart (its text alternative).

    ``title`` becomes the SVG's accessible name; ``chart_id`` prefixes the ids written into the
    markup (the title, each bubble ``{chart_id}-cell-{importance}-{influence}``, its count
    ``{chart_id}-count-…`` and each quadrant's action ``{chart_id}-{priority}``).
    """
    cells = cell_counts(points)
    lines = {key: _wrap(labels.actions[key], strong_importance=key in _STRONG_IMPORTANCE) for key in Priority}
    top_band = _band(max(len(lines[Priority.INFORM]), len(lines[Priority.PARTNER])))
    bottom_band = _band(max(len(lines[Priority.MONITOR]), len(lines[Priority.INVOLVE])))
    x_min, x_max = LOWEST - 0.5, HIGHEST + 0.5
    y_min, y_max = LOWEST - 0.5 - bottom_band, HIGHEST + 0.5 + top_band
    axes_height = (y_max - y_min) * UNIT
    height = MARGIN_BOTTOM + axes_height + MARGIN_TOP

    # Text stays text (searchable, sharp, Turkish letters intact); a fixed salt keeps the ids stable.
    settings = matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "ortakakil-chart",
            "font.family": "sans-serif",
            "font.sans-serif": FONTS,
        }
    )
    with DRAWING, settings:  # rc_context changes global settings: one chart at a time
        figure = Figure(figsize=(WIDTH, height))
        FigureCanvasSVG(figure)
        axes_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
        axes = figure.add_axes((MARGIN_LEFT / WIDTH, MARGIN_BOTTOM / height, axes_width / WIDTH, axes_height / height))
        axes.set_xlim(x_min, x_max)
        axes.set_ylim(y_min, y_max)
        axes.set_xticks(range(LOWEST, HIGHEST + 1))
        axes.set_yticks(range(LOWEST, HIGHEST + 1))
        axes.tick_params(length=0, labelsize=10, labelcolor=PAGE_INK)
        axes.set_xlabel(labels.importance, fontsize=11, color=PAGE_INK)
        axes.set_ylabel(labels.influence, fontsize=11, color=PAGE_INK)
        for spine in axes.spines.values():
            spine.set_visible(False)

        for key in Priority:
            strong_influence = key in _STRONG_INFLUENCE
            left, right = (SPLIT, x_max) if key in _STRONG_IMPORTANCE else (x_min, SPLIT)
            bottom, top = (SPLIT, y_max) if strong_influence else (y_min, SPLIT)
            tint = Rectangle((left, bottom), right - left, top - bottom, facecolor=BACKGROUND[key], edgecolor="white")
            tint.set_linewidth(3)  # white gutters between the quadrants
            axes.add_patch(tint)
            pad = 0.1
            axes.text(
                (left + right) / 2,
                top - pad if strong_influence else bottom + pad,
                "\n".join(lines[key]),
                ha="center",
                va="top" if strong_influence else "bottom",
                fontsize=LABEL_SIZE,
                fontweight="bold",
                color=INK[key],
                linespacing=1.3,
                gid=f"{chart_id}-{key.value}",
            )

        # Faint dots mark every cell, so an empty cell still reads as a position.
        grid = [(x, y) for x in range(LOWEST, HIGHEST + 1) for y in range(LOWEST, HIGHEST + 1)]
        axes.scatter([x for x, _ in grid], [y for _, y in grid], s=4, color="#9aa5b1", linewidths=0, zorder=2)

        fullest = max(cells.values(), default=1)
        for (importance, influence), count in cells.items():
            radius = MAX_RADIUS * math.sqrt(count / fullest)  # area ∝ count
            axes.add_patch(
                Circle(
                    (importance, influence),
                    radius,
                    facecolor=BUBBLE,
                    edgecolor="white",
                    lw=1.5,
                    zorder=3,
                    gid=f"{chart_id}-cell-{importance}-{influence}",
                )
            )
            fits = 2 * radius * POINTS_PER_UNIT >= COUNT_SIZE * (0.7 * len(str(count)) + 0.4)
            axes.text(
                importance if fits else importance + radius + 0.04,
                influence,
                str(count),
                ha="center" if fits else "left",
                va="center_baseline",
                fontsize=COUNT_SIZE,
                fontweight="bold",
                color="white" if fits else PAGE_INK,
                zorder=4,
                gid=f"{chart_id}-count-{importance}-{influence}",
            )

        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return inline_svg(
        buffer.getvalue(), chart_id=chart_id, title=title, attributes='style="max-width: 100%; height: auto"'
    )


def _wrap(text: str, *, strong_importance: bool) -> list[str]:
    """Break a quadrant's action into lines that fit the quadrant's width (an estimate of DejaVu Sans Bold)."""
    width_units = (HIGHEST + 0.5 - SPLIT) if strong_importance else (SPLIT - LOWEST + 0.5)
    characters = int(0.9 * width_units * POINTS_PER_UNIT / (0.66 * LABEL_SIZE))
    return textwrap.wrap(text, width=characters) or [""]


def _band(line_count: int) -> float:
    """Extra room, in score units, above or below the cells for a quadrant's action."""
    return (0.2 * 72 + line_count * LABEL_LINE) / POINTS_PER_UNIT

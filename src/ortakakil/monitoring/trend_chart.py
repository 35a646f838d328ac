"""Gösterge eğilim grafiği — an indicator's approved values by period against its yearly targets,
drawn as an SVG chart for the public scoreboard. Pure: no Django.

Time runs as in ``forecast.period_time`` (a six-month value at mid-year, a year-end value at the
year's end), so six-month and year-end values sit where they were measured. The approved values
are a solid line with round markers; the targets a dashed line with square markers at each year's
end; the baseline a dotted horizontal line. The caller passes the translated words in
(:class:`TrendLabels`); the chart comes back as inlineable SVG with ``role="img"``, a ``<title>``
and a ``<desc>`` (the page shows the same numbers in a table beside it).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ortakakil.core.drawing import DRAWING

from .forecast import period_time

FONTS = ["DejaVu Sans", "Verdana", "Arial"]
WIDTH, HEIGHT = 4.4, 2.5
TEXT_SIZE = 9.0
ACTUAL = "#1f4e79"
TARGET = "#8a4b00"
BASELINE = "#5b6670"
INK = "#1b1f24"


@dataclass(frozen=True)
class TrendLabels:
    title: str
    description: str
    actual: str
    target: str
    baseline: str


def _format(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def trend_chart_svg(
    *,
    actuals: Sequence[tuple[str, float]],
    targets: Sequence[tuple[int, float]],
    baseline: float | None,
    labels: TrendLabels,
    chart_id: str,
    described_by: str = "",
) -> str:
    """The chart of ``actuals`` (period, value) against ``targets`` (year, value)."""
    actual_points = sorted((period_time(period), value) for period, value in actuals)
    target_points = sorted((year + 1.0, value) for year, value in targets)
    times = [t for t, _ in actual_points] + [t for t, _ in target_points]
    settings = matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": f"ortakakil-trend-{chart_id}",
            "font.family": "sans-serif",
            "font.sans-serif": FONTS,
            "text.parse_math": False,
        }
    )
    with DRAWING, settings:  # rc_context changes global settings: one chart at a time
        figure = Figure(figsize=(WIDTH, HEIGHT))
        FigureCanvasSVG(figure)
        axes = figure.add_axes((0.16, 0.2, 0.8, 0.62))
        if baseline is not None:
            axes.axhline(baseline, color=BASELINE, linestyle=":", linewidth=1.2, label=labels.baseline)
        if target_points:
            axes.plot(
                [t for t, _ in target_points],
                [v for _, v in target_points],
                color=TARGET,
                linestyle="--",
                marker="s",
                markersize=4,
                linewidth=1.4,
                label=labels.target,
                gid=f"{chart_id}-target",
            )
        if actual_points:
            axes.plot(
                [t for t, _ in actual_points],
                [v for _, v in actual_points],
                color=ACTUAL,
                marker="o",
                markersize=5,
                linewidth=2,
                label=labels.actual,
                gid=f"{chart_id}-actual",
            )
        if times:
            axes.set_xlim(min(times) - 0.3, max(times) + 0.3)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True, min_n_ticks=2))
        # Time t = year + 1 is the end of that year (``period_time``): each tick names the year
        # that ends there, so a year-end value sits on its year's tick, a six-month value halfway.
        axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: str(round(value) - 1)))
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _format(value)))
        axes.tick_params(labelsize=TEXT_SIZE, labelcolor=INK, color="#9aa5b1")
        axes.grid(axis="y", color="#e1e5ea", linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if actual_points or target_points or baseline is not None:  # else nothing to name
            figure.legend(
                loc="upper left",
                bbox_to_anchor=(0.01, 1.0),
                ncols=3,
                frameon=False,
                fontsize=TEXT_SIZE,
                handlelength=1.8,
                columnspacing=0.9,
                labelcolor=INK,
            )
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _inline(buffer.getvalue(), labels=labels, chart_id=chart_id, described_by=described_by)


def _inline(svg: str, *, labels: TrendLabels, chart_id: str, described_by: str) -> str:
    """Drop the XML prolog, name and describe the image, scope its stylesheet to the chart."""
    svg = svg[svg.index("<svg") :]
    opening_end = svg.index(">") + 1
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    described = " ".join([desc_id, *described_by.split()])
    root = svg[:opening_end].replace(
        "<svg ",
        f'<svg id={quoteattr(chart_id)} role="img" aria-labelledby={quoteattr(title_id)} '
        f'aria-describedby={quoteattr(described)} class="chart-svg" ',
        1,
    )
    svg = (
        f"{root}\n <title id={quoteattr(title_id)}>{escape(labels.title)}</title>"
        f"\n <desc id={quoteattr(desc_id)}>{escape(labels.description)}</desc>{svg[opening_end:]}"
    )
    return svg.replace('<style type="text/css">*{', f'<style type="text/css">#{chart_id} *{{', 1)

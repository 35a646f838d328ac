"""The statistics charts as accessible inline SVG (pure: no Django).

* :func:`bar_chart` — horizontal bars, one per row (by channel, theme, stakeholder type, answer
  state, unit); a row without a figure (``None``: suppressed) gets no bar and the caller's dash;
* :func:`time_chart` — one line per series over periods (weeks or days), each point marked.

Both return one ``<svg>`` element with ``role="img"``, a ``<title>`` and a ``<desc>``, and
``aria-describedby`` naming the table that gives the same numbers beside the chart. They are drawn
by hand rather than with matplotlib: a few rectangles and lines, no lock, no font files, and the
text stays the page's text. The caller passes every word in, so the charts speak the page's
language; all text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

INK = "#1b1f24"
LABEL_CHAR_W = 6.3
"""About the width of a digit of the 11 px axis labels."""
LABEL_GAP = 8.0
MUTED = "#5b6670"
GRID = "#d5dbe1"
BAR = "#1f5f8b"
# Distinct on white with at least 3:1 contrast (WCAG 1.4.11 for graphics); lines also differ by marker.
SERIES = ("#1f5f8b", "#8a4b00", "#2e7d4f", "#7b3f8c", "#b3261e", "#4a5560")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")
FONT = 'font-family="sans-serif"'


def format_count(value: int) -> str:
    """A whole number the Turkish way: ``12.345``."""
    return f"{value:,}".replace(",", ".")


def _open(chart_id: str, width: float, height: float, title: str, description: str, described_by: str) -> str:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    described = " ".join([desc_id, *described_by.split()])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(chart_id)} class="stats-chart" '
        f'viewBox="0 0 {width:g} {height:g}" role="img" aria-labelledby={quoteattr(title_id)} '
        f'aria-describedby={quoteattr(described)} preserveAspectRatio="xMinYMin meet">'
        f"<title id={quoteattr(title_id)}>{escape(title)}</title>"
        f"<desc id={quoteattr(desc_id)}>{escape(description)}</desc>"
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    rows: Sequence[tuple[str, int | None]],
    *,
    chart_id: str,
    title: str,
    description: str,
    described_by: str = "",
    missing: str = "—",
    empty: str = "",
) -> str:
    """Horizontal bars of ``rows`` (label, figure) scaled to the largest figure."""
    label_w, bar_w, value_w, row_h, pad = 190.0, 280.0, 60.0, 26.0, 8.0
    width = label_w + bar_w + value_w
    height = max(1, len(rows)) * row_h + 2 * pad
    top = max((v for _, v in rows if v is not None), default=0)
    parts = [_open(chart_id, width, height, title, description, described_by)]
    if not rows and empty:
        parts.append(f'<text x="{pad:g}" y="{pad + 17:g}" font-size="13" fill="{MUTED}" {FONT}>{escape(empty)}</text>')
    for i, (label, value) in enumerate(rows):
        y = pad + i * row_h
        parts.append(
            f'<text x="{label_w - 8:g}" y="{y + 17:g}" text-anchor="end" font-size="13" fill="{INK}" {FONT}>'
            f"{escape(_shorten(label, 26))}</text>"
        )
        if value is None:
            shown, length = missing, 0.0
        else:
            shown, length = format_count(value), (bar_w * value / top if top else 0.0)
        if length > 0:
            parts.append(
                f'<rect x="{label_w:g}" y="{y + 4:g}" width="{max(length, 1.0):.1f}" '
                f'height="{row_h - 8:g}" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 17:g}" font-size="13" fill="{INK}" {FONT}>'
            f"{escape(shown)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y:.1f}L{x:.1f} {y + 4.5:.1f}L{x - 4.5:.1f} {y:.1f}Z" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y + 4:.1f}L{x - 4.5:.1f} {y + 4:.1f}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _ticks(top: int) -> list[int]:
    """Up to five round gridline values from 0 to at least ``top``."""
    if top <= 0:
        return [0, 1]
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    ticks = list(range(0, top + step, step))
    return ticks if ticks[-1] >= top else [*ticks, ticks[-1] + step]


def time_chart(
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    chart_id: str,
    title: str,
    description: str,
    described_by: str = "",
    empty: str = "",
) -> str:
    """One line per series (label, a figure for each of ``periods``); the legend above the plot."""
    width, left, right, legend_h, plot_h, bottom = 560.0, 48.0, 12.0, 22.0 * ((len(series) + 1) // 2), 200.0, 46.0
    height = legend_h + plot_h + bottom + 10
    parts = [_open(chart_id, width, height, title, description, described_by)]
    for i, (label, _values) in enumerate(series):
        colour, shape = SERIES[i % len(SERIES)], MARKERS[i % len(MARKERS)]
        lx, ly = 8 + (i % 2) * 270, 14 + (i // 2) * 22
        parts.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        parts.append(_marker(shape, lx + 11, ly, colour))
        parts.append(f'<text x="{lx + 28}" y="{ly + 4}" font-size="12" fill="{INK}" {FONT}>{escape(label)}</text>')
    plot_top = legend_h + 10
    plot_w = width - left - right
    if not periods:
        if empty:
            parts.append(
                f'<text x="{left:g}" y="{plot_top + plot_h / 2:g}" font-size="13" fill="{MUTED}" {FONT}>'
                f"{escape(empty)}</text>"
            )
        parts.append("</svg>")
        return "".join(parts)
    top = max((v for _, values in series for v in values), default=0)
    ticks = _ticks(top)
    scale_top = ticks[-1]

    def y_of(value: float) -> float:
        return plot_top + plot_h - plot_h * value / scale_top

    def x_of(index: int) -> float:
        return left + (plot_w / 2 if len(periods) == 1 else plot_w * index / (len(periods) - 1))

    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{left:g}" y1="{y:.1f}" x2="{width - right:g}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 6:g}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{MUTED}" {FONT}>'
            f"{format_count(tick)}</text>"
        )
    # As many period names under the axis as fit side by side (a digit of 11 px type is about
    # 6.3 px wide), the last one always; a name that would touch the one before is left out.
    label_w = LABEL_CHAR_W * max((len(period) for period in periods), default=0)
    every = max(1, math.ceil(len(periods) * (label_w + LABEL_GAP) / plot_w))
    last = len(periods) - 1
    placed: list[tuple[float, float, str]] = []
    for index, period in enumerate(periods):
        if index % every and index != last:
            continue
        x = x_of(index)
        # The first and last names end at the plot's edges, so none is cut off by the image's border.
        anchor, start = "middle", x - label_w / 2
        if len(periods) > 1 and index == 0:
            anchor, start = "start", x
        elif len(periods) > 1 and index == last:
            anchor, start = "end", x - label_w
        if placed and start < placed[-1][1] + LABEL_GAP:
            if index != last:
                continue
            placed.pop()  # the last period's name wins over the one just before it
        placed.append(
            (
                start,
                start + label_w,
                f'<text x="{x:.1f}" y="{plot_top + plot_h + 16:g}" text-anchor="{anchor}" font-size="11" '
                f'fill="{MUTED}" {FONT}>{escape(period)}</text>',
            )
        )
    parts.extend(svg for _start, _end, svg in placed)
    for i, (_label, values) in enumerate(series):
        colour, shape = SERIES[i % len(SERIES)], MARKERS[i % len(MARKERS)]
        points = [(x_of(j), y_of(v)) for j, v in enumerate(values)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        if len(points) <= 60:
            parts.extend(_marker(shape, x, y, colour) for x, y in points)
    parts.append("</svg>")
    return "".join(parts)

"""Pure layout of a timeline (phases, preparation tasks) as percentages of a span.

No Django here: the templates draw bars with ``left``/``width`` percentages that this
module computes, so the page needs no JavaScript and the arithmetic is tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bar:
    left: float
    """Offset of the bar's start from the span's start, in percent of the span."""
    width: float
    """Length of the bar in percent of the span (at least ``min_width``)."""


MAJOR_GAP = 25.0
"""Major ticks are at least this far apart (percent of the axis): they fit a phone's axis."""
MINOR_GAP = 12.5
"""All shown ticks are at least this far apart; minor ones show only on a wide axis (CSS)."""
EDGE = 8.0
"""A label closer than this to an end of the axis is aligned to that end, not centred on it."""


@dataclass(frozen=True)
class Tick:
    label: str
    left: float
    minor: bool = False
    """Shown only on a wide axis: the stylesheet hides minor labels on a narrow one (a phone),
    so that labels never overlap («06.2007.2008.20…»)."""
    align: str = "center"
    """``start``, ``center`` or ``end``: labels at the ends of the axis stay inside it."""


def span_of(intervals: list[tuple[date, date]]) -> tuple[date, date] | None:
    """The smallest span holding every interval, or ``None`` when there are none."""
    if not intervals:
        return None
    return min(start for start, _ in intervals), max(end for _, end in intervals)


def bar(start: date, end: date, span: tuple[date, date], min_width: float = 0.8) -> Bar:
    """Place the inclusive interval [start, end] on ``span``, clipped to it."""
    span_start, span_end = span
    days = (span_end - span_start).days + 1
    first = max(start, span_start)
    last = min(end, span_end)
    if last < first:
        return Bar(left=100.0 if start > span_end else 0.0, width=0.0)
    left = 100.0 * (first - span_start).days / days
    width = 100.0 * ((last - first).days + 1) / days
    width = max(width, min_width)
    width = min(width, 100.0 - left)
    return Bar(left=round(left, 3), width=round(width, 3))


def month_ticks(span: tuple[date, date], max_ticks: int = 12) -> list[Tick]:
    """Ticks at the first day of months inside ``span``, thinned to at most ``max_ticks``, then
    split into major and minor ones (``thin``) so that no labels overlap on a phone.

    Labels are ``MM.YYYY`` so they read the same in Turkish and English.
    """
    span_start, span_end = span
    days = (span_end - span_start).days + 1
    months: list[date] = []
    year, month = span_start.year, span_start.month
    if span_start.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while (current := date(year, month, 1)) <= span_end:
        months.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, -(-len(months) // max_ticks))
    candidates = months[::step]
    lefts = [round(100.0 * (m - span_start).days / days, 3) for m in candidates]
    ranks = thin(lefts)
    return [
        Tick(label=f"{m.month:02d}.{m.year}", left=left, minor=rank == 1, align=_align(left))
        for m, left, rank in zip(candidates, lefts, ranks, strict=True)
        if rank is not None
    ]


def thin(lefts: list[float], gaps: tuple[float, ...] = (MAJOR_GAP, MINOR_GAP)) -> list[int | None]:
    """The level of each position (0 major, 1 minor …; ``None`` dropped), read left to right.

    Level by level, a position is taken when it keeps ``gaps[level]`` from every position taken
    so far; gaps shrink from level to level, so any two shown positions of levels ``a`` and
    ``b`` are at least ``gaps[max(a, b)]`` apart: showing the levels up to some ``k`` never
    brings two labels closer than ``gaps[k]``.
    """
    levels: list[int | None] = [None] * len(lefts)
    taken: list[float] = []
    for level, gap in enumerate(gaps):
        for index, left in enumerate(lefts):
            if levels[index] is None and all(abs(left - other) >= gap for other in taken):
                levels[index] = level
                taken.append(left)
    return levels


def _align(left: float) -> str:
    if left < EDGE:
        return "start"
    if left > 100.0 - EDGE:
        return "end"
    return "center"

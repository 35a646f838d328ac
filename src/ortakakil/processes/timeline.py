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


@dataclass(frozen=True)
class Tick:
    label: str
    left: float


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
    """Ticks at the first day of months inside ``span``, thinned to at most ``max_ticks``.

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
    return [
        Tick(label=f"{m.month:02d}.{m.year}", left=round(100.0 * (m - span_start).days / days, 3))
        for m in months[::step]
    ]

"""The opinion map's drawing, laid out without Django: participants' points in SVG coordinates,
each group with its colour, its marker shape and its letter, the outline (convex hull) of every
group, and the viewer's own point. A template turns the layout into inline SVG.

Colour is never the only cue: every group also has its own marker shape and its letter at its
centre (the Okabe–Ito palette, safe for the common colour-vision deficiencies). Large
conversations draw at most ``max_points`` points (an even, deterministic sample; the outlines and
the counts always use everyone), so the page stays light on a phone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
"""Okabe–Ito colours, one per group (at most five groups, one spare)."""
SHAPES = ("circle", "square", "triangle", "diamond", "cross", "circle")
LETTERS = "ABCDEF"
UNGROUPED = "#6b6b6b"
WIDTH, HEIGHT, PAD = 600.0, 400.0, 28.0
MAX_POINTS = 1500


def group_letter(index: int) -> str:
    """Groups are named A, B, C … in the order of their ids."""
    return LETTERS[index] if 0 <= index < len(LETTERS) else str(index + 1)


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    group: int | None
    shape: str
    colour: str
    path: str
    """The marker as an SVG path centred on (x, y) (every shape is a path: one template line)."""


@dataclass(frozen=True)
class Outline:
    group: int
    letter: str
    colour: str
    points: str
    """The hull as an SVG ``points`` attribute (empty when the group has fewer than 3 distinct points)."""
    label_x: float
    label_y: float
    size: int


@dataclass(frozen=True)
class MapLayout:
    width: float
    height: float
    marks: list[Mark]
    outlines: list[Outline]
    viewer: Mark | None
    drawn: int
    total: int


def _marker(shape: str, x: float, y: float, r: float) -> str:
    if shape == "square":
        s = r * 0.9
        return f"M{x - s:.1f} {y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z"
    if shape == "triangle":
        return f"M{x:.1f} {y - r * 1.2:.1f}L{x + r * 1.1:.1f} {y + r * 0.8:.1f}L{x - r * 1.1:.1f} {y + r * 0.8:.1f}Z"
    if shape == "diamond":
        s = r * 1.25
        return f"M{x:.1f} {y - s:.1f}L{x + s:.1f} {y:.1f}L{x:.1f} {y + s:.1f}L{x - s:.1f} {y:.1f}Z"
    if shape == "cross":
        a, b = r * 1.2, r * 0.4
        return (
            f"M{x - b:.1f} {y - a:.1f}h{2 * b:.1f}v{a - b:.1f}h{a - b:.1f}v{2 * b:.1f}h{b - a:.1f}"
            f"v{a - b:.1f}h{-2 * b:.1f}v{b - a:.1f}h{b - a:.1f}v{-2 * b:.1f}h{a - b:.1f}Z"
        )
    return f"M{x - r:.1f} {y:.1f}a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0a{r:.1f} {r:.1f} 0 1 0 {-2 * r:.1f} 0Z"


def convex_hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain; counter-clockwise, without collinear points."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def style(group: int | None) -> tuple[str, str]:
    """(colour, shape) of a group; grey circles for participants in no group."""
    if group is None or group < 0:
        return UNGROUPED, "circle"
    return PALETTE[group % len(PALETTE)], SHAPES[group % len(SHAPES)]


def layout(
    points: Mapping[int, tuple[float, float, int | None]],
    *,
    viewer: int | None = None,
    max_points: int = MAX_POINTS,
    width: float = WIDTH,
    height: float = HEIGHT,
    pad: float = PAD,
) -> MapLayout:
    """Scale the participants' projections into the drawing (y grows downwards in SVG, so the
    second component is flipped to keep the usual orientation)."""
    if not points:
        return MapLayout(width, height, [], [], None, 0, 0)
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span = max(x1 - x0, y1 - y0, 1e-9)
    scale = min((width - 2 * pad) / span if x1 > x0 else float("inf"), (height - 2 * pad) / span)
    if scale == float("inf"):
        scale = 1.0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def to_svg(x: float, y: float) -> tuple[float, float]:
        return width / 2 + (x - cx) * scale, height / 2 - (y - cy) * scale

    ids = sorted(points)
    step = max(1, -(-len(ids) // max_points))
    radius = 4.0 if len(ids) <= 300 else 3.0
    marks = []
    for pid in ids[::step]:
        x, y = to_svg(points[pid][0], points[pid][1])
        colour, shape = style(points[pid][2])
        marks.append(Mark(x, y, points[pid][2], shape, colour, _marker(shape, x, y, radius)))

    by_group: dict[int, list[tuple[float, float]]] = {}
    for pid in ids:
        g = points[pid][2]
        if g is not None and g >= 0:
            by_group.setdefault(g, []).append(to_svg(points[pid][0], points[pid][1]))
    outlines = []
    for g in sorted(by_group):
        members = by_group[g]
        hull = convex_hull([(round(x, 1), round(y, 1)) for x, y in members])
        # The letter sits just above the group (not on its points, nor on the viewer's mark).
        mx = sum(x for x, _ in members) / len(members)
        my = min(y for _, y in members) - 16
        outlines.append(
            Outline(
                group=g,
                letter=group_letter(g),
                colour=style(g)[0],
                points=" ".join(f"{x:.1f},{y:.1f}" for x, y in hull) if len(hull) >= 3 else "",
                label_x=min(max(mx, pad), width - pad),
                label_y=min(max(my, pad), height - pad),
                size=len(members),
            )
        )
    you = None
    if viewer is not None and viewer in points:
        x, y = to_svg(points[viewer][0], points[viewer][1])
        colour, shape = style(points[viewer][2])
        you = Mark(x, y, points[viewer][2], shape, colour, _marker(shape, x, y, 7.0))
    return MapLayout(width, height, marks, outlines, you, len(marks), len(ids))

"""The map's layout and the cross-tab (pure: no database)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ortakakil.opinions.math import crosstab as ct
from ortakakil.opinions.math import mapdraw


def test_the_layout_fits_every_point_in_the_drawing_and_marks_the_viewer():
    points = {1: (-2.0, 1.0, 0), 2: (-1.5, 0.5, 0), 3: (-2.5, 0.0, 0), 4: (3.0, -1.0, 1), 5: (2.0, 2.0, None)}
    out = mapdraw.layout(points, viewer=4)
    assert out.total == 5 and out.drawn == 5
    for mark in out.marks:
        assert mapdraw.PAD - 0.01 <= mark.x <= out.width - mapdraw.PAD + 0.01
        assert mapdraw.PAD - 0.01 <= mark.y <= out.height - mapdraw.PAD + 0.01
    by_group = {m.group: m for m in out.marks}
    assert (
        by_group[0].shape == "circle" and by_group[1].shape == "square" and by_group[None].colour == mapdraw.UNGROUPED
    )
    assert by_group[0].colour != by_group[1].colour
    # y is flipped: the point with the larger second component is higher up.
    assert next(m for m in out.marks if m.group is None).y < by_group[1].y
    assert out.viewer is not None and out.viewer.group == 1
    assert [o.letter for o in out.outlines] == ["A", "B"]
    assert out.outlines[0].points.count(",") == 3 and out.outlines[1].points == ""  # B has one point: no hull
    assert out.outlines[0].size == 3


def test_a_large_map_is_sampled_but_the_outlines_count_everyone():
    points = {i: (float(i % 97), float(i % 89), i % 2) for i in range(5000)}
    out = mapdraw.layout(points, max_points=1000)
    assert out.drawn <= 1000 and out.total == 5000
    assert sum(o.size for o in out.outlines) == 5000


def test_an_empty_or_single_point_map_does_not_fail():
    assert mapdraw.layout({}).marks == []
    one = mapdraw.layout({7: (0.0, 0.0, 0)}, viewer=7)
    assert one.marks[0].x == mapdraw.WIDTH / 2 and one.viewer is not None


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=1, max_size=40))
def test_the_hull_contains_every_point(points):
    hull = mapdraw.convex_hull(points)
    if len(hull) < 3:
        return
    for p in points:
        for a, b in zip(hull, hull[1:] + hull[:1], strict=True):
            assert (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= -1e-6


TYPES = ["kamu", "universite", "dernek", "citizen"]


def test_the_crosstab_counts_and_shares():
    groups = [["kamu"] * 6 + ["citizen"] * 4 + [""] * 2, ["kamu"] * 2 + ["citizen"] * 6 + ["universite"]]
    tab = ct.crosstab(groups, TYPES, min_people=5)
    assert tab.types == ["kamu", "citizen", ct.OTHER]
    assert tab.counts == [[6, 4, 2], [2, 6, 1]]
    assert tab.row_totals == [12, 9] and tab.column_totals == [8, 10, 3] and tab.total == 21
    assert tab.folded == ["universite"]  # one university member: counted under "other or not known"
    assert tab.row_share(0, 0) == 0.5 and tab.column_share(1, 1) == 0.6


def test_the_crosstab_has_no_other_column_when_everyone_is_known_and_common():
    tab = ct.crosstab([["kamu"] * 5, ["kamu"] * 5], TYPES)
    assert tab.types == ["kamu"] and tab.folded == []


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*TYPES, "", "bilinmeyen"]), max_size=30), min_size=2, max_size=5))
def test_the_crosstab_loses_nobody_and_no_shown_type_is_rare(groups):
    tab = ct.crosstab(groups, TYPES, min_people=5)
    assert tab.total == sum(len(g) for g in groups)
    for key, total in zip(tab.types, tab.column_totals, strict=True):
        assert key == ct.OTHER or total >= 5

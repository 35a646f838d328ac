import datetime as dt
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from ortakakil.processes import timeline

SPAN = (dt.date(2019, 5, 1), dt.date(2020, 2, 29))


def test_bar_covering_the_whole_span_fills_it():
    bar = timeline.bar(*SPAN, SPAN)
    assert (bar.left, bar.width) == (0.0, 100.0)


def test_bar_of_the_first_half():
    span = (dt.date(2020, 1, 1), dt.date(2020, 1, 10))
    bar = timeline.bar(dt.date(2020, 1, 1), dt.date(2020, 1, 5), span)
    assert (bar.left, bar.width) == (0.0, 50.0)


def test_bar_outside_the_span_is_empty():
    bar = timeline.bar(dt.date(2021, 1, 1), dt.date(2021, 2, 1), SPAN)
    assert bar.width == 0.0


def test_one_day_bar_keeps_a_visible_minimum_width():
    bar = timeline.bar(dt.date(2019, 10, 19), dt.date(2019, 10, 19), SPAN)
    assert bar.width == 0.8


def test_month_ticks_start_at_first_full_month_and_thin_out():
    ticks = timeline.month_ticks((dt.date(2019, 5, 2), dt.date(2024, 12, 31)), max_ticks=12)
    assert ticks[0].label == "06.2019"
    assert len(ticks) <= 12
    assert all(0 <= t.left <= 100 for t in ticks)


def test_span_of_nothing_is_none():
    assert timeline.span_of([]) is None


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@given(dates, dates, dates, dates)
def test_bars_always_stay_inside_the_span(a, b, c, d):
    start, end = sorted((a, b))
    span = tuple(sorted((c, d)))
    bar = timeline.bar(start, end, span)
    assert 0 <= bar.left <= 100
    assert bar.width >= 0
    assert bar.left + bar.width <= 100 + 1e-9


# --- labels that never overlap (issue 8, point 12) -------------------------------------------


def test_ticks_of_a_five_year_span_split_into_major_and_minor():
    ticks = timeline.month_ticks((dt.date(2019, 5, 2), dt.date(2024, 12, 31)), max_ticks=12)
    majors = [t for t in ticks if not t.minor]
    assert ticks[0].label == "06.2019" and not ticks[0].minor
    assert len(majors) == 4
    assert all(b.left - a.left >= timeline.MAJOR_GAP for a, b in pairwise(majors))
    assert all(b.left - a.left >= timeline.MINOR_GAP for a, b in pairwise(ticks))


def test_labels_at_the_ends_are_aligned_to_the_ends():
    ticks = timeline.month_ticks((dt.date(2019, 5, 25), dt.date(2019, 12, 31)))
    assert ticks[0].align == "start"
    assert {t.align for t in ticks[1:-1]} == {"center"}
    assert timeline.month_ticks((dt.date(2019, 1, 15), dt.date(2019, 6, 3)))[-1].align == "end"


def test_thin_keeps_the_first_position_and_drops_crowded_ones():
    # 15 is 15 from 0 but only 11 from 26; 40 is 14 from 26 and 20 from 60.
    assert timeline.thin([0.0, 5.0, 10.0, 15.0, 26.0, 30.0, 40.0, 60.0]) == [0, None, None, None, 0, None, 1, 0]


positions = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), max_size=40)


@given(positions)
def test_shown_positions_keep_the_gap_of_the_widest_level_shown(lefts):
    levels = timeline.thin(sorted(lefts))
    for shown_up_to, gap in enumerate((timeline.MAJOR_GAP, timeline.MINOR_GAP)):
        shown = [
            left
            for left, level in zip(sorted(lefts), levels, strict=True)
            if level is not None and level <= shown_up_to
        ]
        assert all(b - a >= gap - 1e-9 for a, b in pairwise(shown))
    if lefts:
        assert levels[0] == 0


@given(dates, dates)
def test_ticks_are_in_order_inside_the_span(a, b):
    start, end = sorted((a, b))
    ticks = timeline.month_ticks((start, end))
    assert [t.left for t in ticks] == sorted(t.left for t in ticks)
    assert all(0 <= t.left <= 100 for t in ticks)
    majors = [t.left for t in ticks if not t.minor]
    assert all(y - x >= timeline.MAJOR_GAP for x, y in pairwise(majors))

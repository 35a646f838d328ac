import datetime as dt

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

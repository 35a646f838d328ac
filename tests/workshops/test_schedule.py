"""The pure rule of when phones may write (workshops/schedule.py)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ortakakil.workshops.schedule import DEFAULT_GRACE, running_window, takes_phones

DAY = dt.date(2025, 3, 8)
moments = st.datetimes(min_value=dt.datetime(2025, 3, 6), max_value=dt.datetime(2025, 3, 10))


@given(moments)
def test_inside_the_hours_with_grace_and_nowhere_else(now):
    inside = dt.datetime(2025, 3, 8, 9, 30) <= now < dt.datetime(2025, 3, 8, 17, 30)
    assert takes_phones(now=now, date=DAY, starts_at=dt.time(10), ends_at=dt.time(17)) is inside


@given(moments, moments)
def test_an_explicit_opening_adds_to_the_hours_and_never_closes_them(now, until):
    hours = takes_phones(now=now, date=DAY, starts_at=dt.time(10), ends_at=dt.time(17))
    opened = takes_phones(now=now, date=DAY, starts_at=dt.time(10), ends_at=dt.time(17), open_until=until)
    assert opened == (hours or now < until)


def test_the_window_of_a_day_without_hours_is_the_whole_day():
    assert running_window(DAY, None, None) == (dt.datetime(2025, 3, 8), dt.datetime(2025, 3, 9))
    assert running_window(DAY, dt.time(10), None) == (
        dt.datetime(2025, 3, 8, 10) - DEFAULT_GRACE,
        dt.datetime(2025, 3, 9),
    )

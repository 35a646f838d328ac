"""When a workshop takes writes from phones. Pure: no Django.

Participants' phones may add ideas and put dots only while the workshop is running: on its
date, between its start and end time with a grace period on both sides (people sit down
early, the last round of dots runs late), or while the staff have opened it explicitly
("open for phones until …", e.g. a session that overran). A workshop without times runs the
whole of its date. All moments are wall-clock times of the municipality (Europe/Istanbul);
the caller converts.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_GRACE = dt.timedelta(minutes=30)


def running_window(
    date: dt.date, starts_at: dt.time | None, ends_at: dt.time | None, *, grace: dt.timedelta = DEFAULT_GRACE
) -> tuple[dt.datetime, dt.datetime]:
    """The local (naive) moments between which the workshop's own hours let phones write."""
    start = dt.datetime.combine(date, starts_at) - grace if starts_at else dt.datetime.combine(date, dt.time.min)
    if ends_at:
        end = dt.datetime.combine(date, ends_at) + grace
    else:
        end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min)
    return start, end


def takes_phones(
    *,
    now: dt.datetime,
    date: dt.date,
    starts_at: dt.time | None,
    ends_at: dt.time | None,
    open_until: dt.datetime | None = None,
    grace: dt.timedelta = DEFAULT_GRACE,
) -> bool:
    """Whether phones may write at the local (naive) moment ``now``."""
    if open_until is not None and now < open_until:
        return True
    start, end = running_window(date, starts_at, ends_at, grace=grace)
    return start <= now < end

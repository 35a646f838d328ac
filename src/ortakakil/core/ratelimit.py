"""Rate limits on writes, per user and per address, shared by the web pages and the API.

One token once posted 30 proposals in 0.8 s and 50 identical comments in 1.7 s. Each write that
people can repeat (``proposal_create``, ``comment_create``, ``support``, ``report``) has two
limits in ``settings.RATE_LIMITS``: one for the account and a looser one for the client's
address (several people may share one, e.g. a municipality's office). A limit is a rate such as
``"10/h"`` or ``"6/10m"`` (count / [number] s, m, h or d); the counters live in the cache (Redis
in production, so every worker shares them) in fixed windows.

The web views call ``check`` and show a message; the API's throttle class
(``api/throttling.py``) calls the same function and answers 429 with ``Retry-After``.
``RATE_LIMITS_ENABLED`` turns them off (the test suite, the benchmark).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour|d|day)s?\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_clock = time.time  # the tests set the clock


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """``"10/h"`` → 10 per 3,600 s; ``"6/10m"`` → 6 per 600 s."""
    match = _RATE.match(text)
    if match is None:
        raise ValueError(f"not a rate: {text!r} (write e.g. 10/h or 6/10m)")
    count, number, unit = match.groups()
    return Rate(count=int(count), seconds=int(number or 1) * _SECONDS[unit[0]])


class RateLimited(Exception):
    """Too many writes of one kind; ``retry_after`` seconds until the next one is accepted."""

    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        return wait_message(self.retry_after)


def wait_message(seconds: int) -> str:
    """The Turkish (or English) message for a refused write, with a readable wait."""
    if seconds >= 120:
        minutes = math.ceil(seconds / 60)
        wait = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    else:
        wait = ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    return _("You are doing this too often. Please try again in %(wait)s.") % {"wait": wait}


def client_address(request: Any) -> str:
    """The client's address: ``REMOTE_ADDR``, or the header named by ``RATE_LIMIT_CLIENT_IP_HEADER``
    when a reverse proxy that overwrites it sits in front (e.g. ``HTTP_X_REAL_IP``)."""
    header = getattr(settings, "RATE_LIMIT_CLIENT_IP_HEADER", "")
    meta = request.META
    address = (meta.get(header, "") if header else "") or meta.get("REMOTE_ADDR", "")
    return str(address).split(",")[0].strip() or "unknown"


def _rates(scope: str) -> tuple[Rate, Rate]:
    user_rate, address_rate = settings.RATE_LIMITS[scope]
    return parse_rate(user_rate), parse_rate(address_rate)


def _hit(key: str, rate: Rate, now: float) -> int:
    """Count one write in the current window; return 0 if allowed, else the seconds to wait."""
    window = int(now // rate.seconds)
    cache_key = f"ratelimit:{key}:{rate.seconds}:{window}"
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=rate.seconds + 1)
        used = 1
    if used <= rate.count:
        return 0
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def check(scope: str, request: HttpRequest | Any) -> None:
    """Count a write of kind ``scope`` by the request's user and address; raise ``RateLimited``
    when either is over its limit (the write must then not happen)."""
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return
    user_rate, address_rate = _rates(scope)
    now = _clock()
    waits = [_hit(f"{scope}:ip:{client_address(request)}", address_rate, now)]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        waits.append(_hit(f"{scope}:user:{user.pk}", user_rate, now))
    wait = max(waits)
    if wait:
        raise RateLimited(scope, wait)

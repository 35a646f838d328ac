"""Rate limits on writes, per user and per address, shared by the web pages and the API.

One token once posted 30 proposals in 0.8 s and 50 identical comments in 1.7 s. Each write that
people can repeat (``proposal_create``, ``comment_create``, ``support``, ``report``) has two
limits in ``settings.RATE_LIMITS``: one for the account and a looser one for the client's
address (several people may share one, e.g. a municipality's office). A limit is a rate such as
``"10/h"`` or ``"6/10m"`` (count / [number] s, m, h or d); the counters live in the cache (Redis
in production, so every worker shares them) in fixed windows.

Apps above ``core`` may add a kind of write with its default rates (``register_scope``, from
their ``AppConfig.ready()``): the workshops app limits the ideas phones send from one address at a
table (``phone_idea``, ``check(…, per=table)``). ``settings.RATE_LIMITS`` overrides a default.

The web views call ``check`` and show a message; the API's throttle class
(``api/throttling.py``) calls the same function and answers 429 with ``Retry-After``.
``RATE_LIMITS_ENABLED`` turns them off (the test suite, the benchmark). Addresses reach the
cache only as keyed hashes.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
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


DefaultRates = Callable[[], tuple[str, str]]
_DEFAULTS: dict[str, DefaultRates] = {}


def register_scope(scope: str, default: DefaultRates) -> None:
    """A kind of write of an app above core; ``default()`` gives its ``(per-account,
    per-address)`` rates when ``settings.RATE_LIMITS`` does not name it (read at each check, so
    it may follow another setting)."""
    _DEFAULTS[scope] = default


def rates_of(scope: str) -> tuple[str, str]:
    """The ``(per-account, per-address)`` rates of ``scope`` as written, e.g. ``("6/m", "60/m")``."""
    configured = getattr(settings, "RATE_LIMITS", {})
    if scope in configured:
        user_rate, address_rate = configured[scope]
        return user_rate, address_rate
    return _DEFAULTS[scope]()


def _rates(scope: str) -> tuple[Rate, Rate]:
    user_rate, address_rate = rates_of(scope)
    return parse_rate(user_rate), parse_rate(address_rate)


def _hashed(address: str) -> str:
    """The address as the cache sees it: a keyed hash (the address itself is never stored)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]


def _window_key(key: str, rate: Rate, now: float) -> str:
    return f"ratelimit:{key}:{rate.seconds}:{int(now // rate.seconds)}"


def _count(windows: list[tuple[str, Rate]]) -> list[int]:
    """Count one write under each ``(window key, rate)``; the counts so far, this one included.

    On Redis the counters of one write move in a single round trip (``INCR`` and ``EXPIRE … NX``
    pipelined): the cache API's ``add`` then ``incr`` took three round trips per counter, six
    per support. Elsewhere (the in-memory cache of development and tests) through the cache API."""
    counters = caches["default"]
    if isinstance(counters, RedisCache):
        client = counters._cache.get_client(write=True)  # type: ignore[attr-defined]  # Django's RedisCacheClient
        pipeline = client.pipeline(transaction=False)
        for cache_key, rate in windows:
            full_key = counters.make_and_validate_key(cache_key)
            pipeline.incr(full_key)
            pipeline.expire(full_key, rate.seconds + 1, nx=True)
        return [int(used) for used in pipeline.execute()[0::2]]
    used = []
    for cache_key, rate in windows:
        counters.add(cache_key, 0, timeout=rate.seconds + 1)
        try:
            used.append(counters.incr(cache_key))
        except ValueError:  # expired between add and incr
            counters.set(cache_key, 1, timeout=rate.seconds + 1)
            used.append(1)
    return used


def _wait(rate: Rate, used: int, now: float) -> int:
    """0 if the ``used``-th write of the window is allowed, else the seconds to wait."""
    if used <= rate.count:
        return 0
    return max(1, math.ceil((int(now // rate.seconds) + 1) * rate.seconds - now))


def check(scope: str, request: HttpRequest | Any, *, per: str = "") -> None:
    """Count a write of kind ``scope`` by the request's user and address; raise ``RateLimited``
    when either is over its limit (the write must then not happen). ``per`` counts apart for
    each object it names (e.g. ``"table:12"``)."""
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return
    user_rate, address_rate = _rates(scope)
    now = _clock()
    prefix = f"{scope}:{per}" if per else scope
    windows = [(_window_key(f"{prefix}:ip:{_hashed(client_address(request))}", address_rate, now), address_rate)]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        windows.append((_window_key(f"{prefix}:user:{user.pk}", user_rate, now), user_rate))
    wait = max(_wait(rate, used, now) for (_key, rate), used in zip(windows, _count(windows), strict=True))
    if wait:
        raise RateLimited(scope, wait)

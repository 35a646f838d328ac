"""Token authentication with a short in-process cache.

Every API request authenticates; DRF's ``TokenAuthentication`` reads the token and its user
from the database each time, which costs a third of the support endpoint's time. Here each
worker process remembers a token's user for ``API_TOKEN_CACHE_SECONDS`` (default 30 s). A
deactivated user or a deleted token is refused at the latest that many seconds later; the
cache holds at most ``MAX_ENTRIES`` tokens.

A staff member's token is refused while their account lacks the authenticator app that staff must
set up (``core/mfa.py``): a token skips the login, so it must not skip the second factor's set-up.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from django.conf import settings
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from ortakakil.core import mfa

MAX_ENTRIES = 10_000


class CachedTokenAuthentication(TokenAuthentication):
    _cache: OrderedDict[str, tuple[float, Any, Any]] = OrderedDict()
    _lock = threading.Lock()

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        ttl = float(getattr(settings, "API_TOKEN_CACHE_SECONDS", 30))
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] > now:
                self._cache.move_to_end(key)
                return hit[1], hit[2]
        user, token = super().authenticate_credentials(key)
        if mfa.mfa_missing(user):
            raise AuthenticationFailed(mfa.missing_message())
        if ttl > 0:
            with self._lock:
                self._cache[key] = (now + ttl, user, token)
                while len(self._cache) > MAX_ENTRIES:
                    self._cache.popitem(last=False)
        return user, token

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls._cache.clear()

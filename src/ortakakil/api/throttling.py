"""The API's face of the write rate limits (``core/ratelimit.py``): the same limits as the pages."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from ortakakil.core import ratelimit


class WriteThrottle(BaseThrottle):
    """Counts the writes of the actions a view names in ``write_scopes`` (action → kind of
    write); reads are never limited. Over a limit DRF answers 429 with ``Retry-After``."""

    def __init__(self) -> None:
        self.retry_after: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        scope = getattr(view, "write_scopes", {}).get(getattr(view, "action", None))
        if scope is None or request.method in SAFE_METHODS:
            return True
        try:
            ratelimit.check(scope, request)
        except ratelimit.RateLimited as limited:
            self.retry_after = limited.retry_after
            return False
        return True

    def wait(self) -> float | None:
        return self.retry_after

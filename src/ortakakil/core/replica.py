"""Heavy public reads on a read replica of PostgreSQL (docs/DEPLOYMENT.md, «Several machines»).

With ``DATABASE_REPLICA_URL`` set, the settings add the ``replica`` database alias and the views
marked ``@reads_from_replica`` — public pages that only aggregate (the participation statistics,
the scoreboard, the open data) — read there on GET. Everything else, every write and a person's
own pages, stays on the primary, so nobody reads behind their own write. Without the setting the
router answers nothing and every query goes to ``default``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


class ReplicaRouter:
    """Sends reads to ``replica`` inside a ``@reads_from_replica`` view; never migrates it (it
    follows the primary)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if _reading_from_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


View = Callable[..., HttpResponse]


def reads_from_replica(view: View) -> View:
    """Let a public, read-only view's GET requests read from the replica when there is one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        token = _reading_from_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading_from_replica.reset(token)

    wrapper.reads_from_replica = True  # type: ignore[attr-defined]
    return wrapper

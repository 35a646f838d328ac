"""The child side of the multi-process races in ``test_concurrency.py``.

Each child is its own OS process, forked from a clean server process that has only imported
Django and the project (``preload.py``; nothing of the pytest process is inherited): it points
Django at the parent's committed test database, prepares its write (reads the objects it
needs), waits on the shared barrier with the other children and then does the write through
the real API (Django's test client, so ``ATOMIC_REQUESTS``, authentication and the exception
handler run as in production) or the real service. It answers one line: ``ok …``,
``refused …`` (a documented refusal, in Turkish) or ``error …`` (anything else, e.g. an
``IntegrityError`` that escaped)."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any

JITTER_SECONDS = 0.02
_barrier: Any = None
_event: Any = None


def init(database: dict[str, Any], barrier: Any, event: Any) -> None:
    """Pool initializer: Django on the test database ``database`` (the parent's settings dict)."""
    global _barrier, _event
    os.environ["ORTAKAKIL_TESTING"] = "1"  # the suite's settings: locmem cache, immediate huey
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ortakakil.settings")
    from django.conf import settings

    settings.DATABASES = {"default": dict(database)}
    import django

    django.setup()  # done already when the forkserver preloaded ``preload.py``
    from django.db import connection, connections

    # The preload may have made the handler read DATABASES already: start it afresh on the test database.
    connections.close_all()
    connections.__dict__.pop("settings", None)
    connections.__init__()  # type: ignore[misc]
    if connection.settings_dict["NAME"] != database["NAME"]:
        raise RuntimeError(f"the child would write to {connection.settings_dict['NAME']}, not the test database")
    from django.test.utils import setup_test_environment
    from django.utils import translation

    setup_test_environment()
    settings.LANGUAGE_CODE = "tr"
    translation.activate("tr")
    _barrier, _event = barrier, event


def run(task: str, kwargs: dict[str, Any]) -> str:
    """Prepare ``task``, wait for every child, act; the outcome as one line."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import connections

    try:
        try:
            act: Callable[[], str] | None = TASKS[task](**kwargs)
            failure = ""
        except Exception as error:  # reported after the barrier, so the others are not left waiting
            act, failure = None, f"error in preparation: {error!r}"
        _barrier.wait(timeout=60)
        if act is None:
            return failure
        try:
            with connections["default"].execute_wrapper(_jitter):
                return f"ok {act()}"
        except ValidationError as error:
            return "refused " + " ".join(error.messages)
        except PermissionDenied as error:
            return f"denied {error}"
        except Exception as error:
            return f"error {error!r}"
    finally:
        connections.close_all()  # nothing left open when the parent flushes the tables


def _jitter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    """Each statement of the write starts after a random pause of up to ``JITTER_SECONDS``: on two
    cores the children's requests would otherwise run nearly one after another, and a
    check-then-write without the database's guarantee (a read, then an insert) would seldom be
    caught between its two statements. Correct code is exact whatever the pauses."""
    time.sleep(random.uniform(0, JITTER_SECONDS))  # noqa: S311 — a pause, not a secret
    return execute(sql, params, many, context)


def ping() -> Callable[[], str]:
    """Connects, so the first race does not pay for it."""
    from django.db import connection

    connection.ensure_connection()
    return lambda: "pong"


def _api(method: str, path: str, token: str, body: dict[str, Any] | None = None) -> Callable[[], str]:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    send = getattr(client, method)

    def act() -> str:
        response = send(path, body, content_type="application/json") if body is not None else send(path)
        return str(response.status_code)

    return act


def support_api(*, proposal: int, token: str) -> Callable[[], str]:
    return _api("post", f"/api/v1/proposals/{proposal}/support/", token)


def support_toggle(*, proposal: int, user: int, support: bool) -> Callable[[], str]:
    """Support or withdraw the support through the service, inside a transaction as a request."""
    from django.db import transaction

    from ortakakil.core.models import User
    from ortakakil.proposals import selectors, services

    actor = User.objects.get(pk=user)
    target = selectors.proposal_for_support(proposal)
    assert target is not None

    def act() -> str:
        with transaction.atomic():
            write = services.proposal_support if support else services.proposal_unsupport
            changed, _count = write(actor=actor, proposal=target)
        return str(changed)

    return act


def vote_api(*, conversation: int, statement: int, token: str, value: int) -> Callable[[], str]:
    return _api("post", f"/api/v1/conversations/{conversation}/votes/", token, {"statement": statement, "vote": value})


def ballot_api(*, budget_round: int, token: str, choices: dict[str, int]) -> Callable[[], str]:
    return _api("post", f"/api/v1/budget-rounds/{budget_round}/ballot/", token, {"choices": choices})


def dot_vote(*, idea: int, invitation: int, after_event: bool = False) -> Callable[[], str]:
    """A phone's dot through ``live.dot_vote``; with ``after_event`` only once another child
    has set the shared event (it holds a lock the dot must meet)."""
    from ortakakil.workshops import live
    from ortakakil.workshops.models import Idea, Invitation

    target = Idea.objects.get(pk=idea)
    participant = Invitation.objects.get(pk=invitation)

    def act() -> str:
        if after_event and not _event.wait(timeout=30):
            raise RuntimeError("the event never came")
        return str(live.dot_vote(idea=target, participant=participant))

    return act


def idea_withdraw_holding(*, idea: int, actor: int, waiters: int) -> Callable[[], str]:
    """Withdraw an idea and keep the transaction (and its row lock) open, after telling the
    others (the shared event), until ``waiters`` other connections of the test database wait on
    a lock — or ten seconds have passed —, as a slow request would."""
    from django.db import connection, transaction

    from ortakakil.core.models import User
    from ortakakil.workshops import live
    from ortakakil.workshops.models import Idea

    target = Idea.objects.get(pk=idea)
    facilitator = User.objects.get(pk=actor)

    def waiting() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is otherwise frozen per transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return int(cursor.fetchone()[0])

    def act() -> str:
        with transaction.atomic():
            live.idea_withdraw(actor=facilitator, idea=target)
            _event.set()
            deadline = time.monotonic() + 10
            while waiting() < waiters and time.monotonic() < deadline:
                time.sleep(0.02)
        return "withdrawn"

    return act


def idea_add(*, table: int, invitation: int, text: str, client_key: str) -> Callable[[], str]:
    """A phone's idea through ``live.idea_add`` with an idempotency key (an offline retry)."""
    from ortakakil.workshops import live
    from ortakakil.workshops.models import Invitation, WorkshopTable

    target = WorkshopTable.objects.select_related("workshop").get(pk=table)
    participant = Invitation.objects.get(pk=invitation)

    def act() -> str:
        return str(live.idea_add(table=target, text=text, participant=participant, client_key=client_key).pk)

    return act


TASKS: dict[str, Callable[..., Callable[[], str]]] = {
    "ping": ping,
    "support_api": support_api,
    "support_toggle": support_toggle,
    "vote_api": vote_api,
    "ballot_api": ballot_api,
    "dot_vote": dot_vote,
    "idea_withdraw_holding": idea_withdraw_holding,
    "idea_add": idea_add,
}

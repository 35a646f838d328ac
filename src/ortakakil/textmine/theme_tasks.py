"""huey task of theme suggestion: a new contribution's suggestion, away from the request."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def suggest_one_task(kind: str, pk: int, process_id: int) -> None:
    from .themes import suggest_one

    suggest_one(kind, pk, process_id)

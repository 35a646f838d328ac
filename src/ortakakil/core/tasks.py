"""huey tasks of the core app (discovered by ``huey.contrib.djhuey``)."""

from __future__ import annotations

from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .jobs import job_execute
from .retention import retention_apply


@db_task()
def run_job(job_id: str, params: dict[str, Any]) -> None:
    job_execute(job_id, params)


@db_periodic_task(crontab(hour="3", minute="30"))
def apply_retention() -> None:
    """Every night: delete what the privacy notice says is kept no longer (core.retention)."""
    retention_apply()

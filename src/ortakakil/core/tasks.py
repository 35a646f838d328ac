"""huey tasks of the core app (discovered by ``huey.contrib.djhuey``)."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from .jobs import job_execute


@db_task()
def run_job(job_id: str, params: dict[str, Any]) -> None:
    job_execute(job_id, params)

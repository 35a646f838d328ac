"""Long jobs with visible progress, run by huey.

A job kind is a function registered with ``@job_runner("app.kind")`` that receives a
``Progress`` and keyword parameters and returns ``(filename, bytes)`` for a downloadable
result, or ``None``. ``job_start`` records the job and enqueues it after the current
transaction commits; the job page polls its progress (htmx, or a refresh without JS).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import Job, User

logger = logging.getLogger(__name__)

JobResult = tuple[str, bytes] | None
Runner = Callable[..., JobResult]
RUNNERS: dict[str, Runner] = {}


def job_runner(kind: str) -> Callable[[Runner], Runner]:
    def register(function: Runner) -> Runner:
        RUNNERS[kind] = function
        return function

    return register


class Progress:
    """Writes a job's progress to its row so that other processes can read it."""

    def __init__(self, job_id: Any) -> None:
        self.job_id = job_id

    def __call__(self, done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(done=done, total=total, message=message[:500])


def job_start(*, kind: str, label: str, actor: User | None, params: dict[str, Any]) -> Job:
    if kind not in RUNNERS:
        raise KeyError(kind)
    job = Job.objects.create(kind=kind, label=label[:200], created_by=actor)
    from .tasks import run_job  # huey task; imported late so models load first

    transaction.on_commit(lambda: run_job(str(job.pk), params))
    return job


def job_start_once(
    lock: str, *, kind: str, label: str, actor: User | None, params: dict[str, Any], timeout: int
) -> Job | None:
    """``job_start`` unless a job holding ``lock`` is pending: the cache's atomic ``add`` is the
    lock, held until the runner calls ``job_unlock(lock)`` or ``timeout`` seconds pass. ``None``
    when one is pending (its result is on its way)."""
    from django.core.cache import cache

    if not cache.add(lock, 1, timeout=timeout):
        return None
    try:
        return job_start(kind=kind, label=label, actor=actor, params=params)
    except Exception:
        cache.delete(lock)
        raise


def job_locked(lock: str) -> bool:
    """Whether a job started by ``job_start_once(lock, …)`` is pending."""
    from django.core.cache import cache

    return cache.get(lock) is not None


def job_unlock(lock: str) -> None:
    """Called by the runner when its work is done (or failed): the next request may start one."""
    from django.core.cache import cache

    cache.delete(lock)


def job_execute(job_id: str, params: dict[str, Any]) -> None:
    """Run one job to the end, recording success or failure. Called by the huey task."""
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    try:
        result = RUNNERS[job.kind](Progress(job.pk), **params)
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, message=str(error)[:500], finished_at=timezone.now()
        )
        return
    job.refresh_from_db()
    if result is not None:
        filename, content = result
        job.result_file.save(filename, ContentFile(content), save=False)
    job.status = Job.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["result_file", "status", "finished_at"])

"""huey tasks of the monitoring app (discovered by ``huey.contrib.djhuey``)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .reminders import reminders_send


@db_periodic_task(crontab(hour="8", minute="0"))
def send_reminders() -> None:
    """Every morning: the e-mail reminders due today about values not yet entered
    (``monitoring.reminders``; each goes out once)."""
    reminders_send(today=timezone.localdate())

"""huey tasks of the proposals app (discovered by ``huey.contrib.djhuey``): the notification
e-mails and the weekly digest (``proposals.emails``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import emails

DIGEST_ZONE = ZoneInfo("Europe/Istanbul")
DIGEST_HOUR = 8


def monday_morning(timestamp: dt.datetime) -> bool:
    """huey's periodic check, every minute: Monday 08:00 in Istanbul. huey passes UTC without a
    zone (``utc=True``, its default), so ``crontab`` would read the hour as UTC."""
    local = timestamp.replace(tzinfo=dt.UTC).astimezone(DIGEST_ZONE)
    return local.weekday() == 0 and local.hour == DIGEST_HOUR and local.minute == 0


@db_periodic_task(crontab(minute="*/5"))
def send_notification_emails() -> None:
    """Every five minutes: e-mail the pending notifications, each once."""
    emails.send_pending()


@db_task()
def send_notification_emails_now() -> None:
    """Enqueued when notifications are created (``emails.schedule_sending``)."""
    emails.send_pending()


@db_periodic_task(monday_morning)
def send_weekly_digest() -> None:
    """Monday morning: the weekly digest, once per person and week."""
    emails.digest_send()

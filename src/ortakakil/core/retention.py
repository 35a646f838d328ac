"""The retention periods the privacy notice promises, applied by the worker every night.

Each ``Rule`` names one kind of personal data, the setting that holds its period (days), and
how to find the rows that outlived it; ``retention_apply`` deletes them (or, for invitations,
empties their personal fields), ``retention_apply(dry_run=True)`` only counts them. The nightly
task (``core.tasks.apply_retention``) and ``ortakakil retention [--dry-run]`` call the same code,
and the privacy notice states every period through ``notice_periods()`` (a test compares them).

* Sign-ups that never confirmed their e-mail address: ``ACCOUNT_UNCONFIRMED_RETENTION_DAYS``
  after joining. Accounts made by staff (they belong to an organisation), accounts that ever
  logged in or wrote something, and staff accounts are never touched.
* Login records (django-axes): ``LOGIN_RECORDS_RETENTION_DAYS``.
* SMS verification codes (hashes only): ``SMS_CODES_RETENTION_DAYS``.
* Sessions past their expiry (Django leaves them in the table until ``clearsessions``).
* Verifications that expired ``VERIFICATIONS_EXPIRED_RETENTION_DAYS`` ago: they no longer
  verify anything.
* Census entries (hashed identity numbers with birth dates, uploaded for verification) that
  nobody claimed within ``CENSUS_ENTRIES_RETENTION_DAYS``; claimed ones stay, so that one entry
  verifies one account only, and go (become unclaimed) when that account is erased.
* Notifications (and the record of weekly digests e-mailed): ``NOTIFICATIONS_RETENTION_DAYS``.
* Background jobs with their result files: ``JOBS_RETENTION_DAYS`` after they were started.
* Workshop contact people whose consent was withdrawn: ``WORKSHOP_CONTACTS_WITHDRAWN_RETENTION_DAYS``
  after the withdrawal (kept until then to honour it when a list is imported again), with their
  audit trail.
* Invitations: ``WORKSHOP_INVITATIONS_RETENTION_DAYS`` after the workshop the attendee's name
  and the link to the contact person are emptied (also in the audit trail); the organisation's
  answer and attendance stay as the record of the workshop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import personal_data
from .models import STAFF_ROLES, User


def unconfirmed_sign_ups(*, now: datetime) -> QuerySet[User]:
    """Self-made accounts older than the retention period that never confirmed, never logged in
    and never wrote anything."""
    cutoff = now - timedelta(days=settings.ACCOUNT_UNCONFIRMED_RETENTION_DAYS)
    queryset = User.objects.filter(
        verified_at__isnull=True,
        erased_at__isnull=True,
        last_login__isnull=True,
        organisation__isnull=True,
        is_superuser=False,
        date_joined__lt=cutoff,
    ).exclude(role__in=STAFF_ROLES)
    for source in personal_data.sources():  # those who wrote or voted in an app above core stay
        if source.without_contributions is not None:
            queryset = source.without_contributions(queryset)
    return queryset


def deleted(queryset: QuerySet) -> int:
    """Deletes the rows and returns how many of the queryset's own model went (not the cascade)."""
    _total, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def days_ago(setting: str, now: datetime) -> datetime:
    return now - timedelta(days=int(getattr(settings, setting)))


@dataclass(frozen=True)
class Rule:
    """One kind of personal data with a retention period."""

    key: str
    """Stable English key (the task's result, the CLI's table, the tests)."""
    label: str
    """What the operator reads (Turkish, as the other console commands print)."""
    setting: str | None
    """The setting holding the period in days (None: the row carries its own expiry)."""
    due: Callable[[datetime], list[QuerySet]]
    """The rows past their period; their total count is what goes."""
    purge: Callable[[datetime], int] | None = None
    """Removes them and returns how many rows of the kind went; None: delete ``due``'s rows."""


def _purge_sign_ups(now: datetime) -> int:
    stale = unconfirmed_sign_ups(now=now)
    ids = list(stale.values_list("pk", flat=True))
    count = deleted(User.objects.filter(pk__in=ids))
    User.history.filter(id__in=ids).delete()  # the history copied the sign-up's personal fields
    return count


def _login_records(now: datetime) -> list[QuerySet]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = days_ago("LOGIN_RECORDS_RETENTION_DAYS", now)
    return [model.objects.filter(attempt_time__lt=cutoff) for model in (AccessLog, AccessFailureLog, AccessAttempt)]


def _sms_codes(now: datetime) -> list[QuerySet]:
    from .models import SmsCode

    return [SmsCode.objects.filter(created_at__lt=days_ago("SMS_CODES_RETENTION_DAYS", now))]


def _sessions(now: datetime) -> list[QuerySet]:
    from django.contrib.sessions.models import Session

    return [Session.objects.filter(expire_date__lt=now)]


def _verifications(now: datetime) -> list[QuerySet]:
    from .models import Verification

    return [Verification.objects.filter(expires_at__lt=days_ago("VERIFICATIONS_EXPIRED_RETENTION_DAYS", now))]


def _census_entries(now: datetime) -> list[QuerySet]:
    from .models import CensusEntry

    cutoff = days_ago("CENSUS_ENTRIES_RETENTION_DAYS", now)
    return [CensusEntry.objects.filter(claimed_by__isnull=True, created_at__lt=cutoff)]


def _jobs(now: datetime) -> list[QuerySet]:
    from .models import Job

    return [
        Job.objects.filter(created_at__lt=days_ago("JOBS_RETENTION_DAYS", now)).exclude(
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
        )
    ]


def _purge_jobs(now: datetime) -> int:
    (jobs,) = _jobs(now)
    count = 0
    for job in jobs:
        if job.result_file:
            job.result_file.delete(save=False)  # the file may hold what the job exported
        job.delete()
        count += 1
    return count


RULES: list[Rule] = [
    Rule(
        "unconfirmed sign-ups",
        "Doğrulanmamış üyelikler",
        "ACCOUNT_UNCONFIRMED_RETENTION_DAYS",
        lambda now: [unconfirmed_sign_ups(now=now)],
        _purge_sign_ups,
    ),
    Rule("login records", "Giriş kayıtları", "LOGIN_RECORDS_RETENTION_DAYS", _login_records),
    Rule("SMS codes", "SMS doğrulama kodları", "SMS_CODES_RETENTION_DAYS", _sms_codes),
    Rule("expired sessions", "Süresi dolmuş oturumlar", None, _sessions),
    Rule("expired verifications", "Süresi dolmuş doğrulamalar", "VERIFICATIONS_EXPIRED_RETENTION_DAYS", _verifications),
    Rule("census entries", "Kullanılmamış nüfus kayıtları", "CENSUS_ENTRIES_RETENTION_DAYS", _census_entries),
    Rule("jobs", "Arka plan işleri ve sonuç dosyaları", "JOBS_RETENTION_DAYS", _jobs, _purge_jobs),
]


# The apps above core add the rules for the personal data they hold (core may not import them):
# ``register_rule`` from their ``AppConfig.ready()`` (proposals' notifications, workshops'
# contacts and invitations).
_REGISTERED: dict[str, Rule] = {}


def register_rule(rule: Rule) -> None:
    _REGISTERED[rule.key] = rule


def rules() -> list[Rule]:
    """Core's rules, then those the apps registered."""
    return [*RULES, *_REGISTERED.values()]


def notice_periods() -> dict[str, int]:
    """Each period in days, under the key the privacy notice's template reads (``retention.*``)."""
    return {rule.setting.lower(): int(getattr(settings, rule.setting)) for rule in rules() if rule.setting}


@transaction.atomic
def retention_apply(*, now: datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Delete what has outlived its retention period; returns how many rows of each kind went
    (with ``dry_run``: would go, and nothing changes)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for rule in rules():
        if dry_run:
            counts[rule.key] = sum(queryset.count() for queryset in rule.due(now))
        elif rule.purge is not None:
            counts[rule.key] = rule.purge(now)
        else:
            counts[rule.key] = sum(deleted(queryset) for queryset in rule.due(now))
    return counts

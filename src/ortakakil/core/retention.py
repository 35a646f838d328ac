"""The retention periods the privacy notice promises, applied by the worker every night.

* Sign-ups that never confirmed their e-mail address are deleted after
  ``ACCOUNT_UNCONFIRMED_RETENTION_DAYS``: they cannot log in and hold nothing but the sign-up.
  Accounts made by staff (they belong to an organisation), accounts that ever logged in or
  wrote something, and staff accounts are never touched.
* Login records (django-axes) are deleted after ``LOGIN_RECORDS_RETENTION_DAYS``.
"""

from __future__ import annotations

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


@transaction.atomic
def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Delete what has outlived its retention period; returns how many rows of each kind went."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = now or timezone.now()
    stale = unconfirmed_sign_ups(now=now)
    ids = list(stale.values_list("pk", flat=True))
    _total, deleted = stale.delete()
    User.history.filter(id__in=ids).delete()  # the history copied the sign-up's personal fields
    login_cutoff = now - timedelta(days=settings.LOGIN_RECORDS_RETENTION_DAYS)
    records = sum(
        model.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
    )
    return {"unconfirmed sign-ups": deleted.get(User._meta.label, 0), "login records": records}

"""The retention periods of the privacy notice are applied (core.retention): unconfirmed sign-ups
after ACCOUNT_UNCONFIRMED_RETENTION_DAYS, login records after LOGIN_RECORDS_RETENTION_DAYS."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessLog
from django.utils import timezone

from ortakakil.core.models import Role, User
from ortakakil.core.retention import retention_apply
from ortakakil.proposals import services as proposal_services

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_unconfirmed_sign_ups_go_after_the_period_and_nothing_else_does(settings, make_user, organisation, process):
    settings.ACCOUNT_UNCONFIRMED_RETENTION_DAYS = 30
    stale = make_user(Role.CITIZEN, username="dogrulamadi", verified_at=None, date_joined=_days_ago(31))
    recent = make_user(Role.CITIZEN, username="yeni", verified_at=None, date_joined=_days_ago(29))
    verified = make_user(Role.CITIZEN, username="dogruladi", date_joined=_days_ago(300))
    logged_in = make_user(Role.CITIZEN, username="girdi", verified_at=None, date_joined=_days_ago(300))
    logged_in.last_login = _days_ago(200)
    logged_in.save()
    made_by_staff = make_user(Role.STAKEHOLDER_REP, username="kurum", verified_at=None, date_joined=_days_ago(300))
    wrote = make_user(Role.CITIZEN, username="yazdi", date_joined=_days_ago(300))
    proposal_services.proposal_create(
        actor=wrote,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Eski bir öneri başlığı",
        body="Doğrulama kuralından önce yazılmış bir öneri.",
    )
    User.objects.filter(pk=wrote.pk).update(verified_at=None)

    assert retention_apply()["unconfirmed sign-ups"] == 1

    assert not User.objects.filter(pk=stale.pk).exists()
    assert not User.history.filter(id=stale.pk).exists()
    assert set(User.objects.values_list("username", flat=True)) >= {
        recent.username,
        verified.username,
        logged_in.username,
        made_by_staff.username,
        wrote.username,
    }


def test_login_records_go_after_the_period(settings):
    settings.LOGIN_RECORDS_RETENTION_DAYS = 365
    old = AccessLog.objects.create(username="a", user_agent="x", http_accept="*/*", path_info="/")
    new = AccessLog.objects.create(username="b", user_agent="x", http_accept="*/*", path_info="/")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=_days_ago(366))
    AccessLog.objects.filter(pk=new.pk).update(attempt_time=_days_ago(364))
    assert retention_apply()["login records"] == 1
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["b"]

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


# --- Every kind: what is past its period goes, what is not stays; the dry run only counts ---------


@pytest.fixture
def one_old_one_new(settings, make_user, process, tmp_path):
    """For each retention rule past the sign-ups and login records, one row past its period and one
    within it; returns {rule key: (model, old pk, new pk)}."""
    from django.contrib.sessions.models import Session
    from django.core.files.base import ContentFile

    from ortakakil.core.models import CensusEntry, Job, SmsCode, Verification
    from ortakakil.proposals.models import DigestSent, Notification
    from ortakakil.workshops.models import Invitation
    from tests.factories import ContactPersonFactory, StakeholderFactory, WorkshopFactory

    settings.MEDIA_ROOT = tmp_path
    for name, days in {
        "SMS_CODES_RETENTION_DAYS": 30,
        "VERIFICATIONS_EXPIRED_RETENTION_DAYS": 30,
        "CENSUS_ENTRIES_RETENTION_DAYS": 730,
        "NOTIFICATIONS_RETENTION_DAYS": 365,
        "JOBS_RETENTION_DAYS": 30,
        "WORKSHOP_CONTACTS_WITHDRAWN_RETENTION_DAYS": 365,
        "WORKSHOP_INVITATIONS_RETENTION_DAYS": 365,
    }.items():
        setattr(settings, name, days)
    person = make_user(Role.CITIZEN, username="kisi")
    other = make_user(Role.CITIZEN, username="diger")
    made: dict[str, tuple] = {}

    codes = [
        SmsCode.objects.create(user=person, phone_hash="p", code_hash="c", expires_at=timezone.now()) for _ in range(2)
    ]
    SmsCode.objects.filter(pk=codes[0].pk).update(created_at=_days_ago(31))
    SmsCode.objects.filter(pk=codes[1].pk).update(created_at=_days_ago(29))
    made["SMS codes"] = (SmsCode, codes[0].pk, codes[1].pk)

    old_session = Session.objects.create(session_key="a" * 32, session_data="x", expire_date=_days_ago(1))
    new_session = Session.objects.create(session_key="b" * 32, session_data="x", expire_date=_days_ago(-1))
    made["expired sessions"] = (Session, old_session.pk, new_session.pk)

    old_v = Verification.objects.create(user=person, method="sms", verified_at=_days_ago(400), expires_at=_days_ago(31))
    new_v = Verification.objects.create(user=other, method="sms", verified_at=_days_ago(400), expires_at=_days_ago(29))
    made["expired verifications"] = (Verification, old_v.pk, new_v.pk)

    entries = [
        CensusEntry.objects.create(
            organisation=process.organisation, id_hash=str(n), birth_date="1980-01-01", batch="b"
        )
        for n in range(3)
    ]
    CensusEntry.objects.filter(pk=entries[0].pk).update(created_at=_days_ago(731))
    CensusEntry.objects.filter(pk=entries[1].pk).update(created_at=_days_ago(729))
    CensusEntry.objects.filter(pk=entries[2].pk).update(created_at=_days_ago(731), claimed_by=person)  # stays
    made["census entries"] = (CensusEntry, entries[0].pk, entries[1].pk)

    proposal = proposal_services.proposal_create(
        actor=person,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Bildirim için bir öneri",
        body="Bildirimlerin saklama süresini sınayan öneri.",
    )
    old_n = Notification.objects.create(user=person, proposal=proposal, text="eski")
    new_n = Notification.objects.create(user=person, proposal=proposal, text="yeni")
    Notification.objects.filter(pk=old_n.pk).update(created_at=_days_ago(366))
    Notification.objects.filter(pk=new_n.pk).update(created_at=_days_ago(364))
    old_d = DigestSent.objects.create(user=person, week=dt.date(2020, 1, 6))
    DigestSent.objects.filter(pk=old_d.pk).update(sent_at=_days_ago(366))
    made["notifications"] = (Notification, old_n.pk, new_n.pk)
    made["digests"] = (DigestSent, old_d.pk, None)

    jobs = [Job.objects.create(kind="x", label=f"iş {n}", status=Job.Status.DONE) for n in range(3)]
    jobs[0].result_file.save("sonuc.csv", ContentFile(b"Ayse Yilmaz"), save=True)
    Job.objects.filter(pk=jobs[0].pk).update(created_at=_days_ago(31))
    Job.objects.filter(pk=jobs[1].pk).update(created_at=_days_ago(29))
    Job.objects.filter(pk=jobs[2].pk).update(created_at=_days_ago(31), status=Job.Status.RUNNING)  # stays
    made["jobs"] = (Job, jobs[0].pk, jobs[1].pk)

    stakeholder = StakeholderFactory(organisation=process.organisation)
    withdrawn_long_ago = ContactPersonFactory(stakeholder=stakeholder, consent_withdrawn_at=_days_ago(366))
    withdrawn_lately = ContactPersonFactory(stakeholder=stakeholder, consent_withdrawn_at=_days_ago(364))
    made["withdrawn workshop contacts"] = (type(withdrawn_long_ago), withdrawn_long_ago.pk, withdrawn_lately.pk)

    consenting = ContactPersonFactory(stakeholder=stakeholder, full_name="Davetli Kişi")
    past = WorkshopFactory(process=process, date=timezone.localdate() - dt.timedelta(days=366))
    recent = WorkshopFactory(process=process, date=timezone.localdate() - dt.timedelta(days=364))
    old_i = Invitation.objects.create(
        workshop=past, stakeholder=stakeholder, contact=consenting, attendee_name="Davetli Kişi", token="t1"
    )
    new_i = Invitation.objects.create(
        workshop=recent, stakeholder=stakeholder, contact=consenting, attendee_name="Davetli Kişi", token="t2"
    )
    made["past invitations"] = (Invitation, old_i.pk, new_i.pk)
    return made


def test_the_dry_run_counts_what_would_go_and_changes_nothing(one_old_one_new):
    from ortakakil.workshops.models import Invitation

    before = {
        key: sorted(model.objects.values_list("pk", flat=True)) for key, (model, *_pks) in one_old_one_new.items()
    }

    counts = retention_apply(dry_run=True)

    assert counts == {
        "unconfirmed sign-ups": 0,
        "login records": 0,
        "SMS codes": 1,
        "expired sessions": 1,
        "expired verifications": 1,
        "census entries": 1,
        "notifications": 2,  # one notification and one digest record
        "jobs": 1,
        "withdrawn workshop contacts": 1,
        "past invitations": 1,
    }
    after = {key: sorted(model.objects.values_list("pk", flat=True)) for key, (model, *_pks) in one_old_one_new.items()}
    assert after == before
    assert list(Invitation.objects.order_by("pk").values_list("attendee_name", flat=True)) == ["Davetli Kişi"] * 2


def test_each_kind_goes_after_its_period_and_the_rest_stays(one_old_one_new):
    from ortakakil.core.models import Job
    from ortakakil.workshops.models import ContactPerson, Invitation

    old_job = Job.objects.get(pk=one_old_one_new["jobs"][1])
    job_file = old_job.result_file.path
    withdrawn_pk = one_old_one_new["withdrawn workshop contacts"][1]
    assert ContactPerson.history.filter(id=withdrawn_pk).exists()

    counts = retention_apply()

    assert counts == retention_apply(dry_run=True) | {
        "SMS codes": 1,
        "expired sessions": 1,
        "expired verifications": 1,
        "census entries": 1,
        "notifications": 2,
        "jobs": 1,
        "withdrawn workshop contacts": 1,
        "past invitations": 1,
    }
    for key, (model, old, new) in one_old_one_new.items():
        if key == "past invitations":
            continue
        assert not model.objects.filter(pk=old).exists(), key
        if new is not None:
            assert model.objects.filter(pk=new).exists(), key
    assert retention_apply(dry_run=True) == dict.fromkeys(counts, 0)  # nothing left to do
    assert Job.objects.count() == 2  # the recent one, and the running one however old
    import os

    assert not os.path.exists(job_file)
    assert not ContactPerson.history.filter(id=withdrawn_pk).exists()
    _model, old, new = one_old_one_new["past invitations"]
    assert Invitation.objects.filter(pk=old).values_list("attendee_name", "contact").get() == ("", None)
    assert not Invitation.history.filter(id=old).exclude(attendee_name="", contact=None).exists()
    assert Invitation.objects.get(pk=new).attendee_name == "Davetli Kişi"
    assert Invitation.objects.get(pk=new).contact is not None


def test_the_command_prints_each_kind_and_its_dry_run_changes_nothing(one_old_one_new):
    from io import StringIO

    from django.core.management import call_command

    from ortakakil.core.models import SmsCode

    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert SmsCode.objects.count() == 2
    lines = {line.split("  ")[0].strip(): line.split()[-1] for line in text.splitlines()[1:-1]}
    assert lines["SMS doğrulama kodları"] == "1"
    assert lines["Süresi dolmuş oturumlar"] == "1"
    assert lines["Rızasını geri almış çalıştay iletişim kişileri"] == "1"
    assert "silinecek" in text.splitlines()[0]
    assert text.splitlines()[-1] == "Deneme: 9 satır silinecekti; hiçbir şey değişmedi."

    out = StringIO()
    call_command("retention", stdout=out)
    assert SmsCode.objects.count() == 1
    assert out.getvalue().splitlines()[-1] == "9 satır silindi."


@pytest.mark.parametrize(("language", "unit"), [("tr", "gün"), ("en", "days")])
def test_the_privacy_notice_states_every_period_the_task_applies(client, settings, language, unit):
    from ortakakil.core.retention import rules

    periods = {rule.setting: 1001 + n for n, rule in enumerate(rules()) if rule.setting}
    for name, days in periods.items():
        setattr(settings, name, days)

    from django.utils import translation

    client.cookies["django_language"] = language
    with translation.override(language):
        html = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert len(periods) == 9
    for name, days in periods.items():
        assert f"{days} {unit}" in html, name

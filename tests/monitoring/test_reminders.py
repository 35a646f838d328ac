"""E-mail reminders about missing values: the days, once per (unit, period, kind), only units
that have not submitted, only approved plans, and the ``monitoring remind`` command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from ortakakil.core.models import Role, Unit
from ortakakil.monitoring import reminders, services
from ortakakil.monitoring.models import Reminder

pytestmark = pytest.mark.django_db

# 2025-H1 ends on 30 June; with the default 30 days its values are due on 30 July.
BEFORE, OVERDUE, LATE = dt.date(2025, 7, 23), dt.date(2025, 7, 31), dt.date(2025, 8, 6)


@pytest.fixture
def works_manager(make_user, indicator):
    unit = Unit.objects.get(name="Fen İşleri Dairesi Başkanlığı")
    return make_user(Role.UNIT_MANAGER, username="fen", unit=unit, email="fen@example.org")


@pytest.fixture
def managers(transport_manager, works_manager):
    transport_manager.email = "ulasim@example.org"
    transport_manager.save(update_fields=["email"])
    return transport_manager, works_manager


def send(today, **kwargs):
    return reminders.reminders_send(today=today, **kwargs)


def test_the_days_follow_the_period_end_and_the_setting(settings):
    assert reminders.due_date("2025-H1") == dt.date(2025, 7, 30)
    assert reminders.due_date("2025") == dt.date(2026, 1, 30)
    assert reminders.reminder_days("2025-H1") == {"before": BEFORE, "overdue": OVERDUE, "late": LATE}
    days = (-1, 0, 6, 7, 8, 13, 14, 20, 21)
    assert [reminders.kind_on("2025-H1", BEFORE + dt.timedelta(days=d)) for d in days] == [
        None,
        "before",
        "before",
        "before",  # the due day itself: a missed «before» still goes out
        "overdue",
        "overdue",
        "late",
        "late",
        None,  # the last window has passed: never again
    ]
    settings.MONITORING_DUE_DAYS = 10
    assert reminders.due_date("2025-H1") == dt.date(2025, 7, 10)


def test_each_kind_goes_once_to_the_units_managers_with_the_missing_indicators(
    managers, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://katilim.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        rows = send(BEFORE)
    assert {(row.unit.name, row.kind, row.sent) for row in rows} == {
        ("Ulaşım Dairesi Başkanlığı", "before", True),
        ("Fen İşleri Dairesi Başkanlığı", "before", True),
        ("Çevre Koruma ve Kontrol Dairesi Başkanlığı", "before", False),  # nobody to send it to
    }
    assert sorted(mail.to[0] for mail in mailoutbox) == ["fen@example.org", "ulasim@example.org"]
    transport = next(mail for mail in mailoutbox if mail.to == ["ulasim@example.org"])
    assert "2025-H1" in transport.subject and "30.07.2025" in transport.subject
    assert "PG1.1.1" in transport.body and "PG1.1.2" in transport.body and "PG1.2.1" not in transport.body
    assert "https://katilim.example.org/manage/processes/ornek-2025-2029/monitoring/" in transport.body
    assert set(Reminder.objects.values_list("unit__name", "period", "kind", "recipients")) == {
        ("Ulaşım Dairesi Başkanlığı", "2025-H1", "before", 1),
        ("Fen İşleri Dairesi Başkanlığı", "2025-H1", "before", 1),
    }
    with django_capture_on_commit_callbacks(execute=True):
        again = send(BEFORE + dt.timedelta(days=1))
    assert [row.unit.name for row in again] == ["Çevre Koruma ve Kontrol Dairesi Başkanlığı"]
    assert len(mailoutbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        send(OVERDUE)
        send(LATE)
        send(LATE + dt.timedelta(days=2))
    assert len(mailoutbox) == 6
    assert Reminder.objects.count() == 6


def test_a_unit_that_submitted_everything_is_not_reminded(
    managers, indicator, mailoutbox, django_capture_on_commit_callbacks
):
    transport_manager, _works = managers
    plan = indicator.goal.aim.plan
    for code in ("PG1.1.1", "PG1.1.2"):
        measurement = services.measurement_enter(
            actor=transport_manager,
            indicator=plan.aims.get(code="A1").goals.get(code="H1.1").indicators.get(code=code),
            period="2025-H1",
            data={"value": 40},
        )
        if code == "PG1.1.1":
            services.measurement_submit(actor=transport_manager, measurement=measurement)
    with django_capture_on_commit_callbacks(execute=True):
        send(BEFORE)
    transport = [mail for mail in mailoutbox if mail.to == ["ulasim@example.org"]]
    assert len(transport) == 1
    assert "PG1.1.2" in transport[0].body and "PG1.1.1" not in transport[0].body  # a draft is not done
    services.measurement_submit(
        actor=transport_manager, measurement=indicator.measurements.model.objects.get(indicator__code="PG1.1.2")
    )
    with django_capture_on_commit_callbacks(execute=True):
        rows = send(OVERDUE)
    assert "Ulaşım Dairesi Başkanlığı" not in {row.unit.name for row in rows}
    assert len([mail for mail in mailoutbox if mail.to == ["ulasim@example.org"]]) == 1


def test_no_reminder_before_the_plan_is_approved(draft_plan, make_user, mailoutbox, django_capture_on_commit_callbacks):
    unit = Unit.objects.get(name="Ulaşım Dairesi Başkanlığı")
    make_user(Role.UNIT_MANAGER, username="ulasim", unit=unit, email="ulasim@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert send(BEFORE) == []
    assert mailoutbox == [] and not Reminder.objects.exists()


def test_a_dry_run_sends_and_records_nothing(managers, mailoutbox, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("monitoring", "remind", "--dry-run", "--today", BEFORE.isoformat(), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert any(
        "Ulaşım Dairesi Başkanlığı\t2025-H1\tbefore\t2025-07-30\tPG1.1.1, PG1.1.2\t1 alıcı\tgönderilecek" in line
        for line in lines
    )
    assert any("alıcı yok" in line for line in lines)
    assert mailoutbox == [] and not Reminder.objects.exists()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("monitoring", "remind", "--today", BEFORE.isoformat(), stdout=out)
    assert out.getvalue().count("gönderildi") == 2 and len(mailoutbox) == 2


def test_the_command_refuses_a_bad_date_with_status_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("monitoring", "remind", "--today", "2025-13-01")
    assert exit_.value.code == 2
    assert "2025-13-01" in capsys.readouterr().err

"""E-mail reminders to the units about values not yet entered (değer girişi hatırlatmaları).

Indicator owners rarely enter data unless they are reminded. A period's values are due
``MONITORING_DUE_DAYS`` days (default 30) after the period ends (a first half on 30 June, a year
on 31 December). Each unit manager whose unit has indicators of the plan in force without a
submitted or approved value for the period is reminded three times: 7 days before the due date
(«before»), the day after it («overdue») and 7 days after it («late»).

Each kind goes out once per (unit, period): a ``Reminder`` row, unique on the three, is written
in the same transaction as the mails are queued (sent after the commit). A kind whose day was
missed (the worker was down) still goes out until the next kind's day (the last kind within
``WINDOW_DAYS``), never later,
so a plan approved late does not flood the units with reminders for periods long past.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ortakakil.core.models import Role, Unit, User
from ortakakil.planning.models import Indicator, Plan
from ortakakil.processes.models import Process

from . import realisation, services
from .models import Measurement, Reminder

logger = logging.getLogger(__name__)

#: Days after its day that the last reminder, if missed, is still sent.
WINDOW_DAYS = 6
DONE = (Measurement.State.SUBMITTED, Measurement.State.APPROVED)


def due_date(period: str) -> dt.date:
    """The day a period's values are due: ``MONITORING_DUE_DAYS`` after the period's end."""
    year = realisation.period_year(period)
    end = dt.date(year, 6, 30) if period.endswith("-H1") else dt.date(year, 12, 31)
    return end + dt.timedelta(days=int(getattr(settings, "MONITORING_DUE_DAYS", 30)))


def reminder_days(period: str) -> dict[str, dt.date]:
    """The day each kind of reminder goes out for ``period``."""
    due = due_date(period)
    return {
        Reminder.Kind.BEFORE: due - dt.timedelta(days=7),
        Reminder.Kind.OVERDUE: due + dt.timedelta(days=1),
        Reminder.Kind.LATE: due + dt.timedelta(days=7),
    }


def kind_on(period: str, today: dt.date) -> str | None:
    """The kind of reminder due for ``period`` on ``today``: from its day until the next kind's
    day (the last one for ``WINDOW_DAYS`` after its day), or None."""
    days = list(reminder_days(period).items())
    for position, (kind, day) in enumerate(days):
        last = (
            days[position + 1][1] - dt.timedelta(days=1)
            if position + 1 < len(days)
            else day + dt.timedelta(days=WINDOW_DAYS)
        )
        if day <= today <= last:
            return kind
    return None


@dataclass
class PlannedReminder:
    """One reminder: the unit, the period and kind, the missing indicators, who gets it, and
    whether it was sent (False in a dry run, or when it had already gone out)."""

    process: Process
    unit: Unit
    period: str
    kind: str
    due: dt.date
    missing: list[Indicator]
    recipients: list[User] = field(default_factory=list)
    sent: bool = False


def entry_url(process: Process) -> str:
    """The address of the values' entry page of ``process``, absolute with ``SITE_URL``."""
    path = reverse("manage:monitoring_entries", kwargs={"slug": process.slug})
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/") + path


def _approved_plans() -> list[Plan]:
    """The plan in force of every process: its newest approved version."""
    plans: dict[int, Plan] = {}
    approved = Plan.objects.filter(status=Plan.Status.APPROVED).select_related("process").order_by("-number")
    for plan in approved:
        plans.setdefault(plan.process_id, plan)
    return list(plans.values())


def planned(today: dt.date) -> list[PlannedReminder]:
    """Every reminder due on ``today`` and not sent yet (nothing is written)."""
    rows: list[PlannedReminder] = []
    for plan in _approved_plans():
        indicators = list(
            Indicator.objects.filter(goal__aim__plan=plan, goal__responsible_unit__isnull=False)
            .select_related("goal__responsible_unit")
            .order_by("goal__aim__position", "goal__position", "position", "pk")
        )
        periods = sorted({p for indicator in indicators for p in services.plan_periods(indicator)})
        for period in periods:
            kind = kind_on(period, today)
            if kind is None:
                continue
            done = set(
                Measurement.objects.filter(indicator__in=indicators, period=period, state__in=DONE).values_list(
                    "indicator_id", flat=True
                )
            )
            missing: dict[int, list[Indicator]] = defaultdict(list)
            units: dict[int, Unit] = {}
            for indicator in indicators:
                if period in services.plan_periods(indicator) and indicator.pk not in done:
                    unit = indicator.goal.responsible_unit
                    assert unit is not None  # noqa: S101 — filtered above
                    units[unit.pk] = unit
                    missing[unit.pk].append(indicator)
            sent = set(
                Reminder.objects.filter(unit_id__in=units, period=period, kind=kind).values_list("unit_id", flat=True)
            )
            for unit_id, unit in units.items():
                if unit_id in sent:
                    continue
                recipients = list(
                    User.objects.filter(role=Role.UNIT_MANAGER, unit_id=unit_id, is_active=True)
                    .exclude(email="")
                    .order_by("pk")
                )
                rows.append(
                    PlannedReminder(
                        process=plan.process,
                        unit=unit,
                        period=period,
                        kind=kind,
                        due=due_date(period),
                        missing=missing[unit_id],
                        recipients=recipients,
                    )
                )
    return rows


def _messages(reminder: PlannedReminder) -> list[EmailMessage]:
    with translation.override("tr"):
        subjects: dict[str, str] = {
            Reminder.Kind.BEFORE: _("Reminder: the values of %(period)s are due on %(date)s"),
            Reminder.Kind.OVERDUE: _("Overdue: the values of %(period)s were due on %(date)s"),
            Reminder.Kind.LATE: _("Still missing: the values of %(period)s were due on %(date)s"),
        }
        subject = subjects[reminder.kind] % {"period": reminder.period, "date": reminder.due.strftime("%d.%m.%Y")}
        messages = []
        for user in reminder.recipients:
            body = render_to_string(
                "monitoring/email/reminder.txt",
                {"reminder": reminder, "user": user, "link": entry_url(reminder.process)},
            )
            messages.append(EmailMessage(subject, body, to=[user.email]))
    return messages


def _send(messages: list[EmailMessage]) -> None:
    for message in messages:
        try:
            message.send()
        except Exception:  # a bad address or a mail-server hiccup must not stop the others
            logger.exception("a monitoring reminder could not be e-mailed to %s", message.to)


def reminders_send(*, today: dt.date, dry_run: bool = False) -> list[PlannedReminder]:
    """Send the reminders due on ``today`` (see the module's docstring); return what was (or, in
    a dry run, would be) sent. A unit without an active manager with an e-mail address is
    listed without recipients and not recorded, so it is reminded once someone is there."""
    rows = planned(today)
    if dry_run:
        return rows
    for row in rows:
        if not row.recipients:
            continue
        messages = _messages(row)
        try:
            with transaction.atomic():
                Reminder.objects.create(unit=row.unit, period=row.period, kind=row.kind, recipients=len(row.recipients))
                transaction.on_commit(lambda messages=messages: _send(messages))  # type: ignore[misc]
        except IntegrityError:  # another worker sent this one a moment ago
            continue
        row.sent = True
    return rows

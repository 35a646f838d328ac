"""Measurements (ölçüm): the actual value of a plan indicator in a period.

A period is ``"YYYY-H1"`` (the first six months, for the monitoring report) or ``"YYYY"`` (the
year end, for the evaluation report). The unit that owns the indicator's goal enters the value
with its evidence (a file or a link) and a note, then submits it; the strategy team approves it or
returns it with a comment. An approved value is locked: only approved values count in the
realisation, the reports and the public scoreboard.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.models import TimeStampedModel

PERIOD_VALIDATOR = RegexValidator(r"^\d{4}(-H1)?$", _("A period is a year (2021) or its first six months (2021-H1)."))
NOTE_MAX = 2000
COMMENT_MAX = 1000


def evidence_path(instance: Measurement, filename: str) -> str:
    """Under a random folder: evidence is served only through a permission-checked view."""
    return f"monitoring/{uuid.uuid4().hex}/{filename}"


class Measurement(TimeStampedModel):
    """Gerçekleşme değeri — one indicator's value in one period, and its review."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        RETURNED = "returned", _("returned for correction")
        APPROVED = "approved", _("approved")

    indicator = models.ForeignKey(
        "planning.Indicator", on_delete=models.CASCADE, related_name="measurements", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=7, validators=[PERIOD_VALIDATOR])
    value = models.FloatField(_("actual value"))
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    evidence_link = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    evidence_file = models.FileField(_("evidence (file)"), upload_to=evidence_path, max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), max_length=COMMENT_MAX, blank=True)
    history = HistoricalRecords()

    if TYPE_CHECKING:
        indicator_id: int
        entered_by_id: int | None
        reviewed_by_id: int | None

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="measurement_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.APPROVED


class Reminder(models.Model):
    """Hatırlatma — an e-mail reminder sent to a unit's managers about its missing values of a
    period. Each kind goes out once per (unit, period): the unique constraint decides, and the
    row is written in the same transaction as the mails are queued."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("7 days before the due date")
        OVERDUE = "overdue", _("the day after the due date")
        LATE = "late", _("7 days after the due date")

    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    period = models.CharField(_("period"), max_length=7, validators=[PERIOD_VALIDATOR])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    if TYPE_CHECKING:
        unit_id: int

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "kind"], name="reminder_once_per_unit_period_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} {self.kind}"

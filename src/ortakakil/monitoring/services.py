"""Entering, submitting and reviewing measurements (the only writers of ``Measurement``).

The life of a value: the unit enters it (draft, editable), submits it; the strategy team approves
it (locked for good, and copied into the indicator's ``actuals`` that the plan's exports and
``ortakakil plan evaluate`` read) or returns it with a comment (editable again). Every change is
recorded with its author (django-simple-history); each state change locks the row first, so two
reviewers cannot both act on the same value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.services import audited_save, require_perm
from ortakakil.planning.models import Indicator, Plan

from . import evidence, realisation
from .models import COMMENT_MAX, NOTE_MAX, Measurement
from .permissions import ENTER, REVIEW

if TYPE_CHECKING:
    from ortakakil.core.models import User

VALUE_LIMIT = 1e15
EDITABLE = (Measurement.State.DRAFT, Measurement.State.RETURNED)


def plan_periods(indicator: Indicator) -> list[str]:
    """The periods a value can be entered for: each year the indicator has a target, its first
    six months and its end."""
    years = sorted(int(y) for y in (indicator.targets or {}) if str(y).isdigit())
    return [period for year in years for period in (f"{year}-H1", str(year))]


def _clean_value(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError({"value": _("The actual value must be a number.")}) from None
    if not math.isfinite(number) or abs(number) > VALUE_LIMIT:
        raise ValidationError({"value": _("The actual value must be a finite number.")})
    return number


def _clean_period(indicator: Indicator, period: str) -> str:
    try:
        realisation.period_year(period)
    except ValueError:
        raise ValidationError({"period": _("A period is a year (2021) or its first six months (2021-H1).")}) from None
    if period not in plan_periods(indicator):
        raise ValidationError({"period": _("The indicator has no target for this period's year.")})
    return period


def _locked(measurement: Measurement) -> Measurement:
    return Measurement.objects.select_for_update().get(pk=measurement.pk)


@transaction.atomic
def measurement_enter(
    *,
    actor: User,
    indicator: Indicator,
    period: str,
    data: Mapping[str, Any],
    evidence_file: UploadedFile | None = None,
) -> Measurement:
    """Create or correct the value of ``indicator`` in ``period`` (``data``: value, note,
    evidence_link). Refused once submitted (until returned) or approved."""
    require_perm(actor, ENTER, indicator)
    if indicator.goal.aim.plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("Values are entered for an approved plan; this plan is not approved yet."))
    period = _clean_period(indicator, period)
    value = _clean_value(data.get("value"))
    note = str(data.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("The note may be at most %(n)d characters.") % {"n": NOTE_MAX}})
    existing = Measurement.objects.select_for_update().filter(indicator=indicator, period=period).first()
    if existing is not None and existing.state not in EDITABLE:
        if existing.state == Measurement.State.APPROVED:
            raise ValidationError(_("This value is approved and locked."))
        raise ValidationError(_("This value awaits the strategy team's review; it can be corrected once returned."))
    measurement = existing or Measurement(indicator=indicator, period=period)
    replaced = measurement.evidence_file.name if evidence_file is not None and measurement.evidence_file else ""
    measurement.value = value
    measurement.note = note
    measurement.evidence_link = str(data.get("evidence_link") or "").strip()
    if evidence_file is not None:
        # Checked by its bytes and renamed after what it really is (``evidence.checked_name``).
        measurement.evidence_file = File(evidence_file, name=evidence.checked_name(evidence_file))
    measurement.entered_by = actor
    saved = audited_save(measurement, actor=actor)
    if replaced and replaced != saved.evidence_file.name:
        # The file it replaces was never approved: removed once the new one is committed.
        storage = saved.evidence_file.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return saved


@transaction.atomic
def measurement_submit(*, actor: User, measurement: Measurement) -> Measurement:
    require_perm(actor, ENTER, measurement.indicator)
    measurement = _locked(measurement)
    if measurement.state not in EDITABLE:
        raise ValidationError(_("Only a draft or returned value can be submitted."))
    measurement.state = Measurement.State.SUBMITTED
    measurement.submitted_at = timezone.now()
    return audited_save(measurement, actor=actor)


@transaction.atomic
def measurement_approve(*, actor: User, measurement: Measurement) -> Measurement:
    """Approve a submitted value: it is locked and counts from now on."""
    require_perm(actor, REVIEW, measurement.indicator)
    measurement = _locked(measurement)
    if measurement.state != Measurement.State.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be approved."))
    measurement.state = Measurement.State.APPROVED
    measurement.reviewed_by = actor
    measurement.reviewed_at = timezone.now()
    measurement.review_comment = ""
    audited_save(measurement, actor=actor)
    indicator = Indicator.objects.select_for_update().get(pk=measurement.indicator_id)
    indicator.actuals = {**(indicator.actuals or {}), measurement.period: measurement.value}
    indicator._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    indicator.save(update_fields=["actuals"])
    return measurement


@transaction.atomic
def measurement_return(*, actor: User, measurement: Measurement, comment: str) -> Measurement:
    """Send a submitted value back to its unit with what to correct."""
    require_perm(actor, REVIEW, measurement.indicator)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"review_comment": _("Say what should be corrected.")})
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"review_comment": _("The comment may be at most %(n)d characters.") % {"n": COMMENT_MAX}}
        )
    measurement = _locked(measurement)
    if measurement.state != Measurement.State.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be returned."))
    measurement.state = Measurement.State.RETURNED
    measurement.reviewed_by = actor
    measurement.reviewed_at = timezone.now()
    measurement.review_comment = comment
    return audited_save(measurement, actor=actor)

"""What monitoring adds to the audit log (``core.audit``): every version of every measurement
(entered, changed, submitted, approved, returned — by the web form, the bulk upload or the API,
which all write through ``monitoring.services`` and leave their author in the history)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core import audit

from .models import Measurement

STATE_ACTIONS = {
    Measurement.State.SUBMITTED: gettext_lazy("submitted for approval"),
    Measurement.State.APPROVED: gettext_lazy("approved"),
    Measurement.State.RETURNED: gettext_lazy("returned for correction"),
}
PROCESS = "indicator__goal__aim__plan__process"


def _action(record: Any, before: Any) -> Any:
    if record.history_type == "+":
        return gettext_lazy("entered") if record.state == Measurement.State.DRAFT else STATE_ACTIONS.get(record.state)
    if record.history_type == "~" and before is not None and record.state != before.state:
        return STATE_ACTIONS.get(record.state)
    return None


def _url(measurement: Measurement) -> str:
    process = audit.follow(measurement, PROCESS)
    return reverse("manage:monitoring_entries", args=[process.slug]) if process is not None else ""


def _note(record: Any) -> str:
    note = _("Value %(value)s") % {"value": f"{record.value:g}".replace(".", ",")}
    return f"{note} — {record.review_comment}" if record.review_comment else note


def register() -> None:
    audit.register(
        audit.history_source(
            Measurement,
            key="monitoring.measurement",
            area=audit.Area.MEASUREMENTS,
            view=audit.HistoryView(
                label=lambda r: f"{audit.follow(r, 'indicator__code') or _('Indicator')} · {r.period}",
                process=PROCESS,
                url=_url,
                action=_action,
                note=_note,
                related=(PROCESS,),
                live_related=(PROCESS,),
            ),
            process=f"{PROCESS}_id",
            organisation=f"{PROCESS}__organisation_id",
            search=("indicator__code", "indicator__title", "period"),
        )
    )

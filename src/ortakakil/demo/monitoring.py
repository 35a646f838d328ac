"""Demo step: the council's approval of the Ankara plan and its approved indicator values
(``content/monitoring.json``, written by the team): 2020-H1, 2020, 2021-H1, 2021 and 2022-H1 for
every indicator, so that the monitoring pages, both reports and the public scoreboard have real
content.

The plan is approved the first time (it is submitted and approved through the planning services,
by the strategy team's demo account); values are written for the (indicator, period) pairs that
have none, as approved on the content's review day, and copied into the indicators' ``actuals``
as an approval does. Loading again changes nothing, and nothing someone walking the demo wrote is
overwritten. The scoreboard is public once the strategy team moves the process to its monitoring
phase («İzleme»); the demo stays in its participation phase.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ortakakil.core.models import User
from ortakakil.monitoring.models import Measurement
from ortakakil.planning.models import Indicator, Plan
from ortakakil.planning.selectors import approved_plan, latest_plan
from ortakakil.planning.services import plan_approve, plan_submit

if TYPE_CHECKING:
    from .loader import DemoContext

ISTANBUL = ZoneInfo("Europe/Istanbul")


def monitoring_content() -> dict[str, Any]:
    with resources.files("ortakakil.demo").joinpath("content", "monitoring.json").open("rb") as handle:
        data: dict[str, Any] = json.load(handle)
        return data


def _at(day: str, hour: int) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=ISTANBUL)


def _approved(ctx: DemoContext, data: dict[str, Any], strategy: User) -> Plan:
    """The plan in force: the demo's first version, approved the first time the step runs."""
    if ctx.process is None:
        raise RuntimeError("the process step must run before the monitoring step")
    plan = approved_plan(ctx.process)
    if plan is not None:
        return plan
    plan = latest_plan(ctx.process)
    if plan is None:
        raise RuntimeError("the strategic plan step must run before the monitoring step")
    if plan.status == Plan.Status.DRAFT:
        plan = plan_submit(actor=strategy, plan=plan)
    approval = data["plan"]
    plan = plan_approve(
        actor=strategy,
        plan=plan,
        approved_at=dt.date.fromisoformat(approval["approved_at"]),
        council_decision=approval["council_decision"],
    )
    Plan.objects.filter(pk=plan.pk).update(submitted_at=_at(approval["submitted_at"], 10))
    return plan


@transaction.atomic
def load_monitoring(ctx: DemoContext) -> None:
    data = monitoring_content()
    strategy = User.objects.get(username="strateji")
    unit_manager = User.objects.get(username="birim")
    plan = _approved(ctx, data, strategy)
    indicators = list(Indicator.objects.filter(goal__aim__plan=plan).select_related("goal"))
    taken = set(Measurement.objects.filter(indicator__in=indicators).values_list("indicator_id", "period"))
    notes, evidence, reviewed_on = data["notes"], data["evidence"], data["reviewed_on"]
    rows: list[Measurement] = []
    changed: list[Indicator] = []
    for indicator in indicators:
        values = data["values"].get(indicator.code, {})
        new = {period: value for period, value in values.items() if (indicator.pk, period) not in taken}
        if not new:
            continue
        entered_by = unit_manager if indicator.goal.responsible_unit_id == unit_manager.unit_id else strategy
        for period, value in new.items():
            reviewed = _at(reviewed_on[period], 15)
            rows.append(
                Measurement(
                    indicator=indicator,
                    period=period,
                    value=float(value),
                    note=notes.get(indicator.code, {}).get(period, ""),
                    evidence_link=evidence.get(indicator.code, {}).get(period, ""),
                    state=Measurement.State.APPROVED,
                    entered_by=entered_by,
                    submitted_at=reviewed - dt.timedelta(days=8),
                    reviewed_by=strategy,
                    reviewed_at=reviewed,
                )
            )
        indicator.actuals = {**(indicator.actuals or {}), **new}
        changed.append(indicator)
    bulk_create_with_history(rows, Measurement, default_user=strategy)
    Indicator.objects.bulk_update(changed, ["actuals"])
    ctx.counts["approved indicator values"] = Measurement.objects.filter(
        indicator__goal__aim__plan=plan, state=Measurement.State.APPROVED
    ).count()

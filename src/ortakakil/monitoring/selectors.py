"""Reading measurements: a unit's indicators with their values in a period, the strategy team's
review queue, and the plan's realisation in a period computed from approved values only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ortakakil.core.models import Role
from ortakakil.planning.models import Indicator, Plan
from ortakakil.planning.target_hints import TargetHint
from ortakakil.processes.models import Process

from . import forecast, realisation
from .models import Measurement


@dataclass(frozen=True)
class IndicatorEntry:
    """One row of a unit's entry page: the indicator, its target in the period's year and the
    value entered so far (None: nothing yet)."""

    indicator: Indicator
    target: float | None
    measurement: Measurement | None


def indicators_of(user: Any, plan: Plan) -> QuerySet[Indicator]:
    """The indicators ``user`` enters values for: a unit manager's unit's goals, every goal for
    the strategy team and admins, nothing for anyone else."""
    indicators = Indicator.objects.filter(goal__aim__plan=plan).select_related(
        "goal__aim__plan__process", "goal__responsible_unit"
    )
    if user.is_superuser or user.role in (Role.PLATFORM_ADMIN, Role.STRATEGY_TEAM):
        return indicators.order_by("goal__aim__position", "goal__position", "position", "pk")
    if user.role == Role.UNIT_MANAGER and user.unit_id is not None:
        return indicators.filter(goal__responsible_unit_id=user.unit_id).order_by(
            "goal__aim__position", "goal__position", "position", "pk"
        )
    return indicators.none()


def entries(user: Any, plan: Plan, period: str) -> list[IndicatorEntry]:
    year = str(realisation.period_year(period))
    indicators = list(indicators_of(user, plan))
    values = {m.indicator_id: m for m in Measurement.objects.filter(indicator__in=indicators, period=period)}
    rows = []
    for indicator in indicators:
        target = (indicator.targets or {}).get(year)
        rows.append(IndicatorEntry(indicator, None if target is None else float(target), values.get(indicator.pk)))
    return rows


def review_queue(process: Process) -> QuerySet[Measurement]:
    """Submitted values awaiting the strategy team, oldest first."""
    return (
        Measurement.objects.filter(indicator__goal__aim__plan__process=process, state=Measurement.State.SUBMITTED)
        .select_related("indicator__goal__responsible_unit", "entered_by")
        .order_by("submitted_at", "pk")
    )


def evaluation(plan: Plan, period: str) -> realisation.Evaluation:
    """The realisation of ``plan`` in ``period`` from approved values (the indicators'
    ``actuals``: approvals write them, and a plan imported with measured values brings its own).
    An indicator without a baseline or a target for the year counts as missing."""
    aims = plan.aims.prefetch_related("goals__indicators").order_by("position", "pk")
    data = {
        "aims": [
            {
                "code": aim.code,
                "weight": aim.weight,
                "goals": [
                    {
                        "code": goal.code,
                        "weight": goal.weight,
                        "indicators": [
                            {
                                "code": indicator.code,
                                "baseline": indicator.baseline,
                                "targets": indicator.targets or {},
                                "actuals": indicator.actuals or {},
                                "direction": indicator.direction,
                                "weight": indicator.weight,
                            }
                            for indicator in goal.indicators.all()
                        ],
                    }
                    for goal in aim.goals.all()
                ],
            }
            for aim in aims
        ]
    }
    return realisation.evaluate(data, period)


@dataclass(frozen=True)
class Warning:
    """An indicator's projection to the end of the first year whose year-end value is not yet
    measured (``forecast.project``)."""

    indicator: Indicator
    projection: forecast.Projection


def measured(indicator: Indicator, *, until: str | None = None) -> dict[str, float]:
    """The indicator's approved values by period («YYYY-H1» / «YYYY»), only those of ``until`` and
    before when it is given (a report of 2021 does not know the values of 2022)."""
    values = {
        str(p): float(v)
        for p, v in (indicator.actuals or {}).items()
        if v is not None and realisation.PERIOD_RE.match(str(p))
    }
    if until is None:
        return values
    end = forecast.period_time(until)
    return {p: v for p, v in values.items() if forecast.period_time(p) <= end}


def _suggestion(values: dict[str, float], indicator: Indicator) -> dict[str, float] | None:
    """Targets for the years of ``indicator`` without a year-end value in ``values``, from the
    trend of ``values`` (None without a trend or such a year)."""
    years = sorted(int(y) for y in (indicator.targets or {}) if str(y).isdigit() and str(y) not in values)
    return forecast.suggest_targets(values, years=years, direction=indicator.direction) if years else None


def projections(plan: Plan, *, until: str | None = None) -> list[Warning]:
    """Every indicator of ``plan`` with three or more approved values (up to ``until``), projected
    to the end of its first unmeasured target year; those predicted to miss first, then in plan
    order."""
    rows: list[Warning] = []
    indicators = Indicator.objects.filter(goal__aim__plan=plan).select_related("goal__aim")
    for indicator in indicators.order_by("goal__aim__position", "goal__position", "position", "pk"):
        actuals = measured(indicator, until=until)
        years = sorted(int(y) for y in (indicator.targets or {}) if str(y).isdigit() and str(y) not in actuals)
        if not years:
            continue
        year = years[0]
        projection = forecast.project(
            actuals, year=year, target=float(indicator.targets[str(year)]), direction=indicator.direction
        )
        if projection is not None:
            rows.append(Warning(indicator, projection))
    return sorted(rows, key=lambda row: not row.projection.misses)


def suggested_targets(plan: Plan, *, until: str | None = None) -> dict[str, dict[str, float]]:
    """ "Verilerin ışığında yeni hedefler": per indicator code, realistic targets for the years
    whose year-end value is not measured yet (only indicators with a trend)."""
    suggestions: dict[str, dict[str, float]] = {}
    for indicator in Indicator.objects.filter(goal__aim__plan=plan).order_by("pk"):
        targets = _suggestion(measured(indicator, until=until), indicator)
        if targets:
            suggestions[indicator.code] = targets
    return suggestions


def target_hint(indicator: Indicator) -> TargetHint | None:
    """ "Verilerin ışığında yeni hedefler" for an indicator of a draft version (a plan update):
    the trend of the values of the same indicator (by code) in the plan in force, for the years
    that have no year-end value yet. None without a plan in force or a trend."""
    from ortakakil.planning.selectors import approved_plan

    plan = indicator.goal.aim.plan
    if plan.status == Plan.Status.APPROVED:
        return None
    in_force = approved_plan(plan.process)
    if in_force is None:
        return None
    source = Indicator.objects.filter(goal__aim__plan=in_force, code=indicator.code).first()
    if source is None:
        return None
    actuals = measured(source)
    targets = _suggestion(actuals, indicator)
    if not targets:
        return None
    periods = sorted(actuals, key=forecast.period_time)
    basis = _("The trend of %(n)d values of the plan in force, %(first)s to %(last)s.") % {
        "n": len(periods),
        "first": periods[0],
        "last": periods[-1],
    }
    return TargetHint(targets=targets, basis=basis)


def periods_of(plan: Plan) -> list[str]:
    """Every period a value can be entered for in ``plan`` (``services.plan_periods`` of each
    indicator, together), in time order: 2025-H1, 2025, 2026-H1 …"""
    from .services import plan_periods

    periods = {p for indicator in Indicator.objects.filter(goal__aim__plan=plan) for p in plan_periods(indicator)}
    return sorted(periods, key=lambda p: (realisation.period_year(p), not p.endswith("-H1")))


def period_end(period: str) -> dt.date:
    """The last day of ``period``: 30 June for «YYYY-H1», 31 December for «YYYY»."""
    year = realisation.period_year(period)
    return dt.date(year, 6, 30) if period.endswith("-H1") else dt.date(year, 12, 31)


def default_period(
    periods: list[str], today: dt.date, done: dict[str, int] | None = None, total: int = 0
) -> str | None:
    """The period a unit reports on now: the first ended period in which some of its ``total``
    indicators have no submitted or approved value yet (``done``: how many have, per period),
    else the latest one that has ended, else the first."""
    ended = [p for p in periods if period_end(p) < today]
    if done is not None and total:
        due = [p for p in ended if done.get(p, 0) < total]
        if due:
            return due[0]
    return ended[-1] if ended else (periods[0] if periods else None)


def reported_counts(user: Any, plan: Plan) -> tuple[dict[str, int], int]:
    """Per period, how many of ``user``'s indicators have a submitted or approved value; and how
    many indicators ``user`` reports on."""
    indicators = indicators_of(user, plan)
    rows = (
        Measurement.objects.filter(
            indicator__in=indicators, state__in=[Measurement.State.SUBMITTED, Measurement.State.APPROVED]
        )
        .values("period")
        .annotate(n=Count("pk"))
    )
    return {row["period"]: row["n"] for row in rows}, indicators.count()


def indicator_of_plan(plan: Plan, pk: int) -> Indicator:
    """An indicator named in an address, only within ``plan`` (a Turkish 404 otherwise)."""
    indicator = (
        Indicator.objects.select_related("goal__aim__plan__process__organisation", "goal__responsible_unit")
        .filter(goal__aim__plan=plan, pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404(_("This plan has no such indicator."))
    return indicator


def measurement_of_process(process: Process, pk: int) -> Measurement:
    """A value named in an address, only within ``process``'s plans (a Turkish 404 otherwise)."""
    measurement = (
        Measurement.objects.select_related(
            "indicator__goal__aim__plan__process__organisation", "indicator__goal__responsible_unit", "entered_by"
        )
        .filter(indicator__goal__aim__plan__process=process, pk=pk)
        .first()
    )
    if measurement is None:
        raise Http404(_("This process has no such value."))
    return measurement


def queue_count(process: Process) -> int:
    return review_queue(process).count()


def returned_count(process: Process, unit_id: int) -> int:
    """Values the strategy team returned to ``unit_id`` that still wait for its correction."""
    return Measurement.objects.filter(
        indicator__goal__aim__plan__process=process,
        indicator__goal__responsible_unit_id=unit_id,
        state=Measurement.State.RETURNED,
    ).count()

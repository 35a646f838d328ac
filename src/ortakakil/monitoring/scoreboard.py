"""What the public scoreboard (karne) shows: the approved plan's realisation in a period, from
approved values only, with each goal's contributions, each indicator's history against its
targets and the early-warning flag.

The scoreboard is public while the process's current phase has the ``monitoring_public`` switch
on and the process has an approved plan; otherwise there is nothing to show (the pages say it is
not published yet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ortakakil.planning.models import Aim, Goal, Indicator, Plan
from ortakakil.planning.selectors import SourceRow, aims_with_goals, approved_plan, sources_of
from ortakakil.processes.models import Process
from ortakakil.processes.traceability import Progress

from . import forecast, realisation, selectors

SWITCH = "monitoring_public"
ON_TRACK = 90.0
"""A capped rate at or above this is on track (percent)."""
ATTENTION = 50.0
"""At or above this and below ``ON_TRACK`` needs attention; below it the item is behind."""

STATUS_LABELS: dict[str, Promise] = {
    "on_track": _("On track"),
    "attention": _("Needs attention"),
    "behind": _("Behind"),
    "no_data": _("No data"),
}
STATUS_RANGES: dict[str, Promise] = {
    # xgettext:no-python-format
    "on_track": _("90 % or more of the year's target realised"),
    "attention": _("50 % to 90 % realised"),
    # xgettext:no-python-format
    "behind": _("less than 50 % realised"),
    "no_data": _("no approved value for this period yet"),
}


def status_of(value: float | None) -> str:
    """The colour band of a capped realisation rate (percent)."""
    if value is None:
        return "no_data"
    if value >= ON_TRACK:
        return "on_track"
    if value >= ATTENTION:
        return "attention"
    return "behind"


def open_plan(process: Process) -> Plan | None:
    """The plan the public scoreboard shows: the approved plan while the current phase has the
    scoreboard switched on; None otherwise."""
    if not process.is_open(SWITCH):
        return None
    return approved_plan(process)


def coverage(plan: Plan) -> tuple[dict[str, int], int]:
    """How many indicators have an approved value in each period, and how many indicators there are."""
    counts: dict[str, int] = {}
    total = 0
    for actuals in Indicator.objects.filter(goal__aim__plan=plan).values_list("actuals", flat=True):
        total += 1
        for period, value in (actuals or {}).items():
            if value is not None and realisation.PERIOD_RE.match(str(period)):
                counts[period] = counts.get(period, 0) + 1
    return counts, total


def periods(plan: Plan) -> list[str]:
    """The periods with at least one approved value, oldest first."""
    return sorted(coverage(plan)[0], key=forecast.period_time)


def default_period(plan: Plan) -> str | None:
    """The period shown first: the latest one in which at least half of the indicators have an
    approved value (the first values of a new period do not make a board of «no data»), else the
    latest with any approved value; None when nothing is approved yet."""
    counts, total = coverage(plan)
    found = sorted(counts, key=forecast.period_time)
    if not found:
        return None
    covered = [period for period in found if counts[period] * 2 >= total]
    return covered[-1] if covered else found[-1]


@dataclass(frozen=True)
class HistoryPoint:
    period: str
    actual: float | None
    target: float | None
    """The target of the period's year (a six-month value is read against its year's target)."""


@dataclass
class IndicatorRow:
    indicator: Indicator
    rate: realisation.Rate
    status: str
    actual: float | None
    target: float | None
    history: list[HistoryPoint]
    projection: forecast.Projection | None

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]


@dataclass
class GoalRow:
    goal: Goal
    value: float | None
    status: str
    indicators: list[IndicatorRow]
    missing: list[str]
    sources: list[SourceRow] = field(default_factory=list)

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]

    @property
    def public_sources(self) -> list[SourceRow]:
        return [row for row in self.sources if row.contribution is not None]

    @property
    def warnings(self) -> int:
        return sum(1 for row in self.indicators if row.projection is not None and row.projection.misses)


@dataclass
class AimRow:
    aim: Aim
    value: float | None
    status: str
    goals: list[GoalRow]

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]


@dataclass
class Board:
    plan: Plan
    period: str
    periods: list[str]
    value: float | None
    status: str
    aims: list[AimRow]

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]

    @property
    def counts(self) -> dict[str, int]:
        """How many indicators are in each band."""
        out = dict.fromkeys(STATUS_LABELS, 0)
        for aim in self.aims:
            for goal in aim.goals:
                for row in goal.indicators:
                    out[row.status] += 1
        return out

    @property
    def warnings(self) -> list[IndicatorRow]:
        return [
            row
            for aim in self.aims
            for goal in aim.goals
            for row in goal.indicators
            if row.projection is not None and row.projection.misses
        ]


def _history(indicator: Indicator, actuals: dict[str, float]) -> list[HistoryPoint]:
    targets = {str(year): float(value) for year, value in (indicator.targets or {}).items() if value is not None}
    wanted = set(actuals) | {str(year) for year in targets}
    rows = []
    for period in sorted(wanted, key=forecast.period_time):
        year = str(realisation.period_year(period))
        rows.append(HistoryPoint(period, actuals.get(period), targets.get(year)))
    return rows


def _projection(indicator: Indicator, actuals: dict[str, float]) -> forecast.Projection | None:
    years = sorted(int(y) for y in (indicator.targets or {}) if str(y).isdigit() and str(y) not in actuals)
    if not years or indicator.targets.get(str(years[0])) is None:
        return None
    return forecast.project(
        actuals, year=years[0], target=float(indicator.targets[str(years[0])]), direction=indicator.direction
    )


def board(plan: Plan, period: str, *, with_sources: bool = True) -> Board:
    """The plan's realisation in ``period`` (from approved values), item by item."""
    evaluation = selectors.evaluation(plan, period)
    year = str(realisation.period_year(period))
    aims = []
    for aim in aims_with_goals(plan):
        goal_rows = []
        for goal in aim.goals.all():
            rows = []
            for indicator in goal.indicators.all():
                actuals = selectors.measured(indicator)
                target = (indicator.targets or {}).get(year)
                rate = evaluation.indicators.get(indicator.code, realisation.Rate(None, None))
                rows.append(
                    IndicatorRow(
                        indicator=indicator,
                        rate=rate,
                        status=status_of(rate.capped),
                        actual=actuals.get(period),
                        target=None if target is None else float(target),
                        history=_history(indicator, actuals),
                        projection=_projection(indicator, actuals),
                    )
                )
            value = evaluation.goals.get(goal.code)
            goal_rows.append(
                GoalRow(
                    goal=goal,
                    value=value,
                    status=status_of(value),
                    indicators=rows,
                    missing=evaluation.missing.get(goal.code, []),
                    sources=sources_of(plan, goal.sources.all()) if with_sources else [],
                )
            )
        value = evaluation.aims.get(aim.code)
        aims.append(AimRow(aim=aim, value=value, status=status_of(value), goals=goal_rows))
    return Board(
        plan=plan,
        period=period,
        periods=periods(plan),
        value=evaluation.plan,
        status=status_of(evaluation.plan),
        aims=aims,
    )


def goal_sources(goal: Goal) -> list[SourceRow]:
    return sources_of(goal.aim.plan, goal.sources.all())


def chosen_period(plan: Plan, wanted: Any) -> str | None:
    """The period asked for when it has approved values, else ``default_period`` (None when
    nothing is approved yet)."""
    if wanted and wanted in periods(plan):
        return str(wanted)
    return default_period(plan)


def scoreboard_url(process: Process, *, period: str = "", anchor: str = "") -> str:
    url = reverse("monitoring_scoreboard", kwargs={"slug": process.slug})
    if period:
        url += f"?period={period}"
    return url + (f"#{anchor}" if anchor else "")


def goal_progress(process: Process, codes: list[str]) -> dict[str, Progress]:
    """For the traceability registry: the realisation of the goals named in ``codes`` in the
    latest period with approved values, while the scoreboard is public."""
    plan = open_plan(process)
    if plan is None:
        return {}
    period = chosen_period(plan, None)
    if period is None:
        return {}
    evaluation = selectors.evaluation(plan, period)
    return {
        code: Progress(
            period=period,
            rate=evaluation.goals[code],
            status=status_of(evaluation.goals[code]),
            status_label=str(STATUS_LABELS[status_of(evaluation.goals[code])]),
            url=scoreboard_url(process, anchor=f"goal-{code}"),
        )
        for code in codes
        if code in evaluation.goals
    }

"""Portfolio scenarios: the multi-year selection for the plan, its explanations and adoption.

* ``project_values`` — each project's value: the weighted sum of the strategy team's scores
  (goal contribution, vision, urgency, 0–10) and of citizen demand (the supports of the proposal
  it grew from, scaled to 0–10 by the most supported one), the weights normalised to sum to 1.
* ``scenario_compute`` — builds the instance (every project of the process with a cost in one of
  the scenario's years), solves it with HiGHS (``rules/milp.py``) within the scenario's time limit,
  and stores the selection, objective, gap, each year's spending, each project's explanation and
  the waterline (``rules/explain.py``) in ``Scenario.result``. An instance that cannot be solved
  stores nothing and says which constraint cannot hold.
* ``scenario_copy`` (budgets × a factor: the ±10% comparisons) and ``scenario_adopt`` (the one the
  plan document shows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import require_perm

from .models import SCORE_MAX, SCORES, Project, Scenario
from .permissions import MANAGE
from .rules import explain, milp

DEFAULT_WEIGHTS = {"goal_value": 0.4, "vision": 0.2, "urgency": 0.2, "demand": 0.2}
WEIGHT_KEYS = (*SCORES, "demand")


def _weights(raw: Mapping[str, Any]) -> dict[str, float]:
    given = {key: float(raw.get(key, 0) or 0) for key in WEIGHT_KEYS} if raw else dict(DEFAULT_WEIGHTS)
    if any(w < 0 for w in given.values()):
        raise ValidationError({"weights": _("Weights cannot be negative.")})
    total = sum(given.values())
    if total <= 0:
        raise ValidationError({"weights": _("At least one weight must be above zero.")})
    return {key: w / total for key, w in given.items()}


def _demand(projects: Iterable[Project]) -> dict[int, float]:
    """Each project's citizen demand on the 0–10 scale (its proposal's supports / the most)."""
    supports = {p.pk: (p.proposal.supports_count if p.proposal is not None else 0) for p in projects}
    most = max(supports.values(), default=0)
    return {pk: (SCORE_MAX * n / most if most else 0.0) for pk, n in supports.items()}


def project_values(projects: list[Project], weights: Mapping[str, Any]) -> dict[int, float]:
    """Each project's value (0–10) under ``weights``."""
    w = _weights(weights)
    demand = _demand(projects)
    return {
        p.pk: round(sum(w[key] * float(getattr(p, key)) for key in SCORES) + w["demand"] * demand[p.pk], 6)
        for p in projects
    }


def _budgets(scenario: Scenario) -> dict[str, float]:
    budgets: dict[str, float] = {}
    for year, amount in (scenario.budgets or {}).items():
        try:
            value = float(amount)
        except (TypeError, ValueError):
            raise ValidationError({"budgets": _("The budget of %(year)s is not a number.") % {"year": year}}) from None
        if value < 0:
            raise ValidationError({"budgets": _("The budget of %(year)s cannot be negative.") % {"year": year}})
        budgets[str(year)] = value
    if not budgets:
        raise ValidationError({"budgets": _("Give the budget of at least one year.")})
    return budgets


def scenario_projects(scenario: Scenario) -> list[Project]:
    """The projects the scenario chooses among: the process's projects with a cost in its years,
    except those put to a participatory-budgeting vote (the citizens decide those)."""
    years = set(map(str, (scenario.budgets or {}).keys()))
    projects = (
        Project.objects.filter(process_id=scenario.process_id, budget_rounds__isnull=True)
        .select_related("theme", "proposal")
        .prefetch_related("requires", "excludes")
        .order_by("code", "pk")
    )
    return [p for p in projects if any(str(y) in years and int(a) > 0 for y, a in p.costs.items())]


def scenario_instance(scenario: Scenario, projects: list[Project]) -> milp.Instance:
    budgets = _budgets(scenario)
    values = project_values(projects, scenario.weights)
    ids = {p.pk for p in projects}
    return milp.Instance(
        budgets=budgets,
        projects=[
            milp.Candidate(
                id=str(p.pk),
                value=values[p.pk],
                costs={str(y): float(a) for y, a in p.costs.items() if str(y) in budgets},
                theme=p.theme.code if p.theme else "",
                requires=tuple(str(r.pk) for r in p.requires.all() if r.pk in ids)
                + tuple(f"missing-{r.pk}" for r in p.requires.all() if r.pk not in ids),
                excludes=tuple(str(x.pk) for x in p.excludes.all() if x.pk in ids),
                district=p.district,
            )
            for p in projects
        ],
        min_per_theme={str(k): int(v) for k, v in (scenario.min_per_theme or {}).items()},
        max_per_theme={str(k): int(v) for k, v in (scenario.max_per_theme or {}).items()},
        min_per_district={str(k): int(v) for k, v in (scenario.min_per_district or {}).items()},
        max_per_district={str(k): int(v) for k, v in (scenario.max_per_district or {}).items()},
    )


def _solve(instance: milp.Instance, time_limit: float) -> milp.Result:
    """Requirements on projects outside the scenario's years can never hold: such a project is
    left out before solving (its explanation says which project it needs)."""
    kept = list(instance.projects)
    while True:  # leaving one out may strand a project that requires it
        known = {c.id for c in kept}
        fewer = [c for c in kept if all(r in known for r in c.requires)]
        if len(fewer) == len(kept):
            break
        kept = fewer
    known = {c.id for c in kept}
    kept = [replace(c, excludes=tuple(x for x in c.excludes if x in known)) for c in kept]
    return milp.solve(replace(instance, projects=kept), time_limit=time_limit)


def scenario_compute(*, actor: User, scenario: Scenario) -> Scenario:
    """Solve the scenario and store its result (nothing is stored when it cannot be solved)."""
    require_perm(actor, MANAGE, scenario.process)
    if scenario.is_adopted:
        raise ValidationError(_("The adopted scenario is the plan's record and is not computed again; make a copy."))
    projects = scenario_projects(scenario)
    instance = scenario_instance(scenario, projects)
    try:
        result = _solve(instance, scenario.time_limit)
    except milp.PortfolioError as error:
        raise ValidationError(_("This scenario cannot be solved: %(reason)s") % {"reason": str(error)}) from error
    explanations = explain.explain(instance, result.selected)
    scenario.result = {
        "selected": [int(pk) for pk in result.selected],
        "objective": result.objective,
        "gap": result.gap,
        "optimal": result.optimal,
        "seconds": round(result.seconds, 4),
        "spent": result.spent,
        "budgets": instance.budgets,
        "values": {str(c.id): c.value for c in instance.projects},
        "explanations": [_plain(asdict(e)) for e in explanations],
        "waterline": [_plain(asdict(row)) for row in explain.waterline(instance, result.selected)],
    }
    scenario.computed_at = timezone.now()
    scenario.save(update_fields=["result", "computed_at", "updated_at"])
    return scenario


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe: an infinite value per lira (a free project with value) is stored as null."""
    return {k: (None if isinstance(v, float) and v in (float("inf"), float("-inf")) else v) for k, v in row.items()}


@transaction.atomic
def scenario_adopt(*, actor: User, scenario: Scenario) -> Scenario:
    """Make ``scenario`` the process's adopted portfolio (the plan document shows it)."""
    from ortakakil.planning.selectors import latest_plan

    require_perm(actor, MANAGE, scenario.process)
    if not scenario.result.get("selected") and scenario.computed_at is None:
        raise ValidationError(_("Compute the scenario before adopting it."))
    plan = latest_plan(scenario.process)
    if plan is not None and not plan.is_editable:
        raise ValidationError(
            _("The plan is %(status)s: its portfolio is part of the record. Return it to draft first.")
            % {"status": plan.get_status_display()}
        )
    Scenario.objects.filter(process_id=scenario.process_id, is_adopted=True).exclude(pk=scenario.pk).update(
        is_adopted=False
    )
    scenario.is_adopted = True
    scenario.save(update_fields=["is_adopted", "updated_at"])
    return scenario


def scenario_copy(*, actor: User, scenario: Scenario, name: str, budget_factor: float = 1.0) -> Scenario:
    """A new scenario like ``scenario`` with every year's budget × ``budget_factor`` (not computed)."""
    require_perm(actor, MANAGE, scenario.process)
    if not 0 < budget_factor <= 10:
        raise ValidationError({"budget_factor": _("The budget factor must be above 0 and at most 10.")})
    return Scenario.objects.create(
        process=scenario.process,
        name=name[:200],
        budgets={year: round(float(amount) * budget_factor) for year, amount in (scenario.budgets or {}).items()},
        weights=dict(scenario.weights or {}),
        min_per_theme=dict(scenario.min_per_theme or {}),
        max_per_theme=dict(scenario.max_per_theme or {}),
        min_per_district=dict(scenario.min_per_district or {}),
        max_per_district=dict(scenario.max_per_district or {}),
        time_limit=scenario.time_limit,
    )


FIELDS = (
    "name",
    "budgets",
    "weights",
    "min_per_theme",
    "max_per_theme",
    "min_per_district",
    "max_per_district",
    "time_limit",
)


def scenario_create(*, actor: User, process: Any, data: Mapping[str, Any]) -> Scenario:
    require_perm(actor, MANAGE, process)
    return Scenario.objects.create(process=process, **{key: data[key] for key in FIELDS if key in data})


def scenario_update(*, actor: User, scenario: Scenario, data: Mapping[str, Any]) -> Scenario:
    """Change a scenario's inputs; its result is cleared (it no longer answers them). The adopted
    scenario is the plan's record and cannot change: copy it instead."""
    require_perm(actor, MANAGE, scenario.process)
    if scenario.is_adopted:
        raise ValidationError(_("The adopted scenario cannot be changed; make a copy and change that."))
    for key in FIELDS:
        if key in data:
            setattr(scenario, key, data[key])
    scenario.result, scenario.computed_at = {}, None
    scenario.save()
    return scenario


def scenario_delete(*, actor: User, scenario: Scenario) -> None:
    require_perm(actor, MANAGE, scenario.process)
    if scenario.is_adopted:
        raise ValidationError(_("The adopted scenario cannot be deleted; adopt another one first."))
    scenario.delete()

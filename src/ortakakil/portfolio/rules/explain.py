"""Why each project is in or out of a multi-year portfolio, and the budget waterline (pure).

The optimiser (:mod:`.milp`) answers *what*; staff need *why*. For each project, in this order:

* **in** — selected; its value per lira and its rank by it;
* ``alternative`` — an alternative it excludes was selected (named);
* ``requires`` — it requires a project that was not selected (named);
* ``theme_max`` / ``district_max`` — its theme / district already has the most projects allowed;
* ``budget`` — it does not fit in what the selected projects leave in one or more years (the
  binding years, named); ``displaced_by`` is the selected project spending in a binding year
  with the lowest value per lira, when that is lower than this project's (the one a simple
  ranking would have dropped first) — else nothing displaced it: it was simply too expensive for
  what it brings;
* ``no_value`` — it brings no value under the scenario's weights;
* ``combination`` — it would fit, but every portfolio containing it is worth less (e.g. it would
  have needed money that a better combination uses in another year).

The waterline orders every project by value per lira and marks where the cumulative cost first
passes the total budget: the projects above it are what a ranking alone would fund.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .milp import Instance


@dataclass(frozen=True)
class Explanation:
    project: str
    selected: bool
    reason: str
    """``in``, ``alternative``, ``requires``, ``theme_max``, ``district_max``, ``budget``, ``no_value`` or
    ``combination``."""
    value: float
    cost: float
    per_lira: float
    """Value per million lira (``inf`` for a free project with value)."""
    rank: int
    """1 = the best value per lira."""
    other: str = ""
    """The alternative, the required project or the displacing project."""
    years: tuple[str, ...] = ()
    """The binding years (``budget``) or the years it spends in (``in``)."""
    theme: str = ""


@dataclass(frozen=True)
class WaterlineRow:
    project: str
    per_lira: float
    cost: float
    cumulative: float
    above: bool
    """Within the total budget when funding by value per lira alone."""
    selected: bool


PER = 1_000_000.0


def _per_lira(value: float, cost: float) -> float:
    if cost <= 0:
        return math.inf if value > 0 else 0.0
    return value / cost * PER


def explain(instance: Instance, selected: Sequence[str]) -> list[Explanation]:
    """One explanation per project of ``instance``, in the instance's order."""
    chosen = set(selected)
    by_id = {p.id: p for p in instance.projects}
    totals = {p.id: float(sum(p.costs.values())) for p in instance.projects}
    efficiency = {p.id: _per_lira(p.value, totals[p.id]) for p in instance.projects}
    order = sorted(instance.projects, key=lambda p: (-efficiency[p.id], p.id))
    rank = {p.id: i + 1 for i, p in enumerate(order)}
    spent = dict.fromkeys(instance.budgets, 0.0)
    for pid in chosen:
        for year, amount in by_id[pid].costs.items():
            spent[year] = spent.get(year, 0.0) + float(amount)
    per_theme: dict[str, int] = {}
    per_district: dict[str, int] = {}
    for pid in chosen:
        theme, district = by_id[pid].theme, by_id[pid].district
        per_theme[theme] = per_theme.get(theme, 0) + 1
        per_district[district] = per_district.get(district, 0) + 1
    out: list[Explanation] = []
    for p in instance.projects:
        if p.id in chosen:
            reason, other, years = "in", "", tuple(sorted(y for y, a in p.costs.items() if a))
        else:
            reason, other, years = _why_out(instance, p.id, chosen, spent, (per_theme, per_district), efficiency)
        out.append(
            Explanation(
                project=p.id,
                selected=p.id in chosen,
                reason=reason,
                value=p.value,
                cost=totals[p.id],
                per_lira=efficiency[p.id],
                rank=rank[p.id],
                other=other,
                years=years,
                theme=p.theme,
            )
        )
    return out


def _why_out(
    instance: Instance,
    pid: str,
    chosen: set[str],
    spent: Mapping[str, float],
    counts: tuple[Mapping[str, int], Mapping[str, int]],
    efficiency: Mapping[str, float],
) -> tuple[str, str, tuple[str, ...]]:
    """(reason, the other project, the binding years) of a project left out."""
    by_id = {p.id: p for p in instance.projects}
    p = by_id[pid]
    others = {q.id for q in instance.projects if pid in q.excludes}
    alternative = sorted((set(p.excludes) | others) & chosen)
    if alternative:
        return "alternative", alternative[0], ()
    missing = sorted(set(p.requires) - chosen)
    if missing:
        return "requires", missing[0], ()
    per_theme, per_district = counts
    limit = instance.max_per_theme.get(p.theme) if p.theme else None
    if limit is not None and per_theme.get(p.theme, 0) >= limit:
        return "theme_max", "", ()
    limit = instance.max_per_district.get(p.district) if p.district else None
    if limit is not None and per_district.get(p.district, 0) >= limit:
        return "district_max", "", ()
    binding = tuple(
        sorted(
            year
            for year, amount in p.costs.items()
            if amount and spent.get(year, 0.0) + float(amount) > float(instance.budgets.get(year, 0.0)) + 1e-6
        )
    )
    if binding:
        spenders = [q for q in chosen if any(by_id[q].costs.get(y) for y in binding)]
        weaker = sorted((efficiency[q], q) for q in spenders if efficiency[q] < efficiency[pid])
        return "budget", weaker[0][1] if weaker else "", binding
    if p.value <= 0:
        return "no_value", "", ()
    return "combination", "", ()


def waterline(instance: Instance, selected: Sequence[str]) -> list[WaterlineRow]:
    """Every project by value per lira (best first) with the cumulative cost; ``above`` until the
    cumulative cost passes the sum of the yearly budgets."""
    chosen = set(selected)
    total_budget = float(sum(instance.budgets.values()))
    rows: list[WaterlineRow] = []
    cumulative = 0.0
    ranked = sorted(instance.projects, key=lambda p: (-_per_lira(p.value, float(sum(p.costs.values()))), p.id))
    for p in ranked:
        cost = float(sum(p.costs.values()))
        cumulative += cost
        rows.append(
            WaterlineRow(
                project=p.id,
                per_lira=_per_lira(p.value, cost),
                cost=cost,
                cumulative=cumulative,
                above=cumulative <= total_budget + 1e-6,
                selected=p.id in chosen,
            )
        )
    return rows

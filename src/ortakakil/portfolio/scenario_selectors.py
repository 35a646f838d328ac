"""What the scenario pages show: each project's place in a computed scenario with its reason in
words, each year's spending against its budget, the waterline, and scenarios side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ortakakil.processes.models import Process

from .models import Project, Scenario


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    selected: bool
    value: float
    cost: float
    per_lira: float | None
    rank: int
    reason: str


@dataclass(frozen=True)
class YearRow:
    year: str
    budget: float
    spent: float

    @property
    def share(self) -> float:
        return 100.0 * self.spent / self.budget if self.budget else 0.0


@dataclass(frozen=True)
class WaterRow:
    project: Project
    per_lira: float | None
    cost: float
    cumulative: float
    above: bool
    selected: bool


@dataclass(frozen=True)
class ScenarioView:
    scenario: Scenario
    rows: list[ProjectRow]
    years: list[YearRow]
    waterline: list[WaterRow]
    total_budget: float
    gap_percent: float

    @property
    def selected_count(self) -> int:
        return sum(1 for r in self.rows if r.selected)


def scenario_of(process: Process, pk: int) -> Scenario:
    found = Scenario.objects.filter(process=process, pk=pk).first()
    if found is None:
        raise Http404(_("This process has no such scenario."))
    return found


def _label(project: Project | None, raw: str) -> str:
    if project is not None:
        return f"{project.code} {project.title}"
    return raw.removeprefix("missing-")


def reason_text(entry: dict[str, Any], projects: dict[str, Project]) -> str:
    other_id = str(entry.get("other") or "")
    other = _label(projects.get(other_id.removeprefix("missing-")), other_id)
    years = ", ".join(entry.get("years") or [])
    reason = entry.get("reason")
    if reason == "in":
        return _("Selected: %(rank)s. by value per lira.") % {"rank": entry.get("rank")}
    if reason == "alternative":
        return _("Its alternative %(other)s was selected.") % {"other": other}
    if reason == "requires":
        if other_id.startswith("missing-"):
            return _("It requires %(other)s, which has no cost in this scenario's years.") % {"other": other}
        return _("It requires %(other)s, which was not selected.") % {"other": other}
    if reason == "theme_max":
        return _("Its theme already has the most projects allowed.")
    if reason == "district_max":
        return _("Its district already has the most projects allowed.")
    if reason == "budget" and other_id:
        return ngettext(
            "It does not fit in the budget of %(years)s; %(other)s brings less per lira and took its place.",
            "It does not fit in the budgets of %(years)s; %(other)s brings less per lira and took its place.",
            len(entry.get("years") or []),
        ) % {"years": years, "other": other}
    if reason == "budget":
        return ngettext(
            "It does not fit in the budget of %(years)s; what it brings is low for its cost.",
            "It does not fit in the budgets of %(years)s; what it brings is low for its cost.",
            len(entry.get("years") or []),
        ) % {"years": years}
    if reason == "no_value":
        return _("It brings no value under these weights.")
    return _("It would fit, but every portfolio containing it is worth less.")


def scenario_view(scenario: Scenario) -> ScenarioView | None:
    """The computed scenario for its page (``None`` before a first computation)."""
    result = scenario.result or {}
    if scenario.computed_at is None or "explanations" not in result:
        return None
    projects = {str(p.pk): p for p in Project.objects.filter(process_id=scenario.process_id).select_related("theme")}
    rows = [
        ProjectRow(
            project=projects[e["project"]],
            selected=bool(e["selected"]),
            value=float(e["value"]),
            cost=float(e["cost"]),
            per_lira=e["per_lira"],
            rank=int(e["rank"]),
            reason=reason_text(e, projects),
        )
        for e in result["explanations"]
        if e["project"] in projects
    ]
    rows.sort(key=lambda r: (not r.selected, r.rank))
    budgets = {str(k): float(v) for k, v in (result.get("budgets") or {}).items()}
    spent = {str(k): float(v) for k, v in (result.get("spent") or {}).items()}
    years = [YearRow(y, budgets[y], spent.get(y, 0.0)) for y in sorted(budgets)]
    water = [
        WaterRow(
            projects[w["project"]],
            w["per_lira"],
            float(w["cost"]),
            float(w["cumulative"]),
            bool(w["above"]),
            bool(w["selected"]),
        )
        for w in result.get("waterline", [])
        if w["project"] in projects
    ]
    return ScenarioView(
        scenario=scenario,
        rows=rows,
        years=years,
        waterline=water,
        total_budget=sum(budgets.values()),
        gap_percent=100.0 * float(result.get("gap") or 0.0),
    )


@dataclass(frozen=True)
class CompareRow:
    project: Project
    marks: list[bool | None]
    """Per scenario: selected, left out, or ``None`` (not computed / not a candidate)."""


def scenarios_compare(process: Process, pks: list[int]) -> tuple[list[Scenario], list[CompareRow]]:
    """The chosen scenarios (in the order given, computed or not) and every project that any of
    them selected, with a mark per scenario."""
    found = {s.pk: s for s in Scenario.objects.filter(process=process, pk__in=pks)}
    chosen = [found[pk] for pk in dict.fromkeys(pks) if pk in found]
    selected = [set(map(int, (s.result or {}).get("selected", []))) for s in chosen]
    union = set().union(*selected) if selected else set()
    projects = Project.objects.filter(process=process, pk__in=union).select_related("theme").order_by("code", "pk")
    rows = [
        CompareRow(p, [(p.pk in sel) if s.computed_at else None for s, sel in zip(chosen, selected, strict=True)])
        for p in projects
    ]
    return chosen, rows

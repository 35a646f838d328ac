"""Reads of the portfolio's back office: the process's projects filtered, searched and sorted,
their cost per year, and the rounds with their ballot counts. Objects named in a URL are found
here, scoped to the process, with a Turkish 404."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ortakakil.planning.models import Goal
from ortakakil.planning.selectors import latest_plan
from ortakakil.processes.models import Process

from .models import BudgetRound, Project

SORTS = ("code", "title", "cost", "value", "theme")


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    theme: int | None = None
    goal: int | None = None
    kind: str = ""
    district: str = ""
    sort: str = "code"


@dataclass
class ProjectTable:
    projects: list[Project]
    years: list[int]
    totals: dict[int, int] = field(default_factory=dict)

    @property
    def grand_total(self) -> int:
        return sum(self.totals.values())


def plan_goals(process: Process) -> QuerySet[Goal]:
    """The goals of the process's newest plan (what a project can serve)."""
    plan = latest_plan(process)
    if plan is None:
        return Goal.objects.none()
    return Goal.objects.filter(aim__plan=plan).select_related("aim").order_by("aim__position", "position", "code")


def districts_of(process: Process) -> list[str]:
    return sorted(
        {d for d in Project.objects.filter(process=process).values_list("district", flat=True) if d},
        key=lambda d: d.casefold(),
    )


def projects_for_manage(process: Process, filters: ProjectFilters) -> ProjectTable:
    """The process's projects as the filters ask, with the total of the listed projects per year."""
    projects: QuerySet[Project] = (
        Project.objects.filter(process=process)
        .select_related("theme", "responsible_unit", "proposal")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("code")),
            Prefetch("requires", queryset=Project.objects.only("pk", "code")),
            Prefetch("excludes", queryset=Project.objects.only("pk", "code")),
        )
    )
    for word in filters.q.split():
        projects = projects.filter(
            Q(title__tr_contains=word) | Q(code__tr_contains=word) | Q(description__tr_contains=word)
        )
    if filters.theme:
        projects = projects.filter(theme_id=filters.theme)
    if filters.goal:
        # By code: a project keeps serving its goals in a new plan version (``plan_projects``).
        code = Goal.objects.filter(pk=filters.goal).values("code")[:1]
        projects = projects.filter(goals__code__in=code, goals__aim__plan__process=process).distinct()
    if filters.kind:
        projects = projects.filter(kind=filters.kind)
    if filters.district:
        projects = projects.filter(district=filters.district)
    rows = list(projects.distinct())
    if filters.sort == "title":
        rows.sort(key=lambda p: (p.title.casefold(), p.pk))
    elif filters.sort == "cost":
        rows.sort(key=lambda p: (-p.total_cost, p.code, p.pk))
    elif filters.sort == "value":
        rows.sort(key=lambda p: (-(p.goal_value + p.vision + p.urgency), p.code, p.pk))
    elif filters.sort == "theme":
        rows.sort(key=lambda p: (p.theme.position if p.theme else 10**6, p.code, p.pk))
    years = list(range(process.start_year, process.end_year + 1))
    for row in rows:
        row.year_costs = [int(row.costs.get(str(year), 0)) for year in years]  # type: ignore[attr-defined]
    totals = {year: sum(int(p.costs.get(str(year), 0)) for p in rows) for year in years}
    return ProjectTable(projects=rows, years=years, totals=totals)


def project_for_manage(process: Process, pk: int) -> Project:
    project = Project.objects.filter(process=process, pk=pk).select_related("process", "theme").first()
    if project is None:
        raise Http404(_("This process has no such project."))
    project.process = process
    return project


def rounds_for_manage(process: Process) -> QuerySet[BudgetRound]:
    return (
        BudgetRound.objects.filter(process=process)
        .select_related("theme")
        .annotate(ballot_count=Count("ballots", distinct=True), project_count=Count("projects", distinct=True))
        .order_by("-created_at", "pk")
    )


def round_for_manage(process: Process, pk: int) -> BudgetRound:
    found = rounds_for_manage(process).filter(pk=pk).first()
    if found is None:
        raise Http404(_("This process has no such participatory budgeting round."))
    found.process = process
    return found


def round_projects(budget_round: BudgetRound) -> list[Project]:
    return list(budget_round.projects.select_related("theme").order_by("code", "pk"))


def counts(process: Process) -> dict[str, Any]:
    return {
        "projects": Project.objects.filter(process=process).count(),
        "rounds": BudgetRound.objects.filter(process=process).count(),
    }

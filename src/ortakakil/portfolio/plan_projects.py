"""The adopted portfolio as the plan document shows it: the projects of the process's adopted
``Scenario`` with the goals they serve (by goal code, so a new plan version keeps them), their
responsible unit and cost per year. ``documents`` reads these for the goal cards and the
costing chapter; ``adopted_version`` is part of the document's cache key."""

from __future__ import annotations

from dataclasses import dataclass

from ortakakil.processes.models import Process

from .models import Project, Scenario


@dataclass(frozen=True)
class PlanProject:
    code: str
    title: str
    kind: str
    goals: list[str]
    unit: str
    costs: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.costs.values())


def adopted_scenario(process: Process) -> Scenario | None:
    return Scenario.objects.filter(process=process, is_adopted=True).first()


def adopted_projects(process: Process) -> list[PlanProject]:
    """The projects the adopted scenario selected, by code (none without an adopted, computed scenario)."""
    scenario = adopted_scenario(process)
    selected = (scenario.result or {}).get("selected") if scenario is not None else None
    if not selected:
        return []
    projects = (
        Project.objects.filter(process=process, pk__in=[int(pk) for pk in selected])
        .select_related("responsible_unit")
        .prefetch_related("goals")
        .order_by("code", "pk")
    )
    return [
        PlanProject(
            code=p.code,
            title=p.title,
            kind=str(p.get_kind_display()),
            goals=sorted({g.code for g in p.goals.all()}),
            unit=p.responsible_unit.name if p.responsible_unit else "",
            costs={str(year): int(amount) for year, amount in sorted(p.costs.items())},
        )
        for p in projects
    ]


def adopted_version(process: Process) -> str:
    """Changes when the adopted portfolio or any of its projects does."""
    scenario = adopted_scenario(process)
    if scenario is None:
        return ""
    changed = (
        Project.objects.filter(process=process).order_by("-updated_at").values_list("updated_at", flat=True).first()
    )
    return f"{scenario.pk}:{scenario.updated_at.isoformat()}:{changed.isoformat() if changed else ''}"

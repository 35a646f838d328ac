"""Participatory-budgeting rounds made for the page, API and browser tests (not the demo's)."""

from __future__ import annotations

import pytest

from ortakakil.portfolio.models import BudgetRound, Project

PROJECTS = [
    ("P1", "Bisiklet yolu", 400_000, "Çankaya"),
    ("P2", "Durak sundurması", 300_000, "Keçiören"),
    ("P3", "Gece otobüsü", 200_000, ""),
]


def budget_voting_on(process, on: bool = True) -> None:
    phase = process.current_phase
    switches = [s for s in phase.switches if s != "budget_voting"]
    phase.switches = [*switches, "budget_voting"] if on else switches
    phase.save()


def make_round(process, *, slug="ulasim-2025", state=BudgetRound.State.OPEN, **fields) -> BudgetRound:
    """A round of the ULASIM theme with three projects (400, 300 and 200 thousand lira)."""
    theme = process.themes.get(code="ULASIM")
    projects = [
        Project.objects.get_or_create(
            process=process,
            code=code,
            defaults={
                "title": title,
                "theme": theme,
                "costs": {"2025": cost},
                "district": district,
                "description": f"{title} projesinin açıklaması.",
            },
        )[0]
        for code, title, cost, district in PROJECTS
    ]
    values = {
        "process": process,
        "theme": theme,
        "slug": slug,
        "title": "Ulaşım bütçesi",
        "description": "Ulaşım projelerinden hangilerinin yapılacağını siz seçin.",
        "budget": 600_000,
        "state": state,
    }
    values.update(fields)
    budget_round = BudgetRound.objects.create(**values)
    budget_round.projects.set(projects)
    return budget_round


@pytest.fixture
def budget_round(process):
    """An open approval round (at most 2 projects, ballots within the budget), voting switched on."""
    budget_voting_on(process)
    return make_round(process, max_selections=2, voter_budget_limit=True)


def project_ids(budget_round) -> dict[str, int]:
    return {p.code: p.pk for p in budget_round.projects.all()}

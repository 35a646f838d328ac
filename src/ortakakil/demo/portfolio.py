"""Demo step: the Ankara plan's projects, a base portfolio scenario and a citizens'
participatory-budgeting round (``content/portfolio.toml``, written by the team).

Projects are matched by their code, the scenario by its name and the round by its address, so
loading again changes nothing. The round's ballots are drawn from a seeded random generator
(demo citizens tick projects by the content's popularity weights, within the round's rules) and
written in bulk once, when the round has none: the same demo every time.

The round is left open while the demo process stays in its participation phase: the public page
says that voting waits for the phase with participatory-budgeting votes (the costing phase,
«Maliyetlendirme»), which the strategy team opens from the phase box.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ortakakil.core.models import Role, Unit, User
from ortakakil.planning.models import Goal
from ortakakil.planning.selectors import latest_plan
from ortakakil.portfolio.ballots import ballot_rules
from ortakakil.portfolio.models import Ballot, BudgetRound, Project, Scenario
from ortakakil.portfolio.rules.ballot import BallotError, check_ballot
from ortakakil.processes.models import Process

from .content import read_content
from .plan import proposal_ids

if TYPE_CHECKING:
    from .loader import DemoContext

SEED = 20200111
"""The first day of the costing phase: the ballots' random generator is seeded with it."""
VOTING_STARTS = datetime(2020, 1, 11, 9, 0, tzinfo=ZoneInfo("Europe/Istanbul"))
"""Ballots are dated within the three weeks of the costing phase («Maliyetlendirme»)."""


def _process(ctx: DemoContext) -> Process:
    if ctx.process is None:
        raise RuntimeError("the process step must run before the portfolio step")
    return ctx.process


def _goals(process: Process) -> dict[str, Goal]:
    plan = latest_plan(process)
    if plan is None:
        raise RuntimeError("the strategic plan step must run before the portfolio step")
    return {goal.code: goal for goal in Goal.objects.filter(aim__plan=plan)}


@dataclass(frozen=True)
class _Lookups:
    """The rows the content names by code: units, themes, goals, and proposals by content key."""

    units: dict[str, Unit]
    themes: dict[str, Any]
    goals: dict[str, Goal]
    proposals: dict[str, int]


def _project(
    process: Process, data: dict[str, Any], *, costs: dict[str, int], scores: list[float], by: _Lookups
) -> Project:
    units, themes, goals, proposals = by.units, by.themes, by.goals, by.proposals
    proposal = data.get("proposal")
    if proposal is not None and proposal not in proposals:
        raise ValueError(f"demo portfolio: {data['code']} names a proposal that does not exist: {proposal}")
    project, _ = Project.objects.update_or_create(
        process=process,
        code=data["code"],
        defaults={
            "title": data["title"],
            "description": data.get("description", ""),
            "kind": data.get("kind", Project.Kind.INVESTMENT),
            "theme": themes[data["theme"]],
            "responsible_unit": units[data["unit"]],
            "district": data.get("district", ""),
            "costs": costs,
            "proposal_id": proposals[proposal] if proposal else None,
            "goal_value": float(scores[0]),
            "vision": float(scores[1]),
            "urgency": float(scores[2]),
        },
    )
    project.goals.set([goals[code] for code in data["goals"]])
    return project


def load_portfolio(ctx: DemoContext) -> None:
    process = _process(ctx)
    content = read_content("portfolio.toml")
    years = [str(year) for year in range(process.start_year, process.end_year + 1)]
    units = {unit.code: unit for unit in Unit.objects.filter(organisation_id=process.organisation_id)}
    themes = {theme.code: theme for theme in process.themes.all()}
    goals = _goals(process)
    proposals = proposal_ids(process)
    lookups = _Lookups(units=units, themes=themes, goals=goals, proposals=proposals)
    projects: dict[str, Project] = {}
    for data in content["projects"]:
        costs = {year: amount for year, amount in zip(years, data["costs"], strict=True) if amount}
        projects[data["code"]] = _project(process, data, costs=costs, scores=data["scores"], by=lookups)
    # Alternatives exclude each other (a symmetric relation): the content names each pair once.
    excludes: dict[str, set[str]] = {code: set() for code in projects}
    for data in content["projects"]:
        for other in data.get("excludes", []):
            excludes[data["code"]].add(other)
            excludes[other].add(data["code"])
    for data in content["projects"]:
        projects[data["code"]].requires.set([projects[code] for code in data.get("requires", [])])
        projects[data["code"]].excludes.set([projects[code] for code in sorted(excludes[data["code"]])])
    _scenario(process, content["scenario"], years)
    round_data = content["budget_round"]
    ballot_projects = [
        _project(
            process,
            {**data, "theme": round_data["theme"], "kind": Project.Kind.INVESTMENT},
            costs={years[0]: data["cost"]},
            scores=[5, 5, 5],
            by=lookups,
        )
        for data in round_data["projects"]
    ]
    budget_round = _round(process, round_data, ballot_projects, themes)
    if not Ballot.objects.filter(round=budget_round).exists():
        _ballots(budget_round, ballot_projects, [p["popularity"] for p in round_data["projects"]], round_data)
    ctx.counts["projects"] = Project.objects.filter(process=process).count()
    ctx.counts["portfolio scenarios"] = Scenario.objects.filter(process=process).count()
    ctx.counts["budget rounds"] = BudgetRound.objects.filter(process=process).count()
    ctx.counts["ballots"] = Ballot.objects.filter(round__process=process).count()


def _scenario(process: Process, data: dict[str, Any], years: list[str]) -> None:
    Scenario.objects.update_or_create(
        process=process,
        name=data["name"],
        defaults={
            "budgets": dict(zip(years, data["budgets"], strict=True)),
            "weights": dict(data["weights"]),
            "max_per_theme": dict(data.get("max_per_theme", {})),
        },
    )


def _round(process: Process, data: dict[str, Any], projects: list[Project], themes: dict[str, Any]) -> BudgetRound:
    budget_round, _ = BudgetRound.objects.update_or_create(
        process=process,
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "description": data["description"],
            "theme": themes[data["theme"]],
            "budget": data["budget"],
            "vote_type": BudgetRound.VoteType.APPROVAL,
            "max_selections": data["max_selections"],
            "voter_budget_limit": True,
            "rule": data["rule"],
            "state": BudgetRound.State.OPEN,
        },
    )
    budget_round.projects.set(projects)
    return budget_round


def _ballots(budget_round: BudgetRound, projects: list[Project], weights: list[int], data: dict[str, Any]) -> None:
    """``data["ballots"]`` demo citizens each tick one to five projects by popularity; a choice
    the round's rules refuse (over the budget) is dropped, as the ballot page would not let it through."""
    rng = random.Random(SEED)  # noqa: S311 — reproducible demo data, not security
    rules = ballot_rules(budget_round)
    voters = list(User.objects.filter(username__startswith="demo-vatandas-", role=Role.CITIZEN).order_by("username"))
    ballots = []
    for voter in rng.sample(voters, min(data["ballots"], len(voters))):
        wanted = rng.randint(1, data["max_selections"])
        chosen: dict[str, int] = {}
        for project in rng.choices(projects, weights=weights, k=wanted * 3):
            if len(chosen) == wanted:
                break
            trial = {**chosen, str(project.pk): 1}
            try:
                check_ballot(rules, trial)
            except BallotError:
                continue
            chosen = trial
        cast = VOTING_STARTS + timedelta(days=rng.randint(0, 19), minutes=rng.randint(0, 13 * 60))
        ballots.append(Ballot(round=budget_round, voter=voter, choices=chosen, created_at=cast, updated_at=cast))
    Ballot.objects.bulk_create(ballots, batch_size=500, ignore_conflicts=True)

"""The Ankara demo's portfolio: the plan's projects with their goals, costs and dependencies, the
base scenario, and an open participatory-budgeting round with its ballots — loaded again, the
same rows."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ortakakil.demo.loader import PROCESS_SLUG
from ortakakil.portfolio.ballots import ballot_rules
from ortakakil.portfolio.models import Ballot, BudgetRound, Project, Scenario
from ortakakil.portfolio.rules.ballot import check_ballot
from ortakakil.processes.models import Process


def _snapshot():
    return {
        "projects": sorted(Project.objects.values_list("code", "title", "district", "goal_value")),
        "goals": sorted(Project.goals.through.objects.values_list("project__code", "goal__code")),
        "requires": sorted(Project.requires.through.objects.values_list("from_project__code", "to_project__code")),
        "excludes": sorted(Project.excludes.through.objects.values_list("from_project__code", "to_project__code")),
        "scenarios": list(Scenario.objects.values_list("name", "budgets")),
        "rounds": list(BudgetRound.objects.values_list("slug", "state", "budget")),
        "ballots": sorted(Ballot.objects.values_list("voter__username", "choices")),
    }


def test_the_demo_has_the_plans_projects(ankara_demo):
    process = Process.objects.get(slug=PROCESS_SLUG)
    projects = Project.objects.filter(process=process)
    portfolio = projects.exclude(code__startswith="KB-")
    assert portfolio.count() == 40
    for project in portfolio:
        goals = list(project.goals.all())
        assert 1 <= len(goals) <= 2 and all(goal.aim.plan.process_id == process.pk for goal in goals)
        assert project.theme is not None and project.responsible_unit is not None
        assert set(project.costs) <= {"2020", "2021", "2022", "2023", "2024"} and project.total_cost > 0
    total = sum(p.total_cost for p in portfolio)
    scenario = Scenario.objects.get(process=process, name="Temel senaryo")
    assert sorted(scenario.budgets) == ["2020", "2021", "2022", "2023", "2024"]
    assert total > 1.5 * sum(scenario.budgets.values())  # selection matters
    assert scenario.computed_at is None and not scenario.result
    assert Project.requires.through.objects.filter(from_project__process=process).count() >= 3
    assert Project.excludes.through.objects.filter(from_project__process=process).exists()
    linked = portfolio.filter(proposal__isnull=False)
    assert linked.count() >= 5 and all(p.proposal.process_id == process.pk for p in linked)


def test_the_demo_round_is_open_with_valid_ballots(ankara_demo):
    budget_round = BudgetRound.objects.get(process__slug=PROCESS_SLUG, slug="cevre-2020")
    assert budget_round.state == BudgetRound.State.OPEN and budget_round.rule == "mes_add1"
    assert (budget_round.budget, budget_round.max_selections, budget_round.voter_budget_limit) == (5_000_000, 5, True)
    projects = list(budget_round.projects.all())
    assert len(projects) == 12 and all(p.theme == budget_round.theme and len(p.costs) == 1 for p in projects)
    assert sum(p.total_cost for p in projects) > budget_round.budget
    ballots = list(Ballot.objects.filter(round=budget_round).select_related("voter"))
    assert len(ballots) == 150 and len({b.voter_id for b in ballots}) == 150
    rules = ballot_rules(budget_round)
    for ballot in ballots:
        assert ballot.voter.verified_at is not None
        assert check_ballot(rules, ballot.choices) == ballot.choices


def test_loading_the_demo_again_changes_nothing(ankara_demo, capsys):
    before = _snapshot()
    call_command("demo", "--quiet-accounts")
    assert _snapshot() == before
    output = capsys.readouterr().out
    assert "52 proje" in output and "150 oy pusulası" in output and "1 katılımcı bütçe oylaması" in output


def test_the_strategy_team_sees_the_demo_in_the_back_office(ankara_demo, client):
    from ortakakil.core.models import User

    client.force_login(User.objects.get(username="strateji"))
    listing = client.get(f"/manage/processes/{PROCESS_SLUG}/projects/", {"q": "MAMAK METRO"})
    assert listing.status_code == 200
    assert [p.code for p in listing.context["table"].projects] == ["P-01"]
    rounds = client.get(f"/manage/processes/{PROCESS_SLUG}/budget-rounds/")
    assert [(r.slug, r.ballot_count) for r in rounds.context["rounds"]] == [("cevre-2020", 150)]


pytestmark = pytest.mark.django_db


def test_a_plan_update_keeps_the_projects_goals(ankara_demo):
    """The demo's plan is approved; its projects serve goals of that version. In an update the
    project editor offers the new version's goals with the same codes, and the goal filter finds
    the projects by code."""
    from ortakakil.core.models import User
    from ortakakil.planning.models import Goal
    from ortakakil.planning.selectors import approved_plan
    from ortakakil.planning.services import plan_start_update
    from ortakakil.portfolio.forms import ProjectForm
    from ortakakil.portfolio.manage_selectors import ProjectFilters, projects_for_manage

    process = Process.objects.get(slug=PROCESS_SLUG)
    in_force = approved_plan(process)
    project = Project.objects.filter(process=process, goals__isnull=False).order_by("code").first()
    codes = sorted(g.code for g in project.goals.all())
    assert {g.aim.plan_id for g in project.goals.all()} == {in_force.pk}

    update = plan_start_update(actor=User.objects.get(username="strateji"), plan=in_force)
    initial = ProjectForm.initial_of(project)["goals"]
    assert sorted(g.code for g in initial) == codes
    assert {g.aim.plan_id for g in initial} == {update.pk}

    goal = Goal.objects.get(aim__plan=update, code=codes[0])
    listed = projects_for_manage(process, ProjectFilters(goal=goal.pk)).projects
    assert project in listed
    assert all(codes[0] in {g.code for g in p.goals.all()} for p in listed)

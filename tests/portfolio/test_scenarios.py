"""Portfolio scenarios: values from weighted scores and demand, the solved selection with its
explanations and waterline, infeasible scenarios, copies at ±10% and the one adopted portfolio."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.portfolio import scenarios
from ortakakil.portfolio.models import Project, Scenario
from ortakakil.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(process):
    uls, afet = process.themes.get(code="ULASIM"), process.themes.get(code="AFET")
    proposal = Proposal.objects.create(
        process=process, theme=uls, title="Metro", body="Metro gelsin", supports_count=40
    )

    def make(code, theme, costs, goal_value, **kwargs):
        return Project.objects.create(
            process=process, code=code, title=f"Proje {code}", theme=theme, costs=costs, goal_value=goal_value, **kwargs
        )

    metro = make("P1", uls, {"2025": 600, "2026": 300}, 9, proposal=proposal, urgency=8)
    tram = make("P2", uls, {"2025": 500}, 8)
    tram.excludes.add(metro)
    stop = make("P3", uls, {"2025": 100}, 4)
    stop.requires.add(tram)
    shelter = make("P4", afet, {"2026": 400}, 7, urgency=10)
    archive = make("P5", afet, {"2026": 350}, 2)
    later = make("P6", afet, {"2029": 100}, 9)  # outside the scenario's years
    return {"metro": metro, "tram": tram, "stop": stop, "shelter": shelter, "archive": archive, "later": later}


@pytest.fixture
def scenario(process):
    return Scenario.objects.create(process=process, name="Temel", budgets={"2025": 800, "2026": 800})


def test_values_weigh_the_scores_and_citizen_demand(projects):
    values = scenarios.project_values(list(projects.values()), {"goal_value": 1, "demand": 1})
    assert values[projects["metro"].pk] == pytest.approx((9 + 10) / 2)  # the most supported proposal: demand 10
    assert values[projects["tram"].pk] == pytest.approx(8 / 2)
    with pytest.raises(ValidationError):
        scenarios.project_values(list(projects.values()), {"goal_value": -1})
    with pytest.raises(ValidationError):
        scenarios.project_values(list(projects.values()), {"goal_value": 0})


def test_compute_stores_the_selection_and_why(projects, scenario, strategist):
    scenarios.scenario_compute(actor=strategist, scenario=scenario)
    scenario.refresh_from_db()
    result = scenario.result
    chosen = {Project.objects.get(pk=pk).code for pk in result["selected"]}
    assert chosen == {"P1", "P4"}  # metro beats tram + stop; shelter + archive would need 750 + 300 in 2026
    assert result["gap"] <= 1e-6 and result["optimal"] and scenario.computed_at is not None
    assert result["spent"] == {"2025": 600.0, "2026": 700.0}
    why = {e["project"]: e for e in result["explanations"]}
    assert str(projects["later"].pk) not in why  # no cost in the scenario's years
    assert why[str(projects["tram"].pk)]["reason"] == "alternative"
    assert why[str(projects["stop"].pk)]["reason"] == "requires"
    assert why[str(projects["archive"].pk)]["reason"] == "budget"
    assert why[str(projects["archive"].pk)]["years"] == ["2026"]
    assert len(result["waterline"]) == 5


def test_an_impossible_theme_minimum_is_named_and_nothing_is_stored(projects, scenario, strategist):
    scenario.min_per_theme = {"AFET": 3}
    scenario.save()
    with pytest.raises(ValidationError) as caught:
        scenarios.scenario_compute(actor=strategist, scenario=scenario)
    assert "AFET" in str(caught.value)
    scenario.refresh_from_db()
    assert scenario.result == {} and scenario.computed_at is None


def test_only_the_strategy_team_computes_and_one_scenario_is_adopted(projects, scenario, strategist, citizen):
    with pytest.raises(PermissionDenied):
        scenarios.scenario_compute(actor=citizen, scenario=scenario)
    with pytest.raises(ValidationError):
        scenarios.scenario_adopt(actor=strategist, scenario=scenario)  # not computed yet
    scenarios.scenario_compute(actor=strategist, scenario=scenario)
    richer = scenarios.scenario_copy(actor=strategist, scenario=scenario, name="Bütçe +%10", budget_factor=1.1)
    assert richer.budgets == {"2025": 880, "2026": 880} and richer.result == {}
    scenarios.scenario_compute(actor=strategist, scenario=richer)
    scenarios.scenario_adopt(actor=strategist, scenario=scenario)
    scenarios.scenario_adopt(actor=strategist, scenario=richer)
    assert list(Scenario.objects.filter(is_adopted=True)) == [richer]
    with pytest.raises(ValidationError):
        scenarios.scenario_copy(actor=strategist, scenario=scenario, name="x", budget_factor=0)


def test_projects_put_to_a_citizens_vote_are_left_to_it(projects, scenario, process):
    from ortakakil.portfolio.models import BudgetRound

    vote = BudgetRound.objects.create(process=process, slug="oy", title="Oylama", budget=500)
    vote.projects.add(projects["shelter"])
    chosen = {p.code for p in scenarios.scenario_projects(scenario)}
    assert "P4" not in chosen and {"P1", "P2", "P3", "P5"} <= chosen


def test_a_plan_that_is_no_longer_a_draft_keeps_its_portfolio(projects, scenario, strategist, process):
    from ortakakil.planning.models import Plan

    scenarios.scenario_compute(actor=strategist, scenario=scenario)
    Plan.objects.create(process=process, title="Plan", status=Plan.Status.APPROVED)
    with pytest.raises(ValidationError):
        scenarios.scenario_adopt(actor=strategist, scenario=scenario)
    assert not Scenario.objects.filter(is_adopted=True).exists()

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from ortakakil.core.models import Role, Unit
from ortakakil.planning import services as planning_services
from ortakakil.planning.models import Goal, Indicator
from ortakakil.proposals import services as proposal_services

PLAN = json.loads((Path(__file__).parents[1] / "planning" / "data" / "plan.json").read_text(encoding="utf-8"))


@pytest.fixture
def draft_plan(process):
    """The planning tests' complete plan, imported into the ``process`` fixture."""
    return planning_services.plan_import(copy.deepcopy(PLAN), actor=None).plan


@pytest.fixture
def plan(draft_plan, strategist):
    """The same plan, submitted and approved by the council (values are entered for it)."""
    planning_services.plan_submit(actor=strategist, plan=draft_plan)
    return planning_services.plan_approve(
        actor=strategist, plan=draft_plan, approved_at=dt.date(2024, 12, 20), council_decision="2024/512"
    )


@pytest.fixture
def indicator(plan):
    """PG1.1.1: baseline 38, targets 39 … 48 (2025–2029), increasing; goal H1.1 of Ulaşım."""
    return Indicator.objects.select_related("goal__responsible_unit").get(goal__aim__plan=plan, code="PG1.1.1")


@pytest.fixture
def transport_manager(make_user, indicator):
    return make_user(Role.UNIT_MANAGER, username="ulasim", unit=indicator.goal.responsible_unit)


@pytest.fixture
def other_manager(make_user, organisation):
    unit = Unit.objects.create(organisation=organisation, code="KLT", name="Kültür Dairesi Başkanlığı")
    return make_user(Role.UNIT_MANAGER, username="kultur", unit=unit)


@pytest.fixture
def proposal(process, make_user):
    process.current_phase.switches = ["proposals"]
    process.current_phase.save(update_fields=["switches"])
    author = make_user(Role.CITIZEN, username="yazar", first_name="Zeynep", last_name="Kaya")
    return proposal_services.proposal_create(
        actor=author,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü seferleri artırılsın",
        body="Kızılay ile Sincan arasında gece seferi yok.",
    )


@pytest.fixture
def linked_plan(process, strategist, proposal):
    """The planning tests' plan, with the proposal as a source of goal H1.1, approved."""
    draft = planning_services.plan_import(copy.deepcopy(PLAN), actor=None).plan
    goal = Goal.objects.get(aim__plan=draft, code="H1.1")
    planning_services.source_add(
        actor=strategist, plan=draft, target="goal", kind="proposal", object_id=proposal.pk, item=goal
    )
    planning_services.plan_submit(actor=strategist, plan=draft)
    return planning_services.plan_approve(
        actor=strategist, plan=draft, approved_at=dt.date(2024, 12, 20), council_decision="2024/512"
    )

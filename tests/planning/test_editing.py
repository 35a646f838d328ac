"""Editing a draft plan: aims, goal cards, indicators, linking contributions (planning/editing.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ortakakil.core.models import Role, Unit
from ortakakil.planning import editing, selectors, services
from ortakakil.planning.forms import parse_number
from ortakakil.planning.interchange import Problem
from ortakakil.planning.models import Aim, Goal, Indicator, Plan, Source
from ortakakil.proposals import services as proposal_services

from ..factories import ProcessFactory


@pytest.fixture
def plan(process, plan_data):
    return services.plan_import(plan_data, actor=None).plan


def snapshot(plan):
    return selectors.plan_as_dict(Plan.objects.get(pk=plan.pk))


def test_the_imported_plan_has_no_problems(plan):
    assert services.plan_problems(plan) == []


def test_codes_are_unique_across_the_plan(plan, strategist):
    for taken in ("A1", "H1.1", "PG1.1.1"):
        with pytest.raises(ValidationError) as error:
            editing.aim_create(actor=strategist, plan=plan, code=taken, title="Yeni amaç")
        assert taken in error.value.message_dict["code"][0]
    aim = editing.aim_create(actor=strategist, plan=plan, code="A3", title="Kültür", weight=None)
    assert list(plan.aims.values_list("code", flat=True)) == ["A1", "A2", "A3"]
    assert aim.history.first().history_user == strategist
    with pytest.raises(ValidationError, match="code"):
        editing.goal_create(actor=strategist, aim=aim, code="PG2.1.2", title="Aynı kod")
    # Renaming an item to its own code is no clash; another item's code is.
    editing.aim_update(actor=strategist, aim=aim, code="A3", title="Kültür ve sanat")
    with pytest.raises(ValidationError):
        editing.aim_update(actor=strategist, aim=aim, code="A2", title="Kültür ve sanat")
    assert Aim.objects.get(pk=aim.pk).code == "A3"


@pytest.mark.parametrize("code", ["", "   ", "H 1", "H1/2", "HEDEF", "-1", "H1\x00"])
def test_a_code_is_letters_and_digits(plan, strategist, code):
    aim = plan.aims.get(code="A1")
    with pytest.raises(ValidationError) as error:
        editing.goal_create(actor=strategist, aim=aim, code=code, title="Bir hedef")
    assert "code" in error.value.message_dict
    assert not Goal.objects.filter(title="Bir hedef").exists()


def test_indicator_weights_change_the_problems(plan, strategist):
    indicator = Indicator.objects.get(code="PG1.1.1")
    editing.indicator_update(actor=strategist, indicator=indicator, data={"weight": 50})
    assert services.plan_problems(plan) == [Problem("H1.1", "göstergelerin ağırlıkları toplamı 90; 100 olmalı.")]
    editing.indicator_update(actor=strategist, indicator=indicator, data={"weight": 60})
    assert services.plan_problems(plan) == []
    with pytest.raises(ValidationError, match="weight"):
        editing.indicator_update(actor=strategist, indicator=indicator, data={"weight": 120})
    assert Indicator.objects.get(pk=indicator.pk).weight == 60


def test_the_goal_card_is_saved_and_checked(plan, strategist, process):
    goal = Goal.objects.get(code="H1.2")
    transport = Unit.objects.get(name="Ulaşım Dairesi Başkanlığı")
    editing.goal_update(
        actor=strategist,
        goal=goal,
        data={
            "responsible_unit": transport,
            "cooperating_units": [Unit.objects.get(name="Fen İşleri Dairesi Başkanlığı")],
            "themes": [process.themes.get(code="ULASIM")],
            "risks": ["  Kamulaştırma gecikir ", "", "İhale iptali"],
            "strategies": [],
            "costs": {2025: 100, 2026: 200.5, 2027: None, 2028: 0, 2029: 10},
        },
    )
    goal.refresh_from_db()
    assert goal.responsible_unit == transport
    assert [t.code for t in goal.themes.all()] == ["ULASIM"]
    assert goal.risks == ["Kamulaştırma gecikir", "İhale iptali"]
    assert goal.costs == {"2025": 100, "2026": 200.5, "2028": 0, "2029": 10}
    assert selectors.problems_of_goal(services.plan_problems(plan), goal) == [
        Problem("H1.2", "en az bir strateji yazılmalı."),
        Problem("H1.2", "maliyet tahmini eksik: 2027."),
    ]
    assert goal.history.first().history_user == strategist


def test_the_goal_card_refuses_what_is_not_the_plans(plan, strategist, organisation):
    goal = Goal.objects.get(code="H1.1")
    before = snapshot(plan)
    other = ProcessFactory(organisation=organisation, slug="baska")
    foreign_theme = other.themes.create(code="X", name="Başka")
    with pytest.raises(ValidationError, match="themes"):
        editing.goal_update(actor=strategist, goal=goal, data={"themes": [foreign_theme]})
    with pytest.raises(ValidationError, match="costs"):
        editing.goal_update(actor=strategist, goal=goal, data={"costs": {2030: 5}})
    with pytest.raises(ValidationError, match="costs"):
        editing.goal_update(actor=strategist, goal=goal, data={"costs": {2025: -5}})
    with pytest.raises(ValidationError, match="risks"):
        editing.goal_update(actor=strategist, goal=goal, data={"risks": ["bir\x00risk"]})
    with pytest.raises(ValidationError, match="risks"):
        editing.goal_update(actor=strategist, goal=goal, data={"risks": ["r"] * (editing.LIST_MAX_ITEMS + 1)})
    assert snapshot(plan) == before


def test_indicators_are_added_with_a_target_per_year(plan, strategist):
    goal = Goal.objects.get(code="H1.2")
    indicator = editing.indicator_create(
        actor=strategist,
        goal=goal,
        data={
            "code": "PG1.2.2",
            "title": "Yenilenen kaldırım",
            "unit": "km",
            "direction": "increase",
            "weight": 0,
            "baseline": 12.5,
            "targets": {2025: 13, 2026: 14, 2027: 15, 2028: 16, 2029: 17.25},
            "monitoring": "6 ay",
            "reporting": "12 ay",
            "cumulative": True,
            "data_source": "Fen İşleri kayıtları",
            "description": "",
        },
    )
    assert [i.code for i in goal.indicators.all()] == ["PG1.2.1", "PG1.2.2"]
    exported = snapshot(plan)["aims"][0]["goals"][1]["indicators"][1]
    assert exported["targets"] == {"2025": 13, "2026": 14, "2027": 15, "2028": 16, "2029": 17.25}
    assert (exported["baseline"], exported["cumulative"], exported["weight"]) == (12.5, True, 0)
    assert services.plan_problems(plan) == []
    editing.indicator_update(actor=strategist, indicator=indicator, data={"direction": "decrease"})
    assert Problem("PG1.2.2", "azalması beklenen göstergenin hedefi 2025–2026 arasında artıyor (13 → 14).") in (
        services.plan_problems(plan)
    )
    with pytest.raises(ValidationError, match="direction"):
        editing.indicator_update(actor=strategist, indicator=indicator, data={"direction": "sideways"})
    editing.indicator_delete(actor=strategist, indicator=indicator)
    assert not Indicator.objects.filter(code="PG1.2.2").exists()


def test_deleting_an_aim_takes_its_goals_indicators_and_links(plan, strategist, proposal):
    aim = plan.aims.get(code="A2")
    goal = Goal.objects.get(code="H2.1")
    services.source_add(actor=strategist, plan=plan, target="goal", item=goal, kind="proposal", object_id=proposal.pk)
    editing.aim_delete(actor=strategist, aim=aim)
    assert not Goal.objects.filter(code="H2.1").exists()
    assert not Indicator.objects.filter(code__startswith="PG2").exists()
    assert not Source.objects.exists()
    assert Problem("plan", "amaçların ağırlıkları toplamı 60; 100 olmalı.") in services.plan_problems(plan)


def test_a_submitted_plan_refuses_every_edit(plan, strategist, proposal):
    services.plan_submit(actor=strategist, plan=plan)
    plan.refresh_from_db()
    before = snapshot(plan)
    aim, goal = plan.aims.get(code="A1"), Goal.objects.get(code="H1.1")
    indicator = Indicator.objects.get(code="PG1.1.1")
    attempts = [
        lambda: editing.aim_create(actor=strategist, plan=plan, code="A9", title="Yeni"),
        lambda: editing.aim_update(actor=strategist, aim=aim, code="A1", title="Değişti"),
        lambda: editing.aim_delete(actor=strategist, aim=aim),
        lambda: editing.goal_create(actor=strategist, aim=aim, code="H1.9", title="Yeni"),
        lambda: editing.goal_update(actor=strategist, goal=goal, data={"title": "Değişti"}),
        lambda: editing.goal_delete(actor=strategist, goal=goal),
        lambda: editing.indicator_update(actor=strategist, indicator=indicator, data={"weight": 10}),
        lambda: editing.indicator_delete(actor=strategist, indicator=indicator),
        lambda: editing.sources_attach(
            actor=strategist, plan=plan, target="goal", item=goal, kind="proposal", object_ids=[proposal.pk]
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="artık değiştirilemez"):
            attempt()
    assert snapshot(plan) == before and not Source.objects.exists()


def test_a_unit_manager_is_refused(plan, make_user, other_unit, proposal):
    manager = make_user(Role.UNIT_MANAGER, username="birim", unit=other_unit)
    before = snapshot(plan)
    goal = Goal.objects.get(code="H1.1")
    with pytest.raises(PermissionDenied):
        editing.goal_update(actor=manager, goal=goal, data={"title": "Benim hedefim"})
    with pytest.raises(PermissionDenied):
        editing.aim_create(actor=manager, plan=plan, code="A9", title="Yeni")
    with pytest.raises(PermissionDenied):
        editing.sources_attach(
            actor=manager, plan=plan, target="goal", item=goal, kind="proposal", object_ids=[proposal.pk]
        )
    assert snapshot(plan) == before and not Source.objects.exists()


def test_another_plans_goal_is_not_found_or_linked(plan, plan_data, strategist, organisation, proposal):
    other_process = ProcessFactory(organisation=organisation, slug="baska-2025-2029")
    plan_data["process"] = other_process.slug
    other = services.plan_import(plan_data, actor=None).plan
    foreign = selectors.goal_in_plan(other, "H1.1")
    with pytest.raises(Http404):
        selectors.goal_by_pk(plan, foreign.pk)
    with pytest.raises(ValidationError, match="bu plana ait değil"):
        editing.sources_attach(
            actor=strategist, plan=plan, target="goal", item=foreign, kind="proposal", object_ids=[proposal.pk]
        )
    source = services.source_add(
        actor=strategist,
        plan=plan,
        target="goal",
        item=selectors.goal_in_plan(plan, "H1.1"),
        kind="proposal",
        object_id=proposal.pk,
    )
    with pytest.raises(Http404):
        selectors.source_of_item(plan, source.pk, item=selectors.goal_in_plan(plan, "H1.2"))


def test_sources_attach_links_all_or_none(plan, strategist, proposal):
    goal = Goal.objects.get(code="H1.1")
    with pytest.raises(ValidationError):
        editing.sources_attach(
            actor=strategist, plan=plan, target="goal", item=goal, kind="proposal", object_ids=[proposal.pk, 999999]
        )
    assert not Source.objects.exists()
    assert (
        editing.sources_attach(
            actor=strategist, plan=plan, target="goal", item=goal, kind="proposal", object_ids=[proposal.pk]
        )
        == 1
    )
    assert (
        editing.sources_attach(
            actor=strategist, plan=plan, target="goal", item=goal, kind="proposal", object_ids=[proposal.pk]
        )
        == 0
    )
    with pytest.raises(ValidationError):
        editing.sources_attach(actor=strategist, plan=plan, target="goal", item=goal, kind="tweet", object_ids=[1])
    assert [row.contribution.title for row in selectors.goal_sources(goal)] == [proposal.title]


def test_an_update_keeps_its_aims(plan, strategist):
    services.plan_submit(actor=strategist, plan=plan)
    from datetime import date

    services.plan_approve(actor=strategist, plan=plan, approved_at=date(2025, 2, 14), council_decision="412")
    update = services.plan_start_update(actor=strategist, plan=plan)
    aim = update.aims.get(code="A1")
    with pytest.raises(ValidationError, match=r"[Gg]üncelleme"):
        editing.aim_update(actor=strategist, aim=aim, code="A1", title="Başka bir amaç")
    with pytest.raises(ValidationError, match=r"[Gg]üncelleme"):
        editing.aim_create(actor=strategist, plan=update, code="A9", title="Yeni amaç")
    editing.aim_update(actor=strategist, aim=aim, code="A1", title=aim.title, weight=60)  # the weight may move
    goal = Goal.objects.get(aim__plan=update, code="H1.1")
    editing.goal_update(actor=strategist, goal=goal, data={"title": "Toplu taşımanın payını %50'ye çıkarmak"})
    assert selectors.goal_in_plan(update, "H1.1").title.endswith("%50'ye çıkarmak")


def test_an_answer_that_cites_a_goal_links_the_proposal(plan, strategist, proposal):
    answer = proposal_services.proposal_answer(
        actor=strategist, proposal=proposal, state="in_plan", text="Plana alındı.", plan_item_code="H1.1"
    )
    assert answer.plan_item_code == "H1.1"
    source = Source.objects.get()
    assert (source.goal.code, source.kind, source.object_id) == ("H1.1", "proposal", proposal.pk)
    assert source.history.first().history_user == strategist
    with pytest.raises(ValidationError, match="plan_item_code"):
        proposal_services.proposal_answer(
            actor=strategist, proposal=proposal, state="in_plan", text="Plana alındı.", plan_item_code="H9.9"
        )


def test_an_answer_citing_a_goal_of_a_submitted_plan_keeps_only_the_code(plan, strategist, proposal):
    services.plan_submit(actor=strategist, plan=plan)
    answer = proposal_services.proposal_answer(
        actor=strategist, proposal=proposal, state="in_plan", text="Plana alındı.", plan_item_code="H2.1"
    )
    assert answer.plan_item_code == "H2.1" and not Source.objects.exists()


@pytest.mark.parametrize(
    ("text", "separator", "number"),
    [
        ("12,5", ",", 12.5),
        ("1.500.000", ",", 1_500_000),
        ("1.500.000,75", ",", 1_500_000.75),
        ("12.5", ",", 12.5),
        ("0.125", ",", 0.125),
        ("-3", ",", -3),
        ("1 200", ",", 1200),
        ("12.5", ".", 12.5),
        ("1,500", ".", 1500),
    ],
)
def test_numbers_are_read_the_turkish_way(text, separator, number):
    assert parse_number(text, decimal_separator=separator) == number


@pytest.mark.parametrize("text", ["", "abc", "1e5", "inf", "NaN", "12,", "1,2,3", "1.5.5", "١٢", "--1"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)

"""Importing, exporting, linking sources and the plan's versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.core.models import Role, Unit
from ortakakil.planning import selectors, services
from ortakakil.planning.models import Goal, Indicator, Plan, Source
from ortakakil.processes.models import Process


def test_import_then_export_gives_the_same_plan(process, plan_data):
    Unit.objects.create(organisation=process.organisation, code="ULS", name="Ulaşım Dairesi Başkanlığı")
    report = services.plan_import(plan_data, actor=None)
    assert report.plan.number == 1 and report.plan.status == Plan.Status.DRAFT
    # Units are matched by name and created when missing; the import says which it created.
    assert report.created_units == ["Fen İşleri Dairesi Başkanlığı", "Çevre Koruma ve Kontrol Dairesi Başkanlığı"]
    exported = selectors.plan_as_dict(report.plan)
    assert exported == plan_data
    again = services.plan_import(exported, actor=None)
    assert again.plan.pk == report.plan.pk  # the draft is replaced, not duplicated
    assert selectors.plan_as_dict(again.plan) == plan_data
    assert Goal.objects.count() == 3 and Indicator.objects.count() == 5


def test_import_creates_the_process_when_missing(organisation, plan_data):
    plan_data["process"] = "yeni-plan"
    report = services.plan_import(plan_data, actor=None)
    assert report.created_process
    process = Process.objects.get(slug="yeni-plan")
    assert (process.start_year, process.end_year, process.organisation) == (2025, 2029, organisation)


def test_an_invalid_plan_changes_nothing(process, plan_data):
    services.plan_import(plan_data, actor=None)
    before = selectors.plan_as_dict(Plan.objects.get())
    broken = dict(plan_data, title="Yeni başlık")
    broken["aims"][0]["goals"][0]["indicators"][0]["weight"] = 10
    with pytest.raises(services.PlanInvalid) as error:
        services.plan_import(broken, actor=None)
    assert error.value.problems[0].where == "H1.1"
    assert selectors.plan_as_dict(Plan.objects.get()) == before


def test_an_unknown_theme_is_refused_whole(process, plan_data):
    plan_data["aims"][1]["goals"][0]["themes"] = ["ULASIM", "YOK"]
    with pytest.raises(services.PlanInvalid, match="YOK"):
        services.plan_import(plan_data, actor=None)
    assert not Plan.objects.exists() and not Unit.objects.filter(name__startswith="Fen").exists()


def test_unknown_keys_are_kept_and_written_back(process, plan_data):
    plan_data["budget_code"] = "2025-SP"
    plan_data["aims"][0]["goals"][0]["indicators"][0]["sdg"] = ["11.2"]
    report = services.plan_import(plan_data, actor=None)
    assert report.unknown_keys == ["plan.budget_code", "PG1.1.1.sdg"]
    exported = selectors.plan_as_dict(report.plan)
    assert exported["budget_code"] == "2025-SP"
    assert exported["aims"][0]["goals"][0]["indicators"][0]["sdg"] == ["11.2"]


def test_sources_link_contributions_and_unknown_ones_are_reported(process, plan_data, proposal):
    plan_data["aims"][0]["goals"][0]["sources"] = [
        {"kind": "proposal", "id": proposal.pk},
        {"kind": "proposal", "id": 999999},
    ]
    report = services.plan_import(plan_data, actor=None)
    assert report.missing_sources == ["H1.1 ← proposal 999999"]
    assert selectors.plan_as_dict(report.plan)["aims"][0]["goals"][0]["sources"] == [
        {"kind": "proposal", "id": proposal.pk}
    ]
    fates = selectors.fates(process, "proposal", [proposal.pk])
    assert [(f.code, f.approved) for f in fates[proposal.pk]] == [("H1.1", False)]


def test_source_add_checks_the_plan_and_the_contribution(process, plan_data, proposal, strategist, make_user):
    plan = services.plan_import(plan_data, actor=None).plan
    goal = Goal.objects.get(code="H2.1")
    source = services.source_add(
        actor=strategist, plan=plan, target="goal", item=goal, kind="proposal", object_id=proposal.pk
    )
    assert (
        services.source_add(
            actor=strategist, plan=plan, target="goal", item=goal, kind="proposal", object_id=proposal.pk
        )
        == source
    )
    with pytest.raises(ValidationError):
        services.source_add(actor=strategist, plan=plan, target="goal", item=goal, kind="proposal", object_id=123456)
    with pytest.raises(PermissionDenied):
        services.source_add(
            actor=make_user(Role.CITIZEN), plan=plan, target="goal", item=goal, kind="proposal", object_id=proposal.pk
        )
    assert source.history.first().history_user == strategist


def test_versions_draft_submitted_approved_then_an_update(process, plan_data, strategist):
    plan = services.plan_import(plan_data, actor=strategist).plan
    services.plan_submit(actor=strategist, plan=plan)
    with pytest.raises(ValidationError):  # a submitted plan is the record
        services.require_editable(strategist, plan)
    services.plan_approve(
        actor=strategist, plan=plan, approved_at=dt.date(2025, 2, 14), council_decision="412 sayılı karar"
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED and plan.council_decision == "412 sayılı karar"

    update = services.plan_start_update(actor=strategist, plan=plan)
    assert (update.number, update.kind, update.status) == (2, Plan.Kind.UPDATE, Plan.Status.DRAFT)
    assert selectors.plan_as_dict(update) == selectors.plan_as_dict(plan)
    # An update may change goals and indicators, but not the mission, the vision or the aims.
    changed = selectors.plan_as_dict(update)
    changed["aims"][0]["goals"][0]["indicators"][0]["targets"]["2029"] = 50
    services.plan_import(changed, actor=strategist)
    changed["vision"] = "Başka bir vizyon"
    with pytest.raises(services.PlanInvalid, match="Vizyon güncellemede değiştirilemez"):
        services.plan_import(changed, actor=strategist)
    # Public pages show the plan in force (the approved version) until the update is approved.
    assert selectors.public_plan(process) == plan


def test_submit_refuses_an_incomplete_plan(process, plan_data, strategist):
    plan_data["mission"] = ""
    plan = services.plan_import(plan_data, actor=strategist).plan
    with pytest.raises(services.PlanInvalid, match="Misyon yazılmadı"):
        services.plan_submit(actor=strategist, plan=plan)


def test_approve_needs_a_submitted_plan_and_a_decision(process, plan_data, strategist):
    plan = services.plan_import(plan_data, actor=strategist).plan
    with pytest.raises(ValidationError):
        services.plan_approve(actor=strategist, plan=plan, approved_at=dt.date(2025, 2, 14), council_decision="x")
    services.plan_submit(actor=strategist, plan=plan)
    with pytest.raises(ValidationError):
        services.plan_approve(actor=strategist, plan=plan, approved_at=dt.date(2025, 2, 14), council_decision="  ")


def test_only_the_strategy_team_of_the_organisation_imports(process, plan_data, make_user):
    with pytest.raises(PermissionDenied):
        services.plan_import(plan_data, actor=make_user(Role.UNIT_MANAGER))
    assert not Source.objects.exists() and not Plan.objects.exists()


def test_an_update_keeps_every_source(process, plan_data, proposal, strategist):
    from ortakakil.planning.models import AnalysisItem, Finding

    plan_data["analysis"] = {
        "sections": [{"section": "mandate", "items": [{"title": "5216 sayılı Kanun md. 7"}, {"title": "5393 md. 41"}]}],
        "findings": [{"section": "mandate", "finding": "Yetki karmaşası", "need": "Protokol"}],
    }
    plan = services.plan_import(plan_data, actor=strategist).plan
    row = AnalysisItem.objects.get(plan=plan, title="5393 md. 41")
    finding = Finding.objects.get(plan=plan)
    indicator = Indicator.objects.get(goal__aim__plan=plan, code="PG2.1.2")
    for target, item in (("mission", None), ("analysis", row), ("finding", finding), ("indicator", indicator)):
        services.source_add(
            actor=strategist, plan=plan, target=target, item=item, kind="proposal", object_id=proposal.pk
        )
    services.plan_submit(actor=strategist, plan=plan)
    services.plan_approve(
        actor=strategist, plan=plan, approved_at=dt.date(2025, 2, 14), council_decision="412 sayılı karar"
    )
    update = services.plan_start_update(actor=strategist, plan=plan)
    copied = {(s.target, str(s.item) if s.item else "") for s in update.sources.all()}
    assert copied == {
        ("mission", ""),
        ("analysis", "5393 md. 41"),
        ("finding", "Yetki karmaşası"),
        ("indicator", str(Indicator.objects.get(goal__aim__plan=update, code="PG2.1.2"))),
    }


def test_a_survey_answer_can_be_found_and_linked_as_a_source(process, plan_data, strategist):
    from ortakakil.planning import selectors as plan_selectors
    from ortakakil.surveys.models import Question, Response, Survey

    survey = Survey.objects.create(process=process, slug="beklenti", title="Vatandaş Beklenti Anketi")
    Question.objects.create(survey=survey, key="serbest", kind="text", text="Başka?", required=False, position=1)
    response = Response.objects.create(survey=survey, respondent_key="k1", answers={"serbest": "GECE OTOBÜSÜ şart"})
    Response.objects.create(survey=survey, respondent_key="k2", answers={"serbest": "Park istiyoruz"})
    found = plan_selectors.contribution_search(process, kind="survey_answer", query="otobüsü gece")
    assert [(c.pk, c.title) for c in found] == [(response.pk, "Başka?")]
    plan = services.plan_import(plan_data, actor=strategist).plan
    goal = Goal.objects.get(code="H1.1")
    services.source_add(
        actor=strategist, plan=plan, target="goal", item=goal, kind="survey_answer", object_id=response.pk
    )
    rows = plan_selectors.goal_sources(goal)
    assert [(r.kind_label, r.contribution.text) for r in rows] == [("Anket yanıtı", "GECE OTOBÜSÜ şart")]

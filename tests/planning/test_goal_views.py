"""The goal card editor, linking sources, «Karşılanmayan katkılar» and an answer citing a goal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ortakakil.core.models import Role, Unit
from ortakakil.planning import editing, selectors, services
from ortakakil.planning.models import Goal, Indicator, Plan, Source
from ortakakil.proposals import services as proposal_services
from ortakakil.proposals.models import Answer, Proposal

from ..factories import ProcessFactory

SLUG = "ornek-2025-2029"
GOAL = f"/manage/processes/{SLUG}/plan/goals/H1.1/"


@pytest.fixture
def plan(process, plan_data):
    return services.plan_import(plan_data, actor=None).plan


@pytest.fixture
def staff(client, strategist):
    client.force_login(strategist)
    return client


def card_post(goal, **changes):
    """The goal card form as the page sends it, with ``changes``."""
    data = {
        "code": goal.code,
        "title": goal.title,
        "weight": "" if goal.weight is None else str(goal.weight).replace(".", ","),
        "responsible_unit": goal.responsible_unit_id or "",
        "cooperating_units": [u.pk for u in goal.cooperating_units.all()],
        "themes": [t.pk for t in goal.themes.all()],
        **{key: "\n".join(getattr(goal, key)) for key in editing.GOAL_LISTS},
        **{f"cost_{year}": goal.costs.get(str(year), "") for year in range(2025, 2030)},
    }
    data.update(changes)
    return data


def indicator_post(**changes):
    data = {
        "indicator-code": "PG1.1.3",
        "indicator-title": "Bisiklet yolu uzunluğu",
        "indicator-unit": "km",
        "indicator-direction": "increase",
        "indicator-weight": "0",
        "indicator-baseline": "12,5",
        **{f"indicator-target_{year}": f"{13 + n},5" for n, year in enumerate(range(2025, 2030))},
        "indicator-monitoring": "6 ay",
        "indicator-reporting": "12 ay",
        "indicator-data_source": "Ulaşım Dairesi",
        "indicator-description": "",
    }
    data.update(changes)
    return data


def test_the_goal_card_page_shows_its_problems(plan, staff, strategist):
    page = staff.get(GOAL)
    assert page.status_code == 200
    assert b"goal-check-ok" in page.content
    editing.indicator_update(actor=strategist, indicator=Indicator.objects.get(code="PG1.1.2"), data={"weight": 30})
    page = staff.get(GOAL).content.decode()
    assert "göstergelerin ağırlıkları toplamı 90; 100 olmalı." in page
    assert "goal-check-open" in page and "goal-check-ok" not in page
    # Problems of other goals stay on their own cards.
    editing.goal_update(actor=strategist, goal=Goal.objects.get(code="H2.1"), data={"risks": []})
    assert "en az bir risk yazılmalı" not in staff.get(GOAL).content.decode()
    # The plan's home links each problem to the card that fixes it.
    home = staff.get(f"/manage/processes/{SLUG}/plan/").content.decode()
    assert f'<a href="/manage/processes/{SLUG}/plan/goals/H1.1/">H1.1</a>' in home
    assert f'<a href="/manage/processes/{SLUG}/plan/goals/H2.1/">H2.1</a>' in home


def test_saving_the_goal_card_reads_turkish_numbers(plan, staff):
    goal = Goal.objects.get(code="H1.1")
    unit = Unit.objects.get(name="Çevre Koruma ve Kontrol Dairesi Başkanlığı")
    response = staff.post(
        GOAL,
        card_post(
            goal,
            weight="70",
            responsible_unit=unit.pk,
            risks="Bütçe kısıtı\n\n  Trafik yoğunluğu  \n",
            cost_2025="1.250.000",
            cost_2026="1500000,5",
            cost_2029="",
        ),
    )
    assert response.status_code == 302 and response["Location"] == GOAL
    goal.refresh_from_db()
    assert goal.responsible_unit == unit
    assert goal.risks == ["Bütçe kısıtı", "Trafik yoğunluğu"]
    assert goal.costs == {"2025": 1250000, "2026": 1500000.5, "2027": 1500000, "2028": 1200000}
    assert "maliyet tahmini eksik: 2029." in staff.get(GOAL).content.decode()


def test_a_goal_card_with_errors_is_shown_again_in_turkish(plan, staff):
    goal = Goal.objects.get(code="H1.1")
    before = selectors.plan_as_dict(plan)
    response = staff.post(GOAL, card_post(goal, code="H1.2", cost_2025="bir milyon", responsible_unit="abc"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"cost_2025", "responsible_unit"}
    response = staff.post(GOAL, card_post(goal, code="H1.2"))
    assert response.status_code == 400 and "H1.2" in response.context["form"].errors["code"][0]
    assert selectors.plan_as_dict(plan) == before


def test_renaming_a_goal_moves_its_card(plan, staff):
    goal = Goal.objects.get(code="H1.1")
    response = staff.post(GOAL, card_post(goal, code="H1.5"))
    assert response["Location"] == f"/manage/processes/{SLUG}/plan/goals/H1.5/"
    assert staff.get(GOAL).status_code == 404


def test_an_indicator_is_added_edited_and_deleted(plan, staff):
    response = staff.post(GOAL + "indicators/new/", indicator_post())
    assert response.status_code == 302 and response["Location"] == GOAL + "#indicators"
    indicator = Indicator.objects.get(code="PG1.1.3")
    assert (indicator.baseline, indicator.targets["2029"], indicator.cumulative) == (12.5, 17.5, False)
    response = staff.post(GOAL + "indicators/new/", indicator_post(**{"indicator-weight": "çok"}))
    assert response.status_code == 400 and "indicator-weight" in response.content.decode()
    assert Indicator.objects.filter(goal__code="H1.1").count() == 3

    page = staff.get(GOAL + "indicators/PG1.1.3/")
    assert page.status_code == 200 and 'value="12,5"' in page.content.decode()
    response = staff.post(GOAL + "indicators/PG1.1.3/", indicator_post(**{"indicator-weight": "10,5"}))
    assert response.status_code == 302
    assert Indicator.objects.get(code="PG1.1.3").weight == 10.5
    assert staff.get(GOAL + "indicators/PG1.1.3/delete/").status_code == 200
    staff.post(GOAL + "indicators/PG1.1.3/delete/")
    assert not Indicator.objects.filter(code="PG1.1.3").exists()


def test_aims_and_goals_are_added_from_the_back_office(plan, staff):
    response = staff.post(f"/manage/processes/{SLUG}/plan/aims/new/", {"code": "A3", "title": "Kültür", "weight": ""})
    assert response.status_code == 302
    response = staff.post(f"/manage/processes/{SLUG}/plan/aims/new/", {"code": "A3", "title": "Yine", "weight": ""})
    assert response.status_code == 400 and "A3" in response.content.decode()
    response = staff.post(
        f"/manage/processes/{SLUG}/plan/aims/A3/goals/new/", {"code": "H3.1", "title": "Müze sayısı", "weight": ""}
    )
    assert response["Location"] == f"/manage/processes/{SLUG}/plan/goals/H3.1/"
    assert staff.get(response["Location"]).status_code == 200
    page = staff.get(f"/manage/processes/{SLUG}/plan/aims/A3/").content.decode()
    assert "H3.1" in page
    staff.post(f"/manage/processes/{SLUG}/plan/aims/A3/delete/")
    assert not Goal.objects.filter(code="H3.1").exists()


def test_attaching_and_removing_a_source(plan, staff, proposal):
    page = staff.get(GOAL + "?q=gece").content.decode()
    assert proposal.title in page
    response = staff.post(
        GOAL + "sources/add/", {"kind": "proposal", "id": str(proposal.pk), "next": GOAL + "?q=gece#sources"}
    )
    assert response.status_code == 302 and response["Location"] == GOAL + "?q=gece#sources"
    source = Source.objects.get()
    assert (source.goal.code, source.kind, source.object_id) == ("H1.1", "proposal", proposal.pk)
    page = staff.get(GOAL).content.decode()
    assert f"sources/{source.pk}/remove/" in page
    # A tampered number links nothing and is no server error.
    response = staff.post(GOAL + "sources/add/", {"kind": "proposal", "id": "abc"})
    assert response.status_code == 302 and Source.objects.count() == 1
    # Another goal's link is not found under this goal.
    assert staff.get(f"/manage/processes/{SLUG}/plan/goals/H1.2/sources/{source.pk}/remove/").status_code == 404
    assert staff.get(GOAL + f"sources/{source.pk}/remove/").status_code == 200
    staff.post(GOAL + f"sources/{source.pk}/remove/")
    assert not Source.objects.exists()


def test_a_swot_item_links_every_idea_behind_it(plan, staff, process):
    from ortakakil.workshops.models import Idea, Workshop, WorkshopTable

    workshop = Workshop.objects.create(process=process, slug="c", title="Çalıştay", venue="Salon", date="2024-10-19")
    table = WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="ULASIM"), code="ULS1")
    ideas = [Idea.objects.create(table=table, kind="Z", text=text) for text in ("Hat sayısı az", "HAT SAYISI AZ")]
    goal = Goal.objects.get(code="H1.1")
    goal.themes.set([process.themes.get(code="ULASIM")])
    page = staff.get(GOAL).content.decode()
    assert "Hat sayısı az" in page
    staff.post(GOAL + "sources/add/", {"kind": "workshop_idea", "id": [str(i.pk) for i in ideas]})
    assert sorted(Source.objects.values_list("object_id", flat=True)) == sorted(i.pk for i in ideas)


def test_the_unanswered_page_lists_what_no_goal_cites(plan, staff, strategist, proposal, process):
    linked = proposal_services.proposal_create(
        actor=proposal.author,
        process=process,
        theme=process.themes.get(code="AFET"),
        title="Toplanma alanları işaretlensin",
        body="Deprem toplanma alanlarının tabelaları yok.",
        district="Çankaya",
    )
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=40)
    Proposal.objects.filter(pk=linked.pk).update(supports_count=55)
    services.source_add(
        actor=strategist,
        plan=plan,
        target="goal",
        item=Goal.objects.get(code="H2.1"),
        kind="proposal",
        object_id=linked.pk,
    )
    page = staff.get(f"/manage/processes/{SLUG}/plan/unanswered/?min=30")
    assert page.status_code == 200
    text = page.content.decode()
    assert proposal.title in text and linked.title not in text
    found = page.context["found"]
    assert (found.popular_total, found.popular_answered, found.answered_share) == (2, 1, 50)
    assert [t.code for t in found.themes] == ["ULASIM", "AFET"]  # the example plan's goals list no theme
    # Attach from the list: the proposal leaves it.
    response = staff.post(
        f"/manage/processes/{SLUG}/plan/unanswered/attach/",
        {"kind": "proposal", "id": proposal.pk, "goal": Goal.objects.get(code="H1.1").pk},
    )
    assert response.status_code == 302
    assert proposal.title not in staff.get(f"/manage/processes/{SLUG}/plan/unanswered/").content.decode()


def test_objects_of_another_plan_are_not_found(plan, plan_data, staff, organisation, proposal):
    other = ProcessFactory(organisation=organisation, slug="baska-2025-2029")
    plan_data["process"] = other.slug
    services.plan_import(plan_data, actor=None)
    foreign = Goal.objects.get(aim__plan__process=other, code="H1.1")
    response = staff.post(
        f"/manage/processes/{SLUG}/plan/unanswered/attach/",
        {"kind": "proposal", "id": proposal.pk, "goal": foreign.pk},
    )
    assert response.status_code == 404 and not Source.objects.exists()
    response = staff.post(
        f"/manage/processes/{SLUG}/plan/unanswered/attach/", {"kind": "proposal", "id": proposal.pk, "goal": "x1"}
    )
    assert response.status_code == 302 and not Source.objects.exists()
    assert staff.get(f"/manage/processes/{SLUG}/plan/goals/H9.9/").status_code == 404
    assert staff.get(GOAL + "indicators/PG2.1.1/").status_code == 404  # an indicator of another goal


def test_a_submitted_plan_is_read_only(plan, staff, strategist, proposal):
    services.plan_submit(actor=strategist, plan=plan)
    before = selectors.plan_as_dict(Plan.objects.get(pk=plan.pk))
    page = staff.get(GOAL)
    assert page.status_code == 200 and "form" not in page.context and b"sources/add/" not in page.content
    goal = Goal.objects.get(code="H1.1")
    assert staff.post(GOAL, card_post(goal, title="Değişti")).status_code == 400
    staff.post(GOAL + "sources/add/", {"kind": "proposal", "id": proposal.pk})
    assert staff.post(GOAL + "indicators/new/", indicator_post()).status_code == 400
    assert selectors.plan_as_dict(Plan.objects.get(pk=plan.pk)) == before and not Source.objects.exists()


def test_writes_need_post_and_the_strategy_team(plan, client, make_user, other_unit, proposal):
    manager = make_user(Role.UNIT_MANAGER, username="birim", unit=other_unit)
    client.force_login(manager)
    page = client.get(GOAL)  # staff read the goal cards their units will own …
    assert page.status_code == 200 and "form" not in page.context and b"sources/add/" not in page.content
    # … but only the strategy team writes them.
    assert client.post(GOAL + "sources/add/", {"kind": "proposal", "id": proposal.pk}).status_code == 403
    goal = Goal.objects.get(code="H1.1")
    assert client.post(GOAL, card_post(goal, title="Birimin hedefi")).status_code == 403
    assert Goal.objects.get(code="H1.1").title == goal.title
    client.force_login(make_user(Role.STRATEGY_TEAM, username="ekip"))
    assert client.get(GOAL + "sources/add/").status_code == 405
    assert client.get(f"/manage/processes/{SLUG}/plan/unanswered/attach/").status_code == 405
    assert not Source.objects.exists()


def test_the_official_answer_can_cite_a_goal(plan, staff, proposal):
    url = reverse("proposals_manage:answer", kwargs={"slug": SLUG, "pk": proposal.pk})
    form = staff.get(url).content.decode()
    assert '<option value="H1.1">H1.1 Toplu taşımanın payını artırmak</option>' in form
    response = staff.post(url, {"state": "in_plan", "text": "Gece seferleri planda.", "plan_item_code": "H1.1"})
    assert response.status_code == 302
    assert Answer.objects.get().plan_item_code == "H1.1"
    source = Source.objects.get()
    assert (source.goal.code, source.object_id) == ("H1.1", proposal.pk)
    detail = staff.get(proposal.get_absolute_url()).content.decode()
    assert f'<a href="/processes/{SLUG}/plan/goals/H1.1/">H1.1 Toplu taşımanın payını artırmak</a>' in detail
    response = staff.post(url, {"state": "in_plan", "text": "Başka hedef.", "plan_item_code": "H7.7"})
    assert response.status_code == 400 and Answer.objects.count() == 1


def test_without_a_plan_the_answer_form_has_no_goal_to_cite(process, staff, proposal):
    url = reverse("proposals_manage:answer", kwargs={"slug": SLUG, "pk": proposal.pk})
    assert "plan_item_code" not in staff.get(url).content.decode()
    staff.post(url, {"state": "accepted", "text": "Kabul edildi."})
    assert Answer.objects.get().plan_item_code == ""


def test_an_indicator_page_leads_to_its_sources(client, plan, strategist):
    from ortakakil.planning.models import Indicator

    indicator = Indicator.objects.get(goal__aim__plan=plan, code="PG1.1.1")
    client.force_login(strategist)
    page = client.get(f"/manage/processes/{plan.process.slug}/plan/goals/H1.1/indicators/{indicator.code}/")
    sources_url = f"/manage/processes/{plan.process.slug}/plan/sources/indicator/{indicator.pk}/"
    assert page.status_code == 200 and sources_url in page.content.decode()
    assert client.get(sources_url).status_code == 200

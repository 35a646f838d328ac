"""The situation analysis (durum analizi) and looking ahead (geleceğe bakış) in the plan's back
office: the services that write them and the pages that show them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from ortakakil.core.models import Role
from ortakakil.planning import analysis, selectors, services
from ortakakil.planning.models import AnalysisItem, Finding, Source
from ortakakil.workshops.models import Idea, StakeholderOrganisation, Workshop, WorkshopTable

WORKSPACE = "/manage/processes/ornek-2025-2029/plan/analysis/"
AHEAD = "/manage/processes/ornek-2025-2029/plan/ahead/"


def tr(msgid: str) -> str:
    """The Turkish the page shows for an interface string (the catalogue gets this branch's
    strings when it is merged; until then Django shows the English msgid)."""
    with translation.override("tr"):
        return translation.gettext(msgid)


@pytest.fixture
def plan(process, plan_data):
    return services.plan_import(plan_data, actor=None).plan


@pytest.fixture
def unit_manager(make_user, other_unit):
    return make_user(Role.UNIT_MANAGER, username="birim", unit=other_unit)


@pytest.fixture
def tables(process):
    workshop = Workshop.objects.create(
        process=process, slug="calistay", title="Çalıştay", venue="Harikalar Diyarı", date=dt.date(2024, 10, 19)
    )
    return {
        code: WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code=code), code=f"{code[:3]}1")
        for code in ("ULASIM", "AFET")
    }


@pytest.fixture
def swot_ideas(tables):
    """The same strength said at two tables (Turkish case differs), a weakness, a threat, and a
    proposal (not a SWOT item)."""
    return {
        "metro": Idea.objects.create(table=tables["ULASIM"], kind="G", text="Güçlü metro ağı", votes_count=3),
        "metro2": Idea.objects.create(table=tables["AFET"], kind="G", text="GÜÇLÜ METRO AĞI ", votes_count=2),
        "staff": Idea.objects.create(table=tables["ULASIM"], kind="Z", text="Personel az", votes_count=1),
        "quake": Idea.objects.create(table=tables["AFET"], kind="T", text="Deprem riski", votes_count=7),
        "proposal": Idea.objects.create(table=tables["AFET"], kind="oneri", text="Toplanma alanları", votes_count=9),
    }


def mandate_row(**extra):
    return {
        "title": "İmar planlarını yapmak",
        "detail": "5216 sayılı Kanun md. 7",
        "finding": "Planlar eski",
        "need": "Güncelleme",
        **extra,
    }


# --------------------------------------------------------------------------------------------
# Services: the rows of the analysis sections
# --------------------------------------------------------------------------------------------


def test_a_row_is_added_edited_and_deleted_with_its_author_in_the_history(plan, strategist):
    item = analysis.analysis_item_create(actor=strategist, plan=plan, section="mandate", data=mandate_row())
    second = analysis.analysis_item_create(
        actor=strategist, plan=plan, section="mandate", data=mandate_row(title="Toplu taşıma hizmeti")
    )
    assert (item.section, item.title, item.detail, item.finding, item.need) == (
        "mandate",
        "İmar planlarını yapmak",
        "5216 sayılı Kanun md. 7",
        "Planlar eski",
        "Güncelleme",
    )
    assert (item.position, second.position) == (0, 1)
    assert item.history.first().history_user == strategist

    analysis.analysis_item_update(actor=strategist, item=item, data=mandate_row(need="Sayısallaştırma"))
    item.refresh_from_db()
    assert item.need == "Sayısallaştırma" and item.history.count() == 2

    pk = item.pk
    analysis.analysis_item_delete(actor=strategist, item=item)
    assert list(plan.analysis_items.values_list("title", flat=True)) == ["Toplu taşıma hizmeti"]
    assert AnalysisItem.history.filter(id=pk, history_type="-").get().history_user == strategist


def test_a_row_keeps_the_columns_its_section_does_not_show(plan, strategist):
    item = AnalysisItem.objects.create(plan=plan, section="activity", title="Ulaşım", finding="Eski bir tespit")
    analysis.analysis_item_update(
        actor=strategist, item=item, data={"title": "Ulaşım hizmetleri", "detail": "Otobüs, metro"}
    )
    item.refresh_from_db()
    assert (item.title, item.detail, item.finding) == ("Ulaşım hizmetleri", "Otobüs, metro", "Eski bir tespit")


def test_grouped_sections_need_one_of_their_groups(plan, strategist):
    with pytest.raises(ValidationError) as error:
        analysis.analysis_item_create(actor=strategist, plan=plan, section="internal", data={"title": "Bina"})
    assert "category" in error.value.message_dict
    with pytest.raises(ValidationError):
        analysis.analysis_item_create(
            actor=strategist, plan=plan, section="pestle", data={"title": "Enflasyon", "category": "people"}
        )
    item = analysis.analysis_item_create(
        actor=strategist, plan=plan, section="internal", data={"title": "Hizmet binaları", "category": "physical"}
    )
    assert item.category == "physical"
    assert not plan.analysis_items.filter(section="pestle").exists()


def test_typed_text_is_cleaned_and_bounded(plan, strategist):
    item = analysis.analysis_item_create(
        actor=strategist, plan=plan, section="history", data={"title": "\u200b Kuruluş \u200b", "detail": "1924"}
    )
    assert item.title == "Kuruluş"
    for title in ("\u200b\u200b", "Kuru\x00luş", "x" * 501):
        with pytest.raises(ValidationError) as error:
            analysis.analysis_item_create(actor=strategist, plan=plan, section="history", data={"title": title})
        assert "title" in error.value.message_dict
    with pytest.raises(ValidationError):
        analysis.analysis_item_create(actor=strategist, plan=plan, section="nowhere", data={"title": "Bir"})
    assert plan.analysis_items.count() == 1


def test_a_submitted_plan_refuses_every_write(plan, strategist):
    item = analysis.analysis_item_create(actor=strategist, plan=plan, section="mandate", data=mandate_row())
    finding = analysis.finding_create(actor=strategist, plan=plan, data={"section": "mandate", "finding": "Eski"})
    services.plan_submit(actor=strategist, plan=plan)
    plan.refresh_from_db()
    item.refresh_from_db()
    finding.refresh_from_db()
    writes = [
        lambda: analysis.analysis_item_create(actor=strategist, plan=plan, section="mandate", data=mandate_row()),
        lambda: analysis.analysis_item_update(actor=strategist, item=item, data=mandate_row(title="Yeni")),
        lambda: analysis.analysis_item_delete(actor=strategist, item=item),
        lambda: analysis.finding_create(actor=strategist, plan=plan, data={"section": "swot", "finding": "Yeni"}),
        lambda: analysis.finding_update(actor=strategist, finding=finding, data={"section": "swot", "finding": "Y"}),
        lambda: analysis.finding_delete(actor=strategist, finding=finding),
        lambda: analysis.plan_texts_update(actor=strategist, plan=plan, data={"mission": "Yeni misyon"}),
    ]
    refusal = tr("This plan version is %(status)s: it can no longer be changed.") % {
        "status": tr("Submitted to the council").lower()
    }
    for write in writes:
        with pytest.raises(ValidationError) as error:
            write()
        assert error.value.messages == [refusal]
    assert list(plan.analysis_items.values_list("title", flat=True)) == ["İmar planlarını yapmak"]
    assert list(plan.findings.values_list("finding", flat=True)) == ["Eski"]
    plan.refresh_from_db()
    assert plan.mission != "Yeni misyon"


@pytest.mark.parametrize("who", ["unit_manager", "citizen"])
def test_only_the_strategy_team_writes(plan, strategist, who, request):
    actor = request.getfixturevalue(who)
    item = analysis.analysis_item_create(actor=strategist, plan=plan, section="mandate", data=mandate_row())
    before = plan.mission
    with pytest.raises(PermissionDenied):
        analysis.analysis_item_create(actor=actor, plan=plan, section="mandate", data=mandate_row())
    with pytest.raises(PermissionDenied):
        analysis.analysis_item_delete(actor=actor, item=item)
    with pytest.raises(PermissionDenied):
        analysis.finding_create(actor=actor, plan=plan, data={"section": "mandate", "finding": "Eski"})
    with pytest.raises(PermissionDenied):
        analysis.plan_texts_update(actor=actor, plan=plan, data={"mission": "Başka"})
    assert plan.analysis_items.count() == 1 and not plan.findings.exists()
    plan.refresh_from_db()
    assert plan.mission == before


def test_rows_are_found_only_in_their_own_plan(plan, strategist, organisation, plan_data):
    item = analysis.analysis_item_create(actor=strategist, plan=plan, section="mandate", data=mandate_row())
    finding = analysis.finding_create(actor=strategist, plan=plan, data={"section": "mandate", "finding": "Eski"})
    plan_data["process"] = "baska-2025-2029"
    other = services.plan_import(plan_data, actor=None).plan
    assert selectors.analysis_item_in_plan(plan, item.pk) == item
    with pytest.raises(Http404):
        selectors.analysis_item_in_plan(other, item.pk)
    with pytest.raises(Http404):
        selectors.finding_in_plan(other, finding.pk)
    with pytest.raises(Http404):
        selectors.source_item(other, "finding", finding.pk)
    with pytest.raises(Http404):
        selectors.source_item(plan, "mission", finding.pk)  # the mission has no item
    with pytest.raises(Http404):
        selectors.source_item(plan, "nothing", None)


# --------------------------------------------------------------------------------------------
# SWOT from the workshops
# --------------------------------------------------------------------------------------------


def test_a_swot_item_is_adopted_with_the_ideas_behind_it(plan, strategist, swot_ideas):
    metro, metro2 = swot_ideas["metro"], swot_ideas["metro2"]
    item = analysis.swot_item_adopt(actor=strategist, plan=plan, idea_id=metro2.pk)
    assert (item.section, item.category, item.title) == ("swot", "strengths", "Güçlü metro ağı")
    sources = Source.objects.filter(analysis_item=item).order_by("object_id")
    assert [(s.target, s.kind, s.object_id, s.history.get().history_user) for s in sources] == [
        ("analysis", "workshop_idea", metro.pk, strategist),
        ("analysis", "workshop_idea", metro2.pk, strategist),
    ]
    # Adopting again changes nothing; an idea said since joins the same row.
    assert analysis.swot_item_adopt(actor=strategist, plan=plan, idea_id=metro.pk) == item
    later = Idea.objects.create(table=metro.table, kind="G", text="güçlü metro ağı")
    assert analysis.swot_item_adopt(actor=strategist, plan=plan, idea_id=metro.pk) == item
    assert set(item.sources.values_list("object_id", flat=True)) == {metro.pk, metro2.pk, later.pk}
    assert plan.analysis_items.filter(section="swot").count() == 1


def test_adopting_with_a_theme_filter_takes_only_that_themes_ideas(plan, strategist, swot_ideas):
    item = analysis.swot_item_adopt(actor=strategist, plan=plan, idea_id=swot_ideas["metro2"].pk, theme_code="AFET")
    assert list(item.sources.values_list("object_id", flat=True)) == [swot_ideas["metro2"].pk]


def test_only_swot_ideas_of_the_process_are_adopted(plan, strategist, swot_ideas):
    for idea_id in (swot_ideas["proposal"].pk, 0, 987654):
        with pytest.raises(ValidationError):
            analysis.swot_item_adopt(actor=strategist, plan=plan, idea_id=idea_id)
    swot_ideas["staff"].withdrawn_at = dt.datetime(2024, 10, 19, 12, tzinfo=dt.UTC)
    swot_ideas["staff"].save()
    with pytest.raises(ValidationError):
        analysis.swot_item_adopt(actor=strategist, plan=plan, idea_id=swot_ideas["staff"].pk)
    assert not plan.analysis_items.exists() and not Source.objects.exists()


def test_the_swot_grid_shows_counts_tables_and_what_is_adopted(plan, strategist, swot_ideas):
    analysis.swot_item_adopt(actor=strategist, plan=plan, idea_id=swot_ideas["quake"].pk)
    grid = {quadrant.key: quadrant for quadrant in selectors.swot_workspace(plan)}
    assert list(grid) == ["strengths", "weaknesses", "opportunities", "threats"]
    (metro,) = grid["strengths"].rows
    assert (metro.item.count, metro.item.votes, metro.adopted_in) == (2, 5, None)
    assert [(t.theme, t.url) for t in metro.tables] == [
        ("Ulaşım Hizmetleri Yönetimi", "/processes/ornek-2025-2029/workshops/calistay/tables/ULA1/report/"),
        ("Afet Yönetimi", "/processes/ornek-2025-2029/workshops/calistay/tables/AFE1/report/"),
    ]
    (quake,) = grid["threats"].rows
    assert quake.adopted_in == plan.analysis_items.get(section="swot").pk and quake.unlinked == 0
    only_afet = {q.key: q for q in selectors.swot_workspace(plan, theme_code="AFET")}
    assert [row.item.count for row in only_afet["strengths"].rows] == [1] and not only_afet["weaknesses"].rows


# --------------------------------------------------------------------------------------------
# Findings and their sources
# --------------------------------------------------------------------------------------------


def test_findings_with_their_sources(plan, strategist, proposal, swot_ideas):
    finding = analysis.finding_create(
        actor=strategist,
        plan=plan,
        data={"section": "participation", "finding": "Gece ulaşımı yetersiz", "need": "Gece seferleri"},
    )
    services.source_add(
        actor=strategist, plan=plan, target="finding", item=finding, kind="proposal", object_id=proposal.pk
    )
    services.source_add(
        actor=strategist,
        plan=plan,
        target="finding",
        item=finding,
        kind="workshop_idea",
        object_id=swot_ideas["metro"].pk,
    )
    (row,) = selectors.findings_with_sources(plan)
    assert row.finding == finding
    assert [(r.source.kind, r.contribution.title if r.contribution else None) for r in row.sources] == [
        ("proposal", "Gece otobüsü seferleri artırılsın"),
        ("workshop_idea", "Güçlü yön"),
    ]
    analysis.finding_update(
        actor=strategist, finding=finding, data={"section": "pestle", "finding": "Gece ulaşımı yetersiz"}
    )
    finding.refresh_from_db()
    assert (finding.section, finding.need) == ("pestle", "")
    with pytest.raises(ValidationError):
        analysis.finding_create(actor=strategist, plan=plan, data={"section": "başka", "finding": "Bir"})
    analysis.finding_delete(actor=strategist, finding=finding)
    assert not plan.findings.exists() and not Source.objects.filter(target="finding").exists()


def test_a_source_of_another_plan_item_is_refused(plan, strategist, proposal, plan_data):
    plan_data["process"] = "baska-2025-2029"
    other = services.plan_import(plan_data, actor=None).plan
    foreign = Finding.objects.create(plan=other, section="mandate", finding="Başka planın tespiti")
    with pytest.raises(ValidationError):
        services.source_add(
            actor=strategist, plan=plan, target="finding", item=foreign, kind="proposal", object_id=proposal.pk
        )
    assert not Source.objects.exists()


def test_the_contribution_search_folds_turkish_case(process, proposal, swot_ideas):
    found = selectors.contribution_search(process, kind="proposal", query="GECE otobüsü")
    assert [c.pk for c in found] == [proposal.pk]
    assert selectors.contribution_search(process, kind="proposal", query="metro") == []
    found = selectors.contribution_search(process, kind="workshop_idea", query="metro AĞI")
    assert sorted(c.pk for c in found) == sorted([swot_ideas["metro"].pk, swot_ideas["metro2"].pk])
    assert selectors.contribution_search(process, kind="survey_answer", query="gece") == []
    assert selectors.contribution_search(process, kind="proposal", query="   ") == []


def test_the_contribution_search_forgives_turkish_letters_both_ways(process, proposal, make_user):
    """Issue 11: the strategy team types "kizilay" and finds "Kızılay"; "öğrenci" finds a proposal
    typed "ogrenci" on a phone without Turkish letters."""
    from ortakakil.proposals import services as proposal_services

    plain = proposal_services.proposal_create(
        actor=make_user(Role.CITIZEN, username="telefon"),
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Ogrenci servisi",
        body="Kizilay meydanina ogrenci servisi gelsin.",
    )

    def found(query):
        return sorted(c.pk for c in selectors.contribution_search(process, kind="proposal", query=query))

    for typed in ["kizilay", "KIZILAY", "Kızılay"]:
        assert found(typed) == sorted([proposal.pk, plain.pk]), typed
    for typed in ["öğrenci", "Öğrenci", "ogrenci"]:
        assert found(typed) == [plain.pk], typed
    assert found("gece otobusu") == [proposal.pk]


# --------------------------------------------------------------------------------------------
# Looking ahead: mission, vision, core values, foreword
# --------------------------------------------------------------------------------------------


def test_texts_are_revised_with_their_history(plan, strategist):
    old_mission = plan.mission
    analysis.plan_texts_update(
        actor=strategist,
        plan=plan,
        data={
            "mission": "Ankara'yı birlikte yönetmek.",
            "vision": plan.vision,
            "values": "Katılımcılık\n\n  Şeffaflık \nkatılımcılık\n",
            "foreword": "Değerli hemşehrilerimiz…",
        },
    )
    plan.refresh_from_db()
    assert plan.mission == "Ankara'yı birlikte yönetmek."
    assert plan.values == ["Katılımcılık", "Şeffaflık"]
    assert plan.foreword == "Değerli hemşehrilerimiz…"
    change = selectors.plan_text_history(plan)[0]
    assert change.who == strategist.display_name and not change.created
    assert change.previous_mission == old_mission and change.previous_vision is None
    assert change.previous_values is not None
    # Saving the same texts again leaves no new history entry.
    count = plan.history.count()
    analysis.plan_texts_update(
        actor=strategist,
        plan=plan,
        data={"mission": plan.mission, "vision": plan.vision, "values": plan.values, "foreword": plan.foreword},
    )
    assert plan.history.count() == count


def test_texts_are_bounded(plan, strategist):
    with pytest.raises(ValidationError) as error:
        analysis.plan_texts_update(actor=strategist, plan=plan, data={"mission": "m" * 2001, "vision": "v"})
    assert "mission" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        analysis.plan_texts_update(
            actor=strategist, plan=plan, data={"values": "\n".join(f"Değer {n}" for n in range(31))}
        )
    assert "values" in error.value.message_dict
    with pytest.raises(ValidationError):
        analysis.plan_texts_update(actor=strategist, plan=plan, data={"vision": "Vizyon\x1b"})


def test_an_update_keeps_the_mission_and_vision(plan, strategist):
    services.plan_submit(actor=strategist, plan=plan)
    services.plan_approve(actor=strategist, plan=plan, approved_at=dt.date(2025, 2, 14), council_decision="412")
    update = services.plan_start_update(actor=strategist, plan=plan)
    texts = {"mission": plan.mission, "vision": plan.vision, "values": ["Yenilikçilik"], "foreword": ""}
    analysis.plan_texts_update(actor=strategist, plan=update, data=texts)
    update.refresh_from_db()
    assert update.values == ["Yenilikçilik"]
    with pytest.raises(ValidationError) as error:
        analysis.plan_texts_update(actor=strategist, plan=update, data={**texts, "mission": "Yeni misyon"})
    assert list(error.value.message_dict) == ["mission"]


def test_mission_vision_and_values_take_sources(plan, strategist, proposal):
    services.source_add(actor=strategist, plan=plan, target="vision", kind="proposal", object_id=proposal.pk)
    assert [r.source.object_id for r in selectors.item_sources(plan, "vision")] == [proposal.pk]
    assert selectors.item_sources(plan, "mission") == []


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def test_the_workspace_shows_every_section_with_its_headings(client, plan, strategist, swot_ideas, organisation):
    StakeholderOrganisation.objects.create(organisation=organisation, name="Mimarlar Odası", influence=4, importance=5)
    StakeholderOrganisation.objects.create(organisation=organisation, name="Muhtarlık", influence=1, importance=2)
    analysis.analysis_item_create(actor=strategist, plan=plan, section="mandate", data=mandate_row())
    analysis.analysis_item_create(
        actor=strategist, plan=plan, section="policy", data={"title": "On Birinci Kalkınma Planı", "need": "Raylı"}
    )
    analysis.analysis_item_create(
        actor=strategist, plan=plan, section="internal", data={"title": "Hizmet binaları", "category": "physical"}
    )
    client.force_login(strategist)
    response = client.get(WORKSPACE)
    assert response.status_code == 200
    html = response.content.decode()
    # Headings in Turkish, the sections in the guide's order, the rows with their columns.
    assert "Durum Analizi" in html
    headings = ("Legal obligation", "Basis", "Findings", "Needs", "Related section or reference", "Task or need")
    for heading in headings:
        assert f">{tr(heading)}</th>" in html
    assert "On Birinci Kalkınma Planı" in html
    assert "İmar planlarını yapmak" in html and "5216 sayılı Kanun md. 7" in html
    assert tr("Physical resources") in html and "Hizmet binaları" in html
    order = [html.index(f'id="{key}"') for key in ("history", "mandate", "activity", "stakeholders", "swot")]
    assert order == sorted(order)
    # Stakeholders: the registry's priorities, with the matrix pages linked.
    assert "Birlikte çalış" in html and "İzle" in html
    assert "/manage/organisations/ornek/stakeholders/matrix/#products" in html
    # SWOT from the workshops: the quadrants in Turkish, counts, table reports, the adopt button.
    for quadrant in ("Güçlü yönler", "Zayıf yönler", "Fırsatlar", "Tehditler"):
        assert quadrant in html
    assert "Güçlü metro ağı" in html and "/workshops/calistay/tables/ULA1/report/" in html
    assert "Toplanma alanları" not in html  # a proposal, not a SWOT item
    assert html.count(tr("Add to the analysis")) == 3


def test_the_theme_filter_narrows_the_swot_grid(client, plan, strategist, swot_ideas):
    client.force_login(strategist)
    html = client.get(WORKSPACE, {"theme": "AFET"}).content.decode()
    assert "Deprem riski" in html and "Personel az" not in html
    assert "Personel az" in client.get(WORKSPACE, {"theme": "YOK"}).content.decode()


def test_adopting_from_the_page(client, plan, strategist, swot_ideas):
    client.force_login(strategist)
    response = client.post(WORKSPACE + "swot/adopt/", {"idea": swot_ideas["quake"].pk, "theme": "AFET"})
    assert response.status_code == 302 and response.url.endswith(f"?theme=AFET#swot-idea-{swot_ideas['quake'].pk}")
    item = plan.analysis_items.get(section="swot")
    assert (item.category, item.title) == ("threats", "Deprem riski")
    html = client.get(WORKSPACE).content.decode()
    assert f'id="item-{item.pk}"' in html and html.count(tr("Add to the analysis")) == 2
    assert client.get(WORKSPACE + "swot/adopt/").status_code == 405
    response = client.post(WORKSPACE + "swot/adopt/", {"idea": "bir<script>"}, follow=True)
    assert response.status_code == 200 and plan.analysis_items.count() == 1


def test_adding_editing_and_deleting_a_row_from_the_pages(client, plan, strategist):
    client.force_login(strategist)
    form = client.get(WORKSPACE + "mandate/new/")
    assert form.status_code == 200 and tr("Legal obligation") in form.content.decode()
    response = client.post(WORKSPACE + "mandate/new/", mandate_row())
    item = plan.analysis_items.get()
    assert response.status_code == 302 and response.url == WORKSPACE + f"#item-{item.pk}"
    response = client.post(WORKSPACE + f"rows/{item.pk}/", mandate_row(title=""))
    assert response.status_code == 400 and "Bu alan zorunlu." in response.content.decode()
    response = client.post(WORKSPACE + f"rows/{item.pk}/", mandate_row(title="Ulaşım"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Ulaşım"
    assert client.get(WORKSPACE + f"rows/{item.pk}/delete/").status_code == 200
    assert client.post(WORKSPACE + f"rows/{item.pk}/delete/").status_code == 302
    assert not plan.analysis_items.exists()
    assert client.get(WORKSPACE + "nowhere/new/").status_code == 404


def test_another_plans_row_is_not_found(client, plan, strategist, plan_data):
    plan_data["process"] = "baska-2025-2029"
    other = services.plan_import(plan_data, actor=None).plan
    foreign = AnalysisItem.objects.create(plan=other, section="mandate", title="Başka")
    finding = Finding.objects.create(plan=other, section="mandate", finding="Başka")
    client.force_login(strategist)
    assert client.get(WORKSPACE + f"rows/{foreign.pk}/").status_code == 404
    assert client.post(WORKSPACE + f"rows/{foreign.pk}/delete/").status_code == 404
    assert client.post(WORKSPACE + f"findings/{finding.pk}/", {"section": "mandate", "finding": "X"}).status_code == 404
    sources = "/manage/processes/ornek-2025-2029/plan/sources/"
    assert client.get(sources + f"finding/{finding.pk}/").status_code == 404
    assert client.get(sources + "goal/999999/").status_code == 404
    assert AnalysisItem.objects.get(pk=foreign.pk).title == "Başka"


def test_a_submitted_plan_is_read_only_on_the_pages(client, plan, strategist, swot_ideas):
    item = analysis.analysis_item_create(actor=strategist, plan=plan, section="mandate", data=mandate_row())
    services.plan_submit(actor=strategist, plan=plan)
    client.force_login(strategist)
    html = client.get(WORKSPACE).content.decode()
    assert tr("Read only") in html and "İmar planlarını yapmak" in html
    assert f"rows/{item.pk}/delete/" not in html and tr("Add to the analysis") not in html
    response = client.get(WORKSPACE + "mandate/new/")
    assert response.status_code == 302 and response.url == WORKSPACE + "#mandate"
    response = client.post(WORKSPACE + f"rows/{item.pk}/delete/")
    assert response.status_code == 400 and plan.analysis_items.count() == 1
    response = client.post(WORKSPACE + "swot/adopt/", {"idea": swot_ideas["quake"].pk})
    assert response.status_code == 302 and plan.analysis_items.count() == 1
    html = client.get(AHEAD).content.decode()
    assert tr("Read only") in html and 'name="mission"' not in html
    response = client.post(AHEAD, {"mission": "Yeni", "vision": "Yeni"})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.mission != "Yeni"


def test_unit_managers_read_and_citizens_are_refused(client, plan, strategist, unit_manager, citizen, swot_ideas):
    item = analysis.analysis_item_create(actor=strategist, plan=plan, section="mandate", data=mandate_row())
    client.force_login(citizen)
    assert client.get(WORKSPACE).status_code == 403
    client.force_login(unit_manager)
    page = client.get(WORKSPACE)
    html = page.content.decode()
    assert page.status_code == 200 and "İmar planlarını yapmak" in html
    assert tr("You can read the situation analysis; the strategy team writes it.") in html
    assert tr("Add a row") not in html and tr("Add to the analysis") not in html
    assert client.get(AHEAD).status_code == 200 and 'name="mission"' not in client.get(AHEAD).content.decode()
    assert client.get(WORKSPACE + "mandate/new/").status_code == 403
    assert client.post(WORKSPACE + "mandate/new/", mandate_row()).status_code == 403
    assert client.post(WORKSPACE + f"rows/{item.pk}/delete/").status_code == 403
    assert client.post(WORKSPACE + "swot/adopt/", {"idea": swot_ideas["quake"].pk}).status_code == 403
    assert client.post(AHEAD, {"mission": "Başka"}).status_code == 403
    assert list(plan.analysis_items.values_list("title", flat=True)) == ["İmar planlarını yapmak"]
    plan.refresh_from_db()
    assert plan.mission != "Başka"


def test_findings_and_their_sources_from_the_pages(client, plan, strategist, proposal):
    client.force_login(strategist)
    response = client.post(
        WORKSPACE + "findings/new/", {"section": "participation", "finding": "Gece ulaşımı yetersiz", "need": ""}
    )
    finding = plan.findings.get()
    assert response.status_code == 302 and response.url == WORKSPACE + f"#finding-{finding.pk}"
    attach = f"/manage/processes/ornek-2025-2029/plan/sources/finding/{finding.pk}/"
    page = client.get(attach, {"kind": "proposal", "q": "gece OTOBÜSÜ"})
    assert page.status_code == 200 and "Gece otobüsü seferleri artırılsın" in page.content.decode()
    response = client.post(attach + "?kind=proposal&q=gece", {"kind": "proposal", "object_id": proposal.pk})
    assert response.status_code == 302 and response.url == attach + "?kind=proposal&q=gece"
    source = Source.objects.get(finding=finding)
    assert (source.kind, source.object_id, source.history.get().history_user) == ("proposal", proposal.pk, strategist)
    client.post(attach, {"kind": "proposal", "object_id": "987654"})
    client.post(attach, {"kind": "secret", "object_id": "1"})
    assert Source.objects.count() == 1
    html = client.get(WORKSPACE).content.decode()
    assert "Gece otobüsü seferleri artırılsın" in html and "Gece ulaşımı yetersiz" in html
    remove = f"/manage/processes/ornek-2025-2029/plan/sources/{source.pk}/remove/"
    assert client.get(remove).status_code == 200
    response = client.post(remove + "?next=https://evil.example/")
    assert response.status_code == 302 and response.url == WORKSPACE + f"#finding-{finding.pk}"
    assert not Source.objects.exists()


def test_looking_ahead_page_saves_and_shows_the_history(client, plan, strategist, proposal):
    old_mission = plan.mission
    client.force_login(strategist)
    page = client.get(AHEAD)
    assert page.status_code == 200 and old_mission in page.content.decode()
    response = client.post(
        AHEAD,
        {"mission": "Ankara'yı birlikte yönetmek.", "vision": plan.vision, "values": "Katılımcılık\nŞeffaflık"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.mission == "Ankara'yı birlikte yönetmek." and plan.values == ["Katılımcılık", "Şeffaflık"]
    html = client.get(AHEAD).content.decode()
    # The history: who changed what, with the mission as it was.
    assert strategist.display_name in html and old_mission in html
    response = client.post(AHEAD, {"mission": "x" * 2001})
    assert response.status_code == 400
    services.source_add(actor=strategist, plan=plan, target="values", kind="proposal", object_id=proposal.pk)
    html = client.get(AHEAD).content.decode()
    assert 'id="sources-values"' in html and "Gece otobüsü seferleri artırılsın" in html
    assert client.get("/manage/processes/ornek-2025-2029/plan/sources/mission/").status_code == 200


def test_the_plan_home_links_to_the_workspace(client, plan, strategist):
    client.force_login(strategist)
    html = client.get("/manage/processes/ornek-2025-2029/plan/").content.decode()
    assert WORKSPACE in html and AHEAD in html


def test_without_a_plan_the_pages_say_so(client, process, strategist):
    client.force_login(strategist)
    for url in (WORKSPACE, AHEAD):
        response = client.get(url)
        assert response.status_code == 200 and "ortakakil plan import" in response.content.decode()
    assert client.get(WORKSPACE + "mandate/new/").status_code == 404

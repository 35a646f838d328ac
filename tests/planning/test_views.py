"""The plan's public pages and back-office home through the test client."""

from __future__ import annotations

import datetime as dt

import pytest

from ortakakil.core.models import Role
from ortakakil.planning import services
from ortakakil.planning.models import Plan


@pytest.fixture
def plan(process, plan_data, proposal):
    plan_data["aims"][0]["goals"][0]["sources"] = [{"kind": "proposal", "id": proposal.pk}]
    plan_data["aims"][0]["goals"][0]["themes"] = ["ULASIM"]
    return services.plan_import(plan_data, actor=None).plan


def test_public_plan_page_shows_the_draft_as_a_draft(client, process, plan):
    page = client.get(f"/processes/{process.slug}/plan/").content.decode()
    assert "Taslak" in page and "H1.1" in page and "Toplu taşımanın payını artırmak" in page
    assert "1 katkıya dayanır" in page


def test_no_plan_yet_is_an_empty_state(client, process):
    page = client.get(f"/processes/{process.slug}/plan/")
    assert page.status_code == 200 and "Plan henüz yazılmadı" in page.content.decode()


def test_goal_card_lists_indicators_and_the_contributions_it_answers(client, process, plan, proposal):
    page = client.get(f"/processes/{process.slug}/plan/goals/H1.1/").content.decode()
    assert "PG1.1.1" in page and "Hedef kartı" in page and "Ulaşım Dairesi Başkanlığı" in page
    assert proposal.title in page and f"/proposals/{proposal.pk}/" in page
    assert client.get(f"/processes/{process.slug}/plan/goals/H9.9/").status_code == 404


def test_a_proposal_says_which_goal_it_shaped(client, process, plan, proposal):
    page = client.get(f"/processes/{process.slug}/proposals/{proposal.pk}/").content.decode()
    assert "Bu öneriye ne oldu" in page and "H1.1" in page and "/plan/goals/H1.1/" in page


def test_process_and_theme_pages_link_the_plan(client, process, plan):
    assert f"/processes/{process.slug}/plan/" in client.get(f"/processes/{process.slug}/").content.decode()
    theme_page = client.get(f"/processes/{process.slug}/themes/ULASIM/").content.decode()
    assert "Taslak planın bu temadaki hedefleri" in theme_page and "H1.1" in theme_page


def test_back_office_home_walks_the_plan_to_approval(client, process, plan, strategist):
    client.force_login(strategist)
    home = client.get(f"/manage/processes/{process.slug}/plan/").content.decode()
    assert "Plan eksiksiz ve tutarlı" in home and "Meclise sun" in home
    assert client.post(f"/manage/processes/{process.slug}/plan/submit/").status_code == 302
    response = client.post(
        f"/manage/processes/{process.slug}/plan/approve/",
        {"approved_at": "2025-02-14", "council_decision": "14.02.2025 tarih ve 412 sayılı karar"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED and plan.approved_at == dt.date(2025, 2, 14)
    assert "Onaylandı" in client.get(f"/processes/{process.slug}/plan/").content.decode()
    assert client.post(f"/manage/processes/{process.slug}/plan/update/").status_code == 302
    assert Plan.objects.filter(process=process).count() == 2
    diff = client.get(f"/manage/processes/{process.slug}/plan/versions/?before=1&after=2").content.decode()
    assert "İki sürüm aynı" in diff


def test_back_office_shows_what_stops_submission(client, process, plan_data, strategist):
    plan_data["aims"][1]["goals"][0]["responsible_unit"] = ""
    services.plan_import(plan_data, actor=None)
    client.force_login(strategist)
    home = client.get(f"/manage/processes/{process.slug}/plan/").content.decode()
    assert "H2.1" in home and "sorumlu birim seçilmedi" in home
    response = client.post(f"/manage/processes/{process.slug}/plan/submit/")
    assert response.status_code == 400 and Plan.objects.get().status == Plan.Status.DRAFT


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.STAKEHOLDER_REP])
def test_the_back_office_is_for_staff(client, process, plan, make_user, role):
    client.force_login(make_user(role))
    assert client.get(f"/manage/processes/{process.slug}/plan/").status_code == 403
    assert client.post(f"/manage/processes/{process.slug}/plan/submit/").status_code == 403
    assert Plan.objects.get().status == Plan.Status.DRAFT


def test_a_unit_manager_reads_but_cannot_submit(client, process, plan, make_user):
    client.force_login(make_user(Role.UNIT_MANAGER))
    assert client.get(f"/manage/processes/{process.slug}/plan/").status_code == 200
    assert client.post(f"/manage/processes/{process.slug}/plan/submit/").status_code == 403
    assert Plan.objects.get().status == Plan.Status.DRAFT


def test_history_names_who_changed_what(client, process, plan, strategist):
    services.plan_submit(actor=strategist, plan=plan)
    client.force_login(strategist)
    page = client.get(f"/manage/processes/{process.slug}/plan/history/").content.decode()
    assert "Kim neyi değiştirdi" in page
    assert (strategist.get_full_name() or strategist.username) in page
    assert "durum" in page  # the plan's status changed
    assert "H1.1" in page and "PG1.1.1" in page and "komut satırı" in page  # created by the import


@pytest.mark.parametrize(
    ("fmt", "mime", "magic"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", "wordprocessingml", b"PK"),
        ("xlsx", "spreadsheetml", b"PK"),
        ("json", "json", b"{"),
    ],
)
def test_the_plan_downloads_as_documents(client, process, plan, fmt, mime, magic):
    response = client.get(f"/processes/{process.slug}/plan/download/{fmt}/")
    assert response.status_code == 200 and mime in response["Content-Type"]
    assert response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"] and response["X-Content-Type-Options"] == "nosniff"


def test_a_document_not_rendered_yet_says_it_is_being_prepared(client, process, plan, monkeypatch):
    from ortakakil.planning import tasks

    monkeypatch.setattr(tasks, "plan_file_warm", lambda plan_id, fmt: None)  # a worker that has not run yet
    response = client.get(f"/processes/{process.slug}/plan/download/pdf/")
    assert response.status_code == 202 and "Belge hazırlanıyor" in response.content.decode()
    assert client.get(f"/processes/{process.slug}/plan/download/exe/").status_code == 404


def test_a_unit_manager_finds_their_goal_cards_on_the_dashboard(client, process, plan, make_user):
    from ortakakil.core.models import Unit

    manager = make_user(Role.UNIT_MANAGER, unit=Unit.objects.get(name="Ulaşım Dairesi Başkanlığı"))
    client.force_login(manager)
    dashboard = client.get("/manage/").content.decode()
    assert "Hedef Kartı H1.1" in dashboard and f"/manage/processes/{process.slug}/plan/goals/H1.1/" in dashboard
    assert "H2.1" not in dashboard  # another unit's goal

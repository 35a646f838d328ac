"""The projects' back office: who may open it, the list's search, filters and totals, the form's
checks (Turkish messages), the dependency rules, deletion with its confirmation, the exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ortakakil.portfolio.models import BudgetRound, Project

pytestmark = pytest.mark.django_db


def url(process, name="projects", **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": process.slug, **kwargs})


def form_data(**overrides):
    data = {
        "code": "P9",
        "title": "Kent arşivi",
        "description": "",
        "kind": "yatirim",
        "theme": "",
        "responsible_unit": "",
        "district": "Altındağ",
        "goal_value": "6",
        "vision": "7",
        "urgency": "3",
        "cost_2025": "1000000",
        "cost_2026": "2500000",
    }
    data.update(overrides)
    return data


def test_pages_are_for_the_strategy_team_only(client, process, projects, outsider, citizen, unit_staff, strategist):
    pages = [
        url(process),
        url(process, "project_create"),
        url(process, "project_edit", pk=projects[0].pk),
        url(process, "project_delete", pk=projects[0].pk),
        url(process, "project_export", fmt="csv"),
    ]
    client.force_login(outsider)
    assert [client.get(page).status_code for page in pages] == [404] * len(pages)
    for someone in (citizen, unit_staff):
        client.force_login(someone)
        for page in pages:
            answer = client.get(page)
            assert answer.status_code == 403
            assert answer["Content-Type"].startswith("text/html")
    client.force_login(strategist)
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    client.force_login(unit_staff)
    client.post(url(process, "project_delete", pk=projects[0].pk))
    assert Project.objects.filter(pk=projects[0].pk).exists()


def test_the_list_searches_the_turkish_way_filters_and_totals(client, process, projects, goals, strategist):
    client.force_login(strategist)
    page = client.get(url(process), {"q": "METRO HATTI"}).content.decode()
    assert "Metro hattı uzatma" in page and "Bisiklet yolu ağı" not in page
    page = client.get(url(process), {"q": "bisiklet", "district": "Yenimahalle"}).content.decode()
    assert "Bisiklet yolu ağı" in page
    theme = process.themes.get(code="AFET")
    page = client.get(url(process), {"theme": theme.pk}).content.decode()
    assert "Afet toplanma alanları" in page and "Metro hattı uzatma" not in page
    page = client.get(url(process), {"goal": goals[1].pk}).content.decode()
    assert "Bisiklet yolu ağı" in page and "Metro hattı uzatma" not in page
    page = client.get(url(process), {"kind": "cari"}).content.decode()
    assert "Afet toplanma alanları" in page and "Bisiklet yolu ağı" not in page
    listed = client.get(url(process), {"theme": process.themes.get(code="ULASIM").pk})
    table = listed.context["table"]
    assert table.totals == {2025: 105_000_000, 2026: 200_000_000, 2027: 0, 2028: 0, 2029: 0}
    assert "305.000.000" in listed.content.decode()
    by_cost = client.get(url(process), {"sort": "cost"}).context["table"].projects
    assert [p.code for p in by_cost] == ["P1", "P2", "P3"]
    by_title = client.get(url(process), {"sort": "title"}).context["table"].projects
    assert [p.code for p in by_title] == ["P3", "P2", "P1"]


def test_the_list_is_paginated(client, process, strategist):
    Project.objects.bulk_create(Project(process=process, code=f"K{n:03d}", title=f"Proje {n}") for n in range(30))
    client.force_login(strategist)
    first = client.get(url(process))
    assert len(first.context["page"].object_list) == 25 and first.context["page"].paginator.num_pages == 2
    assert len(client.get(url(process), {"page": 2}).context["page"].object_list) == 5


def test_a_project_is_created_with_its_costs_goals_and_dependencies(client, process, projects, goals, strategist):
    client.force_login(strategist)
    answer = client.post(
        url(process, "project_create"),
        form_data(goals=[goals[0].pk], requires=[projects[0].pk], excludes=[projects[2].pk]),
    )
    assert answer.status_code == 302 and answer["Location"] == url(process)
    made = Project.objects.get(process=process, code="P9")
    assert made.costs == {"2025": 1_000_000, "2026": 2_500_000}
    assert list(made.goals.all()) == [goals[0]]
    assert list(made.requires.all()) == [projects[0]]
    assert list(projects[2].excludes.all()) == [made]
    assert (made.goal_value, made.vision, made.urgency) == (6.0, 7.0, 3.0)
    assert made.history.first().history_user == strategist


def test_the_form_refuses_bad_input_in_turkish(client, process, projects, strategist):
    client.force_login(strategist)
    before = Project.objects.count()
    answer = client.post(url(process, "project_create"), form_data(code="P1", goal_value="11", cost_2025="-5"))
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert "10" in errors["goal_value"][0] and "0" in errors["cost_2025"][0]
    answer = client.post(url(process, "project_create"), form_data(code="P1"))
    assert answer.status_code == 400
    assert "P1 kodlu başka bir proje" in answer.content.decode()
    answer = client.post(url(process, "project_create"), form_data(proposal_number="99999"))
    assert "99999 numaralı öneri yok" in answer.content.decode()
    for code in ("P 7", "P,7", "P;7"):  # a code is the project's id in the exported .pb file
        answer = client.post(url(process, "project_create"), form_data(code=code))
        assert answer.status_code == 400 and "virgül" in answer.content.decode()
    assert Project.objects.count() == before


def test_dependencies_that_cannot_hold_are_refused(client, process, projects, strategist):
    p1, p2, p3 = projects
    p2.requires.set([p1])
    client.force_login(strategist)
    edit = url(process, "project_edit", pk=p1.pk)
    cycle = client.post(edit, form_data(code="P1", requires=[p2.pk]))
    assert cycle.status_code == 400 and "döngü" in cycle.content.decode()
    assert not p1.requires.exists()
    clash = client.post(
        url(process, "project_edit", pk=p3.pk), form_data(code="P3", requires=[p2.pk], excludes=[p1.pk])
    )
    assert clash.status_code == 400 and "gerektirdiği bir projeyi dışlayamaz" in clash.content.decode()
    assert not p3.requires.exists() and not p3.excludes.exists()
    # The form does not offer the project itself; a forged post is refused by the form.
    itself = client.post(edit, form_data(code="P1", requires=[p1.pk]))
    assert itself.status_code == 400 and not p1.requires.exists()


def test_the_edit_form_shows_the_stored_values_and_saves_changes(client, process, projects, strategist):
    client.force_login(strategist)
    page = client.get(url(process, "project_edit", pk=projects[0].pk))
    assert page.context["form"].initial["cost_2026"] == 200_000_000
    client.post(url(process, "project_edit", pk=projects[0].pk), form_data(code="P1", title="Metro uzatma"))
    projects[0].refresh_from_db()
    assert projects[0].title == "Metro uzatma" and projects[0].costs == {"2025": 1_000_000, "2026": 2_500_000}


def test_a_project_of_another_process_is_not_found(client, process, projects, strategist, organisation):
    from tests.factories import ProcessFactory

    other = ProcessFactory(organisation=organisation, slug="diger")
    client.force_login(strategist)
    assert client.get(url(other, "project_edit", pk=projects[0].pk)).status_code == 404


def test_delete_asks_first_and_is_refused_while_a_round_holds_the_project(client, process, projects, strategist):
    p1, p2, _p3 = projects
    held = BudgetRound.objects.create(process=process, slug="r", title="Ulaşım turu", budget=10, state="open")
    held.projects.set([p1])
    client.force_login(strategist)
    question = client.get(url(process, "project_delete", pk=p2.pk))
    assert question.status_code == 200 and "Bisiklet yolu ağı" in question.content.decode()
    assert Project.objects.filter(pk=p2.pk).exists()
    done = client.post(url(process, "project_delete", pk=p2.pk))
    assert done.status_code == 302 and not Project.objects.filter(pk=p2.pk).exists()
    refused = client.post(url(process, "project_delete", pk=p1.pk))
    assert refused.status_code == 400 and "Ulaşım turu" in refused.content.decode()
    assert Project.objects.filter(pk=p1.pk).exists()
    held.state = "draft"
    held.save()
    assert client.post(url(process, "project_delete", pk=p1.pk)).status_code == 302


def test_exports_follow_the_filters(client, process, projects, strategist):
    projects[1].requires.set([projects[0]])
    client.force_login(strategist)
    theme = process.themes.get(code="ULASIM")
    answer = client.get(url(process, "project_export", fmt="csv"), {"theme": theme.pk})
    assert answer["Content-Disposition"] == f'attachment; filename="{process.slug}-projeler.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Kod", "Başlık"]
    assert [row[0] for row in rows[1:]] == ["P1", "P2"]
    assert rows[1][rows[0].index("Toplam maliyet (TL)")] == "300000000"
    assert rows[2][rows[0].index("Gerektirdikleri")] == "P1"
    answer = client.get(url(process, "project_export", fmt="xlsx"), {"q": "afet"})
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["P3"]
    assert client.get(url(process, "project_export", fmt="pdf")).status_code == 404


def test_the_process_page_links_to_projects_and_rounds(client, process, projects, strategist, citizen):
    client.force_login(strategist)
    page = client.get(reverse("manage:process", kwargs={"slug": process.slug})).content.decode()
    assert url(process) in page and url(process, "budget_rounds") in page and "3 proje" in page

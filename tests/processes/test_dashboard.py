"""The back-office dashboard as each staff role meets it: a link to what they may open, the
facilitator's tables with their table mode, every task of the unit manager's unit."""

import pytest
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.processes.models import PreparationTask
from ortakakil.workshops.models import Workshop, WorkshopTable

pytestmark = pytest.mark.django_db


def test_staff_who_cannot_manage_a_process_are_linked_to_its_public_page(client, process, make_user, unit):
    manager = make_user(Role.UNIT_MANAGER, username="birim", unit=unit)
    client.force_login(manager)
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert f'href="{process.get_absolute_url()}"' in html
    assert f'href="{reverse("manage:process", args=[process.slug])}"' not in html


def test_the_strategy_team_is_linked_to_the_process_back_office(client, process, strategist):
    client.force_login(strategist)
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert f'href="{reverse("manage:process", args=[process.slug])}"' in html


def test_a_facilitator_finds_their_tables_table_mode(client, process, make_user):
    facilitator = make_user(Role.FACILITATOR, username="kolay")
    workshop = Workshop.objects.create(
        process=process, slug="c", title="Güz Çalıştayı", venue="Salon", date="2024-10-19"
    )
    table = WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="ULASIM"), code="ULS9")
    table.facilitators.add(facilitator)
    WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="AFET"), code="AFT9")
    client.force_login(facilitator)
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert "İşlerim" in html
    assert 'href="/t/ULS9/facilitate/"' in html and "Masa modu: Ulaşım Hizmetleri Yönetimi — Güz Çalıştayı" in html
    assert "/t/AFT9/facilitate/" not in html


def test_a_task_marked_done_stays_on_the_unit_managers_dashboard(client, process, make_user, unit):
    manager = make_user(Role.UNIT_MANAGER, username="birim", unit=unit)
    task = PreparationTask.objects.create(
        process=process, owner_unit=unit, title="Paydaş analizi", starts_on="2024-06-01", due_on="2024-06-30"
    )
    client.force_login(manager)
    client.post(reverse("manage:task_status", args=[process.slug, task.pk]), {"status": "done"})
    task.refresh_from_db()
    assert task.status == "done"
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert "Birimimin görevleri" in html and "Paydaş analizi" in html


def test_a_unit_without_tasks_says_so(client, process, make_user, unit):
    client.force_login(make_user(Role.UNIT_MANAGER, username="birim", unit=unit))
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert "Biriminizin hazırlık programında görevi yok." in html


def test_the_process_back_office_lists_its_surveys_with_their_review(client, process, strategist):
    from ortakakil.surveys.models import Response, Survey

    survey = Survey.objects.create(process=process, slug="anket", title="Beklenti Anketi")
    Response.objects.create(survey=survey, respondent_key="a", answers={})
    Response.objects.create(survey=survey, respondent_key="b", answers={}, needs_review=True)
    client.force_login(strategist)
    html = client.get(reverse("manage:process", args=[process.slug])).content.decode()
    section = html.split('id="manage-surveys"', 1)[1].split("</section>", 1)[0]
    assert "Beklenti Anketi" in section
    assert f'href="/processes/{process.slug}/surveys/anket/review/">1<' in section

import re

import pytest

from ortakakil.processes.models import Process

from .conftest import login as _login
from .conftest import serious_violations

pytestmark = pytest.mark.browser


def test_strategy_team_moves_the_current_phase_and_adds_a_theme(page, demo_site):
    _login(page, demo_site, "strateji")
    page.goto(demo_site + "/manage/processes/ankara-2020-2024/")
    assert serious_violations(page) == []

    # The row's phase name is visually hidden text inside the button, so the name has a gap.
    page.get_by_role("button", name=re.compile(r"^Güncel aşama yap\W+Geleceğe Bakış$")).click()
    page.wait_for_load_state()
    assert "“Geleceğe Bakış” artık güncel aşama." in page.content()
    assert Process.objects.get(slug="ankara-2020-2024").current_phase.kind == "gelecege_bakis"

    page.get_by_role("link", name="Tema ekle").click()
    page.locator("#id_code").fill("GENCLIK")
    page.locator("#id_name").fill("Gençlik ve Spor")
    page.get_by_role("button", name="Kaydet").click()
    page.wait_for_load_state()
    assert "Tema eklendi." in page.content()
    assert serious_violations(page) == []


def test_unit_manager_updates_a_task_status_without_reload(page, demo_site):
    _login(page, demo_site, "birim")
    page.goto(demo_site + "/manage/")
    select = page.locator(".task-status select").first
    select.select_option("done")
    page.get_by_text("Kaydedildi").wait_for()
    from ortakakil.processes.models import PreparationTask

    assert PreparationTask.objects.filter(owner_unit__code="ULS", status="done").exists()

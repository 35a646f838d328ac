"""The public scoreboard as people meet it: the board, a goal's trend charts and a proposal that
shows how far the goal it fed has come, at 390 px and 1366 px with axe; no sideways scroll."""

import re

import pytest

from .conftest import serious_violations

pytestmark = pytest.mark.browser

P = "/processes/ankara-2020-2024"


@pytest.fixture
def scoreboard_site(demo_site):
    """The demo (its plan approved, with approved values from 2020-H1 to 2022-H1) with the
    monitoring phase (whose ``monitoring_public`` switch opens the scoreboard) current."""
    from ortakakil.processes.models import Process

    process = Process.objects.get(slug="ankara-2020-2024")
    process.current_phase = process.phases.get(kind="izleme")
    process.save(update_fields=["current_phase"])
    return demo_site


def _sourced_proposal():
    from ortakakil.planning.models import Source

    return Source.objects.filter(kind="proposal", target="goal").select_related("goal").order_by("id").first()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_scoreboard_fits_the_screen_and_passes_axe(browser, scoreboard_site, width):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    source = _sourced_proposal()
    paths = [
        f"{P}/scoreboard/",
        f"{P}/scoreboard/goals/{source.goal.code}/",
        f"{P}/scoreboard/?period=2020-H1",
        f"{P}/proposals/{source.object_id}/",
        f"{P}/",
    ]
    for path in paths:
        response = page.goto(scoreboard_site + path)
        assert response is not None and response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert serious_violations(page) == [], path
    context.close()


def test_a_citizen_follows_their_proposal_to_the_scoreboard_without_javascript(browser, scoreboard_site):
    context = browser.new_context(locale="tr-TR", java_script_enabled=False)
    page = context.new_page()
    source = _sourced_proposal()

    page.goto(f"{scoreboard_site}{P}/proposals/{source.object_id}/")
    progress = page.locator(".fate-progress").first
    assert re.search(r"%\s?\d|\d+ %", progress.inner_text()) and re.search(r"20\d\d", progress.inner_text())
    progress.get_by_role("link").click()
    page.wait_for_url(f"**/scoreboard/#goal-{source.goal.code}")
    assert page.locator(f'[id="goal-{source.goal.code}"]').is_visible()

    page.select_option("#period", "2020-H1")
    page.locator(".scoreboard-period button").click()
    page.wait_for_url(re.compile(r"/scoreboard/\?period=2020-H1$"))
    assert page.locator("#period").input_value() == "2020-H1"
    page.locator(f'a[href*="/scoreboard/goals/{source.goal.code}/"]').first.click()
    page.wait_for_url(re.compile(rf"/scoreboard/goals/{re.escape(source.goal.code)}/\?period=2020-H1$"))
    charts = page.locator('svg[role="img"]')
    assert charts.count() >= 1 and charts.first.get_attribute("aria-describedby").endswith("-table")
    context.close()

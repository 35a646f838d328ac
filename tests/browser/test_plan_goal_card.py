"""The strategy team's walk from the workshops and the top proposals to a validated goal card: a
goal card shows what is wrong with it, a weight is fixed, a proposal is linked, the problem is gone.
On a phone (390 px) and a laptop (1366 px) the page never scrolls sideways — the indicator table
scrolls inside its frame — and axe finds nothing serious."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from ortakakil.core.models import User
from ortakakil.planning import editing, interchange, selectors, services
from ortakakil.processes.models import Process

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

SLUG = "ankara-2020-2024"
EXAMPLE_PLAN = Path(__file__).parent.parent / "planning" / "data" / "plan.json"
SCREENSHOTS = os.environ.get("ORTAKAKIL_SCREENSHOTS", "")
"""A folder to keep the goal card's screenshots in, for a person to look at (none when unset)."""


def _shifted(data: dict, years: int) -> dict:
    """The example plan moved ``years`` earlier (2025–2029 → 2020–2024), keyed by the new years."""
    out = copy.deepcopy(data)
    out["process"], out["period"] = SLUG, {"start": 2020, "end": 2024}

    def move(mapping: dict) -> dict:
        return {str(int(key[:4]) - years) + key[4:]: value for key, value in mapping.items()}

    for _aim, goal, indicator in interchange.walk(out):
        goal["costs"] = move(goal.get("costs") or {})
        indicator["targets"] = move(indicator["targets"])
        indicator["actuals"] = move(indicator.get("actuals") or {})
    return out


def _plan():
    """A draft of the demo's plan: an update of the approved plan (the example plan, moved to the
    demo's years, if the demo has none)."""
    process = Process.objects.get(slug=SLUG)
    plan = selectors.latest_plan(process)
    if plan is None:
        data = json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))
        plan = services.plan_import(_shifted(data, 5), actor=None).plan
    if not plan.is_editable:
        plan = services.plan_start_update(actor=User.objects.get(username="strateji"), plan=plan)
    return plan


@pytest.fixture
def broken_goal(demo_site):
    """A goal whose first indicator lost ten points of weight: its weights no longer sum to 100."""
    plan = _plan()
    strategist = User.objects.get(username="strateji")
    goal = next(goal for goal in selectors.goals_of(plan) if goal.indicators.count() >= 2)
    indicator = goal.indicators.first()
    weight = indicator.weight
    editing.indicator_update(actor=strategist, indicator=indicator, data={"weight": weight - 10})
    return goal, indicator, weight


def test_a_goal_card_is_fixed_and_linked_to_a_proposal(browser, demo_site, broken_goal):
    goal, indicator, weight = broken_goal
    context = browser.new_context(locale="tr-TR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    login(page, demo_site, "strateji")
    card = f"{demo_site}/manage/processes/{SLUG}/plan/goals/{goal.code}/"

    # The plan's home names the goal among the things to settle and leads to its card.
    page.goto(f"{demo_site}/manage/processes/{SLUG}/plan/")
    page.locator(".plan-problems").get_by_role("link", name=goal.code, exact=True).first.click()
    page.wait_for_load_state()
    assert page.url == card
    problem = page.locator(".goal-check .plan-problems li").filter(has_text="ağırlıkları toplamı")
    assert problem.count() == 1 and goal.code in problem.inner_text()
    assert serious_violations(page) == []

    # Fix the weight on the indicator's form (typed the Turkish way).
    page.locator(f'a[href$="/indicators/{indicator.code}/"]').click()
    page.locator("#id_indicator-weight").fill(interchange.fmt(weight))
    page.get_by_role("button", name="Kaydet").click()
    page.wait_for_load_state()
    assert page.url == card + "#indicators"
    assert page.locator(".goal-check").filter(has_text="ağırlıkları toplamı").count() == 0
    assert page.locator(".indicator-table .weight-off").count() == 0

    # Link the most supported proposal of the goal's themes that it does not cite yet.
    proposals = page.locator(".attach-section").first
    candidate = proposals.locator(".candidate").filter(has=page.locator("form")).first
    title = candidate.locator(".candidate-text a").first.inner_text()
    before = page.locator("#sources .source-list li").count()
    candidate.get_by_role("button").click()
    page.wait_for_load_state()
    sources = page.locator("#sources .source-list li")
    assert sources.count() == before + 1
    assert sources.filter(has_text=title.rstrip("…")).count() == 1
    assert serious_violations(page) == []
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_goal_card_fits_the_screen(browser, demo_site, broken_goal, width):
    goal, _indicator, _weight = broken_goal
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, demo_site, "strateji")
    pages = [
        f"/manage/processes/{SLUG}/plan/goals/{goal.code}/",
        f"/manage/processes/{SLUG}/plan/aims/{goal.aim.code}/",
        f"/manage/processes/{SLUG}/plan/unanswered/",
        f"/manage/processes/{SLUG}/plan/",
    ]
    for path in pages:
        response = page.goto(demo_site + path)
        assert response is not None and response.status == 200, path
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), path
    page.goto(demo_site + pages[0])
    # On a phone the indicator table is wider than the screen and scrolls inside its frame.
    frame = page.locator("#indicators .table-scroll")
    if width == 390:
        assert frame.evaluate("el => el.scrollWidth > el.clientWidth")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/goal-card-{width}.png", full_page=True)
    page.goto(demo_site + pages[2])
    assert serious_violations(page) == []
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/unanswered-{width}.png", full_page=True)
    context.close()

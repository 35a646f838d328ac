"""The strategic plan as people meet it: the public plan and a goal card, a proposal that says
which goal it shaped, the back office's plan pages; at 390 px and 1366 px with axe, and the
strategy team's walk from a draft to the council's approval."""

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

P = "/processes/ankara-2020-2024"
PUBLIC = [f"{P}/plan/", f"{P}/plan/goals/H1.1/", f"{P}/themes/AFET/", f"{P}/"]
BACK_OFFICE = [
    f"/manage{P}/plan/",
    f"/manage{P}/plan/history/",
    f"/manage{P}/plan/versions/",
]


def _too_wide(page, base, paths):
    wide = []
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide.append((path, page.evaluate("document.documentElement.scrollWidth")))
    return wide


def _sourced_proposal():
    from ortakakil.planning.models import Source

    return Source.objects.filter(kind="proposal", target="goal").select_related("goal").order_by("id").first()


@pytest.mark.parametrize("width", [390, 1366])
def test_plan_pages_fit_the_screen_and_pass_axe(browser, demo_site, width):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    source = _sourced_proposal()
    proposal_page = f"{P}/proposals/{source.object_id}/"
    assert _too_wide(page, demo_site, [*PUBLIC, proposal_page]) == []
    for path in (PUBLIC[0], PUBLIC[1], proposal_page):
        page.goto(demo_site + path)
        assert serious_violations(page) == [], path
    login(page, demo_site, "strateji")
    assert _too_wide(page, demo_site, BACK_OFFICE) == []
    page.goto(demo_site + BACK_OFFICE[0])
    assert serious_violations(page) == []
    context.close()


def test_a_citizen_sees_which_goal_their_proposal_shaped(page, demo_site):
    source = _sourced_proposal()
    page.goto(f"{demo_site}{P}/proposals/{source.object_id}/")
    fate = page.locator("section.fates")
    assert "Bu öneriye ne oldu" in fate.inner_text() and source.goal.code in fate.inner_text()
    fate.get_by_role("link").first.click()
    page.wait_for_url(f"**/plan/goals/{source.goal.code}/")
    assert page.locator("h1").inner_text().startswith(source.goal.code)
    assert page.get_by_role("heading", name="Bu hedefin dayandığı katkılar").is_visible()


def test_the_strategy_team_takes_the_plan_to_the_council(page, demo_site):
    # The demo's plan is in force (approved in February 2020): the team opens an update
    # (güncelleme), which is a new draft version, and takes that to the council.
    login(page, demo_site, "strateji")
    page.goto(f"{demo_site}/manage{P}/plan/")
    page.get_by_role("link", name="Güncelleme aç").click()
    page.get_by_role("button", name="Güncelleme aç").click()
    page.get_by_text("Yeni bir taslak sürüm açıldı.").wait_for()
    assert page.get_by_text("Plan eksiksiz ve tutarlı").is_visible()
    page.get_by_role("link", name="Meclise sun").click()
    page.get_by_role("button", name="Meclise sun").click()
    page.get_by_text("Plan meclise sunuldu.").wait_for()
    page.locator("#id_approved_at").fill("2022-09-09")
    page.locator("#id_council_decision").fill("Büyükşehir Belediye Meclisi, 09.09.2022 tarih ve 977 sayılı karar")
    page.get_by_role("button", name="Onayı kaydet").click()
    page.get_by_text("yürürlükteki plandır").wait_for()
    page.goto(f"{demo_site}{P}/plan/")
    assert page.get_by_text("977 sayılı karar").is_visible()
    # Rendering the PDF of 25 goal cards takes seconds (huey runs it at once in the tests).
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name="Plan belgesi (PDF)").click(no_wait_after=True)
    assert download.value.suggested_filename.endswith(".pdf")

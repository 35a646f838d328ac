"""The portfolio's back office on the demo as the strategy team, on a phone (390 px) and a laptop
(1366 px): the projects (filtered, one project's form, the delete question), the budget rounds
(the list, a round's form, a state change's question); no page scrolls sideways — the wide
tables scroll inside themselves — and axe finds nothing serious or critical."""

import pytest

from ortakakil.portfolio.models import BudgetRound, Project

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def check(page, url, *texts):
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.locator("main h1").first.wait_for()
    body = page.locator("main").inner_text()
    for text in texts:
        assert text in body, (url, text)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), (url, page.evaluate("document.documentElement.scrollWidth"))
    assert serious_violations(page) == [], url


@pytest.mark.parametrize("width", [390, 1366])
def test_portfolio_back_office_pages(browser, demo_site, width):
    metro = Project.objects.get(process__slug="ankara-2020-2024", code="P-01")
    budget_round = BudgetRound.objects.get(process__slug="ankara-2020-2024", slug="cevre-2020")
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, demo_site, "strateji")
        base = f"{demo_site}/manage/processes/ankara-2020-2024/"
        check(page, base, "Projeler ve katılımcı bütçe")
        check(page, base + "projects/", "Mamak metro hattının", "Listelenen projelerin toplamı")
        table = page.locator(".table-scroll").first
        assert table.evaluate("el => getComputedStyle(el).overflowX") == "auto"
        check(page, base + "projects/?q=bisiklet&sort=cost", "Bisiklet paylaşım sistemi")
        check(page, base + f"projects/{metro.pk}/", "2024 maliyeti (TL)")
        check(page, base + f"projects/{metro.pk}/delete/", "Mamak metro hattının")
        check(page, base + "projects/new/")
        check(page, base + "budget-rounds/", "Çevre ve yeşil alanlar", "150")
        check(page, base + f"budget-rounds/{budget_round.pk}/", "Oy pusulasındaki projeler")
        check(page, base + f"budget-rounds/{budget_round.pk}/close/", "Şimdiye kadarki oy pusulası: 150")
        # Filtering from the form keeps the page within the screen.
        page.goto(base + "projects/")
        page.get_by_label("Tür").select_option("cari")
        page.locator("form.portfolio-filters button[type=submit]").click()
        page.locator("main h1").wait_for()
        assert "kind=cari" in page.url and "Evde bakım" in page.locator("main").inner_text()
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
    finally:
        context.close()

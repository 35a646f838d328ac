"""The strategy team's monitoring pages as they meet them: the reports page (on the demo's latest
well-measured period, 2022-H1) and the review queue, at 390 px and 1366 px, with axe; no sideways
scroll (each wide report table scrolls inside its own frame, reachable by keyboard)."""

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

M = "/manage/processes/ankara-2020-2024/monitoring"


@pytest.mark.parametrize("width", [390, 1366])
def test_the_reports_and_review_pages_fit_and_pass_axe(browser, demo_site, width):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, demo_site, "strateji")
    for path in (f"{M}/reports/", f"{M}/reports/?period=2021", f"{M}/review/"):
        response = page.goto(demo_site + path)
        assert response is not None and response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert serious_violations(page) == [], path
    page.goto(demo_site + f"{M}/reports/")
    assert page.locator("#mr-period").input_value() == "2022-H1"
    context.close()

"""The participation statistics as people meet them: the public page and the staff page at 390 px
and 1366 px, axe clean, no sideways scroll, the district map and a table beside every chart."""

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

P = "/processes/ankara-2020-2024"


@pytest.mark.parametrize("width", [390, 1366])
def test_statistics_pages_fit_the_screen_and_pass_axe(browser, demo_site, width):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    response = page.goto(f"{demo_site}{P}/statistics/")
    assert response is not None and response.status == 200
    assert page.locator("svg.district-map").count() == 1
    assert page.locator(".stats-part table caption").count() == page.locator(".stats-part svg[role=img]").count() == 6
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    login(page, demo_site, "strateji")
    response = page.goto(f"{demo_site}/manage{P}/statistics/")
    assert response is not None and response.status == 200
    assert page.locator("#stats-unit-table").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    context.close()

"""The back office on a phone (390 px) and a laptop (1366 px): no page scrolls sideways — wide
tables scroll inside themselves — and axe finds nothing serious."""

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

W = "/manage/processes/ankara-2020-2024/workshops/stratejik-plan-calistayi/"
PAGES = [
    "/manage/",
    "/manage/processes/ankara-2020-2024/",
    W,
    W + "invitations/",
    W + "checkin/",
    W + "tables/cards/",
    "/manage/processes/ankara-2020-2024/proposals/moderation/",
    "/manage/processes/ankara-2020-2024/proposals/import/",
    "/manage/organisations/ankara-bb/users/",
    "/manage/organisations/ankara-bb/units/",
    "/manage/organisations/ankara-bb/stakeholders/",
    "/processes/ankara-2020-2024/surveys/vatandas-beklenti-anketi/review/",
]


@pytest.mark.parametrize("width", [390, 1366])
def test_back_office_pages_fit_the_screen(browser, demo_site, width):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, demo_site, "strateji")
    wide = []
    for path in PAGES:
        response = page.goto(demo_site + path)
        assert response is not None and response.status == 200, path
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide.append((path, page.evaluate("document.documentElement.scrollWidth")))
    assert wide == []
    for path in (PAGES[1], PAGES[3], PAGES[6]):
        page.goto(demo_site + path)
        assert serious_violations(page) == [], path
    context.close()

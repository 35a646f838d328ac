"""The workshop's live pages and matrices as people see them, on a phone (390 px) and on a laptop
(1366 px): nothing scrolls sideways, the capture box comes first in table mode, the product
matrix keeps every column reachable inside its frame, the wall shows its full address and a
legend without the site's header; no serious accessibility violation (issue 8, points 7–9)."""

import datetime as dt

import pytest
from django.utils import timezone

from ortakakil.workshops.models import Workshop

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def boxes_overlap(page, first, second):
    a, b = page.locator(first).first.bounding_box(), page.locator(second).first.bounding_box()
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def check(page, url):
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert page.evaluate(NO_SIDEWAYS_SCROLL), (url, page.evaluate("document.documentElement.scrollWidth"))
    assert serious_violations(page) == [], url


@pytest.mark.parametrize("width", [390, 1366])
def test_live_pages_and_matrices_fit_the_screen(browser, reopened_demo_site, width):
    workshop = Workshop.objects.get(slug="stratejik-plan-calistayi")
    workshop.phones_open_until = timezone.now() + dt.timedelta(hours=1)
    workshop.save()
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    # Table mode: the capture box is the first thing under the heading; the QR code folds away.
    login(page, reopened_demo_site, "kolaylastirici")
    check(page, reopened_demo_site + "/t/ANK07ULA/facilitate/")
    heading = page.get_by_role("heading", level=1).bounding_box()
    capture = page.locator("#capture").bounding_box()
    ideas = page.locator("#table-ideas").bounding_box()
    qr = page.locator(".table-qr").bounding_box()
    assert heading["y"] < capture["y"] < ideas["y"] < qr["y"]
    assert capture["y"] - (heading["y"] + heading["height"]) < 60
    assert not page.locator(".table-qr svg").is_visible()  # folded until asked for
    page.locator(".table-qr summary").click()
    assert page.locator(".table-qr svg").is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert not boxes_overlap(page, "#capture", "#table-ideas")
    select = page.locator("#arrival").bounding_box()
    assert select["x"] + select["width"] <= width

    # The stakeholder matrices (as the strategy team): the product matrix scrolls in its frame,
    # its first column stays, every theme column can be reached.
    page.context.clear_cookies()
    login(page, reopened_demo_site, "strateji")
    check(page, reopened_demo_site + "/manage/organisations/ankara-bb/stakeholders/matrix/")
    frame = page.locator(".product-matrix-scroll")
    frame.scroll_into_view_if_needed()
    assert page.locator(".product-matrix thead th").count() == 14  # the stakeholder column and 13 themes
    frame.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    last = page.locator(".product-matrix thead th").last.bounding_box()
    box = frame.bounding_box()
    assert box["x"] <= last["x"] and last["x"] + last["width"] <= box["x"] + box["width"] + 1
    first = page.locator(".product-matrix tbody th").first.bounding_box()
    assert abs(first["x"] - box["x"]) <= 2  # the stakeholder column stayed in view
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    # The wall: no site header, the full address and a legend of the colours.
    check(page, reopened_demo_site + "/t/ANK07ULA/wall/")
    assert page.locator(".site-header").count() == 0 and page.get_by_text("Giriş yap").count() == 0
    assert f"{reopened_demo_site}/t/ANK07ULA/" in page.locator(".wall-join").inner_text()
    assert page.locator(".wall-legend li").count() == 7
    assert not boxes_overlap(page, ".wall-join", ".wall-title")

    # The phone page while the workshop is open.
    check(page, reopened_demo_site + "/t/ANK07ULA/")
    check(
        page,
        reopened_demo_site + "/processes/ankara-2020-2024/workshops/stratejik-plan-calistayi/tables/ANK07ULA/report/",
    )
    context.close()

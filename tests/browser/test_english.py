"""An English-speaking newcomer: the first visit follows the browser's language, the process
page shows its English texts, the page holds together at phone and desktop widths, and the
language switch brings Turkish back for good."""

import pytest

from .conftest import serious_violations

pytestmark = pytest.mark.browser

PROCESS = "/processes/ankara-2020-2024/"

OVERLAPPING = """selector => {
  const boxes = [...document.querySelectorAll(selector)]
    .map(element => element.getBoundingClientRect())
    .filter(box => box.width > 0 && box.height > 0);
  const pairs = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const apart = a.right - 1 <= b.left || b.right - 1 <= a.left || a.bottom - 1 <= b.top || b.bottom - 1 <= a.top;
      if (!apart) pairs.push([i, j]);
    }
  return pairs;
}"""

DETACHED = """selector => [...document.querySelectorAll(selector)].filter(card => {
  const outer = card.getBoundingClientRect();
  return [...card.querySelectorAll('*')].some(child => {
    const inner = child.getBoundingClientRect();
    return inner.width > 0 && (inner.left < outer.left - 1 || inner.right > outer.right + 1
      || inner.top < outer.top - 1 || inner.bottom > outer.bottom + 1);
  });
}).length"""


@pytest.mark.parametrize("width", [390, 1366])
def test_english_browser_gets_the_english_process_page(browser, demo_site, width):
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(demo_site + PROCESS)

        assert page.locator("html").get_attribute("lang") == "en"
        heading = "Ankara Metropolitan Municipality Strategic Plan 2020–2024"
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert page.locator(".slogan").first.inner_text() == "“You Plan Ankara”"
        assert "Participation and Workshops" in page.locator(".current-phase").inner_text()
        assert "Participation and Workshops" in page.locator(".timeline-row.is-current").inner_text()
        assert page.get_by_role("link", name="Transport Services Management").is_visible()
        assert "Katılım ve Çalıştaylar" not in page.content()
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert cookies["django_language"] == "en"

        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        for selector in (".theme-grid > li", ".page-header > *", ".timeline-label > *", "header .language-switch *"):
            assert page.evaluate(OVERLAPPING, selector) == [], selector
        assert page.evaluate(DETACHED, ".theme-card") == 0
        assert serious_violations(page) == []

        page.get_by_role("link", name="Transport Services Management").click()
        page.wait_for_url("**/themes/ULASIM/")
        assert page.get_by_role("heading", level=1).inner_text() == "Transport Services Management"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert serious_violations(page) == []

        page.get_by_role("button", name="Türkçe").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Ulaşım Hizmetleri Yönetimi"
        page.goto(demo_site + PROCESS)  # the browser still asks for English; the choice holds
        assert page.locator("html").get_attribute("lang") == "tr"
        assert (
            page.get_by_role("heading", level=1).inner_text()
            == "Ankara Büyükşehir Belediyesi 2020–2024 Stratejik Planı"
        )
    finally:
        context.close()

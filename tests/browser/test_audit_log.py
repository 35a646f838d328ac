"""«Denetim kaydı» as the strategy team on a phone (390 px) and a laptop (1366 px): the demo's
history lists, nothing scrolls sideways, axe finds nothing serious."""

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1366])
def test_audit_log_fits_the_screen_and_passes_axe(browser, demo_site, width):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, demo_site, "strateji")
    page.goto(demo_site + "/manage/")
    page.get_by_role("link", name="Planlarda, yanıtlarda, moderasyonda, ölçümlerde ve hesaplarda kim ne yaptı").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Denetim kaydı"
    assert page.locator(".audit-entry").count() == 50
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert serious_violations(page) == []
    page.get_by_label("Alan").select_option("measurements")
    page.get_by_role("button", name="Uygula").click()
    page.wait_for_load_state()
    assert "area=measurements" in page.url
    assert page.locator(".audit-entry").count() > 0
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert serious_violations(page) == []
    context.close()

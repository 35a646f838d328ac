"""Importing a Pabulib file in the back office on the demo as the strategy team, on a phone
(390 px) and a laptop (1366 px): the form on the rounds list, the dry run's preview, the
confirmation that opens the new round's result page, and a picture renamed .pb refused; no page
scrolls sideways and axe finds nothing serious or critical."""

import pytest

from ortakakil.portfolio.models import Ballot, BudgetRound
from tests.portfolio.conftest import PABULIB

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
TOULOUSE = PABULIB / "France_Toulouse_2022_6_-_Saint-Cyprien.pb"


def settled(page) -> None:
    page.locator("main h1").first.wait_for()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), (page.url, page.evaluate("document.documentElement.scrollWidth"))
    assert serious_violations(page) == [], page.url


@pytest.mark.parametrize("width", [390, 1366])
def test_a_pb_file_is_previewed_then_imported(browser, demo_site, width, tmp_path):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    rounds = f"{demo_site}/manage/processes/ankara-2020-2024/budget-rounds/"
    try:
        login(page, demo_site, "strateji")
        page.goto(rounds)
        settled(page)
        form = page.locator("form.pb-import-form")
        form.locator("input[type=file]").set_input_files(str(TOULOUSE))
        form.locator("input[name=slug]").fill("toulouse")
        form.locator("button[type=submit]").click()
        settled(page)
        preview = page.locator("main").inner_text()
        assert "Municipal PB in Toulouse" in preview and "436" in preview and "400.000" in preview
        assert "Clarifier les priorités" in preview
        assert not BudgetRound.objects.filter(slug="toulouse").exists()
        page.locator("form:has(input[name=step][value=commit]) button[type=submit]").click()
        page.wait_for_url("**/result/")
        settled(page)
        imported = BudgetRound.objects.get(slug="toulouse")
        assert imported.state == BudgetRound.State.CLOSED
        assert Ballot.objects.filter(round=imported, voter__isnull=True).count() == 436
        assert page.locator(f"form[action$='/budget-rounds/{imported.pk}/count/']").count() == 1

        picture = tmp_path / "resim.pb"
        picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
        page.goto(rounds + "import/")
        form = page.locator("form.pb-import-form")
        form.locator("input[type=file]").set_input_files(str(picture))
        form.locator("input[name=slug]").fill("resim")
        form.locator("button[type=submit]").click()
        settled(page)
        assert "UTF-8" in page.locator(".form-errors").inner_text()
        assert not BudgetRound.objects.filter(slug="resim").exists()
    finally:
        context.close()

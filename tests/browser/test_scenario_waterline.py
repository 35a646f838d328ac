"""The scenario page's budget waterline on a phone (390 px) and a laptop (1366 px): the chart
scales to the width, the page does not scroll sideways, and axe finds nothing serious."""

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1366])
def test_the_waterline_chart_fits_the_screen(browser, demo_site, width):
    from ortakakil.core.models import User
    from ortakakil.portfolio.models import Scenario
    from ortakakil.portfolio.scenarios import scenario_compute

    scenario = Scenario.objects.get(name="Temel senaryo")
    scenario_compute(actor=User.objects.get(username="strateji"), scenario=scenario)
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, demo_site, "strateji")
    response = page.goto(f"{demo_site}/manage/processes/{scenario.process.slug}/scenarios/{scenario.pk}/")
    assert response is not None and response.status == 200
    chart = page.locator("figure.waterline-chart svg[role=img]")
    assert chart.get_attribute("aria-describedby") == "waterline-chart-desc waterline-chart-caption"
    box = chart.bounding_box()
    assert box is not None and 0 < box["width"] <= width - 16 and box["height"] > box["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    context.close()

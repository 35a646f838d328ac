"""The unit manager's «Gösterge değerleri» on a phone (390 px) and a laptop (1366 px): the page
does not scroll sideways, axe finds nothing serious, the realisation follows the typed value and
a value with a decimal comma is sent for approval."""

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def approved_demo_site(demo_site):
    """The demo: its plan is approved by the council, with approved values up to 2022-H1."""
    from ortakakil.planning.models import Indicator, Plan

    assert Indicator.objects.filter(goal__aim__plan__status=Plan.Status.APPROVED).exists()
    return demo_site


@pytest.mark.parametrize("width", [390, 1366])
def test_the_unit_enters_a_value_on_a_phone_and_a_laptop(browser, approved_demo_site, width):
    from ortakakil.monitoring.models import Measurement
    from ortakakil.planning.models import Indicator

    indicator = Indicator.objects.get(code="PG3.3.2", goal__aim__plan__status="approved")
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, approved_demo_site, "birim")
    response = page.goto(f"{approved_demo_site}/manage/processes/ankara-2020-2024/monitoring/?period=2022")
    assert response is not None and response.status == 200
    assert (
        page.locator(".measure-card").count()
        == Indicator.objects.filter(goal__aim__plan__status="approved", goal__responsible_unit__code="ULS").count()
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []

    card = page.locator(f"#ind-{indicator.pk}")
    # The year 2022 has no value yet: 41,5 against PG3.3.2's baseline and 2022 target.
    baseline, target = float(indicator.baseline), float(indicator.targets["2022"])
    expected = f"{(41.5 - baseline) / (target - baseline) * 100:.1f}".replace(".", ",")
    card.locator("input[name=value]").fill("41,5")
    preview = card.locator(f"#preview-{indicator.pk}")
    preview.locator("strong").wait_for()
    assert expected in preview.inner_text()
    card.locator("button[value=submit]").click()
    page.wait_for_load_state()
    measurement = Measurement.objects.get(indicator=indicator, period="2022")
    assert (measurement.value, measurement.state) == (41.5, "submitted")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()

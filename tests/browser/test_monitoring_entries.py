"""The unit manager's «Gösterge değerleri» on a phone (390 px) and a laptop (1366 px): the page
does not scroll sideways, axe finds nothing serious, the realisation follows the typed value and
a value with a decimal comma is sent for approval."""

import datetime as dt

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def approved_demo_site(demo_site):
    """The demo with its plan submitted and approved by the council (the demo keeps it a draft)."""
    from ortakakil.core.models import User
    from ortakakil.planning import selectors, services
    from ortakakil.processes.models import Process

    strategist = User.objects.get(username="strateji")
    plan = selectors.latest_plan(Process.objects.get(slug="ankara-2020-2024"))
    services.plan_submit(actor=strategist, plan=plan)
    services.plan_approve(actor=strategist, plan=plan, approved_at=dt.date(2019, 12, 20), council_decision="2019/840")
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
    response = page.goto(f"{approved_demo_site}/manage/processes/ankara-2020-2024/monitoring/?period=2021")
    assert response is not None and response.status == 200
    assert (
        page.locator(".measure-card").count()
        == Indicator.objects.filter(goal__aim__plan__status="approved", goal__responsible_unit__code="ULS").count()
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []

    card = page.locator(f"#ind-{indicator.pk}")
    # PG3.3.2: baseline 0, target 60 in 2021; 41,5 is 69,2 % of the way.
    card.locator("input[name=value]").fill("41,5")
    preview = card.locator(f"#preview-{indicator.pk}")
    preview.locator("strong").wait_for()
    assert "69,2" in preview.inner_text()
    card.locator("button[value=submit]").click()
    page.wait_for_load_state()
    measurement = Measurement.objects.get(indicator=indicator, period="2021")
    assert (measurement.value, measurement.state) == (41.5, "submitted")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()

"""Point 28: every main page is served with a Content-Security-Policy that allows no inline
script, and works under it: no CSP violation, no console error, at phone and desktop width.
The phone page's form still empties itself after an idea is sent (a static file does it now).
The API documentation page (our template around Swagger UI) is checked with axe too."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from ortakakil.proposals.models import Proposal
from ortakakil.workshops.models import WorkshopTable

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _watch(context):
    problems: list[str] = []
    context.add_init_script(RECORD_VIOLATIONS)
    return problems


def _check(page, url, problems):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0], url
    assert "unsafe-eval" not in policy
    assert page.evaluate("window.__cspViolations") == [], url
    assert problems == [], url


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_work_under_the_policy(browser, demo_site, width):
    proposal = Proposal.objects.filter(process__slug="ankara-2020-2024", is_hidden=False).first()
    table = WorkshopTable.objects.get(theme__code="ULASIM")
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    problems = _watch(context)
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    for path in [
        "/",
        "/processes/ankara-2020-2024/",
        "/processes/ankara-2020-2024/proposals/",
        proposal.get_absolute_url(),
        "/api/docs/",
    ]:
        _check(page, demo_site + path, problems)
    # /api/docs/ is our template and stylesheet around Swagger UI: readable and in its width.
    assert page.evaluate("document.documentElement.lang") == "tr"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    page.locator("#operations-v1-v1_processes_list .opblock-summary-control").click()  # Swagger UI runs
    page.get_by_text("Try it out").wait_for()
    assert problems == []

    login(page, demo_site, "kolaylastirici")
    _check(page, demo_site + "/processes/ankara-2020-2024/proposals/new/", problems)
    _check(page, demo_site + f"/t/{table.code}/facilitate/", problems)
    context.close()


def test_the_phone_page_empties_its_form_after_sending_without_inline_script(browser, reopened_demo_site):
    table = WorkshopTable.objects.get(theme__code="ULASIM")
    # The demo's workshop was in 2019: the staff open the phones, and a participant who checked in
    # at the door joins the table through the personal link (phones write only for them).
    workshop = table.workshop
    workshop.phones_open_until = timezone.now() + dt.timedelta(hours=1)
    workshop.save()
    participant = table.invitations.filter(checked_in_at__isnull=False).first()
    context = browser.new_context(locale="tr-TR", viewport={"width": 390, "height": 844}, is_mobile=True)
    problems = _watch(context)
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(reopened_demo_site + f"/davet/{participant.token}/")
    page.get_by_role("button", name=f"Bu telefondan {table.theme.name} masasına katıl").click()
    page.wait_for_url(re.compile(rf".*/t/{table.code}/$"))
    _check(page, page.url, problems)
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Fikriniz").fill("Gece otobüsleri her yarım saatte bir geçsin")
    page.get_by_role("button", name="Fikrimi ekle").click()
    page.get_by_text("Gece otobüsleri her yarım saatte bir geçsin").wait_for()
    assert page.evaluate("window.__sameDocument") is True
    assert page.get_by_label("Fikriniz").input_value() == ""
    assert page.evaluate("window.__cspViolations") == [] and problems == []
    context.close()

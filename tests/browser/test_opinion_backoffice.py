"""The opinion map's back office on the demo as the strategy team, on a phone (390 px) and a
desktop (1366 px): the conversations, one conversation with its moderation queue and import form,
the seed picker, the bulk confirmation; no sideways scroll, no serious or critical axe violation."""

import pytest

from ortakakil.core.models import User
from ortakakil.opinions import services
from ortakakil.opinions.models import Statement
from ortakakil.processes.models import Process

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def check(page, url, *texts):
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.locator("main h1").first.wait_for()
    body = page.locator("main").inner_text()
    for text in texts:
        assert text in body, (url, text)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), (url, page.evaluate("document.documentElement.scrollWidth"))
    assert serious_violations(page) == [], url


@pytest.mark.parametrize("width", [390, 1366])
def test_opinion_back_office_pages(browser, demo_site, width):
    process = Process.objects.get(slug="ankara-2020-2024")
    strategist = User.objects.get(username="strateji")
    conversation = services.conversation_create(
        actor=strategist, process=process, title="Ulaşımda ortak fikirler", theme=process.themes.order_by("pk").first()
    )
    services.statement_add(
        actor=strategist, conversation=conversation, text="Gece otobüsleri her yarım saatte çalışsın"
    )
    Statement.objects.create(conversation=conversation, text="Metro hattı Etimesgut'a kadar uzatılsın " * 3)
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, demo_site, "strateji")
        base = f"{demo_site}/manage/processes/{process.slug}/"
        check(page, base, "Ulaşımda ortak fikirler")
        check(page, base + "conversations/", "Ulaşımda ortak fikirler")
        detail = base + f"conversations/{conversation.pk}/"
        check(page, detail, "Gece otobüsleri", "Metro hattı", "Pol.is")
        check(page, detail + "?q=METRO", "Metro hattı")
        check(page, detail + "seed/")
        check(page, base + "conversations/new/")
        check(page, detail + "close/", "Ulaşımda ortak fikirler")
        # Ticking two statements and rejecting them asks first.
        page.goto(detail)
        for box in page.locator("input[name=statements]").all():
            box.check()
        page.locator("#bulk-status").select_option("ret")
        page.locator("#bulk-reason").fill("Deneme")
        page.locator("#bulk-form button[type=submit]").click()
        page.locator("main form.confirm-form").wait_for()
        assert "Deneme" in page.locator("main").inner_text()
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        assert serious_violations(page) == []
        assert not conversation.statements.filter(status="ret").exists()
    finally:
        context.close()

"""A facilitator runs a table in table mode while a participant adds ideas from a phone and
puts dots; then the table report downloads as DOCX and PDF."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from ortakakil.workshops.models import DotVote, Idea, WorkshopTable

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser


def test_table_mode_phone_dots_and_report(browser, page, reopened_demo_site):
    table = WorkshopTable.objects.select_related("theme").get(theme__code="ULASIM")

    # The facilitator captures two ideas without a page reload.
    login(page, reopened_demo_site, "kolaylastirici")
    page.goto(reopened_demo_site + f"/t/{table.code}/facilitate/")
    assert serious_violations(page) == []
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Fikir, söylendiği gibi").fill("Raylı sistem hatları Esenboğa'ya uzatılmalı")
    page.get_by_label("Öneri", exact=True).check()
    page.get_by_role("button", name="Fikri kaydet").click()
    page.locator("#table-ideas li", has_text="Raylı sistem hatları Esenboğa'ya uzatılmalı").wait_for()
    page.get_by_label("Fikir, söylendiği gibi").fill("Toplu taşımada aktarma sayısı çok fazla")
    page.get_by_label("Fikir, söylendiği gibi").press("Enter")
    page.locator("#table-ideas li", has_text="Toplu taşımada aktarma sayısı çok fazla").wait_for()
    assert page.evaluate("window.__sameDocument") is True
    assert Idea.objects.filter(table=table, text__startswith="Raylı sistem hatları Esenboğa").count() == 1
    # The newest idea is first; the facilitator corrects it in place (htmx), still on the same page.
    newest = page.locator("#table-ideas li").first
    assert "Toplu taşımada aktarma sayısı çok fazla" in newest.inner_text()
    newest.get_by_role("link", name="Düzelt").click()
    editor = page.locator("li.idea-editing textarea")
    editor.fill("Toplu taşımada aktarma sayısı çok fazla; tek bilet olsun")
    page.get_by_role("button", name="Düzeltmeyi kaydet").click()
    page.locator("#table-ideas li", has_text="tek bilet olsun").wait_for()
    assert page.evaluate("window.__sameDocument") is True
    corrected = Idea.objects.get(table=table, text="Toplu taşımada aktarma sayısı çok fazla; tek bilet olsun")
    assert corrected.history.first().history_user.username == "kolaylastirici"

    # The demo's workshop was in 2019: the staff open the phones for an hour. A participant who
    # checked in at the door opens the personal link on the phone and joins the table.
    workshop = table.workshop
    workshop.phones_open_until = timezone.now() + dt.timedelta(hours=1)
    workshop.save()
    participant = table.invitations.filter(checked_in_at__isnull=False).first()
    phone = browser.new_context(locale="tr-TR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    mobile.goto(reopened_demo_site + f"/davet/{participant.token}/")
    mobile.get_by_role("button", name=f"Bu telefondan {table.theme.name} masasına katıl").click()
    mobile.wait_for_url(re.compile(rf".*/t/{table.code}/$"))
    # The table code printed on the table leads to the same page.
    mobile.goto(reopened_demo_site + "/t/")
    mobile.get_by_label("Masa kodu").fill(table.code.lower())
    mobile.get_by_role("button", name="Katıl").click()
    mobile.wait_for_url(re.compile(rf".*/t/{table.code}/$"))
    assert serious_violations(mobile) == []
    assert mobile.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    mobile.get_by_label("Fikriniz").fill("Duraklara sesli anons sistemi konulsun")
    mobile.get_by_role("button", name="Fikrimi ekle").click()
    mobile.get_by_text("Duraklara sesli anons sistemi konulsun").wait_for()
    dots = Idea.objects.get(table=table, text="Duraklara sesli anons sistemi konulsun")
    budget = workshop.dots_per_participant
    for _ in range(budget):
        mobile.locator(".phone-ideas li", has_text="Duraklara sesli anons").get_by_role("button").click()
        mobile.wait_for_timeout(300)
    mobile.get_by_text("0 noktanız kaldı").wait_for()
    dots.refresh_from_db()
    assert dots.votes_count == budget
    assert DotVote.objects.filter(idea=dots, participant=participant).count() == budget
    phone.close()

    # The report of the workshop downloads as DOCX and PDF.
    page.goto(reopened_demo_site + "/processes/ankara-2020-2024/workshops/stratejik-plan-calistayi/report/")
    assert "Güçlü yönler" in page.content()
    assert serious_violations(page) == []
    with page.expect_download() as docx:
        page.get_by_role("link", name="DOCX indir").click()
    assert docx.value.suggested_filename.endswith(".docx")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF indir").click()
    assert pdf.value.suggested_filename.endswith(".pdf")

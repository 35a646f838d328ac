"""Before and during the workshop, in the browser on the demo: the stakeholder matrix renders as a
chart; an invited person answers through the personal link; staff check someone in at the door;
the facilitator seats a participant, writes the summary and closes the table; the table report
downloads as DOCX and PDF with the SWOT grid."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone

from ortakakil.workshops.models import Invitation, Workshop, WorkshopTable

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

WORKSHOP = "/processes/ankara-2020-2024/workshops/stratejik-plan-calistayi/"


def test_matrix_invitation_door_and_table(browser, page, reopened_demo_site):
    # The stakeholder priority matrix is drawn as a chart, with the names listed beside it.
    login(page, reopened_demo_site, "strateji")
    page.goto(reopened_demo_site + "/manage/organisations/ankara-bb/stakeholders/matrix/")
    page.locator("figure svg[role=img]").first.wait_for()
    assert "Birlikte çalış" in page.content()
    assert serious_violations(page) == []

    # An invitation still unanswered: the person opens the personal link (the workshop is a month away).
    Workshop.objects.update(date=timezone.localdate() + dt.timedelta(days=30))
    invitation = Invitation.objects.filter(status="davetli", contact__isnull=False).order_by("pk").first()
    guest = browser.new_context(locale="tr-TR", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = guest.new_page()
    phone.goto(reopened_demo_site + f"/davet/{invitation.token}/")
    assert serious_violations(phone) == []
    phone.get_by_label("Katılacak kişinin adı").fill("Deniz Ersoy")
    phone.get_by_label("Hangi masada oturmak istersiniz?", exact=False).select_option(
        label="Ulaşım Hizmetleri Yönetimi"
    )
    phone.get_by_role("button", name="Katılacağım").click()
    phone.get_by_text("Giriş kodunuz").wait_for()
    assert phone.locator("svg").count() >= 1
    guest.close()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attendee_name) == ("katilacak", "Deniz Ersoy")

    # Table assignment seats the new attendee at the table they chose.
    page.goto(reopened_demo_site + "/manage" + WORKSHOP)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Masaları dağıt").click()
    page.get_by_text("1 kişiye masa verildi.").wait_for()
    invitation.refresh_from_db()
    assert invitation.table.theme.code == "ULASIM"

    # At the door: find the person by name and check them in, without a page reload; twice is refused.
    page.goto(reopened_demo_site + "/manage" + WORKSHOP + "checkin/")
    page.get_by_label("Ad, kurum ya da QR kodu").fill("Deniz Ersoy")
    row = page.locator(f"#person-{invitation.pk}")
    row.get_by_role("button", name="Girişini kaydet").click()
    row.get_by_text("geldi").wait_for()
    assert serious_violations(page) == []
    invitation.refresh_from_db()
    assert invitation.checked_in_at is not None

    # The facilitator, on a tablet, seats the person at the table, writes the summary and closes the table.
    tablet = browser.new_context(locale="tr-TR", viewport={"width": 1024, "height": 768})
    page = tablet.new_page()
    page.set_default_timeout(15_000)
    login(page, reopened_demo_site, "kolaylastirici")
    table = WorkshopTable.objects.get(theme__code="ULASIM")
    page.goto(reopened_demo_site + f"/t/{table.code}/facilitate/")
    attendance = page.locator("#attendance")
    attendance.locator("li", has_text="Deniz Ersoy").get_by_role("button", name="Burada").click()
    attendance.locator("li", has_text="Deniz Ersoy").get_by_text("masada").wait_for()
    summary = page.get_by_label("Masanın üzerinde uzlaştığı konular", exact=False)
    summary.fill("Masa, raylı sistemle otobüs ağının bütünleşmesinde uzlaştı.")
    page.get_by_role("button", name="Özeti kaydet").click()
    page.get_by_text("Özet kaydedildi.").wait_for()
    page.get_by_role("link", name="Masayı kapat").click()
    page.get_by_role("button", name="Evet, masayı kapat").click()
    page.get_by_text("Bu masa kapalı").wait_for()
    table.refresh_from_db()
    assert table.is_closed and table.summary.startswith("Masa, raylı sistemle")
    invitation.refresh_from_db()
    assert invitation.seated_at is not None

    # The table report: participants by type, summary, SWOT grid; DOCX and PDF download.
    page.get_by_role("link", name="Masa raporu").click()
    page.get_by_text("Güçlü yönler").first.wait_for()  # the new page may still be loading after the click
    assert "Güçlü yönler" in page.content() and "Masa, raylı sistemle" in page.content()
    assert serious_violations(page) == []
    with page.expect_download() as docx:
        page.get_by_role("link", name="DOCX indir").click()
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(Path(docx.value.path()).read_bytes())).paragraphs)
    assert "Masa, raylı sistemle" in text and "Ulaşım Hizmetleri Yönetimi" in text
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF indir").click()
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"
    tablet.close()

"""Issue 14 «Done when», walked in a real browser on the Ankara demo: a citizen proposes on a phone
with a place and a photo, the strategy team assigns it to the transport unit from the triage list,
the unit manager (who sees only their unit's proposals) answers it, the citizen gets the e-mail;
the proposals map and the triage list fit a phone and a laptop and pass axe."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

SLUG = "ankara-2020-2024"
PROCESS = f"/processes/{SLUG}"
TRIAGE = f"/manage/processes/{SLUG}/proposals/triage/"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
TITLE = "Kızılay'da otobüs duraklarına gölgelik"
BODY = "Kızılay meydanındaki duraklarda yazın beklerken güneşten korunacak bir yer yok; gölgelik ve bank konmalı."
ALT = "Güneş altında gölgeliksiz bir otobüs durağı"
ANSWER = "Kızılay'daki dört durağa bu yıl gölgelik ve bank konacak; ilk ikisi haziranda."


def _page(browser, viewport):
    context = browser.new_context(locale="tr-TR", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _photo(tmp_path):
    from PIL import Image

    path = tmp_path / "durak.jpg"
    Image.new("RGB", (640, 480), (200, 120, 40)).save(path, "JPEG")
    return path


def _row(page, pk):
    return page.locator("tbody tr", has=page.locator(f"#p-{pk}"))


def test_a_proposal_goes_from_a_phone_to_the_unit_and_back_to_its_author(browser, demo_site, tmp_path):
    from ortakakil.core.models import User
    from ortakakil.proposals.models import Proposal, TriageEntry

    citizen = User.objects.get(username="vatandas")
    manager = User.objects.get(username="birim")
    unit = manager.unit
    assert unit is not None
    mail.outbox.clear()

    # 1. The citizen proposes on a phone: theme, place (htmx narrows the neighbourhoods), one photo.
    context, page = _page(browser, PHONE)
    login(page, demo_site, "vatandas")
    page.goto(demo_site + PROCESS + "/proposals/new/")
    page.get_by_role("combobox", name="Tema", exact=True).select_option(label="Ulaşım Hizmetleri Yönetimi")
    page.get_by_role("textbox", name="Başlık", exact=True).fill(TITLE)
    page.get_by_role("textbox", name="Öneri", exact=True).fill(BODY)
    neighbourhoods = page.get_by_label("Mahalle (isteğe bağlı)")
    assert neighbourhoods.locator("optgroup").count() > 1  # before a district: all, grouped
    page.get_by_label("İlçe (isteğe bağlı)").select_option("Çankaya")
    neighbourhoods.locator("optgroup").first.wait_for(state="detached")  # htmx swapped the options
    neighbourhoods.locator("option[value='Kızılay']").wait_for(state="attached")
    assert neighbourhoods.locator("option[value='Keçiören']").count() == 0  # Keçiören's, not Çankaya's
    neighbourhoods.select_option("Kızılay")
    page.get_by_label("Resim 1", exact=True).set_input_files(_photo(tmp_path))
    page.get_by_label("Resim 1 ne gösteriyor").fill(ALT)
    page.get_by_role("button", name="Öneriyi yayımla").click()
    page.wait_for_url(re.compile(r".*/proposals/\d+/$"))
    proposal = Proposal.objects.get(title=TITLE, author=citizen)
    assert (proposal.district, proposal.neighbourhood) == ("Çankaya", "Kızılay")
    assert page.get_by_text("Kızılay Mahallesi").count() >= 1
    image = page.get_by_role("img", name=ALT)
    image.scroll_into_view_if_needed()  # the thumbnail is loading="lazy"
    # the thumbnail loads: wait for it rather than ask once, the load may still be under way
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert _scroll_width(page) <= PHONE["width"]
    assert serious_violations(page) == []
    context.close()

    # 2. The strategy team filters the triage list and assigns the proposal to the transport unit.
    context, page = _page(browser, LAPTOP)
    login(page, demo_site, "strateji")
    page.goto(demo_site + TRIAGE)
    page.get_by_label("İlçe", exact=True).select_option("Çankaya")
    page.get_by_label("Tema", exact=True).select_option("ULASIM")
    page.get_by_label("Atanan birim").select_option("none")
    page.get_by_role("button", name="Uygula").click()
    page.wait_for_url(re.compile(r".*district=.*"))
    row = _row(page, proposal.pk)
    row.wait_for()
    for item in page.locator("tbody tr").all():  # every row is an unassigned Çankaya ULASIM proposal
        assert "Çankaya" in item.locator("td").nth(2).inner_text()
        assert "ULASIM" in item.locator("td").nth(1).inner_text()
    page.get_by_label(f"#{proposal.pk} {TITLE}").check()
    page.get_by_label("İşlem", exact=True).select_option("assign")
    page.get_by_role("button", name="Devam").click()
    page.get_by_role("heading", name="Bir birime ve değerlendiriciye ata").wait_for()
    assert page.get_by_text("1 öneri değişecek").count() == 1
    page.get_by_label("Birim", exact=True).select_option(label=unit.name)
    page.get_by_label("Değerlendirici", exact=True).select_option(label=manager.display_name)
    page.locator("form.stack-form").get_by_role("button", name="Onayla ve uygula").click()
    page.wait_for_url(re.compile(re.escape(demo_site + TRIAGE) + r"\?.*"))  # back on the filtered list
    page.get_by_text("1 öneri değiştirildi.").wait_for()
    assert _row(page, proposal.pk).count() == 0  # assigned now: out of the «Atanmadı» filter
    proposal.refresh_from_db()
    assert proposal.assigned_unit_id == unit.pk
    assert proposal.evaluator_id == manager.pk
    assert TriageEntry.objects.filter(proposal=proposal).count() == 1
    context.close()

    # 3. The unit manager sees it, not another unit's proposals, and answers it.
    other = Proposal.objects.exclude(assigned_unit=unit).filter(process__slug=SLUG, assigned_unit__isnull=False).first()
    assert other is not None
    context, page = _page(browser, LAPTOP)
    login(page, demo_site, "birim")
    page.goto(demo_site + TRIAGE)  # newest first: the new proposal is on the first page
    _row(page, proposal.pk).wait_for()
    assert _row(page, other.pk).count() == 0
    for item in page.locator("tbody tr").all():  # only the unit's own proposals
        assert unit.name in item.locator("td").nth(4).inner_text()
    page.goto(demo_site + TRIAGE + f"?q=%23{other.pk}")
    page.get_by_text("Bu süzgece uyan öneri yok.").wait_for()
    assert _row(page, other.pk).count() == 0
    response = page.goto(demo_site + f"/manage/processes/{SLUG}/proposals/{other.pk}/answer/")
    assert response is not None and response.status in (403, 404)
    page.goto(demo_site + TRIAGE + f"?q=%23{proposal.pk}")
    _row(page, proposal.pk).get_by_role("link", name="Yanıt", exact=True).click()
    page.wait_for_url(re.compile(rf".*/proposals/{proposal.pk}/answer/$"))
    page.get_by_role("combobox", name="Yanıt", exact=True).select_option("accepted")
    page.get_by_role("textbox", name="Resmî yanıt", exact=True).fill(ANSWER)
    page.get_by_role("button", name="Yanıtı yayımla").click()
    page.wait_for_url(re.compile(rf".*{re.escape(PROCESS)}/proposals/{proposal.pk}/$"))
    assert "Kızılay'daki dört durağa" in page.locator(".answers").inner_text()
    proposal.refresh_from_db()
    assert proposal.answer_state == "accepted"
    context.close()

    # 4. The citizen's e-mail: huey is immediate under the tests, so nothing is sent on commit; the
    # worker's periodic job (here its command) sends it.
    assert [m for m in mail.outbox if citizen.email in m.to] == []
    call_command("notifications", "send")
    sent = [m for m in mail.outbox if citizen.email in m.to]
    assert len(sent) == 1
    assert TITLE in sent[0].subject  # «“…” önerisine resmî yanıt verildi.»
    assert TITLE in sent[0].body and ANSWER[:40] in sent[0].body
    assert "Kabul edildi" in sent[0].body


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_map_and_the_triage_list_fit_the_screen(browser, demo_site, viewport):
    context, page = _page(browser, viewport)
    page.goto(demo_site + PROCESS + "/proposals/map/")
    assert _scroll_width(page) <= viewport["width"]
    assert serious_violations(page) == []

    login(page, demo_site, "strateji")
    page.goto(demo_site + TRIAGE)
    page.locator("tbody tr").first.wait_for()
    assert _scroll_width(page) <= viewport["width"]
    assert serious_violations(page) == []
    context.close()

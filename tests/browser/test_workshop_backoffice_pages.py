"""Every back-office page of the stakeholder registry and the workshop, and the workshop's public
pages, on the demo as the strategy team: each answers 200, shows its Turkish heading and has no
serious or critical accessibility violation (axe-core)."""

import pytest

from ortakakil.workshops.models import Invitation, StakeholderOrganisation, WorkshopTable

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

REGISTRY = "/manage/organisations/ankara-bb/"
WORKSHOP = "/processes/ankara-2020-2024/workshops/stratejik-plan-calistayi/"
MANAGE = "/manage" + WORKSHOP


def visit(page, url, heading, *texts):
    """Open ``url``: 200, the level-one heading contains ``heading``, the page shows ``texts``, axe is clean."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert heading in page.get_by_role("heading", level=1).first.inner_text(), url
    body = page.locator("main").inner_text()
    for text in texts:
        assert text in body, (url, text)
    assert serious_violations(page) == [], url


def test_registry_and_workshop_back_office_pages(page, demo_site):
    login(page, demo_site, "strateji")
    stakeholder = StakeholderOrganisation.objects.get(name="Başkent Ulaşım İşletmeleri Genel Müdürlüğü")
    contact = stakeholder.contacts.filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True).first()

    # The stakeholder registry: the list, a search, a type filter.
    registry = demo_site + REGISTRY + "stakeholders/"
    visit(page, registry, "Paydaş kayıtları", "Kurum ara", "Ankara Şehir Plancıları Odası Temsilciliği")
    visit(page, registry + "?q=Ulaşım", "Paydaş kayıtları", stakeholder.name)
    assert "Ankara Şehir Plancıları Odası Temsilciliği" not in page.locator("main table").inner_text()
    visit(page, registry + "?type=universite", "Paydaş kayıtları", "Başkent Teknik Üniversitesi")
    types = page.locator("main table tbody tr td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"Üniversite"}

    # One organisation, one of its contact people, the import page, the withdrawal question.
    visit(page, registry + f"{stakeholder.pk}/", f"Paydaş: {stakeholder.name}", "İletişim kişileri", contact.full_name)
    visit(page, demo_site + REGISTRY + f"contacts/{contact.pk}/", "İletişim kişisi", "Açık rıza (KVKK)")
    visit(page, registry + "import/", "İletişim listesini içe aktar", "Dosyayı denetle")
    visit(page, demo_site + REGISTRY + f"contacts/{contact.pk}/withdraw/", "Rızanın geri alındığını kaydet")
    assert page.get_by_role("button", name="Evet, geri alındığını kaydet").is_visible()
    contact.refresh_from_db()
    assert contact.has_consent  # asking does not withdraw

    # The workshop in the back office.
    visit(page, demo_site + MANAGE, "Stratejik Plan Çalıştayı", "Davetler ve gelenler", "Masalar", "ANK07ULA")
    ulasim = page.locator("tr", has_text="ANK07ULA")
    report_link = ulasim.locator("a[href$='/tables/ANK07ULA/report/']")
    assert report_link.inner_text().startswith("Masa raporu") and "Şikâyet" not in page.locator("main").inner_text()
    visit(page, demo_site + MANAGE + "invitations/", "Davetler", "Kişisel bağlantı")
    visit(page, demo_site + MANAGE + "invitations/new/", "Kurumları davet et", "Davetleri oluştur")
    visit(page, demo_site + MANAGE + "tables/cards/", "Yazdırılabilir masa kartları", "ANK07ULA")
    table = WorkshopTable.objects.get(code="ANK07ULA")
    visit(page, demo_site + MANAGE + f"tables/{table.pk}/", "Masa: Ulaşım Hizmetleri Yönetimi", "Kapasite")
    visit(page, demo_site + MANAGE + "edit/", "Çalıştayı düzenle: Stratejik Plan Çalıştayı", "Gündem")
    visit(page, demo_site + MANAGE + "files/", "Sunumlar ve belgeler", "Dosya yükle")

    # At the door: typing a name brings the results in place (htmx), still accessible.
    person = Invitation.objects.filter(contact=contact).get()
    visit(page, demo_site + MANAGE + "checkin/", "Kapıda giriş", "Son gelenler")
    page.get_by_label("Ad, kurum ya da QR kodu").fill(person.name)
    page.get_by_role("heading", name="Arama sonuçları").wait_for()
    page.locator(f"#person-{person.pk}").wait_for()
    assert person.name in page.locator("#door-results").inner_text()
    assert serious_violations(page) == []


def test_workshop_public_pages(page, demo_site):
    login(page, demo_site, "strateji")
    visit(page, demo_site + WORKSHOP, "Stratejik Plan Çalıştayı", "Masalar", "Gündem", "Ulaşım Hizmetleri Yönetimi")
    visit(
        page,
        demo_site + WORKSHOP + "tables/ANK07ULA/report/",
        "Masa raporu: Ulaşım Hizmetleri Yönetimi",
        "Güçlü yönler",
        "En çok oy alan fikirler",
    )
    invitation = Invitation.objects.filter(contact__isnull=False).order_by("pk").first()
    visit(page, demo_site + f"/davet/{invitation.token}/", "Stratejik Plan Çalıştayı", "Yanıtınız", "Gündem")
    visit(page, demo_site + "/t/ANK07ULA/wall/", "Ulaşım Hizmetleri Yönetimi", "Bu masayı telefonunuzdan izleyin")
    join = page.locator("figure.wall-join")
    assert join.locator("svg[role=img]").count() == 1
    title = page.locator(".wall-title")
    assert join.bounding_box()["x"] > title.bounding_box()["x"] + title.bounding_box()["width"] / 2  # beside it
    # On a narrow screen the QR block comes above the title and nothing overflows sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert join.bounding_box()["y"] + join.bounding_box()["height"] <= title.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

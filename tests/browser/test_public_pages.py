import pytest

from .conftest import serious_violations

pytestmark = pytest.mark.browser


def test_newcomer_walks_home_process_theme_in_turkish_and_switches_to_english(page, demo_site):
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "tr"
    assert serious_violations(page) == []

    page.get_by_role("link", name="Ankara Büyükşehir Belediyesi 2020–2024 Stratejik Planı").click()
    page.wait_for_url("**/processes/ankara-2020-2024/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ankara Büyükşehir Belediyesi 2020–2024 Stratejik Planı"
    current = page.locator(".timeline-row.is-current")
    assert "Katılım ve Çalıştaylar" in current.inner_text()
    assert page.locator(".theme-grid > li").count() == 13
    assert serious_violations(page) == []

    page.get_by_role("link", name="Ulaşım Hizmetleri Yönetimi").click()
    page.wait_for_url("**/themes/ULASIM/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ulaşım Hizmetleri Yönetimi"
    assert serious_violations(page) == []

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="All themes").is_visible()


def test_programme_and_workshop_pages_are_accessible(page, demo_site):
    page.goto(demo_site + "/processes/ankara-2020-2024/programme/")
    assert page.locator(".timeline-row").count() >= 10
    assert serious_violations(page) == []
    page.goto(demo_site + "/processes/ankara-2020-2024/workshops/stratejik-plan-calistayi/")
    assert "Harikalar Diyarı" in page.content()
    assert serious_violations(page) == []


def test_unknown_process_shows_turkish_404(page, demo_site):
    response = page.goto(demo_site + "/processes/boyle-bir-surec-yok/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Sayfa bulunamadı"

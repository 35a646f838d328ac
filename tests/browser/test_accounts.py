"""Browser tests of the account pages, the footer pages and «Verilerim» (points 11, 23, 25), at a
phone's and a desktop's width: no sideways scroll, axe without serious violations."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)
PASSWORD = re.compile(r"^Parola\s*\*?$")
PASSWORD_AGAIN = re.compile(r"^Parola \(tekrar\)")


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    assert serious_violations(page) == [], page.url


def test_sign_up_confirm_and_take_part(browser, demo_site):
    for width in WIDTHS:
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(demo_site + "/")
        page.get_by_role("link", name="Üye ol").click()
        page.wait_for_url("**/accounts/signup/")
        _fits(page, width)
        assert page.get_by_role("heading", name="Kişisel verileriniz: aydınlatma metni").is_visible()
        page.get_by_role("textbox", name="Kullanıcı adı", exact=True).fill(f"kugulu{width}")
        page.get_by_role("textbox", name="E-posta adresi", exact=True).fill(f"kugulu{width}@example.org")
        page.get_by_role("textbox", name="Görünen ad", exact=True).fill("Kuğulu Parklı")
        page.get_by_label(PASSWORD).fill("Ankara-Kugulu-2026")
        page.get_by_label(PASSWORD_AGAIN).fill("Ankara-Kugulu-2026")
        page.get_by_role("button", name="Üye ol").click()
        # Without the consent nothing happens but a clear message.
        assert page.get_by_text("Bu rıza olmadan katkılarınızı yayımlayamayız").is_visible()
        _fits(page, width)
        page.get_by_label(PASSWORD).fill("Ankara-Kugulu-2026")
        page.get_by_label(PASSWORD_AGAIN).fill("Ankara-Kugulu-2026")
        page.get_by_label("açık rıza veriyorum").check()
        page.get_by_role("button", name="Üye ol").click()
        page.wait_for_url("**/accounts/confirm-email/")
        assert page.get_by_role("heading", level=1).inner_text() == "E-posta adresinizi doğrulayın"
        _fits(page, width)

        link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
        page.goto(link)
        _fits(page, width)
        page.get_by_role("button", name="Doğrula").click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name="Kuğulu Parklı").is_visible()
        context.close()


def test_footer_pages_read_well_on_phone_and_desktop(browser, demo_site):
    for width in WIDTHS:
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(demo_site + "/")
        for name, heading in [
            ("Kullanım koşulları", "Kullanım koşulları"),
            ("Gizlilik ve KVKK", "Gizlilik ve KVKK"),
            ("Erişilebilirlik", "Erişilebilirlik"),
            ("İletişim", "İletişim"),
        ]:
            page.locator(".site-footer").get_by_role("link", name=name).click()
            page.wait_for_load_state()
            assert page.get_by_role("heading", level=1).inner_text() == heading
            _fits(page, width)
        for path in ("/accounts/login/", "/accounts/password/reset/"):
            page.goto(demo_site + path)
            _fits(page, width)
        context.close()


def test_my_account_my_data_and_erase_pages(browser, demo_site):
    for width in WIDTHS:
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
        page = context.new_page()
        login(page, demo_site, "vatandas")
        page.get_by_role("link", name="Hesabım: Ayşe K.").click()
        page.wait_for_url("**/me/")
        _fits(page, width)
        page.get_by_role("link", name="Verilerim").click()
        page.wait_for_url("**/me/data/")
        assert page.get_by_role("heading", name="Rızalar").is_visible()
        _fits(page, width)
        for path in ("/me/data/erase/", "/accounts/email/", "/accounts/password/change/"):
            page.goto(demo_site + path)
            _fits(page, width)
        context.close()


def test_error_pages_are_styled_at_both_widths(browser, demo_site, settings):
    settings.ROOT_URLCONF = "tests.core.test_pages_errors"  # the project's URLs and one that fails
    for width in WIDTHS:
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
        page = context.new_page()
        for path, status, heading in [
            ("/yok-boyle-sayfa/", 404, "Sayfa bulunamadı"),
            ("/test-boom/", 500, "Bir hata oluştu"),
        ]:
            response = page.goto(demo_site + path)
            assert response.status == status
            assert page.get_by_role("heading", level=1).inner_text() == heading
            assert page.locator(".site-header").is_visible()
            assert page.evaluate("getComputedStyle(document.querySelector('.error-code')).color") == "rgb(31, 78, 121)"
            _fits(page, width)
            page.get_by_role("link", name=re.compile("Ana sayfa")).first.click()
            page.wait_for_url(demo_site + "/")
        context.close()

"""Issue 15, point 2, in the browser: a demo staff member with the requirement on logs in, is sent
to the set-up of two-factor authentication, scans nothing but types the key's code, and reaches
the back office; the next login asks for the code. At a phone's and a desktop's width, each page
passes axe and nothing scrolls sideways (the QR code and the key fit)."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from ortakakil.demo.loader import DEMO_PASSWORD

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

SETUP = "/accounts/2fa/totp/activate/"
WIDTHS = {390: "strateji", 1366: "kolaylastirici"}  # a staff member per width: each sets it up once

FITS_JS = """
() => {
  const qr = document.querySelector('.mfa-qr svg');
  const key = document.querySelector('#authenticator-secret');
  const width = document.documentElement.clientWidth;
  return {
    sideways: document.documentElement.scrollWidth - width,
    qr: qr ? qr.getBoundingClientRect().right : null,
    qrWidth: qr ? qr.getBoundingClientRect().width : 0,
    key: key ? key.getBoundingClientRect().right : null,
    width: width,
  };
}
"""


def _code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _clean(page, where: str) -> None:
    assert serious_violations(page) == [], where
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, where


def test_staff_set_up_two_factor_authentication_at_a_phones_and_a_desktops_width(browser, demo_site, settings):
    settings.STAFF_MFA_REQUIRED = True
    for width, username in WIDTHS.items():
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, demo_site, username)
        # Sent to the set-up; allauth first asks for the password again.
        assert "/accounts/reauthenticate/" in page.url, page.url
        _clean(page, f"reauthenticate {width}")
        page.get_by_label("Parola").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Doğrula").click()
        page.wait_for_load_state()
        assert page.url.endswith(SETUP), page.url
        page.goto(demo_site + "/manage/")
        assert page.url.endswith(SETUP), "the back office must wait for the set-up"

        assert page.get_by_role("heading", name="İki adımlı doğrulamayı kurun").is_visible()
        assert page.get_by_role("img", name="Doğrulama uygulamanızla taratacağınız karekod").is_visible()
        fits = page.evaluate(FITS_JS)
        assert fits["sideways"] <= 0 and fits["qr"] <= fits["width"] and fits["key"] <= fits["width"], (width, fits)
        assert fits["qrWidth"] >= 150, (width, fits)  # big enough for a phone camera
        _clean(page, f"set-up {width}")

        secret = page.locator("#authenticator-secret").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        page.get_by_label("Uygulamanızın gösterdiği 6 haneli kod").fill(_code(secret))
        page.get_by_role("button", name="İki adımlı doğrulamayı aç").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Kurtarma kodları").is_visible()
        assert page.locator(".recovery-codes li").count() == 10
        _clean(page, f"recovery codes {width}")

        page.get_by_role("link", name="Yönetim paneline geç").click()
        page.wait_for_load_state()
        assert page.url.endswith("/manage/"), page.url

        # The next login asks for the code after the password.
        page.get_by_role("button", name="Çıkış yap").first.click()
        page.wait_for_load_state()
        login(page, demo_site, username)
        assert "/accounts/2fa/authenticate/" in page.url, page.url
        _clean(page, f"code at login {width}")
        page.get_by_label("Doğrulama uygulamanızdaki kod ya da bir kurtarma kodu").fill("000000")
        page.get_by_role("button", name="Giriş yap").first.click()
        page.wait_for_load_state()
        if page.url.endswith("/accounts/2fa/authenticate/"):  # 000000 was not, by chance, the code
            assert page.get_by_text("Bu kod doğru değil.").is_visible()
            page.get_by_label("Doğrulama uygulamanızdaki kod ya da bir kurtarma kodu").fill(_code(secret))
            page.get_by_role("button", name="Giriş yap").first.click()
            page.wait_for_load_state()
        page.goto(demo_site + "/manage/")
        assert page.url.endswith("/manage/"), page.url
        context.close()

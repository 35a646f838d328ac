"""Point 11: the footer's pages (terms of use, privacy and KVKK, accessibility, contact) are real
text in Turkish, with English versions, and name the data controller from the settings."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

PAGES = {
    "terms": ("Kullanım koşulları", "ticari tanıtım ve reklam", "Terms of use", "commercial promotion"),
    "privacy": ("Gizlilik ve KVKK", "Saklama süreleri", "Privacy and KVKK", "How long we keep it"),
    "accessibility": ("Erişilebilirlik", "WCAG", "Accessibility", "Known limitations"),
    "contact": ("İletişim", "Kişisel veriler (KVKK)", "Contact", "Personal data (KVKK)"),
}


def test_every_footer_page_is_linked_and_written_in_turkish(client):
    home = client.get("/").content.decode()
    for name, (title, text, _en_title, _en_text) in PAGES.items():
        assert f'href="{reverse(name)}"' in home
        html = client.get(reverse(name)).content.decode()
        assert f"<h1>{title}</h1>" in html and text in html, name


def test_every_footer_page_has_an_english_version(client):
    client.cookies["django_language"] = "en"
    for name, (_title, _text, title, text) in PAGES.items():
        with translation.override("en"):
            html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f"<h1>{title}</h1>" in html and text in html, name


def test_the_data_controller_and_the_numbers_come_from_the_settings(client, settings):
    settings.CONTACT = {
        "organisation": "Örnek Büyükşehir Belediyesi",
        "unit": "Bilgi İşlem Dairesi Başkanlığı",
        "address": "Cumhuriyet Meydanı No: 1, Örnekşehir",
        "email": "katilim@ornek.bel.tr",
        "kvkk_email": "kvkk@ornek.bel.tr",
        "kep": "ornekbelediyesi@hs01.kep.tr",
        "phone": "+90 312 000 00 00",
        "is_demo": False,
    }
    settings.PROPOSAL_AUTO_HIDE_REPORTS = 5
    settings.PROPOSAL_REPORT_TRUSTED_AFTER_DAYS = 14
    settings.ACCOUNT_UNCONFIRMED_RETENTION_DAYS = 21
    contact = client.get(reverse("contact")).content.decode()
    for value in (
        "Örnek Büyükşehir Belediyesi",
        "Bilgi İşlem Dairesi Başkanlığı",
        "katilim@ornek.bel.tr",
        "kvkk@ornek.bel.tr",
    ):
        assert value in contact
    assert "ornekbelediyesi@hs01.kep.tr" in contact and 'href="tel:+903120000000"' in contact
    assert "tanıtım kurulumudur" not in contact
    privacy = client.get(reverse("privacy")).content.decode()
    assert "Örnek Büyükşehir Belediyesi («Belediye»)" in privacy and "21 gün içinde" in privacy
    terms = client.get(reverse("terms")).content.decode()
    assert "en az 14 günlük hesaplardan 5 şikâyet" in terms


def test_the_demo_says_its_contact_details_are_examples(client):
    assert "tanıtım kurulumudur" in client.get(reverse("contact")).content.decode()

"""Public pages of the Ankara demo: the phase box promises only what exists, and people see
theme names, never internal codes. (The demo is loaded once for this module.)"""

from __future__ import annotations

import re

import pytest

from ortakakil.proposals.models import Proposal

from .test_pages_registry import visible_text

pytestmark = pytest.mark.django_db


def test_phase_box_promises_nothing_that_does_not_exist(client, ankara_demo):
    html = visible_text(client.get("/processes/ankara-2020-2024/").content.decode())
    assert (
        "Şu anda açık: Yeni öneriler, Önerilere destek verme, Yorumlar, Anketler, Görüş haritası (görüşlere oy verme)"
        in html
    )
    for promise in ("Bütçe oylaması", "bütçe oylaması", "Çalıştay kaydı", "izleme panosu"):
        assert promise not in html


# --- theme names, not codes --------------------------------------------------------------------


def test_public_pages_show_theme_names_not_codes(client, ankara_demo):
    codes = {"KENT_DUZENI", "CANLI_DOSTU", "SAGLIK", "KULTUR", "ULASIM", "CINSIYET", "DIJITAL", "MAHALLE"}
    proposal = Proposal.objects.filter(theme__code="KENT_DUZENI", is_hidden=False).first()
    pages = [
        "/processes/ankara-2020-2024/",
        "/processes/ankara-2020-2024/themes/KENT_DUZENI/",
        "/processes/ankara-2020-2024/proposals/",
        proposal.get_absolute_url(),
    ]
    for url in pages:
        text = visible_text(client.get(url).content.decode())
        shown = {code for code in codes if re.search(rf"\b{code}\b", text)}
        assert shown == set(), f"{url} shows {shown}"
    assert "Kent ve Toplum Düzeni Yönetimi" in visible_text(client.get(pages[0]).content.decode())

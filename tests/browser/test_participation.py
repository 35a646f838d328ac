"""The flows of online participation, on the Ankara demo, in a real browser."""

import re

import pytest

from ortakakil.proposals.models import Comment, Proposal, Support
from ortakakil.surveys.models import Response

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser
PROCESS = "/processes/ankara-2020-2024"


def test_citizen_proposes_supports_comments_and_answers_the_survey(page, demo_site):
    login(page, demo_site, "vatandas")

    # Propose
    page.goto(demo_site + PROCESS + "/")
    page.get_by_role("link", name="Öneri ver").first.click()
    assert serious_violations(page) == []
    page.get_by_role("combobox", name="Tema", exact=True).select_option(label="Ulaşım Hizmetleri Yönetimi")
    page.get_by_role("textbox", name="Başlık", exact=True).fill("Eryaman'a gece otobüsü")
    page.get_by_role("textbox", name="Öneri", exact=True).fill(
        "Gece yarısından sonra Eryaman'a otobüs yok; en az saatte bir sefer olmalı."
    )
    page.get_by_role("button", name="Öneriyi yayımla").click()
    page.wait_for_url(re.compile(r".*/proposals/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Eryaman'a gece otobüsü"
    assert Proposal.objects.filter(title="Eryaman'a gece otobüsü", author__username="vatandas").exists()

    # Support another proposal (htmx, no reload) and comment on it
    page.goto(demo_site + PROCESS + "/proposals/?sort=most_supported")
    assert serious_violations(page) == []
    page.locator(".proposal-card h3 a").first.click()
    title = page.get_by_role("heading", level=1).inner_text()
    target = Proposal.objects.get(title=title, merged_into__isnull=True, is_hidden=False)
    before = target.supports_count
    page.get_by_role("button", name="Destekle").click()
    page.get_by_role("button", name="Desteğimi geri çek").wait_for()
    assert page.locator(".support-count strong").inner_text() == str(before + 1)
    assert Support.objects.filter(proposal=target, user__username="vatandas").exists()
    page.get_by_label("Lehte").check()
    page.get_by_label("Yorum", exact=True).fill("Kesinlikle katılıyorum, akşamları çok bekliyoruz.")
    page.get_by_role("button", name="Yorumu yayımla").click()
    page.wait_for_load_state()
    assert "Kesinlikle katılıyorum" in page.locator("section.comments").inner_text()
    assert Comment.objects.filter(proposal=target, author__username="vatandas", stance="for").exists()
    assert serious_violations(page) == []

    # Answer the survey
    page.goto(demo_site + PROCESS + "/surveys/vatandas-beklenti-anketi/")
    assert serious_violations(page) == []
    for fieldset in page.locator("fieldset.question").all():
        radios = fieldset.locator("input[type=radio]")
        checkboxes = fieldset.locator("input[type=checkbox]")
        selects = fieldset.locator("select")
        textarea = fieldset.locator("textarea")
        if radios.count():
            radios.first.check()
        elif checkboxes.count():
            checkboxes.first.check()
        elif selects.count():
            for index in range(selects.count()):
                selects.nth(index).select_option(index=index + 1)
        elif textarea.count():
            textarea.fill("Daha çok yeşil alan ve düzenli toplu taşıma.")
    before = Response.objects.count()
    page.get_by_role("button", name="Yanıtlarımı gönder").click()
    page.wait_for_url(re.compile(r".*/results/$"))
    assert Response.objects.count() == before + 1
    assert serious_violations(page) == []


def test_moderator_hides_and_restores(page, demo_site):
    target = Proposal.objects.filter(is_hidden=False, merged_into__isnull=True).order_by("pk").first()
    login(page, demo_site, "strateji")
    page.goto(demo_site + f"{PROCESS}/proposals/{target.pk}/")
    page.get_by_text("Bu öneriyi şikâyet et").click()
    page.get_by_label("Bu içerik neden uygunsuz?").fill("Konu dışı")
    page.get_by_role("button", name="Şikâyet et").click()
    page.wait_for_load_state()

    page.goto(demo_site + "/manage/processes/ankara-2020-2024/proposals/moderation/")
    assert serious_violations(page) == []
    row = page.locator("tr", has=page.locator(f"a[href$='/proposals/{target.pk}/']"))
    row.get_by_label("Gerekçe").fill("Kurallara aykırı")
    row.get_by_role("button", name=re.compile("^Gizle")).click()
    page.wait_for_load_state()
    target.refresh_from_db()
    assert target.is_hidden

    row = page.locator("tr", has=page.locator(f"a[href$='/proposals/{target.pk}/']"))
    row.get_by_label("Gerekçe").fill("İnceleme sonucu uygun bulundu")
    row.get_by_role("button", name=re.compile("^Geri getir")).click()
    page.wait_for_load_state()
    target.refresh_from_db()
    assert not target.is_hidden


def test_staff_answers_and_merges(page, demo_site):
    first, second = Proposal.objects.filter(
        is_hidden=False, merged_into__isnull=True, answer_state="", source="online"
    ).order_by("pk")[:2]
    login(page, demo_site, "strateji")
    page.goto(demo_site + f"{PROCESS}/proposals/{first.pk}/")
    page.get_by_role("link", name="Resmî yanıt ver").click()
    page.get_by_role("combobox", name="Yanıt", exact=True).select_option("in_plan")
    page.get_by_role("textbox", name="Resmî yanıt", exact=True).fill(
        "Öneriniz 2020–2024 planındaki ulaşım hedeflerine alındı."
    )
    page.get_by_role("button", name="Yanıtı yayımla").click()
    page.wait_for_url(re.compile(rf".*/proposals/{first.pk}/$"))
    assert "Plana dahil edildi" in page.locator(".answers").inner_text()

    page.goto(demo_site + "/manage/processes/ankara-2020-2024/proposals/merge/")
    assert serious_violations(page) == []
    page.get_by_role("textbox", name="Birleştirilecek önerilerin numaraları").fill(f"{first.pk}, {second.pk}")
    page.get_by_role("textbox", name="Birleştirilmiş önerinin başlığı").fill("Birleştirilmiş öneri")
    page.get_by_role("textbox", name="Birleştirilmiş önerinin metni").fill(
        "İki benzer öneri tek öneride birleştirildi."
    )
    page.get_by_role("button", name="Birleştir").click()
    page.wait_for_url(re.compile(r".*/proposals/\d+/$"))
    merged = Proposal.objects.get(title="Birleştirilmiş öneri")
    supporters = set(Support.objects.filter(proposal__in=[first, second]).values_list("user_id", flat=True))
    assert merged.supports_count == len(supporters)
    assert f"#{first.pk} {first.title}" in page.content()

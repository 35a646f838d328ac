"""«Benzer öneriler» while typing a proposal, and the moderation page's possible duplicates, on
the Ankara demo in a real browser (the real embedding model), on a phone and a laptop."""

import pytest

from ortakakil.processes.models import Theme
from ortakakil.proposals.models import Proposal
from ortakakil.textmine.embeddings import embed_proposal_ids

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser
PROCESS = "/processes/ankara-2020-2024"
TARGET = "Deprem toplanma alanlarının tabelaları görünür hale getirilmeli"


@pytest.fixture
def afet_embedded(demo_site):
    """The disaster theme's proposals embedded (the rest of the demo waits for its background job)."""
    theme = Theme.objects.get(process__slug="ankara-2020-2024", code="AFET")
    embed_proposal_ids(Proposal.objects.filter(theme=theme).values_list("pk", flat=True))
    return demo_site


@pytest.mark.parametrize("width", [390, 1366])
def test_typing_a_proposal_shows_similar_ones(browser, afet_embedded, width):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, afet_embedded, "vatandas")
    page.goto(afet_embedded + PROCESS + "/proposals/new/")
    page.get_by_role("textbox", name="Başlık", exact=True).fill("Toplanma yerleri bulunamıyor")
    page.get_by_role("textbox", name="Öneri", exact=True).press_sequentially(
        "Depremde nereye gideceğimizi bilmiyoruz, toplanma alanını gösteren levha yok.", delay=5
    )
    link = page.locator("#similar-proposals a", has_text=TARGET)
    link.wait_for(timeout=30_000)  # a shared machine may be slow to embed
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_moderation_page_with_possible_duplicates_fits(browser, afet_embedded, width):
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, afet_embedded, "strateji")
    response = page.goto(afet_embedded + "/manage/processes/ankara-2020-2024/proposals/moderation/")
    assert response is not None and response.status == 200
    assert page.locator("#duplicates").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if width == 1366:
        assert serious_violations(page) == []
    context.close()

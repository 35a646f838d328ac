"""Voting in a participatory-budgeting round in a real browser, at 390 px and 1366 px: ticking
projects updates the running total against the budget (budget-ballot.js), submitting stores the
ballot, the stored ballot comes back preselected; axe finds nothing serious and nothing scrolls
sideways."""

import pytest

from ortakakil.portfolio.models import Ballot, BudgetRound
from tests.portfolio.budget_fixtures import budget_voting_on, make_round, project_ids

from .conftest import serious_violations
from .test_opinion_voting import DESKTOP, PHONE, _login, _no_sideways_scroll

pytestmark = pytest.mark.browser


def _context(browser, device):
    context = browser.new_context(locale="tr-TR", **device)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _total(page) -> str:
    return " ".join(page.locator(".ballot-total").inner_text().split())


@pytest.mark.django_db(transaction=True)
def test_a_citizen_fills_the_ballot_on_a_phone(browser, live_server, process, citizen):
    budget_voting_on(process)
    budget_round = make_round(process, max_selections=2, voter_budget_limit=True)
    url = f"{live_server.url}/processes/{process.slug}/budget/{budget_round.slug}/"
    context, page = _context(browser, PHONE)
    page.goto(url)
    page.get_by_role("link", name="Oy vermek için giriş yapın").wait_for()
    assert serious_violations(page) == []
    assert _no_sideways_scroll(page)

    _login(page, live_server.url, citizen)
    page.goto(url)
    assert "Seçtikleriniz: 0 TL / 600.000 TL" in _total(page)
    assert serious_violations(page) == []
    assert _no_sideways_scroll(page)
    page.get_by_label("Bisiklet yolu").check()
    assert "Seçtikleriniz: 400.000 TL / 600.000 TL" in _total(page)
    assert "Seçilen proje: 1" in _total(page)
    page.get_by_label("Durak sundurması").check()
    assert "Seçtikleriniz: 700.000 TL / 600.000 TL" in _total(page)
    page.get_by_text("Seçtikleriniz bütçeyi aşıyor").wait_for()
    page.get_by_label("Bisiklet yolu").uncheck()
    page.get_by_label("Gece otobüsü").check()
    assert "Seçtikleriniz: 500.000 TL / 600.000 TL" in _total(page)
    assert page.get_by_text("Seçtikleriniz bütçeyi aşıyor").is_hidden()
    assert _no_sideways_scroll(page)
    page.get_by_role("button", name="Oyumu gönder").click()
    page.get_by_text("Oyunuz kaydedildi.").wait_for()
    ids = project_ids(budget_round)
    assert Ballot.objects.get(round=budget_round, voter=citizen).choices == {str(ids["P2"]): 1, str(ids["P3"]): 1}
    assert serious_violations(page) == []
    assert _no_sideways_scroll(page)
    context.close()

    context, desktop = _context(browser, DESKTOP)
    _login(desktop, live_server.url, citizen)
    desktop.goto(url)
    assert desktop.get_by_label("Durak sundurması").is_checked()
    assert not desktop.get_by_label("Bisiklet yolu").is_checked()
    assert "Seçtikleriniz: 500.000 TL / 600.000 TL" in _total(desktop)
    assert serious_violations(desktop) == []
    assert _no_sideways_scroll(desktop)
    desktop.get_by_label("Durak sundurması").uncheck()
    desktop.get_by_role("button", name="Oyumu güncelle").click()
    desktop.get_by_text("Oyunuz güncellendi.").wait_for()
    assert Ballot.objects.get(round=budget_round, voter=citizen).choices == {str(ids["P3"]): 1}
    context.close()


@pytest.mark.django_db(transaction=True)
def test_cumulative_points_and_published_results(browser, live_server, process, citizen):
    budget_voting_on(process)
    budget_round = make_round(process, slug="puan", vote_type=BudgetRound.VoteType.CUMULATIVE, points=10)
    url = f"{live_server.url}/processes/{process.slug}/budget/{budget_round.slug}/"
    context, page = _context(browser, PHONE)
    _login(page, live_server.url, citizen)
    page.goto(url)
    page.get_by_label("Puanınız: Bisiklet yolu").fill("6")
    page.get_by_label("Puanınız: Gece otobüsü").fill("4")
    assert "Puanlar: 10 / 10" in _total(page) and "Seçtikleriniz: 600.000 TL" in _total(page)
    assert serious_violations(page) == []
    assert _no_sideways_scroll(page)
    page.get_by_role("button", name="Oyumu gönder").click()
    page.get_by_text("Oyunuz kaydedildi.").wait_for()
    ids = project_ids(budget_round)
    assert Ballot.objects.get(round=budget_round).choices == {str(ids["P1"]): 6, str(ids["P3"]): 4}

    budget_round.state = BudgetRound.State.PUBLISHED
    budget_round.result = {
        "rule": "mes",
        "selected": [ids["P1"], ids["P3"]],
        "votes": {str(ids["P1"]): 6, str(ids["P3"]): 4},
        "cost": 600_000,
    }
    budget_round.save()
    for device in (PHONE, DESKTOP):
        wide, shown = _context(browser, device)
        shown.goto(url)
        shown.get_by_role("heading", name="Sonuçlar").wait_for()
        assert serious_violations(shown) == []
        assert _no_sideways_scroll(shown)
        wide.close()
    context.close()

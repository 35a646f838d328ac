"""The public pages of participatory budgeting: the list of rounds, a round with its projects, the
ballot form (anonymous, unverified and verified visitors; open, closed, switch off), refusals
re-rendered with the choices kept, the success message, the results and the process and theme
pages' sections."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.portfolio import selectors
from ortakakil.portfolio.models import Ballot, BudgetRound

from .budget_fixtures import *  # noqa: F403
from .budget_fixtures import budget_voting_on, make_round, project_ids

pytestmark = pytest.mark.django_db


def _url(budget_round, tail=""):
    return f"/processes/{budget_round.process.slug}/budget/{budget_round.slug}/{tail}"


def _publish(budget_round, *, selected, votes, rule="greedy", cost=None):
    ids = project_ids(budget_round)
    budget_round.state = BudgetRound.State.PUBLISHED
    budget_round.result = {
        "rule": rule,
        "selected": [ids[code] for code in selected],
        "votes": {str(ids[code]): n for code, n in votes.items()},
        "cost": cost if cost is not None else 0,
        "computed_at": "2025-06-01T10:00:00+00:00",
    }
    budget_round.save()
    return ids


def test_the_list_shows_rounds_that_are_not_drafts(client, budget_round, citizen):
    make_round(budget_round.process, slug="taslak", title="Taslak tur", state=BudgetRound.State.DRAFT)
    make_round(budget_round.process, slug="bitti", title="Kapanan tur", state=BudgetRound.State.CLOSED)
    Ballot.objects.create(
        round=budget_round, voter=citizen, choices={"1": 1}, created_at=timezone.now(), updated_at=timezone.now()
    )
    response = client.get(f"/processes/{budget_round.process.slug}/budget/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ulaşım bütçesi" in page and "Kapanan tur" in page and "Taslak tur" not in page
    assert "600.000 TL" in page and "Oylamaya açık" in page
    assert client.get(f"/processes/{budget_round.process.slug}/budget/taslak/").status_code == 404


def test_the_list_has_an_empty_state(client, process):
    response = client.get(f"/processes/{process.slug}/budget/")
    assert response.status_code == 200
    assert "Bu süreçte henüz katılımcı bütçe oylaması yok." in response.content.decode()


def test_an_unpublished_process_is_404(client, budget_round):
    budget_round.process.is_published = False
    budget_round.process.save()
    assert client.get(_url(budget_round)).status_code == 404


def test_anonymous_visitors_see_the_projects_and_a_login_link(client, budget_round):
    page = client.get(_url(budget_round)).content.decode()
    assert "Bisiklet yolu" in page and "400.000 TL" in page and "Çankaya" in page
    assert "Oy vermek için giriş yapın" in page
    assert 'name="project"' not in page and "Oyumu gönder" not in page
    assert "En fazla 2 proje seçin." in page


def test_unverified_accounts_read_why_they_cannot_vote(client, budget_round, make_user):
    client.force_login(make_user(Role.CITIZEN, username="yeni", verified_at=None))
    page = client.get(_url(budget_round)).content.decode()
    assert "e-posta" in page and 'name="project"' not in page


def test_a_verified_citizen_sees_the_ballot_form(client, budget_round, citizen):
    client.force_login(citizen)
    page = client.get(_url(budget_round)).content.decode()
    assert page.count('type="checkbox" name="project"') == 3
    assert "data-ballot-cost>0</strong> TL / 600.000 TL" in page
    assert "budget-ballot.js" in page and "Oyumu gönder" in page


def test_voting_then_voting_again_shows_the_messages_and_the_ballot(client, budget_round, citizen):
    ids = project_ids(budget_round)
    client.force_login(citizen)
    response = client.post(_url(budget_round, "ballot/"), {"project": [ids["P1"]]}, follow=True)
    assert response.redirect_chain[-1][0].endswith(_url(budget_round) + "#ballot")
    assert "Oyunuz kaydedildi." in response.content.decode()
    assert Ballot.objects.get(voter=citizen).choices == {str(ids["P1"]): 1}
    response = client.post(_url(budget_round, "ballot/"), {"project": [ids["P2"], ids["P3"]]}, follow=True)
    page = response.content.decode()
    assert "Oyunuz güncellendi." in page
    assert Ballot.objects.get(voter=citizen).choices == {str(ids["P2"]): 1, str(ids["P3"]): 1}
    # The stored ballot is preselected and totalled.
    assert f'value="{ids["P2"]}" id="project-{ids["P2"]}" data-cost="300000" checked' in page
    assert f'value="{ids["P1"]}" id="project-{ids["P1"]}" data-cost="400000">' in page
    assert "data-ballot-cost>500.000</strong> TL / 600.000 TL" in page
    assert "Oyumu güncelle" in page


def test_a_refused_ballot_is_shown_next_to_the_form_with_the_choices_kept(client, budget_round, citizen):
    ids = project_ids(budget_round)
    client.force_login(citizen)
    response = client.post(_url(budget_round, "ballot/"), {"project": [ids["P1"], ids["P2"]]})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="form-errors" role="alert"' in page and "700.000 TL" in page
    assert f'id="project-{ids["P1"]}" data-cost="400000" checked' in page
    assert f'id="project-{ids["P2"]}" data-cost="300000" checked' in page
    assert "data-ballot-cost>700.000</strong> TL / 600.000 TL" in page
    assert not Ballot.objects.exists()


def test_nothing_chosen_is_a_400(client, budget_round, citizen):
    client.force_login(citizen)
    response = client.post(_url(budget_round, "ballot/"), {})
    assert response.status_code == 400 and "En az bir proje seçin." in response.content.decode()
    assert not Ballot.objects.exists()


def test_anonymous_and_unverified_posts_are_refused(client, budget_round, make_user):
    ids = project_ids(budget_round)
    assert client.post(_url(budget_round, "ballot/"), {"project": [ids["P1"]]}).status_code == 403
    client.force_login(make_user(Role.CITIZEN, username="yeni", verified_at=None))
    response = client.post(_url(budget_round, "ballot/"), {"project": [ids["P1"]]})
    assert response.status_code == 403 and "e-posta" in response.content.decode()
    assert not Ballot.objects.exists()


def test_closed_round_and_switch_off_take_no_ballot(client, budget_round, citizen):
    ids = project_ids(budget_round)
    client.force_login(citizen)
    budget_voting_on(budget_round.process, on=False)
    page = client.get(_url(budget_round)).content.decode()
    assert 'name="project"' not in page
    assert "Katılımcı bütçe oylamaları şu anki aşamada kapalı." in page
    assert client.post(_url(budget_round, "ballot/"), {"project": [ids["P1"]]}).status_code == 400
    budget_voting_on(budget_round.process)
    budget_round.state = BudgetRound.State.CLOSED
    budget_round.save()
    page = client.get(_url(budget_round)).content.decode()
    assert 'name="project"' not in page and "Oylama sona erdi" in page
    response = client.post(_url(budget_round, "ballot/"), {"project": [ids["P1"]]})
    assert response.status_code == 400 and "Bu oylama açık değil." in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_get_on_the_ballot_address_is_405(client, budget_round):
    assert client.get(_url(budget_round, "ballot/")).status_code == 405


def test_cumulative_ballot_keeps_the_points_and_refuses_too_many(client, process, citizen):
    budget_voting_on(process)
    budget_round = make_round(process, slug="puan", vote_type=BudgetRound.VoteType.CUMULATIVE, points=10)
    ids = project_ids(budget_round)
    client.force_login(citizen)
    page = client.get(_url(budget_round)).content.decode()
    assert page.count('type="number"') == 3 and 'max="10"' in page
    response = client.post(_url(budget_round, "ballot/"), {f"points-{ids['P1']}": "7", f"points-{ids['P2']}": "5"})
    page = response.content.decode()
    assert response.status_code == 400 and "12 puan verdiniz" in page
    assert f'id="points-{ids["P1"]}" min="0" max="10" step="1" data-cost="400000" value="7"' in page
    assert "data-ballot-points>12</strong> / 10" in page
    response = client.post(_url(budget_round, "ballot/"), {f"points-{ids['P1']}": "abc"})
    assert response.status_code == 400 and "Bisiklet yolu" in response.content.decode()
    assert 'value="abc"' in response.content.decode()
    response = client.post(_url(budget_round, "ballot/"), {f"points-{ids['P1']}": "7", f"points-{ids['P3']}": "3"})
    assert response.status_code == 302
    assert Ballot.objects.get(voter=citizen).choices == {str(ids["P1"]): 7, str(ids["P3"]): 3}


def test_choose_one_uses_radio_buttons(client, process, citizen):
    budget_voting_on(process)
    budget_round = make_round(process, slug="tek", vote_type=BudgetRound.VoteType.CHOOSE_ONE)
    ids = project_ids(budget_round)
    client.force_login(citizen)
    page = client.get(_url(budget_round)).content.decode()
    assert page.count('type="radio" name="project"') == 3 and "<fieldset" in page
    assert client.post(_url(budget_round, "ballot/"), {"project": [ids["P1"], ids["P2"]]}).status_code == 400
    assert client.post(_url(budget_round, "ballot/"), {"project": [ids["P2"]]}).status_code == 302
    assert Ballot.objects.get(voter=citizen).choices == {str(ids["P2"]): 1}


def test_ballots_are_rate_limited(client, budget_round, citizen, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"budget_ballot": ("2/m", "100/m")}
    ids = project_ids(budget_round)
    client.force_login(citizen)
    codes = [client.post(_url(budget_round, "ballot/"), {"project": [ids["P1"]]}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_round_results_orders_selected_first_then_by_votes(budget_round):
    ids = _publish(budget_round, selected=["P2", "P3"], votes={"P1": 12, "P2": 30, "P3": 9}, cost=500_000)
    results = selectors.round_results(BudgetRound.objects.get(pk=budget_round.pk))
    assert [(row.project.code, row.votes, row.selected, row.cost) for row in results.rows] == [
        ("P2", 30, True, 300_000),
        ("P3", 9, True, 200_000),
        ("P1", 12, False, 400_000),
    ]
    assert results.rule == "greedy" and results.cost == 500_000 and results.selected_count == 2
    assert results.left_over == 100_000
    assert results.computed_at == dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC)
    assert ids


def test_round_results_ignores_unknown_ids_and_unpublished_rounds(budget_round):
    assert selectors.round_results(budget_round) is None
    _publish(budget_round, selected=["P1"], votes={"P1": 3})
    budget_round.result["selected"].append(999_999)
    budget_round.result["votes"]["999999"] = 40
    budget_round.result["votes"][str(project_ids(budget_round)["P2"])] = "çok"  # not a number: counted as 0
    budget_round.result.pop("cost")
    budget_round.save()
    results = selectors.round_results(budget_round)
    assert [row.project.code for row in results.rows] == ["P1", "P3", "P2"]
    assert results.cost == 400_000  # computed from the selected projects when the result has none
    budget_round.state = BudgetRound.State.CLOSED
    assert selectors.round_results(budget_round) is None


def test_the_published_page_shows_results_and_the_rule(client, budget_round):
    _publish(budget_round, selected=["P2", "P3"], votes={"P1": 12, "P2": 30, "P3": 9}, cost=500_000)
    page = client.get(_url(budget_round)).content.decode()
    assert "Sonuçlar" in page and "2 proje seçildi" in page and "500.000 TL" in page
    assert "en çok oy alan projeden başlanarak" in page
    assert page.index("Durak sundurması</td>") < page.index("Gece otobüsü</td>") < page.index("Bisiklet yolu</td>")
    assert page.count("<strong>Seçildi</strong>") == 2 and "Seçilmedi" in page
    assert 'name="project"' not in page


def test_a_published_round_without_a_result_says_it_is_being_counted(client, budget_round):
    budget_round.state = BudgetRound.State.PUBLISHED
    budget_round.save()
    page = client.get(_url(budget_round)).content.decode()
    assert "sonuçlar sayıldığında burada yayımlanacak" in page and "Sonuçlar</h2>" not in page


def test_the_mes_explanation(client, budget_round):
    _publish(budget_round, selected=["P1"], votes={"P1": 3}, rule="mes_add1")
    page = client.get(_url(budget_round)).content.decode()
    assert "her seçmene eşit bütçe payı verilir" in page.lower()
    assert "bir lira" in page


def test_the_process_and_theme_pages_list_open_and_published_rounds(client, budget_round):
    make_round(budget_round.process, slug="bitti", title="Kapanan tur", state=BudgetRound.State.CLOSED)
    process_page = client.get(budget_round.process.get_absolute_url()).content.decode()
    assert "Ulaşım bütçesi" in process_page and "Kapanan tur" not in process_page
    assert f'href="/processes/{budget_round.process.slug}/budget/"' in process_page
    theme = budget_round.theme
    assert "Ulaşım bütçesi" in client.get(theme.get_absolute_url()).content.decode()
    other = budget_round.process.themes.get(code="AFET")
    assert "Ulaşım bütçesi" not in client.get(other.get_absolute_url()).content.decode()


def test_the_pages_have_no_section_without_rounds(client, process):
    assert "Katılımcı bütçe" not in client.get(process.get_absolute_url()).content.decode()


def test_a_project_links_to_the_proposal_it_grew_from_unless_hidden(client, budget_round, make_user):
    from ortakakil.proposals import services

    proposal = services.proposal_create(
        actor=make_user(username="yazar"),
        process=budget_round.process,
        theme=budget_round.theme,
        title="Bisiklet yolu yapılsın",
        body="Çankaya'ya bisiklet yolu yapılsın.",
    )
    project = budget_round.projects.get(code="P1")
    project.proposal = proposal
    project.save()
    page = client.get(_url(budget_round)).content.decode()
    assert f'href="{proposal.get_absolute_url()}"' in page and "Çıktığı öneri" in page
    proposal.is_hidden = True
    proposal.save()
    assert f'href="{proposal.get_absolute_url()}"' not in client.get(_url(budget_round)).content.decode()

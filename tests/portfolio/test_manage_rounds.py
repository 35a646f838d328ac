"""The participatory-budgeting rounds' back office: who may open it, the form's checks, the state
changes with their confirmation and rules, and the ballot rules frozen once ballots exist."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ortakakil.portfolio.models import Ballot, BudgetRound

pytestmark = pytest.mark.django_db


def url(process, name="budget_rounds", **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": process.slug, **kwargs})


def round_data(projects, **overrides):
    data = {
        "title": "Ulaşım — katılımcı bütçe",
        "slug": "ulasim-2025",
        "description": "",
        "theme": "",
        "budget": "6000000",
        "projects": [p.pk for p in projects],
        "vote_type": "approval",
        "min_selections": "",
        "max_selections": "2",
        "voter_budget_limit": "on",
        "points": "",
        "rule": "mes_add1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(process, projects):
    made = BudgetRound.objects.create(process=process, slug="taslak", title="Taslak tur", budget=6_000_000)
    made.projects.set(projects[:2])
    return made


def vote(budget_round, voter, project):
    now = timezone.now()
    return Ballot.objects.create(
        round=budget_round, voter=voter, choices={str(project.pk): 1}, created_at=now, updated_at=now
    )


def test_pages_are_for_the_strategy_team_only(client, process, draft, outsider, citizen, unit_staff, strategist):
    pages = [
        url(process),
        url(process, "budget_round_create"),
        url(process, "budget_round_edit", pk=draft.pk),
        url(process, "budget_round_state", pk=draft.pk, action="open"),
    ]
    client.force_login(outsider)
    assert [client.get(page).status_code for page in pages] == [404] * len(pages)
    for someone in (citizen, unit_staff):
        client.force_login(someone)
        assert [client.get(page).status_code for page in pages] == [403] * len(pages)
        client.post(url(process, "budget_round_state", pk=draft.pk, action="open"))
    draft.refresh_from_db()
    assert draft.state == "draft"
    client.force_login(strategist)
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    assert client.get(url(process, "budget_round_state", pk=draft.pk, action="explode")).status_code == 404


def test_a_round_is_created_as_a_draft(client, process, projects, strategist):
    client.force_login(strategist)
    answer = client.post(url(process, "budget_round_create"), round_data(projects[:2]))
    assert answer.status_code == 302 and answer["Location"] == url(process)
    made = BudgetRound.objects.get(process=process, slug="ulasim-2025")
    assert made.state == "draft" and made.budget == 6_000_000 and made.rule == "mes_add1"
    assert set(made.projects.all()) == set(projects[:2]) and made.max_selections == 2 and made.voter_budget_limit
    listing = client.get(url(process)).content.decode()
    assert "Ulaşım — katılımcı bütçe" in listing and "6.000.000" in listing


def test_the_new_round_form_takes_the_themes_projects_by_default(client, process, projects, strategist):
    client.force_login(strategist)
    listing = client.get(url(process)).content.decode()
    assert f'action="{url(process, "budget_round_create")}"' in listing and 'value="ULASIM"' in listing
    form = client.get(url(process, "budget_round_create"), {"theme": "ULASIM"}).context["form"]
    assert form.initial["theme"].code == "ULASIM"
    assert {p.code for p in form.initial["projects"]} == {"P1", "P2"}


def test_the_form_refuses_bad_rules_in_turkish(client, process, projects, draft, strategist):
    client.force_login(strategist)
    before = BudgetRound.objects.count()
    bad = client.post(url(process, "budget_round_create"), round_data(projects, min_selections="3", max_selections="2"))
    assert bad.status_code == 400 and "en az proje sayısından küçük olamaz" in bad.content.decode()
    bad = client.post(url(process, "budget_round_create"), round_data(projects, vote_type="cumulative"))
    assert bad.status_code == 400 and "dağıtacağı puan" in bad.content.decode()
    bad = client.post(url(process, "budget_round_create"), round_data(projects, slug="taslak"))
    assert bad.status_code == 400 and "başka bir oylaması bu adresi" in bad.content.decode()
    bad = client.post(url(process, "budget_round_create"), round_data(projects, budget="0"))
    assert bad.status_code == 400
    assert BudgetRound.objects.count() == before


def test_open_needs_two_projects_and_asks_first(client, process, projects, draft, strategist):
    client.force_login(strategist)
    draft.projects.set(projects[:1])
    page = client.get(url(process, "budget_round_state", pk=draft.pk, action="open"))
    assert page.status_code == 200 and "Taslak tur" in page.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"
    refused = client.post(url(process, "budget_round_state", pk=draft.pk, action="open"))
    assert refused.status_code == 400 and "en az iki projeyle" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"
    draft.projects.set(projects)
    assert client.post(url(process, "budget_round_state", pk=draft.pk, action="open")).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "open"
    assert draft.history.first().history_user == strategist


def test_close_reopen_and_back_to_draft_only_without_ballots(client, process, projects, draft, strategist, citizen):
    client.force_login(strategist)

    def act(action):
        return client.post(url(process, "budget_round_state", pk=draft.pk, action=action))

    assert act("close").status_code == 400  # a draft is not open
    assert act("open").status_code == 302
    assert act("reopen").status_code == 400
    assert act("close").status_code == 302
    assert act("reopen").status_code == 302
    vote(draft, citizen, projects[0])
    refused = act("draft")
    assert refused.status_code == 400 and "taslağa döndürülemez" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.state == "open"
    Ballot.objects.all().delete()
    assert act("draft").status_code == 302
    draft.refresh_from_db()
    assert draft.state == "draft"
    assert act("delete").status_code == 302
    assert not BudgetRound.objects.filter(pk=draft.pk).exists()


def test_ballot_rules_are_frozen_once_ballots_exist(client, process, projects, draft, strategist, citizen):
    draft.state = "open"
    draft.save()
    vote(draft, citizen, projects[0])
    client.force_login(strategist)
    edit = url(process, "budget_round_edit", pk=draft.pk)
    kept = round_data(projects[:2], slug="taslak", max_selections="", voter_budget_limit="", rule="greedy")
    kept["budget"] = "6000000"
    for change in ({"budget": "7000000"}, {"projects": [p.pk for p in projects]}, {"max_selections": "1"}):
        refused = client.post(edit, {**kept, **change})
        assert refused.status_code == 400 and "artık değiştirilemez" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.budget == 6_000_000 and draft.projects.count() == 2 and draft.max_selections is None
    # The title and the counting rule may still change.
    done = client.post(edit, {**kept, "title": "Yeni başlık", "rule": "mes"})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Yeni başlık" and draft.rule == "mes"


def test_the_list_shows_each_rounds_ballots(client, process, projects, draft, strategist, citizen, make_user):
    vote(draft, citizen, projects[0])
    vote(draft, make_user(username="ikinci"), projects[1])
    client.force_login(strategist)
    rounds = list(client.get(url(process)).context["rounds"])
    assert [(r.slug, r.ballot_count, r.project_count) for r in rounds] == [("taslak", 2, 2)]

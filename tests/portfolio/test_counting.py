"""Counting a closed round with its rule, publishing it, and the round as a Pabulib file that
pabutools reads and counts to the same outcome."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.core.models import Role
from ortakakil.portfolio import counting
from ortakakil.portfolio.models import Ballot, BudgetRound, Project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(process):
    rng = random.Random(7)  # noqa: S311 — a reproducible test election
    theme = process.themes.get(code="AFET")
    projects = [
        Project.objects.create(
            process=process,
            code=f"Y{i:02d}",
            title=f"Yeşil alan {i}",
            theme=theme,
            costs={"2025": rng.choice([100, 150, 200, 250, 300])},
        )
        for i in range(1, 11)
    ]
    budget_round = BudgetRound.objects.create(
        process=process,
        theme=theme,
        slug="yesil",
        title="Yeşil bütçe",
        budget=800,
        state=BudgetRound.State.CLOSED,
        rule="mes_add1",
    )
    budget_round.projects.set(projects)
    now = budget_round.created_at
    for n in range(60):
        voter = UserFactory(role=Role.CITIZEN, username=f"secmen{n}")
        chosen = rng.sample(projects, rng.randint(1, 4))
        Ballot.objects.create(
            round=budget_round, voter=voter, choices={str(p.pk): 1 for p in chosen}, created_at=now, updated_at=now
        )
    return budget_round


def pabutools_outcome(text, rule, tmp_path):
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares

    path = tmp_path / "round.pb"
    path.write_text(text, encoding="utf-8")
    instance, profile = parse_pabulib(str(path))
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    else:
        outcome = exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": Cost_Sat}, budget_step=len(profile)
        )
    return sorted(Project.objects.get(code=p.name).pk for p in outcome)


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes_add1"])
def test_the_count_equals_pabutools_on_the_exported_file(closed_round, strategist, rule, tmp_path):
    closed_round.rule = rule
    closed_round.save()
    counting.round_count(actor=strategist, budget_round=closed_round)
    closed_round.refresh_from_db()
    result = closed_round.result
    assert result["rule"] == rule and result["voters"] == 60
    assert result["cost"] <= 800
    assert sorted(result["selected"]) == pabutools_outcome(counting.round_pb(closed_round), rule, tmp_path)
    assert sum(result["votes"].values()) == sum(len(b.choices) for b in Ballot.objects.filter(round=closed_round))


def test_publish_after_count_and_the_file_names_the_outcome_but_no_account(closed_round, strategist, citizen):
    with pytest.raises(PermissionDenied):
        counting.round_count(actor=citizen, budget_round=closed_round)
    with pytest.raises(ValidationError):
        counting.round_publish(actor=strategist, budget_round=closed_round)  # not counted
    counting.round_count(actor=strategist, budget_round=closed_round)
    counting.round_publish(actor=strategist, budget_round=closed_round)
    closed_round.refresh_from_db()
    assert closed_round.state == "published" and closed_round.published_at is not None
    with pytest.raises(ValidationError):
        counting.round_count(actor=strategist, budget_round=closed_round)  # final
    text = counting.round_pb(closed_round)
    election = counting.round_election(closed_round)
    assert {p.id for p in election.projects if p.fields["selected"] == "1"} == {
        Project.objects.get(pk=pk).code for pk in closed_round.result["selected"]
    }
    assert [b.voter_id for b in election.ballots] == [str(n) for n in range(1, 61)]
    assert "secmen" not in text and "Yeşil alan 1" in text and "vote_type;approval" in text


def test_an_open_round_is_not_counted(closed_round, strategist):
    closed_round.state = BudgetRound.State.OPEN
    closed_round.save()
    with pytest.raises(ValidationError):
        counting.round_count(actor=strategist, budget_round=closed_round)


def test_the_result_pages_count_publish_and_download(client, closed_round, strategist, citizen):
    from django.urls import reverse

    def url(name):
        return reverse(f"manage:{name}", kwargs={"slug": closed_round.process.slug, "pk": closed_round.pk})

    client.force_login(citizen)
    assert client.get(url("budget_round_result")).status_code == 403
    assert client.post(url("budget_round_count")).status_code == 403
    client.force_login(strategist)
    page = client.get(url("budget_round_result"))
    assert page.status_code == 200 and "Henüz sayılmadı." in page.content.decode()
    client.post(url("budget_round_count"))
    closed_round.refresh_from_db()
    assert closed_round.result["voters"] == 60
    page = client.get(url("budget_round_result")).content.decode()
    assert "Yeşil alan" in page and url("budget_round_publish") in page
    client.post(url("budget_round_publish"))
    closed_round.refresh_from_db()
    assert closed_round.state == "published"
    download = client.get(url("budget_round_pabulib"))
    assert download["Content-Disposition"].endswith('-yesil.pb"')
    assert download.content.decode().startswith("META\n")


def test_the_export_command_writes_the_round_and_refuses_an_unknown_one(closed_round, tmp_path):
    import io

    from django.core.management import call_command

    target = tmp_path / "tur.pb"
    call_command("pb", "export", closed_round.process.slug, closed_round.slug, "-o", str(target), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == counting.round_pb(closed_round)
    with pytest.raises(SystemExit) as caught:
        call_command("pb", "export", closed_round.process.slug, "yok", stderr=io.StringIO())
    assert caught.value.code == 2


@pytest.mark.parametrize("rule", ["greedy", "mes"])
def test_ties_go_to_the_code_first_in_string_order_whatever_the_database_order(process, strategist, rule, tmp_path):
    """Two projects with the same cost and votes, one fits: "PB-10" comes before "PB-9" as text
    (as in the .pb file the round came from), though it was created second."""
    nine = Project.objects.create(process=process, code="PB-9", title="Dokuz", costs={"2025": 100})
    ten = Project.objects.create(process=process, code="PB-10", title="On", costs={"2025": 100})
    budget_round = BudgetRound.objects.create(
        process=process, slug="esit", title="Eşit", budget=150, state=BudgetRound.State.CLOSED, rule=rule
    )
    budget_round.projects.set([nine, ten])
    now = budget_round.created_at
    for n in range(2):
        voter = UserFactory(role=Role.CITIZEN, username=f"esit{n}")
        choices = {str(nine.pk): 1, str(ten.pk): 1}
        Ballot.objects.create(round=budget_round, voter=voter, choices=choices, created_at=now, updated_at=now)
    counting.round_count(actor=strategist, budget_round=budget_round)
    budget_round.refresh_from_db()
    assert budget_round.result["selected"] == [ten.pk]
    text = counting.round_pb(budget_round)
    assert "PB-10;100" in text and pabutools_outcome(text, rule, tmp_path) == [ten.pk]

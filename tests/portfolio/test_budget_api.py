"""``/api/v1/budget-rounds/``: list (never drafts) and filter, a round with its projects and its
published results (no personal data), and ballots (201 first, 200 replaced) with Turkish JSON
errors, 401/403/404/429."""

from __future__ import annotations

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core.models import Role
from ortakakil.portfolio.models import Ballot, BudgetRound

from .budget_fixtures import *  # noqa: F403
from .budget_fixtures import budget_voting_on, make_round, project_ids

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def api(citizen):
    return _client(citizen)


def _url(budget_round, tail=""):
    return f"/api/v1/budget-rounds/{budget_round.pk}/{tail}"


def test_list_hides_drafts_and_filters_by_process(api, budget_round, organisation):
    make_round(budget_round.process, slug="taslak", state=BudgetRound.State.DRAFT)
    listed = api.get("/api/v1/budget-rounds/").json()
    assert listed["count"] == 1
    only = listed["results"][0]
    assert only["id"] == budget_round.pk and only["process"] == budget_round.process.slug
    assert only["theme"] == "ULASIM" and only["budget"] == 600_000 and only["is_open"] is True
    assert only["ballots_count"] == 0 and only["projects_count"] == 3
    assert only["html_url"].endswith(f"/budget/{budget_round.slug}/")
    assert api.get("/api/v1/budget-rounds/", {"process": budget_round.process.slug}).json()["count"] == 1
    assert api.get("/api/v1/budget-rounds/", {"process": "yok"}).json()["count"] == 0
    assert api.get("/api/v1/budget-rounds/", {"process": "a\x00b"}).status_code == 400


def test_detail_has_projects_and_no_results_before_publication(api, budget_round):
    body = api.get(_url(budget_round)).json()
    assert [p["code"] for p in body["projects"]] == ["P1", "P2", "P3"]
    assert body["projects"][0]["cost"] == 400_000 and body["projects"][0]["district"] == "Çankaya"
    assert body["projects"][0]["proposal"] is None and body["results"] is None


def test_published_results_are_totals_only(api, budget_round, citizen):
    ids = project_ids(budget_round)
    Ballot.objects.create(
        round=budget_round,
        voter=citizen,
        choices={str(ids["P2"]): 1},
        created_at="2025-05-01T10:00:00Z",
        updated_at="2025-05-01T10:00:00Z",
    )
    budget_round.state = BudgetRound.State.PUBLISHED
    budget_round.result = {
        "rule": "mes",
        "selected": [ids["P2"]],
        "votes": {str(ids["P2"]): 1},
        "cost": 300_000,
        "computed_at": "2025-06-01T10:00:00+00:00",
    }
    budget_round.save()
    body = api.get(_url(budget_round)).json()
    results = body["results"]
    assert results["rule"] == "mes" and results["cost"] == 300_000 and results["budget"] == 600_000
    assert "eşit bütçe payı" in results["explanation"]
    assert results["rows"][0] == {"project": ids["P2"], "votes": 1, "selected": True, "cost": 300_000}
    assert [row["selected"] for row in results["rows"]] == [True, False, False]
    text = json.dumps(body, ensure_ascii=False)
    assert citizen.username not in text and '"voter"' not in text and '"choices"' not in text


def test_drafts_unpublished_processes_and_bad_ids_are_json_404(api, budget_round):
    draft = make_round(budget_round.process, slug="taslak", state=BudgetRound.State.DRAFT)
    for bad in (str(draft.pk), "abc", "99999999", "1" * 25):
        response = api.get(f"/api/v1/budget-rounds/{bad}/")
        assert response.status_code == 404 and "detail" in response.json()
    assert api.post(_url(draft, "ballot/"), {"choices": {}}, format="json").status_code == 404
    budget_round.process.is_published = False
    budget_round.process.save()
    assert api.get(_url(budget_round)).status_code == 404


def test_ballot_then_ballot_again_replaces_it(api, budget_round, citizen):
    ids = project_ids(budget_round)
    first = api.post(_url(budget_round, "ballot/"), {"choices": {str(ids["P1"]): 1}}, format="json")
    assert first.status_code == 201 and first.json()["choices"] == {str(ids["P1"]): 1}
    second = api.post(_url(budget_round, "ballot/"), {"choices": {str(ids["P2"]): 1, str(ids["P3"]): 1}}, format="json")
    assert second.status_code == 200 and second.json()["choices"] == {str(ids["P2"]): 1, str(ids["P3"]): 1}
    assert list(Ballot.objects.values_list("choices", flat=True)) == [{str(ids["P2"]): 1, str(ids["P3"]): 1}]
    assert api.get(_url(budget_round)).json()["ballots_count"] == 1


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({}, "En az bir proje seçin."),
        ({"P1": 1, "P2": 1}, "700.000 TL"),  # over the budget of 600.000 TL
        ({"999999": 1}, "999999"),
        ({"P1": 1, "P2": 1, "P3": 1}, "En fazla 2 proje seçin"),
        ({"P1": 2}, "Bisiklet yolu"),
    ],
)
def test_refused_ballots_are_turkish_json_400(api, budget_round, choices, message):
    """Keys P1…P3 stand for the projects' ids."""
    ids = project_ids(budget_round)
    body = {"choices": {str(ids.get(key, key)): value for key, value in choices.items()}}
    response = api.post(_url(budget_round, "ballot/"), body, format="json")
    assert response.status_code == 400
    assert message in response.json()["choices"][0]
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("body", [{}, {"choices": []}, {"choices": {"1": -1}}, {"choices": {"1": "x"}}, {"choices": 5}])
def test_malformed_bodies_are_400_on_the_field(api, budget_round, body):
    response = api.post(_url(budget_round, "ballot/"), body, format="json")
    assert response.status_code == 400 and "choices" in response.json()
    assert not Ballot.objects.exists()


def test_closed_round_and_switch_off_are_400(api, budget_round):
    ids = project_ids(budget_round)
    budget_voting_on(budget_round.process, on=False)
    response = api.post(_url(budget_round, "ballot/"), {"choices": {str(ids["P1"]): 1}}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Katılımcı bütçe oylamaları şu anki aşamada kapalı."}
    budget_voting_on(budget_round.process)
    budget_round.state = BudgetRound.State.CLOSED
    budget_round.save()
    response = api.post(_url(budget_round, "ballot/"), {"choices": {str(ids["P1"]): 1}}, format="json")
    assert response.status_code == 400 and response.json() == {"detail": "Bu oylama açık değil."}
    assert not Ballot.objects.exists()


def test_anonymous_401_unverified_403(budget_round, make_user):
    ids = project_ids(budget_round)
    body = {"choices": {str(ids["P1"]): 1}}
    anonymous = _client().post(_url(budget_round, "ballot/"), body, format="json")
    assert anonymous.status_code == 401 and "detail" in anonymous.json()
    unverified = _client(make_user(Role.CITIZEN, username="yeni", verified_at=None))
    refused = unverified.post(_url(budget_round, "ballot/"), body, format="json")
    assert refused.status_code == 403 and "e-posta" in refused.json()["detail"]
    assert not Ballot.objects.exists()


def test_ballots_are_rate_limited_with_429(api, budget_round, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"budget_ballot": ("2/m", "100/m")}
    ids = project_ids(budget_round)
    codes = [
        api.post(_url(budget_round, "ballot/"), {"choices": {str(ids["P1"]): 1}}, format="json").status_code
        for _ in range(3)
    ]
    assert codes[:2] == [201, 200] and codes[2] == 429


def test_the_list_loads_in_a_fixed_number_of_queries(api, budget_round, django_assert_max_num_queries):
    for n in range(5):
        make_round(budget_round.process, slug=f"tur-{n}")
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/budget-rounds/").json()["count"] == 6


def test_the_schema_documents_the_ballot(client):
    schema = client.get("/api/schema/?format=json").json()
    ballot = schema["paths"]["/api/v1/budget-rounds/{id}/ballot/"]["post"]
    assert {"200", "201", "400", "401", "403", "404", "429"} <= set(ballot["responses"])
    assert "/api/v1/budget-rounds/" in schema["paths"]

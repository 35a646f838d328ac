"""The budget-round endpoints answer as the OpenAPI schema says (schemathesis), on a database with
an open round, a published one and a verified citizen's token, so that ballots are really cast,
replaced and refused (the suite-wide run in tests/api/test_schema.py has no round to vote in)."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, seed, settings
from rest_framework.authtoken.models import Token

from ortakakil.portfolio.models import Ballot, BudgetRound
from tests.api.test_schema import CHECKS, _load_schema

from .budget_fixtures import budget_voting_on, make_round, project_ids

pytestmark = pytest.mark.django_db

schema = _load_schema().include(path_regex=r"^/api/v1/budget-rounds/")


@pytest.fixture
def seeded(process, citizen):
    budget_voting_on(process)
    open_round = make_round(process, max_selections=2)
    published = make_round(process, slug="yayimlandi", state=BudgetRound.State.PUBLISHED)
    ids = project_ids(published)
    published.result = {"rule": "greedy", "selected": [ids["P1"]], "votes": {str(ids["P1"]): 3}, "cost": 400_000}
    published.save()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Token.objects.create(user=citizen).key, open_round
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@seed(20241128)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_budget_api_answers_as_its_schema_says(case, seeded):
    token, open_round = seeded
    if case.path_parameters is not None and "id" in case.path_parameters and case.method == "POST":
        case.path_parameters["id"] = open_round.pk  # vote in the open round, with whatever body
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


def test_the_seeded_run_reaches_the_open_round(seeded):
    """The run above would prove little if its ballots never reached a round that takes them."""
    token, open_round = seeded
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    pk = next(iter(project_ids(open_round).values()))
    response = client.post(f"/api/v1/budget-rounds/{open_round.pk}/ballot/", {"choices": {str(pk): 1}}, format="json")
    assert response.status_code == 201 and Ballot.objects.filter(round=open_round).count() == 1

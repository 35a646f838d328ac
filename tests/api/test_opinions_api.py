"""``/api/v1/conversations/``: list and filters, the next statement, votes (latest wins) and
statements, with Turkish JSON errors."""

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core.models import Role
from ortakakil.opinions.models import Conversation, Statement, Vote
from tests.opinions.voting_fixtures import *  # noqa: F403
from tests.opinions.voting_fixtures import statement

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def api(citizen):
    return _client(citizen)


def _url(conversation, tail=""):
    return f"/api/v1/conversations/{conversation.pk}/{tail}"


def test_list_detail_and_filters(api, conversation):
    Conversation.objects.create(
        process=conversation.process, theme=conversation.process.themes.get(code="AFET"), title="Afet"
    )
    listed = api.get("/api/v1/conversations/").json()
    assert listed["count"] == 2
    afet = api.get("/api/v1/conversations/", {"process": conversation.process.slug, "theme": "afet"}).json()
    assert [c["title"] for c in afet["results"]] == ["Afet"]
    assert api.get("/api/v1/conversations/", {"process": "yok"}).json()["count"] == 0
    detail = api.get(_url(conversation)).json()
    assert detail["title"] == "Ulaşımda öncelikler" and detail["is_open"] is True and detail["theme"] is None
    assert detail["html_url"].endswith(f"/conversations/{conversation.pk}/vote/")


def test_unpublished_process_and_bad_ids_are_json_404(api, conversation):
    for bad in ("abc", "99999999", "1" * 25):
        response = api.get(f"/api/v1/conversations/{bad}/")
        assert response.status_code == 404 and "detail" in response.json()
    conversation.process.is_published = False
    conversation.process.save()
    assert api.get(_url(conversation)).status_code == 404
    assert api.get("/api/v1/conversations/").json()["count"] == 0


def test_vote_then_vote_again_latest_wins(api, conversation, citizen):
    target = statement(conversation)
    first = api.post(_url(conversation, "votes/"), {"statement": target.pk, "vote": 1}, format="json")
    assert first.status_code == 201 and first.json()["vote"] == 1 and first.json()["statement"] == target.pk
    second = api.post(_url(conversation, "votes/"), {"statement": target.pk, "vote": -1}, format="json")
    assert second.status_code == 200 and second.json()["vote"] == -1
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


def test_next_walks_through_the_accepted_statements_then_204(api, conversation):
    accepted = set(conversation.statements.filter(status="kabul").values_list("pk", flat=True))
    seen = set()
    for remaining in range(len(accepted), 0, -1):
        body = api.get(_url(conversation, "next/")).json()
        assert body["id"] in accepted - seen and body["remaining"] == remaining and body["text"]
        seen.add(body["id"])
        assert (
            api.post(_url(conversation, "votes/"), {"statement": body["id"], "vote": 0}, format="json").status_code
            == 201
        )
    done = api.get(_url(conversation, "next/"))
    assert done.status_code == 204 and not done.content


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"statement": "x", "vote": 1}, "statement"),
        ({"vote": 1}, "statement"),
        ({"statement": 1, "vote": 2}, "vote"),
        ({"statement": 1, "vote": True}, "vote"),
        ({"statement": 1}, "vote"),
        ({"statement": 99999, "vote": 1}, "statement"),
    ],
)
def test_bad_votes_are_turkish_json_400(api, conversation, body, field):
    response = api.post(_url(conversation, "votes/"), body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Vote.objects.exists()


@pytest.mark.parametrize("status", ["ret", "beklemede", "meta"])
def test_unaccepted_statements_are_400(api, conversation, status):
    response = api.post(
        _url(conversation, "votes/"), {"statement": statement(conversation, status).pk, "vote": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["statement"][0].startswith("Bu görüş")
    assert not Vote.objects.exists()


def test_closed_conversation_is_400_in_turkish(api, conversation):
    conversation.closed_at = timezone.now()
    conversation.save()
    response = api.post(
        _url(conversation, "votes/"), {"statement": statement(conversation).pk, "vote": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Bu görüşme kapandı; artık oy ya da görüş alınmıyor."}
    assert not Vote.objects.exists()


def test_anonymous_401_unverified_403_workshop_403(conversation, make_user, workshop_conversation):
    target = statement(conversation)
    anonymous = _client().post(_url(conversation, "votes/"), {"statement": target.pk, "vote": 1}, format="json")
    assert anonymous.status_code == 401 and "detail" in anonymous.json()
    unverified = _client(make_user(Role.CITIZEN, username="yeni", verified_at=None))
    refused = unverified.post(_url(conversation, "votes/"), {"statement": target.pk, "vote": 1}, format="json")
    assert refused.status_code == 403 and "e-posta" in refused.json()["detail"]
    other = _client(make_user(Role.CITIZEN, username="baska"))
    at_workshop = other.post(
        _url(workshop_conversation, "votes/"),
        {"statement": statement(workshop_conversation).pk, "vote": 1},
        format="json",
    )
    assert at_workshop.status_code == 403 and "masa kodu" in at_workshop.json()["detail"]
    assert not Vote.objects.exists()


def test_votes_are_rate_limited_with_429(api, conversation, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"opinion_vote": ("2/m", "100/m")}
    target = statement(conversation)
    codes = [
        api.post(_url(conversation, "votes/"), {"statement": target.pk, "vote": 1}, format="json").status_code
        for _ in range(3)
    ]
    assert codes[:2] == [201, 200] and codes[2] == 429


def test_submit_a_statement(api, conversation, citizen):
    response = api.post(_url(conversation, "statements/"), {"text": "Gece otobüsleri artırılsın."}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "beklemede"
    assert Statement.objects.get(pk=response.json()["id"]).author == citizen
    duplicate = api.post(_url(conversation, "statements/"), {"text": "GECE OTOBÜSLERİ ARTIRILSIN."}, format="json")
    assert duplicate.status_code == 400 and "zaten" in duplicate.json()["text"][0]
    bad = api.post(_url(conversation, "statements/"), {"text": "ab\x00cdefg"}, format="json")
    assert bad.status_code == 400

"""Requests a page or the API cannot use get a clear 400, never a server error: control
characters in form fields and cookies (PostgreSQL cannot compare text with a NUL), JSON nested
too deep or malformed, control characters inside JSON bodies."""

import pytest

from ortakakil.core.models import Role

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_cookie_is_a_400(client, process):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 400


@pytest.fixture
def token_client(make_user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    user = make_user(Role.CITIZEN, username="jeton")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_json_nested_too_deep_is_a_turkish_json_400(token_client, process):
    response = token_client.post("/api/v1/proposals/", "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON gövdesi çok derin iç içe geçmiş."}


def test_malformed_json_is_a_turkish_json_400(token_client, process):
    response = token_client.post("/api/v1/proposals/", '{"title": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Gövde geçerli bir JSON değil."}


@pytest.mark.parametrize("field", ["process", "theme", "title", "body", "district"])
def test_a_nul_inside_a_json_body_is_a_json_400_and_nothing_is_written(token_client, process, field):
    from ortakakil.proposals.models import Proposal

    data = {"process": process.slug, "theme": "ULASIM", "title": "Gece otobüsü", "body": "Gece otobüsü olsun lütfen."}
    data[field] = data.get(field, "Çankaya") + "\x00"
    response = token_client.post("/api/v1/proposals/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "İstek saklanamayan karakterler içeriyor (U+0000)."}
    assert Proposal.objects.count() == 0


def test_a_nul_in_a_table_code_is_not_found(client, process):
    assert client.post("/t/", {"code": "ab\x00c"}).status_code == 200  # the join page says no such table
    assert client.get("/t/AB%00C/").status_code == 400

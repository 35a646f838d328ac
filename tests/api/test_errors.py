"""Bad input under /api/ is a JSON 4xx in Turkish, never a 500 or an HTML page — with DEBUG off,
as in production."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core.models import Role
from ortakakil.proposals.models import Comment, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


@pytest.fixture
def api(make_user):
    user = make_user(Role.CITIZEN, username="apici")
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/proposals/abc/"),
        ("get", "/api/v1/proposals/null,null/"),
        ("get", "/api/v1/proposals/99999999999999999999/"),
        ("get", "/api/v1/proposals/²/"),
        ("post", "/api/v1/proposals/abc/support/"),
        ("delete", "/api/v1/proposals/null/support/"),
        ("get", "/api/v1/proposals/abc/comments/"),
        ("post", "/api/v1/proposals/abc/comments/"),
    ],
)
def test_an_id_that_is_not_a_number_is_a_json_404(api, process, method, path):
    response = getattr(api, method)(path, {"body": "Bir yorum"}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Bu adreste bir öneri bulunamadı."}
    assert not Comment.objects.exists()


def test_an_unknown_address_under_the_api_is_a_json_404(api):
    response = api.get("/api/v1/yok/")
    assert response.status_code == 404
    assert response.json() == {"detail": "API'nin bu adresinde bir şey yok."}


def test_a_body_over_the_limit_is_a_json_413_and_nothing_is_written(api, process, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    body = json.dumps({"process": process.slug, "theme": "ULASIM", "title": "Büyük", "body": "x" * 3_000_000})
    response = api.generic("POST", "/api/v1/proposals/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "İstek çok büyük: en çok 2 MB olabilir."}
    assert not Proposal.objects.exists()


def test_a_server_error_is_json_in_production(api, process, monkeypatch):
    from ortakakil.proposals import selectors

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "proposal_list", broken)
    response = api.get("/api/v1/proposals/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Sunucuda bir hata oluştu; hata kaydedildi. Lütfen daha sonra yeniden deneyin."
    }


def test_a_reply_to_an_impossible_comment_number_is_a_json_400(api, process):
    pk = api.post(
        "/api/v1/proposals/",
        {"process": process.slug, "theme": "ULASIM", "title": "Metro hattı", "body": "Metro hattı uzatılsın lütfen."},
        format="json",
    ).json()["id"]
    response = api.post(f"/api/v1/proposals/{pk}/comments/", {"body": "Katılıyorum", "parent": 10**20}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["parent"]
    assert not Comment.objects.exists()


def test_html_pages_outside_the_api_stay_html(client, db):
    response = client.get("/processes/yok/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("param", ["q", "process", "theme", "district", "state", "sort"])
def test_a_control_character_in_a_filter_is_a_json_400(api, process, param):
    response = api.get("/api/v1/proposals/", {param: "ab\x00c"})
    assert response.status_code == 400
    assert response.json() == {param: [f"{param} saklanamayan karakterler içeriyor (U+0000)."]}


def test_a_control_character_in_a_process_address_is_a_json_404(api, process):
    response = api.get("/api/v1/processes/ab%00c/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Bu adreste bir planlama süreci bulunamadı."}

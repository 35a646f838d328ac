import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core.models import Role
from ortakakil.proposals.models import Proposal, Support

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(make_user):
    user = make_user(Role.CITIZEN, username="apici", first_name="Deniz", last_name="Ak")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


def _create(api, target, **extra):
    body = {
        "process": target.slug,
        "theme": "ULASIM",
        "title": "Metro hattı uzatılsın",
        "body": "Keçiören metrosu Pursaklar'a kadar uzatılmalı.",
    } | extra
    return api.post("/api/v1/proposals/", body, format="json")


def test_create_then_read(api, process):
    response = _create(api, process)
    assert response.status_code == 201
    created = response.json()
    detail = api.get(f"/api/v1/proposals/{created['id']}/").json()
    assert {k: detail[k] for k in ("id", "title", "theme", "supports_count", "author")} == {
        "id": created["id"],
        "title": "Metro hattı uzatılsın",
        "theme": "ULASIM",
        "supports_count": 0,
        "author": "Deniz A.",
    }
    assert detail["html_url"].endswith(f"/processes/{process.slug}/proposals/{created['id']}/")


def test_anonymous_cannot_create(process):
    response = APIClient().post("/api/v1/proposals/", {"process": process.slug}, format="json")
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"theme": "YOK"}, "theme"),
        ({"process": "yok"}, "process"),
        ({"title": ""}, "title"),
        ({"body": "x" * 5001}, "body"),
    ],
)
def test_bad_input_is_a_json_400_and_nothing_is_written(api, process, extra, field):
    response = _create(api, process, **extra)
    assert response.status_code == 400
    assert field in response.json()
    assert not Proposal.objects.exists()


def test_outside_participation_phase_is_a_400_in_turkish(api, process, settings):
    process.current_phase = process.phases.get(kind="hazirlik")
    process.save()
    response = _create(api, process)
    assert response.status_code == 400
    assert response.json() == {"detail": "Mevcut aşamada yeni öneri kabul edilmiyor."}


def test_support_is_idempotent_and_delete_withdraws(api, process):
    pk = _create(api, process).json()["id"]
    first = api.post(f"/api/v1/proposals/{pk}/support/")
    second = api.post(f"/api/v1/proposals/{pk}/support/")
    assert (first.status_code, first.json()) == (201, {"supported": True, "supports_count": 1})
    assert (second.status_code, second.json()) == (200, {"supported": True, "supports_count": 1})
    assert api.get(f"/api/v1/proposals/{pk}/").json()["supported_by_me"] is True
    withdrawn = api.delete(f"/api/v1/proposals/{pk}/support/")
    assert withdrawn.json() == {"supported": False, "supports_count": 0}
    assert not Support.objects.exists()


def test_support_on_a_hidden_proposal_is_refused(api, process, strategist):
    from ortakakil.proposals import services

    pk = _create(api, process).json()["id"]
    services.content_moderate(actor=strategist, hide=True, reason="Spam", proposal=Proposal.objects.get(pk=pk))
    response = api.post(f"/api/v1/proposals/{pk}/support/")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert api.get(f"/api/v1/proposals/{pk}/").status_code == 404
    assert not Support.objects.exists()


def test_comments_get_and_post(api, process):
    pk = _create(api, process).json()["id"]
    posted = api.post(f"/api/v1/proposals/{pk}/comments/", {"body": "Çok iyi fikir", "stance": "for"}, format="json")
    assert posted.status_code == 201
    reply = api.post(
        f"/api/v1/proposals/{pk}/comments/", {"body": "Katılıyorum", "parent": posted.json()["id"]}, format="json"
    )
    assert reply.json()["parent"] == posted.json()["id"]
    listing = api.get(f"/api/v1/proposals/{pk}/comments/").json()
    assert [c["body"] for c in listing["results"]] == ["Çok iyi fikir", "Katılıyorum"]
    bad = api.post(f"/api/v1/proposals/{pk}/comments/", {"body": "", "stance": "for"}, format="json")
    assert bad.status_code == 400


def test_list_filters_and_pagination(api, process):
    for n in range(25):
        _create(
            api,
            process,
            title=f"Öneri numarası {n}",
            body=f"Öneri metni numarası {n}.",
            theme="AFET" if n % 5 == 0 else "ULASIM",
        )
    page = api.get("/api/v1/proposals/", {"process": process.slug}).json()
    assert page["count"] == 25 and len(page["results"]) == 20 and page["next"]
    assert api.get("/api/v1/proposals/", {"process": process.slug, "theme": "AFET"}).json()["count"] == 5
    _create(api, process, title="Mogan gölü kıyısına yürüyüş yolu")
    found = api.get("/api/v1/proposals/", {"process": process.slug, "q": "mogan"}).json()
    assert [p["title"] for p in found["results"]] == ["Mogan gölü kıyısına yürüyüş yolu"]
    assert api.get("/api/v1/proposals/", {"process": "yok"}).json()["count"] == 0


def test_list_query_count_does_not_grow_with_the_page(api, process, django_assert_max_num_queries):
    for n in range(20):
        _create(api, process, title=f"Öneri {n:02d} başlığı", body=f"Öneri metni numarası {n}.")
    with django_assert_max_num_queries(7):  # the 7th: the pictures of the page's proposals ("images")
        api.get("/api/v1/proposals/", {"process": process.slug})


def test_create_citizens_prints_json_lines_with_working_tokens(capsys, process):
    call_command("create_citizens", "--count", "3", "--json")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3 and len({line["username"] for line in lines}) == 3
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {lines[0]['token']}")
    assert _create(client, process).status_code == 201


def test_proposal_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/proposals/",
        "/api/v1/proposals/{id}/",
        "/api/v1/proposals/{id}/support/",
        "/api/v1/proposals/{id}/comments/",
    ):
        assert path in paths
    assert set(paths["/api/v1/proposals/{id}/support/"]) >= {"post", "delete"}


@pytest.mark.parametrize("pk", ["999999", "abc"])
def test_support_on_a_missing_proposal_is_a_json_404(api, process, pk):
    response = api.post(f"/api/v1/proposals/{pk}/support/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Bu adreste bir öneri bulunamadı."}

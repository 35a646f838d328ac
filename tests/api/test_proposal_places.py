"""The proposal API's places: ``district`` and ``neighbourhood`` as names or null, ``location`` as
``{"lat": …, "lon": …}`` or null; create validates them (a Turkish 400, nothing stored); the list
filters ``district=`` and ``neighbourhood=`` match names typed any way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core.models import Role
from ortakakil.proposals import services
from ortakakil.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(make_user):
    user = make_user(Role.CITIZEN, username="apici", first_name="Deniz", last_name="Ak")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _create(api, process, **extra):
    body = {
        "process": process.slug,
        "theme": "ULASIM",
        "title": "Metro hattı uzatılsın",
        "body": "Keçiören metrosu Pursaklar'a kadar uzatılmalı.",
    } | extra
    return api.post("/api/v1/proposals/", body, format="json")


def test_an_empty_place_is_null(api, process):
    body = _create(api, process).json()
    assert body["district"] is None and body["neighbourhood"] is None and body["location"] is None
    detail = api.get(f"/api/v1/proposals/{body['id']}/").json()
    assert (detail["district"], detail["neighbourhood"], detail["location"]) == (None, None, None)


def test_create_with_a_place_and_a_point(api, process):
    response = _create(
        api, process, district="cankaya", neighbourhood="Kızılay Mahallesi", location={"lat": 39.9208, "lon": 32.8541}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["district"] == "Çankaya" and body["neighbourhood"] == "Kızılay"
    assert body["location"] == {"lat": 39.9208, "lon": 32.8541}
    listed = api.get("/api/v1/proposals/", {"process": process.slug}).json()["results"][0]
    assert listed["location"] == {"lat": 39.9208, "lon": 32.8541} and listed["neighbourhood"] == "Kızılay"


@pytest.mark.parametrize(
    ("extra", "errors"),
    [
        (
            {"district": "Çankaya", "neighbourhood": "Hasanoğlan Fatih"},
            {"neighbourhood": ["“Hasanoğlan Fatih” mahallesi Çankaya ilçesinde değil."]},
        ),
        ({"neighbourhood": "Kızılay"}, {"neighbourhood": ["Önce mahallenin bağlı olduğu ilçeyi seçin."]}),
        ({"district": "Kadıköy"}, {"district": ["“Kadıköy” Ankara'nın bir ilçesi değil."]}),
        ({"location": {"lat": 41.0082, "lon": 28.9784}}, {"location": ["Haritadaki nokta Ankara'nın dışında."]}),
    ],
)
def test_create_refuses_a_bad_place_with_a_turkish_400(api, process, extra, errors):
    response = _create(api, process, **extra)
    assert response.status_code == 400
    assert response.json() == errors
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "location",
    [
        {},
        {"lat": 39.9},
        {"lat": "kuzey", "lon": 32.8},
        {"lat": True, "lon": 32.8},
        {"lat": 120, "lon": 32.8},
        "39.9,32.8",
        [39.9, 32.8],
    ],
)
def test_create_refuses_a_malformed_location_with_a_json_400(api, process, location):
    response = _create(api, process, location=location)
    assert response.status_code == 400
    errors = response.json()["location"]  # one flat list of Turkish messages, as the schema says
    assert isinstance(errors, list) and all(isinstance(e, str) for e in errors)
    assert errors[0] in (
        "Konum, lat ve lon sayılarını içeren bir nesne olmalıdır.",
        "Haritadaki nokta Ankara'nın dışında.",
    )
    assert not Proposal.objects.exists()


def test_a_null_location_is_no_point(api, process):
    response = _create(api, process, location=None)
    assert response.status_code == 201 and response.json()["location"] is None


@pytest.fixture
def placed(process, make_user):
    author = make_user(Role.CITIZEN, username="yazar")
    theme = process.themes.get(code="ULASIM")
    for title, district, neighbourhood in [
        ("Gece otobüsü", "Çankaya", "Kızılay"),
        ("Bisiklet yolu", "Çankaya", "Bahçelievler"),
        ("Otopark alanı", "Sincan", ""),
        ("Çeşme yapılsın", "", ""),
        ("Park yapılsın", "Elmadağ", "Hasanoğlan Fatih"),
    ]:
        services.proposal_create(
            actor=author,
            process=process,
            theme=theme,
            title=title,
            body=f"{title} için öneri metni.",
            district=district,
            neighbourhood=neighbourhood,
            latitude=39.9 if district else None,
            longitude=32.8 if district else None,
        )


def _titles(api, **params):
    response = api.get("/api/v1/proposals/", params)
    assert response.status_code == 200
    return sorted(p["title"] for p in response.json()["results"])


@pytest.mark.parametrize("typed", ["Çankaya", "cankaya", "ÇANKAYA", " cankaya "])
def test_the_district_filter_matches_names_typed_any_way(api, placed, process, typed):
    assert _titles(api, process=process.slug, district=typed) == ["Bisiklet yolu", "Gece otobüsü"]


def test_the_neighbourhood_filter_with_and_without_a_district(api, placed, process):
    assert _titles(api, process=process.slug, district="cankaya", neighbourhood="kizilay") == ["Gece otobüsü"]
    assert _titles(api, neighbourhood="KIZILAY MAH") == ["Gece otobüsü"]
    assert _titles(api, neighbourhood="hasanoglan fatih") == ["Park yapılsın"]
    assert _titles(api, district="Sincan", neighbourhood="Kızılay") == []


def test_an_unknown_place_in_a_filter_gives_an_empty_list(api, placed, process):
    assert _titles(api, district="Atlantis") == []
    assert _titles(api, neighbourhood="Atlantis") == []
    response = api.get("/api/v1/proposals/", {"neighbourhood": "a\x00b"})
    assert response.status_code == 400


def test_the_list_query_count_stays_flat(api, process, placed, make_user):
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/proposals/", {"process": process.slug})
    author = make_user(Role.CITIZEN, username="yazar2")
    theme = process.themes.get(code="ULASIM")
    for n in range(6):
        services.proposal_create(
            actor=author,
            process=process,
            theme=theme,
            title=f"Ek öneri {n}",
            body=f"Ek öneri metni numara {n}.",
            district="Mamak",
            latitude=39.93,
            longitude=32.92,
        )
    with CaptureQueriesContext(connection) as many:
        api.get("/api/v1/proposals/", {"process": process.slug})
    assert len(many) == len(few)

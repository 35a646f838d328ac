"""The proposals' map: without a tile server the shipped district map with the number of public
proposals per district (each tile a link to the filtered list) and the same numbers in a table;
with one, Leaflet and the points as JSON (public proposals only); the CSP allows the tile host
only when it is configured."""

import pytest
from django.test import Client
from django.urls import reverse

from ortakakil.core.middleware import tile_source
from ortakakil.proposals import services
from ortakakil.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(process, author):
    theme = process.themes.get(code="ULASIM")

    def make(title, **place):
        return services.proposal_create(
            actor=author, process=process, theme=theme, title=title, body=f"{title} için bir öneri metni.", **place
        )

    return {
        "a": make("Gece otobüsü", district="Çankaya", neighbourhood="Kızılay", latitude=39.9208, longitude=32.8541),
        "b": make("Bisiklet yolu", district="Çankaya"),
        "c": make("Otopark alanı", district="Sincan", latitude=39.97, longitude=32.58),
        "d": make("Park alanı", district="Mamak", latitude=39.93, longitude=32.92),
        "e": make("Çeşme yapılsın"),
    }


def test_the_map_page_shows_district_counts_on_the_map_and_in_a_table(client, process, placed):
    Proposal.objects.filter(pk=placed["d"].pk).update(is_hidden=True)  # hidden: not counted
    response = client.get(reverse("proposal_map", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'class="district-map"' in html
    list_url = reverse("proposal_list", kwargs={"slug": process.slug})
    assert f'<a href="{list_url}?district=%C3%87ankaya" aria-label="Çankaya: 2">' in html
    assert 'aria-label="Sincan: 1"' in html and 'aria-label="Mamak: 0"' in html
    assert "<caption>İlçelere göre yayımlanmış öneriler</caption>" in html
    assert f'<th scope="row"><a href="{list_url}?district=%C3%87ankaya">Çankaya</a></th><td>2</td>' in html
    assert '<th scope="row">İlçe belirtilmemiş</th><td>1</td>' in html
    assert "leaflet.js" not in html and "data-points-url" not in html
    assert "Haritada öneriler" in client.get(list_url).content.decode()  # linked from the list


def test_with_a_tile_server_the_map_page_uses_leaflet(client, process, placed, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Örnek Harita"
    html = client.get(reverse("proposal_map", kwargs={"slug": process.slug})).content.decode()
    assert "vendor/leaflet/leaflet.js" in html and "proposal-map.js" in html
    assert reverse("proposal_map_points", kwargs={"slug": process.slug}) in html
    assert "<caption>" in html  # the table stays for every reader


def test_the_points_are_the_public_proposals_with_a_point_only(client, process, placed):
    Proposal.objects.filter(pk=placed["d"].pk).update(is_hidden=True)
    response = client.get(reverse("proposal_map_points", kwargs={"slug": process.slug}))
    assert response.status_code == 200 and "max-age" in response["Cache-Control"]
    points = response.json()["points"]
    assert [p["title"] for p in points] == ["Otopark alanı", "Gece otobüsü"]
    assert points[1] == {
        "id": placed["a"].pk,
        "title": "Gece otobüsü",
        "district": "Çankaya",
        "neighbourhood": "Kızılay",
        "lat": 39.9208,
        "lon": 32.8541,
        "url": placed["a"].get_absolute_url(),
    }
    assert response.json()["capped"] is False


def test_the_list_filters_by_neighbourhood_within_the_district(client, process, placed):
    url = reverse("proposal_list", kwargs={"slug": process.slug})
    html = client.get(url, {"district": "cankaya"}).content.decode()
    assert "Gece otobüsü" in html and "Bisiklet yolu" in html and "Otopark alanı" not in html
    assert '<select id="f-neighbourhood" name="neighbourhood">' in html and "Kızılay Mahallesi" in html
    html = client.get(url, {"district": "Çankaya", "neighbourhood": "kizilay"}).content.decode()
    assert "Gece otobüsü" in html and "Bisiklet yolu" not in html
    assert 'id="f-neighbourhood"' not in client.get(url).content.decode()  # chosen after the district


def test_the_detail_page_shows_a_small_map_only_with_tiles(client, process, placed, settings):
    url = placed["a"].get_absolute_url()
    html = client.get(url).content.decode()
    assert "Çankaya</a> › <a" in html and "Kızılay Mahallesi" in html and "data-proposal-map" not in html
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = client.get(url).content.decode()
    assert 'data-lat="39.920800"' in html and 'data-lon="32.854100"' in html


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("https://tiles.example.org:8443/{z}/{x}/{y}.png", "https://tiles.example.org:8443"),
        ("", ""),
        ("javascript:alert(1)", ""),
        ("https://exa mple.org/{z}", ""),
        ("https://a.{s}.example.org/{z}", ""),
    ],
)
def test_the_tile_source_of_a_url(url, source):
    assert tile_source(url) == source


def test_the_csp_allows_the_tile_host_only_when_configured(process, settings):
    url = reverse("proposal_map", kwargs={"slug": process.slug})
    policy = Client().get(url)["Content-Security-Policy"]
    img = next(part for part in policy.split("; ") if part.startswith("img-src"))
    assert img == "img-src 'self' data:"
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    policy = Client().get(url)["Content-Security-Policy"]
    img = next(part for part in policy.split("; ") if part.startswith("img-src"))
    assert img == "img-src 'self' data: https://*.tiles.example.org"
    assert policy.count("tiles.example.org") == 1  # nothing else is widened

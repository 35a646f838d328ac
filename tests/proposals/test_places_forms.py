"""A proposal's place through every way in: the service, the web form (with and without htmx) and
the import. A neighbourhood outside the chosen district, one without a district and a point
outside Ankara are refused in Turkish, and nothing is stored."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.proposals import services
from ortakakil.proposals.importing import proposals_import
from ortakakil.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def _create(author, process, **place):
    return services.proposal_create(
        actor=author,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü",
        body="Gece otobüsü seferleri olsun.",
        **place,
    )


def test_the_service_stores_proper_names_and_the_point(author, process):
    proposal = _create(
        author, process, district="cankaya", neighbourhood="KIZILAY MAHALLESİ", latitude="39.9208", longitude=32.8541
    )
    proposal.refresh_from_db()
    assert (proposal.district, proposal.neighbourhood) == ("Çankaya", "Kızılay")
    assert (proposal.latitude, proposal.longitude) == (Decimal("39.920800"), Decimal("32.854100"))


@pytest.mark.parametrize(
    ("place", "field", "message"),
    [
        (
            {"district": "Çankaya", "neighbourhood": "Hasanoğlan Fatih"},
            "neighbourhood",
            "mahallesi Çankaya ilçesinde değil",
        ),
        ({"neighbourhood": "Kızılay"}, "neighbourhood", "Önce mahallenin bağlı olduğu ilçeyi seçin."),
        ({"district": "Kadıköy"}, "district", "Ankara'nın bir ilçesi değil"),
        ({"latitude": 41.0082, "longitude": 28.9784}, "location", "Haritadaki nokta Ankara'nın dışında."),
        ({"latitude": 39.9}, "location", "Enlem ve boylamı birlikte verin"),
    ],
)
def test_the_service_refuses_a_bad_place_and_stores_nothing(author, process, place, field, message):
    with pytest.raises(ValidationError) as caught:
        _create(author, process, **place)
    assert message in caught.value.message_dict[field][0]
    assert not Proposal.objects.exists()


def test_an_edit_checks_the_place_too_and_changes_nothing_on_error(author, process):
    proposal = _create(author, process, district="Sincan", latitude=39.97, longitude=32.58)
    with pytest.raises(ValidationError):
        services.proposal_edit(
            actor=author,
            proposal=proposal,
            title="Gece otobüsü",
            body="Gece otobüsü seferleri olsun.",
            district="Sincan",
            neighbourhood="Kızılay",
            latitude=39.97,
            longitude=32.58,
        )
    proposal.refresh_from_db()
    assert (proposal.district, proposal.neighbourhood) == ("Sincan", "")
    services.proposal_edit(
        actor=author,
        proposal=proposal,
        title="Gece otobüsü",
        body="Gece otobüsü seferleri olsun.",
        district="Çankaya",
        neighbourhood="kizilay",
    )
    proposal.refresh_from_db()
    assert (proposal.district, proposal.neighbourhood, proposal.latitude) == ("Çankaya", "Kızılay", None)


def _post(client, process, **extra):
    data = {
        "theme": process.themes.get(code="ULASIM").pk,
        "title": "Gece otobüsü",
        "body": "Gece otobüsü seferleri olsun.",
    } | extra
    return client.post(reverse("proposal_create", kwargs={"slug": process.slug}), data)


def test_the_form_offers_the_districts_and_every_neighbourhood_grouped_without_javascript(client, process, author):
    client.force_login(author)
    html = client.get(reverse("proposal_create", kwargs={"slug": process.slug})).content.decode()
    assert '<select name="district"' in html and '<option value="Şereflikoçhisar">' in html
    assert (
        html.index('<option value="Akyurt">')
        < html.index('<option value="Çankaya">')
        < html.index('<option value="Sincan">')
    )
    assert '<optgroup label="Çankaya">' in html and '<option value="Kızılay">Kızılay Mahallesi</option>' in html
    assert 'hx-get="/processes/' in html and "/proposals/new/neighbourhoods/" in html
    assert "Konumumu kullan" in html and 'name="location_lat"' in html and 'name="location_lon"' in html
    assert "leaflet.js" not in html  # no tile server: no Leaflet


def test_the_form_stores_a_place_and_a_point(client, process, author):
    client.force_login(author)
    response = _post(
        client, process, district="Çankaya", neighbourhood="Kızılay", location_lat="39.9208", location_lon="32.8541"
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.district, proposal.neighbourhood, proposal.latitude) == (
        "Çankaya",
        "Kızılay",
        Decimal("39.920800"),
    )
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Kızılay Mahallesi" in page and "?district=%C3%87ankaya" in page
    # no tile server: the point as numbers, opening the device's map application
    assert 'href="geo:39.920800,32.854100"' in page and "Haritadaki nokta:" in page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"district": "Çankaya", "neighbourhood": "Hasanoğlan Fatih"},
            "“Hasanoğlan Fatih” mahallesi Çankaya ilçesinde değil.",
        ),
        ({"neighbourhood": "Kızılay"}, "Önce mahallenin bağlı olduğu ilçeyi seçin."),
        ({"location_lat": "41.0082", "location_lon": "28.9784"}, "Haritadaki nokta Ankara&#x27;nın dışında."),
        ({"district": "Kadıköy"}, "“Kadıköy” Ankara&#x27;nın bir ilçesi değil."),
    ],
)
def test_the_form_refuses_a_bad_place_with_a_turkish_message(client, process, author, extra, message):
    client.force_login(author)
    response = _post(client, process, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists()
    if extra.get("district") == "Çankaya":  # sent back: the chosen district's neighbourhoods only
        html = response.content.decode()
        assert "<optgroup" not in html and '<option value="Kızılay">Kızılay Mahallesi</option>' in html


def test_the_neighbourhood_options_follow_the_district(client, process):
    url = reverse("proposal_neighbourhoods", kwargs={"slug": process.slug})
    html = client.get(url, {"district": "cankaya"}).content.decode()
    assert '<option value="Kızılay">Kızılay Mahallesi</option>' in html
    assert "Hasanoğlan" not in html and "<optgroup" not in html
    everything = client.get(url).content.decode()
    assert everything.count("<optgroup") == 25
    assert client.post(url).status_code == 405


def test_the_edit_page_keeps_the_point(client, process, author):
    proposal = _create(author, process, district="Sincan", latitude=39.97, longitude=32.58)
    client.force_login(author)
    html = client.get(reverse("proposal_edit", kwargs={"slug": process.slug, "pk": proposal.pk})).content.decode()
    assert 'value="39.970000"' in html and 'value="32.580000"' in html
    # the district is chosen: its neighbourhoods, not all 1,434 of the city
    assert "<optgroup" not in html and '<option value="Kızılay">' not in html


def test_the_import_checks_neighbourhoods_and_writes_nothing_on_error(process, make_user):
    staff = make_user(Role.STRATEGY_TEAM, username="strateji")
    content = (
        "tema;başlık;öneri;ilçe;mahalle\n"
        "ULASIM;Gece otobüsü;Gece otobüsü seferleri olsun.;cankaya;kizilay mah\n"
        "ULASIM;Otopark alanı;Otopark alanı yapılsın lütfen.;Çankaya;Hasanoğlan Fatih\n"
        "ULASIM;Bisiklet yolu;Bisiklet yolu yapılsın lütfen.;;Kızılay\n"
    ).encode()
    report = proposals_import(actor=staff, process=process, name="a.csv", content=content, dry_run=False)
    assert not report.ok and not Proposal.objects.exists()
    assert [(row.line, row.errors) for row in report.errors] == [
        (3, ["“Hasanoğlan Fatih” mahallesi Çankaya ilçesinde değil."]),
        (4, ["Önce mahallenin bağlı olduğu ilçeyi seçin."]),
    ]
    good = b"\n".join(content.split(b"\n")[:2]) + b"\n"
    report = proposals_import(actor=staff, process=process, name="a.csv", content=good, dry_run=False)
    assert report.created == 1
    assert Proposal.objects.values_list("district", "neighbourhood").get() == ("Çankaya", "Kızılay")


def test_the_point_is_in_the_authors_data_export(author, process):
    from ortakakil.proposals.personal_data import sections

    _create(author, process, district="Sincan", latitude=39.97, longitude=32.58)
    section = next(s for s in sections(author) if s.key == "proposals")
    assert [row["location"] for row in section.rows] == ["39.970000, 32.580000"]


def test_the_list_filter_offers_every_district_in_turkish_order(client, process, author):
    _create(author, process, district="Sincan")
    html = client.get(reverse("proposal_list", kwargs={"slug": process.slug})).content.decode()
    options = html.split('id="f-district"')[1].split("</select>")[0]
    assert options.count("<option") == 26  # «Tüm ilçeler» and the 25
    assert options.index(">Akyurt<") < options.index(">Çankaya<") < options.index(">Çubuk<") < options.index(">Sincan<")

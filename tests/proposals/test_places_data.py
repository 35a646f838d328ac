"""The shipped place data and the rules a place follows: Ankara's 25 districts, their
neighbourhoods in Turkish order, names matched whatever the letters, and the Turkish refusals."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ortakakil.core.tabular import fold
from ortakakil.core.text import sort_key
from ortakakil.proposals import places


def test_the_data_holds_ankaras_25_districts_and_every_neighbourhood_once():
    raw = json.loads(places.DATA_FILE.read_text(encoding="utf-8"))["districts"]
    assert sorted(raw) == sorted(places.ANKARA_DISTRICTS) and len(raw) == 25
    assert sum(len(names) for names in raw.values()) > 1400
    for district, names in raw.items():
        assert names, district
        assert len(set(names)) == len(names), district
        # no two names of a district share a key, so what people type finds exactly one
        keys = [places._neighbourhood_key(name) for name in names]
        assert len(set(keys)) == len(keys), district
        assert not any(name.endswith(" Mah") or not name.strip() for name in names), district


def test_districts_and_neighbourhoods_come_in_turkish_alphabetical_order():
    assert places.districts() == sorted(places.ANKARA_DISTRICTS, key=sort_key)
    assert places.districts()[:2] == ["Akyurt", "Altındağ"] and places.districts()[-2:] == [
        "Şereflikoçhisar",
        "Yenimahalle",
    ]
    cankaya = places.neighbourhoods("Çankaya")
    assert cankaya == sorted(cankaya, key=sort_key) and "Kızılay" in cankaya
    assert places.neighbourhoods("cankaya") == cankaya
    assert places.neighbourhoods("Atlantis") == []


@pytest.mark.parametrize(
    "typed", ["Kızılay", "kizilay", "KIZILAY", " Kızılay  Mahallesi ", "kızılay mah.", "KIZILAY MAH", "Kızılay Mh."]
)
def test_a_neighbourhood_typed_any_way_gets_its_proper_name(typed):
    assert places.canonical_neighbourhood("cankaya", typed) == "Kızılay"


def test_a_name_written_without_its_space_is_found():
    assert places.canonical_neighbourhood("Çubuk", "Yukarıçavundur") == "Yukarı Çavundur"


def test_an_unknown_neighbourhood_is_kept_as_typed():
    assert places.canonical_neighbourhood("Çankaya", "  Ay   Yüzü ") == "Ay Yüzü"


def test_labels_read_as_people_say_them():
    assert places.neighbourhood_label("Kızılay") == "Kızılay Mahallesi"


def test_clean_place_gives_proper_names():
    assert places.clean_place("cankaya", "kizilay mahallesi") == ("Çankaya", "Kızılay")
    assert places.clean_place("", "") == ("", "")
    assert places.clean_place("SINCAN", "") == ("Sincan", "")


def test_a_neighbourhood_of_another_district_is_refused_in_turkish():
    with pytest.raises(ValidationError) as caught:
        places.clean_place("Çankaya", "Hasanoğlan Fatih")
    assert caught.value.message_dict == {"neighbourhood": ["“Hasanoğlan Fatih” mahallesi Çankaya ilçesinde değil."]}


def test_a_neighbourhood_without_a_district_is_refused():
    with pytest.raises(ValidationError) as caught:
        places.clean_place("", "Kızılay")
    assert caught.value.message_dict == {"neighbourhood": ["Önce mahallenin bağlı olduğu ilçeyi seçin."]}


def test_a_district_outside_ankara_is_refused():
    with pytest.raises(ValidationError) as caught:
        places.clean_place("Kadıköy", "")
    assert caught.value.message_dict == {"district": ["“Kadıköy” Ankara'nın bir ilçesi değil."]}


def test_a_point_in_ankara_is_kept_to_six_decimals():
    assert places.clean_point("39.9208", "32.8541") == (Decimal("39.920800"), Decimal("32.854100"))
    assert places.clean_point(39.92, 32.85) == (Decimal("39.920000"), Decimal("32.850000"))
    assert places.clean_point("39,92", "32,85") == (Decimal("39.920000"), Decimal("32.850000"))
    # The province's south: Şereflikoçhisar's centre lies below 39° N.
    assert places.clean_point("38.9393", "33.5386") == (Decimal("38.939300"), Decimal("33.538600"))
    assert places.clean_point(None, "") == (None, None)


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (41.0082, 28.9784, "Haritadaki nokta Ankara'nın dışında."),  # Istanbul
        (38.4, 32.8, "Haritadaki nokta Ankara'nın dışında."),
        (39.9, 34.3, "Haritadaki nokta Ankara'nın dışında."),
        (91, 32.8, "Haritadaki nokta Ankara'nın dışında."),
        ("39.9", None, "Enlem ve boylamı birlikte verin ya da ikisini de boş bırakın."),
        ("kuzey", "doğu", "Konum sayılarla verilmelidir."),
        ("nan", "32.8", "Konum sayılarla verilmelidir."),
        ("Infinity", "32.8", "Konum sayılarla verilmelidir."),
        (True, 32.8, "Konum sayılarla verilmelidir."),
    ],
)
def test_a_bad_point_is_refused_in_turkish(lat, lon, message):
    with pytest.raises(ValidationError) as caught:
        places.clean_point(lat, lon)
    assert caught.value.message_dict == {"location": [message]}


def test_matching_neighbourhoods_for_the_filter():
    assert places.matching_neighbourhoods("kizilay", "Çankaya") == ["Kızılay"]
    everywhere = places.matching_neighbourhoods("ataturk")
    assert len(everywhere) == 1 and fold(everywhere[0]) == "ataturk"
    assert places.matching_neighbourhoods("Yok Böyle") == ["Yok Böyle"]

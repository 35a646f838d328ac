"""Turkish case folding, alphabetical order and visible text (``core.text``, ``core.db``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ortakakil.core import text

# The order PostgreSQL's ICU collation for Turkish (tr-x-icu) gives these names.
ICU_ORDER = [
    "10. Yıl",
    "9 Eylül",
    "a b",
    "a-b",
    "a.b",
    "ab",
    "adet",
    "âdet",
    "Ağa",
    "Ağaç",
    "Ağca",
    "ankara",
    "Ankara",
    "ANKARA",
    "Ankara Üniversitesi",
    "Ankara'nın",
    "Cebeci",
    "Çankaya",
    "Dikmen",
    "Ğ",
    "Iğdır",
    "Ilgaz",
    "ılık",
    "ikinci",
    "İl Sağlık",
    "Oran",
    "Ötüken",
    "Özel 1",
    "Özel 10",
    "Özel 2",
    "Sincan",
    "Şişli",
    "Uğur",
    "Üniversite",
    "Zafer",
]


def test_turkish_lower_and_upper_pair_dotted_and_dotless_i():
    assert text.turkish_lower("IŞIK İMAR ÇÖP OTOBÜS") == "ışık imar çöp otobüs"
    assert text.turkish_upper("ışık imar") == "IŞIK İMAR"
    assert "\u0307" not in text.turkish_lower("İSTANBUL")  # no combining dot, as str.lower leaves


def test_search_fold_makes_the_spellings_people_type_equal():
    assert text.search_fold("OTOBÜS") == text.search_fold("otobüs")
    assert text.search_fold("İmar") == text.search_fold("imar")
    assert text.search_fold("IŞIK") == text.search_fold("ışık")
    assert text.search_fold("  Çöp\u200b  toplama ") == "çöp toplama"


def test_sort_key_follows_the_turkish_alphabet_as_icu_does():
    shuffled = sorted(ICU_ORDER, key=lambda s: hash(s))
    assert sorted(shuffled, key=text.sort_key) == ICU_ORDER


def test_districts_sort_c_cedilla_after_c_and_s_cedilla_after_s():
    districts = ["Şereflikoçhisar", "Sincan", "Çubuk", "Çankaya", "Yenimahalle", "Altındağ", "Elmadağ"]
    assert sorted(districts, key=text.sort_key) == [
        "Altındağ",
        "Çankaya",
        "Çubuk",
        "Elmadağ",
        "Sincan",
        "Şereflikoçhisar",
        "Yenimahalle",
    ]


@given(st.text(max_size=20), st.text(max_size=20))
def test_compare_is_a_total_order_consistent_with_equality(a, b):
    assert text.compare(a, b) == -text.compare(b, a)
    assert (text.compare(a, b) == 0) == (a == b)


def test_visible_drops_zero_width_and_format_characters():
    assert text.visible("\u200b" * 6) == ""
    assert text.visible("\ufeffmerhaba\u200d ") == "merhaba"


def test_control_characters_are_named_but_line_breaks_are_allowed():
    assert text.control_characters("a\x00b\x1bc") == ["U+0000", "U+001B"]
    assert text.control_characters("satır\nsatır\tsekme\r") == []


@pytest.mark.django_db
def test_database_folds_and_sorts_the_turkish_way(organisation):
    """The same answers on SQLite (a registered function and collation) and on PostgreSQL (ICU)."""
    from ortakakil.core.db import turkish_order
    from ortakakil.core.models import Unit

    for number, name in enumerate(["Şişli", "Sincan", "Çankaya", "Cebeci", "İl Sağlık", "Ilgaz", "ılık", "Zafer"]):
        Unit.objects.create(organisation=organisation, code=f"U{number}", name=name)
    names = list(Unit.objects.order_by(turkish_order("name")).values_list("name", flat=True))
    assert names == ["Cebeci", "Çankaya", "Ilgaz", "ılık", "İl Sağlık", "Sincan", "Şişli", "Zafer"]

    def found(word):
        return sorted(Unit.objects.filter(name__tr_contains=word).values_list("name", flat=True))

    assert found("ŞİŞLİ") == ["Şişli"]
    assert found("çankaya") == ["Çankaya"]
    assert found("ILGAZ") == ["Ilgaz"]
    assert found("il") == ["İl Sağlık"]  # "il" is not "ıl": Ilgaz and ılık stay out
    assert found("%") == []  # LIKE wildcards are searched for literally

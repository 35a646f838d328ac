"""Turkish case folding, alphabetical order and visible text (``core.text``, ``core.db``)."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

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
    assert text.search_fold("  Çöp\u200b  toplama ") == "cop toplama"


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["KIZILAY", "Kızılay", "kizilay", "KİZİLAY"], "kizilay"),
        (["İSTANBUL", "istanbul", "İstanbul", "ISTANBUL"], "istanbul"),
        (["ÖĞRENCİ", "öğrenci", "ogrenci", "OGRENCI"], "ogrenci"),
        (["ışık", "IŞIK", "ISIK", "isik", "işik"], "isik"),
        (["çöp", "ÇÖP", "cop"], "cop"),
        (["Şişli", "ŞİŞLİ", "sisli", "SISLI"], "sisli"),
        (["âdet", "Âdet", "adet"], "adet"),
        (["kâğıt", "kağıt", "kagit"], "kagit"),
        (["millî", "milli"], "milli"),
        (["Üsküdar", "uskudar", "ÜSKÜDAR"], "uskudar"),
        (["café", "CAFÉ", "cafe"], "cafe"),
    ],
)
def test_search_fold_forgives_case_and_accents(spellings, folded):
    assert [text.search_fold(spelling) for spelling in spellings] == [folded] * len(spellings)


def test_search_fold_reads_decomposed_and_combining_dot_forms():
    # "i̇" as str.lower leaves "İ": i + U+0307 COMBINING DOT ABOVE
    assert text.search_fold("i\u0307stanbul") == "istanbul"
    assert text.search_fold("I\u0307STANBUL") == "istanbul"  # İ decomposed
    nfd = unicodedata.normalize("NFD", "Kızılay meydanında öğrenciler, Şişli'de çöp")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert text.search_fold(nfd) == "kizilay meydaninda ogrenciler, sisli'de cop"


def test_search_fold_makes_compatibility_forms_and_spaces_plain():
    assert text.search_fold("\ufb01kir\u00a0ve\u2003ＯＤＴÜ\tkampüsü\n") == "fikir ve odtu kampusu"
    assert text.search_fold("a \u0301 b") == "a b"  # a stray accent leaves no double space


def test_search_fold_keeps_what_has_no_accent_to_take_off():
    assert text.search_fold("Øresund Straße") == "øresund straße"
    assert text.search_fold("ОДТÜ Ёлка") == "одтu елка"  # Cyrillic letters stay Cyrillic
    assert text.search_fold("Ankara'nın 2025–2029 planı") == "ankara'nin 2025–2029 plani"


def test_turkish_lower_keeps_the_accents():
    assert text.turkish_lower("KIZILAY ÖĞRENCİ") == "kızılay öğrenci"
    assert text.search_lower("KIZILAY\u200b  ÖĞRENCİ") == "kızılay öğrenci"


def test_the_shared_character_classes_match_unicode():
    """The classes that PostgreSQL's fold uses are the sets Python's own functions use."""
    everything = [chr(code) for code in range(sys.maxunicode + 1)]
    format_re, spaces_re = re.compile(text.FORMAT_CHARACTERS), re.compile(text.SPACES)
    assert {c for c in everything if format_re.fullmatch(c)} == {
        c for c in everything if unicodedata.category(c) == "Cf"
    }
    assert {c for c in everything if spaces_re.fullmatch(c)} == {c for c in everything if c.isspace()}
    diacritics = re.compile(text.DIACRITICS)
    marks = {m for letter in "çğöşüâîûÇĞÖŞÜÂÎÛİ" for m in unicodedata.normalize("NFD", letter)[1:]}
    assert marks and all(diacritics.fullmatch(mark) for mark in marks)


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
    assert found("sisli") == ["Şişli"]
    assert found("çankaya") == ["Çankaya"]
    assert found("CANKAYA") == ["Çankaya"]
    assert found("ILGAZ") == ["Ilgaz"]
    assert found("saglik") == ["İl Sağlık"]
    assert found("ilik") == ["ılık"]
    # Search forgives the dot of the i: "il" finds İl, Ilgaz and ılık alike.
    assert found("il") == ["Ilgaz", "İl Sağlık", "ılık"]
    assert found("%") == []  # LIKE wildcards are searched for literally


@pytest.mark.django_db
def test_database_fold_is_search_fold_on_both_databases():
    """PostgreSQL folds in SQL what SQLite hands to Python: the texts must come out the same."""
    from django.db import connection

    from ortakakil.core.db import fold_sql

    samples = [
        "KIZILAY meydanı",
        "İSTANBUL",
        "I\u0307STANBUL",
        "i\u0307stanbul",
        "ÖĞRENCİ",
        "ışık ISIK",
        "Şişli'de çöp",
        unicodedata.normalize("NFD", "Kızılay meydanında öğrenciler"),
        "\ufb01kir\u00a0ve\u2003ＯＤＴÜ\tkampüsü\n",
        "  Çöp\u200b  toplama \ufeff",
        "a \u0301 b",
        "ΟΔΟΣ Ὀδυσσεύς",
        "Øresund Straße ẞ",
        "ℌ Ⅻ ① ¼ ǅ",
        "x\u2028y\u3000z\u0085w",
        "",
    ]
    alphabet = "aAıIiİçÇğĞöÖşŞüÜâÂîÎûÛéÉ\u0301\u0307\u0327\u200b\u00a0 \t\nΣσςﬁẞßǅ"
    rng = random.Random(11)  # noqa: S311 — reproducible test data, not security
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(300)]
    sql, params = fold_sql(connection, "%s")
    with connection.cursor() as cursor:
        for sample in samples:
            cursor.execute(f"SELECT {sql}", [sample, *params])
            assert (sample, cursor.fetchone()[0]) == (sample, text.search_fold(sample))


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("öğrencilere", "ogrenci"),
        ("ogrenciler", "ogrenci"),
        ("ÖĞRENCİLERİN", "ogrenci"),
        ("Otobüsler", "otobus"),
        ("otobusler", "otobusler"),  # vowel harmony lost with the accents: the plural stays
        ("kitabı", "kitap"),
        ("KIZILAY", "kizilay"),
        ("kızılaya", "kizila"),
        ("i\u0307stanbul", "istanbul"),
    ],
)
def test_stem_reads_the_turkish_word_and_folds_its_stem(word, stemmed):
    assert text.stem(word) == stemmed


@given(st.text(alphabet="abcçdefgğhıijklmnoöprsştuüvyzâ", min_size=1, max_size=20))
def test_a_stem_is_folded_text(word):
    assert text.search_fold(text.stem(word)) == text.stem(word)


def test_stop_words_are_recognised_with_or_without_turkish_letters():
    assert [text.is_stop_word(w) for w in ["ve", "İÇİN", "icin", "cunku", "otobüs", "veri"]] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]


@pytest.mark.django_db
def test_stem_gives_postgresqls_turkish_stems_for_the_demo_vocabulary():
    """The search once asked PostgreSQL's ``turkish_stem`` dictionary for its stems; ``stem`` runs
    the same snowball algorithm in Python, for both databases: on every word of the demo's
    Turkish content (some ten thousand) the two agree."""
    from pathlib import Path

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("compares with PostgreSQL's stemmer (run by .ci/run)")
    content = Path(text.__file__).parent.parent / "demo" / "content"
    words = sorted(
        {w for path in content.glob("*.toml") for w in re.findall(r"[^\W\d_]+", text.search_lower(path.read_text()))}
    )
    assert len(words) > 5000
    with connection.cursor() as cursor:
        cursor.execute("SELECT w, ts_lexize('turkish_stem', w) FROM unnest(%s::text[]) AS w", [words])
        postgres = {word: lexemes for word, lexemes in cursor.fetchall() if lexemes}  # [] for its stop words
    assert len(postgres) > 5000
    assert {w: text.stem(w) for w in postgres} == {w: text.search_fold(lexemes[0]) for w, lexemes in postgres.items()}

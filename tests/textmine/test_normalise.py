"""Turkish normalisation: the same word typed with or without Turkish letters, in any case."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ortakakil.textmine.core import normalise


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("KIZILAY", "kizilay"),
        ("Kızılay", "kizilay"),
        ("kizilay", "kizilay"),
        ("ÖĞRENCİ", "ogrenci"),
        ("öğrenci", "ogrenci"),
        ("IŞIK", "isik"),
        ("ışık", "isik"),
        ("İSTANBUL", "istanbul"),
        ("Şişli  Çöp", "sisli cop"),
        ("i̇stanbul", "istanbul"),  # i + combining dot above, as Python's str.lower leaves "İ"
        ("Âdet", "adet"),
        ("Hâkimiyet  \n  millete", "hakimiyet millete"),
    ],
)
def test_fold_matches_what_people_type(typed, folded):
    assert normalise.fold(typed) == folded


def test_fold_is_the_same_for_composed_and_decomposed_text():
    word = "Gölbaşı Çubuk Ümitköy"
    assert normalise.fold(unicodedata.normalize("NFD", word)) == normalise.fold(word) == "golbasi cubuk umitkoy"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_turkish_letters(text):
    once = normalise.fold(text)
    assert normalise.fold(once) == once
    assert not set(once) & set("çğıöşüÇĞİÖŞÜ")


def test_tokens_are_folded_words():
    assert normalise.tokens("Kızılay'da 3 öğrenci, İKİ otobüs!") == ["kizilay", "da", "3", "ogrenci", "iki", "otobus"]


def test_stems_meet_across_suffixes_and_missing_turkish_letters():
    assert normalise.stems("öğrencilere") == normalise.stems("ogrenciler") == ["ogrenci"]
    assert normalise.stems("Durakların") == normalise.stems("duraklarin") == ["durak"]


def test_stems_leave_stop_words_out():
    assert normalise.stems("ve bu için ile de çok") == []
    assert normalise.stems("Otobüs ve metro") == ["otobus", "metro"]


def test_analysis_stems_with_the_platforms_one_stemmer():
    """Text analysis and proposal search stem alike: both call ``core.text.stem``."""
    from ortakakil.core import text

    assert normalise.stem is text.stem
    assert normalise.is_stop_word is text.is_stop_word
    assert normalise.stems("Otobüslerin durakları") == [text.stem("otobüslerin"), text.stem("durakları")]


VOCABULARY = normalise.letters_vocabulary(
    ["Öğrenciler için gece açık kütüphane olsun.", "Kızılay'da öğrenciler", "Gece otobüsü", "ogrenciler icin"]
)


def test_letters_vocabulary_learns_only_from_text_typed_with_turkish_letters():
    assert VOCABULARY["ogrenciler"] == "öğrenciler"
    assert VOCABULARY["kizilay"] == "kızılay"
    assert VOCABULARY["acik"] == "açık"
    assert VOCABULARY["otobusu"] == "otobüsü"
    assert normalise.letters_vocabulary(["kutuphane acik"]) == {}


def test_letters_vocabulary_takes_the_most_frequent_written_form():
    vocabulary = normalise.letters_vocabulary(["açı açı", "acı"])
    assert vocabulary["aci"] == "açı"


def test_restore_letters_gives_a_phone_typed_text_its_turkish_letters():
    typed = "ogrenciler icin Kizilay da gece acik kutuphane ISTER"
    assert normalise.restore_letters(typed, VOCABULARY) == "öğrenciler için Kızılay da gece açık kütüphane ISTER"


def test_restore_letters_leaves_text_typed_with_turkish_letters_alone():
    typed = "öğrenciler icin acik"  # typed with its letters: "icin" is as written
    assert normalise.restore_letters(typed, VOCABULARY) == typed


def test_restore_letters_keeps_unknown_words_and_folds_back_to_the_same_text():
    typed = "ogrenciler bilinmeyenkelime icin"
    restored = normalise.restore_letters(typed, VOCABULARY)
    assert restored == "öğrenciler bilinmeyenkelime için"
    assert normalise.fold(restored) == normalise.fold(typed)

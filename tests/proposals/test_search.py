"""Proposal search folds Turkish letter case (İ/i, I/ı) and accents ("kizilay" finds "Kızılay",
"öğrenci" finds "ogrenci") on SQLite and PostgreSQL, in the web list and the API, and survives
whatever is typed into the box."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ortakakil.core.text import search_fold, stem
from ortakakil.proposals import services
from ortakakil.proposals.models import Proposal
from ortakakil.proposals.selectors import ProposalFilters, proposal_list, search_prefixes, search_terms

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Otobüs durakları", "Durakta OTOBÜS saatleri yazsın."),
    ("Çöp konteynerleri", "Mahallede çöp toplama haftada bir."),
    ("Sokak aydınlatması", "IŞIK yetersiz, akşam yürümek zor."),
    ("İmar planı askısı", "İmar planları herkesin göreceği yerde askıya çıksın."),
    ("Bisiklet yolu", "Güvenli ve ağaçlı bir bisiklet yolu yapılsın."),
]


@pytest.fixture
def proposals(process, author):
    theme = process.themes.get(code="ULASIM")
    return [
        services.proposal_create(actor=author, process=process, theme=theme, title=title, body=body)
        for title, body in TEXTS
    ]


def _found(process, q):
    return sorted(p.title for p in proposal_list(process=process, filters=ProposalFilters(q=q)))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("OTOBÜS", ["Otobüs durakları"]),
        ("otobüs", ["Otobüs durakları"]),
        ("ÇÖP", ["Çöp konteynerleri"]),
        ("çöp", ["Çöp konteynerleri"]),
        ("IŞIK", ["Sokak aydınlatması"]),
        ("ışık", ["Sokak aydınlatması"]),
        ("İmar", ["İmar planı askısı"]),
        ("imar", ["İmar planı askısı"]),
        ("İMAR", ["İmar planı askısı"]),
    ],
)
def test_search_ignores_turkish_letter_case(process, proposals, typed, expected):
    assert _found(process, typed) == expected


def test_dotless_and_dotted_i_are_one_letter_to_search(process, proposals):
    """People type "i" for "ı" (and "I" for "İ") on phones without Turkish letters."""
    assert _found(process, "ımar") == ["İmar planı askısı"]
    assert _found(process, "isik") == ["Sokak aydınlatması"]


KIZILAY = ("Kızılay meydanına öğrenci durağı", "Kızılay meydanına gelen öğrenciler için gece seferi olsun.")
TYPED_PLAIN = ("Okul servisi", "Bu ogrenci servisi kizilaya kadar gitsin, SISLI gibi.")  # no Turkish letters


@pytest.fixture
def kizilay(process, author):
    theme = process.themes.get(code="ULASIM")
    return [
        services.proposal_create(actor=author, process=process, theme=theme, title=title, body=body)
        for title, body in [KIZILAY, TYPED_PLAIN, ("Bisiklet yolu", "Güvenli ve ağaçlı bir bisiklet yolu.")]
    ]


def _web_and_api(client, process, q):
    web = client.get(reverse("proposal_list", kwargs={"slug": process.slug}), {"q": q})
    api = client.get("/api/v1/proposals/", {"process": process.slug, "q": q}).json()
    return sorted(p.title for p in web.context["page"].object_list), sorted(p["title"] for p in api["results"])


@pytest.mark.parametrize("typed", ["kizilay", "KIZILAY", "Kızılay", "kızılay'a", "KİZİLAY"])
def test_accentless_kizilay_finds_kizilay_in_the_web_list_and_the_api(client, process, kizilay, typed):
    web, api = _web_and_api(client, process, typed)
    assert web == api == ["Kızılay meydanına öğrenci durağı", "Okul servisi"]


@pytest.mark.parametrize("typed", ["ogrenci", "OGRENCI", "öğrenci", "Öğrenci", "ÖĞRENCİ"])
def test_ogrenci_and_ogrenci_find_each_other_in_the_web_list_and_the_api(client, process, kizilay, typed):
    """Both ways: "ogrenci" finds the text typed "öğrenci", "öğrenci" the text typed "ogrenci"."""
    web, api = _web_and_api(client, process, typed)
    assert web == api == ["Kızılay meydanına öğrenci durağı", "Okul servisi"]


def test_accents_typed_find_a_text_typed_without_them(client, process, kizilay):
    web, api = _web_and_api(client, process, "Şişli")
    assert web == api == ["Okul servisi"]
    web, api = _web_and_api(client, process, "meydanına -okul")
    assert web == api == ["Kızılay meydanına öğrenci durağı"]


def test_search_terms_drop_the_suffix_after_an_apostrophe_and_keep_combining_dots():
    assert search_terms("Kızılay'a ODTÜ’nün") == [(False, "kızılay"), (False, "odtü")]
    assert search_terms("i\u0307stanbul") == [(False, "i\u0307stanbul")]  # one word, dot and all


def test_a_lower_case_dotted_i_with_its_dot_apart_finds_istanbul(process, author):
    """JavaScript's and Python's plain lower case turn "İ" into "i" + U+0307."""
    theme = process.themes.get(code="ULASIM")
    services.proposal_create(
        actor=author, process=process, theme=theme, title="İSTANBUL yolu", body="Köprüye giden yol."
    )
    assert _found(process, "i\u0307stanbul") == ["İSTANBUL yolu"]
    assert _found(process, "istanbul") == ["İSTANBUL yolu"]


def test_web_list_and_api_find_the_same_proposals(client, process, proposals):
    page = client.get(reverse("proposal_list", kwargs={"slug": process.slug}), {"q": "OTOBÜS"}).content.decode()
    api = client.get("/api/v1/proposals/", {"process": process.slug, "q": "OTOBÜS"}).json()
    assert "Otobüs durakları" in page and "1 öneri" in page
    assert [p["title"] for p in api["results"]] == ["Otobüs durakları"]


@pytest.mark.parametrize(
    "typed", ["-" * 45, "!!! ??? ---", "' OR 1=1 --", '"""', "a & | ! ( ) : * b", "\u200b", "\u0301 -\u0307 ı\u0301"]
)
def test_anything_typed_into_the_box_gets_an_answer(client, process, proposals, typed):
    web = client.get(reverse("proposal_list", kwargs={"slug": process.slug}), {"q": typed})
    api = client.get("/api/v1/proposals/", {"process": process.slug, "q": typed})
    assert web.status_code == 200
    assert api.status_code == 200


def test_search_prefixes_are_each_word_and_its_stem_from_the_one_stemmer():
    """The stems come from ``core.text.stem`` — the stemmer text analysis uses — on either database."""
    terms = search_terms("Otobüsler -kitabı ve ogrencilerin durakları")
    assert search_prefixes(terms) == [
        (False, ["otobus", "otobusler"]),
        (True, ["kitabi", "kitap"]),
        (False, ["ogrenci", "ogrencilerin"]),  # "ve" is a stop word: left out
        (False, ["durak", "duraklari"]),
    ]
    assert [stem(word) for _exclude, word in terms if word != "ve"] == ["otobus", "kitap", "ogrenci", "durak"]
    assert search_prefixes(search_terms("alan")) == [(False, ["alan"])]  # its stem "ala" is too short
    assert search_prefixes(search_terms("ve için")) == []
    assert search_prefixes([]) is None


def test_search_terms_keep_words_and_exclusions_only():
    assert search_terms("OTOBÜS -Metro  ve!!") == [(False, "otobüs"), (True, "metro"), (False, "ve")]
    assert search_terms("-" * 45) == []
    assert len(search_terms(" ".join(f"k{n}" for n in range(50)))) == 8


def test_a_word_can_be_left_out(process, proposals):
    assert _found(process, "yol -bisiklet") == []
    assert _found(process, "yol") == ["Bisiklet yolu"]


def test_edits_keep_the_search_column_current(process, author, proposals):
    proposal = proposals[0]
    services.proposal_edit(actor=author, proposal=proposal, title="Tramvay hattı", body="Kızılay'a TRAMVAY gelsin.")
    assert _found(process, "tramvay") == ["Tramvay hattı"]
    assert _found(process, "otobüs") == []


def test_bulk_imports_fill_the_search_column(process):
    theme = process.themes.get(code="AFET")
    Proposal.objects.bulk_create(
        [Proposal(process=process, theme=theme, title="Toplanma ALANI", body="Işıklandırılmış toplanma alanı.")]
    )
    assert _found(process, "alanı") == ["Toplanma ALANI"]


def test_postgresql_search_uses_the_index_on_the_folded_column(process, proposals):
    from django.db import connection

    from ortakakil.proposals.selectors import text_search

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only (run by .ci/run)")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # the test table is tiny; make the planner show its hand
        plans = {q: text_search(Proposal.objects.all(), q).explain() for q in ["OTOBÜS", "otobus", "kizilay -metro"]}
        cursor.execute("SET enable_seqscan = on")
    assert all("proposal_fulltext_tr" in plan for plan in plans.values()), plans


def test_a_word_finds_its_longer_forms_on_both_databases(process, author, kizilay):
    theme = process.themes.get(code="ULASIM")
    services.proposal_create(
        actor=author, process=process, theme=theme, title="Otobüsler", body="Otobüsler geç kalıyor."
    )
    assert _found(process, "otobüs") == ["Otobüsler"]
    assert _found(process, "otobus") == ["Otobüsler"]
    assert _found(process, "meydan") == ["Kızılay meydanına öğrenci durağı"]


def test_the_stem_of_an_inflected_word_is_searched_too_on_both_databases(process, author, kizilay):
    """The platform's Turkish stemmer (``core.text.stem``) reads the word as typed (accents on: it
    follows vowel harmony), and its stem, folded, is searched as a prefix too: "öğrencilerin" finds
    "ogrenci"."""
    theme = process.themes.get(code="ULASIM")
    services.proposal_create(
        actor=author, process=process, theme=theme, title="Kitap", body="Kitap bağışı, yangın alarmı."
    )
    both = ["Kızılay meydanına öğrenci durağı", "Okul servisi"]
    assert _found(process, "öğrencilerin") == both
    assert _found(process, "ogrencilerin") == both
    assert _found(process, "kızılaya") == both
    assert _found(process, "kitabı") == ["Kitap"]  # the stem "kitap" is not a prefix of "kitabı"
    assert _found(process, "ve öğrenciler") == both  # "ve" is a stop word: left out
    assert _found(process, "ve") == []  # nothing to look for
    assert _found(process, "alan") == []  # its stem "ala" is too short to be used: "alarmı" stays out


def test_postgresql_search_for_a_folded_word_uses_the_index_among_100k_proposals(process, author, kizilay):
    """At the size of a big city's process the planner itself picks the GIN index for "kizilay"
    (no ``enable_seqscan = off`` here): a hundred thousand proposals, one in a thousand about
    Kızılay, with a vocabulary of some hundreds of words (as real texts have: the planner
    estimates a prefix from the most common words), their search column folded in SQL as Python
    folds it."""
    from django.db import connection

    from ortakakil.core.db import fold_sql

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only (run by .ci/run)")
    fold, fold_params = fold_sql(connection, "title || ' ' || body")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO proposals_proposal (created_at, updated_at, process_id, theme_id, author_id, title, body,
                district, neighbourhood, source, answer_state, supports_count, comments_count, reports_count,
                is_hidden, merged_into_id, search_text)
            SELECT now() - make_interval(mins => g), now(), %s, %s, %s, 'Öneri ' || g,
                   CASE WHEN g %% 1000 = 0 THEN 'Kızılay''da yaya geçidi olsun.'
                        ELSE (ARRAY['Otobüs seferleri artsın', 'Parklar bakımlı olsun', 'Kaldırımlar onarılsın',
                                    'Öğrencilere ücretsiz ulaşım'])[1 + g %% 4]
                   END || ': mahalle' || (g %% 211) || ' sokak' || (g %% 307) || '.',
                   '', '', 'online', '', 0, 0, 0, false, NULL, ''
            FROM generate_series(1, 100000) g
            """,
            [process.pk, kizilay[0].theme_id, author.pk],
        )
        refold = f"UPDATE proposals_proposal SET search_text = {fold} WHERE search_text = ''"  # noqa: S608 — our SQL
        cursor.execute(refold, fold_params)
        cursor.execute("ANALYZE proposals_proposal")
    sample = Proposal.objects.get(title="Öneri 2000")
    assert sample.search_text == search_fold(f"{sample.title}\n{sample.body}")
    for typed in ["kizilay", "KIZILAY", "Kızılay", "kızılay'da"]:
        queryset = proposal_list(process=process, filters=ProposalFilters(q=typed))
        assert "proposal_fulltext_tr" in queryset[:20].explain(), typed
        assert queryset.count() == 100 + 2, typed


def test_the_migration_refolds_the_search_column_of_existing_proposals(process, kizilay, monkeypatch):
    """Proposals saved before accents were folded carry "kızılay" in their column; migration 0005
    recomputes it, batch by batch, so that "kizilay" finds them."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("ortakakil.proposals.migrations.0005_search_text_without_accents")
    monkeypatch.setattr(migration, "BATCH", 2)  # three proposals: two batches
    for proposal in kizilay:  # as migration 0003 folded: Turkish lower case, accents kept
        Proposal.objects.filter(pk=proposal.pk).update(
            search_text=" ".join(f"{proposal.title}\n{proposal.body}".lower().split())
        )
    assert _found(process, "kizilay") == ["Okul servisi"]  # typed without accents in the first place

    migration.refold(apps, schema_editor=None)

    assert _found(process, "kizilay") == ["Kızılay meydanına öğrenci durağı", "Okul servisi"]
    for proposal in Proposal.objects.all():
        assert proposal.search_text == search_fold(f"{proposal.title}\n{proposal.body}")

"""Proposal search folds Turkish letter case (İ/i, I/ı) on SQLite and PostgreSQL, in the web list
and the API, and survives whatever is typed into the box."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ortakakil.proposals import services
from ortakakil.proposals.models import Proposal
from ortakakil.proposals.selectors import ProposalFilters, proposal_list, search_terms

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


def test_dotless_and_dotted_i_stay_different_letters(process, proposals):
    """ "ışık" is not "işik": Turkish folding keeps I/ı apart from İ/i."""
    assert "İmar planı askısı" not in _found(process, "ımar")


def test_web_list_and_api_find_the_same_proposals(client, process, proposals):
    page = client.get(reverse("proposal_list", kwargs={"slug": process.slug}), {"q": "OTOBÜS"}).content.decode()
    api = client.get("/api/v1/proposals/", {"process": process.slug, "q": "OTOBÜS"}).json()
    assert "Otobüs durakları" in page and "1 öneri" in page
    assert [p["title"] for p in api["results"]] == ["Otobüs durakları"]


@pytest.mark.parametrize("typed", ["-" * 45, "!!! ??? ---", "' OR 1=1 --", '"""', "a & | ! ( ) : * b", "\u200b"])
def test_anything_typed_into_the_box_gets_an_answer(client, process, proposals, typed):
    web = client.get(reverse("proposal_list", kwargs={"slug": process.slug}), {"q": typed})
    api = client.get("/api/v1/proposals/", {"process": process.slug, "q": typed})
    assert web.status_code == 200
    assert api.status_code == 200


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
        plan = text_search(Proposal.objects.all(), "OTOBÜS").explain()
        cursor.execute("SET enable_seqscan = on")
    assert "proposal_fulltext_tr" in plan

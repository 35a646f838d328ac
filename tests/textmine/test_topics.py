"""Sub-topics, their label words and extractive summaries (hand-made vectors, no model)."""

from __future__ import annotations

from collections import Counter

import numpy as np

from ortakakil.textmine.core import topics

BUS = [
    "Otobüs seferleri akşamları çok seyrek, otobüs bekliyoruz.",
    "Otobüs durağında saçak yok, otobüs gelmiyor.",
    "otobus seferleri artsin, otobus duraklari dolu.",
    "Gece otobüs seferi konulsun.",
    "Otobüs şoförleri durakta beklemiyor.",
]
BIKE = [
    "Bisiklet yolu kesintisiz olsun, bisiklet park yeri yok.",
    "Bisiklet yollarına araç park ediyor.",
    "Okula bisiklet ile gidecek güvenli bisiklet yolu istiyoruz.",
    "Bisiklet kiralama istasyonları kurulsun.",
    "Bisiklet yolları parklara bağlansın.",
]


def vectors(seed=0):
    rng = np.random.default_rng(seed)
    a = np.array([1.0, 0.0, 0.0]) + rng.normal(0, 0.05, (5, 3))
    b = np.array([0.0, 1.0, 0.0]) + rng.normal(0, 0.05, (5, 3))
    return np.vstack([a, b])


def test_two_subtopics_with_their_words_and_summaries():
    found = topics.subtopics(BUS + BIKE, vectors())
    assert len(found) == 2
    assert {frozenset(t.members) for t in found} == {frozenset(range(5)), frozenset(range(5, 10))}
    assert {t.keywords[0] for t in found} == {"otobüs", "bisiklet"}
    for t in found:
        assert 1 <= len(t.summary) <= 3
        assert all(s in " ".join(BUS + BIKE) for s in t.summary)


def test_too_few_texts_stay_one_subtopic():
    found = topics.subtopics(BUS[:3], vectors()[:3])
    assert len(found) == 1 and sorted(found[0].members) == [0, 1, 2]
    assert topics.subtopics([], np.zeros((0, 3))) == []


def test_summary_prefers_the_centre_then_something_different():
    v = np.array([[1.0, 0.0], [0.99, 0.1], [0.98, 0.12], [0.6, 0.8]])
    order = topics.central(v, count=2, diversity=0.5)
    assert order[0] in (0, 1, 2) and order[1] == 3


def test_first_sentence_is_cut_at_the_end_of_a_sentence_or_a_limit():
    assert topics.first_sentence("Birinci cümle. İkinci cümle.") == "Birinci cümle."
    assert topics.first_sentence("a" * 300, limit=10) == "a" * 9 + "…"


def test_subtopics_are_deterministic_for_a_seed():
    assert topics.subtopics(BUS + BIKE, vectors(), seed=3) == topics.subtopics(BUS + BIKE, vectors(), seed=3)


def test_only_quotable_texts_are_quoted_but_all_shape_the_subtopics():
    quotable = [i % 2 == 0 for i in range(10)]
    found = topics.subtopics(BUS + BIKE, vectors(), quotable=quotable)
    assert {frozenset(t.members) for t in found} == {frozenset(range(5)), frozenset(range(5, 10))}
    for t in found:
        assert t.quoted and all(quotable[i] for i in t.quoted)
        assert t.summary == [topics.first_sentence((BUS + BIKE)[i]) for i in t.quoted]
    assert topics.quote(vectors(), [False] * 10) == []
    assert all(quotable[i] for i in topics.quote(vectors(), quotable, count=4))


def test_k_is_chosen_on_a_sample_above_the_silhouette_limit(monkeypatch):
    monkeypatch.setattr(topics, "SILHOUETTE_SAMPLE", 6)
    found = topics.subtopics(BUS + BIKE, vectors())
    assert {frozenset(t.members) for t in found} == {frozenset(range(5)), frozenset(range(5, 10))}


def test_label_words_are_rare_in_the_collection_and_shown_spelled_and_short():
    assert topics._shown_form(Counter({"yillik": 3, "yıllık": 1})) == "yıllık"
    assert topics._shown_form(Counter({"alanları": 5, "alan": 3, "alanlarında": 1})) == "alan"
    assert topics._shown_form(Counter({"alanları": 9, "alan": 1})) == "alanları"
    texts = ["Çankaya otobüs hattı", "Çankaya otobüs durağı", "Çankaya park bahçesi", "Çankaya park alanı"]
    labels = [0, 0, 1, 1]
    # Among the sub-topics alone, "çankaya" labels as well as any word of its group; not in the collection.
    collection = topics.corpus([*texts, "Çankaya kütüphanesi", "Çankaya yolu", "Çankaya spor salonu"])
    assert collection.size == 7 and collection.frequency[topics.stem("çankaya")] == 7
    assert topics.keywords(texts, labels, top=1, background=collection) == [["otobüs"], ["park"]]
    assert topics.keywords(["Yeni otobüs yapılsın", "Yeni otobüs olsun"], [0, 0]) == [["otobüs"]]
    [words] = topics.keywords(["Çatı paneli", "Çatılarına panel"], [0, 0], top=3)
    assert "panel" in words and sum(w.startswith("çatı") for w in words) == 1  # one «çatı…», not two

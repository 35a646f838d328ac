"""Similar and duplicate contributions.

The similarity of two texts adds three signals, each a cosine:

* meaning: the sentence embeddings (``embed``), which match paraphrases in other words;
* shared content words: TF-IDF over the first four letters of the stems of the content words
  (``normalise.stems``; rare shared words such as "tatbikat" or "Ankara Çayı" weigh most, and
  the prefix joins derived forms typed with or without Turkish letters), weighted ``LEXICAL``;
* the same subject: the theme probabilities of both texts (``classify.ThemeModel``, when one is
  given), weighted ``THEME``.

``top_k`` compares in blocks of rows (memory stays ``block × n``); ``groups`` restricts the
comparison (e.g. to the suggested theme) so that a large set is never compared all against all.
A pair is proposed for merging when each is the other's most similar item and their similarity
reaches ``DUPLICATE_MIN``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .normalise import stems

LEXICAL = 0.5
THEME = 0.1
PREFIX = 4
DUPLICATE_MIN = 1.1  # of at most 1 + LEXICAL + THEME; dev set: 34 pairs, precision 0.32, recall 0.28
BLOCK = 2048


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    score: float


def _normalised(vectors: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return np.asarray(v / np.maximum(norms, 1e-12), dtype=np.float32)


def lexical_terms(text: str) -> list[str]:
    """The words two texts must share to count as lexically alike: stem prefixes."""
    return [s[:PREFIX] for s in stems(text)]


@dataclass(frozen=True)
class Features:
    """What is compared: one row per text."""

    dense: npt.NDArray[np.float32]
    lexical: Any  # scipy sparse, rows L2-normalised
    theme: npt.NDArray[np.float64] | None = None

    @classmethod
    def build(cls, texts: Sequence[str], vectors: npt.NDArray[Any], theme: npt.NDArray[Any] | None = None) -> Features:
        from sklearn.feature_extraction.text import TfidfVectorizer

        lexical = TfidfVectorizer(analyzer=lexical_terms, sublinear_tf=True).fit_transform(list(texts))
        return cls(dense=_normalised(vectors), lexical=lexical.tocsr(), theme=theme)

    def scores(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The similarity of each of ``rows`` to each of ``cols``."""
        s = np.asarray(self.dense[rows] @ self.dense[cols].T, dtype=np.float64)
        s += LEXICAL * np.asarray((self.lexical[rows] @ self.lexical[cols].T).toarray())
        if self.theme is not None:
            s += THEME * (self.theme[rows] @ self.theme[cols].T)
        return s


def top_k(
    features: Features, k: int, *, groups: Sequence[str] | None = None
) -> tuple[list[list[int]], list[list[float]]]:
    """For each row, the ``k`` most similar other rows (most similar first; ties by row order)
    and their scores; with ``groups``, only rows of the same group are compared."""
    n = len(features.dense)
    neighbours: list[list[int]] = [[] for _ in range(n)]
    scores: list[list[float]] = [[] for _ in range(n)]
    if n < 2 or k < 1:
        return neighbours, scores
    if groups is None:
        parts = [np.arange(n)]
    else:
        labels = np.asarray(list(groups))
        parts = [np.flatnonzero(labels == g) for g in sorted(set(labels.tolist()))]
    for rows in parts:
        if len(rows) < 2:
            continue
        kk = min(k, len(rows) - 1)
        for start in range(0, len(rows), BLOCK):
            block = rows[start : start + BLOCK]
            s = features.scores(block, rows)
            s[np.arange(len(block)), np.arange(start, start + len(block))] = -np.inf
            order = np.argsort(-s, axis=1, kind="stable")[:, :kk]
            for i, row in enumerate(block.tolist()):
                neighbours[row] = [int(rows[j]) for j in order[i].tolist()]
                scores[row] = [float(s[i, j]) for j in order[i].tolist()]
    return neighbours, scores


def duplicates(
    features: Features, *, threshold: float = DUPLICATE_MIN, groups: Sequence[str] | None = None
) -> list[Pair]:
    """Pairs proposed for merging: mutual most similar items with similarity ≥ ``threshold``,
    most similar first."""
    neighbours, scores = top_k(features, 1, groups=groups)
    pairs = [
        Pair(i, nb[0], sc[0])
        for i, (nb, sc) in enumerate(zip(neighbours, scores, strict=True))
        if nb and i < nb[0] and neighbours[nb[0]] == [i] and sc[0] >= threshold
    ]
    return sorted(pairs, key=lambda p: (-p.score, p.a, p.b))

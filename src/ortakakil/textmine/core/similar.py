"""Similar and duplicate contributions.

The similarity of two texts adds three signals, each a cosine:

* meaning: the sentence embeddings (``embed``), which match paraphrases in other words;
* shared content words: TF-IDF over the first four letters of the stems of the content words
  (``normalise.stems``; rare shared words such as "tatbikat" or "Ankara Çayı" weigh most, and
  the prefix joins derived forms typed with or without Turkish letters), weighted ``LEXICAL``;
* the same subject: the theme probabilities of both texts (``classify.ThemeModel``, when one is
  given), weighted ``THEME``.

``top_k`` compares in blocks of rows (memory stays ``block × n``): meaning and theme by dense
products, then shared words for each item's ``CANDIDATES`` best; ``groups`` restricts the
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
CANDIDATES = 50  # per item, by meaning and theme, before shared words are counted


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
    def build(
        cls,
        texts: Sequence[str],
        vectors: npt.NDArray[Any],
        theme: npt.NDArray[Any] | None = None,
        *,
        terms: Sequence[Sequence[str]] | None = None,
    ) -> Features:
        """``terms``: each text's ``lexical_terms`` when already computed (per text, when it arrives)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        if terms is None:
            lexical = TfidfVectorizer(analyzer=lexical_terms, sublinear_tf=True).fit_transform(list(texts))
        else:
            lexical = TfidfVectorizer(analyzer=list, sublinear_tf=True).fit_transform(list(terms))
        return cls(dense=_normalised(vectors), lexical=lexical.tocsr(), theme=theme)

    def coarse(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """Meaning and theme of each of ``rows`` against each of ``cols`` (single precision)."""
        s = np.asarray(self.dense[rows] @ self.dense[cols].T, dtype=np.float32)
        if self.theme is not None:
            s += (np.float32(THEME) * self.theme[rows].astype(np.float32)) @ self.theme[cols].T.astype(np.float32)
        return s

    def lexical_pairs(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The shared-words cosine of each pair (``rows[i]``, ``cols[i]``)."""
        product = self.lexical[rows].multiply(self.lexical[cols])
        return np.asarray(product.sum(axis=1), dtype=np.float64).reshape(-1)


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
        cc = min(max(CANDIDATES, kk), len(rows) - 1)
        for start in range(0, len(rows), BLOCK):
            block = rows[start : start + BLOCK]
            s = features.coarse(block, rows)
            s[np.arange(len(block)), np.arange(start, start + len(block))] = -np.inf
            # the best candidates by meaning and theme, then shared words added to their scores
            cand = np.argpartition(s, -cc, axis=1)[:, -cc:]
            cand.sort(axis=1)
            full = np.take_along_axis(s, cand, axis=1).astype(np.float64)
            full += LEXICAL * features.lexical_pairs(np.repeat(block, cc), rows[cand.reshape(-1)]).reshape(cand.shape)
            order = np.argsort(-full, axis=1, kind="stable")[:, :kk]
            for i, row in enumerate(block.tolist()):
                neighbours[row] = [int(rows[j]) for j in cand[i, order[i]].tolist()]
                scores[row] = [float(full[i, j]) for j in order[i].tolist()]
    return neighbours, scores


def duplicates(
    features: Features,
    *,
    threshold: float = DUPLICATE_MIN,
    groups: Sequence[str] | None = None,
    nearest: tuple[list[list[int]], list[list[float]]] | None = None,
) -> list[Pair]:
    """Pairs proposed for merging: mutual most similar items with similarity ≥ ``threshold``,
    most similar first. ``nearest``: a ``top_k`` result already computed (any k ≥ 1)."""
    neighbours, scores = nearest if nearest is not None else top_k(features, 1, groups=groups)
    first = [nb[:1] for nb in neighbours]
    pairs = [
        Pair(i, nb[0], sc[0])
        for i, (nb, sc) in enumerate(zip(first, scores, strict=True))
        if nb and i < nb[0] and first[nb[0]] == [i] and sc[0] >= threshold
    ]
    return sorted(pairs, key=lambda p: (-p.score, p.a, p.b))

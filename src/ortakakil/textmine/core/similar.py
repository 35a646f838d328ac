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
A pair is proposed for merging when each is the other's most similar item, their similarity
reaches ``DUPLICATE_MIN``, and each is also the other's nearest by meaning alone (the
embeddings). The last condition keeps out look-alikes: two requests about the same place, or
worded alike, that shared words make each other's best match although they ask for different
things. A paraphrase must be the nearest in meaning as well, whatever words it uses: asking
both views to agree trades some recall for precision. For the same reason the threshold must
be reached without the shared words written as names (``lexical_terms`` marks them): a shared
place or organisation does not make the same request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from ortakakil.core.text import search_lower

from .normalise import is_stop_word, stem

LEXICAL = 0.5
THEME = 0.1
PREFIX = 4
DUPLICATE_MIN = 1.1  # of at most 1 + LEXICAL + THEME
BLOCK = 2048
CANDIDATES = 50  # per item, by meaning and theme, before shared words are counted
NAME_MARK = "@"
_NAMED_WORD = re.compile(r"([^\W_]+)(['’][^\W_]+)?")
"""A word, with the suffix that Turkish writes after an apostrophe on a proper name."""


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    score: float


def _normalised(vectors: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return np.asarray(v / np.maximum(norms, 1e-12), dtype=np.float32)


_SENTENCE_END = frozenset(".!?…:;\n")


@lru_cache(maxsize=200_000)
def _term(word: str) -> str | None:
    """A word's stem prefix, or None for a stop word or a one-letter word."""
    lowered = search_lower(word)
    if len(lowered) < 2 or is_stop_word(lowered):
        return None
    return stem(lowered)[:PREFIX]


def lexical_terms(text: str) -> list[str]:
    """The words two texts must share to count as lexically alike: the stem prefixes of the
    content words. A word written as a name — with its suffix after an apostrophe ("Kızılay'da",
    the suffix itself left out) or capitalised inside a sentence ("Gençlik Parkı") — is marked
    with ``NAME_MARK``: two requests about the same place share it without asking the same thing.
    A phone-typed name in lower case ("kizilayda") is an ordinary word."""
    out: list[str] = []
    previous_end = -1
    for match in _NAMED_WORD.finditer(text):
        word = match.group(1)
        starts_sentence = previous_end < 0 or not _SENTENCE_END.isdisjoint(text[previous_end : match.start()])
        previous_end = match.end()
        term = _term(word)
        if term is not None:
            named = match.group(2) is not None or (word[0].isupper() and not starts_sentence)
            out.append(NAME_MARK + term if named else term)
    return out


@dataclass(frozen=True)
class Features:
    """What is compared: one row per text."""

    dense: npt.NDArray[np.float32]
    lexical: Any  # scipy sparse, rows L2-normalised
    theme: npt.NDArray[np.float64] | None = None
    terms: Sequence[Sequence[str]] | None = None  # each row's ``lexical_terms``, names marked
    columns: dict[str, int] | None = None  # a term's ``lexical`` column

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
            terms = [lexical_terms(t) for t in texts]
        mark = len(NAME_MARK)
        plain = [[t[mark:] if t.startswith(NAME_MARK) else t for t in row] for row in terms]
        vectorizer = TfidfVectorizer(analyzer=list, sublinear_tf=True)
        lexical = vectorizer.fit_transform(plain).tocsr()
        return cls(
            dense=_normalised(vectors), lexical=lexical, theme=theme, terms=terms, columns=vectorizer.vocabulary_
        )

    def coarse(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """Meaning and theme of each of ``rows`` against each of ``cols`` (single precision)."""
        return self._add_theme(rows, cols, self.meaning(rows, cols))

    def meaning(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """The embeddings' cosine of each of ``rows`` against each of ``cols`` (single precision)."""
        return np.asarray(self.dense[rows] @ self.dense[cols].T, dtype=np.float32)

    def _add_theme(
        self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], s: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        if self.theme is not None:
            s += (np.float32(THEME) * self.theme[rows].astype(np.float32)) @ self.theme[cols].T.astype(np.float32)
        return s

    def lexical_pairs(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The shared-words cosine of each pair (``rows[i]``, ``cols[i]``)."""
        product = self.lexical[rows].multiply(self.lexical[cols])
        return np.asarray(product.sum(axis=1), dtype=np.float64).reshape(-1)

    def shared_names(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The part of ``lexical_pairs`` that words written as names (in either text) make up."""
        if self.terms is None or self.columns is None:
            return np.zeros(len(rows))
        mark, indptr, indices, data = len(NAME_MARK), self.lexical.indptr, self.lexical.indices, self.lexical.data

        def weights(row: int) -> dict[int, float]:
            span = slice(indptr[row], indptr[row + 1])
            return dict(zip(indices[span].tolist(), data[span].tolist(), strict=True))

        out = np.zeros(len(rows))
        for i, (a, b) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
            named = {self.columns[t[mark:]] for t in (*self.terms[a], *self.terms[b]) if t.startswith(NAME_MARK)}
            if named:
                wa, wb = weights(a), weights(b)
                out[i] = sum(wa.get(c, 0.0) * wb.get(c, 0.0) for c in named)
        return out


def top_k(
    features: Features,
    k: int,
    *,
    groups: Sequence[str] | None = None,
    meaning: npt.NDArray[np.int64] | None = None,
) -> tuple[list[list[int]], list[list[float]]]:
    """For each row, the ``k`` most similar other rows (most similar first; ties by row order)
    and their scores; with ``groups``, only rows of the same group are compared. ``meaning``
    (one entry per row), when given, receives in the same pass what ``nearest_by_meaning`` gives
    for every row, for ``duplicates``."""
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
            s = features.meaning(block, rows)
            s[np.arange(len(block)), np.arange(start, start + len(block))] = -np.inf
            if meaning is not None:
                meaning[block] = rows[s.argmax(axis=1)]
            s = features._add_theme(block, rows, s)
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
    meaning: npt.NDArray[np.int64] | None = None,
) -> list[Pair]:
    """Pairs proposed for merging: mutual most similar items with similarity ≥ ``threshold``,
    ``threshold`` reached without the words written as names, and each other's nearest by
    meaning (``nearest_by_meaning``), most similar first. ``nearest``: a ``top_k`` result already
    computed (any k ≥ 1) with the same ``groups``, and ``meaning`` what it filled in, if anything."""
    if nearest is None:
        meaning = np.full(len(features.dense), -1, dtype=np.int64)
        nearest = top_k(features, 1, groups=groups, meaning=meaning)
    neighbours, scores = nearest
    first = [nb[:1] for nb in neighbours]
    candidates = [
        Pair(i, nb[0], sc[0])
        for i, (nb, sc) in enumerate(zip(first, scores, strict=True))
        if nb and i < nb[0] and first[nb[0]] == [i] and sc[0] >= threshold
    ]
    if candidates:  # a shared place or organisation does not make the same request
        a, b = (np.asarray(side, dtype=np.int64) for side in zip(*((p.a, p.b) for p in candidates), strict=True))
        without = np.asarray([p.score for p in candidates]) - LEXICAL * features.shared_names(a, b)
        candidates = [p for p, score in zip(candidates, without.tolist(), strict=True) if score >= threshold]
    if meaning is None:
        rows = np.asarray(sorted({r for p in candidates for r in (p.a, p.b)}), dtype=np.int64)
        meaning = np.full(len(features.dense), -1, dtype=np.int64)
        meaning[rows] = nearest_by_meaning(features, rows, groups=groups)
    pairs = [p for p in candidates if meaning[p.a] == p.b and meaning[p.b] == p.a]
    return sorted(pairs, key=lambda p: (-p.score, p.a, p.b))


def nearest_by_meaning(
    features: Features, rows: npt.NDArray[np.int64], *, groups: Sequence[str] | None = None
) -> npt.NDArray[np.int64]:
    """For each of ``rows``, the other row whose embedding is the most similar (the first on a
    tie; -1 when it has no other row), within its group when ``groups`` is given. Compared in
    blocks of ``rows``: ``len(rows)`` × the group's size products, never all pairs."""
    out = np.full(len(rows), -1, dtype=np.int64)
    if groups is None:
        parts = [(np.arange(len(rows)), np.arange(len(features.dense)))]
    else:
        labels = np.asarray(list(groups))
        mine = labels[rows]
        parts = [(np.flatnonzero(mine == g), np.flatnonzero(labels == g)) for g in sorted(set(mine.tolist()))]
    for at, cols in parts:
        for start in range(0, len(at), BLOCK):
            block = at[start : start + BLOCK]
            s = np.asarray(features.dense[rows[block]] @ features.dense[cols].T, dtype=np.float32)
            s[rows[block][:, None] == cols[None, :]] = -np.inf
            best = s.argmax(axis=1)
            found = np.isfinite(s[np.arange(len(block)), best])
            out[block] = np.where(found, cols[best], -1)
    return out

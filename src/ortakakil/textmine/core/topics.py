"""Sub-topics within a theme, their keyword labels, and extractive summaries.

* ``subtopics``: k-means on the sentence embeddings of a theme's contributions, k chosen by the
  silhouette among 2 … ``max_k`` (one sub-topic when there are too few texts to split); deterministic
  for a seed.
* ``keywords``: each sub-topic's label words, by class-based TF-IDF over content-word stems
  (frequent in the sub-topic, rare in the whole collection or else in the other sub-topics),
  each shown in its commonest short form, spelled with Turkish letters when anyone did.
* ``summary``: an extractive summary — the most central contributions (closest to the group's
  centre) with maximal marginal relevance, so that the second one says something the first does not;
  each shown by its first sentence. Only rows marked quotable are quoted (survey answers are
  analysed but never shown one by one); the others still shape the sub-topics and their words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ortakakil.core.text import turkish_lower

from .normalise import WORD, fold, is_stop_word, stem

MIN_PER_TOPIC = 4
SILHOUETTE_SAMPLE = 2000
"""Above this many texts the silhouette that chooses k is measured on a fixed sample (it is
quadratic in the number of texts)."""
NOT_LABELS = frozenset({
    # meaningful in a sentence, empty as a label: what every request says
    "var", "yok", "olsun", "olsa", "olmalı", "olmalidir", "istiyoruz", "istiyorum", "lazım", "gerek",
    "gerekli", "gerekiyor", "yapılsın", "yapılmalı", "edilsin", "edilmeli", "yeni", "daha", "hala",
})  # fmt: skip
NOT_LABELS_FOLDED = frozenset(fold(word) for word in NOT_LABELS)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Subtopic:
    members: list[int]  # indices into the texts, most central first
    keywords: list[str]
    summary: list[str]
    quoted: list[int]  # the indices whose first sentences ``summary`` holds, in the same order


def _unit(vectors: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    v = np.asarray(vectors, dtype=np.float64)
    return np.asarray(v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12), dtype=np.float64)


def cluster(vectors: npt.NDArray[Any], *, max_k: int = 8, seed: int = 0) -> npt.NDArray[np.int64]:
    """A sub-topic label per row (0 … k−1, largest sub-topic first)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    # Sentence embeddings share a large common direction; without it the differences show.
    raw = _unit(vectors)
    v = _unit(raw - raw.mean(axis=0)) if len(raw) > 1 else raw
    n = len(v)
    best = np.zeros(n, dtype=np.int64)
    best_score = -1.0
    for k in range(2, min(max_k, n // MIN_PER_TOPIC) + 1):
        labels = KMeans(k, n_init=2, random_state=seed).fit_predict(v)
        sample = SILHOUETTE_SAMPLE if n > SILHOUETTE_SAMPLE else None
        score = float(silhouette_score(v, labels, metric="cosine", sample_size=sample, random_state=seed))
        if score > best_score:
            best, best_score = labels.astype(np.int64), score
    sizes = Counter(best.tolist())
    rank = {label: r for r, (label, _) in enumerate(sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])))}
    return np.array([rank[int(x)] for x in best.tolist()], dtype=np.int64)


@dataclass(frozen=True)
class Corpus:
    """How many texts of the whole collection (e.g. every contribution of a process) use each
    stem: label words are those frequent in a sub-topic and rare in the collection, so that words
    every contribution uses ("yeni", "mahalle", "belediye") do not label anything."""

    size: int
    frequency: Counter[str]


def _label_words(text: str) -> list[tuple[str, str]]:
    """(stem, word) of the words of ``text`` that may label a sub-topic."""
    out = []
    for word in WORD.findall(turkish_lower(text)):
        if len(fold(word)) < 3 or is_stop_word(word) or fold(word) in NOT_LABELS_FOLDED:
            continue
        out.append((stem(word), word))
    return out


def corpus(texts: Sequence[str]) -> Corpus:
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update({s for s, _ in _label_words(text)})
    return Corpus(size=len(texts), frequency=frequency)


def _shown_form(forms: Counter[str]) -> str:
    """The word form that labels a stem: spellings that differ only in Turkish letters count as one
    and show with them ("yıllık", not "yillik"); among the common forms, the shortest ("alan"
    rather than "alanları" when both are common)."""
    by_fold: dict[str, Counter[str]] = {}
    for form, n in forms.items():
        by_fold.setdefault(fold(form), Counter())[form] += n
    spelled = {
        max(variants, key=lambda f: (sum(not c.isascii() for c in f), variants[f], f)): sum(variants.values())
        for variants in by_fold.values()
    }
    most = max(spelled.values())
    common = [f for f, n in spelled.items() if 2 * n >= most]
    return min(common, key=lambda f: (len(f), -spelled[f], f))


def keywords(
    texts: Sequence[str], labels: Sequence[int], *, top: int = 4, background: Corpus | None = None
) -> list[list[str]]:
    """Label words of each sub-topic: class-based TF-IDF over stems, the inverse frequency taken
    in ``background`` when given (else among the sub-topics); each shown by ``_shown_form``."""
    groups = sorted(set(labels))
    counts = {g: Counter[str]() for g in groups}
    forms: dict[str, Counter[str]] = {}
    for text, g in zip(texts, labels, strict=True):
        for s, word in _label_words(text):
            counts[g][s] += 1
            forms.setdefault(s, Counter())[word] += 1
    present = Counter(s for g in groups for s in counts[g])

    def rarity(s: str) -> float:
        if background is None:
            return math.log(1 + len(groups) / present[s])
        return math.log((background.size + 1) / (background.frequency.get(s, 0) + 1))

    out: list[list[str]] = []
    for g in groups:
        total = max(1, sum(counts[g].values()))
        scored = sorted(((c / total) * rarity(s), s) for s, c in counts[g].items() if c >= 2 or total < 20)
        chosen: list[str] = []
        for _, s in reversed(scored):
            form = _shown_form(forms[s])
            if not any(fold(form)[:4] == fold(other)[:4] for other in chosen):  # «çatı», not also «çatılarına»
                chosen.append(form)
            if len(chosen) == top:
                break
        out.append(chosen)
    return out


def first_sentence(text: str, limit: int = 200) -> str:
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def central(vectors: npt.NDArray[Any], *, count: int = 3, diversity: float = 0.3) -> list[int]:
    """Rows to quote: the closest to the centre first, then by maximal marginal relevance."""
    v = _unit(vectors)
    if len(v) == 0:
        return []
    centre = v.mean(axis=0)
    relevance = v @ centre
    chosen = [int(np.argmax(relevance))]
    while len(chosen) < min(count, len(v)):
        redundancy = (v @ v[chosen].T).max(axis=1)
        score = (1 - diversity) * relevance - diversity * redundancy
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return chosen


def quote(vectors: npt.NDArray[Any], quotable: Sequence[bool] | None = None, *, count: int = 3) -> list[int]:
    """The rows an extractive summary quotes: the most central, mutually different ones among the
    quotable rows (all rows when ``quotable`` is ``None``)."""
    rows = np.arange(len(vectors)) if quotable is None else np.flatnonzero(np.asarray(quotable, dtype=bool))
    if len(rows) == 0:
        return []
    return [int(rows[i]) for i in central(np.asarray(vectors)[rows], count=count)]


def summary(texts: Sequence[str], vectors: npt.NDArray[Any], *, count: int = 3) -> list[str]:
    """An extractive summary: the first sentences of the most central, mutually different texts."""
    return [first_sentence(texts[i]) for i in quote(vectors, count=count)]


def subtopics(
    texts: Sequence[str],
    vectors: npt.NDArray[Any],
    *,
    quotable: Sequence[bool] | None = None,
    background: Corpus | None = None,
    max_k: int = 8,
    seed: int = 0,
    count: int = 3,
) -> list[Subtopic]:
    """The sub-topics of one theme's contributions, largest first, each with label words and a
    summary quoting up to ``count`` of its quotable texts."""
    if len(texts) == 0:
        return []
    labels = cluster(vectors, max_k=max_k, seed=seed)
    words = keywords(texts, labels.tolist(), background=background)
    allowed = np.ones(len(texts), dtype=bool) if quotable is None else np.asarray(quotable, dtype=bool)
    out = []
    v = np.asarray(vectors)
    for g in range(int(labels.max()) + 1):
        rows = np.flatnonzero(labels == g)
        order = central(v[rows], count=len(rows), diversity=0.0)
        members = [int(rows[i]) for i in order]
        quoted = [int(rows[i]) for i in quote(v[rows], allowed[rows].tolist(), count=count)]
        out.append(
            Subtopic(
                members=members,
                keywords=words[g],
                summary=[first_sentence(texts[i]) for i in quoted],
                quoted=quoted,
            )
        )
    return out

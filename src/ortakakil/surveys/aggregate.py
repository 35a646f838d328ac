"""Pure aggregation of survey answers (no Django): counts, shares, means, rank scores.

Ranking questions are scored with a Borda count over the ranked positions: with k
places, the first choice gets k points, the last 1; unranked items get 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OptionResult:
    label: str
    count: int
    share: float
    """Share of the respondents who answered the question, in percent."""
    score: int = 0


@dataclass(frozen=True)
class QuestionResult:
    kind: str
    answered: int
    options: list[OptionResult] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


def _share(count: int, answered: int) -> float:
    return round(100.0 * count / answered, 1) if answered else 0.0


def aggregate(kind: str, options: Sequence[str], values: Iterable[Any]) -> QuestionResult:
    """Aggregate the ``values`` given to one question (``None`` or ``""`` means skipped)."""
    given = [v for v in values if v not in (None, "", [])]
    answered = len(given)
    if kind in {"single", "likert"}:
        counts = Counter(v for v in given if v in options)
        results = [OptionResult(o, counts[o], _share(counts[o], answered)) for o in options]
        mean = None
        if kind == "likert" and answered:
            mean = round(sum((options.index(v) + 1) for v in given if v in options) / answered, 2)
        return QuestionResult(kind=kind, answered=answered, options=results, mean=mean)
    if kind == "multiple":
        counts = Counter(choice for v in given for choice in set(v) if choice in options)
        return QuestionResult(
            kind=kind,
            answered=answered,
            options=[OptionResult(o, counts[o], _share(counts[o], answered)) for o in options],
        )
    if kind == "ranking":
        scores: Counter[str] = Counter()
        firsts: Counter[str] = Counter()
        for ranking in given:
            ranked = [item for item in ranking if item in options]
            for place, item in enumerate(ranked):
                scores[item] += len(ranked) - place
            if ranked:
                firsts[ranked[0]] += 1
        ordered = sorted(options, key=lambda o: (-scores[o], options.index(o)))
        return QuestionResult(
            kind=kind,
            answered=answered,
            options=[OptionResult(o, firsts[o], _share(firsts[o], answered), scores[o]) for o in ordered],
        )
    if kind == "text":
        return QuestionResult(kind=kind, answered=answered, texts=[str(v) for v in given])
    raise ValueError(f"unknown question kind: {kind}")

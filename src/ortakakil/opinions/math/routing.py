"""Which statement a participant sees next: Pol.is' priority (pure, no Django).

For a statement with S people who saw it, A who agreed, P who passed and extremity E (the length
of its projection on the opinion map; 0 before the first map):

    a = (A + 1) / (S + 2)        p = (P + 1) / (S + 2)
    importance = (1 − p) · (E + 1) · a
    priority = (importance · (1 + 8 · 2^(−S/5)))²

New statements get a large novelty boost that fades as people see them; statements people agree
with, do not skip and that separate the groups come back more often. The next statement is drawn
with probability proportional to its priority among those the participant has not voted on,
from a seeded generator so that a request can be replayed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class StatementCounts:
    statement_id: int
    seen: int
    """S: agree + disagree + pass votes."""
    agree: int
    passed: int
    extremity: float = 0.0


def priority(counts: StatementCounts) -> float:
    """Pol.is' priority of one statement (always > 0)."""
    seen = max(counts.seen, 0)
    a = (counts.agree + 1) / (seen + 2)
    p = (counts.passed + 1) / (seen + 2)
    importance = (1 - p) * (max(counts.extremity, 0.0) + 1) * a
    return float((importance * (1 + 8 * 2 ** (-seen / 5))) ** 2)


def next_statement(
    candidates: Sequence[StatementCounts], *, voted: set[int] | frozenset[int], seed: int | None = None
) -> int | None:
    """The id of the next statement for a participant who has voted on ``voted``, drawn with
    probability proportional to its priority; None when nothing is left."""
    left = [c for c in candidates if c.statement_id not in voted]
    if not left:
        return None
    weights = [priority(c) for c in left]
    chosen = random.Random(seed).choices(left, weights=weights, k=1)[0]  # noqa: S311 - not security
    return chosen.statement_id


def priorities(candidates: Sequence[StatementCounts]) -> Mapping[int, float]:
    return {c.statement_id: priority(c) for c in candidates}

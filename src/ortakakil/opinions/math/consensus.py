"""Consensus statements (Pol.is ``repness/consensus-stats``) and group-aware consensus."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .repness import PICK, Z90, Counts, prop_test

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Consensus:
    agree: list[int]
    disagree: list[int]


def consensus(
    values: FloatArray, comment_ids: IntArray, *, excluded: frozenset[int] = frozenset(), pick: int = PICK
) -> Consensus:
    """Statements most participants agree (disagree) with: pa > ½ and pat significant,
    ranked by pa·pat, at most ``pick`` each way."""
    seen = (~np.isnan(values)).sum(axis=0)
    keep = ~np.isin(comment_ids, np.fromiter(excluded, dtype=np.int64))
    result = []
    for side in (1, -1):
        n = (values == side).sum(axis=0)
        p = (n + 1) / (seen + 2)
        z = prop_test(n, seen)
        ok = np.flatnonzero(keep & (p > 0.5) & (z > Z90))
        order = ok[np.argsort(-(p[ok] * z[ok]), kind="stable")]
        result.append([int(comment_ids[c]) for c in order[:pick]])
    return Consensus(agree=result[0], disagree=result[1])


def group_aware(counts: Counts) -> tuple[FloatArray, FloatArray]:
    """∏ over groups of (na_g + 1)/(ns_g + 2), and the same for disagreement."""
    agree = np.prod((counts.agree + 1) / (counts.seen + 2), axis=0)
    disagree = np.prod((counts.disagree + 1) / (counts.seen + 2), axis=0)
    return np.asarray(agree, dtype=np.float64), np.asarray(disagree, dtype=np.float64)


def common_ground(
    group_counts: Mapping[int, Sequence[Sequence[int]]],
    gac_agree: Mapping[int, float],
    gac_disagree: Mapping[int, float],
    *,
    pick: int = PICK,
) -> Consensus:
    """Statements every opinion group agrees (disagrees) with — the common ground the plan may
    stand on, which a majority of all voters alone does not show (a large group can outvote a
    small one). ``group_counts[c]`` is ``[[agree, disagree, seen] per group]``; a statement
    qualifies when in each group (n + 1)/(seen + 2) > ½ (a group that has not seen it stops it),
    ranked by its group-aware consensus (``gac_*``), at most ``pick`` each way; ties by id."""
    result: list[list[int]] = []
    for side, gac in ((0, gac_agree), (1, gac_disagree)):
        chosen = [
            c for c, groups in group_counts.items() if groups and all((g[side] + 1) / (g[2] + 2) > 0.5 for g in groups)
        ]
        chosen.sort(key=lambda c: (-gac.get(c, 0.0), c))
        result.append(chosen[:pick])
    return Consensus(agree=result[0], disagree=result[1])

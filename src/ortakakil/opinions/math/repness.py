"""Representative statements of each group (Pol.is ``repness.clj`` and ``stats.clj``).

For statement c and group g, with na, nd, ns the group's agree, disagree and seen counts (a pass
counts as seen): pa = (na + 1)/(ns + 2); pat is a one-proportion z-statistic of pa against ½;
ra = pa divided by the same proportion among the other groups' members; rat a two-proportion
z-test between the group and the rest. The same for disagreement (pd, pdt, rd, rdt). A statement
is significant at 90 % one-sided (z > 1.2816) when both its p-test and r-test are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

Z90 = 1.2815515655446004  # one-sided 90 %
PICK = 5


def prop_test(success: npt.ArrayLike, n: npt.ArrayLike) -> FloatArray:
    """One-proportion z-statistic against ½ with a pseudo-count: 2·√(n+1)·((s+1)/(n+1) − ½)."""
    s = np.asarray(success, dtype=np.float64) + 1
    m = np.asarray(n, dtype=np.float64) + 1
    return np.asarray(2 * np.sqrt(m) * (s / m - 0.5), dtype=np.float64)


def two_prop_test(s1: npt.ArrayLike, n1: npt.ArrayLike, s2: npt.ArrayLike, n2: npt.ArrayLike) -> FloatArray:
    """Two-proportion z-statistic (group against the rest), each count plus one; 0 when the
    pooled proportion is 0 or 1 (no variance to test)."""
    a = np.asarray(s1, dtype=np.float64) + 1
    b = np.asarray(s2, dtype=np.float64) + 1
    na = np.asarray(n1, dtype=np.float64) + 1
    nb = np.asarray(n2, dtype=np.float64) + 1
    pooled = (a + b) / (na + nb)
    var = pooled * (1 - pooled) * (1 / na + 1 / nb)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (a / na - b / nb) / np.sqrt(var)
    return np.asarray(np.where(var > 0, z, 0.0), dtype=np.float64)


@dataclass(frozen=True)
class Counts:
    """Per group × statement: agree, disagree and seen counts."""

    agree: IntArray
    disagree: IntArray
    seen: IntArray


def group_counts(values: FloatArray, labels: IntArray, n_groups: int) -> Counts:
    """Count the votes of the labelled rows (label −1: not in a group) per group."""
    m = values.shape[1]
    shape = (n_groups, m)
    agree, disagree, seen = np.zeros(shape, np.int64), np.zeros(shape, np.int64), np.zeros(shape, np.int64)
    for g in range(n_groups):
        rows = values[labels == g]
        agree[g] = (rows == 1).sum(axis=0)
        disagree[g] = (rows == -1).sum(axis=0)
        seen[g] = (~np.isnan(rows)).sum(axis=0)
    return Counts(agree, disagree, seen)


@dataclass(frozen=True)
class Stats:
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


def statistics(counts: Counts) -> Stats:
    """pa, pat, ra, rat (and the disagree side) for every group × statement."""
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    ra_n, rd_n, rs_n = na.sum(axis=0) - na, nd.sum(axis=0) - nd, ns.sum(axis=0) - ns
    pa = (na + 1) / (ns + 2)
    pd = (nd + 1) / (ns + 2)
    return Stats(
        pa=pa,
        pd=pd,
        pat=prop_test(na, ns),
        pdt=prop_test(nd, ns),
        ra=pa / ((ra_n + 1) / (rs_n + 2)),
        rd=pd / ((rd_n + 1) / (rs_n + 2)),
        rat=two_prop_test(na, ns, ra_n, rs_n),
        rdt=two_prop_test(nd, ns, rd_n, rs_n),
    )


@dataclass(frozen=True)
class Representative:
    comment_id: int
    direction: Literal["agree", "disagree"]
    score: float


def select(
    counts: Counts, comment_ids: IntArray, *, excluded: frozenset[int] = frozenset(), pick: int = PICK
) -> list[list[Representative]]:
    """Each group's representative statements, as Pol.is picks them: the best agreed statement
    first, then the significant ones by ra·rat·pa·pat (or rd·rdt·pd·pdt), at most ``pick``,
    agreements before disagreements."""
    s = statistics(counts)
    keep = ~np.isin(comment_ids, np.fromiter(excluded, dtype=np.int64))
    out: list[list[Representative]] = []
    for g in range(counts.agree.shape[0]):
        agree_metric = s.ra[g] * s.rat[g] * s.pa[g] * s.pat[g]
        disagree_metric = s.rd[g] * s.rdt[g] * s.pd[g] * s.pdt[g]

        def item(c: int, g: int = g, am: FloatArray = agree_metric, dm: FloatArray = disagree_metric) -> Representative:
            agree = bool(s.rat[g, c] > s.rdt[g, c])
            return Representative(
                comment_id=int(comment_ids[c]),
                direction="agree" if agree else "disagree",
                score=float(am[c] if agree else dm[c]),
            )

        best: int | None = None
        for c in np.flatnonzero(keep).tolist():
            if counts.agree[g, c] == 0 and counts.disagree[g, c] == 0:
                continue
            if best is None:
                if s.pat[g, c] > Z90 or (s.ra[g, c] > 1 and s.pa[g, c] > 0.5):
                    best = c
            elif s.ra[g, best] > 1:
                if agree_metric[c] > agree_metric[best]:
                    best = c
            elif s.pa[g, c] * s.pat[g, c] > s.pa[g, best] * s.pat[g, best]:
                best = c
        significant = keep & (((s.pat[g] > Z90) & (s.rat[g] > Z90)) | ((s.pdt[g] > Z90) & (s.rdt[g] > Z90)))
        chosen = [item(c) for c in np.flatnonzero(significant).tolist()]
        chosen.sort(key=lambda r: -r.score)
        head: list[Representative] = []
        if best is not None:
            top = item(best)
            head = [Representative(top.comment_id, "agree", float(agree_metric[best]))]
        elif not chosen and keep.any():
            cand = np.flatnonzero(keep)
            c = int(cand[np.argmax(np.maximum(s.rat[g, cand], s.rdt[g, cand]))])
            head = [item(c)]
        picked = (head + [r for r in chosen if not head or r.comment_id != head[0].comment_id])[:pick]
        picked.sort(key=lambda r: r.direction != "agree")
        out.append(picked)
    return out

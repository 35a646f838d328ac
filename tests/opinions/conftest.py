"""Conversations built in the tests (no data from outside the repository)."""

from __future__ import annotations

import numpy as np

from ortakakil.opinions.math.matrix import Votes


def three_groups(
    per_group: int = 40, n_statements: int = 30, seen: float = 0.8, noise: float = 0.1, seed: int = 1
) -> tuple[Votes, dict[int, int]]:
    """Three opinion groups, each with its own stance on every statement; votes in a shuffled
    order with increasing timestamps. Returns the votes and each participant's true group."""
    rng = np.random.default_rng(seed)
    stance = rng.choice([-1, 1], size=(3, n_statements))
    rows, truth = [], {}
    for g in range(3):
        for i in range(per_group):
            pid = g * per_group + i
            truth[pid] = g
            for c in range(n_statements):
                if rng.random() < seen:
                    vote = int(stance[g, c]) if rng.random() > noise else int(rng.integers(-1, 2))
                    rows.append((pid, c, vote))
    order = rng.permutation(len(rows))
    data = np.array(rows, dtype=np.int64)[order]
    votes = Votes(
        participant=data[:, 0].copy(),
        comment=data[:, 1].copy(),
        vote=data[:, 2].astype(np.int8),
        time=np.arange(len(data), dtype=np.int64) * 1000,
        comments=tuple(range(n_statements)),
    )
    return votes, truth


def ari(a: list[int], b: list[int]) -> float:
    """Adjusted Rand index (Hubert and Arabie), written out to keep the tests free of sklearn."""
    from math import comb

    pairs: dict[tuple[int, int], int] = {}
    for x, y in zip(a, b, strict=True):
        pairs[(x, y)] = pairs.get((x, y), 0) + 1
    rows: dict[int, int] = {}
    cols: dict[int, int] = {}
    for (x, y), n in pairs.items():
        rows[x] = rows.get(x, 0) + n
        cols[y] = cols.get(y, 0) + n
    index = sum(comb(n, 2) for n in pairs.values())
    sr, sc = sum(comb(n, 2) for n in rows.values()), sum(comb(n, 2) for n in cols.values())
    expected = sr * sc / comb(len(a), 2)
    top = (sr + sc) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)

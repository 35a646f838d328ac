"""Opinion map: our Pol.is groups against the groups Pol.is published, next to red-dwarf.

For each conversation in ../shared/data/polis: the adjusted Rand index (ARI) between our groups
and Pol.is' own ``group-id`` (participants-votes.csv), over the participants both group; the share
of the participants Pol.is grouped that we also group; and the wall time, red-dwarf's
(``reddwarf.implementations.polis.run_pipeline``, dev extra) on the same votes in the same run next
to three of ours:

- *replay*: reading the export and recomputing in vote order, up to 400 warm-started updates, as
  Pol.is did while the votes arrived (what ``ortakakil polis analyze`` and an import do once);
- *update*: one recompute warm-started from the previous map, repness and consensus included (what
  the platform does each time new votes arrive: ``opinions.recompute``);
- *cold*: one update from nothing (a conversation's first map).
 Then a synthetic scale case: 10,000 participants ×
2,000 statements × 1,000,000 votes, one full update and one warm-started recompute, with time and
peak memory.

Reproduce: ``make install && .venv/bin/python bench/polis_vs_reddwarf.py`` (from the repository root,
with ../shared/data/polis beside it). ``--skip-scale`` leaves the synthetic case out.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

from ortakakil.opinions import polis_io
from ortakakil.opinions.math import pipeline
from ortakakil.opinions.math.matrix import Votes

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polis"
if not DATA.is_dir():
    DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polis"


def ari(a: list[int], b: list[int]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(a, b)) if a else float("nan")


def compare(polis: dict[int, int], ours: dict[int, int | None]) -> tuple[float, float]:
    common = [p for p in polis if ours.get(p) is not None]
    a = ari([polis[p] for p in common], [int(ours[p]) for p in common])  # type: ignore[arg-type]
    return a, len(common) / max(1, len(polis))


def reddwarf_groups(conversation: polis_io.Conversation) -> tuple[dict[int, int | None], float]:
    from reddwarf.implementations.polis import run_pipeline

    v = conversation.votes
    times = v.time if v.time is not None else np.arange(len(v))
    latest: dict[tuple[int, int], tuple[int, int]] = {}  # red-dwarf wants one vote per pair: the latest
    for p, c, x, t in zip(v.participant.tolist(), v.comment.tolist(), v.vote.tolist(), times.tolist(), strict=True):
        latest[(p, c)] = (x, t)
    rows = [{"participant_id": p, "statement_id": c, "vote": x, "modified": t} for (p, c), (x, t) in latest.items()]
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_pipeline(votes=rows, mod_out_statement_ids=sorted(conversation.moderated_out), random_state=0)
    seconds = time.perf_counter() - started
    labels = result.participants_df["cluster_id"]
    import pandas as pd

    return {int(p): (None if pd.isna(g) else int(g)) for p, g in labels.items()}, seconds


def conversations() -> None:
    print(f"Pol.is conversations in {DATA}\n")
    head = (
        f"{'conversation':28s} {'people':>6s} {'votes':>6s} {'ARI ours':>8s} {'ARI r-d':>8s} {'grouped':>7s}"
        f" {'replay s':>8s} {'update s':>8s} {'cold s':>7s} {'r-d s':>7s}"
    )
    print(head)
    print("-" * len(head))
    ours_all, rd_all = [], []
    slower = {"replay": 0, "update": 0, "cold": 0}
    for folder in sorted(p for p in DATA.iterdir() if (p / "participants-votes.csv").is_file()):
        started = time.perf_counter()
        conversation = polis_io.read_export(folder)
        result = pipeline.replay(conversation.votes, seed=0)
        ours_s = time.perf_counter() - started
        a, share = compare(conversation.groups, result.participants)
        started = time.perf_counter()
        pipeline.analyze(conversation.votes, seed=0, previous=result.state)
        update_s = time.perf_counter() - started
        started = time.perf_counter()
        pipeline.analyze(conversation.votes, seed=0)
        cold_s = time.perf_counter() - started
        rd, rd_s = reddwarf_groups(conversation)
        b, _ = compare(conversation.groups, rd)
        ours_all.append(a)
        rd_all.append(b)
        print(
            f"{folder.name:28s} {result.n_participants:6d} {result.n_votes:6d} {a:8.3f} {b:8.3f} {share:7.2f}"
            f" {ours_s:8.2f} {update_s:8.3f} {cold_s:7.3f} {rd_s:7.2f}"
        )
        slower["replay"] += ours_s > rd_s
        slower["update"] += update_s > rd_s
        slower["cold"] += cold_s > rd_s
    worse = sum(1 for a, b in zip(ours_all, rd_all, strict=True) if a < b)
    print(
        f"\nmedian ARI: ours {statistics.median(ours_all):.3f}, red-dwarf {statistics.median(rd_all):.3f}; "
        f"ours worse on {worse} of {len(ours_all)}\n"
        f"slower than red-dwarf on: replay {slower['replay']}, update {slower['update']}, cold {slower['cold']}"
        f" of {len(ours_all)}"
    )


def synthetic(n_people: int = 10_000, n_statements: int = 2_000, n_votes: int = 1_000_000, seed: int = 0) -> Votes:
    """Three opinion groups; each participant votes on n_votes / n_people random statements."""
    rng = np.random.default_rng(seed)
    per = n_votes // n_people
    group = rng.integers(0, 3, n_people)
    stance = rng.choice([-1, 1], size=(3, n_statements))
    people = np.repeat(np.arange(n_people), per)
    statements = np.concatenate([rng.choice(n_statements, per, replace=False) for _ in range(n_people)])
    agree = rng.random(len(people)) < 0.8
    vote = np.where(agree, stance[group[people], statements], rng.integers(-1, 2, len(people)))
    order = rng.permutation(len(people))
    return Votes(
        participant=people[order].astype(np.int64),
        comment=statements[order].astype(np.int64),
        vote=vote[order].astype(np.int8),
    )


def scale() -> None:
    votes = synthetic()
    tracemalloc.start()
    started = time.perf_counter()
    first = pipeline.analyze(votes, seed=0)
    one = time.perf_counter() - started
    _, peak_first = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    pipeline.analyze(votes, seed=0, previous=first.state)
    again = time.perf_counter() - started
    _, peak_again = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nsynthetic: {first.n_participants} participants × {first.n_comments} statements × {first.n_votes} votes, "
        f"{len(first.groups)} groups\n"
        f"  full update {one:.2f} s (peak numpy/python memory {peak_first / 2**20:.0f} MiB); "
        f"warm-started recompute {again:.2f} s (peak {peak_again / 2**20:.0f} MiB); process max RSS {rss:.0f} MiB"
    )


if __name__ == "__main__":
    conversations()
    if "--skip-scale" not in sys.argv:
        scale()

"""One opinion-map update, and the replay of a conversation in vote order (Pol.is ``conversation.clj``).

``analyze(votes, previous=…)`` is one Pol.is update: it keeps who is in the conversation, warm-starts
the base clusters and every group clustering from ``previous`` and smooths the number of groups.
Pol.is recomputes as votes arrive, so the groups it publishes depend on that history; ``replay``
reproduces it from the votes' timestamps, recomputing at most ``max_updates`` times.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from . import clusters as cl
from .consensus import Consensus, consensus, group_aware
from .matrix import VoteMatrix, Votes, first_appearance, in_conversation, place, vote_matrix, zero_moderated
from .pca import PCA, comment_extremity, pca_project
from .repness import Representative, group_counts, select

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

UPDATE_GAP_MS = 5_000  # votes closer than this in time arrive in the same update
MAX_UPDATES = 400
PCA_ITERS = 100  # Pol.is' :pca-iters
WARM_PCA_ITERS = 10  # between the updates of a replay: the subspace moves little from one to the next


@dataclass(frozen=True)
class State:
    """What an update hands to the next (Pol.is keeps the same in its conversation map)."""

    in_conversation: frozenset[int] = frozenset()
    comment_ids: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    components: FloatArray | None = None
    base: list[cl.Cluster] = field(default_factory=list)
    groupings: dict[int, list[cl.Cluster]] = field(default_factory=dict)
    smoother: cl.KSmoother = field(default_factory=cl.KSmoother)


@dataclass(frozen=True)
class Group:
    id: int
    members: list[int]  # participant ids
    repness: list[Representative]


@dataclass(frozen=True)
class Result:
    participants: dict[int, int | None]  # participant id → group index, None when not clustered
    groups: list[Group]
    consensus: Consensus
    group_aware_agree: dict[int, float]
    group_aware_disagree: dict[int, float]
    extremity: dict[int, float]
    projection: dict[int, tuple[float, float]]
    n_participants: int
    n_comments: int
    n_votes: int
    state: State


def _previous_components(previous: State, comment_ids: IntArray) -> FloatArray | None:
    if previous.components is None:
        return None
    where = {int(c): i for i, c in enumerate(previous.comment_ids.tolist())}
    out = np.zeros((previous.components.shape[0], len(comment_ids)))
    for j, c in enumerate(comment_ids.tolist()):
        if c in where:
            out[:, j] = previous.components[:, where[c]]
    return out


def analyze(votes: Votes, *, seed: int = 0, previous: State | None = None, full: bool = True) -> Result:
    """One update of the opinion map from ``votes`` (deterministic given ``seed`` and ``previous``);
    ``full=False`` skips the statements' statistics (an intermediate update of a replay)."""
    if len(votes) == 0:
        raise ValueError("no votes")
    full_matrix = vote_matrix(votes)
    voted = len(np.unique(votes.comment))  # statements nobody voted on come last; the math leaves them out
    raw = VoteMatrix(full_matrix.participants, full_matrix.comments[:voted], full_matrix.values[:, :voted])
    return _update(
        raw,
        raw.vote_counts(),
        votes.moderated_out,
        seed=seed,
        previous=previous,
        full=full,
        n_comments=len(full_matrix.comments),
    )


@dataclass(frozen=True)
class _Clustered:
    rating: VoteMatrix
    model: PCA
    proj: FloatArray
    base: list[cl.Cluster]
    chosen: list[cl.Cluster]
    state: State


def _cluster(
    raw: VoteMatrix,
    vote_counts: IntArray,
    moderated_out: frozenset[int],
    *,
    seed: int,
    previous: State | None,
    pca_iters: int = PCA_ITERS,
) -> _Clustered:
    """What every update computes: who is in, PCA, projection, base clusters, the groupings for
    each k with their silhouettes, and the smoothed k; all a later update needs is ``state``."""
    prev = previous or State()
    rating = zero_moderated(raw, moderated_out)
    ids = raw.participants
    in_conv = in_conversation(ids, vote_counts, len(raw.comments), prev.in_conversation)

    model, proj = pca_project(
        rating.values, seed=seed, previous=_previous_components(prev, raw.comments), iters=pca_iters
    )

    rows = np.flatnonzero(np.isin(ids, np.fromiter(in_conv, dtype=np.int64)))
    base = cl.kmeans(ids[rows], proj[rows], cl.BASE_K, previous=prev.base, max_iters=cl.BASE_ITERS)
    base_ids = np.array([c.id for c in base], dtype=np.int64)
    base_xy = np.stack([c.center for c in base]) if base else np.zeros((0, 2))
    base_w = np.array([len(c.members) for c in base], dtype=np.float64)
    index_of = {int(b): i for i, b in enumerate(base_ids.tolist())}
    dist = cl.distances(base_xy)

    groupings: dict[int, list[cl.Cluster]] = {}
    silhouettes: dict[int, float] = {}
    for k in range(2, cl.max_groups(len(base)) + 1):
        grouping = cl.kmeans(
            base_ids, base_xy, k, weights=base_w, previous=prev.groupings.get(k), max_iters=cl.GROUP_ITERS
        )
        groupings[k] = grouping
        labels = np.zeros(len(base), np.int64)
        for g, c in enumerate(grouping):
            labels[[index_of[int(b)] for b in c.members.tolist()]] = g
        silhouettes[k] = cl.silhouette(base_xy, labels, dist=dist)
    smoother = prev.smoother
    chosen: list[cl.Cluster] = []
    if silhouettes:
        smoother = smoother.update(cl.best_k(silhouettes))
        use = smoother.smoothed_k if smoother.smoothed_k in groupings else smoother.last_k
        chosen = groupings[use] if use is not None else []
    state = State(
        in_conversation=frozenset(in_conv),
        comment_ids=raw.comments,
        components=model.components,
        base=base,
        groupings=groupings,
        smoother=smoother,
    )
    return _Clustered(rating=rating, model=model, proj=proj, base=base, chosen=chosen, state=state)


def _update(
    raw: VoteMatrix,
    vote_counts: IntArray,
    moderated_out: frozenset[int],
    *,
    seed: int,
    previous: State | None,
    full: bool,
    n_comments: int,
) -> Result:
    done = _cluster(raw, vote_counts, moderated_out, seed=seed, previous=previous)
    rating, model, proj, base, chosen = done.rating, done.model, done.proj, done.base, done.chosen
    ids = raw.participants
    base_ids = np.array([c.id for c in base], dtype=np.int64)
    base_xy = np.stack([c.center for c in base]) if base else np.zeros((0, 2))

    member_of_base = {c.id: c for c in base}
    participants: dict[int, int | None] = {int(p): None for p in ids.tolist()}
    labels_by_row = np.full(len(ids), -1, np.int64)
    row_of = {int(p): i for i, p in enumerate(ids.tolist())}
    members: list[list[int]] = []
    for g, group in enumerate(chosen):
        people = [int(p) for b in group.members.tolist() for p in member_of_base[b].members.tolist()]
        members.append(sorted(people))
        for p in people:
            participants[p] = g
            labels_by_row[row_of[p]] = g

    if not full:
        counts = group_counts(rating.values[:0], labels_by_row[:0], 0)
    else:
        counts = group_counts(rating.values, labels_by_row, len(chosen))
        # Participants outside the conversation (too few votes) join the group of the nearest base
        # cluster, as the participant view places everyone; the statistics count only members.
        group_of_base = {b: g for g, group in enumerate(chosen) for b in group.members.tolist()}
        outside = np.flatnonzero(labels_by_row < 0)
        if group_of_base and len(outside):
            d2 = ((proj[outside, None, :] - base_xy[None, :, :]) ** 2).sum(axis=2)
            nearest = base_ids[np.argmin(d2, axis=1)]
            for row, b in zip(outside.tolist(), nearest.tolist(), strict=True):
                participants[int(ids[row])] = group_of_base.get(int(b))
    reps = select(counts, raw.comments, excluded=moderated_out) if full else [[] for _ in chosen]
    agree_gac, disagree_gac = group_aware(counts)
    comment_ids = [int(c) for c in raw.comments.tolist()]
    extremity = comment_extremity(model)
    return Result(
        participants=participants,
        groups=[Group(id=g, members=members[g], repness=reps[g]) for g in range(len(chosen))],
        consensus=consensus(rating.values, raw.comments, excluded=moderated_out) if full else Consensus([], []),
        group_aware_agree=dict(zip(comment_ids, agree_gac.tolist(), strict=True)),
        group_aware_disagree=dict(zip(comment_ids, disagree_gac.tolist(), strict=True)),
        extremity=dict(zip(comment_ids, extremity.tolist(), strict=True)),
        projection={int(p): (float(x), float(y)) for p, (x, y) in zip(ids.tolist(), proj.tolist(), strict=True)},
        n_participants=len(ids),
        n_comments=n_comments,
        n_votes=int((~np.isnan(raw.values)).sum()),
        state=done.state,
    )


def update_points(time: IntArray, *, gap_ms: int = UPDATE_GAP_MS, max_updates: int = MAX_UPDATES) -> list[int]:
    """Where Pol.is would have recomputed: after each burst of votes (a pause longer than
    ``gap_ms``), thinned evenly to at most ``max_updates``; returns prefix lengths, the last = all."""
    n = len(time)
    if n == 0:
        return []
    ends = [*(np.flatnonzero(np.diff(time) > gap_ms) + 1).tolist(), n]
    if len(ends) > max_updates:
        pick = np.unique(np.linspace(len(ends) - 1, 0, max_updates).round().astype(np.int64))
        ends = [ends[i] for i in pick.tolist()]
    return [int(e) for e in ends]


def replay(votes: Votes, *, seed: int = 0, gap_ms: int = UPDATE_GAP_MS, max_updates: int = MAX_UPDATES) -> Result:
    """Recompute as the votes arrived (sorted by time, stable), each update warm-started from the
    previous one; without timestamps, one update of the whole conversation."""
    if votes.time is None:
        return analyze(votes, seed=seed)
    order = np.argsort(votes.time, kind="stable")
    ordered = Votes(
        participant=votes.participant[order],
        comment=votes.comment[order],
        vote=votes.vote[order],
        time=votes.time[order],
        comments=votes.comments,
        moderated_out=votes.moderated_out,
    )
    ends = update_points(votes.time[order], gap_ms=gap_ms, max_updates=max_updates)
    # The matrix grows in place: rows and columns in order of first appearance, so each update's
    # matrix is the top-left corner of the next one.
    participants, rows = first_appearance(ordered.participant)
    comments, cols = first_appearance(ordered.comment)
    values = np.full((len(participants), len(comments)), np.nan)
    state: State | None = None
    start = 0
    for end in ends[:-1]:
        place(values, rows[start:end], cols[start:end], ordered.vote[start:end])
        n_rows, n_cols = int(rows[:end].max()) + 1, int(cols[:end].max()) + 1
        corner = values[:n_rows, :n_cols]
        counts = (~np.isnan(corner)).sum(axis=1)
        raw = VoteMatrix(participants[:n_rows], comments[:n_cols], corner)
        state = _cluster(raw, counts, votes.moderated_out, seed=seed, previous=state, pca_iters=WARM_PCA_ITERS).state
        start = end
    return analyze(ordered, seed=seed, previous=state)

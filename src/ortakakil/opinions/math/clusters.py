"""Base clusters and groups: Pol.is' k-means, silhouette and k smoother (``clusters.clj``).

Pol.is' k-means is not Lloyd's algorithm from random seeds: a new clustering starts from the
first k distinct points in data order, and an update starts from the previous update's clusters,
recentred on their members' new positions, splitting off the most distant point until there are
k clusters again. Empty clusters are dropped. Iteration stops when no centre moves by 0.01 or
after ``max_iters`` steps; the group level gets only the default 20 steps (its configured
iteration count never reaches ``kmeans``), the base level 100.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

BASE_K = 100
BASE_ITERS = 100
GROUP_ITERS = 20  # Pol.is passes :cluster-iters, which kmeans ignores: its default 20 applies
MAX_GROUPS = 5
K_BUFFER = 4  # a new best k is adopted after winning this many updates in a row
SAME_CENTRE = 0.01


@dataclass(frozen=True)
class Cluster:
    id: int
    members: IntArray  # ids of the clustered items (participants, or base clusters)
    center: FloatArray


def _sq_dist(points: FloatArray, centers: FloatArray) -> FloatArray:
    """Squared distances, points × centres, for 2-D points (one column at a time: no n×k×2 array)."""
    out = (points[:, 0:1] - centers[None, :, 0]) ** 2
    out += (points[:, 1:2] - centers[None, :, 1]) ** 2
    return np.asarray(out, dtype=np.float64)


def _lexsorted(centers: FloatArray) -> FloatArray:
    return np.asarray(centers[np.lexsort((centers[:, 1], centers[:, 0]))], dtype=np.float64)


def _same(a: FloatArray, b: FloatArray) -> bool:
    """Pol.is ``same-clustering?``: the sorted centres pairwise within 0.01 (the shorter list decides)."""
    n = min(len(a), len(b))
    d = _lexsorted(a)[:n] - _lexsorted(b)[:n]
    return bool(np.all(np.hypot(d[:, 0], d[:, 1]) < SAME_CENTRE))


def _means(label: IntArray, n: int, points: FloatArray, weights: FloatArray) -> tuple[FloatArray, IntArray]:
    """Each label's weighted centre (plain mean when its weights sum to 0) and member count."""
    inside = label >= 0
    lab, pts, w = label[inside], points[inside], weights[inside]
    count = np.bincount(lab, minlength=n)
    total = np.bincount(lab, weights=w, minlength=n)
    sums = np.stack(
        [np.bincount(lab, weights=w * pts[:, 0], minlength=n), np.bincount(lab, weights=w * pts[:, 1], minlength=n)],
        axis=1,
    )
    plain = np.stack(
        [np.bincount(lab, weights=pts[:, 0], minlength=n), np.bincount(lab, weights=pts[:, 1], minlength=n)], axis=1
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        centers = np.where((total > 0)[:, None], sums / total[:, None], plain / np.maximum(count, 1)[:, None])
    return np.asarray(centers, dtype=np.float64), np.asarray(count, dtype=np.int64)


def _previous_labels(ids: IntArray, previous: list[Cluster]) -> IntArray:
    """For each of ``ids``, the index of the previous cluster holding it (−1: in none)."""
    label = np.full(len(ids), -1, np.int64)
    if not previous or len(ids) == 0:
        return label
    members = np.concatenate([c.members for c in previous]).astype(np.int64)
    owner = np.repeat(np.arange(len(previous)), [len(c.members) for c in previous])
    order = np.argsort(ids, kind="stable")
    pos = np.minimum(np.searchsorted(ids, members, sorter=order), len(ids) - 1)
    rows = order[pos]
    found = ids[rows] == members
    label[rows[found]] = owner[found]
    return label


def _clean_start(
    ids: IntArray, points: FloatArray, weights: FloatArray, previous: list[Cluster], k: int
) -> tuple[IntArray, FloatArray]:
    """Pol.is ``clean-start-clusters``: recentre the previous clusters on their members' current
    positions (dropping those with none left), merge clusters with identical centres, then split
    off the point farthest from every centre until there are k (or as many as distinct points).
    Returns the cluster ids and centres."""
    label = _previous_labels(ids, previous)
    centers, count = _means(label, len(previous), points, weights)
    alive = np.flatnonzero(count > 0)
    cids = [previous[int(j)].id for j in alive]
    remap = np.full(len(previous) + 1, -1, np.int64)
    remap[alive] = np.arange(len(alive))
    label = remap[label]  # label −1 stays −1 (index −1 = the extra slot)
    centers, count = centers[alive], count[alive]
    # merge identical centres into the earlier cluster's place, keeping the bigger one's id
    if len(cids):
        _, group, dup = np.unique(centers, axis=0, return_inverse=True, return_counts=True)
        group = group.reshape(-1)
        if (dup > 1).any():
            keep: list[int] = []
            first_of: dict[int, int] = {}
            for j in range(len(cids)):
                i = first_of.setdefault(int(group[j]), j)
                if i == j:
                    keep.append(j)
                    continue
                if count[j] >= count[i]:  # Clojure's max-key: the later cluster's id on a tie
                    cids[i] = cids[j]
                label[label == j] = i
                count[i] += count[j]
            remap = np.full(len(cids) + 1, -1, np.int64)
            remap[keep] = np.arange(len(keep))
            label = remap[label]
            cids = [cids[i] for i in keep]
    centers, count = _means(label, len(cids), points, weights)
    possible = k if len(cids) >= k else min(k, len(np.unique(points, axis=0)))
    while cids and len(cids) < possible:
        dist = _sq_dist(points, centers).min(axis=1)
        far = len(dist) - 1 - int(np.argmax(dist[::-1]))  # Clojure's max-key keeps the last maximum
        if dist[far] <= 0:
            break
        label[far] = len(cids)
        cids.append(max(cids) + 1)
        centers, count = _means(label, len(cids), points, weights)
        alive = np.flatnonzero(count > 0)
        if len(alive) < len(cids):
            remap = np.full(len(cids) + 1, -1, np.int64)
            remap[alive] = np.arange(len(alive))
            label = remap[label]
            cids = [cids[int(j)] for j in alive]
            centers = centers[alive]
    if not cids:
        return np.zeros(0, np.int64), np.zeros((0, 2))
    return np.array(cids, dtype=np.int64), centers


def _init(points: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    _, first = np.unique(points, axis=0, return_index=True)
    first = np.sort(first)[:k]
    return np.arange(len(first), dtype=np.int64), np.asarray(points[first], dtype=np.float64)


def kmeans(
    ids: IntArray,
    points: FloatArray,
    k: int,
    *,
    weights: FloatArray | None = None,
    previous: list[Cluster] | None = None,
    max_iters: int = GROUP_ITERS,
) -> list[Cluster]:
    """Pol.is' k-means over 2-D ``points`` named by ``ids``; clusters sorted by id.

    Each step assigns every point to its nearest centre, drops empty clusters and recentres
    (weighted); it stops when no centre moved by 0.01, or after ``max_iters`` + 1 steps."""
    if len(ids) == 0:
        return []
    w = np.ones(len(ids)) if weights is None else np.asarray(weights, dtype=np.float64)
    cids, centers = _clean_start(ids, points, w, previous, k) if previous else (np.zeros(0, np.int64), None)
    if len(cids) == 0 or centers is None:
        cids, centers = _init(points, k)
    label = np.zeros(len(ids), np.int64)
    for _ in range(max_iters + 1):
        label = np.argmin(_sq_dist(points, centers), axis=1)
        new, count = _means(label, len(cids), points, w)
        alive = count > 0
        if not alive.all():
            remap = np.cumsum(alive) - 1
            label = remap[label]
            new, cids = new[alive], cids[alive]
        done = _same(centers, new)
        centers = new
        if done:
            break
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(len(cids) + 1))
    out = [Cluster(int(cids[j]), ids[order[bounds[j] : bounds[j + 1]]], centers[j]) for j in range(len(cids))]
    return sorted(out, key=lambda c: c.id)


def distances(points: FloatArray) -> FloatArray:
    """The Euclidean distances between all pairs of 2-D points."""
    d = _sq_dist(points, points)
    return np.asarray(np.sqrt(np.maximum(d, 0.0)), dtype=np.float64)


def silhouette(points: FloatArray, labels: IntArray, *, dist: FloatArray | None = None) -> float:
    """Mean silhouette of the (unweighted) points; a member of a singleton cluster scores 0.
    ``dist``: the points' distance matrix, when already computed."""
    n = len(points)
    groups, own = np.unique(labels, return_inverse=True)
    if n < 2 or len(groups) < 2:
        return 0.0
    own = own.reshape(-1)
    if dist is None:
        dist = distances(points)
    onehot = np.zeros((n, len(groups)))
    onehot[np.arange(n), own] = 1.0
    sums = np.asarray(dist @ onehot, dtype=np.float64)
    sizes = np.bincount(own, minlength=len(groups)).astype(np.float64)
    rows = np.arange(n)
    own_size = sizes[own]
    a = sums[rows, own] / np.maximum(own_size - 1, 1)
    means = sums / sizes[None, :]
    means[rows, own] = np.inf
    b = means.min(axis=1)
    top = np.maximum(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where((own_size > 1) & (top > 0), (b - a) / top, 0.0)
    return float(scores.mean())


def max_groups(n_base: int) -> int:
    """Pol.is ``max-k-fn``: at most 5 groups, and 2 more than one per 12 base clusters."""
    return min(MAX_GROUPS, 2 + n_base // 12)


@dataclass(frozen=True)
class KSmoother:
    """Pol.is ``group-k-smoother``: switch to a new number of groups only after it wins
    ``K_BUFFER`` updates in a row."""

    last_k: int | None = None
    last_count: int = 0
    smoothed_k: int | None = None

    def update(self, best_k: int) -> KSmoother:
        count = self.last_count + 1 if self.last_k == best_k else 1
        smoothed = best_k if count >= K_BUFFER or self.smoothed_k is None else self.smoothed_k
        return KSmoother(last_k=best_k, last_count=count, smoothed_k=smoothed)


def best_k(silhouettes: dict[int, float]) -> int:
    """The k with the highest silhouette; on a tie the larger k (Clojure's ``max-key`` keeps the last)."""
    top = max(silhouettes.values())
    return max(k for k, s in silhouettes.items() if s == top)

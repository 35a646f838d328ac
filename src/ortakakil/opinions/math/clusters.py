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


def _weighted_mean(points: FloatArray, weights: FloatArray) -> FloatArray:
    total = float(weights.sum())
    if total <= 0:
        return np.asarray(points.mean(axis=0), dtype=np.float64)
    return np.asarray((points * weights[:, None]).sum(axis=0) / total, dtype=np.float64)


def init_clusters(points: FloatArray, k: int) -> list[Cluster]:
    """The first k distinct points, in data order, as centres (Pol.is ``init-clusters``)."""
    _, first = np.unique(points, axis=0, return_index=True)
    first = np.sort(first)[:k]
    return [Cluster(id=i, members=np.zeros(0, np.int64), center=points[j].copy()) for i, j in enumerate(first)]


def _rows_of(members: IntArray, ids: IntArray, order: IntArray) -> IntArray:
    """Rows of ``ids`` holding ``members`` (members missing from ``ids`` are skipped)."""
    if len(members) == 0 or len(ids) == 0:
        return np.zeros(0, np.int64)
    pos = np.searchsorted(ids, members, sorter=order)
    pos = np.minimum(pos, len(ids) - 1)
    rows = order[pos]
    return np.asarray(rows[ids[rows] == members], dtype=np.int64)


def _recentre(
    clusters: list[Cluster], ids: IntArray, order: IntArray, points: FloatArray, weights: FloatArray
) -> list[Cluster]:
    """Each cluster's weighted centre over its members' current positions; empty clusters go."""
    if not clusters:
        return []
    sizes = [len(c.members) for c in clusters]
    label_all = np.repeat(np.arange(len(clusters)), sizes)
    members = np.concatenate([c.members for c in clusters]).astype(np.int64)
    if len(members) == 0 or len(ids) == 0:
        return []
    pos = np.minimum(np.searchsorted(ids, members, sorter=order), len(ids) - 1)
    found = ids[order[pos]] == members
    rows, label = order[pos][found], label_all[found]
    centers, total = _grouped_means(rows, label, len(clusters), points, weights)
    by_label = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[by_label], np.arange(len(clusters) + 1))
    return [
        Cluster(c.id, ids[rows[by_label[bounds[j] : bounds[j + 1]]]], centers[j])
        for j, c in enumerate(clusters)
        if total[j] > 0
    ]


def _grouped_means(
    rows: IntArray, label: IntArray, n: int, points: FloatArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    w = weights[rows]
    total = np.bincount(label, weights=w, minlength=n)
    count = np.bincount(label, minlength=n).astype(np.float64)
    sx = np.bincount(label, weights=w * points[rows, 0], minlength=n)
    sy = np.bincount(label, weights=w * points[rows, 1], minlength=n)
    mx = np.bincount(label, weights=points[rows, 0], minlength=n)
    my = np.bincount(label, weights=points[rows, 1], minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        weighted = np.stack([sx / total, sy / total], axis=1)
        plain = np.stack([mx / count, my / count], axis=1)
    centers = np.where((total > 0)[:, None], weighted, plain)
    return np.asarray(centers, dtype=np.float64), np.asarray(count, dtype=np.float64)


def _clean_start(
    ids: IntArray, points: FloatArray, weights: FloatArray, previous: list[Cluster], k: int
) -> list[Cluster]:
    """Pol.is ``clean-start-clusters``: recentre, merge identical centres, split off outliers."""
    order = np.argsort(ids, kind="stable")
    clusters = _recentre(previous, ids, order, points, weights)
    merged: dict[tuple[float, ...], Cluster] = {}
    for c in clusters:
        key = tuple(c.center.tolist())
        o = merged.get(key)
        if o is None:
            merged[key] = c
            continue
        big = o if len(o.members) >= len(c.members) else c
        sizes = np.array([len(o.members), len(c.members)], dtype=np.float64)
        merged[key] = Cluster(
            big.id, np.concatenate([o.members, c.members]), _weighted_mean(np.stack([o.center, c.center]), sizes)
        )
    clusters = list(merged.values())
    possible = min(k, len(np.unique(points, axis=0)))
    while True:
        clusters = _recentre(clusters, ids, order, points, weights) or clusters
        if len(clusters) >= possible or not clusters:
            return clusters
        centers = np.stack([c.center for c in clusters])
        dist = np.sqrt(_sq_dist(points, centers).min(axis=1))
        far = int(np.argmax(dist))
        if dist[far] <= 0:
            return clusters
        outlier = ids[far]
        new_id = max(c.id for c in clusters) + 1
        clusters = [Cluster(c.id, c.members[c.members != outlier], c.center) for c in clusters]
        clusters = [c for c in clusters if len(c.members)] + [
            Cluster(new_id, np.array([outlier], dtype=np.int64), points[far].copy())
        ]


def _step(ids: IntArray, points: FloatArray, weights: FloatArray, clusters: list[Cluster]) -> list[Cluster]:
    """Assign every point to its nearest centre, drop empty clusters, recentre (weighted)."""
    centers = np.stack([c.center for c in clusters])
    nearest = np.argmin(_sq_dist(points, centers), axis=1)
    new_centers, count = _grouped_means(np.arange(len(ids)), nearest, len(clusters), points, weights)
    order = np.argsort(nearest, kind="stable")
    bounds = np.searchsorted(nearest[order], np.arange(len(clusters) + 1))
    return [
        Cluster(c.id, ids[order[bounds[j] : bounds[j + 1]]], new_centers[j])
        for j, c in enumerate(clusters)
        if count[j] > 0
    ]


def _same(a: list[Cluster], b: list[Cluster]) -> bool:
    ca = sorted(tuple(c.center.tolist()) for c in a)
    cb = sorted(tuple(c.center.tolist()) for c in b)
    return all(np.hypot(x[0] - y[0], x[1] - y[1]) < SAME_CENTRE for x, y in zip(ca, cb, strict=False))


def kmeans(
    ids: IntArray,
    points: FloatArray,
    k: int,
    *,
    weights: FloatArray | None = None,
    previous: list[Cluster] | None = None,
    max_iters: int = GROUP_ITERS,
) -> list[Cluster]:
    """Pol.is' k-means over 2-D ``points`` named by ``ids``; clusters sorted by id."""
    if len(ids) == 0:
        return []
    w = np.ones(len(ids)) if weights is None else np.asarray(weights, dtype=np.float64)
    clusters = _clean_start(ids, points, w, previous, k) if previous else init_clusters(points, k)
    if not clusters:
        clusters = init_clusters(points, k)
    for _ in range(max_iters + 1):
        new = _step(ids, points, w, clusters)
        if _same(clusters, new):
            clusters = new
            break
        clusters = new
    return sorted(clusters, key=lambda c: c.id)


def silhouette(points: FloatArray, labels: IntArray) -> float:
    """Mean silhouette of the (unweighted) points; a member of a singleton cluster scores 0."""
    n = len(points)
    groups, own = np.unique(labels, return_inverse=True)
    if n < 2 or len(groups) < 2:
        return 0.0
    dist = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    onehot = (own[:, None] == np.arange(len(groups))[None, :]).astype(np.float64)
    sizes = onehot.sum(axis=0)
    means = (dist @ onehot) / sizes[None, :]
    rows = np.arange(n)
    own_size = sizes[own]
    a = (dist @ onehot)[rows, own] / np.maximum(own_size - 1, 1)
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

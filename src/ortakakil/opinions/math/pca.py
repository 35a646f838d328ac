"""Imputation, the two principal components and the sparsity-aware projection (Pol.is ``pca.clj``).

Missing votes are replaced by the statement's mean before PCA, so after centring a missing cell is
exactly 0: the centred matrix is the observed votes minus their column means, zero elsewhere.
A participant is projected with only the statements they saw and pushed out by
√(statements / votes), so that people who voted little are not all drawn to the centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.linalg import svds

FloatArray = npt.NDArray[np.float64]

GRAM_COLUMNS = 600  # up to this many statements, iterate on XᵀX rather than on X
# A large matrix with few votes is centred and iterated on as a sparse matrix (the same numbers:
# an unseen cell is exactly 0 after centring); a small or dense one stays a plain array.
SPARSE_CELLS = 1_000_000
SPARSE_SHARE = 0.2

Centred: TypeAlias = FloatArray | sparse.csr_array


@dataclass(frozen=True)
class PCA:
    center: FloatArray  # (statements,)
    components: FloatArray  # (2, statements), orthonormal rows


def column_means(values: FloatArray) -> FloatArray:
    """Each statement's mean over the votes it got (0 for a statement nobody saw)."""
    seen = ~np.isnan(values)
    counts = seen.sum(axis=0)
    sums = np.where(seen, values, 0.0).sum(axis=0)
    return np.asarray(np.divide(sums, counts, out=np.zeros(values.shape[1]), where=counts > 0), dtype=np.float64)


def impute(values: FloatArray) -> FloatArray:
    """The matrix with every missing vote replaced by its column mean."""
    return np.where(np.isnan(values), column_means(values)[None, :], values)


def centred(values: FloatArray, center: FloatArray) -> FloatArray:
    """Observed votes minus the centre, 0 where unseen (= the imputed matrix, centred)."""
    out = values - center[None, :]
    out[np.isnan(out)] = 0.0
    return out


def _orient(components: FloatArray, previous: FloatArray | None) -> FloatArray:
    """Fix each component's sign: the previous update's direction, else its largest entry positive."""
    out = components.copy()
    for i in range(out.shape[0]):
        if previous is not None and i < previous.shape[0]:
            ref = np.zeros(out.shape[1])
            n = min(out.shape[1], previous.shape[1])
            ref[:n] = previous[i, :n]
            flip = float(out[i] @ ref) < 0
        else:
            flip = out[i, int(np.argmax(np.abs(out[i])))] < 0
        if flip:
            out[i] = -out[i]
    return out


def _subspace(x: Centred, k: int, start: FloatArray | None, seed: int, iters: int, tol: float) -> FloatArray:
    """The top-k right singular vectors of ``x`` by block power iteration from ``start``
    (Pol.is: power iteration, 100 steps, warm-started from the previous update)."""
    n, m = x.shape
    warm = start is not None and bool(np.any(start[:k]))
    # Cold, on a small matrix, iterate on XᵀX; warm, a few products with X cost less than forming it.
    gram = x.T @ x if m <= GRAM_COLUMNS and not warm else None

    def times(v: FloatArray) -> FloatArray:
        return np.asarray(gram @ v if gram is not None else x.T @ (x @ v), dtype=np.float64)

    if not warm or start is None:
        if gram is None and min(n, m) > k + 1:
            v0 = np.random.default_rng(seed).standard_normal(min(n, m))
            _, s, vt = svds(x, k=k, v0=v0, random_state=seed)
            return np.asarray(vt[np.argsort(-s)], dtype=np.float64)
        v = np.random.default_rng(seed).random((m, k))
    else:
        v = start[:k].T.copy()
        v[:, ~np.any(v, axis=0)] = 1.0
    v, _ = np.linalg.qr(v)
    for _ in range(iters):
        w, _ = np.linalg.qr(times(v))
        done = np.abs(np.abs(np.sum(w * v, axis=0)) - 1).max() < tol
        v = w
        if done:
            break
    h = v.T @ times(v)
    vals, u = np.linalg.eigh((h + h.T) / 2)
    return np.asarray((v @ u[:, np.argsort(-vals)]).T, dtype=np.float64)


def pca(
    values: FloatArray,
    *,
    n_components: int = 2,
    seed: int = 0,
    previous: FloatArray | None = None,
    iters: int = 100,
    tol: float = 1e-8,
) -> PCA:
    """The top principal components of the column-mean-imputed vote matrix.

    As Pol.is, by power iteration (here on the two components at once) for at most ``iters``
    steps, warm-started from the previous update's components; a first update without a
    previous one on a large matrix uses ARPACK (seeded). Signs follow the previous update.
    """
    n, m = values.shape
    center = column_means(values)
    x = centred(values, center)
    k = min(n_components, n, m)
    components = np.zeros((n_components, m))
    if k > 0 and np.any(x):
        components[:k] = _subspace(x, k, previous, seed, iters, tol)
    return PCA(center=center, components=_orient(components, previous))


def pca_project(
    values: FloatArray, *, seed: int = 0, previous: FloatArray | None = None, iters: int = 100
) -> tuple[PCA, FloatArray]:
    """``pca`` and ``project`` of the same matrix, centring it once."""
    n, m = values.shape
    seen = ~np.isnan(values)
    counts = seen.sum(axis=0)
    x: Centred
    if n * m >= SPARSE_CELLS and counts.sum() < SPARSE_SHARE * n * m:
        rows, cols = np.nonzero(seen)
        observed = values[rows, cols]
        center = np.divide(np.bincount(cols, weights=observed, minlength=m), counts, out=np.zeros(m), where=counts > 0)
        x = sparse.csr_array((observed - center[cols], (rows, cols)), shape=(n, m))
        any_signal = bool(np.any(x.data))
    else:
        x = np.where(seen, values, 0.0)
        center = np.divide(x.sum(axis=0), counts, out=np.zeros(m), where=counts > 0)
        x -= center[None, :]
        x[~seen] = 0.0
        any_signal = bool(np.any(x))
    k = min(2, n, m)
    components = np.zeros((2, m))
    if k > 0 and any_signal:
        components[:k] = _subspace(x, k, previous, seed, iters, 1e-8)
    model = PCA(center=np.asarray(center, dtype=np.float64), components=_orient(components, previous))
    scale = np.sqrt(m / np.maximum(seen.sum(axis=1), 1))
    return model, np.asarray((x @ model.components.T) * scale[:, None], dtype=np.float64)


def project(values: FloatArray, model: PCA) -> FloatArray:
    """Each participant's position: their centred votes times the components, scaled by
    √(statements / max(votes, 1)) (Pol.is ``sparsity-aware-project-ptpt``)."""
    seen = ~np.isnan(values)
    x = centred(values, model.center)
    n_votes = seen.sum(axis=1)
    scale = np.sqrt(values.shape[1] / np.maximum(n_votes, 1))
    return np.asarray((x @ model.components.T) * scale[:, None], dtype=np.float64)


def comment_extremity(model: PCA) -> FloatArray:
    """How far each statement lies from the centre: the length of the projection of a participant
    who disagreed with it alone (Pol.is ``pca-project-cmnts``)."""
    m = model.components.shape[1]
    coords = (-1.0 - model.center)[None, :] * model.components * np.sqrt(m)
    return np.asarray(np.linalg.norm(coords, axis=0), dtype=np.float64)

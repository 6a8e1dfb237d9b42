"""Cluster unit-length vectors into themes, pick the number of themes, and find outliers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import kmeans_plusplus

CONFIDENCE_TEMPERATURE = 0.05
AUTO_SAMPLE = 4000
MERGE_SIMILARITY = 0.12
AUTO_REPEATS = 3


@dataclass
class Clustering:
    """Per-row cluster number (-1 for outliers), cosine similarity to its centre and confidence."""

    labels: np.ndarray
    similarity: np.ndarray
    confidence: np.ndarray
    centres: np.ndarray


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _lloyd(X, w, centres, max_iter, tol=1e-3):
    """Spherical Lloyd iterations until fewer than ``tol`` of the rows change cluster."""
    n, k = len(X), len(centres)
    labels = np.full(n, -1)
    for _ in range(max_iter):
        sims = X @ centres.T
        new = sims.argmax(1)
        changed = np.count_nonzero(new != labels)
        labels = new
        onehot = sparse.csr_matrix((w, (labels, np.arange(n))), shape=(k, n))
        sums = np.asarray(onehot @ X)
        empty = ~sums.any(1)
        if empty.any():  # restart an empty cluster at the worst-served rows
            worst = np.argsort(sims[np.arange(n), labels], kind="stable")[: empty.sum()]
            sums[empty] = X[worst]
        centres = _unit(sums)
        if changed <= tol * n:
            break
    objective = float((w * np.einsum("ij,ij->i", X, centres[labels])).sum())
    return labels, centres, objective


def spherical_kmeans(X, k, *, weights=None, n_init=8, max_iter=100, random_state=None):
    """Weighted spherical KMeans: assign by cosine, centres are normalised weighted means.

    Returns ``(labels, centres, objective)``. ``n_init`` k-means++ starts are run on a weighted
    sample of at most 4,000 rows; the best (largest weighted sum of similarities) is then refined
    on every row. Written out instead of sklearn's KMeans: one BLAS product per iteration, no
    OpenMP spin-waiting (sklearn measured 4x slower on busy cores), and cosine is the similarity
    the embeddings are made for.
    """
    X = np.ascontiguousarray(X, dtype=np.float32)
    n = len(X)
    w = np.ones(n, dtype=np.float32) if weights is None else np.asarray(weights, np.float32)
    rng = np.random.default_rng(random_state)
    sample = np.arange(n)
    if n > AUTO_SAMPLE:
        sample = np.sort(rng.choice(n, size=AUTO_SAMPLE, replace=False, p=w / w.sum()))
    # Rows drawn in proportion to their weight stand for it; weighting them again would square it.
    ws = w[sample] if n <= AUTO_SAMPLE else np.ones(len(sample), dtype=np.float32)
    best = None
    for _ in range(n_init):
        seed = int(rng.integers(2**31 - 1))
        # float64: sklearn's k-means++ computes float32 distances in slow upcast chunks.
        start, _ = kmeans_plusplus(
            X[sample].astype(np.float64), k, sample_weight=ws, random_state=seed
        )
        found = _lloyd(X[sample], ws, _unit(start).astype(np.float32), max_iter)
        if best is None or found[2] > best[2] + 1e-6:
            best = found
    assert best is not None  # n_init is at least 1
    if n <= AUTO_SAMPLE:
        return best
    return _lloyd(X, w, best[1], max_iter)


def _soft_confidence(sims: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Softmax of the similarities to every centre, read at the assigned centre."""
    z = (sims - sims.max(1, keepdims=True)) / CONFIDENCE_TEMPERATURE
    p = np.exp(z)
    p /= p.sum(1, keepdims=True)
    return p[np.arange(len(labels)), labels]


def cluster(
    X, k, *, weights=None, random_state=None, min_size=5, other_threshold=0.35
) -> Clustering:
    """KMeans with ``k`` clusters; small clusters and unclear answers become outliers (-1)."""
    k = max(1, min(k, len(X)))
    labels, centres, _ = spherical_kmeans(X, k, weights=weights, random_state=random_state)
    labels = labels.astype(np.int64)
    sims = X @ centres.T
    similarity = sims[np.arange(len(X)), labels]
    confidence = _soft_confidence(sims, labels)
    w = np.ones(len(X)) if weights is None else np.asarray(weights)
    outlier = confidence < other_threshold
    sizes = np.bincount(labels[~outlier], weights=w[~outlier], minlength=k)
    outlier |= sizes[labels] < min_size
    labels = np.where(outlier, -1, labels)
    return Clustering(labels=labels, similarity=similarity, confidence=confidence, centres=centres)


def choose_n_themes(
    X, *, weights=None, min_k=2, max_k=40, random_state=None, similarity=MERGE_SIMILARITY
) -> int:
    """Pick the number of themes: over-cluster, then merge centres that are alike.

    KMeans first cuts a weighted sample of at most 4,000 answers into ``max_k + 20`` small groups.
    Their centres are then joined by average-linkage clustering until no two groups' centres
    have a cosine similarity above ``similarity``; the groups left are the themes. Distinct
    topics leave dissimilar centres, so the count follows how many topics the answers hold
    rather than how many answers there are. (Silhouette, measured, chose 2 themes for 9 human
    labels and 40 for 8.) The count is the median over three samples, as one sample's count
    varied by up to 4. The threshold 0.12 was set on the three labelled sets in
    ``bench/themes_quality.py`` for the default representation, so it is fitted, not validated.
    """
    X = np.asarray(X, dtype=np.float32)
    w = np.ones(len(X)) if weights is None else np.asarray(weights, dtype=np.float64)
    # A zero row (no TF-IDF term survived, e.g. only stop words) points nowhere and cannot
    # tell topics apart; its cosine is undefined and made linkage raise. Leave it out.
    has_direction = np.linalg.norm(X, axis=1) > 1e-6
    X, w = X[has_direction], w[has_direction]
    n = len(X)
    # No more groups than distinct points: duplicates would leave some empty or identical.
    distinct = len(np.unique(X, axis=0)) if n else 0
    if distinct <= min_k:
        return max(1, distinct)
    rng = np.random.default_rng(random_state)
    m = min(n, AUTO_SAMPLE)
    n_groups = int(min(max_k + 20, distinct, max(min_k, m // 5)))
    counts = []
    for _ in range(AUTO_REPEATS):
        sample = X[rng.choice(n, size=m, replace=False, p=w / w.sum())] if m < n else X
        seed = int(rng.integers(2**31 - 1))
        _, centres, _ = spherical_kmeans(sample, n_groups, n_init=1, random_state=seed)
        counts.append(_merged_count(centres, similarity))
    return int(np.clip(np.median(counts), min_k, max_k))


def _merged_count(centres: np.ndarray, similarity: float) -> int:
    """How many groups are left once centres more alike than ``similarity`` are joined."""
    # A centre can still be zero where a group's rows cancel out (LSA has signed components).
    centres = centres[np.linalg.norm(centres, axis=1) > 1e-6]
    if len(centres) < 2:
        return len(centres)
    tree = linkage(centres, method="average", metric="cosine")
    return len(np.unique(fcluster(tree, t=1 - similarity, criterion="distance")))

"""Cluster unit-length vectors into themes, pick the number of themes, and find outliers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans

CONFIDENCE_TEMPERATURE = 0.05
AUTO_SAMPLE = 4000
MERGE_SIMILARITY = 0.1


@dataclass
class Clustering:
    """Per-row cluster number (-1 for outliers), cosine similarity to its centre and confidence."""

    labels: np.ndarray
    similarity: np.ndarray
    confidence: np.ndarray
    centres: np.ndarray


def _kmeans(X, k, weights, random_state, n_init=3):
    model = KMeans(n_clusters=k, n_init=n_init, max_iter=200, random_state=random_state)
    return model.fit(X, sample_weight=weights)


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
    model = _kmeans(X, k, weights, random_state)
    centres = model.cluster_centers_ / np.maximum(
        np.linalg.norm(model.cluster_centers_, axis=1, keepdims=True), 1e-12
    )
    labels = model.labels_.astype(np.int64)
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
    labels and 40 for 8.) The threshold 0.1 was set on the three labelled sets in
    ``bench/themes_quality.py`` for the default representation.
    """
    X = np.asarray(X, dtype=np.float64)
    n = len(X)
    if n <= min_k:
        return max(1, n)
    rng = np.random.default_rng(random_state)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    m = min(n, AUTO_SAMPLE)
    sample = X[rng.choice(n, size=m, replace=False, p=w / w.sum())] if m < n else X
    n_groups = int(min(max_k + 20, max(min_k, m // 5)))
    model = KMeans(n_clusters=n_groups, n_init=1, random_state=random_state).fit(sample)
    centres = model.cluster_centers_
    centres = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    tree = linkage(centres, method="average", metric="cosine")
    groups = fcluster(tree, t=1 - similarity, criterion="distance")
    return int(np.clip(len(np.unique(groups)), min_k, max_k))

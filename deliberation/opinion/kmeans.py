"""Weighted k-means with Polis's warm start, and the silhouette used to choose k.

Warm start (Polis's clean-start-clusters): last update's clusters are re-centred on their
members' new positions, clusters left empty are dropped, identical ones merged, and while there
are fewer clusters than k (and than distinct points) the point farthest from every centre becomes
a new cluster. A cold start seeds k-means++ from the given seed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.cluster import kmeans_plusplus

from .types import Cluster, FloatArray, Id

# Polis stops when every centre moved less than this (clusters.clj same-clustering?).
TOLERANCE = 0.01


def _mean(points: FloatArray, weights: FloatArray) -> FloatArray:
    return np.asarray((points * weights[:, None]).sum(axis=0) / weights.sum(), dtype=float)


def _cold_start(data: FloatArray, weights: FloatArray, k: int, seed: int) -> list[FloatArray]:
    distinct, first = np.unique(data, axis=0, return_index=True)
    distinct = data[np.sort(first)]  # in order of first appearance, for determinism
    if len(distinct) <= k:
        return list(distinct)
    centers, _ = kmeans_plusplus(data, k, sample_weight=weights, random_state=seed)
    return list(centers)


def _warm_start(
    data: FloatArray, ids: Sequence[Id], weights: FloatArray, k: int, last: Sequence[Cluster]
) -> tuple[list[int], list[FloatArray]]:
    row = {pid: i for i, pid in enumerate(ids)}
    members: dict[int, list[int]] = {}
    for clst in last:
        rows = [row[m] for m in clst.members if m in row]
        if rows:
            members[clst.id] = rows
    if not members:
        return [max((c.id for c in last), default=-1) + 1], [_mean(data, weights)]
    # Merge clusters whose re-centred positions coincide, keeping the larger one's id.
    by_center: dict[tuple[float, ...], int] = {}
    for cid in sorted(members, key=lambda c: (-len(members[c]), c)):
        center = tuple(_mean(data[members[cid]], weights[members[cid]]))
        if center in by_center:
            members[by_center[center]].extend(members.pop(cid))
        else:
            by_center[center] = cid
    possible = min(k, len(np.unique(data, axis=0)))
    next_id = max(c.id for c in last) + 1
    while len(members) < possible:
        cids = sorted(members)
        centers = np.array([_mean(data[members[c]], weights[members[c]]) for c in cids])
        dists = np.linalg.norm(data[:, None, :] - centers[None, :, :], axis=2).min(axis=1)
        far = int(np.argmax(dists))
        if dists[far] <= 0:
            break
        for c in cids:
            members[c] = [r for r in members[c] if r != far]
            if not members[c]:
                del members[c]
        members[next_id] = [far]
        next_id += 1
    cids = sorted(members)
    return cids, [_mean(data[members[c]], weights[members[c]]) for c in cids]


def kmeans(
    data: FloatArray,
    ids: Sequence[Id],
    k: int,
    *,
    last: Sequence[Cluster] = (),
    weights: FloatArray | None = None,
    max_iters: int = 100,
    seed: int = 0,
) -> tuple[Cluster, ...]:
    """Cluster the rows of `data` (named by `ids`) into at most k clusters."""
    if len(ids) == 0:
        return ()
    w = np.ones(len(ids)) if weights is None else np.asarray(weights, dtype=float)
    if last:
        cids, centers = _warm_start(data, ids, w, k, last)
    else:
        centers = _cold_start(data, w, k, seed)
        cids = list(range(len(centers)))
    center_arr = np.array(centers)
    for _ in range(max_iters + 1):
        sq = ((data[:, None, :] - center_arr[None, :, :]) ** 2).sum(axis=2)
        assign = np.argmin(sq, axis=1)
        keep = [j for j in range(len(cids)) if np.any(assign == j)]
        new = np.array([_mean(data[assign == j], w[assign == j]) for j in keep])
        old = center_arr[keep]
        cids, assign_ids = [cids[j] for j in keep], assign
        moved = len(keep) == len(center_arr) and bool(
            np.all(np.linalg.norm(new - old, axis=1) < TOLERANCE)
        )
        members = [tuple(ids[int(i)] for i in np.flatnonzero(assign_ids == j)) for j in keep]
        center_arr = new
        if moved:
            break
    return tuple(
        Cluster(id=int(cid), members=mem, center=(float(c[0]), float(c[1])))
        for cid, mem, c in sorted(zip(cids, members, center_arr, strict=True), key=lambda t: t[0])
    )


def silhouette(distances: FloatArray, labels: FloatArray) -> float:
    """Mean silhouette over the points (unweighted, as Polis averages over base clusters); a
    point alone in its cluster scores 0; fewer than two clusters scores -1."""
    groups, index = np.unique(labels, return_inverse=True)
    if len(groups) < 2:
        return -1.0
    onehot = np.eye(len(groups))[index]
    sizes = onehot.sum(axis=0)
    sums = distances @ onehot  # (points, groups): summed distance to each group
    rows = np.arange(len(labels))
    own_size = sizes[index] - 1
    a = np.divide(sums[rows, index], own_size, out=np.zeros(len(labels)), where=own_size > 0)
    other = sums / sizes
    other[rows, index] = np.inf
    b = other.min(axis=1)
    top = np.maximum(a, b)
    scores = np.divide(b - a, top, out=np.zeros(len(labels)), where=(top > 0) & (own_size > 0))
    return float(scores.mean())

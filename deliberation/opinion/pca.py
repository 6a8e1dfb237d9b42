"""PCA of the mean-filled vote matrix and Polis's sparsity-aware projection.

Filling a missing vote with its statement's mean and then centring leaves a zero, so the centred
matrix is built directly with zeros where nobody voted. The two components come from a subspace
(block power) iteration warm-started from the previous update's components, as Polis's power
iteration is; a Rayleigh-Ritz step orders them by variance explained."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .types import FloatArray, Id

N_COMPS = 2
# Components explaining less than this share of the first one's variance are float noise (e.g. the
# second axis of two perfectly opposed camps); keeping them would scatter identical participants.
NEGLIGIBLE = 1e-9
# Projections are rounded so that float noise does not make identical vote rows distinct points.
DECIMALS = 10


def centred(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(mean-filled centred matrix, voted mask); a column nobody voted on centres at 0."""
    voted = ~np.isnan(values)
    counts = voted.sum(axis=0)
    sums = np.where(voted, values, 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros(values.shape[1]), where=counts > 0)
    return np.where(voted, values - means, 0.0), voted


def _start(
    statement_ids: Sequence[Id], previous: Mapping[Id, tuple[float, float]], seed: int
) -> FloatArray:
    n = len(statement_ids)
    start = np.array([previous.get(sid, (0.0, 0.0)) for sid in statement_ids], dtype=float)
    start = start.reshape(n, N_COMPS)
    # Columns that the previous result cannot seed (cold start, or a component that was noise)
    # start from the seed's random direction, as Polis's rand-starting-vec does.
    rng = np.random.default_rng(seed)
    for j in range(N_COMPS):
        if not np.any(start[:, j]):
            start[:, j] = rng.standard_normal(n)
    return start


def components(
    x: FloatArray,
    statement_ids: Sequence[Id],
    previous: Mapping[Id, tuple[float, float]],
    *,
    seed: int,
    iters: int,
) -> FloatArray:
    """The top two principal axes of centred matrix `x`, shape (2, statements); an axis with no
    variance is all zeros."""
    n_cols = x.shape[1]
    comps = np.zeros((N_COMPS, n_cols))
    if n_cols == 0 or not np.any(x):
        return comps
    q, _ = np.linalg.qr(_start(statement_ids, previous, seed))
    for _ in range(iters):
        q_new, _ = np.linalg.qr(x.T @ (x @ q))
        # Converged when the spanned plane stops turning (all principal angles ~ 0).
        turned = 1.0 - np.linalg.svd(q.T @ q_new, compute_uv=False).min()
        q = q_new
        if turned < 1e-12:
            break
    xq = x @ q
    eigvals, rot = np.linalg.eigh(xq.T @ xq)
    order = np.argsort(eigvals)[::-1]
    eigvals, q = eigvals[order], q @ rot[:, order]
    top = eigvals[0]
    for j in range(min(N_COMPS, q.shape[1])):
        if top <= 0 or eigvals[j] <= NEGLIGIBLE * top:
            continue
        comp = q[:, j]
        prev = np.array([previous.get(sid, (0.0, 0.0))[j] for sid in statement_ids])
        # Keep the axis pointing the way it did last time so warm-started clusters still fit;
        # on a cold start, the largest loading is made positive.
        ref = prev @ comp if np.any(prev) else comp[np.argmax(np.abs(comp))]
        comps[j] = -comp if ref < 0 else comp
    return comps


def project(
    x: FloatArray, voted: FloatArray, comps: FloatArray, *, n_statements: int
) -> FloatArray:
    """Each participant's position, scaled by sqrt(statements / votes cast) so that someone who
    voted on few statements is not pulled to the centre by the missing ones."""
    n_votes = np.maximum(voted.sum(axis=1), 1)
    scale = np.sqrt(max(n_statements, 1) / n_votes)
    return np.round((x @ comps.T) * scale[:, None], DECIMALS)

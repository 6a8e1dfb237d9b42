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
EXTRA = 6
EIG_TOLERANCE = 1e-7


def centred(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(mean-filled centred matrix, voted mask); a column nobody voted on centres at 0. The
    matrix keeps the input's dtype (float32 from opinion_update, to halve the memory)."""
    voted = ~np.isnan(values)
    counts = voted.sum(axis=0)
    sums = np.nansum(values, axis=0, dtype=np.float64)
    means = np.divide(sums, counts, out=np.zeros(values.shape[1]), where=counts > 0)
    x = values - means.astype(values.dtype)
    x[~voted] = 0.0
    return x, voted


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
    start = _start(statement_ids, previous, seed)
    # Extra vectors beyond the two wanted make the iteration converge at the rate of the 2nd to
    # the (2 + EXTRA)th eigenvalue rather than the 2nd to the 3rd, which can be close.
    extra = np.random.default_rng(seed + 1).standard_normal((n_cols, EXTRA))
    q, _ = np.linalg.qr(np.hstack([start, extra])[:, : min(n_cols, N_COMPS + EXTRA)])
    q = q.astype(x.dtype)
    last = np.zeros(N_COMPS)
    for _ in range(iters):
        q, r = np.linalg.qr(x.T @ (x @ q))
        # Stop when the top two eigenvalue estimates settle (Polis's power iteration stops when
        # its eigenvalue stops changing); near-tied axes would take far longer to settle and
        # their exact direction within the tie carries no information.
        values = np.abs(np.diag(r)[:N_COMPS]).astype(np.float64)
        if np.all(np.abs(values - last[: len(values)]) <= EIG_TOLERANCE * values.max(initial=0)):
            break
        last[: len(values)] = values
    xq = (x @ q).astype(np.float64)
    eigvals, rot = np.linalg.eigh(xq.T @ xq)
    order = np.argsort(eigvals)[::-1]
    eigvals, q = eigvals[order], q.astype(np.float64) @ rot[:, order]
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
    return np.round((x @ comps.T.astype(x.dtype)).astype(np.float64) * scale[:, None], DECIMALS)

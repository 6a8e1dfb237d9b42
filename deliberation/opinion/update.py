"""One recomputation of the opinion groups, warm-started from the previous one (Polis's
conversation update, math/src/polismath/math/conversation.clj)."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from threadpoolctl import ThreadpoolController

from . import pca, repness
from .kmeans import kmeans, silhouette
from .types import (
    Cluster,
    FloatArray,
    Group,
    Id,
    KSmoother,
    OpinionParams,
    OpinionResult,
    OpinionState,
    VoteMatrix,
)

_CONTROLLER: list[ThreadpoolController] = []


def _threads() -> ThreadpoolController:
    # Finding the BLAS libraries takes milliseconds; once per process is enough.
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0]


def _in_conv(
    ids: tuple[Id, ...],
    vote_counts: FloatArray,
    n_cmts: int,
    previous: frozenset[Id],
    params: OpinionParams,
) -> frozenset[Id]:
    """Who is clustered: once in, always in; then anyone with min(7, statements) votes; then the
    top voters until there are greedy_n."""
    present = set(ids)
    chosen = {pid for pid in previous if pid in present}
    chosen |= {
        pid
        for pid, n in zip(ids, vote_counts, strict=True)
        if n >= min(params.min_votes, n_cmts) and n > 0
    }
    if len(chosen) < params.greedy_n:
        order = sorted(range(len(ids)), key=lambda i: (-vote_counts[i], i))
        extra = [ids[i] for i in order if ids[i] not in chosen and vote_counts[i] > 0]
        chosen |= set(extra[: params.greedy_n - len(chosen)])
    return frozenset(chosen)


def _smooth(previous: KSmoother, this_k: int, buffer: int) -> KSmoother:
    """k changes only after the same new k has been best `buffer` updates in a row."""
    count = previous.last_k_count + 1 if previous.last_k == this_k else 1
    smoothed = this_k if count >= buffer or previous.smoothed_k is None else previous.smoothed_k
    return KSmoother(last_k=this_k, last_k_count=count, smoothed_k=smoothed)


def _group_clusterings(
    base: tuple[Cluster, ...], state: OpinionState, params: OpinionParams, seed: int
) -> tuple[dict[int, tuple[Cluster, ...]], dict[int, float]]:
    centers = np.array([c.center for c in base], dtype=float).reshape(len(base), 2)
    weights = np.array([len(c.members) for c in base], dtype=float)
    ids = tuple(c.id for c in base)
    distances = np.linalg.norm(centers[:, None, :] - centers[None, :, :], axis=2)
    max_k = min(params.max_k, 2 + len(base) // 12)
    clusterings, scores = {}, {}
    for k in range(2, max_k + 1):
        clusters = kmeans(
            centers,
            ids,
            k,
            last=state.group_clusterings.get(k, ()),
            weights=weights,
            max_iters=params.max_iters,
            seed=seed,
        )
        label = {bid: c.id for c in clusters for bid in c.members}
        clusterings[k] = clusters
        scores[k] = silhouette(distances, np.array([label[b] for b in ids]))
    return clusterings, scores


def _update(
    votes: VoteMatrix,
    state: OpinionState,
    moderated_out: Collection[Id],
    seed: int,
    params: OpinionParams,
) -> OpinionResult:
    ids, sids = votes.participant_ids, votes.statement_ids
    values = np.array(votes.values, dtype=np.float32)  # votes are exact in float32
    vote_counts = (~np.isnan(values)).sum(axis=1)
    mod = set(moderated_out)
    mod_cols = [j for j, sid in enumerate(sids) if sid in mod]
    live = [j for j, sid in enumerate(sids) if sid not in mod]
    # Moderated out: the column is zero in the centred matrix, so it moves nobody, and it is not
    # a vote cast in the sqrt(statements / votes cast) scaling. (Polis's code sets the cells to 0,
    # which then count as votes cast by everyone; docs/opinion.md says why we do not.)
    values[:, mod_cols] = np.nan
    in_conv = _in_conv(ids, vote_counts, len(sids), state.in_conv, params)

    x, voted = pca.centred(values)
    comps = pca.components(x, sids, state.comps, seed=seed, iters=params.pca_iters)
    proj = pca.project(x, voted, comps, n_statements=len(live))
    del x, voted

    rows = [i for i, pid in enumerate(ids) if pid in in_conv]
    base = kmeans(
        proj[rows],
        tuple(ids[i] for i in rows),
        params.base_k,
        last=state.base_clusters,
        max_iters=params.max_iters,
        seed=seed,
    )
    clusterings, scores = (
        _group_clusterings(base, state, params, seed) if len(base) > 1 else ({}, {})
    )
    smoother = state.k_smoother
    if scores:
        best_k = max(sorted(scores), key=lambda k: scores[k])
        smoother = _smooth(state.k_smoother, best_k, params.k_buffer)
        chosen = clusterings.get(smoother.smoothed_k or best_k) or clusterings[best_k]
    else:
        chosen = (Cluster(0, tuple(c.id for c in base), (0.0, 0.0)),) if base else ()

    base_members: dict[Id, tuple[Id, ...]] = {c.id: c.members for c in base}
    row_of = {pid: i for i, pid in enumerate(ids)}
    member_lists = [
        tuple(sorted((m for b in g.members for m in base_members[b]), key=row_of.__getitem__))
        for g in chosen
    ]
    group_values = [values[[row_of[m] for m in mem]] for mem in member_lists]
    reps = (
        repness.representative(sids, group_values, live)
        if len(group_values) > 1
        else [()] * len(group_values)
    )
    agree, disagree = repness.consensus(sids, values, live)
    gic = repness.group_informed_consensus(group_values)

    new_state = OpinionState(
        in_conv=in_conv,
        comps={sid: (float(comps[0, j]), float(comps[1, j])) for j, sid in enumerate(sids)},
        base_clusters=base,
        group_clusterings=clusterings or dict(state.group_clusterings),
        k_smoother=smoother,
    )
    return OpinionResult(
        participant_ids=ids,
        projections=proj,
        clustered=tuple(pid for pid in ids if pid in in_conv),
        groups=tuple(
            Group(n, mem, rep) for n, (mem, rep) in enumerate(zip(member_lists, reps, strict=True))
        ),
        consensus_agree=agree,
        consensus_disagree=disagree,
        group_informed_consensus={sids[j]: float(gic[j]) for j in live} if group_values else {},
        divisive=repness.divisive(sids, group_values, live),
        state=new_state,
    )


def opinion_update(
    votes: VoteMatrix,
    state: OpinionState | None = None,
    *,
    moderated_out: Collection[Id] = (),
    seed: int = 0,
    params: OpinionParams | None = None,
) -> OpinionResult:
    """Recompute groups, representative statements and consensus from `votes`, warm-started from
    `state` (the previous result's `.state`); pass the returned `.state` to the next call."""
    params = params or OpinionParams()
    with _threads().limit(limits=params.blas_threads):
        return _update(votes, state or OpinionState(), moderated_out, seed, params)

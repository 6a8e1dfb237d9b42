"""Which statements set each group apart, and which the room agrees on (Polis's repness.clj and
stats.clj). Counts: na agrees, nd disagrees, ns votes seen (passes included)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .types import ConsensusStatement, FloatArray, Id, RepStatement

Z90 = 1.2816  # one-sided 90% significance, Polis's z-sig-90?
MAX_REP = 5


def counts(values: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(na, nd, ns) per column of a vote matrix with NaN for not voted."""
    return (
        (values == 1).sum(axis=0).astype(float),
        (values == -1).sum(axis=0).astype(float),
        (~np.isnan(values)).sum(axis=0).astype(float),
    )


def prop_test(succ: FloatArray, n: FloatArray) -> FloatArray:
    """z for a proportion above one half, with Polis's +1 pseudocounts."""
    succ, n = succ + 1, n + 1
    return np.asarray(2 * np.sqrt(n) * (succ / n - 0.5))


def two_prop_test(
    succ_in: FloatArray, succ_out: FloatArray, pop_in: FloatArray, pop_out: FloatArray
) -> FloatArray:
    """z for the in-group proportion above the out-group's, with +1 pseudocounts."""
    succ_in, succ_out, pop_in, pop_out = succ_in + 1, succ_out + 1, pop_in + 1, pop_out + 1
    pi1, pi2 = succ_in / pop_in, succ_out / pop_out
    pi_hat = (succ_in + succ_out) / (pop_in + pop_out)
    denom = np.sqrt(pi_hat * (1 - pi_hat) * (1 / pop_in + 1 / pop_out))
    return np.asarray(np.where(pi_hat == 1, 0.0, (pi1 - pi2) / np.where(denom == 0, 1, denom)))


def _stats(counts_in: tuple, counts_rest: tuple) -> dict[str, FloatArray]:
    na, nd, ns = counts_in
    ra_n, rd_n, rs = counts_rest
    pa, pd = (1 + na) / (2 + ns), (1 + nd) / (2 + ns)
    return {
        "na": na,
        "nd": nd,
        "ns": ns,
        "pa": pa,
        "pd": pd,
        "pat": prop_test(na, ns),
        "pdt": prop_test(nd, ns),
        "ra": pa / ((1 + ra_n) / (2 + rs)),
        "rd": pd / ((1 + rd_n) / (2 + rs)),
        "rat": two_prop_test(na, ra_n, ns, rs),
        "rdt": two_prop_test(nd, rd_n, ns, rs),
    }


def _finalize(sid: Id, s: dict[str, float], best_agree: bool = False) -> RepStatement:
    agree = s["rat"] > s["rdt"]
    a = "a" if agree else "d"
    return RepStatement(
        statement_id=sid,
        repful_for="agree" if agree else "disagree",
        n_success=int(s["n" + a]),
        n_trials=int(s["ns"]),
        p_success=float(s["p" + a]),
        p_test=float(s["p" + a + "t"]),
        repness=float(s["r" + a]),
        repness_test=float(s["r" + a + "t"]),
        best_agree=best_agree,
    )


def _beats_best_agree(s: dict[str, float], best: dict[str, float] | None) -> bool:
    if s["na"] == 0 and s["nd"] == 0:
        return False
    if best is not None and best["ra"] > 1.0:
        return bool(
            s["ra"] * s["rat"] * s["pa"] * s["pat"]
            > best["ra"] * best["rat"] * best["pa"] * best["pat"]
        )
    if best is not None:
        return bool(s["pa"] * s["pat"] > best["pa"] * best["pat"])
    return bool(s["pat"] > Z90 or (s["ra"] > 1.0 and s["pa"] > 0.5))


def _select(
    statement_ids: Sequence[Id], stats: dict[str, FloatArray], live: Sequence[int]
) -> tuple[RepStatement, ...]:
    sufficient: list[RepStatement] = []
    best: RepStatement | None = None
    best_agree: tuple[Id, dict[str, float]] | None = None
    for j in live:
        s = {key: float(arr[j]) for key, arr in stats.items()}
        sid = statement_ids[j]
        if (s["rat"] > Z90 and s["pat"] > Z90) or (s["rdt"] > Z90 and s["pdt"] > Z90):
            sufficient.append(_finalize(sid, s))
        if not sufficient and (best is None or max(s["rat"], s["rdt"]) > best.repness_test):
            best = _finalize(sid, s)
        if _beats_best_agree(s, best_agree[1] if best_agree else None):
            best_agree = (sid, s)
    head = (
        []
        if best_agree is None
        else [_finalize(best_agree[0], best_agree[1] | {"rdt": -np.inf}, True)]
    )
    if not sufficient:
        return tuple(head or ([best] if best else []))
    rest = sorted(
        (r for r in sufficient if not head or r.statement_id != head[0].statement_id),
        key=lambda r: -(r.repness * r.repness_test * r.p_success * r.p_test),
    )
    chosen = (head + rest)[:MAX_REP]
    return tuple(
        [r for r in chosen if r.repful_for == "agree"]
        + [r for r in chosen if r.repful_for == "disagree"]
    )


def representative(
    statement_ids: Sequence[Id], group_values: Sequence[FloatArray], live: Sequence[int]
) -> list[tuple[RepStatement, ...]]:
    """Per group, up to five statements that set it apart from the other groups."""
    group_counts = [counts(v) for v in group_values]
    total = tuple(sum(c[i] for c in group_counts) for i in range(3))
    out = []
    for c in group_counts:
        rest = tuple(total[i] - c[i] for i in range(3))
        out.append(_select(statement_ids, _stats(c, rest), live))
    return out


def consensus(
    statement_ids: Sequence[Id], values: FloatArray, live: Sequence[int]
) -> tuple[tuple[ConsensusStatement, ...], tuple[ConsensusStatement, ...]]:
    """Top five statements agreed (then disagreed) by the room: p > 0.5 and z > 1.2816."""
    na, nd, ns = counts(values)
    out = []
    for succ in (na, nd):
        p, z = (1 + succ) / (2 + ns), prop_test(succ, ns)
        chosen = sorted(
            (j for j in live if p[j] > 0.5 and z[j] > Z90), key=lambda j: (-p[j] * z[j], j)
        )
        out.append(
            tuple(
                ConsensusStatement(
                    statement_ids[j], int(succ[j]), int(ns[j]), float(p[j]), float(z[j])
                )
                for j in chosen[:MAX_REP]
            )
        )
    return out[0], out[1]


def group_informed_consensus(group_values: Sequence[FloatArray]) -> FloatArray:
    """Per statement, the product over groups of (A + 1) / (S + 2): high only when every group
    agrees."""
    product = np.ones(group_values[0].shape[1]) if group_values else np.ones(0)
    for v in group_values:
        na, _, ns = counts(v)
        product = product * (na + 1) / (ns + 2)
    return product


def divisive(
    statement_ids: Sequence[Id], group_values: Sequence[FloatArray], live: Sequence[int]
) -> tuple[Id, ...]:
    """Up to five statements that one group significantly agrees with and another significantly
    disagrees with, widest gap in agreement first. (Not a Polis statistic; Polis's report shows
    such statements by comment extremity.)"""
    if len(group_values) < 2:
        return ()
    cs = [counts(v) for v in group_values]
    pa = np.array([(1 + na) / (2 + ns) for na, _, ns in cs])
    agree = np.array([((1 + na) / (2 + ns) > 0.5) & (prop_test(na, ns) > Z90) for na, _, ns in cs])
    disagree = np.array(
        [((1 + nd) / (2 + ns) > 0.5) & (prop_test(nd, ns) > Z90) for _, nd, ns in cs]
    )
    gap = pa.max(axis=0) - pa.min(axis=0)
    split = [j for j in live if agree[:, j].any() and disagree[:, j].any()]
    return tuple(statement_ids[j] for j in sorted(split, key=lambda j: (-gap[j], j))[:MAX_REP])

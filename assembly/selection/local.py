"""Cheap pricing: improve known panels by swapping one member at a time.

Swapping one member of group ``a`` for one of group ``b`` changes only the quota
counts where their profiles differ, so which swaps keep every quota can be found
for all pairs at once with two small matrix products. Climbing from good known
panels finds many improving panels in milliseconds, so the integer program is
needed only to prove that no improving panel is left.
"""

from __future__ import annotations

import numpy as np

from .profiles import Pool


class SwapSearch:
    """Steepest-ascent local search over panels by one-for-one swaps."""

    def __init__(self, pool: Pool):
        self.pool = pool
        self.sizes = pool.sizes.astype(np.int64)
        self.member = np.zeros((len(pool.groups), len(pool.quotas)), dtype=np.float64)
        for q, quota in enumerate(pool.quotas):
            self.member[pool.quota_groups(quota), q] = 1.0
        self.low = np.array([q.min for q in pool.quotas])
        self.high = np.array([q.max for q in pool.quotas])
        self.housemates: list[list[int]] = [[] for _ in pool.groups]
        for household in pool.households:
            for g in household:
                self.housemates[g] = [h for h in household if h != g]

    def climb(self, counts: np.ndarray, weights: np.ndarray, steps: int = 500) -> np.ndarray:
        """Apply the best quota-keeping swap until none improves ``weights @ counts``."""
        counts = counts.copy()
        member = self.member
        for _ in range(steps):
            totals = counts @ member
            full = member[:, totals >= self.high]  # cannot gain a member with these values
            thin = member[:, totals <= self.low]  # cannot lose one
            out = np.flatnonzero(counts > 0)
            can_in = counts < self.sizes
            for g in np.flatnonzero(can_in):
                if self.housemates[g] and counts[self.housemates[g]].any():
                    can_in[g] = False
            into = np.flatnonzero(can_in)
            if not len(out) or not len(into):
                break
            # swap a -> b breaks a quota if b adds a full value a lacks, or drops a thin one.
            bad = full[into] @ (1 - full[out]).T + thin[out].dot((1 - thin[into]).T).T
            gain = weights[into][:, None] - weights[out][None, :]
            gain[bad > 0] = -np.inf
            b, a = np.unravel_index(np.argmax(gain), gain.shape)
            if gain[b, a] <= 1e-12:
                break
            counts[out[a]] -= 1
            counts[into[b]] += 1
        return counts

"""Opinion-group recomputation time and peak memory at room and city scale.

Matrices of 1,000 participants x 200 statements and 5,000 x 1,000, 30% of votes cast, drawn from
two latent camps plus noise (so the clustering has real work to do). For each: a cold
recomputation, a warm one from the previous state (what a live session runs on each batch of
votes), and a baseline in the same run: a bare numpy PCA (mean-fill, centre, SVD) of the same
matrix. Time is wall clock with BLAS limited to one thread; memory is tracemalloc's peak of new
allocations during the call (the input matrix itself excluded).

    PYTHONPATH=site:. .venv/bin/python bench/opinion_scale.py [--sizes 1000x200 5000x1000]
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deliberation.opinion import VoteMatrix, opinion_update  # noqa: E402

MIB = 1024 * 1024


def votes(n_people: int, n_statements: int, share: float = 0.3, seed: int = 0) -> VoteMatrix:
    rng = np.random.default_rng(seed)
    camp = rng.integers(0, 2, n_people) * 2 - 1
    leaning = rng.choice([-1.0, 1.0], n_statements)
    agree_p = 0.5 + 0.3 * np.outer(camp, leaning)  # each camp leans one way on every statement
    draw = rng.random((n_people, n_statements))
    values = np.where(draw < agree_p * 0.85, 1.0, np.where(draw < 0.85, -1.0, 0.0))
    values[rng.random((n_people, n_statements)) >= share] = np.nan
    return VoteMatrix(tuple(range(n_people)), tuple(range(n_statements)), values)


def measure(fn):
    tracemalloc.start()
    start = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, seconds, peak / MIB


def bare_pca(m: VoteMatrix):
    filled = np.where(np.isnan(m.values), np.nanmean(m.values, axis=0), m.values)
    centred = filled - filled.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:2].T


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", default=["1000x200", "5000x1000"])
    args = parser.parse_args()
    print(f"{'matrix':>10} {'run':>22} {'seconds':>8} {'peak MiB':>9} {'k':>3}")
    for size in args.sizes:
        n_people, n_statements = map(int, size.split("x"))
        m = votes(n_people, n_statements)
        cold, s, mem = measure(lambda m=m: opinion_update(m))
        print(f"{size:>10} {'ours, cold start':>22} {s:>8.2f} {mem:>9.1f} {cold.k:>3}", flush=True)
        warm, s, mem = measure(lambda m=m, cold=cold: opinion_update(m, cold.state))
        print(f"{size:>10} {'ours, warm start':>22} {s:>8.2f} {mem:>9.1f} {warm.k:>3}", flush=True)
        with threadpool_limits(limits=1):
            _, s, mem = measure(lambda m=m: bare_pca(m))
        print(f"{size:>10} {'baseline: numpy PCA':>22} {s:>8.2f} {mem:>9.1f} {'-':>3}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

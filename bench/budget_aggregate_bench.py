"""budget_aggregate on 100,000 x 12: time and peak memory, as a ratio to numpy's own
mean and median over the same matrix in the same run.

    PYTHONPATH=site .venv/bin/python bench/budget_aggregate_bench.py [N]
"""

import sys
import time
import tracemalloc

import numpy as np

from common.budget import budget_aggregate


def measure(fn):
    tracemalloc.start()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def main(n=100_000, m=12, envelope=1_000_000):
    rng = np.random.default_rng(0)
    cuts = np.sort(rng.integers(0, envelope + 1, size=(n, m - 1)), axis=1)
    edges = np.hstack([np.zeros((n, 1), dtype=np.int64), cuts, np.full((n, 1), envelope)])
    matrix = np.diff(edges, axis=1).astype(np.int64)
    refs = [f"line{j}" for j in range(m)]
    base_s, base_mem = measure(lambda: (matrix.mean(axis=0), np.median(matrix, axis=0)))
    agg_s, agg_mem = measure(lambda: budget_aggregate(refs, matrix))
    print(f"n={n} lines={m}")
    print(f"numpy mean+median: {base_s:.3f}s peak {base_mem / 2**20:.1f} MiB")
    print(f"budget_aggregate:  {agg_s:.3f}s peak {agg_mem / 2**20:.1f} MiB")
    print(f"ratio: time x{agg_s / base_s:.1f}, memory x{agg_mem / max(base_mem, 1):.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

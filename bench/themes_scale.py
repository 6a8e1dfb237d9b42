"""Wall time and peak memory of theme clustering for 10,000 and 100,000 texts.

Texts are synthesised by sampling the labelled sets in shared/data/analysis and perturbing each
copy (dropping and swapping words), so there are few exact duplicates. Each size and
configuration runs in its own process so its peak resident memory is its own.
Run: ``PYTHONPATH=. python bench/themes_scale.py [--sizes 10000,100000] [--configs default]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from bench.themes.common import SETS, load  # noqa: E402

CONFIGS = {"default": "static+tfidf", "quality": "transformer+tfidf"}


def synthesise(n: int, seed: int = 0) -> list[str]:
    """``n`` texts sampled from the labelled sets, each with words dropped or swapped."""
    pool = [t for name in SETS if (f := load(name)) is not None for t in f["text"] if t.strip()]
    rng = np.random.default_rng(seed)
    texts = []
    for i in rng.integers(0, len(pool), size=n):
        words = pool[i].split()
        if len(words) > 3:
            keep = rng.random(len(words)) > 0.15
            words = [w for w, k in zip(words, keep, strict=True) if k] or words
            j = rng.integers(0, len(words))
            words[j], words[-1] = words[-1], words[j]
        texts.append(" ".join(words))
    return texts


def run_one(n: int, config: str) -> dict:
    from analysis.themes import ThemeClusterer

    texts = synthesise(n)
    started = time.perf_counter()
    model = ThemeClusterer("auto", representation=CONFIGS[config], random_state=0).fit(texts)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n": n,
        "config": config,
        "seconds": round(seconds, 1),
        "peak_mib": round(peak_mib),
        "n_themes": model.n_themes_,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--configs", default="default")
    parser.add_argument("--one", nargs=2, metavar=("N", "CONFIG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1])), flush=True)
        return 0
    if load(SETS[0]) is None and load(SETS[1]) is None and load(SETS[2]) is None:
        print("skip: no labelled sets found")
        return 0
    rows = []
    for config in args.configs.split(","):
        for n in args.sizes.split(","):
            done = subprocess.run(
                [sys.executable, __file__, "--one", n, config], capture_output=True, text=True
            )
            if done.returncode:
                print(done.stderr[-2000:], file=sys.stderr)
                continue
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(rows[-1]), flush=True)
    print(f"\n{'config':8s} {'texts':>7s} {'seconds':>8s} {'peak MiB':>9s} {'themes':>6s}")
    for r in rows:
        print(
            f"{r['config']:8s} {r['n']:7d} {r['seconds']:8.1f} {r['peak_mib']:9d} "
            f"{r['n_themes']:6d}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Wall time and peak memory of theme clustering for 10,000 and 100,000 texts.

Texts are synthesised by sampling the labelled sets in shared/data/analysis and perturbing each
copy (dropping and swapping words), so there are few exact duplicates. Each size and
configuration runs in its own process so its peak resident memory is its own. Wall time, CPU
time (user + system, less sensitive to other work on the machine) and the load average are shown.

The quality configuration runs the transformer over every distinct answer (about 21 minutes at
100,000 on the 2 cores); for sizes above
``--quality-max`` it is estimated, not run: the default configuration's time at that size plus
the distinct answers divided by the transformer's throughput measured on 1,000 of them.
Run: ``PYTHONPATH=. python bench/themes_scale.py [--sizes 10000,100000]``
``[--configs default,quality]``.
"""

from __future__ import annotations

import argparse
import json
import os
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
    from analysis import embeddings
    from analysis.themes import ThemeClusterer

    texts = synthesise(n)
    embeddings.static_table()  # built once per machine and cached; not part of a run
    started, cpu = time.perf_counter(), time.process_time()
    model = ThemeClusterer("auto", representation=CONFIGS[config], random_state=0).fit(texts)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n": n,
        "config": config,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "load": round(os.getloadavg()[0], 1),
        "peak_mib": round(peak_mib),
        "n_themes": model.n_themes_,
        "estimated": False,
    }


def transformer_rate(n: int = 1000) -> float:
    """Distinct answers per second through the full transformer, measured on ``n`` of them."""
    from analysis.embeddings import encode_transformer
    from analysis.text_clean import deduplicate

    unique, _ = deduplicate(synthesise(4 * n, seed=1))
    sample = unique[:n]
    encode_transformer(sample[:64])  # load the weights outside the timing
    started = time.perf_counter()
    encode_transformer(sample)
    return len(sample) / (time.perf_counter() - started)


def estimate_quality(default_row: dict, rate: float) -> dict:
    from analysis.text_clean import deduplicate

    n_unique = len(deduplicate(synthesise(default_row["n"]))[0])
    return {
        **default_row,
        "config": "quality",
        "seconds": round(default_row["seconds"] + n_unique / rate, 1),
        "cpu_seconds": None,
        "peak_mib": None,  # not run: adds the transformer's 384 floats per distinct answer
        "estimated": True,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--configs", default="default,quality")
    parser.add_argument("--quality-max", type=int, default=100_000)
    parser.add_argument("--one", nargs=2, metavar=("N", "CONFIG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1])), flush=True)
        return 0
    if load(SETS[0]) is None and load(SETS[1]) is None and load(SETS[2]) is None:
        print("skip: no labelled sets found")
        return 0
    rows = []
    sizes = [int(n) for n in args.sizes.split(",")]
    configs = args.configs.split(",")
    rate = None
    for config in configs:
        for n in sizes:
            if config == "quality" and n > args.quality_max:
                default = next((r for r in rows if r["config"] == "default" and r["n"] == n), None)
                if default is None:
                    continue
                rate = rate or transformer_rate()
                rows.append(estimate_quality(default, rate))
                print(json.dumps({**rows[-1], "transformer_per_second": round(rate, 1)}))
                continue
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(n), config], capture_output=True, text=True
            )
            if done.returncode:
                print(done.stderr[-2000:], file=sys.stderr)
                continue
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(rows[-1]), flush=True)
    print(
        f"\n{'config':8s} {'texts':>7s} {'seconds':>8s} {'cpu s':>7s} {'load':>5s} "
        f"{'peak MiB':>9s} {'themes':>6s}"
    )
    for r in rows:
        cpu = "-" if r["cpu_seconds"] is None else f"{r['cpu_seconds']:.1f}"
        peak = "-" if r["peak_mib"] is None else str(r["peak_mib"])
        mark = " (estimated)" if r["estimated"] else ""
        print(
            f"{r['config']:8s} {r['n']:7d} {r['seconds']:8.1f} {cpu:>7s} {r['load']:5.1f} "
            f"{peak:>9s} {r['n_themes']:6d}{mark}"
        )
    if rate:
        print(f"transformer: {rate:.1f} distinct answers per second (measured on 1,000)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

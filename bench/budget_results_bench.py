"""Time and peak memory of a budget question's results and export, beside a number question.

Synthetic submissions (10,000 and 100,000 by default) of a 12-line budget (exact rule,
£120.0m in £0.1m, today £10.0m a line) with 3 demographic questions and the channel, as
long-format answers (``<id>/<line>`` rows, as ``answers_frame`` gives them). Measured in
the same run for each size:

* results: ``results_set`` for the budget question (12 binned distributions and
  cut/kept/raised tables through suppression, per-group statistics and moving-phantom
  medians), and for a baseline of one number question with the same demographics;
* export: a CSV of one row per submission with a column per line (exact decimals), and
  the baseline's one number column.

Printed as seconds (a plain run), peak MiB (tracemalloc, a second run) and the
budget/baseline time ratio.
Run: ``PYTHONPATH=site:. python bench/budget_results_bench.py [--sizes 10000 100000]``.
"""

import argparse
import csv
import io
import time
import tracemalloc
from decimal import Decimal
from functools import partial

import numpy as np
import pandas as pd

from common.budget import Exercise, Line
from consultations.results import PREFER_NOT_TO_SAY, Question, results_set

LINES = 12
DEMOGRAPHICS = {
    "age": ["16-24", "25-44", "45-64", "65-79", "80+", PREFER_NOT_TO_SAY],
    "sex": ["Female", "Male", PREFER_NOT_TO_SAY],
    "district": ["Basildon", "Braintree", "Colchester", "Harlow", "Tendring"],
    "channel": ["online", "paper", "phone", "event"],
}
EXERCISE = Exercise(
    lines=tuple(Line(f"l{j}", f"Line {j}", 100, 0, 400) for j in range(LINES)),
    total=100 * LINES,
    unit="£m",
    decimals=1,
)


def _amounts(n: int, rng) -> np.ndarray:
    shares = rng.dirichlet(np.full(LINES, 6.0), size=n) * EXERCISE.total
    rows = np.floor(shares).astype(np.int64)
    rows[:, 0] += EXERCISE.total - rows.sum(axis=1)  # whole units that add up exactly
    return rows


def _demographics(n, rng) -> pd.DataFrame:
    parts = []
    for d, options in DEMOGRAPHICS.items():
        if d != "channel":
            values = rng.choice(options, size=n)
            parts.append(
                pd.DataFrame({"response_id": np.arange(n), "question": d, "value": values})
            )
    return pd.concat(parts, ignore_index=True)


def frames(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    amounts = _amounts(n, rng)
    ids = np.repeat(np.arange(n), LINES)
    lines = np.tile([f"bud/l{j}" for j in range(LINES)], n)
    flat = amounts.ravel()
    budget = pd.DataFrame(
        {"response_id": ids, "question": lines, "value": flat.astype(str), "number": flat}
    )
    numbers = rng.gamma(2.0, 10.0, size=n).round(1)
    number = pd.DataFrame(
        {"response_id": np.arange(n), "question": "q", "value": "", "number": numbers}
    )
    demos = _demographics(n, rng)
    channel = dict(enumerate(rng.choice(DEMOGRAPHICS["channel"], size=n)))
    out = []
    for frame in (budget, number):
        full = pd.concat([frame, demos], ignore_index=True)
        full["channel"] = full["response_id"].map(channel)
        out.append(full)
    return amounts, numbers, out[0], out[1]


def _measure(fn):
    """Seconds of a plain run, then peak MiB of a second run under tracemalloc (which slows
    pure Python several times, so it is never timed)."""
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def _export_budget(amounts):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Response", *[line.name for line in EXERCISE.lines]])
    for i, row in enumerate(amounts.tolist()):
        writer.writerow([i, *(Decimal(a).scaleb(-EXERCISE.decimals) for a in row)])


def _export_number(numbers):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Response", "Number"])
    for i, value in enumerate(numbers.tolist()):
        writer.writerow([i, value])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    budget_q = [Question("bud", "budget", exercise=EXERCISE)]
    number_q = [Question("q", "number")]
    print(
        f"{'n':>8} {'what':<8} {'budget s':>9} {'MiB':>7} {'number s':>9} {'MiB':>7} {'ratio':>6}"
    )
    for n in args.sizes:
        amounts, numbers, budget, number = frames(n)
        runs = (
            (
                "results",
                partial(results_set, budget, questions=budget_q, demographics=DEMOGRAPHICS),
                partial(results_set, number, questions=number_q, demographics=DEMOGRAPHICS),
            ),
            ("export", partial(_export_budget, amounts), partial(_export_number, numbers)),
        )
        for what, fb, fn in runs:
            tb, mb = _measure(fb)
            tn, mn = _measure(fn)
            print(f"{n:>8} {what:<8} {tb:>9.2f} {mb:>7.1f} {tn:>9.2f} {mn:>7.1f} {tb / tn:>6.1f}")


if __name__ == "__main__":
    main()

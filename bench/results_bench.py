"""Time and peak memory to compute a full, suppressed results set.

Synthetic long-format answers for 10,000 and 100,000 responses: 10 questions of mixed
kinds (single and multiple choice, scales, numbers, a ranking) and 3 demographic
questions plus the response channel. A results set is every question's counts and its
cross-tab by each demographic and by channel, with "who we heard from", protected
together. Run: ``PYTHONPATH=. python bench/results_bench.py [--sizes 10000 100000]``.
"""

import argparse
import resource
import time
import tracemalloc

import numpy as np
import pandas as pd

from consultations.results import PREFER_NOT_TO_SAY, Question, results_set

CHOICE = ["Very good", "Good", "Poor", "Very poor", "Don't know"]
SCALE = ["1", "2", "3", "4", "5"]
SUPPORT = ["Respite", "Money", "Advice", "Training", "Peer groups", "Transport"]
RANK = ["Home care", "Day centres", "Carers' breaks", "Housing"]
DEMOGRAPHICS = {
    "age": ["16-24", "25-44", "45-64", "65-79", "80+", PREFER_NOT_TO_SAY],
    "sex": ["Female", "Male", "Other", PREFER_NOT_TO_SAY],
    "district": ["Basildon", "Braintree", "Colchester", "Harlow", "Tendring", "Uttlesford"],
    "channel": ["online", "paper", "phone", "event"],
}
WEIGHTS = {"sex": [0.52, 0.45, 0.003, 0.027]}  # a rare group, so some cells are small
QUESTIONS = [
    Question("q1", "choice", CHOICE),
    Question("q2", "choice", ["Yes", "No"]),
    Question("q3", "choice", CHOICE),
    Question("q4", "multiple", SUPPORT),
    Question("q5", "multiple", SUPPORT[:4]),
    Question("q6", "scale", SCALE),
    Question("q7", "scale", SCALE),
    Question("q8", "number"),
    Question("q9", "number"),
    Question("q10", "ranking", RANK),
]


def synthetic_answers(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = np.arange(n)
    parts = []

    def single(question, options, skip=0.05, p=None):
        keep = rng.random(n) >= skip
        values = rng.choice(options, size=n, p=p)[keep]
        parts.append(
            pd.DataFrame({"response_id": ids[keep], "question": question, "value": values})
        )

    for d, options in DEMOGRAPHICS.items():
        if d != "channel":
            weights = WEIGHTS.get(d, np.linspace(3, 1, len(options)))
            single(d, options, skip=0.03, p=np.asarray(weights) / np.sum(weights))
    for q in QUESTIONS:
        if q.kind in ("choice", "scale"):
            single(q.id, list(q.options))
        elif q.kind == "multiple":
            chosen = rng.random((n, len(q.options))) < 0.35
            rid, opt = np.nonzero(chosen)
            options = np.array(q.options)[opt]
            parts.append(
                pd.DataFrame({"response_id": ids[rid], "question": q.id, "value": options})
            )
        elif q.kind == "number":
            keep = rng.random(n) >= 0.1
            numbers = rng.gamma(2.0, 10.0, size=keep.sum()).round(1)
            parts.append(
                pd.DataFrame(
                    {"response_id": ids[keep], "question": q.id, "value": "", "number": numbers}
                )
            )
        else:
            order = np.argsort(rng.random((n, len(q.options))), axis=1)
            rid = np.repeat(ids, len(q.options))
            options = np.array(q.options)[order.ravel()]
            ranks = np.tile(np.arange(1, len(q.options) + 1), n)
            parts.append(
                pd.DataFrame(
                    {"response_id": rid, "question": q.id, "value": options, "number": ranks}
                )
            )
    answers = pd.concat(parts, ignore_index=True)
    channel = rng.choice(DEMOGRAPHICS["channel"], size=n, p=[0.7, 0.2, 0.07, 0.03])
    answers["channel"] = channel[answers["response_id"].to_numpy()]
    return answers


def run(n: int) -> dict:
    answers = synthetic_answers(n)
    start = time.perf_counter()
    result = results_set(answers, questions=QUESTIONS, demographics=DEMOGRAPHICS, threshold=10)
    seconds = time.perf_counter() - start
    tracemalloc.start()  # a second, traced run: tracemalloc slows Python several-fold
    results_set(answers, questions=QUESTIONS, demographics=DEMOGRAPHICS, threshold=10)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    hidden = sum(
        int(tab.suppressed.to_numpy().sum())
        for q in result.questions.values()
        for tab in q.crosstabs.values()
    )
    return {
        "responses": n,
        "answer_rows": len(answers),
        "seconds": seconds,
        "peak_mib": peak / 2**20,
        "hidden": hidden,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        row = run(n)
        rows.append(row)
        print(
            f"{row['responses']:>8} responses  {row['answer_rows']:>9} answer rows  "
            f"{row['seconds']:7.2f} s  peak {row['peak_mib']:7.1f} MiB traced  "
            f"{row['hidden']} hidden cross-tab cells",
            flush=True,
        )
    if len(rows) >= 2:
        ratio = rows[-1]["seconds"] / rows[0]["seconds"]
        print(f"ratio {rows[-1]['responses']}/{rows[0]['responses']}: {ratio:.2f}x time")
    print(f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()

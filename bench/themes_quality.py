"""Theme quality against human labels, one run over every labelled set in shared/data/analysis.

For each set: TF-IDF + KMeans and all-MiniLM-L6-v2 + KMeans at the true k (baselines), and ours
(default ``static+tfidf`` and quality ``transformer+tfidf``) with k given and with auto-k. Scores
(NMI, ARI, clustering accuracy) are over every input row, ``excluded`` and ``other`` counted as
clusters. Run: ``PYTHONPATH=. python bench/themes_quality.py [--sets a,b] [--json OUT]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from analysis.text_clean import clean_text  # noqa: E402
from analysis.themes import EXCLUDED, OTHER, ThemeClusterer  # noqa: E402
from bench.themes.common import SETS, CachedEncoder, load, scores  # noqa: E402

CONFIGS = {"default": "static+tfidf", "quality": "transformer+tfidf"}


def run_set(name: str, seed: int) -> list[dict]:
    frame = load(name)
    if frame is None:
        print(f"skip {name}: not found", flush=True)
        return []
    texts, truth = frame["text"].tolist(), frame["label"].to_numpy()
    k_true = len(set(truth))
    results = []

    def record(method, k, labels, seconds, k_chosen=None):
        labels = np.asarray(labels).astype(str)
        row = {"set": name, "method": method, "k": k, "k_chosen": k_chosen, "seconds": seconds}
        row.update(scores(truth, labels))
        row["excluded_share"] = float((labels == EXCLUDED).mean())
        row["other_share"] = float((labels == OTHER).mean())
        results.append(row)
        print(
            json.dumps({key: round(v, 3) if isinstance(v, float) else v for key, v in row.items()}),
            flush=True,
        )

    started = time.perf_counter()
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    labels = KMeans(k_true, n_init=3, random_state=seed).fit_predict(tfidf)
    record("tfidf+kmeans", k_true, labels, time.perf_counter() - started)

    started = time.perf_counter()
    cleaned = [clean_text(t) for t in texts]
    encoder = CachedEncoder(sorted(set(cleaned)), name)
    vectors = encoder(cleaned)
    labels = KMeans(k_true, n_init=3, random_state=seed).fit_predict(vectors)
    record("minilm+kmeans", k_true, labels, time.perf_counter() - started)

    for config, kind in CONFIGS.items():
        for n_themes in (k_true, "auto"):
            started = time.perf_counter()
            model = ThemeClusterer(
                n_themes, representation=kind, random_state=seed, encoder=encoder
            ).fit(texts)
            seconds = time.perf_counter() - started
            record(f"ours-{config}", n_themes, model.labels_, seconds, model.n_themes_)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write all rows to this file")
    args = parser.parse_args(argv)
    rows = [row for name in args.sets.split(",") for row in run_set(name, args.seed)]
    print(
        f"\n{'set':22s} {'method':16s} {'k':>4s} {'k_auto':>6s} {'NMI':>6s} {'ARI':>6s} "
        f"{'ACC':>6s} {'excl':>5s} {'other':>5s} {'sec':>6s}"
    )
    for r in rows:
        print(
            f"{r['set']:22s} {r['method']:16s} {r['k']!s:>4s} {r['k_chosen'] or '':>6} "
            f"{r['nmi']:6.3f} {r['ari']:6.3f} {r['acc']:6.3f} {r['excluded_share']:5.3f} "
            f"{r['other_share']:5.3f} {r['seconds']:6.1f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

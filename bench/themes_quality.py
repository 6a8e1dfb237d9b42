"""Theme quality against human labels, one run over every labelled set in shared/data/analysis.

For each set: TF-IDF + KMeans and all-MiniLM-L6-v2 + KMeans at the true k (baselines), and ours
(default ``static+tfidf`` and quality ``transformer+tfidf``) with k given and with auto-k. Then the
clustering step alone, on our default vectors of the de-duplicated answers: spherical KMeans
(ours), agglomerative (Ward) and HDBSCAN (which picks its own k; its noise counts as ``other``).
Scores (NMI, ARI, clustering accuracy) are over every input row, ``excluded`` and ``other``
counted as clusters. Run: ``PYTHONPATH=. python bench/themes_quality.py [--sets a,b] [--json OUT]``.
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

from analysis import clustering, representation  # noqa: E402
from analysis.text_clean import clean_text, deduplicate, is_non_answer  # noqa: E402
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

    for method, labels, seconds, k_found in compare_algorithms(cleaned, k_true, seed):
        record(method, k_true if method != "cmp-hdbscan" else "own", labels, seconds, k_found)
    return results


def compare_algorithms(cleaned: list[str], k: int, seed: int):
    """The clustering step alone on the default vectors: KMeans vs agglomerative vs HDBSCAN."""
    from sklearn.cluster import HDBSCAN, AgglomerativeClustering
    from sklearn.decomposition import PCA

    excluded = np.array([is_non_answer(t) for t in cleaned])
    kept = np.flatnonzero(~excluded)
    unique, inverse = deduplicate([cleaned[i] for i in kept])
    weights = np.bincount(inverse).astype(np.float64)
    X = representation.represent(unique, random_state=seed)

    def full(unique_labels):
        labels = np.full(len(cleaned), EXCLUDED, dtype=object)
        labels[kept] = np.asarray(unique_labels).astype(str)[inverse]
        return labels

    started = time.perf_counter()
    found, _, _ = clustering.spherical_kmeans(X, k, weights=weights, random_state=seed)
    yield "cmp-sph-kmeans", full(found), time.perf_counter() - started, k

    # Ward needs the full distance matrix (20,000 rows: 3 GB, minutes), so it runs on a
    # weighted sample of 4,000 and the rest join the nearest of its cluster centres.
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    m = min(len(X), 4000)
    sample = rng.choice(len(X), size=m, replace=False, p=weights / weights.sum())
    ward = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(X[sample])
    centres = np.stack([X[sample][ward == c].mean(0) for c in range(k)])
    found = (X @ centres.T).argmax(1)
    yield "cmp-agglomerative", full(found), time.perf_counter() - started, k

    # HDBSCAN's density estimate degrades in hundreds of dimensions; 16 PCA axes first, as
    # BERTopic reduces (with UMAP) before HDBSCAN. Its noise label is the "other" group.
    started = time.perf_counter()
    low = PCA(n_components=16, random_state=seed).fit_transform(X)
    found = HDBSCAN(min_cluster_size=max(15, len(X) // 200), min_samples=10).fit_predict(low)
    labels = np.where(found < 0, OTHER, found.astype(str))
    yield "cmp-hdbscan", full(labels), time.perf_counter() - started, len(set(found) - {-1})


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

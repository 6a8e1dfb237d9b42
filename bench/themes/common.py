"""Shared helpers for the theme benchmarks: data paths, scores, cached embeddings."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "analysis"
OUT = REPO / "bench" / "out"
SETS = ("nhs_patient_feedback", "searchsnippets", "stackoverflow")


def load(name: str) -> pd.DataFrame | None:
    """The labelled set ``name`` as text, or None when it is absent."""
    path = DATA / name / "data.csv"
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def accuracy(truth, pred) -> float:
    """Clustering accuracy: the share of rows right under the best one-to-one label matching."""
    table = contingency_matrix(truth, pred)
    rows, cols = linear_sum_assignment(-table)
    return table[rows, cols].sum() / table.sum()


def scores(truth, pred) -> dict:
    """NMI, ARI and accuracy over every row (``excluded`` and ``other`` count as clusters)."""
    pred = np.asarray(pred).astype(str)
    return {
        "nmi": normalized_mutual_info_score(truth, pred),
        "ari": adjusted_rand_score(truth, pred),
        "acc": accuracy(truth, pred),
    }


class CachedEncoder:
    """all-MiniLM-L6-v2 vectors per text, computed once per set and kept under bench/out/."""

    def __init__(self, texts: list[str], name: str):
        from analysis.embeddings import encode_transformer

        digest = hashlib.sha1("\n".join(texts).encode(), usedforsecurity=False).hexdigest()[:12]
        path = OUT / "cache" / f"minilm_{name}_{digest}.npy"
        if path.exists():
            vectors = np.load(path)
        else:
            vectors = encode_transformer(texts)
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vectors)
        self.lookup = dict(zip(texts, vectors, strict=True))
        self.vectors = vectors

    def __call__(self, texts: list[str]) -> np.ndarray:
        from analysis.embeddings import encode_transformer

        missing = [t for t in texts if t not in self.lookup]
        if missing:
            self.lookup.update(zip(missing, encode_transformer(missing), strict=True))
        return np.stack([self.lookup[t] for t in texts])

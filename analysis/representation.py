"""Turn de-duplicated texts into unit-length vectors for clustering.

``tfidf``: word 1-2-gram TF-IDF reduced by LSA (truncated SVD).
``static``: IDF-weighted static MiniLM token vectors (see :mod:`analysis.embeddings`).
``transformer``: the full all-MiniLM-L6-v2 encoder.
``static+tfidf`` / ``transformer+tfidf``: both blocks side by side, each unit length, weighted so
TF-IDF carries :data:`TFIDF_WEIGHT` of every cosine similarity.
"""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis import embeddings

REPRESENTATIONS = ("tfidf", "static", "transformer", "static+tfidf", "transformer+tfidf")


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32)


def lsa(texts: list[str], *, n_components: int = 100, random_state=None) -> np.ndarray:
    """TF-IDF over words and two-word phrases, reduced to ``n_components`` by truncated SVD."""
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.5,
        sublinear_tf=True,
        stop_words="english",
        max_features=50_000,
        dtype=np.float32,
    )
    try:
        tfidf = vectorizer.fit_transform(texts)
    except ValueError:  # vocabulary empty: tiny or stop-word-only input
        return np.zeros((len(texts), 1), dtype=np.float32)
    n_components = max(1, min(n_components, tfidf.shape[1] - 1, len(texts) - 1))
    if n_components < 2:
        return _unit(tfidf.toarray())
    # Four power iterations, not sklearn's seven: LSA only needs the leading directions roughly.
    svd = TruncatedSVD(n_components=n_components, n_iter=4, random_state=random_state)
    return _unit(svd.fit_transform(tfidf))


# Share of the cosine given to the TF-IDF block, set on bench/themes_quality.py: the static
# vectors blur rare words more than the transformer does, so they lean on TF-IDF more.
TFIDF_WEIGHT = {"static": 0.35, "transformer": 0.2}


def blocks(texts: list[str], kind: str, *, encoder=None, random_state=None) -> dict:
    """Return the unit-length blocks (``static``, ``transformer``, ``tfidf``) that ``kind`` uses."""
    if kind not in REPRESENTATIONS:
        raise ValueError(f"representation must be one of {REPRESENTATIONS}, not {kind!r}")
    out = {}
    if "static" in kind:
        out["static"] = embeddings.encode_static(texts)
    if "transformer" in kind:
        out["transformer"] = (encoder or embeddings.encode_transformer)(texts)
    if "tfidf" in kind:
        out["tfidf"] = lsa(texts, random_state=random_state)
    return out


def combine(parts: dict, kind: str, *, tfidf_weight: float | None = None) -> np.ndarray:
    """Join the blocks of ``kind``; in a combined kind each block's cosine gets its weight."""
    names = kind.split("+")
    if len(names) == 1:
        return _unit(parts[kind])
    dense, _ = names
    weight = TFIDF_WEIGHT[dense] if tfidf_weight is None else tfidf_weight
    return _unit(np.hstack([parts[dense] * np.sqrt(1 - weight), parts["tfidf"] * np.sqrt(weight)]))


def represent(
    texts: list[str],
    *,
    kind: str = "static+tfidf",
    tfidf_weight: float | None = None,
    encoder=None,
    random_state=None,
) -> np.ndarray:
    """Return one unit-length row per text; a combined kind weights its blocks' cosines."""
    parts = blocks(texts, kind, encoder=encoder, random_state=random_state)
    return combine(parts, kind, tfidf_weight=tfidf_weight)

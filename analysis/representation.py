"""Turn de-duplicated texts into unit-length vectors for clustering.

``tfidf``: word 1-2-gram TF-IDF reduced by LSA (truncated SVD).
``static``: IDF-weighted static MiniLM token vectors (see :mod:`analysis.embeddings`).
``transformer``: the full all-MiniLM-L6-v2 encoder.
``static+tfidf`` (default): static and TF-IDF blocks side by side, each unit length, weighted
as :data:`WEIGHTS` says. ``transformer+tfidf`` (quality): the transformer, TF-IDF and, with a
small weight, the static block.
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


# Share of every cosine similarity each block carries, set on bench/themes_quality.py. The
# static vectors blur rare words, so they lean on TF-IDF more. The quality kind keeps a little of
# the static block too (it is computed anyway for auto-k): +0.01 to +0.03 NMI on the three sets.
WEIGHTS = {
    "static+tfidf": {"static": 0.65, "tfidf": 0.35},
    "transformer+tfidf": {"transformer": 0.6, "static": 0.2, "tfidf": 0.2},
}


def blocks(texts: list[str], kind: str, *, encoder=None, random_state=None) -> dict:
    """Return the unit-length blocks (``static``, ``transformer``, ``tfidf``) that ``kind`` uses."""
    if kind not in REPRESENTATIONS:
        raise ValueError(f"representation must be one of {REPRESENTATIONS}, not {kind!r}")
    names = WEIGHTS.get(kind, {kind: 1.0})
    out = {}
    if "static" in names:
        out["static"] = embeddings.encode_static(texts)
    if "transformer" in names:
        out["transformer"] = (encoder or embeddings.encode_transformer)(texts)
    if "tfidf" in names:
        out["tfidf"] = lsa(texts, random_state=random_state)
    return out


def combine(parts: dict, kind: str) -> np.ndarray:
    """Join the blocks of ``kind`` side by side, each scaled so its cosine gets its weight."""
    weights = WEIGHTS.get(kind, {kind: 1.0})
    return _unit(np.hstack([parts[name] * np.sqrt(w) for name, w in weights.items()]))


def represent(
    texts: list[str],
    *,
    kind: str = "static+tfidf",
    encoder=None,
    random_state=None,
) -> np.ndarray:
    """Return one unit-length row per text; a combined kind weights its blocks' cosines."""
    parts = blocks(texts, kind, encoder=encoder, random_state=random_state)
    return combine(parts, kind)

"""Turn de-duplicated texts into unit-length vectors for clustering.

``tfidf``: word 1-2-gram TF-IDF reduced by LSA (truncated SVD).
``static``: IDF-weighted static MiniLM token vectors (see :mod:`analysis.embeddings`).
``transformer``: the full all-MiniLM-L6-v2 encoder.
``static+tfidf`` / ``transformer+tfidf``: both blocks side by side, each unit length, so each
counts for half of every cosine similarity.
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
        dtype=np.float32,
    )
    try:
        tfidf = vectorizer.fit_transform(texts)
    except ValueError:  # vocabulary empty: tiny or stop-word-only input
        return np.zeros((len(texts), 1), dtype=np.float32)
    n_components = max(1, min(n_components, tfidf.shape[1] - 1, len(texts) - 1))
    if n_components < 2:
        return _unit(tfidf.toarray())
    svd = TruncatedSVD(n_components=n_components, random_state=random_state, algorithm="randomized")
    return _unit(svd.fit_transform(tfidf))


def represent(
    texts: list[str],
    *,
    kind: str = "static+tfidf",
    tfidf_weight: float = 0.35,
    encoder=None,
    random_state=None,
) -> np.ndarray:
    """Return one unit-length row per text; a combined kind weights its blocks' cosines."""
    if kind not in REPRESENTATIONS:
        raise ValueError(f"representation must be one of {REPRESENTATIONS}, not {kind!r}")
    blocks = []
    if "static" in kind:
        blocks.append(embeddings.encode_static(texts))
    if "transformer" in kind:
        blocks.append((encoder or embeddings.encode_transformer)(texts))
    if "tfidf" in kind:
        block = lsa(texts, random_state=random_state)
        if len(blocks):
            blocks = [blocks[0] * np.sqrt(1 - tfidf_weight)]
            block = block * np.sqrt(tfidf_weight)
        blocks.append(block)
    return _unit(np.hstack(blocks))

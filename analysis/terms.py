"""Top terms of themes by class-based TF-IDF (c-TF-IDF), as BERTopic computes them.

Each theme's texts are treated as one document; a term scores high when it is frequent in the
theme and rare across themes. Top terms are words and two-word phrases from the texts themselves.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

STOP_WORDS = frozenset(
    ENGLISH_STOP_WORDS | {"just", "really", "did", "does", "don", "got", "ve", "ll"}
)
_WORD = re.compile(r"(?u)\b[a-zA-Z][a-zA-Z]+\b")


def terms_of(text: str) -> list[str]:
    """Words and adjacent two-word phrases of ``text``, none starting or ending on a stop word.

    >>> terms_of("The bin should be emptied weekly")
    ['bin', 'emptied', 'weekly', 'emptied weekly']
    """
    words = [w.lower() for w in _WORD.findall(text)]
    unigrams = [w for w in words if w not in STOP_WORDS]
    pairs = zip(words, words[1:], strict=False)
    bigrams = [f"{a} {b}" for a, b in pairs if a not in STOP_WORDS and b not in STOP_WORDS]
    return unigrams + bigrams


def class_tfidf(
    texts: list[str], labels: np.ndarray, classes: list
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(scores, terms)``: a ``(len(classes), n_terms)`` c-TF-IDF matrix and its terms."""
    vectorizer = CountVectorizer(analyzer=terms_of)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # no terms at all (all stop words)
        return np.zeros((len(classes), 0)), np.array([], dtype=object)
    rows = {c: i for i, c in enumerate(classes)}
    member = np.array([rows.get(label, -1) for label in labels])
    keep = member >= 0
    onehot = sparse.csr_matrix(
        (np.ones(keep.sum()), (member[keep], np.flatnonzero(keep))),
        shape=(len(classes), len(texts)),
    )
    per_class = np.asarray((onehot @ counts).todense(), dtype=np.float64)
    tf = per_class / np.maximum(per_class.sum(1, keepdims=True), 1)
    avg_words = per_class.sum() / max(len(classes), 1)
    idf = np.log(1 + avg_words / np.maximum(per_class.sum(0), 1))
    # Phrases must recur: a bigram seen once in a theme is noise, not a label.
    scores = tf * idf * (per_class >= 2)
    return scores, vectorizer.get_feature_names_out()


def top_terms(scores: np.ndarray, terms: np.ndarray, *, n_terms: int = 8) -> list[list[str]]:
    """Return each class's best terms, dropping words already inside a chosen phrase."""
    result = []
    for row in scores:
        chosen: list[str] = []
        for j in np.argsort(-row, kind="stable"):
            if row[j] <= 0 or len(chosen) >= n_terms:
                break
            term = terms[j]
            words = set(term.split())
            if any(words <= set(c.split()) or set(c.split()) <= words for c in chosen):
                if " " in term and not any(" " in c and words & set(c.split()) for c in chosen):
                    chosen = [c for c in chosen if not set(c.split()) <= words]
                    chosen.append(term)
                continue
            chosen.append(term)
        result.append(chosen)
    return result

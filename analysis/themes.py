"""Find themes in free-text answers: a scikit-learn style estimator and function pair.

Pure: no Django, no file I/O (the embedding backend reads its weights from an installed package).
The steps are clean and de-duplicate (:mod:`analysis.text_clean`), represent
(:mod:`analysis.representation`), choose the number of themes and cluster
(:mod:`analysis.clustering`), and describe with top terms (:mod:`analysis.terms`) and a
label (:mod:`analysis.labelling`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analysis import clustering, labelling, representation
from analysis.terms import class_tfidf, top_terms
from analysis.text_clean import clean_text, deduplicate, is_non_answer

EXCLUDED = "excluded"
OTHER = "other"

__all__ = ["EXCLUDED", "OTHER", "Theme", "ThemeClusterer", "cluster_responses"]


@dataclass
class Theme:
    """One theme: its id ("1" is the largest), label, size, top terms and representative quotes.

    ``label`` is a short phrase from the theme's own answers, for people to read;
    ``top_terms`` are its most distinctive words and two-word phrases, for reviewers.
    """

    id: str
    label: str
    size: int
    top_terms: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


class ThemeClusterer:
    """Group free-text answers into labelled themes.

    Parameters
    ----------
    n_themes : "auto" or int, default="auto"
        Number of themes. ``"auto"`` picks it from the data (see
        :func:`analysis.clustering.choose_n_themes`).
    representation : str, default="static+tfidf"
        How texts become vectors; one of :data:`analysis.representation.REPRESENTATIONS`.
    random_state : int or None, default=None
        Seed; the same texts and seed give the same themes.
    min_theme_size : int, default=5
        Themes with fewer answers go to ``"other"``.
    other_threshold : float, default=0.35
        Answers whose confidence is below this go to ``"other"`` (0 keeps every answer in a theme).
    max_auto_themes : int, default=40
        Upper bound for ``n_themes="auto"``.
    n_terms, n_quotes : int, default=8, 3
        Top terms and representative quotes kept per theme.
    encoder : callable or None, default=None
        Maps a list of texts to unit vectors for the ``transformer`` block; None uses
        :func:`analysis.embeddings.encode_transformer` (benchmarks pass a cached lookup).

    Attributes
    ----------
    labels_ : ndarray of str, shape (n_texts,)
        Theme id of every input, ``"excluded"`` for non-answers ("nothing", "n/a", empty) and
        ``"other"`` for outliers.
    confidences_ : ndarray of float, shape (n_texts,)
        How clearly each answer belongs to its theme, in [0, 1] (1 for excluded answers).
    themes_ : list of Theme
        The themes, largest first.
    n_themes_ : int
        Number of themes found (``excluded`` and ``other`` not counted).

    Examples
    --------
    >>> texts = ["car parking is too expensive", "parking costs too much", "no parking spaces",
    ...          "parking fees", "friendly staff", "the staff were friendly and kind",
    ...          "kind staff", "n/a"]
    >>> model = ThemeClusterer(n_themes=2, representation="tfidf", random_state=0,
    ...                        min_theme_size=1, other_threshold=0).fit(texts)
    >>> model.labels_.tolist()
    ['1', '1', '1', '1', '2', '2', '2', 'excluded']
    >>> [theme.top_terms[0] for theme in model.themes_]
    ['parking', 'staff']
    """

    def __init__(
        self,
        n_themes="auto",
        *,
        representation="static+tfidf",
        random_state=None,
        min_theme_size=5,
        other_threshold=0.35,
        max_auto_themes=40,
        n_terms=8,
        n_quotes=3,
        encoder=None,
    ):
        self.n_themes = n_themes
        self.representation = representation
        self.random_state = random_state
        self.min_theme_size = min_theme_size
        self.other_threshold = other_threshold
        self.max_auto_themes = max_auto_themes
        self.n_terms = n_terms
        self.n_quotes = n_quotes
        self.encoder = encoder

    def fit(self, texts, y=None):
        """Find the themes of ``texts`` (an iterable of strings); return ``self``."""
        texts = [clean_text(t) for t in texts]
        n = len(texts)
        excluded = np.array([is_non_answer(t) for t in texts], dtype=bool)
        kept = np.flatnonzero(~excluded)
        unique, inverse = deduplicate([texts[i] for i in kept])
        weights = np.bincount(inverse, minlength=len(unique)).astype(np.float64)

        labels = np.full(n, EXCLUDED, dtype=object)
        self.confidences_ = np.ones(n)
        self.themes_ = []
        self.n_themes_ = 0
        if len(unique) == 0:
            self.labels_ = labels
            return self
        if len(unique) < 2:
            labels[kept] = OTHER
            self.labels_ = labels
            return self

        parts = representation.blocks(
            unique, self.representation, encoder=self.encoder, random_state=self.random_state
        )
        X = representation.combine(parts, self.representation)
        X_k = X
        if self.n_themes == "auto" and "transformer" in self.representation:
            # The auto-k threshold was set on the default vectors; choose k on those.
            for name in sorted(set(representation.WEIGHTS["static+tfidf"]) - set(parts)):
                extra = representation.blocks(unique, name, random_state=self.random_state)
                parts.update(extra)
            X_k = representation.combine(parts, "static+tfidf")
        k = self._n_clusters(X_k, weights)
        result = clustering.cluster(
            X,
            k,
            weights=weights,
            random_state=self.random_state,
            min_size=self.min_theme_size,
            other_threshold=self.other_threshold,
        )
        order = _by_size(result.labels, weights)
        ids = {old: str(new + 1) for new, old in enumerate(order)}
        unique_ids = np.array([ids.get(c, OTHER) for c in result.labels], dtype=object)
        labels[kept] = unique_ids[inverse]
        self.confidences_[kept] = result.confidence[inverse]
        self.labels_ = labels
        self.themes_ = self._describe(unique, unique_ids, weights, result, order, ids)
        self.n_themes_ = len(self.themes_)
        return self

    def fit_predict(self, texts, y=None):
        """Fit and return ``labels_``."""
        return self.fit(texts).labels_

    def _n_clusters(self, X, weights) -> int:
        if self.n_themes == "auto":
            return clustering.choose_n_themes(
                X, weights=weights, max_k=self.max_auto_themes, random_state=self.random_state
            )
        k = int(self.n_themes)
        if k < 1:
            raise ValueError(
                f"n_themes must be 'auto' or a positive integer, not {self.n_themes!r}"
            )
        return min(k, len(X))

    def _describe(self, unique, unique_ids, weights, result, order, ids) -> list[Theme]:
        theme_ids = [ids[c] for c in order]
        counts = np.repeat(np.arange(len(unique)), weights.astype(int))
        scores, terms = class_tfidf([unique[i] for i in counts], unique_ids[counts], theme_ids)
        term_lists = top_terms(scores, terms, n_terms=self.n_terms)
        phrases = labelling.phrase_labels(
            unique, unique_ids, theme_ids, weights=weights, centrality=result.similarity
        )
        themes = []
        for tid, cluster_no, top, phrase in zip(
            theme_ids, order, term_lists, phrases, strict=False
        ):
            members = np.flatnonzero(result.labels == cluster_no)
            closest = members[np.argsort(-result.similarity[members], kind="stable")][
                : self.n_quotes
            ]
            themes.append(
                Theme(
                    id=tid,
                    label=labelling.make_label(phrase, top),
                    size=int(weights[members].sum()),
                    top_terms=top,
                    quotes=[unique[i] for i in closest],
                )
            )
        return themes


def _by_size(labels: np.ndarray, weights: np.ndarray) -> list[int]:
    """Cluster numbers (outliers, -1, left out) from largest to smallest, ties by number."""
    clusters = sorted(set(labels.tolist()) - {-1})
    sizes = {c: weights[labels == c].sum() for c in clusters}
    return sorted(clusters, key=lambda c: (-sizes[c], c))


def cluster_responses(texts, *, n_themes="auto", random_state=None, **params) -> ThemeClusterer:
    """Find themes in ``texts``; return the fitted :class:`ThemeClusterer`.

    Parameters
    ----------
    texts : iterable of str
    n_themes : "auto" or int, default="auto"
    random_state : int or None, default=None
    **params
        Other :class:`ThemeClusterer` parameters.

    Examples
    --------
    >>> result = cluster_responses(["bus too slow", "slow bus", "buses are slow", "none"],
    ...                            n_themes=1, representation="tfidf", random_state=0,
    ...                            min_theme_size=1, other_threshold=0)
    >>> result.labels_.tolist(), result.themes_[0].size
    (['1', '1', '1', 'excluded'], 3)
    """
    return ThemeClusterer(n_themes, random_state=random_state, **params).fit(texts)

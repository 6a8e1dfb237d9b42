"""Automatic theme counts on small, repetitive inputs: a valid k, never an error."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import representation
from analysis.clustering import choose_n_themes
from analysis.text_clean import deduplicate
from analysis.themes import ThemeClusterer

# Few words, so that lists drawn from them repeat themselves and share terms.
WORDS = ["parking", "buses", "late", "expensive", "the", "and", "library", "bins", "x"]


def _auto_k(texts):
    unique, inverse = np.unique(texts, return_inverse=True)
    weights = np.bincount(inverse).astype(float)
    X = representation.represent(list(unique), kind="tfidf", random_state=0)
    return choose_n_themes(X, weights=weights, random_state=0), len(unique)


@pytest.mark.parametrize(
    "texts",
    [
        # Every TF-IDF term is in more than half the distinct answers: all rows are zero.
        ["parking is expensive"] * 5 + ["buses late"] * 5 + ["parking is expensive buses late"],
        # Only stop words and one-letter words: no vocabulary at all.
        ["a", "the", "and", "of", "x"] * 3,
    ],
)
def test_auto_k_with_tfidf_on_duplicated_texts_without_terms_gives_one_theme(texts):
    assert _auto_k(texts)[0] == 1


def test_auto_k_never_exceeds_the_distinct_points():
    X = np.repeat(np.eye(3, dtype=np.float32), [20, 20, 1], axis=0)
    assert choose_n_themes(X, random_state=0) <= 3
    assert choose_n_themes(X[:40], random_state=0) == 2


def test_auto_k_ignores_zero_rows_beside_real_topics():
    rng = np.random.default_rng(0)
    blobs = np.vstack([c + 0.05 * rng.standard_normal((30, 8)) for c in np.eye(8)[:3]])
    X = np.vstack([blobs, np.zeros((30, 8))]).astype(np.float32)
    assert choose_n_themes(X, random_state=0) == 3


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join),
        min_size=2,
        max_size=30,
    )
)
def test_any_texts_get_a_valid_automatic_theme_count(texts):
    k, distinct = _auto_k(texts)
    assert 1 <= k <= distinct


def test_theme_clusterer_auto_with_tfidf_fits_repetitive_answers():
    texts = ["parking is expensive"] * 5 + ["buses late"] * 5 + ["parking is expensive buses late"]
    model = ThemeClusterer(n_themes="auto", representation="tfidf", random_state=0).fit(texts)
    assert len(model.labels_) == len(texts)
    assert model.n_themes_ <= len(deduplicate(texts)[0])

import numpy as np
import pytest

from analysis import representation
from analysis.clustering import choose_n_themes, spherical_kmeans
from analysis.text_clean import deduplicate, is_non_answer
from analysis.themes import EXCLUDED, OTHER, ThemeClusterer, cluster_responses

TOPICS = {
    "parking": [
        "car parking",
        "parking spaces",
        "parking charges",
        "parking permit",
        "parking meter",
    ],
    "buses": ["bus route", "bus timetable", "bus fares", "bus stop", "bus lane"],
    "libraries": [
        "library hours",
        "library books",
        "library closure",
        "mobile library",
        "library cafe",
    ],
    "bins": ["bin collection", "recycling bin", "missed bin", "garden waste bin", "bin day"],
}
FILLERS = [
    "again",
    "always",
    "annoying",
    "awful",
    "badly",
    "broken",
    "cheaper",
    "closer",
    "costly",
    "daily",
    "dirty",
    "expensive",
    "faster",
    "fewer",
    "longer",
    "louder",
    "messy",
    "needed",
    "noisy",
    "often",
    "poor",
    "rarely",
    "rubbish",
    "safer",
    "sooner",
    "urgent",
    "weekly",
]


def synthetic_answers(seed=0, per_topic=40):
    rng = np.random.default_rng(seed)
    texts, truth = [], []
    for topic, phrases in TOPICS.items():
        for _ in range(per_topic):
            texts.append(f"{rng.choice(phrases)} {rng.choice(FILLERS)}")
            truth.append(topic)
    return texts, truth


def fit(texts, **params):
    params = {"representation": "tfidf", "random_state": 0, **params}
    return ThemeClusterer(**params).fit(texts)


def test_same_input_and_seed_give_the_same_themes():
    texts, _ = synthetic_answers()
    first = fit(texts, n_themes=4, random_state=7)
    second = fit(texts, n_themes=4, random_state=7)
    assert first.labels_.tolist() == second.labels_.tolist()
    assert [t.label for t in first.themes_] == [t.label for t in second.themes_]
    assert np.array_equal(first.confidences_, second.confidences_)


def test_themes_recover_clearly_separated_topics():
    texts, truth = synthetic_answers()
    model = fit(texts, n_themes=4)
    for topic in TOPICS:
        assigned = {label for label, t in zip(model.labels_, truth, strict=False) if t == topic} - {
            OTHER
        }
        assert len(assigned) == 1, topic


def test_auto_k_picks_the_number_of_clearly_separated_topics():
    texts, _ = synthetic_answers()
    model = fit(texts, n_themes="auto")
    assert model.n_themes_ == len(TOPICS)


def test_choose_n_themes_finds_separated_blobs():
    rng = np.random.default_rng(0)
    centres = np.eye(12)[:6]
    X = np.vstack([c + 0.05 * rng.standard_normal((50, 12)) for c in centres])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    assert choose_n_themes(X, random_state=0) == 6


@pytest.mark.parametrize(
    "answer", ["nothing", "N/A", "n/a", "", "  ", "no", "None", "-", "Nothing.", "?"]
)
def test_non_answers_are_spotted(answer):
    assert is_non_answer(answer)


@pytest.mark.parametrize(
    "answer", ["No parking", "nothing to do for teenagers", "none of the buses run"]
)
def test_short_real_answers_are_kept(answer):
    assert not is_non_answer(answer)


def test_nothing_and_empty_answers_are_excluded_from_themes():
    texts, _ = synthetic_answers()
    texts = texts + ["nothing", "", "n/a", "None", "no"]
    model = fit(texts, n_themes=4)
    assert model.labels_[-5:].tolist() == [EXCLUDED] * 5
    assert EXCLUDED not in model.labels_[:-5]
    assert sum(t.size for t in model.themes_) + (model.labels_ == OTHER).sum() == len(texts) - 5


def test_one_label_per_input_including_duplicates():
    texts, _ = synthetic_answers(per_topic=10)
    texts = texts + texts[:7] + ["Car parking is a problem!", "car parking is a problem"]
    model = fit(texts, n_themes=4, min_theme_size=1)
    assert len(model.labels_) == len(texts)
    assert model.labels_[40:47].tolist() == model.labels_[:7].tolist()
    assert model.labels_[-1] == model.labels_[-2]
    assert sum(t.size for t in model.themes_) + (model.labels_ == OTHER).sum() == len(texts)


def test_labels_come_from_the_themes_own_words():
    texts, _ = synthetic_answers()
    model = fit(texts, n_themes=4)
    for theme in model.themes_:
        members = " ".join(
            t.lower() for t, label in zip(texts, model.labels_, strict=False) if label == theme.id
        )
        assert theme.top_terms
        for term in theme.top_terms:
            assert term in members
    first_words = {theme.top_terms[0] for theme in model.themes_}
    assert first_words == {"parking", "bus", "library", "bin"} or len(first_words) == 4


def test_theme_labels_are_short_phrases_from_their_own_answers():
    texts, _ = synthetic_answers()
    model = fit(texts, n_themes=4)
    labels = [theme.label for theme in model.themes_]
    assert len(set(labels)) == 4
    for theme in model.themes_:
        members = [
            t.lower() for t, label in zip(texts, model.labels_, strict=True) if label == theme.id
        ]
        assert 2 <= len(theme.label.split()) <= 4 and " / " not in theme.label
        assert theme.label[0].isupper()
        assert sum(theme.label.lower() in member for member in members) >= 2
        assert theme.top_terms and theme.top_terms != theme.label.split()


def test_themes_have_sizes_quotes_and_confidences():
    texts, _ = synthetic_answers()
    model = fit(texts, n_themes=4, n_quotes=2)
    assert [t.id for t in model.themes_] == ["1", "2", "3", "4"]
    assert sorted((t.size for t in model.themes_), reverse=True) == [t.size for t in model.themes_]
    for theme in model.themes_:
        assert len(theme.quotes) == 2
        assert all(quote in texts for quote in theme.quotes)
    assert ((model.confidences_ >= 0) & (model.confidences_ <= 1)).all()


def test_outliers_go_to_other():
    texts, _ = synthetic_answers()
    texts = texts + ["the moon landing was filmed in a studio"]
    model = fit(texts, n_themes=4, min_theme_size=3)
    assert model.labels_[-1] == OTHER


def test_cluster_responses_returns_a_fitted_clusterer():
    texts, _ = synthetic_answers(per_topic=10)
    model = cluster_responses(texts, n_themes=4, random_state=0, representation="tfidf")
    assert model.n_themes_ == 4
    assert set(model.labels_) <= {"1", "2", "3", "4", OTHER}


def test_init_only_stores_parameters():
    model = ThemeClusterer(n_themes=3, random_state=1)
    assert model.n_themes == 3 and model.random_state == 1
    assert not hasattr(model, "labels_")


def test_deduplicate_maps_every_row_back():
    unique, inverse = deduplicate(["A", "a", "b", "A!"])
    assert [unique[i] for i in inverse] == ["A", "A", "b", "A"]


def test_spherical_kmeans_is_seeded_and_counts_duplicates_by_weight():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((300, 8)).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    first = spherical_kmeans(X, 4, random_state=3)
    second = spherical_kmeans(X, 4, random_state=3)
    assert np.array_equal(first[0], second[0])
    # One row weighted as 1,000 copies of itself pulls its centre onto it.
    weights = np.ones(300)
    weights[0] = 1000
    labels, centres, _ = spherical_kmeans(X, 4, weights=weights, random_state=3)
    assert centres[labels[0]] @ X[0] > 0.95


def test_combined_representation_gives_each_block_its_share_of_the_cosine():
    rng = np.random.default_rng(2)
    parts = {}
    for name, dim in (("transformer", 6), ("static", 5), ("tfidf", 4)):
        block = rng.standard_normal((3, dim))
        parts[name] = block / np.linalg.norm(block, axis=1, keepdims=True)
    X = representation.combine(parts, "transformer+tfidf")
    expected = sum(
        w * (parts[name][0] @ parts[name][1])
        for name, w in representation.WEIGHTS["transformer+tfidf"].items()
    )
    assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-5)
    assert X[0] @ X[1] == pytest.approx(expected, abs=1e-5)

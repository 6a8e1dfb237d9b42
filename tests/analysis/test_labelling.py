"""Theme labels: a short phrase from the theme's own answers that a commissioner can read."""

import pytest

from analysis.labelling import make_label, phrase_labels, phrases_of
from analysis.terms import STOP_WORDS

APPOINTMENTS = [
    "Waiting times for appointments are far too long",
    "waiting times for appointments at the surgery",
    "The waiting times for appointments need to come down.",
    "I could not get an appointment, waiting times are awful",
    "shorter waiting times please",
]
RESPITE = [
    "A regular break from caring for my mum",
    "respite care so I can have a break",
    "more respite care at weekends",
    "respite care for carers like me",
]
PARKING = [
    "Car parking at the hospital is too expensive",
    "car parking costs too much",
    "free car parking for carers",
    "the parking is a nightmare",
]
THEMES = {"1": APPOINTMENTS, "2": RESPITE, "3": PARKING}


def flatten(themes):
    texts, labels = [], []
    for key, answers in themes.items():
        texts += answers
        labels += [key] * len(answers)
    return texts, labels


def labels_of(themes, **params):
    texts, labels = flatten(themes)
    return dict(zip(themes, phrase_labels(texts, labels, list(themes), **params), strict=True))


def test_each_label_is_a_phrase_written_in_its_own_themes_answers():
    labels = labels_of(THEMES)
    for key, label in labels.items():
        assert 2 <= len(label.split()) <= 4, label
        assert any(label.lower() in answer.lower() for answer in THEMES[key]), label
        others = [a for k, answers in THEMES.items() if k != key for a in answers]
        assert not any(label.lower() in answer.lower() for answer in others), label


def test_labels_read_as_phrases_not_keyword_lists():
    assert labels_of(THEMES) == {
        "1": "Waiting times for appointments",
        "2": "Respite care",
        "3": "Car parking",
    }


def test_labels_are_distinct_even_when_two_themes_share_their_best_phrase():
    themes = {
        "a": ["social care costs", "social care costs too much", "social care staff"],
        "b": ["social care costs rise", "social care costs more", "social care workers"],
    }
    labels = labels_of(themes)
    assert labels["a"] != labels["b"]
    for key, label in labels.items():
        assert label is not None
        assert any(label.lower() in answer for answer in themes[key])


def test_a_phrase_common_near_the_centre_wins_a_tie():
    answers = [
        "more home visits",
        "home visits for carers",
        "home visits at night",
        "day centres open longer",
        "more day centres",
        "day centres near me",
    ]
    texts, labels = answers, ["1"] * 6
    central_day = [0.1, 0.1, 0.1, 0.9, 0.9, 0.9]
    central_home = [0.9, 0.9, 0.9, 0.1, 0.1, 0.1]
    pick = phrase_labels(texts, labels, ["1"], centrality=central_day, n_central=3)
    assert pick == ["Day centres"]
    pick = phrase_labels(texts, labels, ["1"], centrality=central_home, n_central=3)
    assert pick == ["Home visits"]


def test_answers_written_by_more_people_count_for_more():
    answers = ["meals on wheels", "meals on wheels again", "meals on wheels daily", "hot meals"]
    answers += ["hot meals at home"]
    assert phrase_labels(answers, ["1"] * 5, ["1"]) == ["Meals on wheels"]
    assert phrase_labels(answers, ["1"] * 5, ["1"], weights=[1, 1, 1, 5, 5]) == ["Hot meals"]


def test_phrases_never_cross_punctuation_or_start_or_end_on_a_stop_word():
    found = [
        " ".join(p) for p in phrases_of("Kind staff. Parking was hard, and the car park (full)")
    ]
    assert "staff Parking" not in found and "hard and" not in found
    assert "car park full" not in found
    assert found == ["Kind staff", "Parking was hard", "car park"]
    for words in phrases_of("the bus to the town centre is late for the surgery"):
        assert words[0].lower() not in STOP_WORDS and words[-1].lower() not in STOP_WORDS


def test_capitals_follow_how_people_wrote_the_words():
    themes = {
        "1": ["see a GP sooner", "GP appointments in Essex", "more GP appointments", "GP time"],
        "2": ["WAITING LISTS are long", "waiting lists", "Waiting lists again"],
    }
    labels = labels_of(themes)
    assert labels == {"1": "GP appointments", "2": "Waiting lists"}


def test_a_theme_of_single_words_has_no_phrase_and_falls_back_to_its_top_term():
    themes = {"1": ["parking", "Parking!", "parking?"], "2": ["respite care", "respite care now"]}
    labels = labels_of(themes)
    assert labels == {"1": None, "2": "Respite care"}
    assert make_label(labels["1"], ["parking", "car"]) == "Parking"
    assert make_label(labels["2"], ["respite", "care"]) == "Respite care"
    assert make_label(None, []) == "Answers with no common words"


@pytest.mark.parametrize("label", ["", None])
def test_no_label_ever_looks_like_a_keyword_list(label):
    assert " / " not in make_label(label, ["asks", "knows", "carer"])


def test_a_longer_phrase_is_not_taken_when_it_cuts_a_saying_short():
    answers = [
        "care workers who turn up late",
        "care workers who turn up at different times",
        "care workers who turn up rushed",
        "care workers are rushed",
    ]
    assert phrase_labels(answers, ["1"] * 4, ["1"]) == ["Care workers"]


def test_a_phrase_that_always_runs_on_gives_way_to_a_whole_one():
    answers = [
        "spend more on community services",
        "we should spend more on community services",
        "spend more on community services please",
        "Spend more on community services for older people",
    ]
    label = phrase_labels(answers, ["1"] * 4, ["1"])[0]
    assert label == "Community services"


def test_version_numbers_and_identifiers_stay_whole():
    found = [" ".join(p) for p in phrases_of("Scala 2.8 collections and mod_rewrite rules.")]
    assert "Scala 2.8" in found and "mod_rewrite rules" in found
    assert "Scala 2" not in found


def test_large_inputs_are_labelled_on_a_spread_sample_of_each_theme(monkeypatch):
    from analysis import labelling

    themes = {key: answers * 30 for key, answers in THEMES.items()}
    texts, labels = flatten(themes)
    texts = [f"{text} ({n})" for n, text in enumerate(texts)]  # distinct answers
    whole = phrase_labels(texts, labels, list(themes))
    monkeypatch.setattr(labelling, "MAX_ANSWERS", 60)
    sampled = phrase_labels(texts, labels, list(themes))
    assert sampled == whole == ["Waiting times for appointments", "Respite care", "Car parking"]

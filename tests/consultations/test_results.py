"""Results maths against figures computed by hand, and suppression applied to results.

``threshold=1`` turns suppression off (no count is both above 0 and below 1), so the
maths tests see every figure.
"""

import numpy as np
import pandas as pd
import pytest

from consultations.results import (
    NOT_ANSWERED,
    PREFER_NOT_TO_SAY,
    TOTAL,
    Question,
    choice_counts,
    crosstab,
    filter_by,
    number_summary,
    ranking_summary,
    representation,
    results_set,
    scale_distribution,
)

OFF = {"threshold": 1}


def _answers(rows, columns=("response_id", "question", "value")):
    return pd.DataFrame(rows, columns=list(columns))


@pytest.fixture
def survey():
    # five respondents; r4 skipped age, r5 skipped q1
    return _answers(
        [
            (1, "q1", "Yes"),
            (1, "age", "young"),
            (2, "q1", "Yes"),
            (2, "age", "old"),
            (3, "q1", "No"),
            (3, "age", PREFER_NOT_TO_SAY),
            (4, "q1", "Yes"),
            (5, "age", "old"),
        ]
    )


def test_choice_counts_use_respondents_who_answered_as_the_base(survey):
    counts = choice_counts(survey, "q1", options=["Yes", "No", "Unsure"], **OFF)
    assert counts["count"].tolist() == [3, 1, 0, 4]
    assert counts["percent"].tolist() == [75.0, 25.0, 0.0, 100.0]
    assert counts.index.tolist() == ["Yes", "No", "Unsure", TOTAL]


def test_multiple_choice_percentages_can_add_up_to_more_than_100():
    answers = _answers([(1, "m", "a"), (1, "m", "b"), (2, "m", "a"), (3, "m", "c"), (4, "x", "y")])
    counts = choice_counts(answers, "m", options=["a", "b", "c"], **OFF)
    assert counts["count"].tolist() == [2, 1, 1, 3]
    assert counts["percent"].tolist() == [66.7, 33.3, 33.3, 100.0]


def test_crosstab_has_prefer_not_to_say_and_not_answered_columns(survey):
    tab = crosstab(
        survey,
        "q1",
        by="age",
        options=["Yes", "No"],
        by_options=["young", "old", PREFER_NOT_TO_SAY],
        **OFF,
    )
    assert tab.counts.columns.tolist() == ["young", "old", PREFER_NOT_TO_SAY, NOT_ANSWERED, TOTAL]
    assert tab.counts.loc["Yes"].tolist() == [1, 1, 0, 1, 3]
    assert tab.counts.loc["No"].tolist() == [0, 0, 1, 0, 1]
    assert tab.counts.loc[TOTAL].tolist() == [1, 1, 1, 1, 4]
    assert tab.percent.loc["Yes"].tolist() == [100.0, 100.0, 0.0, 100.0, 75.0]


def test_channel_is_just_another_by(survey):
    survey["channel"] = survey["response_id"].map(
        {1: "online", 2: "paper", 3: "online", 4: "phone", 5: "event"}
    )
    tab = crosstab(
        survey, "q1", by="channel", by_options=["online", "paper", "phone", "event"], **OFF
    )
    assert tab.counts.loc[TOTAL, ["online", "paper", "phone", "event"]].tolist() == [2, 1, 1, 0]


def test_scale_distribution_and_summary_match_hand_figures():
    answers = _answers([(i, "s", v) for i, v in enumerate(["1", "2", "2", "4", "5"])])
    result = scale_distribution(answers, "s", scale=["1", "2", "3", "4", "5"], **OFF)
    assert result.distribution["count"].tolist() == [1, 2, 0, 1, 1, 5]
    assert result.distribution["percent"].tolist() == [20.0, 40.0, 0.0, 20.0, 20.0, 100.0]
    overall = result.summary.loc[(TOTAL, TOTAL)]
    assert (overall["mean"], overall["median"], overall["q1"], overall["q3"]) == (
        2.8,
        2.0,
        2.0,
        4.0,
    )


def test_worded_scales_are_scored_by_position():
    scale = ["Disagree", "Neutral", "Agree"]
    answers = _answers([(1, "s", "Agree"), (2, "s", "Agree"), (3, "s", "Disagree")])
    summary = scale_distribution(answers, "s", scale=scale, **OFF).summary
    assert summary.loc[(TOTAL, TOTAL), "mean"] == pytest.approx(7 / 3, abs=0.01)
    assert summary.loc[(TOTAL, TOTAL), "median"] == 3.0


def test_number_summary_matches_hand_figures_and_has_no_min_or_max():
    answers = pd.DataFrame(
        {
            "response_id": [1, 2, 3, 4],
            "question": "n",
            "value": "",
            "number": [10.0, 20.0, 30.0, 40.0],
        }
    )
    summary = number_summary(answers, "n", **OFF)
    row = summary.loc[(TOTAL, TOTAL)]
    assert (row["base"], row["mean"], row["median"], row["q1"], row["q3"]) == (
        4,
        25.0,
        25.0,
        17.5,
        32.5,
    )
    assert not {"min", "max"} & set(summary.columns)


def test_ranking_summary_gives_mean_rank_first_choices_and_borda_scores():
    rows = [(1, "r", "A", 1), (1, "r", "B", 2), (1, "r", "C", 3)]
    rows += [(2, "r", "B", 1), (2, "r", "A", 2), (2, "r", "C", 3)]
    rows += [(3, "r", "A", 1), (3, "r", "C", 2)]  # B left unranked: no points
    answers = _answers(rows, ("response_id", "question", "value", "number"))
    summary = ranking_summary(answers, "r", options=["A", "B", "C"], **OFF)
    assert summary["first_choices"].tolist() == [2, 1, 0]
    assert summary["mean_rank"].tolist() == [1.33, 1.5, 2.67]
    assert summary["borda"].tolist() == [
        5,
        3,
        1,
    ]  # 3 options: 2 points for 1st, 1 for 2nd, 0 for 3rd


def test_representation_compares_stated_shares_with_targets(survey):
    rep = representation(
        survey,
        demographics={"age": ["young", "old", PREFER_NOT_TO_SAY]},
        targets={"age": {"young": 40, "old": 60}},
        **OFF,
    )["age"]
    assert rep["count"].tolist() == [1, 2, 1, 1, 5]
    assert rep.loc["young", "percent_stated"] == 33.3
    assert rep.loc["young", "gap"] == -6.7
    assert rep.loc["old", "gap"] == 6.7
    assert np.isnan(rep.loc[PREFER_NOT_TO_SAY, "percent_stated"])


def test_filter_by_keeps_every_answer_of_matching_respondents(survey):
    filtered = filter_by(survey, question="age", values=["old"])
    assert sorted(filtered["response_id"].unique()) == [2, 5]
    assert set(filtered["question"]) == {"q1", "age"}


def _population(n, seed=0):
    rng = np.random.default_rng(seed)
    ids = np.arange(n)
    q = rng.choice(["Yes", "No", "Unsure"], size=n, p=[0.57, 0.4, 0.03])
    age = rng.choice(["16-24", "25-64", "65+"], size=n, p=[0.04, 0.66, 0.3])
    score = rng.integers(1, 6, size=n).astype(str)
    return pd.concat(
        [
            _answers(list(zip(ids, ["q"] * n, q, strict=True))),
            _answers(list(zip(ids, ["age"] * n, age, strict=True))),
            _answers(list(zip(ids, ["s"] * n, score, strict=True))),
        ],
        ignore_index=True,
    )


def test_small_counts_are_blank_with_no_percentage():
    answers = _population(200)
    counts = choice_counts(answers, "q", options=["Yes", "No", "Unsure"])
    small = counts["count"].isna()
    assert counts.loc["Unsure", "suppressed"]
    assert counts.loc[small, "percent"].isna().all()


def test_no_hidden_crosstab_cell_is_the_only_hidden_one_in_its_row_or_column():
    tab = crosstab(_population(300, seed=1), "q", by="age", options=["Yes", "No", "Unsure"])
    hidden = tab.suppressed
    assert hidden.to_numpy().any()
    for line in [*(hidden.loc[r] for r in hidden.index), *(hidden[c] for c in hidden.columns)]:
        shown_total = not line[TOTAL]
        assert not (shown_total and line.drop(TOTAL).sum() == 1)


def test_summaries_of_small_groups_are_suppressed():
    result = results_set(
        _population(200, seed=2),
        questions=[Question("s", "scale", ["1", "2", "3", "4", "5"])],
        demographics={"age": ["16-24", "25-64", "65+"]},
    )
    summary = result.questions["s"].summary
    assert summary.loc[("age", "16-24"), "suppressed"]
    assert np.isnan(summary.loc[("age", "16-24"), "mean"])


def test_a_results_set_hides_a_shared_figure_everywhere_it_appears():
    answers = _population(250, seed=3)
    result = results_set(
        answers,
        questions=[
            Question("q", options=["Yes", "No", "Unsure"]),
            Question("s", "scale", list("12345")),
        ],
        demographics={"age": ["16-24", "25-64", "65+"]},
        filters={"older": ("age", ["65+"])},
    )
    rep = result.representation["age"]
    assert rep.loc["16-24", "suppressed"] or rep.loc["16-24", "count"] >= 10
    assert "older" in result.questions["q"].filtered
    for question in result.questions.values():
        tab = question.crosstabs["age"]
        assert tab.counts.columns.tolist()[-1] == TOTAL


def test_an_unknown_question_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown question kind"):
        results_set(_population(20), questions=[Question("q", "essay")])

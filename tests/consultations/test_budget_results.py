"""Budget question results against hand-computed figures, and their small-number rules.

Pure: long-format answer frames as ``answers_frame`` gives them (a budget's lines are
questions ``<id>/<line>``), no database. ``threshold=1`` turns suppression off.
"""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from common.budget import Exercise, Line, Revenue, Rule
from consultations.results import TOTAL, Question, results_set
from consultations.results.budget_bins import line_bins

ABC = Exercise(
    lines=(Line("a", "A", 4, 0, 10), Line("b", "B", 2, 0, 10), Line("c", "C", 4, 0, 10)),
    total=10,
)


def _frame(budgets, *, q="bud", extra=None, columns=None):
    """One respondent per budget (a dict line -> amount, plus optional demographics)."""
    rows = []
    for rid, budget in enumerate(budgets, start=1):
        for key, value in budget.items():
            if key in (columns or ()):
                continue
            question = f"{q}/{key}" if key in ("a", "b", "c", "_revenue", "_band") else key
            number = float(Decimal(str(value))) if question.startswith(f"{q}/") else None
            rows.append(
                {"response_id": rid, "question": question, "value": str(value), "number": number}
            )
    frame = pd.DataFrame(rows)
    for column in columns or ():
        by_id = {rid: b.get(column) for rid, b in enumerate(budgets, start=1)}
        frame[column] = frame["response_id"].map(by_id)
    return frame


def _results(frame, exercise=ABC, *, threshold=1, demographics=None, rounds=()):
    question = Question("bud", "budget", exercise=exercise, rounds=rounds)
    out = results_set(
        frame, questions=[question], demographics=demographics or {}, threshold=threshold
    )
    return out.questions["bud"].budget


def _everyone(summary, stat):
    return summary.loc[(TOTAL, TOTAL), stat].tolist()


def test_line_statistics_match_figures_worked_by_hand():
    # a: 6, 0, 2, 4 -> mean 3, sorted 0 2 4 6: median 3, q1 1.5, q3 4.5
    budgets = [
        {"a": 6, "b": 0, "c": 4},
        {"a": 0, "b": 4, "c": 6},
        {"a": 2, "b": 2, "c": 6},
        {"a": 4, "b": 2, "c": 4},
    ]
    summary = _results(_frame(budgets)).summary
    assert _everyone(summary, "mean") == [3.0, 2.0, 5.0]
    assert _everyone(summary, "median") == [3.0, 2.0, 5.0]
    assert _everyone(summary, "q1") == [1.5, 1.5, 4.0]
    assert _everyone(summary, "q3") == [4.5, 2.5, 6.0]
    assert _everyone(summary, "base") == [4, 4, 4]


def test_the_moving_phantom_median_is_shown_beside_the_mean_and_adds_up():
    # The worked case of docs/budget.md: (6, 4, 0) and (0, 4, 6) of 10 give (3, 4, 3).
    budgets = [{"a": 6, "b": 4, "c": 0}, {"a": 0, "b": 4, "c": 6}]
    summary = _results(_frame(budgets)).summary
    assert _everyone(summary, "phantom") == [3.0, 4.0, 3.0]
    assert _everyone(summary, "phantom_shown") == [3.0, 4.0, 3.0]


def test_unanimous_submissions_return_themselves_and_round_to_the_envelope():
    budgets = [{"a": 3, "b": 3, "c": 4}] * 3
    summary = _results(_frame(budgets)).summary
    assert _everyone(summary, "phantom") == [3.0, 3.0, 4.0]
    assert sum(_everyone(summary, "phantom_shown")) == 10


def test_unallocated_is_a_line_of_its_own_where_the_rule_allows_underspending():
    exercise = Exercise(lines=ABC.lines, total=10, rule=Rule("underspend"))
    budgets = [{"a": 4, "b": 2, "c": 2}, {"a": 2, "b": 2, "c": 2}, {"a": 4, "b": 2, "c": 4}]
    result = _results(_frame(budgets), exercise)
    assert result.lines == ("a", "b", "c", "unallocated")
    assert _everyone(result.summary, "mean")[-1] == 2.0  # 2, 4 and 0 left
    assert sum(_everyone(result.summary, "phantom_shown")) == 10


def test_revenue_changes_move_each_envelope_and_are_counted_on_their_own():
    revenue = Revenue("Council tax", Decimal("-2"), Decimal("2"), Decimal("1"), yield_per_step=2)
    exercise = Exercise(lines=ABC.lines, total=10, revenue=revenue)
    budgets = [
        {"a": 6, "b": 2, "c": 4, "_revenue": "1"},  # envelope 12
        {"a": 2, "b": 2, "c": 4, "_revenue": "-1"},  # envelope 8
        {"a": 4, "b": 2, "c": 4, "_revenue": "0"},
    ]
    result = _results(_frame(budgets), exercise)
    assert result.revenue.counts.loc["1", "count"] == 1
    assert result.revenue.counts.loc[TOTAL, "count"] == 3
    # The phantom median works on shares of each envelope, shown in today's envelope.
    assert sum(_everyone(result.summary, "phantom")) == pytest.approx(10)


def test_cut_kept_and_raised_count_against_todays_amount():
    budgets = [{"a": 6, "b": 0, "c": 4}, {"a": 4, "b": 2, "c": 4}, {"a": 0, "b": 4, "c": 6}]
    directions = _results(_frame(budgets)).directions
    a = directions.loc[(TOTAL, TOTAL, "a")]
    assert (a["cut"], a["kept"], a["raised"]) == (1, 1, 1)
    assert a["cut_percent"] == pytest.approx(33.3)
    b = directions.loc[(TOTAL, TOTAL, "b")]
    assert (b["cut"], b["kept"], b["raised"]) == (1, 1, 1)


def test_distribution_bins_come_from_the_exercise_not_the_data():
    labels = [b.label for b in line_bins(ABC, "a")]
    assert labels[0] == "£0" and labels[-1] == "£9 to £10"
    assert "£4 (today)" in labels
    budgets = [{"a": 6, "b": 0, "c": 4}, {"a": 4, "b": 2, "c": 4}]
    counts = _results(_frame(budgets)).distributions["a"].counts
    assert counts.loc["£4 (today)", "count"] == 1
    assert counts.loc[TOTAL, "count"] == 2
    assert counts["count"].drop(TOTAL).sum() == 2


def _people(n, **values):
    return [{"a": 4, "b": 2, "c": 4, **values} for _ in range(n)]


def test_a_group_under_the_threshold_gets_no_statistics_and_its_counts_are_hidden():
    budgets = _people(12, age="old", a=6, b=0) + _people(3, age="young", a=2, b=4)
    frame = _frame(budgets)
    result = _results(frame, threshold=5, demographics={"age": ["old", "young"]})
    young = result.summary.loc[("age", "young")]
    assert young["suppressed"].all() and young["mean"].isna().all()
    assert young["median"].isna().all() and young["q1"].isna().all()
    assert not result.summary.loc[(TOTAL, TOTAL), "suppressed"].any()
    crosstab = result.distributions["a"].crosstabs["age"]
    assert crosstab.suppressed.loc["£2", "young"]
    assert "min" not in result.summary.columns and "max" not in result.summary.columns


def test_two_groups_that_differ_by_one_person_do_not_both_show_statistics():
    # Area X is 12 people; "online" is X and one person of area Y: their means together
    # would give that one person's budget.
    budgets = (
        _people(12, area="X", channel="online", a=6, b=0)
        + _people(1, area="Y", channel="online", a=0, b=6)
        + _people(7, area="Y", channel="paper", a=2, b=4)
    )
    frame = _frame(budgets, columns=("channel",))
    result = _results(
        frame,
        threshold=5,
        demographics={"area": ["X", "Y"], "channel": ["online", "paper"]},
    )
    shown = ~result.summary["suppressed"].groupby(level=["by", "group"]).any()
    # The smaller of each pair is hidden; each group alone is above the threshold.
    assert shown[("channel", "online")] and not shown[("area", "X")]
    assert shown[("area", "Y")] and not shown[("channel", "paper")]
    assert shown[(TOTAL, TOTAL)]


def test_round_shifts_pair_people_by_user_and_hide_too_few_pairs():
    before = [{"a": 4, "b": 2, "c": 4, "round": "before", "user": u} for u in range(6)]
    after = [{"a": 6, "b": 0, "c": 4, "round": "after", "user": u} for u in range(4)]
    after += [{"a": 2, "b": 4, "c": 4, "round": "after", "user": u} for u in (4, 5)]
    frame = _frame(before + after, columns=("round", "user"))
    shifts = _results(frame, rounds=("before", "after")).shifts
    a = shifts.loc[("before", "after", "a")]
    assert a["pairs"] == 6
    assert a["mean_shift"] == pytest.approx((4 * 2 - 2 * 2) / 6)
    assert a["moved_up"] == pytest.approx(66.7) and a["moved_down"] == pytest.approx(33.3)
    hidden = _results(frame, rounds=("before", "after"), threshold=7).shifts
    assert hidden["suppressed"].all() and hidden["mean_shift"].isna().all()


def test_a_person_only_in_one_round_is_not_paired():
    rows = [{"a": 4, "b": 2, "c": 4, "round": "before", "user": 1}]
    rows += [{"a": 6, "b": 0, "c": 4, "round": "after", "user": 2}]
    shifts = _results(_frame(rows, columns=("round", "user")), rounds=("before", "after")).shifts
    assert (shifts["pairs"] == 0).all()


def test_exact_amounts_are_read_from_the_value_not_the_float():
    big = Exercise(
        lines=(Line("a", "A", 2**60, 0, 2**61), Line("b", "B", 0, 0, 2**61)), total=2**60
    )
    budgets = [{"a": 2**60 - 1, "b": 1}, {"a": 2**60 - 3, "b": 3}]
    frame = _frame(budgets)
    frame["number"] = np.nan
    summary = _results(frame, big).summary
    assert summary.loc[(TOTAL, TOTAL, "b"), "mean"] == 2.0
    assert Fraction(summary.loc[(TOTAL, TOTAL, "b"), "median"]) == 2

"""Opinion groups (deliberation/opinion) on hand-checkable vote matrices. No database."""

import math

import numpy as np
import pytest

from deliberation.opinion import (
    OpinionInputError,
    OpinionState,
    Vote,
    VoteMatrix,
    opinion_update,
    parse_moderated,
    parse_votes,
    replay,
    repness,
)
from deliberation.opinion.replay import MAX_UPDATES, update_points
from deliberation.opinion.types import KSmoother
from deliberation.opinion.update import _smooth

NAN = np.nan


def matrix(rows, statements=None):
    values = np.array(rows, dtype=float)
    sids = tuple(statements or (f"s{j}" for j in range(values.shape[1])))
    return VoteMatrix(tuple(f"p{i}" for i in range(len(values))), sids, values)


def two_camps(n_per_camp=10, n_statements=10, passes=True):
    """Camp A agrees with the first half and disagrees with the rest; camp B the reverse. With
    `passes`, each member passes on one statement of their own so no two rows are identical."""
    half = n_statements // 2
    a = [1.0] * half + [-1.0] * (n_statements - half)
    rows = []
    for camp in (a, [-v for v in a]):
        for i in range(n_per_camp):
            row = list(camp)
            if passes:
                row[i % n_statements] = 0.0
            rows.append(row)
    return matrix(rows)


def partition(result):
    return {frozenset(g.members) for g in result.groups}


def test_two_clear_camps_become_two_groups_with_their_statements():
    votes = two_camps()
    result = opinion_update(votes)
    assert result.k == 2
    assert partition(result) == {
        frozenset(f"p{i}" for i in range(10)),
        frozenset(f"p{i}" for i in range(10, 20)),
    }
    camp_a = next(g for g in result.groups if "p0" in g.members)
    agreed = {r.statement_id for r in camp_a.representative if r.repful_for == "agree"}
    assert agreed and agreed <= {"s0", "s1", "s2", "s3", "s4"}
    assert result.consensus_agree == ()
    assert set(result.divisive) <= set(votes.statement_ids) and result.divisive


def test_full_consensus_is_one_group_and_every_statement_is_consensus():
    result = opinion_update(matrix([[1, 1, 1, 1]] * 12))
    assert result.k == 1
    assert len(result.groups[0].members) == 12
    assert {c.statement_id for c in result.consensus_agree} == {"s0", "s1", "s2", "s3"}
    assert np.all(result.projections == 0)


def test_sparse_voters_below_seven_votes_are_not_clustered():
    rows = [list(r) for r in two_camps(10, 10, passes=False).values]
    rows.append([1, 1, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN])  # two votes of ten
    result = opinion_update(matrix(rows))
    assert "p20" not in result.clustered
    assert len(result.clustered) == 20
    assert result.projections.shape == (21, 2)  # still placed, just not clustered


def test_top_voters_are_clustered_until_there_are_fifteen():
    rows = [[1, -1, 1, NAN, NAN, NAN, NAN, NAN, NAN, NAN]] * 3 + [
        [1, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN]
    ] * 2
    result = opinion_update(matrix(rows))
    assert set(result.clustered) == {f"p{i}" for i in range(5)}


def test_sparse_projection_is_scaled_by_statements_over_votes():
    full = [1, 1, 1, -1]
    rows = [full, [-v for v in full], [1, NAN, NAN, NAN]]
    result = opinion_update(matrix(rows))
    x = np.array(rows, dtype=float)
    means = np.nanmean(x, axis=0)
    centred = np.where(np.isnan(x), 0, x - means)
    comps = np.array([result.state.comps[s] for s in ("s0", "s1", "s2", "s3")]).T
    expected = centred[2] @ comps.T * math.sqrt(4 / 1)
    assert np.allclose(result.projections[2], expected)


def test_one_voter_is_one_group_of_one():
    result = opinion_update(matrix([[1, -1, 0]]))
    assert result.k == 1
    assert result.groups[0].members == ("p0",)
    assert result.clustered == ("p0",)


def test_moderated_out_statement_counts_as_if_it_were_never_posted():
    base = two_camps()
    rng = np.random.default_rng(3)
    extra = rng.choice([1.0, -1.0], size=(20, 1))
    with_extra = VoteMatrix(
        base.participant_ids, (*base.statement_ids, "x"), np.hstack([base.values, extra])
    )
    moderated = opinion_update(with_extra, moderated_out={"x"})
    without = opinion_update(base)
    # The first axis is unique; the second is not (the passes make its eigenvalue repeated).
    assert np.allclose(np.abs(moderated.projections[:, 0]), np.abs(without.projections[:, 0]))
    assert partition(moderated) == partition(without)
    named = {r.statement_id for g in moderated.groups for r in g.representative}
    assert "x" not in named and "x" not in moderated.group_informed_consensus


def test_all_passes_put_everyone_at_the_centre_with_no_consensus():
    result = opinion_update(matrix([[0, 0, 0]] * 8))
    assert result.k == 1
    assert np.all(result.projections == 0)
    assert result.consensus_agree == () and result.consensus_disagree == ()


def test_repness_statistics_on_a_hand_worked_case():
    # Group A: 4 of 4 agree; group B: 0 of 4 agree (4 disagree).
    na, ns, rest_na, rest_ns = np.array([4.0]), np.array([4.0]), np.array([0.0]), np.array([4.0])
    assert (1 + na) / (2 + ns) == pytest.approx(5 / 6)  # pa
    assert repness.prop_test(na, ns)[0] == pytest.approx(2 * math.sqrt(5) * (5 / 5 - 0.5))  # 2.236
    # two-proportion test with +1 pseudocounts: 5/5 against 1/5, pooled 6/10
    expected = (1 - 0.2) / math.sqrt(0.6 * 0.4 * (1 / 5 + 1 / 5))
    assert repness.two_prop_test(na, rest_na, ns, rest_ns)[0] == pytest.approx(expected)  # 2.582
    group_a = np.array([[1.0, 1.0]] * 4)
    group_b = np.array([[-1.0, 1.0]] * 4)
    reps = repness.representative(("split", "shared"), [group_a, group_b], [0, 1])
    assert reps[0][0].statement_id == "split" and reps[0][0].repful_for == "agree"
    assert reps[0][0].repness == pytest.approx((5 / 6) / (1 / 6))
    # Group B is set apart by disagreeing; as in Polis, its best-agreed statement leads the list.
    assert [(r.statement_id, r.repful_for, r.best_agree) for r in reps[1]] == [
        ("shared", "agree", True),
        ("split", "disagree", False),
    ]


def test_consensus_needs_probability_above_half_and_significance():
    # s0: 8 of 10 agree: pa = 9/12, z = 2 sqrt(11) (9/11 - 1/2) = 2.11 > 1.2816.
    # s1: 6 of 10 agree: pa = 7/12 > 0.5 but z = 0.90, not significant.
    values = np.array([[1, 1]] * 6 + [[1, -1]] * 2 + [[-1, -1]] * 2, dtype=float)
    agree, disagree = repness.consensus(("s0", "s1"), values, [0, 1])
    assert [c.statement_id for c in agree] == ["s0"]
    assert agree[0].p_success == pytest.approx(9 / 12)
    assert agree[0].p_test == pytest.approx(2 * math.sqrt(11) * (9 / 11 - 0.5))
    assert disagree == ()


def test_group_informed_consensus_is_the_product_over_groups():
    group_a = np.array([[1.0], [1.0], [1.0], [-1.0]])  # A = 3, S = 4
    group_b = np.array([[1.0], [-1.0], [0.0], [NAN]])  # A = 1, S = 3
    assert repness.group_informed_consensus([group_a, group_b])[0] == pytest.approx(
        (4 / 6) * (2 / 5)
    )


def test_k_changes_only_after_the_new_k_wins_four_updates_in_a_row():
    smoother, seen = KSmoother(), []
    for best in [2, 2, 3, 3, 3, 2, 3, 3, 3, 3, 2]:
        smoother = _smooth(smoother, best, 4)
        seen.append(smoother.smoothed_k)
    assert seen == [2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3]


def test_a_result_keeps_its_k_for_three_updates_before_following_the_data():
    votes = two_camps(15, 10)
    state = OpinionState(k_smoother=KSmoother(last_k=3, last_k_count=9, smoothed_k=3))
    ks = []
    for _ in range(5):
        result = opinion_update(votes, state)
        state = result.state
        ks.append(result.k)
    assert ks == [3, 3, 3, 2, 2]


def test_same_seed_gives_identical_results_and_seeds_agree_on_clear_groups():
    votes = two_camps(12, 8)
    first, again = opinion_update(votes, seed=7), opinion_update(votes, seed=7)
    assert np.array_equal(first.projections, again.projections)
    assert first.groups == again.groups
    assert len({frozenset(partition(opinion_update(votes, seed=s))) for s in range(5)}) == 1


def test_warm_start_carries_clusters_to_the_next_update():
    votes = two_camps()
    first = opinion_update(votes)
    second = opinion_update(votes, first.state)
    assert partition(second) == partition(first)
    assert {c.id for c in second.state.base_clusters} == {c.id for c in first.state.base_clusters}


def test_replay_counts_the_last_vote_per_pair():
    votes = [
        Vote(t, f"s{j}", f"p{i}", 1 if i < 8 else -1)
        for t, (i, j) in enumerate((i, j) for i in range(16) for j in range(4))
    ]
    votes.append(Vote(10_000_000, "s0", "p0", -1))  # p0 changes their mind on s0
    result = replay(votes)
    row = result.participant_ids.index("p0")
    assert result.projections[row].tolist() != result.projections[1].tolist()


def test_replay_cadence_is_bounded_and_ends_on_the_last_vote():
    votes = [Vote(t * 500, "s0", f"p{t}", 1) for t in range(5000)]
    ends = update_points(votes)
    assert ends[-1] == 5000
    assert len(ends) <= MAX_UPDATES + 1
    few = [Vote(t * 5000, "s0", f"p{t}", 1) for t in range(10)]
    assert update_points(few) == list(range(1, 11))  # every 2-second window with votes


def test_bad_vote_rows_are_refused_with_the_line():
    fields = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
    with pytest.raises(OpinionInputError, match="line 2"):
        parse_votes([{"timestamp": "1", "comment-id": "1", "voter-id": "a", "vote": "2"}], fields)
    with pytest.raises(OpinionInputError, match="lacks column"):
        parse_votes([], ["comment-id", "vote"])
    with pytest.raises(OpinionInputError, match="no votes"):
        parse_votes([], fields)
    assert parse_moderated(
        [{"comment-id": "4", "moderated": "-1"}, {"comment-id": "5", "moderated": "1"}],
        ["comment-id", "moderated"],
    ) == {"4"}

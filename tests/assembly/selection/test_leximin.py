import numpy as np
import pytest

from assembly.selection import Person, Quota, find_distribution

from .reference import feasible_panels, lp_max, random_instance, reference_leximin


def sorted_probabilities(distribution):
    return sorted(distribution.person_probabilities.values())


@pytest.mark.parametrize("seed", range(8))
def test_leximin_matches_enumerated_leximin_on_small_random_instances(seed):
    people, quotas, k = random_instance(seed)
    expected, _, _ = reference_leximin(people, quotas, k)
    got = sorted_probabilities(find_distribution(people, quotas, k))
    np.testing.assert_allclose(got, expected, atol=1e-6)


def two_level_instance():
    """Two of ten people are 'a', exactly one 'a' and three 'b' per panel of four."""
    people = [Person(f"p{i}", {"g": "a" if i < 2 else "b"}) for i in range(10)]
    quotas = [Quota("g", "a", 1, 1), Quota("g", "b", 3, 3)]
    return people, quotas, 4


def test_leximin_lifts_second_level_that_a_maximin_optimum_leaves_lower():
    people, quotas, k = two_level_instance()
    expected, panels, matrix = reference_leximin(people, quotas, k)
    # A maximin-optimal lottery that favours p1 over p0: minimise p0's probability
    # while everybody keeps at least the maximin level.
    level = expected[0]
    rows = [(np.ones(len(panels)), 1.0, 1.0)]
    rows += [(matrix[:, i], level - 1e-9, np.inf) for i in range(len(people))]
    p0_best, lam = lp_max(-matrix[:, 0], rows)
    maximin_vector = sorted(lam @ matrix)
    assert maximin_vector[0] == pytest.approx(level, abs=1e-8)
    assert maximin_vector[-2] < expected[-2] - 0.1  # second-highest level, strictly lower

    got = sorted_probabilities(find_distribution(people, quotas, k))
    np.testing.assert_allclose(got, expected, atol=1e-6)
    np.testing.assert_allclose(expected, [3 / 8] * 8 + [1 / 2] * 2, atol=1e-9)


def test_leximin_with_households_matches_enumerated_leximin():
    people, quotas, k = random_instance(3)
    households = {people[0].id: "flat 1", people[1].id: "flat 1", people[2].id: "flat 2"}
    households[people[3].id] = "flat 2"
    if not feasible_panels(people, quotas, k, households):
        pytest.skip("instance infeasible with households")
    expected, _, _ = reference_leximin(people, quotas, k, households)
    got = find_distribution(people, quotas, k, households=households)
    np.testing.assert_allclose(sorted_probabilities(got), expected, atol=1e-6)


def test_leximin_smallest_probability_equals_maximin_optimum():
    for seed in range(4):
        people, quotas, k = random_instance(100 + seed)
        lex = find_distribution(people, quotas, k, algorithm="leximin")
        mm = find_distribution(people, quotas, k, algorithm="maximin")
        assert lex.min_probability == pytest.approx(mm.min_probability, abs=1e-6)


def test_progress_callback_reaches_one():
    people, quotas, k = random_instance(5)
    calls = []
    find_distribution(people, quotas, k, progress=lambda f, m: calls.append(f))
    assert calls and calls[-1] == pytest.approx(1.0)
    assert calls == sorted(calls)


def odd_cycle_instance():
    """Any two of s0, s1, s2 share a value capped at one seat, so at most one sits.

    The LP relaxation lets each of them have 1/2 of a seat, so its leximin point
    (0.4 for all five) is not a lottery over panels: the exact answer is 1/3 for
    each of them and 1/2 for the two others.
    """
    values = {"s0": "110", "s1": "101", "s2": "011", "f0": "000", "f1": "000"}
    people = [Person(pid, {f"f{j}": bits[j] for j in range(3)}) for pid, bits in values.items()]
    quotas = [Quota(f"f{j}", v, 0, 1 if v == "1" else 2) for j in range(3) for v in "01"]
    return people, quotas, 2


def test_leximin_is_exact_when_the_relaxation_point_is_not_a_lottery():
    from assembly.selection.compact import relaxed_leximin
    from assembly.selection.profiles import compress

    people, quotas, k = odd_cycle_instance()
    relaxed, _ = relaxed_leximin(compress(people, quotas, k))
    np.testing.assert_allclose(relaxed, 0.4, atol=1e-9)
    expected, _, _ = reference_leximin(people, quotas, k)
    got = find_distribution(people, quotas, k)
    np.testing.assert_allclose(sorted_probabilities(got), expected, atol=1e-6)
    np.testing.assert_allclose(expected, [1 / 3] * 3 + [1 / 2] * 2, atol=1e-9)
    mm = find_distribution(people, quotas, k, algorithm="maximin")
    assert mm.min_probability == pytest.approx(1 / 3, abs=1e-6)

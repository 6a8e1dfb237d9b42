import pytest

from assembly.selection import (
    InfeasibleQuotasError,
    Person,
    Quota,
    SelectionError,
    compress,
    errors,
    find_distribution,
    quota_changes,
)


def pool_people():
    people = [Person(f"w{i}", {"sex": "f", "age": "old"}) for i in range(6)]
    people += [Person(f"m{i}", {"sex": "m", "age": "young"}) for i in range(6)]
    return people


def test_min_above_pool_count_names_that_quota():
    people = [Person(f"p{i}", {"sex": "f" if i < 2 else "m"}) for i in range(10)]
    quotas = [Quota("sex", "f", 3, 5), Quota("sex", "m", 0, 5)]
    with pytest.raises(InfeasibleQuotasError) as caught:
        find_distribution(people, quotas, 5)
    [change] = caught.value.changes
    assert (change.feature, change.value, change.bound, change.old, change.new) == (
        "sex",
        "f",
        "min",
        3,
        2,
    )
    assert "lower the minimum for sex=f from 3 to 2" in str(caught.value)


def test_conflicting_categories_name_one_smallest_change():
    quotas = [
        Quota("sex", "f", 4, 4),
        Quota("sex", "m", 2, 2),
        Quota("age", "old", 2, 2),  # every woman is old: conflicts with sex=f min 4
        Quota("age", "young", 4, 4),
    ]
    with pytest.raises(InfeasibleQuotasError) as caught:
        find_distribution(pool_people(), quotas, 6)
    changes = caught.value.changes
    assert len(changes) == 2
    touched = {(c.feature, c.value) for c in changes}
    assert touched in (
        {("sex", "f"), ("sex", "m")},
        {("age", "old"), ("age", "young")},
    )


def test_sum_of_maxima_below_panel_size_names_a_maximum():
    quotas = [Quota("sex", "f", 0, 2), Quota("sex", "m", 0, 2)]
    with pytest.raises(InfeasibleQuotasError) as caught:
        find_distribution(pool_people(), quotas, 6)
    assert {c.bound for c in caught.value.changes} == {"max"}
    assert sum(c.new - c.old for c in caught.value.changes) == 2


def test_feasible_quotas_need_no_change():
    quotas = [Quota("sex", "f", 3, 3), Quota("sex", "m", 3, 3)]
    assert quota_changes(compress(pool_people(), quotas, 6)) == []


def test_household_rule_can_make_quotas_infeasible():
    quotas = [Quota("sex", "f", 2, 2), Quota("sex", "m", 0, 3)]
    homes = {f"w{i}": "one house" for i in range(6)}
    with pytest.raises(InfeasibleQuotasError) as caught:
        find_distribution(pool_people(), quotas, 4, households=homes)
    assert [(c.value, c.bound, c.new) for c in caught.value.changes] == [("f", "min", 1)]


@pytest.mark.parametrize(
    ("people", "quotas", "size", "message"),
    [
        (
            [Person("a", {"x": "1"}), Person("a", {"x": "1"})],
            [Quota("x", "1", 0, 1)],
            1,
            "appears more than once",
        ),
        ([Person("a", {"x": "2"})], [Quota("x", "1", 0, 1)], 1, "which has no quota"),
        ([Person("a", {})], [Quota("x", "1", 0, 1)], 1, "has no value for the quota category"),
        ([Person("a", {"x": "1"})], [Quota("x", "1", 0, 1)], 2, "the panel needs 2"),
        ([Person("a", {"x": "1"})], [Quota("x", "1", 2, 1)], 1, "above its maximum"),
        ([Person("a", {"x": "1"})], [Quota("x", "1", 0, 1)], 0, "positive whole number"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(people, quotas, size, message):
    with pytest.raises(SelectionError, match=message):
        find_distribution(people, quotas, size)


def test_unknown_algorithm_is_refused():
    with pytest.raises(SelectionError, match="Unknown algorithm"):
        find_distribution(
            pool_people(), [Quota("sex", "f", 0, 6), Quota("sex", "m", 0, 6)], 2, algorithm="x"
        )
    assert "{name!r}" in errors.UNKNOWN_ALGORITHM

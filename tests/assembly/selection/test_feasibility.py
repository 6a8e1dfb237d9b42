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


def sexes(women, men):
    return [Person(f"w{i}", {"sex": "f"}) for i in range(women)] + [
        Person(f"m{i}", {"sex": "m"}) for i in range(men)
    ]


def infeasible(people, quotas, size, households=None):
    """The changes named by the error, after checking they really fix the quotas."""
    with pytest.raises(InfeasibleQuotasError) as caught:
        find_distribution(people, quotas, size, households=households)
    changes = caught.value.changes
    assert changes and str(caught.value).startswith(f"No panel of {size} can meet the quotas.")
    for change in changes:
        assert change.change in str(caught.value)
        assert change.reasons and all(r in str(caught.value) for r in change.reasons)
    fixed = apply(quotas, changes)
    assert quota_changes(compress(people, fixed, size, households)) == []
    find_distribution(people, fixed, size, households=households, algorithm="maximin")
    return changes


def apply(quotas, changes):
    moved = {(c.feature, c.value, c.bound): c.new for c in changes}
    return [
        Quota(
            q.feature,
            q.value,
            moved.get((q.feature, q.value, "min"), q.min),
            moved.get((q.feature, q.value, "max"), q.max),
        )
        for q in quotas
    ]


def test_min_above_panel_size_names_that_minimum():
    # Lowering 12 to 5 is a drop of more than the panel size, which the solver once
    # could not even represent ("The solver stopped without an answer (Infeasible)").
    quotas = [Quota("sex", "f", 12, 15), Quota("sex", "m", 0, 10)]
    [change] = infeasible(sexes(20, 20), quotas, 5)
    assert (change.feature, change.value, change.bound, change.old, change.new) == (
        "sex",
        "f",
        "min",
        12,
        5,
    )
    assert change.change == 'lower the minimum for sex "f" from 12 to 5'
    assert change.reasons[0] == "its minimum of 12 alone is more than the panel of 5"


def test_min_above_volunteers_with_that_value_names_that_minimum():
    quotas = [Quota("sex", "f", 3, 5), Quota("sex", "m", 0, 5)]
    [change] = infeasible(sexes(2, 8), quotas, 5)
    assert (change.value, change.bound, change.old, change.new) == ("f", "min", 3, 2)
    assert change.reasons == ('only 2 volunteers have sex "f"',)


def test_minimums_of_a_category_summing_above_panel_size_lower_one_of_them():
    quotas = [Quota("sex", "f", 3, 5), Quota("sex", "m", 4, 5)]
    [change] = infeasible(sexes(10, 10), quotas, 5)
    assert change.bound == "min" and change.old - change.new == 2
    assert change.reasons == ("the minimums for sex add up to 7, more than the panel of 5",)


def test_maximums_of_a_category_summing_below_panel_size_raise_them():
    quotas = [Quota("sex", "f", 0, 2), Quota("sex", "m", 0, 2)]
    changes = infeasible(pool_people(), quotas, 6)
    assert {c.bound for c in changes} == {"max"}
    assert sum(c.new - c.old for c in changes) == 2
    assert changes[0].reasons == ("the maximums for sex add up to 4, fewer than the panel of 6",)


def test_maximums_capped_by_the_volunteers_there_are_raise_the_one_with_room():
    # 5 + 2 places is enough on paper, but only 2 women volunteered.
    quotas = [Quota("sex", "f", 0, 5), Quota("sex", "m", 0, 2)]
    [change] = infeasible(sexes(2, 10), quotas, 6)
    assert (change.value, change.bound, change.old, change.new) == ("m", "max", 2, 4)
    assert change.reasons == (
        "with the volunteers there are, the maximums for sex fill at most 4 of the 6 places",
    )


def test_conflicting_categories_name_the_quotas_they_conflict_with():
    quotas = [
        Quota("sex", "f", 4, 4),
        Quota("sex", "m", 2, 2),
        Quota("age", "old", 2, 2),  # every woman is old: conflicts with sex=f min 4
        Quota("age", "young", 4, 4),
    ]
    changes = infeasible(pool_people(), quotas, 6)
    assert len(changes) == 2
    touched = {(c.feature, c.value) for c in changes}
    assert touched in (
        {("sex", "f"), ("sex", "m")},
        {("age", "old"), ("age", "young")},
    )
    for change in changes:
        [reason] = change.reasons
        assert reason.startswith("no panel of 6 meets it together with the ")
        other = "age" if change.feature == "sex" else "sex"
        assert f"for {other} " in reason


def test_household_rule_below_a_minimum_is_counted():
    quotas = [Quota("sex", "f", 2, 2), Quota("sex", "m", 0, 3)]
    homes = {f"w{i}": "one house" for i in range(6)}
    changes = infeasible(pool_people(), quotas, 4, homes)
    assert [(c.value, c.bound, c.new) for c in changes] == [("f", "min", 1)]
    assert changes[0].reasons == (
        '6 volunteers have sex "f" but they share addresses, and with one person per household '
        "at most 1 of them can sit on a panel",
    )


def test_household_rule_interacting_with_quotas_is_named():
    # Every count adds up, but the only older volunteer lives with the only man.
    people = [
        Person("a", {"sex": "f", "age": "old"}),
        Person("b", {"sex": "m", "age": "young"}),
        Person("c", {"sex": "f", "age": "young"}),
    ]
    quotas = [
        Quota("sex", "f", 1, 1),
        Quota("sex", "m", 1, 1),
        Quota("age", "old", 1, 1),
        Quota("age", "young", 1, 1),
    ]
    changes = infeasible(people, quotas, 2, {"a": "1 High St", "b": "1 High St"})
    for change in changes:
        [reason] = change.reasons
        assert reason.startswith("no panel of 2 meets it together with ")
        assert reason.endswith(" and the rule of one person per household")


def test_feasible_quotas_need_no_change():
    quotas = [Quota("sex", "f", 3, 3), Quota("sex", "m", 3, 3)]
    assert quota_changes(compress(pool_people(), quotas, 6)) == []


def test_quota_change_is_plain_data_for_json():
    quotas = [Quota("sex", "f", 3, 5), Quota("sex", "m", 0, 5)]
    [change] = infeasible(sexes(2, 8), quotas, 5)
    assert change.to_dict() == {
        "feature": "sex",
        "value": "f",
        "bound": "min",
        "current": 3,
        "suggested": 2,
        "reason": 'only 2 volunteers have sex "f"',
        "change": 'lower the minimum for sex "f" from 3 to 2',
    }


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

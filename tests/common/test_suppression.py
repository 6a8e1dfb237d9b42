"""Small-number suppression: the primary rule, secondary suppression and an attacker.

The attacker below is written from the published frames alone (labels, shown counts,
shown percentages, the public table definitions) and does not call the module's LP: it
builds its own dense model and always solves it over integers, plus plain differencing.
"""

import highspy
import numpy as np
import pandas as pd
import pytest

from common.suppression import TOTAL, Table, protect, protect_linked

THRESHOLD = 10
PROTECTION = THRESHOLD // 2


def _cube(values, **dims):
    index = pd.MultiIndex.from_product(list(dims.values()), names=list(dims))
    return pd.Series(np.asarray(values, dtype="int64").ravel(), index=index)


def _mask(cube, table, labels):
    mask = np.ones(len(cube), dtype=bool)
    for dim, allowed in table.where.items():
        mask &= cube.index.get_level_values(dim).isin(list(allowed))
    for dim, label in zip(table.dims, labels, strict=True):
        if label != TOTAL:
            mask &= cube.index.get_level_values(dim) == label
    return mask


def _labels(frame):
    return [i if isinstance(i, tuple) else (i,) for i in frame.index]


def _solve(cube, equalities, objective, sense):
    """min or max objective.x over non-negative integers x with lo <= A x <= hi."""
    n = len(cube)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.addVars(n, np.zeros(n), np.full(n, highspy.kHighsInf))
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    for coefs, lo, hi in equalities:
        idx = np.flatnonzero(coefs).astype(np.int32)
        h.addRow(float(lo), float(hi), len(idx), idx, np.asarray(coefs, dtype=float)[idx])
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(objective, dtype=float))
    h.changeObjectiveSense(
        highspy.ObjSense.kMinimize if sense == "min" else highspy.ObjSense.kMaximize
    )
    h.run()
    status = h.getModelStatus()
    if status in (
        highspy.HighsModelStatus.kUnbounded,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        return np.inf if sense == "max" else -np.inf
    assert status == highspy.HighsModelStatus.kOptimal, status
    return round(h.getInfo().objective_function_value)


def attack(cube, published, unpublished=()):
    """Range of every hidden count given all shown counts and percentages.

    ``published`` is a list of (Table, frame); ``unpublished`` adds (name, mask) groups
    that were never shown but might be derived. Returns [(name, labels, true, lo, hi)].
    """
    equalities, hidden = [], []
    for table, frame in published:
        for labels, (_, row) in zip(_labels(frame), frame.iterrows(), strict=True):
            mask = _mask(cube, table, labels).astype(float)
            if row["suppressed"]:
                hidden.append((table.name, labels, mask))
            else:
                equalities.append((mask, row["count"], row["count"]))
            if table.percent_of and not np.isnan(row["percent"]):
                base = tuple(
                    TOTAL if d in table.percent_of else lab
                    for d, lab in zip(table.dims, labels, strict=True)
                )
                coefs = 100.0 * mask - row["percent"] * _mask(cube, table, base)
                equalities.append((coefs, -1e-6, 1e-6))
    found = []
    hidden += [(name, (), mask.astype(float)) for name, mask in unpublished]
    for name, labels, mask in hidden:
        lo = _solve(cube, equalities, mask, "min")
        hi = _solve(cube, equalities, mask, "max")
        found.append((name, labels, float(cube[mask.astype(bool)].sum()), lo, hi))
    return found


def differencing(published):
    """Hidden cells recomputable as a shown total minus the other shown cells of a line."""
    pinned = []
    for table, frame in published:
        for axis, dim in enumerate(table.dims):
            others = [d for d in table.dims if d != dim]
            keyed = frame.reset_index()
            for _, line in keyed.groupby(others) if others else [((), keyed)]:
                total = line[line[dim] == TOTAL]
                cells = line[line[dim] != TOTAL]
                if (
                    len(total)
                    and not total["suppressed"].iloc[0]
                    and cells["suppressed"].sum() == 1
                ):
                    pinned.append((table.name, axis, tuple(cells[cells["suppressed"]].iloc[0])))
    return pinned


def _sensitive(cube, table, labels):
    count = cube[_mask(cube, table, labels)].sum()
    if 0 < count < THRESHOLD:
        return True
    if table.percent_of:
        base = tuple(
            TOTAL if d in table.percent_of else lab
            for d, lab in zip(table.dims, labels, strict=True)
        )
        return 0 < cube[_mask(cube, table, base)].sum() < THRESHOLD
    return False


def assert_protected(cube, published, unpublished=()):
    assert not differencing(published)
    sensitive = {
        (t.name, labels)
        for t, frame in published
        for labels in _labels(frame)
        if _sensitive(cube, t, labels)
    }
    sensitive |= {(name, ()) for name, mask in unpublished if 0 < cube[mask].sum() < THRESHOLD}
    for name, labels, true, lo, hi in attack(cube, published, unpublished):
        assert lo <= true <= hi
        if labels == () and (name, labels) not in sensitive:
            continue  # an unpublished group need only be protected when it is small
        need = PROTECTION if (name, labels) in sensitive else 1
        assert hi - lo >= need, (name, labels, true, lo, hi)


def _published(result, tables):
    return [(t, result.tables[t.name]) for t in tables]


def _random_values(rng, shape):
    values = rng.integers(0, 40, size=shape)
    small = rng.random(shape) < 0.3
    values[small] = rng.integers(0, 10, size=small.sum())
    return values


def test_counts_between_one_and_threshold_are_primary_suppressed():
    cube = _cube([0, 1, 9, 10, 25], q=list("abcde"))
    table = Table("one", dims=("q",))
    frame = protect(cube, [table]).tables["one"]
    assert frame["primary"].tolist() == [False, True, True, False, False, False]


def test_zero_counts_are_shown_when_the_base_is_safe():
    cube = _cube([0, 12, 30], q=list("abc"))
    frame = protect(cube, [Table("one", dims=("q",), percent_of=("q",))]).tables["one"]
    assert not frame.loc["a", "suppressed"]
    assert frame.loc["a", "percent"] == 0.0


def test_every_cell_of_a_group_with_a_small_base_is_primary_suppressed():
    cube = _cube([[0, 30], [4, 40], [3, 50]], q=list("abc"), g=["small", "big"])
    table = Table("x", dims=("q", "g"), percent_of=("q",))
    frame = protect(cube, [table]).tables["x"]
    small = frame.xs("small", level="g")
    assert small["primary"].all()
    assert small["percent"].isna().all()


def test_a_row_total_under_the_threshold_is_suppressed():
    cube = _cube([[2, 3, 1], [30, 20, 40]], q=["rare", "common"], g=list("xyz"))
    frame = protect(cube, [Table("x", dims=("q", "g"))]).tables["x"]
    assert frame.loc[("rare", TOTAL), "suppressed"]


def test_one_small_cell_needs_complementary_cells_in_its_row_and_column():
    cube = _cube([[3, 20, 30], [25, 40, 35]], q=["yes", "no"], g=list("xyz"))
    table = Table("x", dims=("q", "g"))
    result = protect(cube, [table])
    frame = result.tables["x"]
    assert frame["suppressed"].sum() >= 4
    assert not differencing([(table, frame)])


def test_percentages_are_hidden_when_their_base_is_hidden():
    cube = _cube([[3, 20, 30], [25, 40, 35]], q=["yes", "no"], g=list("xyz"))
    table = Table("x", dims=("q", "g"), percent_of=("g",))
    frame = protect(cube, [table]).tables["x"]
    hidden_base = frame.xs(TOTAL, level="g")["suppressed"]
    for q in hidden_base[hidden_base].index:
        assert frame.xs(q, level="q")["percent"].isna().all()


def test_attacker_pins_a_cell_under_primary_only_suppression():
    cube = _cube([[3, 20, 30], [25, 40, 35]], q=["yes", "no"], g=list("xyz"))
    table = Table("x", dims=("q", "g"))
    frame = protect(cube, [table]).tables["x"].copy()
    frame["suppressed"] = frame["primary"]
    frame.loc[frame["suppressed"], "percent"] = np.nan
    pinned = [f for f in attack(cube, [(table, frame)]) if f[3] == f[4]]
    assert pinned and pinned[0][2] == 3
    assert differencing([(table, frame)])
    with pytest.raises(AssertionError):
        assert_protected(cube, [(table, frame)])


def test_attacker_uses_a_shown_percentage_to_recover_a_hidden_base():
    cube = _cube([[12, 20], [13, 40]], q=["yes", "no"], g=["x", "y"])
    table = Table("x", dims=("q", "g"), percent_of=("q",))
    frame = protect(cube, [table]).tables["x"].copy()
    frame.loc[("yes", TOTAL), "suppressed"] = True
    frame.loc[(TOTAL, TOTAL), "suppressed"] = True
    frame.loc[(TOTAL, "x"), "suppressed"] = True
    found = {(f[1]): (f[3], f[4]) for f in attack(cube, [(table, frame)])}
    assert found[("yes", TOTAL)] == (32, 32)


@pytest.mark.parametrize("seed", range(6))
def test_attacker_cannot_narrow_hidden_cells_of_a_2x3_table(seed):
    rng = np.random.default_rng(seed)
    cube = _cube(_random_values(rng, (2, 3)), q=["yes", "no"], g=list("xyz"))
    tables = [Table("x", dims=("q", "g"), percent_of=("q",))]
    assert_protected(cube, _published(protect(cube, tables), tables))


@pytest.mark.parametrize("seed", range(6))
def test_attacker_cannot_narrow_hidden_cells_of_a_4x5_table_with_margins(seed):
    rng = np.random.default_rng(100 + seed)
    cube = _cube(_random_values(rng, (4, 5)), q=list("abcd"), g=list("vwxyz"))
    tables = [Table("x", dims=("q", "g"), percent_of=("q",))]
    assert_protected(cube, _published(protect(cube, tables), tables))


@pytest.mark.parametrize("seed", range(6))
def test_attacker_cannot_combine_a_one_way_table_with_two_crosstabs(seed):
    rng = np.random.default_rng(200 + seed)
    cube = _cube(
        _random_values(rng, (3, 3, 2)), q=list("abc"), age=["young", "mid", "old"], sex=["f", "m"]
    )
    tables = [
        Table("one", dims=("q",), percent_of=("q",)),
        Table("by_age", dims=("q", "age"), percent_of=("q",)),
        Table("by_sex", dims=("q", "sex"), percent_of=("q",)),
    ]
    assert_protected(cube, _published(protect(cube, tables), tables))


def _young_groups(cube):
    age = cube.index.get_level_values("age")
    return [
        (f"16-17 {q}", (age == "16-17") & (cube.index.get_level_values("q") == q)) for q in "abcd"
    ] + [("16-17", age == "16-17")]


@pytest.mark.parametrize("seed", range(6))
def test_attacker_cannot_difference_two_filters_that_differ_by_a_small_group(seed):
    rng = np.random.default_rng(300 + seed)
    values = rng.integers(10, 60, size=(4, 3))
    values[:, 0] = rng.integers(0, 4, size=4)  # the 16-17s: a small group
    cube = _cube(values, q=list("abcd"), age=["16-17", "18-64", "65+"])
    tables = [
        Table("everyone", dims=("q",), percent_of=("q",)),
        Table("adults", dims=("q",), where={"age": ["18-64", "65+"]}, percent_of=("q",)),
    ]
    result = protect(cube, tables)
    assert any(result.tables[t.name]["suppressed"].any() for t in tables)
    assert_protected(cube, _published(result, tables), _young_groups(cube))


def test_two_filters_protected_apart_give_the_small_group_away():
    values = np.array([[1, 30, 20], [2, 25, 40], [0, 33, 35], [3, 41, 22]])
    cube = _cube(values, q=list("abcd"), age=["16-17", "18-64", "65+"])
    everyone = Table("everyone", dims=("q",), percent_of=("q",))
    adults = Table("adults", dims=("q",), where={"age": ["18-64", "65+"]}, percent_of=("q",))
    apart = [(t, protect(cube, [t]).tables[t.name]) for t in (everyone, adults)]
    assert not any(frame["suppressed"].any() for _, frame in apart)  # each view alone looks safe
    pinned = {
        name: lo for name, _, _, lo, hi in attack(cube, apart, _young_groups(cube)) if lo == hi
    }
    assert pinned == {"16-17 a": 1, "16-17 b": 2, "16-17 c": 0, "16-17 d": 3, "16-17": 6}
    with pytest.raises(AssertionError):
        assert_protected(cube, apart, _young_groups(cube))


@pytest.mark.parametrize("seed", range(4))
def test_linked_problems_share_hidden_figures_and_resist_a_joint_attacker(seed):
    rng = np.random.default_rng(400 + seed)
    n = 120
    people = pd.DataFrame(
        {
            "q1": rng.choice(["a", "b", "NA"], size=n, p=[0.6, 0.35, 0.05]),
            "q2": rng.choice(["x", "y", "z", "NA"], size=n, p=[0.5, 0.3, 0.15, 0.05]),
            "g": rng.choice(["g1", "g2", "g3"], size=n, p=[0.6, 0.33, 0.07]),
        }
    )
    cats = {"q1": ["a", "b", "NA"], "q2": ["x", "y", "z", "NA"], "g": ["g1", "g2", "g3"]}

    def cube_of(dims):
        counts = people.groupby(dims).size()
        index = pd.MultiIndex.from_product([cats[d] for d in dims], names=dims)
        return counts.reindex(index, fill_value=0)

    rep = Table("rep", dims=("g",), percent_of=("g",))
    t1 = [Table("q1", dims=("q1", "g"), where={"q1": ["a", "b"]}, percent_of=("q1",)), rep]
    t2 = [Table("q2", dims=("q2", "g"), where={"q2": ["x", "y", "z"]}, percent_of=("q2",)), rep]
    r1, r2 = protect_linked([(cube_of(["q1", "g"]), t1), (cube_of(["q2", "g"]), t2)])
    assert r1.tables["rep"]["suppressed"].equals(r2.tables["rep"]["suppressed"])
    joint = cube_of(["q1", "q2", "g"])
    published = [(t1[0], r1.tables["q1"]), (t2[0], r2.tables["q2"]), (rep, r1.tables["rep"])]
    assert_protected(joint, published)


def test_a_tiny_dataset_hides_everything_but_true_zeros():
    cube = _cube([[1, 0], [2, 3]], q=["yes", "no"], g=["x", "y"])
    table = Table("x", dims=("q", "g"), percent_of=("q",))
    frame = protect(cube, [table]).tables["x"]
    assert frame["suppressed"].all()
    assert_protected(cube, [(table, frame)])


def test_protection_ranges_are_reported_for_every_hidden_figure():
    cube = _cube([[3, 20, 30], [25, 40, 35]], q=["yes", "no"], g=list("xyz"))
    result = protect(cube, [Table("x", dims=("q", "g"))])
    assert set(result.hidden) <= set(result.ranges)
    assert all(hi - lo >= 1 for lo, hi in result.ranges.values())


@pytest.mark.parametrize("seed", range(6))
def test_a_published_grand_total_stays_shown_and_the_rest_is_still_protected(seed):
    rng = np.random.default_rng(500 + seed)
    cube = _cube(_random_values(rng, (4, 5)), q=list("abcd"), g=list("vwxyz"))
    tables = [Table("x", dims=("q", "g"), percent_of=("q",))]
    result = protect(cube, tables, published=[()])
    assert not result.tables["x"].loc[(TOTAL, TOTAL), "suppressed"]
    assert result.tables["x"].loc[(TOTAL, TOTAL), "count"] == cube.sum()
    assert_protected(cube, _published(result, tables))


def test_a_grand_total_is_hidden_when_it_is_itself_small_even_if_published():
    cube = _cube([[1, 0], [2, 3]], q=["yes", "no"], g=["x", "y"])
    table = Table("x", dims=("q", "g"), percent_of=("q",))
    frame = protect(cube, [table], published=[()]).tables["x"]
    assert frame["suppressed"].all()


def test_linked_problems_keep_a_published_total_shown_in_all_of_them():
    people = pd.DataFrame(
        {
            "eth": ["w"] * 86 + ["a"] * 3 + ["b"] * 4 + ["m"] * 2 + ["p"] * 7,
            "ch": ["online"] * 70 + ["paper"] * 20 + ["phone"] * 12,
        }
    )

    def cube_of(d, cats):
        return people.groupby(d).size().reindex(cats, fill_value=0).rename_axis(d)

    eth = Table("eth", dims=("eth",), percent_of=("eth",))
    ch = Table("ch", dims=("ch",), percent_of=("ch",))
    problems = [
        (cube_of("eth", list("wabmp")), [eth]),
        (cube_of("ch", ["online", "paper", "phone"]), [ch]),
    ]
    shown_total = protect_linked(problems, published=[()])
    for result, name in zip(shown_total, ("eth", "ch"), strict=True):
        assert not result.tables[name].loc[TOTAL, "suppressed"]
    cube = cube_of("eth", list("wabmp"))
    assert_protected(cube, [(eth, shown_total[0].tables["eth"])])

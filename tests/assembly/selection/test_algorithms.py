import random

import pytest

from assembly.selection import ALGORITHMS, Person, Quota, draw_panel, find_distribution

from .reference import random_instance


def medium_instance(seed=7, n=60, k=12, households=False):
    """A biased pool over three categories with tight quotas and some shared addresses."""
    rng = random.Random(seed)
    values = {"age": ["young", "middle", "old"], "sex": ["f", "m"], "area": ["n", "s", "e", "w"]}
    weights = {"age": [1, 2, 3], "sex": [3, 2], "area": [4, 3, 2, 1]}
    people = [
        Person(f"p{i:03d}", {c: rng.choices(v, weights[c])[0] for c, v in values.items()})
        for i in range(n)
    ]
    quotas = [Quota("age", "young", 3, 4), Quota("age", "middle", 4, 4), Quota("age", "old", 4, 5)]
    quotas += [Quota("sex", "f", 6, 6), Quota("sex", "m", 6, 6)]
    quotas += [Quota("area", a, 3, 3) for a in "nsew"]
    homes = {p.id: f"home{i // 3}" for i, p in enumerate(people[:18])} if households else None
    return people, quotas, k, homes


def concrete_panels(distribution):
    """For each panel in the support, the panel of each group's first members."""
    for composition in distribution.panels:
        yield [pid for g, c in composition for pid in distribution.groups[g][:c]]


def assert_meets_quotas(panel, people, quotas, k, households=None):
    by_id = {p.id: p for p in people}
    assert len(panel) == len(set(panel)) == k
    for q in quotas:
        count = sum(by_id[pid].features[q.feature] == q.value for pid in panel)
        assert q.min <= count <= q.max, (q, count)
    if households:
        homes = [households[pid] for pid in panel if pid in households]
        assert len(homes) == len(set(homes)), "two people from one household"


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
@pytest.mark.parametrize("households", [False, True])
def test_every_panel_in_support_meets_quotas(algorithm, households):
    people, quotas, k, homes = medium_instance(households=households)
    distribution = find_distribution(people, quotas, k, algorithm=algorithm, households=homes)
    assert sum(distribution.probabilities) == pytest.approx(1.0, abs=1e-9)
    for panel in concrete_panels(distribution):
        assert_meets_quotas(panel, people, quotas, k, homes)
    for seed in range(20):
        assert_meets_quotas(draw_panel(distribution, seed), people, quotas, k, homes)


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
def test_probabilities_sum_to_panel_size(algorithm):
    people, quotas, k, _ = medium_instance(seed=3)
    distribution = find_distribution(people, quotas, k, algorithm=algorithm)
    assert sum(distribution.person_probabilities.values()) == pytest.approx(k, abs=1e-6)
    assert set(distribution.person_probabilities) == {p.id for p in people}


def test_leximin_minimum_is_at_least_every_other_algorithms():
    people, quotas, k, _ = medium_instance(seed=11)
    results = {a: find_distribution(people, quotas, k, algorithm=a) for a in ALGORITHMS}
    best = results["leximin"].min_probability
    assert best == pytest.approx(results["maximin"].min_probability, abs=1e-6)
    for name, distribution in results.items():
        assert distribution.min_probability <= best + 1e-6, name


def test_leximin_gives_same_probability_to_interchangeable_people():
    people, quotas, k = random_instance(9)
    probs = find_distribution(people, quotas, k).person_probabilities
    for a in people:
        for b in people:
            if a.features == b.features:
                assert probs[a.id] == pytest.approx(probs[b.id], abs=1e-9)


def test_legacy_is_reproducible_and_close_to_its_own_resample():
    people, quotas, k, _ = medium_instance(seed=5)
    one = find_distribution(people, quotas, k, algorithm="legacy")
    two = find_distribution(people, quotas, k, algorithm="legacy")
    assert one == two

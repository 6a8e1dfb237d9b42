import json

import numpy as np
import pytest

from assembly.selection import (
    Distribution,
    draw_panel,
    find_distribution,
    probability_mismatches,
    transparent_lottery,
    verify_draw,
    verify_probabilities,
    verify_transparent,
)

from .reference import random_instance
from .test_algorithms import assert_meets_quotas, medium_instance


@pytest.fixture(scope="module")
def drawn():
    people, quotas, k, _ = medium_instance(seed=5)
    return people, quotas, k, find_distribution(people, quotas, k)


def test_seeded_draw_is_reproducible(drawn):
    *_, distribution = drawn
    assert draw_panel(distribution, 2024) == draw_panel(distribution, 2024)
    assert len({draw_panel(distribution, s) for s in range(30)}) > 1


def test_draw_record_verifies_after_a_json_round_trip(drawn):
    people, quotas, k, distribution = drawn
    panel = draw_panel(distribution, 77)
    record = json.loads(
        json.dumps({"distribution": distribution.to_dict(), "seed": 77, "panel": panel})
    )
    recorded = Distribution.from_dict(record["distribution"])
    assert verify_draw(recorded, record["seed"], record["panel"])
    assert not verify_draw(recorded, 78, record["panel"]) or draw_panel(recorded, 78) == panel
    assert verify_probabilities(recorded, people, quotas) == []


def test_tampered_probability_fails_verification(drawn):
    people, quotas, k, distribution = drawn
    data = distribution.to_dict()
    victim = people[0].id
    data["person_probabilities"][victim] += 1e-4
    assert [m[0] for m in verify_probabilities(Distribution.from_dict(data), people, quotas)] == [
        victim
    ]


def test_tampered_panel_probabilities_fail_verification(drawn):
    people, quotas, k, distribution = drawn
    data = distribution.to_dict()
    if len(data["probabilities"]) < 2:
        pytest.skip("support of one panel")
    data["probabilities"][0] += 0.01
    data["probabilities"][1] -= 0.01
    assert probability_mismatches(Distribution.from_dict(data), distribution)


def test_transparent_draw_verifies_and_keeps_probabilities_close(drawn):
    people, quotas, k, distribution = drawn
    lottery = transparent_lottery(distribution, m=1000)
    assert len(lottery.panels) == 1000
    for panel in lottery.panels[::50]:
        assert_meets_quotas(panel, people, quotas, k)
    assert lottery.max_deviation <= len(distribution.panels) / 1000 + 1e-9
    number = 613
    chosen = lottery.pick(number)
    assert verify_transparent(lottery.panels, lottery.digest, number, chosen)
    assert not verify_transparent(lottery.panels, lottery.digest[::-1], number, chosen)
    other = next(p for p in lottery.panels if p != chosen)
    assert not verify_transparent(lottery.panels, lottery.digest, number, other)


def test_transparent_lottery_is_deterministic():
    people, quotas, k = random_instance(4)
    distribution = find_distribution(people, quotas, k)
    assert (
        transparent_lottery(distribution, 60).digest == transparent_lottery(distribution, 60).digest
    )


def group_error(distribution, slots, m):
    totals = {}
    for index, copies in enumerate(slots):
        for group, count in distribution.panels[index]:
            totals[group] = totals.get(group, 0) + copies * count
    return max(
        abs(totals.get(g, 0) / (m * len(ids)) - distribution.person_probabilities[ids[0]])
        for g, ids in enumerate(distribution.groups)
    )


def test_transparent_rounding_beats_largest_remainder():
    from assembly.selection.transparent import _largest_remainder, _round

    people, quotas, k = random_instance(1)
    distribution = find_distribution(people, quotas, k)
    m = 11  # few panels, so rounding matters
    naive = _largest_remainder(np.asarray(distribution.probabilities), m)
    slots = _round(distribution, m)
    assert slots.sum() == m
    assert group_error(distribution, slots, m) < group_error(distribution, naive, m) - 1e-6
    # Members of a group take turns, which adds at most one panel in m.
    lottery = transparent_lottery(distribution, m)
    assert lottery.max_deviation <= group_error(distribution, slots, m) + 1 / m + 1e-9

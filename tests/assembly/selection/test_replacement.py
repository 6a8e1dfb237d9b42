from assembly.selection import Person, Quota, draw_replacement


def pool():
    people = [Person(f"f{i}", {"sex": "f"}) for i in range(4)]
    people += [Person(f"m{i}", {"sex": "m"}) for i in range(4)]
    quotas = [Quota("sex", "f", 2, 2), Quota("sex", "m", 2, 2)]
    return people, quotas


def test_replacement_keeps_quotas_and_is_seeded():
    people, quotas = pool()
    panel = ["f0", "f1", "m0", "m1"]
    one = draw_replacement(people, quotas, panel, "f1", seed=5)
    assert one.person_id in {"f2", "f3"} and one.moved == ()
    assert draw_replacement(people, quotas, panel, "f1", seed=5) == one
    seen = {draw_replacement(people, quotas, panel, "f1", seed=s).person_id for s in range(20)}
    assert seen == {"f2", "f3"}


def test_replacement_says_which_quota_moved_when_it_must():
    people, quotas = pool()
    panel = ["f0", "f1", "m0", "m1"]
    homes = {"f2": "a", "f3": "b", "f0": "a", "f1": "b"}
    result = draw_replacement(people, quotas, panel, "m1", seed=1, households=homes)
    assert result.person_id in {"m2", "m3"}
    result = draw_replacement(
        people,
        quotas,
        ["f0", "f1", "m0", "m1"],
        "f0",
        seed=1,
        households={"f2": "x", "f3": "x", "f1": "x"},
    )
    assert result.person_id.startswith("m")
    assert result.moved == (
        "sex=f now has 1 members (quota 2 to 2)",
        "sex=m now has 3 members (quota 2 to 2)",
    )

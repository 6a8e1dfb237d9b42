"""How the demo's synthetic residents answer: the patterns in ``caring_essex.toml`` drawn at random.

The draws happen in a fixed order from one seeded generator, so the same seed gives the same
answers every time (``tests/consultations/test_demo_fingerprint.py`` holds them to it).
"""

import random

from common import demographics
from consultations.demo_loader import RawAnswers, demo_data

DATA = demo_data("caring_essex")
PREFER_NOT = "Prefer not to say"


def _question(page: str, ref: str) -> dict:
    return next(q for q in DATA[page]["questions"] if q.get("ref") == ref)


def _options(page: str, ref: str) -> list:
    return _question(page, ref)["options"]


def _scale(page: str, ref: str) -> list[int]:
    question = _question(page, ref)
    return list(range(question["min_value"], question["max_value"] + 1))


def _pick(rng: random.Random, key: str, bias: dict) -> str:
    """A category's band, weighted by its census share times how much more that band answered."""
    shares = demographics.category(key).shares
    names = list(shares)
    weights = [shares[n] * bias.get(n, 1.0) for n in names]
    return rng.choices(names, weights)[0]


def _or_prefer_not(rng: random.Random, value: str, share: float) -> str:
    return PREFER_NOT if rng.random() < share else value


def _ranking(rng, raw, spec, order_of, weights):
    """Rank ``order_of`` by weight times chance; post each of the spec's options' rank."""
    weight = dict(zip(order_of, weights, strict=True))
    order = sorted(order_of, key=lambda p: -weight[p] * rng.random())
    for i, option in enumerate(spec.options):
        raw[f"{spec.field_name}-{i}"] = [str(order.index(option) + 1)]


def survey_raw(rng: random.Random, specs) -> RawAnswers:
    """One synthetic resident's survey form values, as the question templates would post them."""
    p = DATA["survey"]["answers"]
    by_ref = {s.reference: s for s in specs}
    raw: RawAnswers = {}

    def put(ref, *values):
        raw[by_ref[ref].field_name] = list(values)

    def other(ref, texts):
        raw[by_ref[ref].field_name + "-other"] = [rng.choice(texts)]

    carer = "Yes" if rng.random() < p["carer"] else "No"
    if rng.random() < p["carer_prefers_not_to_say"]:
        carer = PREFER_NOT
    put("carer", carer)
    if carer == "Yes":
        put("hours", str(int(min(168, rng.lognormvariate(*p["hours_lognormal"])))))
        whom = rng.sample(_options("survey", "caring-for"), k=rng.choice(p["caring_for_counts"]))
        if rng.random() < p["caring_for_other"]:
            whom.append("Other")
            other("caring-for", p["caring_for_other_texts"])
        put("caring-for", *whom)
        if rng.random() < p["help"]:
            put("help", free_text(rng, carer=True))
    used = [
        u for u in _options("survey", "used") if rng.random() < p["used_often"].get(u, p["used"])
    ]
    if rng.random() < p["used_other"]:
        used.append("Other")
        other("used", p["used_other_texts"])
    put("used", *used)
    if rng.random() < p["info"]:
        put("info", str(rng.choices(_scale("survey", "info"), p["info_weights"])[0]))
    if rng.random() < p["easy"]:
        easy = _question("survey", "easy")
        for i, row in enumerate(easy["rows"]):
            weights = p["easy_row_weights"].get(row, p["easy_weights"])
            raw[f"{by_ref['easy'].field_name}-{i}"] = [rng.choices(easy["options"], weights)[0]]
    contact = rng.choices([*_options("survey", "contact"), "Other"], p["contact_weights"])[0]
    put("contact", contact)
    if contact == "Other":
        other("contact", p["contact_other_texts"])
    if rng.random() < p["priorities"]:
        priorities = _options("survey", "priorities")
        _ranking(rng, raw, by_ref["priorities"], priorities, p["priority_weights"])
    put("change", free_text(rng, carer=carer == "Yes", change=True))
    put("assembly", rng.choices(_options("survey", "assembly"), p["assembly_weights"])[0])
    if rng.random() < p["postcode"]:
        put("postcode", _postcode(rng, p))
    for key, bias in p["demographic_bias"].items():
        put(key, _or_prefer_not(rng, _pick(rng, key, bias), p["prefers_not_to_say"]))
    put("consent", "yes")
    return raw


def closed_raw(rng: random.Random, specs) -> RawAnswers:
    """One synthetic resident's answers to the closed "Who Will Care?" consultation."""
    p = DATA["closed"]["answers"]
    by_ref = {s.reference: s for s in specs}
    raw: RawAnswers = {}
    ranking = by_ref["priorities"]
    _ranking(rng, raw, ranking, ranking.options, p["priority_weights"])
    raw[by_ref["prevention"].field_name] = [
        str(rng.choices(_scale("closed", "prevention"), p["prevention_weights"])[0])
    ]
    carer = rng.random() < p["change_by_carer"]
    raw[by_ref["change"].field_name] = [free_text(rng, carer=carer, change=True)]
    for key, bias in p["demographic_bias"].items():
        raw[by_ref[key].field_name] = [
            _or_prefer_not(rng, _pick(rng, key, bias), p["prefers_not_to_say"])
        ]
    return raw


def _postcode(rng: random.Random, p: dict) -> str:
    letters = p["postcode_letters"]
    area, digit = rng.choice(p["postcode_areas"]), rng.randint(1, 9)
    return f"{area} {digit}{rng.choice(letters)}" + rng.choice(letters)


def free_text(rng: random.Random, *, carer: bool, change: bool = False) -> str:
    """A resident's answer in their own words: one to three ideas, or a short "nothing"."""
    t = DATA["free_text"]
    if rng.random() < t["short"]:
        return rng.choice(t["short_texts"])
    weights = t["carer_weights"] if carer and not change else t["change_weights"]
    themes = list(weights)
    picked = []
    for _ in range(rng.choices(t["idea_counts"], t["idea_count_weights"])[0]):
        theme = rng.choices(themes, [weights[name] for name in themes])[0]
        if theme not in picked:
            picked.append(theme)
    parts = [rng.choice(t["themes"][name]) for name in picked]
    first = parts[0]
    text = (
        rng.choice(t["openers"]) + first[0].lower() + first[1:]
        if rng.random() < t["opener"]
        else first
    )
    for part in parts[1:]:
        joiner = rng.choice(t["joiners"])
        text += joiner + (part[0].lower() + part[1:] if joiner in t["lower_after"] else part)
    text = text[0].upper() + text[1:]
    return text if rng.random() < t["no_full_stop"] else text + "."

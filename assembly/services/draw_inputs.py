"""What a draw is computed from and reports: the pool and quotas as frozen at
preparation, their digests, the library versions, and each person's chance."""

from __future__ import annotations

import hashlib
import json
import platform
from importlib.metadata import PackageNotFoundError, version

from assembly import selection
from assembly.models import (
    AssemblyPage,
    Draw,
)


def record_digest(data) -> str:
    """The SHA-256 of ``data`` as canonical JSON: what a draw record publishes and checks."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def pool_snapshot(assembly: AssemblyPage) -> tuple[dict, list[dict]]:
    """The pool and quotas as plain data: pseudonymous ids, values, hashed households."""
    categories = list(assembly.selection_categories.prefetch_related("values"))
    quotas = [
        {"feature": c.name, "value": v.value, "min": v.min_quota, "max": v.max_quota}
        for c in categories
        for v in c.values.all()
    ]
    names = {c.pk: c.name for c in categories}
    people: dict[str, dict[str, str]] = {}
    households: dict[str, str] = {}
    volunteers = assembly.volunteers.filter(anonymised_at__isnull=True).prefetch_related(
        "answers__value"
    )
    for v in volunteers:
        features = {names[a.category_id]: a.value.value for a in v.answers.all()}
        if len(features) != len(names):
            continue  # did not answer every category: cannot be placed against the quotas
        people[v.pool_id] = features
        if assembly.one_per_household and v.household_key:
            households[v.pool_id] = hashlib.sha256(v.household_key.encode()).hexdigest()[:16]
    return {"people": people, "households": households}, quotas


def snapshot_inputs(draw: Draw):
    """People, quotas and households of a draw, as the selection package takes them."""
    people = [selection.Person(pid, f) for pid, f in sorted(draw.pool_snapshot["people"].items())]
    quotas = [selection.Quota(**q) for q in draw.quotas]
    return people, quotas, draw.pool_snapshot.get("households") or None


def library_versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("highspy", "numpy", "django"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "unknown"
    return found


def probability_report(distribution, people, quotas) -> dict:
    """Smallest and largest chances, chances by group, and who has the lowest and why."""
    probs = distribution.person_probabilities
    by_value: dict[tuple[str, str], list[float]] = {}
    for person in people:
        for feature, value in person.features.items():
            by_value.setdefault((feature, value), []).append(probs[person.id])
    groups = []
    for q in quotas:
        found = by_value.get((q.feature, q.value), [])
        groups.append(
            {
                "feature": q.feature,
                "value": q.value,
                "pool": len(found),
                "min": q.min,
                "max": q.max,
                "mean": sum(found) / len(found) if found else 0.0,
                "smallest": min(found) if found else 0.0,
            }
        )
    lowest = sorted(people, key=lambda p: (probs[p.id], p.id))[:10]
    reasons = []
    for person in lowest:
        crowded = [
            g
            for g in groups
            if person.features.get(g["feature"]) == g["value"]
            and g["pool"]
            and g["max"] / g["pool"] < distribution.panel_size / max(1, len(people))
        ]
        why = (
            "; ".join(
                f"{g['pool']} volunteers with {g['feature']}={g['value']} share at most "
                f"{g['max']} places"
                for g in crowded
            )
            or "the quotas for their other answers leave little room"
        )
        reasons.append({"id": person.id, "probability": probs[person.id], "why": why})
    values = list(probs.values())
    return {
        "pool_size": len(people),
        "panel_size": distribution.panel_size,
        "min_probability": min(values),
        "max_probability": max(values),
        "equal_share": distribution.panel_size / len(values),
        "gini": selection.gini(values),
        "panels_in_support": len(distribution.panels),
        "groups": groups,
        "lowest": reasons,
    }

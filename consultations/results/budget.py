"""Results of a budget question, protected with the rest of the consultation.

Counts (each line's binned distribution; who cut, kept or raised it; the revenue and band
choices) are suppression problems like a choice question's, linked to every other table
by the respondents who answered. Statistics (mean, median, quartiles, the moving-phantom
median) cannot be suppressed cell by cell, so they follow three rules instead:

* a group's statistics are shown only when its base (those who answered) is shown by the
  suppression of the counts and is at least the threshold: quartiles of a small group are
  real submitted amounts;
* no minimum or maximum is ever computed;
* no two groups whose statistics are shown may differ by fewer than ``threshold`` people
  (the symmetric difference of their members): the means of two groups that differ by
  one person give that person's amounts. The smaller group's statistics are hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from common.budget import (
    UNALLOCATED,
    Exercise,
    largest_remainder_round,
    moving_phantom_median,
    quantile,
)
from common.suppression import TOTAL, Table
from consultations.results.budget_bins import (
    BAND,
    REVENUE,
    bin_codes,
    budget_lines,
    budget_matrix,
    common_scale,
    line_bins,
    unallocated_bins,
)
from consultations.results.budget_shifts import shifts_compute
from consultations.results.frames import QuestionResults, _one_way, _wide
from consultations.results.respondents import ANSWERED, NOT_ANSWERED, _cube

STATS = ("mean", "median", "q1", "q3", "phantom")
DIRECTIONS = {-1: "cut", 0: "kept", 1: "raised"}


@dataclass
class BudgetResults:
    """A budget question's figures; amounts in the exercise's smallest unit."""

    lines: tuple[str, ...]
    today: dict[str, int]
    envelope: int
    # index (by, group, line): base, mean, median, q1, q3, phantom (exact, as float),
    # phantom_shown (rounded by largest remainder so a group's lines add up), suppressed
    summary: pd.DataFrame
    # line -> counts per bin (one-way) and by each dimension
    distributions: dict[str, QuestionResults]
    # index (by, group, line): cut, kept, raised counts and percents; hidden ones are NA
    directions: pd.DataFrame
    revenue: QuestionResults | None = None
    band: QuestionResults | None = None
    shifts: pd.DataFrame | None = None


def _groups(data, members: pd.Index) -> list[tuple[str, object, np.ndarray]]:
    """(by, group, mask over ``members``) for everyone and each group of each dimension."""
    at = data.respondents.get_indexer(members)
    out = [(TOTAL, TOTAL, np.ones(len(members), dtype=bool))]
    for d, codes, cats in data.demos:
        mine = codes[at]
        out += [(d, cat, mine == i) for i, cat in enumerate(cats) if cat != NOT_ANSWERED]
    return out


def _differencing(groups, shown: dict, threshold: int) -> None:
    """Hide a group's statistics when another shown group differs from it by 1..threshold-1."""
    changed = True
    while changed:
        changed = False
        keys = [k for k in shown if shown[k]]
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if not (shown[a] and shown[b]):
                    continue
                differ = int((groups[a] ^ groups[b]).sum())
                if 0 < differ < threshold:
                    smaller = min((a, b), key=lambda k: (k == (TOTAL, TOTAL), groups[k].sum()))
                    shown[smaller] = False
                    changed = True


def _stats(amounts, scaled, scale: int, envelope: int) -> dict[str, list]:
    n = len(amounts)
    cols = [np.sort(np.asarray(amounts[:, j])) for j in range(amounts.shape[1])]
    phantom = moving_phantom_median(scaled.tolist(), scale)
    # Back from the common scale to shares of today's envelope.
    phantom = [p * Fraction(envelope, scale) for p in phantom]
    return {
        "mean": [Fraction(int(c.sum()), n) for c in cols],
        "median": [quantile(c, Fraction(1, 2)) for c in cols],
        "q1": [quantile(c, Fraction(1, 4)) for c in cols],
        "q3": [quantile(c, Fraction(3, 4)) for c in cols],
        "phantom": phantom,
        "phantom_shown": largest_remainder_round(phantom, 1, envelope),
    }


def _summary(data, members, amounts, totals, envelope, lines, shown_base, threshold):
    groups = {(by, g): mask for by, g, mask in _groups(data, members)}
    shown = {k: shown_base.get(k, False) and int(m.sum()) >= threshold for k, m in groups.items()}
    _differencing(groups, shown, threshold)
    scaled_all, scale_all = common_scale(amounts, totals, envelope)
    records = []
    for (by, g), mask in groups.items():
        base = int(mask.sum())
        figures = {}
        if shown[(by, g)] and base:
            figures = _stats(amounts[mask], scaled_all[mask], scale_all, envelope)
        for j, line in enumerate(lines):
            rec = {
                "by": by,
                "group": g,
                "line": line,
                "base": base if shown_base.get((by, g)) else None,
            }
            for stat in (*STATS, "phantom_shown"):
                rec[stat] = float(figures[stat][j]) if figures else np.nan
            rec["suppressed"] = not figures
            records.append(rec)
    frame = pd.DataFrame.from_records(records).set_index(["by", "group", "line"])
    frame["base"] = frame["base"].astype("Int64")
    return frame


def _line_problem(data, q, qd, codes, answered_codes, bins, rep):
    labels = [b.label for b in bins]
    cube = _cube(
        [(q, answered_codes, [ANSWERED, NOT_ANSWERED]), (qd, codes, labels + [NOT_ANSWERED])]
        + data.demos
    )
    answered = cube.index.get_level_values(q) == ANSWERED
    no_line = cube.index.get_level_values(qd) == NOT_ANSWERED
    cube = cube[answered != no_line]  # every answer has every line; no answer has none
    kw = {"where": {q: [ANSWERED]}, "show": {qd: labels}, "percent_of": (qd,)}
    tables = [Table("counts", dims=(qd,), **kw)]
    tables += [Table(f"by:{d}", dims=(qd, d), **kw) for d, _, _ in data.demos]
    for side, name in DIRECTIONS.items():
        where = {q: [ANSWERED], qd: [b.label for b in bins if b.side == side]}
        if where[qd]:
            tables.append(Table(name, where=where))
            tables += [Table(f"{name}:{d}", dims=(d,), where=where) for d, _, _ in data.demos]
    return cube, tables + rep


def _directions(data, lines, results, bases_shown, bases):
    records = []
    for line, res in zip(lines, results, strict=True):
        frames = res.tables
        keys = [(TOTAL, TOTAL)] + [
            (d, c) for d, _, cats in data.demos for c in cats if c != NOT_ANSWERED
        ]
        for by, g in keys:
            rec = {"by": by, "group": g, "line": line}
            for name in DIRECTIONS.values():
                frame = frames.get(name if by == TOTAL else f"{name}:{by}")
                if frame is None:
                    count, hidden = 0, False
                else:
                    r = frame.iloc[0] if by == TOTAL else frame.loc[g]
                    count, hidden = int(r["count"]), bool(r["suppressed"])
                base = bases.get((by, g), 0)
                ok = not hidden and bases_shown.get((by, g), False) and base
                rec[name] = count if not hidden else pd.NA
                rec[f"{name}_percent"] = round(100 * count / base, 1) if ok else np.nan
            records.append(rec)
    frame = pd.DataFrame.from_records(records).set_index(["by", "group", "line"])
    for name in DIRECTIONS.values():
        frame[name] = frame[name].astype("Int64")
    return frame


def budget_problems(data, q, exercise: Exercise, rounds, filters, rep, choice_problems):
    """(problems, assemble) for a budget question; see the module's rules."""
    lines = budget_lines(exercise)
    rows = data.answers[data.answers["question"].str.startswith(f"{q}/", na=False)]
    members, amounts, envelopes = budget_matrix(rows, q, exercise, data.respondents)
    totals = pd.Series(amounts.sum(axis=1) if len(amounts) else [], index=members, dtype=object)
    answered = data.respondents.isin(members)
    answered_codes = np.where(answered, 0, 1)
    at = pd.Series(np.arange(len(members)), index=members)
    problems, line_bins_of = [], {}
    for j, line in enumerate(lines):
        bins = unallocated_bins(exercise) if line == UNALLOCATED else line_bins(exercise, line)
        line_bins_of[line] = bins
        codes = np.full(len(data.respondents), len(bins), dtype=np.int64)
        if len(members):
            col = np.array([int(v) for v in amounts[:, j]], dtype=np.int64)
            codes[answered] = bin_codes(col, bins)[at.reindex(data.respondents[answered])]
        problems.append(_line_problem(data, q, f"{q}/{line}", codes, answered_codes, bins, rep))
    extras = []
    if exercise.revenue is not None:
        for part in (REVENUE, BAND):
            part_rows = rows[rows["question"] == f"{q}/{part}"]
            values = pd.unique(part_rows["value"])
            if part == REVENUE:
                values = sorted(values, key=lambda v: Decimal(str(v)))
            else:
                values = list(exercise.revenue.household_cost_per_step) or sorted(values)
            if len(part_rows):
                p, asm = choice_problems(data, f"{q}/{part}", list(values), filters, rep)
                extras.append((part, len(p), asm))
                problems += p
    today = {**exercise.current_allocation, **({UNALLOCATED: 0} if UNALLOCATED in lines else {})}

    def assemble(results):
        first = results[0].tables if results else {}
        bases, shown_base = {}, {}
        if first:
            total = first["counts"].loc[TOTAL]
            bases[(TOTAL, TOTAL)] = int(total["count"])
            shown_base[(TOTAL, TOTAL)] = not bool(total["suppressed"])
            for d, _, cats in data.demos:
                frame = first[f"by:{d}"]
                for c in cats:
                    r = frame.loc[(TOTAL, c)]
                    bases[(d, c)] = int(r["count"])
                    shown_base[(d, c)] = not bool(r["suppressed"])
        distributions = {}
        for line, res in zip(lines, results[: len(lines)], strict=True):
            qd = f"{q}/{line}"
            out = QuestionResults(counts=_one_way(res.tables["counts"]))
            for d, _, _ in data.demos:
                out.crosstabs[d] = _wide(res.tables[f"by:{d}"], qd, d)
            distributions[line] = out
        envelope = exercise.base_envelope
        summary = _summary(
            data, members, amounts, totals, envelope, lines, shown_base, data.threshold
        )
        budget = BudgetResults(
            lines=lines,
            today=today,
            envelope=envelope,
            summary=summary,
            distributions=distributions,
            directions=_directions(data, lines, results[: len(lines)], shown_base, bases),
            shifts=shifts_compute(data, members, amounts, lines, rounds, data.threshold),
        )
        start = len(lines)
        for part, count, asm in extras:
            setattr(
                budget,
                "revenue" if part == REVENUE else "band",
                asm(results[start : start + count]),
            )
            start += count
        out = QuestionResults()
        out.budget = budget
        return out

    return problems, assemble

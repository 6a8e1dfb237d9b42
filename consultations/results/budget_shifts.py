"""Between rounds of a budget: each line's mean shift and the share who moved up or down.

A person's answers in two rounds are paired by their user id (only signed-in people can
be paired); the later response of a round counts when there are several. The figures
describe the pairs only and are hidden when there are fewer pairs than the threshold;
the share who moved up (or down) is hidden when fewer than the threshold did.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from common.budget import round_shift

ROUND, USER = "round", "user"


def _attribute(data, column: str, members: pd.Index) -> pd.Series:
    frame = data.answers[["response_id", column]].dropna().drop_duplicates("response_id")
    return frame.set_index("response_id")[column].reindex(members)


def shifts_compute(data, members, amounts, lines, rounds, threshold) -> pd.DataFrame | None:
    """Shifts from each round to the next, per line; None without two rounds to pair."""
    columns = data.answers.columns
    if len(rounds) < 2 or ROUND not in columns or USER not in columns or not len(members):
        return None
    rounds_of = _attribute(data, ROUND, members)
    users = _attribute(data, USER, members)
    position = pd.Series(np.arange(len(members)), index=members)
    records = []
    for before, after in zip(rounds, rounds[1:], strict=False):
        rows = {}
        for name in (before, after):
            mine = users[(rounds_of == name) & users.notna()]
            # members are in response order, so the last of a person's responses wins
            rows[name] = position[mine.index].groupby(mine.to_numpy()).last()
        paired = rows[before].index.intersection(rows[after].index)
        first = (
            amounts[rows[before][paired].to_numpy()] if len(paired) else np.zeros((0, len(lines)))
        )
        second = (
            amounts[rows[after][paired].to_numpy()] if len(paired) else np.zeros((0, len(lines)))
        )
        pairs = len(paired)
        for shift in round_shift(lines, first.tolist(), second.tolist()) if pairs else ():
            up, down = int(shift.moved_up * pairs), int(shift.moved_down * pairs)
            shown = pairs >= threshold
            records.append(
                {
                    "from": before,
                    "to": after,
                    "line": shift.line,
                    "pairs": pairs if shown else pd.NA,
                    "mean_shift": float(shift.mean_shift) if shown else np.nan,
                    "moved_up": round(100 * up / pairs, 1)
                    if shown and not 0 < up < threshold
                    else np.nan,
                    "moved_down": round(100 * down / pairs, 1)
                    if shown and not 0 < down < threshold
                    else np.nan,
                    "suppressed": not shown,
                }
            )
        if not pairs:
            records += [
                {
                    "from": before,
                    "to": after,
                    "line": line,
                    "pairs": 0,
                    "mean_shift": np.nan,
                    "moved_up": np.nan,
                    "moved_down": np.nan,
                    "suppressed": True,
                }
                for line in lines
            ]
    frame = pd.DataFrame.from_records(records).set_index(["from", "to", "line"])
    frame["pairs"] = frame["pairs"].astype("Int64")
    return frame

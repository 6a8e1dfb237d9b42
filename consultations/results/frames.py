"""Result shapes: the frames a results set returns, built from protected tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from common.suppression import TOTAL


@dataclass
class CrossTab:
    """A question by a respondent attribute: wide frames with options down, groups across."""

    counts: pd.DataFrame
    percent: pd.DataFrame
    suppressed: pd.DataFrame


@dataclass
class QuestionResults:
    counts: pd.DataFrame | None = None
    crosstabs: dict[str, CrossTab] = field(default_factory=dict)
    filtered: dict[str, pd.DataFrame] = field(default_factory=dict)
    summary: pd.DataFrame | None = None
    budget: object = None  # a budget question's BudgetResults


@dataclass
class ResultsSet:
    representation: dict[str, pd.DataFrame]
    questions: dict[str, QuestionResults]


@dataclass
class ScaleResult:
    distribution: pd.DataFrame
    summary: pd.DataFrame


def _one_way(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "count": frame["count"].astype("Int64").mask(frame["suppressed"]),
            "percent": frame["percent"].round(1),
            "suppressed": frame["suppressed"],
        }
    )
    out.index.name = "option"
    return out


def _wide(frame: pd.DataFrame, q, d) -> CrossTab:
    counts = frame["count"].astype("Int64").mask(frame["suppressed"]).unstack(d)
    order = list(dict.fromkeys(frame.index.get_level_values(d)))
    rows = list(dict.fromkeys(frame.index.get_level_values(0)))
    fix = lambda f: f.reindex(index=rows, columns=order)  # noqa: E731
    return CrossTab(
        counts=fix(counts),
        percent=fix(frame["percent"].round(1).unstack(d)),
        suppressed=fix(frame["suppressed"].unstack(d)),
    )


def _stats(scores: pd.Series, groups: pd.Series | None = None) -> pd.DataFrame:
    """Mean, median and quartiles of non-missing scores, overall or per group code."""
    frame = pd.DataFrame({"score": scores.to_numpy(), "group": 0 if groups is None else groups})
    grouped = frame.dropna(subset=["score"]).groupby("group")["score"]
    # reindex: a group with no scores at all must give NaN, not a missing column.
    quartiles = grouped.quantile([0.25, 0.5, 0.75]).unstack().reindex(columns=[0.25, 0.5, 0.75])
    return pd.DataFrame(
        {
            "mean": grouped.mean(),
            "median": quartiles[0.5],
            "q1": quartiles[0.25],
            "q3": quartiles[0.75],
        }
    )


def _summary(data, scores, shown_by_group) -> pd.DataFrame:
    """Numeric summaries for everyone and each group; NaN unless ``shown_by_group``."""
    overall = _stats(scores).reindex([0])  # one row even when nobody answered
    parts = [overall.set_axis(pd.MultiIndex.from_tuples([(TOTAL, TOTAL)]))]
    for d, codes, cats in data.demos:
        stats = _stats(scores, codes).reindex(range(len(cats)))
        parts.append(stats.set_axis(pd.MultiIndex.from_product([[d], cats])))
    out = pd.concat(parts)
    out.index.names = ["by", "group"]
    shown = pd.Series(shown_by_group).reindex(out.index, fill_value=False)
    out = out.astype(float).round(2)
    out.loc[~shown.to_numpy()] = np.nan
    out["suppressed"] = ~shown.to_numpy()
    return out

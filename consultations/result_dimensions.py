"""What results can be filtered and broken down by.

Demographic questions and the channel, and, where the organiser offers them
("Offer as a results filter"), two kinds derived from answers: bands of a number
question ("Hours a week: 10 to 19") and the option a ranking question put first.
Derived dimensions are respondent attributes added as columns of the answers frame,
so :func:`consultations.results.results_set` protects them with everything else (which
is why they are opt-in: each adds tables, so secondary suppression may hide a few more
figures, and the page takes longer to compute: on the demo survey with 400 responses,
37 s without, 77 s with the hours bands, 236 s with the first choice of six priorities,
938 s with both); they are left out of "who we heard from".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from consultations.models import Channel

CHANNEL = "channel"
BAND_SUFFIX = "--band"
FIRST_SUFFIX = "--first"
MIN_BAND_ANSWERS = 4  # fewer distinct answers than this give no bands


@dataclass
class Dimension:
    """A demographic question, the channel or a derived attribute: something to split by."""

    id: str
    label: str
    options: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)
    derived: bool = False

    def label_of(self, value) -> str:
        return self.labels.get(value, str(value))


def _step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) of about a tenth of ``span``."""
    raw = span / 10
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


def number_bands(values: pd.Series) -> list[float]:
    """Band boundaries at the quartiles of ``values`` rounded to a round step (about a
    tenth of the range, half up); [] when there are too few distinct answers.

    >>> number_bands(pd.Series([0, 5, 10, 10, 15, 20, 20, 30, 40, 50]))
    [10.0, 20.0, 30.0]
    """
    values = pd.to_numeric(values, errors="coerce").dropna()
    if values.nunique() < MIN_BAND_ANSWERS:
        return []
    step = _step(float(values.max() - values.min()))
    quartiles = values.quantile([0.25, 0.5, 0.75])
    cuts = sorted({round(math.floor(q / step + 0.5) * step, 10) for q in quartiles})
    return [c for c in cuts if values.min() < c <= values.max()]


def _fmt(x: float) -> str:
    return f"{x:g}"


def band_labels(cuts: Sequence[float], *, whole: bool) -> list[str]:
    """Labels for the bands between ``cuts``: "Under 10", "10 to 19", "30 or more".

    >>> band_labels([10, 20], whole=True)
    ['Under 10', '10 to 19', '20 or more']
    >>> band_labels([2.5], whole=False)
    ['Under 2.5', '2.5 or more']
    """
    if not cuts:
        return []
    labels = [f"Under {_fmt(cuts[0])}"]
    for low, high in zip(cuts, cuts[1:], strict=False):
        top = f"{_fmt(high - 1)}" if whole and float(high).is_integer() else f"under {_fmt(high)}"
        labels.append(f"{_fmt(low)} to {top}")
    labels.append(f"{_fmt(cuts[-1])} or more")
    return labels


def band_of(values: pd.Series, cuts: Sequence[float], labels: Sequence[str]) -> pd.Series:
    """Each value's band label (``cuts`` are each band's lower bound)."""
    edges = [-math.inf, *cuts, math.inf]
    return pd.cut(values, edges, right=False, labels=list(labels)).astype(object)


def dimensions_add(frame: pd.DataFrame, specs) -> dict[str, Dimension]:
    """Every dimension of a consultation; derived ones are added to ``frame`` as columns."""
    dims = {s.id: Dimension(s.id, s.label, tuple(s.choices)) for s in specs if s.is_demographic}
    dims[CHANNEL] = Dimension(
        CHANNEL, "How they answered", tuple(Channel.values), dict(Channel.choices)
    )
    respondents = frame["response_id"]
    for spec in (s for s in specs if s.results_filter):
        rows = frame[frame["question"] == spec.id]
        if spec.kind == "number":
            numbers = pd.to_numeric(rows["number"], errors="coerce")
            cuts = number_bands(numbers)
            labels = band_labels(cuts, whole=spec.whole_number)
            if not labels:
                continue
            bands = pd.Series(band_of(numbers, cuts, labels).to_numpy(), index=rows["response_id"])
            column = spec.id + BAND_SUFFIX
            frame[column] = respondents.map(bands[~bands.index.duplicated()])
            dims[column] = Dimension(column, f"{spec.label} (bands)", tuple(labels), derived=True)
        elif spec.kind == "ranking":
            ranked = rows.assign(rank=pd.to_numeric(rows["number"], errors="coerce"))
            first = ranked.sort_values("rank").drop_duplicates("response_id")
            column = spec.id + FIRST_SUFFIX
            frame[column] = respondents.map(first.set_index("response_id")["value"])
            label = f"{spec.label}: put first"
            dims[column] = Dimension(column, label, tuple(spec.options), derived=True)
    return dims

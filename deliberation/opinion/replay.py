"""Replaying a Polis vote export through `opinion_update` at a fixed cadence.

Cadence (fixed before any comparison with Polis, see docs/opinion.md): votes are taken in
timestamp order and cut into 2-second windows, as Polis's maths worker polls for new votes; a
recomputation runs at the end of a window once at least ceil(votes / 300) votes have arrived
since the last one, so a long conversation costs at most about 300 updates; a last recomputation
always runs on all votes. Rows are parsed here from already-read CSV dictionaries (no I/O)."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .types import Id, OpinionParams, OpinionResult, OpinionState, VoteMatrix
from .update import opinion_update

WINDOW_MS = 2000
MAX_UPDATES = 300
VOTE_COLUMNS = ("comment-id", "voter-id", "vote")


class OpinionInputError(ValueError):
    """A vote or comment file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Vote:
    timestamp: int | None
    statement_id: str
    participant_id: str
    value: int


def parse_votes(
    rows: Iterable[Mapping[str, str | None]], fieldnames: Collection[str]
) -> list[Vote]:
    """Polis export rows (`timestamp, datetime, comment-id, voter-id, vote`); timestamp optional."""
    missing = [c for c in VOTE_COLUMNS if c not in fieldnames]
    if missing:
        raise OpinionInputError(f"votes file lacks column(s): {', '.join(missing)}")
    timed = "timestamp" in fieldnames
    votes = []
    for line, row in enumerate(rows, start=2):
        try:
            value = int(float((row.get("vote") or "").strip()))
            stamp = int(float((row.get("timestamp") or "").strip())) if timed else None
        except ValueError:
            raise OpinionInputError(
                f"votes line {line}: vote and timestamp must be numbers"
            ) from None
        if value not in (-1, 0, 1):
            raise OpinionInputError(f"votes line {line}: vote must be 1, -1 or 0, not {value}")
        sid, pid = (row.get("comment-id") or "").strip(), (row.get("voter-id") or "").strip()
        if not sid or not pid:
            raise OpinionInputError(f"votes line {line}: comment-id and voter-id are required")
        votes.append(Vote(stamp, sid, pid, value))
    if not votes:
        raise OpinionInputError("votes file has no votes")
    return votes


def parse_moderated(
    rows: Iterable[Mapping[str, str | None]], fieldnames: Collection[str]
) -> frozenset[str]:
    """Comment ids with `moderated` -1 (moderated out)."""
    if "comment-id" not in fieldnames or "moderated" not in fieldnames:
        raise OpinionInputError("comments file needs columns comment-id and moderated")
    out = set()
    for line, row in enumerate(rows, start=2):
        try:
            if int(float((row.get("moderated") or "0").strip())) == -1:
                out.add((row.get("comment-id") or "").strip())
        except ValueError:
            raise OpinionInputError(f"comments line {line}: moderated must be 1, 0 or -1") from None
    return frozenset(out)


def update_points(votes: list[Vote]) -> list[int]:
    """Indices (exclusive ends) into time-ordered `votes` after which a recomputation runs."""
    min_batch = math.ceil(len(votes) / MAX_UPDATES)
    ends, since = [], 0
    for i, vote in enumerate(votes):
        since += 1
        last = i + 1 == len(votes)
        window_ends = (
            last
            or votes[i + 1].timestamp is None
            or ((votes[i + 1].timestamp or 0) // WINDOW_MS != (vote.timestamp or 0) // WINDOW_MS)
        )
        if last or (window_ends and since >= min_batch):
            ends.append(i + 1)
            since = 0
    return ends


def replay(
    votes: list[Vote],
    *,
    moderated_out: Collection[Id] = (),
    seed: int = 0,
    params: OpinionParams | None = None,
) -> OpinionResult:
    """The result after replaying `votes` in timestamp order (file order without timestamps);
    the last vote per participant and statement counts."""
    ordered = (
        sorted(votes, key=lambda v: v.timestamp or 0)
        if votes[0].timestamp is not None
        else list(votes)
    )
    rows: dict[str, int] = {}
    cols: dict[str, int] = {}
    for v in ordered:
        rows.setdefault(v.participant_id, len(rows))
        cols.setdefault(v.statement_id, len(cols))
    matrix = np.full((len(rows), len(cols)), np.nan)
    pids, sids = tuple(rows), tuple(cols)
    state, result, start, n_p, n_s = OpinionState(), None, 0, 0, 0
    for end in update_points(ordered):
        for v in ordered[start:end]:
            r, c = rows[v.participant_id], cols[v.statement_id]
            matrix[r, c] = v.value
            n_p, n_s = max(n_p, r + 1), max(n_s, c + 1)
        start = end
        current = VoteMatrix(pids[:n_p], sids[:n_s], matrix[:n_p, :n_s])
        result = opinion_update(
            current, state, moderated_out=moderated_out, seed=seed, params=params
        )
        state = result.state
    assert result is not None  # votes is non-empty, so there is at least one update
    return result

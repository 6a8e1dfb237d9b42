"""Opinion groups as Polis computes them: pure numpy and scikit-learn, no Django, no I/O.

`opinion_update(votes, state)` recomputes from a `VoteMatrix`, warm-started from the previous
result's `state`; `replay` feeds timestamped votes through it at a fixed cadence. See
docs/opinion.md."""

from .replay import OpinionInputError, Vote, parse_moderated, parse_votes, replay
from .types import (
    Cluster,
    ConsensusStatement,
    Group,
    OpinionParams,
    OpinionResult,
    OpinionState,
    RepStatement,
    VoteMatrix,
)
from .update import opinion_update

__all__ = [
    "Cluster",
    "ConsensusStatement",
    "Group",
    "OpinionInputError",
    "OpinionParams",
    "OpinionResult",
    "OpinionState",
    "RepStatement",
    "Vote",
    "VoteMatrix",
    "opinion_update",
    "parse_moderated",
    "parse_votes",
    "replay",
]

"""Value types of the opinion-group maths: the input matrix, the state carried between updates,
and the result. Frozen dataclasses so a state can be kept and reused without being changed."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

Id = Hashable
FloatArray = npt.NDArray[np.floating[Any]]  # float32 or float64


@dataclass(frozen=True)
class OpinionParams:
    """Polis's defaults (math/src/polismath/math/conversation.clj)."""

    min_votes: int = 7  # a participant is clustered after min(7, statements) votes...
    greedy_n: int = 15  # ...and the top voters are added until there are 15
    base_k: int = 100
    max_k: int = 5
    k_buffer: int = 4  # a new k must win this many updates in a row before it is used
    max_iters: int = 100
    pca_iters: int = 100
    blas_threads: int = 1  # so a recomputation leaves the other cores to the live server


@dataclass(frozen=True)
class VoteMatrix:
    """One row per participant, one column per statement; +1 agree, -1 disagree, 0 pass, NaN
    not voted."""

    participant_ids: tuple[Id, ...]
    statement_ids: tuple[Id, ...]
    values: FloatArray

    def __post_init__(self) -> None:
        shape = (len(self.participant_ids), len(self.statement_ids))
        if self.values.shape != shape:
            raise ValueError(f"values has shape {self.values.shape}, ids give {shape}")


@dataclass(frozen=True)
class Cluster:
    id: int
    members: tuple[Id, ...]
    center: tuple[float, float]


@dataclass(frozen=True)
class KSmoother:
    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None


@dataclass(frozen=True)
class OpinionState:
    """What one update hands to the next: warm starts and the k hysteresis."""

    in_conv: frozenset[Id] = frozenset()
    comps: dict[Id, tuple[float, float]] = field(default_factory=dict)
    base_clusters: tuple[Cluster, ...] = ()
    group_clusterings: dict[int, tuple[Cluster, ...]] = field(default_factory=dict)
    k_smoother: KSmoother = KSmoother()


@dataclass(frozen=True)
class RepStatement:
    statement_id: Id
    repful_for: str  # "agree" or "disagree"
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False


@dataclass(frozen=True)
class Group:
    id: int
    members: tuple[Id, ...]
    representative: tuple[RepStatement, ...]


@dataclass(frozen=True)
class ConsensusStatement:
    statement_id: Id
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class OpinionResult:
    participant_ids: tuple[Id, ...]
    projections: FloatArray  # (participants, 2), every participant, clustered or not
    clustered: tuple[Id, ...]
    groups: tuple[Group, ...]
    consensus_agree: tuple[ConsensusStatement, ...]
    consensus_disagree: tuple[ConsensusStatement, ...]
    group_informed_consensus: dict[Id, float]
    divisive: tuple[Id, ...]
    state: OpinionState

    @property
    def k(self) -> int:
        return len(self.groups)

    def group_of(self) -> dict[Id, int]:
        return {member: group.id for group in self.groups for member in group.members}

"""Our opinion groups against the groups Polis itself assigned, on real Polis conversations.

Reads ../shared/data/polis/<conversation>/ (see its README; skipped when absent). For each
conversation and seeds 0-4: our k after replaying the votes in timestamp order at the fixed
cadence of deliberation/opinion/replay.py, the adjusted Rand index against Polis's groups over the
participants Polis grouped (ours unclustered count as one more group), our coverage of them, and
the same ARI for a plain baseline (mean-filled PCA + KMeans at Polis's k, one shot on the final
votes) computed in the same run.

    PYTHONPATH=site:. .venv/bin/python bench/opinion_vs_polis.py [--seeds 0 1 2 3 4] [--only NAME]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deliberation.opinion import parse_moderated, parse_votes, replay  # noqa: E402

# ../shared/data/polis beside the checkout (one level further up from a worktree in wt/), or
# $POLIS_DATA.
_REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = [_REPO.parent / "shared/data/polis", _REPO.parent.parent / "shared/data/polis"]
DATA = Path(
    os.environ.get("POLIS_DATA") or next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
)


def _rows(path: Path):
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader), reader.fieldnames or []


def polis_groups(folder: Path) -> tuple[dict[str, str], int]:
    rows, _ = _rows(folder / "participants-votes.csv")
    groups = {r["participant"]: r["group-id"] for r in rows if (r.get("group-id") or "").strip()}
    summary = dict(
        line[:2] for line in csv.reader((folder / "summary.csv").open()) if len(line) >= 2
    )
    return groups, int(summary["groups"])


def baseline(votes, moderated, k: int, seed: int) -> dict[str, int]:
    """Mean-filled PCA to two components + KMeans at Polis's k, on everyone with min(7, n) votes."""
    last = {
        (v.participant_id, v.statement_id): v.value
        for v in sorted(votes, key=lambda v: v.timestamp or 0)
    }
    pids = sorted({p for p, _ in last})
    sids = sorted({s for _, s in last} - set(moderated))
    row, col = {p: i for i, p in enumerate(pids)}, {s: j for j, s in enumerate(sids)}
    m = np.full((len(pids), len(sids)), np.nan)
    for (p, s), value in last.items():
        if s in col:
            m[row[p], col[s]] = value
    voted = ~np.isnan(m)
    keep = voted.sum(axis=1) >= min(7, len(sids))
    filled = np.where(voted, m, np.nanmean(m, axis=0))[keep]
    centred = filled - filled.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(centred @ vt[:2].T)
    return {p: int(label) for p, label in zip(np.array(pids)[keep], labels, strict=True)}


def ari(ours: dict[str, int], polis: dict[str, str]) -> tuple[float, float]:
    """(ARI over Polis's grouped participants, share of them we clustered)."""
    people = sorted(polis)
    labels = [ours.get(p, -1) for p in people]
    return adjusted_rand_score([polis[p] for p in people], labels), sum(
        p in ours for p in people
    ) / len(people)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--only")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: no Polis data at {DATA}")
        return 0
    folders = sorted(f for f in DATA.iterdir() if (f / "votes.csv").exists())
    if args.only:
        folders = [f for f in folders if f.name == args.only]
    header = (
        f"{'conversation':28} {'polis k':>7} {'our k (seeds)':>14} {'ARI mean [min-max]':>20} "
        f"{'cover':>6} {'same groups':>11} {'baseline ARI [min-max]':>23} {'s/run':>6}"
    )
    print(header)
    print("-" * len(header))
    hits, means, base_means = 0, [], []
    for folder in folders:
        rows, fields = _rows(folder / "votes.csv")
        votes = parse_votes(rows, fields)
        moderated = frozenset()
        if (folder / "comments.csv").exists():
            crow, cfields = _rows(folder / "comments.csv")
            moderated = parse_moderated(crow, cfields)
        polis, polis_k = polis_groups(folder)
        ks, aris, covers, partitions, base_aris, seconds = [], [], [], set(), [], []
        for seed in args.seeds:
            start = time.perf_counter()
            result = replay(votes, moderated_out=moderated, seed=seed)
            seconds.append(time.perf_counter() - start)
            ours = result.group_of()
            score, cover = ari(ours, polis)
            ks.append(result.k)
            aris.append(score)
            covers.append(cover)
            partitions.add(frozenset(frozenset(g.members) for g in result.groups))
            with threadpool_limits(limits=1):
                base_aris.append(ari(baseline(votes, moderated, polis_k, seed), polis)[0])
        hits += all(k == polis_k for k in ks)
        means.append(statistics.mean(aris))
        base_means.append(statistics.mean(base_aris))
        spread = f"[{min(aris):.2f}-{max(aris):.2f}]"
        base_spread = f"[{min(base_aris):.2f}-{max(base_aris):.2f}]"
        same = "yes" if len(partitions) == 1 else "no"
        print(
            f"{folder.name:28} {polis_k:>7} {','.join(map(str, ks)):>14} "
            f"{statistics.mean(aris):>8.3f} {spread} {statistics.mean(covers):>6.2f} {same:>11} "
            f"{statistics.mean(base_aris):>11.3f} {base_spread} {statistics.mean(seconds):>6.1f}",
            flush=True,
        )
    print("-" * len(header))
    print(
        f"Polis's k on {hits} of {len(folders)} conversations (every seed); "
        f"mean ARI {statistics.mean(means):.3f}; "
        f"baseline mean ARI {statistics.mean(base_means):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

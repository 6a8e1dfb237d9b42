"""Sortition benchmark: our LEXIMIN / maximin / legacy against sortition-algorithms.

Usage (from the repository root, with the project's virtualenv)::

    python bench/sortition_bench.py [--timeout 600] [--only NAME,...] [--table]

sortition-algorithms runs in its own virtualenv, ``bench/.venv-sortition`` (created
on first use: ``python3 -m venv bench/.venv-sortition && bench/.venv-sortition/bin/pip
install sortition-algorithms==0.12.15``). Its ``leximin`` silently falls back to
maximin without Gurobi, so we run its maximin, nash and legacy only. Each run is a
subprocess capped at ``--timeout`` seconds (shown as ">600 s"). Results are appended
to ``bench/out/sortition_results.jsonl`` (the latest run of each instance, side and
algorithm wins); ``--impl`` runs one side only, ``--algorithms`` some algorithms only, ``--table``
reprints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sortition.synth import make_pool  # noqa: E402

DATA = ROOT / ".." / "shared" / "data" / "sortition"
OUT = ROOT / "bench" / "out"
THEIR_VENV = ROOT / "bench" / ".venv-sortition"
RESULTS = OUT / "sortition_results.jsonl"
SHARED = ["example_small_20", "example_large_200", "synth_300_30", "synth_1500_100"]
SYNTH = {  # name: (pool, panel, categories, seed) - shapes of the paper's sf_e, cca, sf_d
    "synth_1727_110_7": (1727, 110, 7, 1727),
    "synth_825_75_4": (825, 75, 4, 825),
    "synth_404_40_6": (404, 40, 6, 404),
    "synth_10000_100_6": (10000, 100, 6, 10000),
}
RUNS = [("ours", "leximin"), ("ours", "maximin"), ("ours", "legacy")]
RUNS += [("sortition-algorithms", a) for a in ("maximin", "nash", "legacy")]


def instances() -> dict[str, Path]:
    found = {name: DATA / name for name in SHARED if (DATA / name).is_dir()}
    for name in SHARED:
        if name not in found:
            print(f"skipping {name}: {DATA / name} not found")
    for name, (n, k, features, seed) in SYNTH.items():
        folder = OUT / "pools" / name
        if not (folder / "people.csv").exists():
            make_pool(folder, n=n, k=k, features=features, seed=seed)
        found[name] = folder
    return found


def their_python() -> Path:
    python = THEIR_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(THEIR_VENV)], check=True)
        pip = [str(THEIR_VENV / "bin" / "pip"), "install", "-q", "sortition-algorithms==0.12.15"]
        subprocess.run(pip, check=True)
    return python


def run(impl: str, algorithm: str, folder: Path, timeout: int) -> dict:
    if impl == "ours":
        cmd = [
            sys.executable,
            str(ROOT / "bench" / "sortition" / "ours.py"),
            str(folder),
            algorithm,
        ]
    else:
        cmd = [
            str(their_python()),
            str(ROOT / "bench" / "sortition" / "theirs.py"),
            str(folder),
            algorithm,
        ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"status": "error", "error": (done.stderr or done.stdout).strip().splitlines()[-1:]}
    return {"status": "ok", **json.loads(lines[-1])}


def describe(folder: Path) -> dict:
    people = pd.read_csv(folder / "people.csv", dtype=str, keep_default_na=False)
    info = json.loads((folder / "instance.json").read_text())
    features = [c for c in people.columns if c != "id"]
    return {
        "n": len(people),
        "k": info["k"],
        "cats": len(features),
        "profiles": len(people[features].drop_duplicates()),
    }


def table(rows: list[dict], timeout: int) -> str:
    lines = [
        f"{'instance':<20}{'n':>6}{'k':>5}{'cats':>5}{'profiles':>9}  {'implementation':<22}"
        f"{'algorithm':<9}{'time':>10}{'min prob':>11}{'gini':>8}"
    ]
    for r in rows:
        if r["status"] == "ok":
            time_, low, g = f"{r['seconds']:.1f} s", f"{r['min']:.6f}", f"{max(0.0, r['gini']):.3f}"
        else:
            time_, low, g = (f">{timeout} s" if r["status"] == "timeout" else "error"), "-", "-"
        lines.append(
            f"{r['instance']:<20}{r['n']:>6}{r['k']:>5}{r['cats']:>5}{r['profiles']:>9}  "
            f"{r['impl']:<22}{r['algorithm']:<9}{time_:>10}{low:>11}{g:>8}"
        )
    lines.append("")
    lines.append("ratio = our LEXIMIN time / sortition-algorithms' maximin time")
    for name in dict.fromkeys(r["instance"] for r in rows):
        mine = next(
            (
                r
                for r in rows
                if r["instance"] == name and r["impl"] == "ours" and r["algorithm"] == "leximin"
            ),
            None,
        )
        theirs = next(
            (
                r
                for r in rows
                if r["instance"] == name and r["impl"] != "ours" and r["algorithm"] == "maximin"
            ),
            None,
        )
        if mine and theirs:
            if mine["status"] == "ok" and theirs["status"] == "ok":
                ratio = f"{mine['seconds'] / theirs['seconds']:.4f}"
            elif mine["status"] == "ok" and theirs["status"] == "timeout":
                ratio = f"< {mine['seconds'] / timeout:.3f} (theirs >{timeout} s)"
            else:
                ratio = "n/a"
            lines.append(f"  {name:<20} {ratio}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument(
        "--impl", choices=["ours", "sortition-algorithms"], help="run only one side"
    )
    parser.add_argument("--algorithms", default="", help="comma-separated, e.g. maximin,leximin")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results first")
    parser.add_argument("--table", action="store_true", help="only reprint the table from results")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.table:
        chosen = instances()
        if args.only:
            chosen = {k: v for k, v in chosen.items() if k in args.only.split(",")}
        if args.fresh:
            RESULTS.unlink(missing_ok=True)
        for name, folder in chosen.items():
            shape = describe(folder)
            for impl, algorithm in RUNS:
                if args.impl and impl != args.impl:
                    continue
                if args.algorithms and algorithm not in args.algorithms.split(","):
                    continue
                result = {
                    "instance": name,
                    **shape,
                    "impl": impl,
                    "algorithm": algorithm,
                    **run(impl, algorithm, folder, args.timeout),
                }
                with RESULTS.open("a") as handle:
                    handle.write(json.dumps(result) + "\n")
                print(json.dumps(result), flush=True)
    latest = {}
    for line in RESULTS.read_text().splitlines():
        row = json.loads(line)
        latest[(row["instance"], row["impl"], row["algorithm"])] = row
    order = {name: i for i, name in enumerate([*SHARED, *SYNTH])}
    runs = {run: i for i, run in enumerate(RUNS)}
    rows = sorted(
        latest.values(), key=lambda r: (order[r["instance"]], runs[(r["impl"], r["algorithm"])])
    )
    print(table(rows, args.timeout))


if __name__ == "__main__":
    main()

"""Default representation: NMI for several static / TF-IDF weightings on the labelled sets.

Each set's blocks (static MiniLM and TF-IDF/LSA) are computed once and reused for every
weighting, so only the clustering reruns; the pipeline is otherwise exactly
:class:`analysis.themes.ThemeClusterer` with ``representation="static+tfidf"``. Scored like
``bench/themes_quality.py`` (every row, ``excluded`` and ``other`` counted as clusters).
Run: ``PYTHONPATH=. python bench/themes_weights.py [--tfidf 0.35,0.5] [--sets a,b] [--seed N]
[--data DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import representation, themes  # noqa: E402
from bench.themes import common  # noqa: E402
from bench.themes.common import SETS, load, scores  # noqa: E402

KIND = "static+tfidf"


def cached_blocks():
    """Wrap ``representation.blocks`` so each distinct batch of texts is encoded only once."""
    original = representation.blocks
    memo = {}

    def blocks(texts, kind, *, encoder=None, random_state=None):
        digest = hashlib.sha1("\n".join(texts).encode(), usedforsecurity=False).hexdigest()
        key = (digest, kind, random_state)
        if key not in memo:
            memo[key] = original(texts, kind, encoder=encoder, random_state=random_state)
        return dict(memo[key])

    return blocks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--tfidf", default="0.35,0.5", help="TF-IDF shares to compare")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=common.DATA, help="folder of the sets")
    args = parser.parse_args(argv)
    common.DATA = args.data
    shares = [float(s) for s in args.tfidf.split(",")]
    representation.blocks = cached_blocks()
    themes.representation.blocks = representation.blocks
    saved = dict(representation.WEIGHTS[KIND])
    header = ("set", "tfidf", "k", "k_auto", "NMI", "other", "sec")
    print("{:22s} {:>5s} {:>4s} {:>6s} {:>6s} {:>5s} {:>5s}".format(*header))
    for name in args.sets.split(","):
        frame = load(name)
        if frame is None:
            print(f"skip {name}: not found")
            continue
        texts, truth = frame["text"].tolist(), frame["label"].to_numpy()
        k_true = len(set(truth))
        for share in shares:
            representation.WEIGHTS[KIND] = {"static": 1 - share, "tfidf": share}
            for n_themes in (k_true, "auto"):
                started = time.perf_counter()
                model = themes.ThemeClusterer(
                    n_themes, representation=KIND, random_state=args.seed
                ).fit(texts)
                seconds = time.perf_counter() - started
                labels = model.labels_.astype(str)
                nmi = scores(truth, labels)["nmi"]
                k_auto = model.n_themes_ if n_themes == "auto" else ""
                print(
                    f"{name:22s} {share:5.2f} {n_themes!s:>4s} {k_auto!s:>6s} {nmi:6.3f} "
                    f"{(labels == themes.OTHER).mean():5.3f} {seconds:5.1f}",
                    flush=True,
                )
    representation.WEIGHTS[KIND] = saved
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

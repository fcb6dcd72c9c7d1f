"""Detection speed on snippets, this tree against an earlier commit and against chardet: CPU time
of ``detect`` over the same snippets, the contestants taking turns round by round, each round in
a fresh process.

    python bench/detect_ab.py [--base REF] [--rounds N] [--source cldr,pycountry] [--n 2]

The snippets are those ``bench/detect.py accuracy`` times (``bench/heldout.py`` plain cases at
12, 24, 48, 96 and 400 bytes; ``--source faker`` is the development set).  ``REF``'s
``codecscope`` package is taken out of git into a temporary directory (``git archive``: nothing of
the repository is run but its Python package).  Each round runs every contestant once, in an
order that rotates from round to round, in a child process that detects every snippet once
untimed, then once timed with ``time.process_time``; the figures are the medians over rounds of
the per-round ratios (above 1: this tree faster).  CPU time, not wall clock, since a shared
machine's load stretches wall clock; rounds rotate so that a busy spell hits all alike.  A speed
change should leave every result unchanged: see ``bench/detect_snapshot.py``.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import heldout  # noqa: E402
from tree_at import packages_at  # noqa: E402

LENGTHS = (12, 24, 48, 96, 400)


def _child(who: str, tree: str, inputs_file: str) -> None:
    if who == "chardet":
        import chardet

        def detect(data: bytes) -> object:
            return chardet.detect(data)["encoding"]
    else:
        sys.path.insert(0, tree)
        from codecscope.detection import detect   # type: ignore[no-redef]
    snippets = pickle.loads(Path(inputs_file).read_bytes())
    for s in snippets:
        detect(s)   # warm up: tables, memos and compiled patterns are not speed
    c0 = time.process_time()
    for s in snippets:
        detect(s)
    print(time.process_time() - c0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="main", help="git ref to compare against (default main)")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--source", default="cldr,pycountry")
    ap.add_argument("--n", type=int, default=2, help="cases per (locale, encoding, length), as bench/detect.py")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    snippets = [c.data for src in args.source.split(",") for L in LENGTHS
                for c in heldout.cases(src, "plain", L, args.n)]
    with tempfile.TemporaryDirectory() as tmp:
        base = packages_at(args.base, Path(tmp, "base"))
        inputs = Path(tmp, "inputs.pickle")
        inputs.write_bytes(pickle.dumps(snippets))
        trees = {"base": str(base), "this": str(ROOT), "chardet": ""}
        names = list(trees)
        times: dict[str, list[float]] = {n: [] for n in names}
        for r in range(args.rounds):
            for name in names[r % 3:] + names[:r % 3]:
                out = subprocess.run([sys.executable, __file__, "--child", name, trees[name], str(inputs)],
                                     capture_output=True, text=True, check=True).stdout
                times[name].append(float(out.strip().splitlines()[-1]))
    print(f"{len(snippets)} {args.source} snippets, {args.rounds} rounds, CPU seconds per round")
    for name, label in (("base", f"base ({args.base})"), ("this", "this tree"), ("chardet", "chardet")):
        print(f"  {label:22s} median {statistics.median(times[name]):.3f}  "
              + " ".join(f"{x:.3f}" for x in times[name]))
    for name in ("base", "chardet"):
        ratios = [b / t for b, t in zip(times[name], times["this"])]
        print(f"  {name} / this: median {statistics.median(ratios):.2f} (per round {min(ratios):.2f}-{max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

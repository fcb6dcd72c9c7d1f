"""Repair speed, this tree against an earlier commit: CPU time of ``repair`` over the same inputs,
the two taking turns round by round, each round in a fresh process; and each tree's speed as a
multiple of ``ftfy.fix_encoding``'s, timed in the same process.

    python bench/repair_ab.py [--base REF] [--rounds N] [--inputs garbled|clean]
                              [--source heldout|faker|ftfy] [--per-family N]

The inputs are those of ``bench/repair.py`` for one source (default the held-out texts, CLDR and
pycountry; ``faker`` the tuning set, ``ftfy`` ftfy's own cases), garbled or clean.  ``REF``'s
``codecscope`` package is taken out of git into a temporary directory (``git archive``: nothing
of the repository is run but its Python package).  Each round runs one tree then the other
(which one goes first alternates) in a child process that repairs every input once untimed, then
times ``repair`` and ``ftfy.fix_encoding`` over all of them with ``time.process_time`` (which of
the two goes first alternates with the round too).  The figures are medians over rounds of the
per-round ratios: base time / this tree's time (above 1: this tree faster), and for each tree
ftfy's time / its time (above 1: faster than ftfy).  CPU time, not wall clock, since a shared
machine's load stretches wall clock; rounds alternate so that a busy spell hits both.  A speed
change should leave every result unchanged: see ``tools/repair_snapshot.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from tree_at import packages_at  # noqa: E402


def _child(tree: str, inputs_file: str, ftfy_first: bool) -> None:
    sys.path.insert(0, tree)
    import ftfy

    import codecscope

    texts = json.loads(Path(inputs_file).read_text(encoding="utf-8"))
    tools = {"codecscope": codecscope.repair, "ftfy": ftfy.fix_encoding}
    spent = {}
    for name in sorted(tools, reverse=ftfy_first):
        fn = tools[name]
        for t in texts:
            fn(t)   # warm up: tables and compiled patterns are not speed
        c0 = time.process_time()
        for t in texts:
            fn(t)
        spent[name] = time.process_time() - c0
    print(json.dumps(spent))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="main", help="git ref to compare against (default main)")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--inputs", choices=("garbled", "clean"), default="garbled")
    ap.add_argument("--source", choices=("heldout", "faker", "ftfy"), default="heldout")
    ap.add_argument("--per-family", type=int, default=40, help="garbled cases per chain family (as bench/repair.py)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child[:2], args.child[2] == "1")
        return 0
    sys.path.insert(0, str(ROOT))
    from bench import repair as bench

    items = {"heldout": bench.heldout_items, "faker": bench.faker_items,
             "ftfy": lambda _: bench.ftfy_items()}[args.source](args.per_family)
    texts = list(dict.fromkeys(i.text for i in items if i.negative == (args.inputs == "clean")))
    with tempfile.TemporaryDirectory() as tmp:
        base = packages_at(args.base, Path(tmp, "base"))
        inputs = Path(tmp, "inputs.json")
        inputs.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        trees = {"base": str(base), "this": str(ROOT)}
        times: dict[str, list[float]] = {"base": [], "this": []}
        vs_ftfy: dict[str, list[float]] = {"base": [], "this": []}
        for r in range(args.rounds):
            for name in (("base", "this") if r % 2 == 0 else ("this", "base")):
                out = subprocess.run([sys.executable, __file__, "--child", trees[name], str(inputs), str(r % 2)],
                                     capture_output=True, text=True, check=True).stdout
                spent = json.loads(out.strip().splitlines()[-1])
                times[name].append(spent["codecscope"])
                vs_ftfy[name].append(spent["ftfy"] / spent["codecscope"])
    ratios = [b / t for b, t in zip(times["base"], times["this"])]
    print(f"{len(texts)} {args.source} {args.inputs} inputs, {args.rounds} rounds, CPU seconds per round")
    for name, label in (("base", f"base ({args.base})"), ("this", "this tree")):
        print(f"  {label:22s} median {statistics.median(times[name]):.3f}  "
              + " ".join(f"{x:.3f}" for x in times[name]))
    print(f"  base / this: median {statistics.median(ratios):.2f} (per round {min(ratios):.2f}-{max(ratios):.2f})")
    for name, label in (("base", f"base ({args.base})"), ("this", "this tree")):
        v = vs_ftfy[name]
        print(f"  {label} / ftfy.fix_encoding speed: median {statistics.median(v):.2f}x "
              f"(per round {min(v):.2f}-{max(v):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the optional compiled build buys: the same inputs through the compiled modules
(tools/build_compiled.py) and through the pure-Python ones, in alternating child processes of one
run, each round also timing the baseline peer on the same inputs.

    python tools/build_compiled.py && python bench/compiled_ab.py [--rounds 3] [--n 2]

Detection: ``detect()`` on the plain held-out snippets of ``bench/detect.py accuracy`` (CLDR and
pycountry, --n per locale, encoding and length) against ``chardet.detect``.  Repair: ``repair()``
on the garbled and on the clean held-out texts of ``bench/repair.py`` against ``ftfy.fix_encoding``.
The pure-Python side runs a copy of the package without its extension modules.  Every figure is a
median over rounds; the answers of both builds are compared too (they must be identical).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One round in a child: warm up untimed, then time each workload once, codecscope and the peer in turn.
_CHILD = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(1, os.path.join(sys.argv[2], "bench")); sys.path.insert(2, sys.argv[2])
import codecscope.detection, codecscope.repairing.chains
import heldout, chardet, ftfy
from bench import repair as rb
n = int(sys.argv[3])
snippets = [c.data for s in ("cldr", "pycountry") for L in (12, 24, 48, 96, 400) for c in heldout.cases(s, "plain", L, n)]
items = rb.heldout_items(40)
garbled = [i.text for i in items if i.expected != i.text]
clean = [i.text for i in items if i.expected == i.text]
work = {"detect": (snippets, lambda b: codecscope.detection.detect(b).encoding, chardet.detect),
        "repair garbled": (garbled, lambda t: codecscope.repair(t).text, ftfy.fix_encoding),
        "repair clean": (clean, lambda t: codecscope.repair(t).text, ftfy.fix_encoding)}
out = {"compiled": not codecscope.detection.__file__.endswith(".py")}
for name, (inputs, ours, peer) in work.items():
    answers = [ours(x) for x in inputs]   # warm-up; also the answers compared across builds
    [peer(x) for x in inputs]
    t0 = time.perf_counter(); [ours(x) for x in inputs]; t1 = time.perf_counter(); [peer(x) for x in inputs]
    out[name] = {"n": len(inputs), "ours": t1 - t0, "peer": time.perf_counter() - t1, "answers": answers}
print(json.dumps(out))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--n", type=int, default=2, help="snippets per (locale, encoding, length)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pure = Path(tmp) / "pure"
        # the package as pip installs it without the build: its sources and data, no extension module
        shutil.copytree(ROOT / "codecscope", pure / "codecscope",
                        ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
        builds = {"compiled": str(ROOT), "pure": str(pure)}
        runs: dict[str, list[dict]] = {"compiled": [], "pure": []}
        for r in range(args.rounds):
            for build in (("compiled", "pure") if r % 2 == 0 else ("pure", "compiled")):
                proc = subprocess.run([sys.executable, "-c", _CHILD, builds[build], str(ROOT), str(args.n)],
                                      capture_output=True, text=True, timeout=1800,
                                      env={**os.environ, "PYTHONHASHSEED": "0"})
                if proc.returncode:
                    print(proc.stderr, file=sys.stderr)
                    return 1
                got = json.loads(proc.stdout)
                if got["compiled"] != (build == "compiled"):
                    print(f"the {build} side did not run the {build} build (run tools/build_compiled.py)",
                          file=sys.stderr)
                    return 1
                runs[build].append(got)
    print(f"python {sys.version.split()[0]}; median of {args.rounds} alternating rounds, one child process "
          "per build and round")
    print(f"{'':<16}{'inputs':>7}{'pure ms':>10}{'compiled ms':>13}{'compiled/pure':>15}"
          f"{'pure vs peer':>14}{'compiled vs peer':>18}")
    same = True
    for name in ("detect", "repair garbled", "repair clean"):
        med = {b: (statistics.median(x[name]["ours"] for x in runs[b]),
                   statistics.median(x[name]["peer"] / x[name]["ours"] for x in runs[b])) for b in runs}
        n = runs["pure"][0][name]["n"]
        peer = "chardet" if name == "detect" else "ftfy"
        print(f"{name:<16}{n:>7}{1000 * med['pure'][0] / n:>10.3f}{1000 * med['compiled'][0] / n:>13.3f}"
              f"{med['pure'][0] / med['compiled'][0]:>14.2f}x{med['pure'][1]:>9.2f}x {peer:<4}"
              f"{med['compiled'][1]:>13.2f}x {peer}")
        same &= all(x[name]["answers"] == runs["pure"][0][name]["answers"] for b in runs for x in runs[b])
    print("answers of both builds identical: " + ("yes" if same else "NO"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

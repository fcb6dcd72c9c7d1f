"""Snapshot of ``detect()``'s full output on every bench snippet, to check that a speed change
changes no result.

    python bench/detect_snapshot.py save FILE      # before the change
    python bench/detect_snapshot.py check FILE     # after: lists every case whose output differs

Every source (``faker``, ``cldr``, ``pycountry``), every kind of case (plain, cut, one-accent,
repetitive) and every bench length; per case the encoding, the confidence, the equivalent
encodings, the note and every candidate in order with its evidence and score, floats compared
exactly (as ``repr``).  It runs with ``PYTHONHASHSEED=0``: Faker's text (the development source)
depends on the hash seed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import heldout  # noqa: E402

LENGTHS = (12, 24, 48, 96, 400)


def _outputs(n: int) -> dict[str, list]:
    from codecscope.detection import detect
    from codecscope.i18n import localize

    out: dict[str, list] = {}
    for source in heldout.SOURCES:
        for kind in heldout.KINDS:
            for length in LENGTHS:
                for i, c in enumerate(heldout.cases(source, kind, length, n)):
                    d = detect(c.data)
                    out[f"{source}/{kind}/{length}/{c.locale}/{c.encoding}/{i}"] = [
                        d.encoding, repr(d.confidence), list(d.equivalent), localize(d.note),
                        [[x.encoding, x.valid, x.invalid, x.truncated, x.cut_start, x.bom, x.language,
                          repr(x.score)] for x in d.candidates]]
    return out


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Faker's generated text (the development source) changes with the hash seed
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("save", "check"))
    ap.add_argument("file")
    ap.add_argument("--n", type=int, default=2, help="cases per (locale, encoding, length, kind)")
    args = ap.parse_args()
    now = _outputs(args.n)
    if args.mode == "save":
        Path(args.file).write_text(json.dumps(now), encoding="utf-8")
        print(f"{len(now)} cases saved")
        return 0
    before = json.loads(Path(args.file).read_text(encoding="utf-8"))
    diff = [k for k in before.keys() | now.keys() if before.get(k) != now.get(k)]
    for k in sorted(diff)[:20]:
        print(f"differs: {k}\n  before {before.get(k)}\n  now    {now.get(k)}")
    print(f"{len(now)} cases, {len(diff)} differ")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())

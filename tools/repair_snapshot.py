"""Everything ``repair`` returns for every benchmark input, to tell whether a change (a speed-up) changed
any result.

    python tools/repair_snapshot.py write before.jsonl    # on the old code
    python tools/repair_snapshot.py write after.jsonl     # on the new code
    python tools/repair_snapshot.py diff before.jsonl after.jsonl

The inputs are those of ``bench/repair.py`` (ftfy's suite, both held-out sources garbled and clean,
the Faker tuning set; 40 cases per family), the Faker test split, and the benchmark's worst-case
input (100,000 random Latin-1 characters).  A record holds the text, steps, confidence, lost spans,
explanation and every fix with its evidence, gain and alternatives, floats unrounded: a speed-up must
reproduce all of it exactly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import codecscope  # noqa: E402


def inputs() -> list[str]:
    from bench import corpus
    from bench import repair as bench

    items = [i.text for i in bench.ftfy_items() + bench.heldout_items(40) + bench.faker_items(40)]
    items += [c.garbled for c in corpus.cases("test", 40, 13)]
    items += [t for texts in corpus.clean("test", n=40).values() for t in texts]
    items.append(bench._worst_input("latin1-100k"))
    return list(dict.fromkeys(items))


def record(text: str) -> dict:
    try:
        r = codecscope.repair(text)
    except Exception as e:   # recorded: a change that makes repair raise is a difference too
        return {"input": text, "error": f"{type(e).__name__}: {e}"}
    fixes = [[f.start, f.end, f.old, f.new, repr(f.steps), repr(f.gain), f.lost, f.cut_end, repr(f.alternatives),
              repr(f.evidence)] for f in r.fixes]
    return {"input": text, "text": r.text, "steps": repr(r.steps), "confidence": repr(r.confidence),
            "lost": repr(r.lost), "explanation": r.explanation, "fixes": fixes}


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "write":
        with open(argv[1], "w", encoding="utf-8") as out:
            for text in inputs():
                out.write(json.dumps(record(text), ensure_ascii=False) + "\n")
        return 0
    if len(argv) == 3 and argv[0] == "diff":
        old, new = ([json.loads(line) for line in open(p, encoding="utf-8")] for p in argv[1:])
        a = {r["input"]: r for r in old}
        b = {r["input"]: r for r in new}
        differ = [k for k in a if k in b and a[k] != b[k]]
        for k in differ:
            print(f"input  {k[:200]!r}")
            for field in a[k]:
                if a[k].get(field) != b[k].get(field):
                    print(f"  {field}:\n    before {str(a[k].get(field))[:300]}\n    after  {str(b[k].get(field))[:300]}")
        only = len(set(a) ^ set(b))
        print(f"{len(a)} inputs before, {len(b)} after; {len(differ)} differ; {only} in one file only")
        return 1 if differ or only else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

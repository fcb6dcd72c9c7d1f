"""Where clean text's repair time goes: the benchmark's clean inputs of one source, grouped by the
path ``repair`` takes through them, each group timed against ``ftfy.fix_encoding``.

    python bench/repair_clean_paths.py [--source faker|ftfy|heldout] [--rounds N]

The paths: ``ascii`` (``str.isascii``, nothing else), ``no opener`` (one pattern finds no character
any evidence opens with: ``evidence.may_show``), ``cheap look`` (``evidence.quick_look`` finds
nothing to search; split by the script of the text: CJK, Cyrillic, Greek, other) and ``search``
(the cheap look found a possible reading, so the chains are searched; split by what it found: UTF-8
under an 8-bit code page, UTF-8 under a CJK one, a legacy shape).  Every round times each group
with both tools in CPU time (which goes first alternates), after one untimed pass; the figures
are sums over rounds: each group's share of repair's time and ftfy's time / repair's time (above
1: repair faster).  Aggregates only, so the held-out source may be measured too.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_SCRIPTS = (("CJK", re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uff00-\uffef]")),
            ("Cyrillic", re.compile("[\u0400-\u04ff]")), ("Greek", re.compile("[\u0370-\u03ff]")))


def path_of(text: str) -> str:
    from codecscope.repairing import evidence

    if text.isascii() and "\x00" not in text:
        return "ascii"
    if not evidence.may_show(text):
        return "no opener"
    readers, cjk, legacy = evidence.quick_look(text)
    if readers or cjk or legacy:
        return "search: " + ", ".join(n for n, f in (("8-bit UTF-8", readers), ("CJK UTF-8", cjk), ("legacy shape", legacy)) if f)
    return "cheap look: " + next((n for n, rx in _SCRIPTS if rx.search(text)), "other")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", choices=("heldout", "faker", "ftfy"), default="faker")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--per-family", type=int, default=40, help="cases per chain family (as bench/repair.py)")
    args = ap.parse_args(argv)
    import ftfy

    import codecscope
    from bench import repair as bench

    items = {"heldout": bench.heldout_items, "faker": bench.faker_items,
             "ftfy": lambda _: bench.ftfy_items()}[args.source](args.per_family)
    texts = list(dict.fromkeys(i.text for i in items if i.negative))
    groups: dict[str, list[str]] = {}
    for t in texts:
        groups.setdefault(path_of(t), []).append(t)
    tools = (("codecscope", codecscope.repair), ("ftfy", ftfy.fix_encoding))
    for _, fn in tools:
        for t in texts:
            fn(t)   # warm up: tables and compiled patterns are not speed
    spent = {g: {name: 0.0 for name, _ in tools} for g in groups}
    for r in range(args.rounds):
        for g, ts in groups.items():
            for name, fn in tools if r % 2 == 0 else tools[::-1]:
                c0 = time.process_time()
                for t in ts:
                    fn(t)
                spent[g][name] += time.process_time() - c0
    total = {name: sum(s[name] for s in spent.values()) for name, _ in tools}
    print(f"{len(texts)} {args.source} clean inputs, {args.rounds} rounds, CPU time")
    print(f"  {'path':40s} {'inputs':>6s} {'chars':>7s} {'share':>6s} {'ftfy / repair':>13s}")
    for g in sorted(groups, key=lambda g: -spent[g]["codecscope"]):
        s = spent[g]
        print(f"  {g:40s} {len(groups[g]):6d} {sum(map(len, groups[g])):7d} "
              f"{100 * s['codecscope'] / total['codecscope']:5.1f}% {s['ftfy'] / s['codecscope']:12.2f}x")
    print(f"  {'all':40s} {len(texts):6d} {sum(map(len, texts)):7d} {100.0:5.1f}% "
          f"{total['ftfy'] / total['codecscope']:12.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

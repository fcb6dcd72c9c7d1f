"""Repair accuracy and speed: codecscope.repair against ftfy.fix_text, same cases, same run.

    python bench/repair.py [--split test|dev] [--per-family N] [--repeats R]

Per chain family: exact repairs of lossless cases, mean difflib similarity to the original of
lossy cases (and of the garbled input, for contrast), and how often clean text is changed, per
locale (at least 500 clean texts per locale, and never fewer than garbled cases).  Throughput is
the time to process every case and every clean text, the two tools taking turns within each
repeat, reported as the median of the per-repeat ratios (codecscope speed / ftfy speed), then for
the garbled cases and the clean texts apart.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ftfy  # noqa: E402

from bench.corpus import CLEAN_PER_LOCALE, LOCALES, Case, cases, clean  # noqa: E402
from codecscope.repairing import repair  # noqa: E402


def ours(text: str) -> str:
    return repair(text).text


def theirs(text: str) -> str:
    return ftfy.fix_text(text)


def _sim(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def evaluate(fix, cs: list[Case], neg: dict[str, list[str]]):
    fam = defaultdict(lambda: {"n": 0, "exact": 0, "nl": 0, "sim": 0.0, "sim0": 0.0})
    misses = defaultdict(list)
    for c in cs:
        out = fix(c.garbled)
        f = fam[c.family]
        if c.lossy:
            f["nl"] += 1
            f["sim"] += _sim(out, c.original)
            f["sim0"] += _sim(c.garbled, c.original)
        else:
            f["n"] += 1
            if out == c.original:
                f["exact"] += 1
            else:
                misses[c.family].append((c.garbled, out, c.original))
    changed = {}
    false_pos = []
    for loc, texts in neg.items():
        bad = 0
        for t in texts:
            out = fix(t)
            if out != t:
                bad += 1
                false_pos.append((loc, t, out))
        changed[loc] = (bad, len(texts))
    return fam, changed, misses, false_pos


def timed(fixes, cs, neg, repeats: int) -> tuple[list[float], list[float], int]:
    """Time each fixer over every case and clean text, the fixers taking turns within each
    repeat (so that a slow spell of a shared machine hits both); returns the median time of each,
    the per-repeat time ratios (first fixer's speed over the second's) and the characters."""
    inputs = [c.garbled for c in cs] + [t for ts in neg.values() for t in ts]
    runs: list[list[float]] = [[] for _ in fixes]
    for _ in range(repeats):
        for k, fix in enumerate(fixes):
            t0 = time.perf_counter()
            for t in inputs:
                fix(t)
            runs[k].append(time.perf_counter() - t0)
    ratios = [b / a for a, b in zip(*runs)]
    return [statistics.median(r) for r in runs], ratios, sum(map(len, inputs))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=("test", "dev"))
    ap.add_argument("--per-family", type=int, default=60)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--show-misses", type=int, default=0, help="print up to N misses per family")
    args = ap.parse_args(argv)

    cs = cases(args.split, args.per_family, args.per_family // 3)
    # at least CLEAN_PER_LOCALE per locale, and never fewer clean texts than garbled cases
    neg = clean(args.split, n=max(CLEAN_PER_LOCALE, len(cs) // len(LOCALES) + 1))
    print(f"corpus: {args.split} split, {len(cs)} garbled cases, {sum(map(len, neg.values()))} clean texts "
          f"(Faker locale data), ftfy {ftfy.__version__}")
    res = {name: evaluate(fn, cs, neg) for name, fn in (("codecscope", ours), ("ftfy", theirs))}

    print(f"\n{'family':28} {'lossless':>8} {'codecscope':>10} {'ftfy':>6} | {'lossy':>5} {'garbled':>7} "
          f"{'codecscope':>10} {'ftfy':>6}")
    tot = {"codecscope": [0, 0], "ftfy": [0, 0]}
    cjk_min = 1.0
    west = {"codecscope": [0, 0], "ftfy": [0, 0]}
    lossy_gain = []
    fams = list(dict.fromkeys(c.family for c in cs))
    info = {c.family: c for c in cs}
    for fam in fams:
        a, b = res["codecscope"][0][fam], res["ftfy"][0][fam]
        ra = a["exact"] / a["n"] if a["n"] else float("nan")
        rb = b["exact"] / b["n"] if b["n"] else float("nan")
        for name, f in (("codecscope", a), ("ftfy", b)):
            tot[name][0] += f["exact"]
            tot[name][1] += f["n"]
            if info[fam].western:
                west[name][0] += f["exact"]
                west[name][1] += f["n"]
        if info[fam].cjk and a["n"] >= 10:
            cjk_min = min(cjk_min, ra)
        line = f"{fam:28} {a['n']:8} {ra:10.1%} {rb:6.1%} |"
        if a["nl"]:
            s0, s1, s2 = a["sim0"] / a["nl"], a["sim"] / a["nl"], b["sim"] / b["nl"]
            lossy_gain.append((s0, s1))
            line += f" {a['nl']:5} {s0:7.2f} {s1:10.2f} {s2:6.2f}"
        print(line)
        if args.show_misses:
            for g, out, orig in res["codecscope"][2][fam][:args.show_misses]:
                print(f"      miss: {g[:50]!r}\n         -> {out[:50]!r}\n         != {orig[:50]!r}")
    print()
    for name in ("codecscope", "ftfy"):
        e, n = tot[name]
        we, wn = west[name]
        print(f"{name:10} lossless exact overall {e / n:.1%} ({e}/{n}); western families {we / wn:.1%}")
    print(f"codecscope lowest CJK family (>= 10 cases): {cjk_min:.1%}")
    if lossy_gain:
        g0 = statistics.mean(x for x, _ in lossy_gain)
        g1 = statistics.mean(y for _, y in lossy_gain)
        print(f"codecscope lossy mean similarity {g1:.2f} vs garbled {g0:.2f} (gain {g1 - g0:+.2f})")

    print(f"\n{'clean text changed':20} {'codecscope':>12} {'ftfy':>12}")
    worst = 0.0
    for loc in neg:
        a, n = res["codecscope"][1][loc]
        b, _ = res["ftfy"][1][loc]
        worst = max(worst, a / n)
        print(f"{loc:20} {a:5}/{n:<5} {a / n:5.1%} {b:5}/{n:<5}")
    print(f"codecscope worst locale: {worst:.2%}")
    if args.show_misses:
        for loc, t, out in res["codecscope"][3][:20]:
            print(f"   false positive {loc}: {t!r} -> {out!r}")

    (t_ours, t_ftfy), ratios, nchars = timed((ours, theirs), cs, neg, args.repeats)
    print(f"\nthroughput (median of {args.repeats}, the two taking turns): codecscope "
          f"{nchars / t_ours / 1e3:.0f}k chars/s, ftfy {nchars / t_ftfy / 1e3:.0f}k chars/s, "
          f"ratio codecscope/ftfy = {statistics.median(ratios):.2f} "
          f"(per repeat {min(ratios):.2f}-{max(ratios):.2f})")
    # the mix matters (clean text is cheap for both): the two halves on their own
    for label, part_cs, part_neg in (("garbled cases only", cs, {}), ("clean texts only", [], neg)):
        _, ratios, _ = timed((ours, theirs), part_cs, part_neg, args.repeats)
        print(f"  {label:20} ratio codecscope/ftfy = {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How much of repair's search a garbled input goes through: readings built and scored per input.

    python bench/repair_structure.py [--per-family N]

For the garbled inputs of ``bench/repair.py`` (held out, the Faker tuning set, ftfy's suite) this
prints, per input:

* how often each stage of the search runs, from the call counts of one pass under ``cProfile``
  (counts, not times: they do not depend on the machine's load);
* how many Python function calls repair makes in all, and ``ftfy.fix_encoding`` on the same
  inputs (cProfile's count: built-in calls and generator steps included);
* the share of repair's CPU time spent inside the scoring models (the per-character
  plausibility model, the Cyrillic letter model, the CJK frequency tables): every call they get
  in one pass is recorded, then repair and a replay of exactly those calls are timed, without a
  profiler (whose cost per call would weigh the many small calls around the models more).

It tells where a faster search could come from: if inputs built and scored many readings, ruling
readings out before they are scored would pay; if they score one or two and the time is in the
calls around them, it cannot save more than the models' share.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ftfy  # noqa: E402

import codecscope  # noqa: E402

# (file, function) -> what its call count says
STAGES = (
    (("repairing/chains.py", "one_pass"), "layers searched (one_pass)"),
    (("repairing/evidence.py", "utf8_sequences"), "8-bit code pages searched for UTF-8"),
    (("repairing/chains.py", "_clusters"), "UTF-8 candidates built (stretch, code page)"),
    (("repairing/chains.py", "pick"), "stretches judged (model asked)"),
    (("repairing/chains.py", "_utf8_cjk"), "CJK code page searches"),
    (("repairing/chains.py", "legacy"), "legacy searches (whole text)"),
    (("repairing/chains.py", "_encode_tokens"), "legacy code pages encoded (non-Cyrillic)"),
    (("repairing/chains.py", "_cyrillic_reading"), "Cyrillic readings tried"),
    (("repairing/evidence.py", "reading_gain"), "Cyrillic readings scored (letter model)"),
    (("repairing/chains.py", "_other_code_pages"), "legacy winners checked against rivals"),
    (("codecscope/plausibility.py", "cost"), "plausibility model calls"),
)


def counts(texts: list[str], fn: Callable[[str], object] = codecscope.repair) -> tuple[dict[str, float], float]:
    for t in texts:
        fn(t)   # tables and compiled patterns first: they are no part of the search
    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        fn(t)
    prof.disable()
    stats = pstats.Stats(prof).stats   # type: ignore[attr-defined]
    out = {label: 0.0 for _, label in STAGES}
    total = 0
    for (path, _line, name), (_cc, ncalls, *_rest) in stats.items():
        total += ncalls
        for (suffix, func), label in STAGES:
            if name == func and path.replace("\\", "/").endswith(suffix):
                out[label] += ncalls
    n = len(texts) or 1
    return {k: v / n for k, v in out.items()}, total / n


# the scoring models: functions that call none of the others (so their times add up)
MODELS = (("codecscope.plausibility", "cost"), ("codecscope.plausibility", "rough"),
          ("codecscope.repairing.evidence", "pair_surprise"),
          ("codecscope.repairing.evidence", "cyrillic_surprise"), ("codecscope.repairing.frequency", "surprise"),
          ("codecscope.repairing.frequency", "rough"), ("codecscope.repairing.frequency", "rare"),
          ("codecscope.repairing.frequency", "writing_share"))


def model_share(texts: list[str]) -> float:
    """The share of repair's CPU time spent inside the scoring models (see the module doc).  The
    models are called through their modules' names, so wrapping those names sees every call."""
    import importlib

    calls: list[tuple[object, tuple]] = []
    originals = []
    for mod_name, fn_name in MODELS:
        mod = importlib.import_module(mod_name)
        fn = getattr(mod, fn_name)
        originals.append((mod, fn_name, fn))

        def recording(*a: object, _fn: Callable[..., object] = fn) -> object:
            calls.append((_fn, a))
            return _fn(*a)
        setattr(mod, fn_name, recording)
    try:
        for t in texts:
            codecscope.repair(t)
    finally:
        for mod, fn_name, fn in originals:
            setattr(mod, fn_name, fn)
    for t in texts:
        codecscope.repair(t)
    c0 = time.process_time()
    for t in texts:
        codecscope.repair(t)
    whole = time.process_time() - c0
    c0 = time.process_time()
    for fn, a in calls:
        fn(*a)
    return (time.process_time() - c0) / whole


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-family", type=int, default=40, help="garbled cases per chain family (as bench/repair.py)")
    args = ap.parse_args(argv)
    from bench import repair as bench

    sources = {
        "held-out garbled": bench.heldout_items(args.per_family),
        "Faker garbled": bench.faker_items(args.per_family),
        "ftfy suite garbled": bench.ftfy_items(),
    }
    cols = {name: list(dict.fromkeys(i.text for i in items if not i.negative)) for name, items in sources.items()}
    results = {name: counts(texts) for name, texts in cols.items()}
    theirs = {name: counts(texts, ftfy.fix_encoding)[1] for name, texts in cols.items()}
    shares = {name: model_share(texts) for name, texts in cols.items()}
    print("per garbled input: " + "; ".join(f"{name} {len(texts)} inputs" for name, texts in cols.items()))
    print(f"{'':44s}" + "".join(f"{name:>20s}" for name in cols))
    for _, label in STAGES:
        print(f"{label:44s}" + "".join(f"{results[name][0][label]:20.2f}" for name in cols))
    print(f"{'Python function calls in all':44s}" + "".join(f"{results[name][1]:20.0f}" for name in cols))
    print(f"{'ftfy.fix_encoding: Python function calls':44s}" + "".join(f"{theirs[name]:20.0f}" for name in cols))
    print(f"{'share of repair time inside the models':44s}" + "".join(f"{shares[name]:20.0%}" for name in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())

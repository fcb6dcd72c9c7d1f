"""Repair accuracy and speed: ``codecscope.repair`` against ``ftfy.fix_encoding``, same inputs, same run.

    python bench/repair.py [--source all|ftfy|heldout|faker] [--quick] [--show-misses] [--json FILE]

Three sources of cases, each reported on its own and named for what it is:

* ``ftfy`` - the anchor: ftfy 6.3.1's public test cases (``tests/test_cases.json`` of its sdist,
  fetched through pip at benchmark time into bench/.cache; see bench/ftfy_suite.py).  Expected
  output is ``fixed-encoding`` if present, else ``fixed``.
* ``heldout`` - two real-text sources that are not Faker and are never looked at while tuning:
  CLDR locale data through Babel (source A) and pycountry's iso-codes catalogues (source B), in 30
  languages, garbled by the real chains of each script, plus at least as many clean texts, many
  of them rich in symbols (see bench/repair_corpus.py for every text's origin and licence).
* ``faker`` - the tuning set: the ``dev`` split of the Faker corpus (bench/corpus.py).  Repair is
  tuned on it, so its figures show fit, not what a user will see.

Definitions used in every table:

* *exact*: the tool's output equals the expected text.  Lossy cases (the garbling chain could not
  round-trip) are scored by mean difflib similarity to the original instead.
* *worse*: the output is less similar to the expected text than the input was (difflib ratio,
  autojunk off); on a negative (expected == input) any change at all is worse.
* *changed clean*: a clean text the tool did not return unchanged.
* *replay*: ``codecscope.apply_steps(input, repair(input).steps)`` gives ``repair(input).text``.
* speed: both tools over the same inputs, taking turns block by block (which one goes first
  alternates), clean and garbled inputs timed apart; the figure is the median over repeats of the
  per-repeat ratio codecscope speed / ftfy speed (above 1: codecscope faster).
* worst case: ``repair`` (and ``ftfy.fix_encoding``) on 100,000 seeded random Latin-1 characters
  and on ``'Ã' * 10**6``, each in a child process with a time limit: the median time of three
  calls (one with ``--quick``, which also skips ``'Ã' * 10**6``), wall clock and the process's CPU
  time, and tracemalloc's peak during one more call as a multiple of the input string's own size
  (``sys.getsizeof``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ftfy  # noqa: E402

import codecscope  # noqa: E402

SOURCE_ROLES = {
    "ftfy": "anchor: ftfy 6.3.1's own public test cases",
    "cldr": "held out, source A: CLDR locale data (Babel)",
    "pycountry": "held out, source B: iso-codes catalogues (pycountry)",
    "faker": "TUNING set: Faker corpus, dev split (repair is tuned on it; shows fit only)",
}
TOOLS = ("codecscope", "ftfy")


# --- one input through both tools -------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One input, with what a correct repair gives.  ``group`` is the chain family (or ``clean``,
    or the ftfy label's case kind) and ``lang`` the language or locale."""
    source: str
    group: str
    lang: str
    text: str
    expected: str
    lossy: bool = False
    label: str = ""
    clean_kind: str = ""    # for clean texts: plain / formatted / symbols
    ftfy_expect: str = ""   # for the ftfy suite: pass / fail

    @property
    def negative(self) -> bool:
        return self.text == self.expected


def sim(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


class Runner:
    """Runs each tool once per distinct input and keeps the outputs; checks codecscope's replay."""

    def __init__(self):
        self.out: dict[str, dict[str, str]] = {t: {} for t in TOOLS}
        self.errors: dict[str, list[tuple[str, str]]] = {t: [] for t in TOOLS}
        self.replay_checked = 0
        self.replay_failed: list[str] = []

    def run(self, text: str) -> None:
        if text in self.out["codecscope"]:
            return
        try:
            r = codecscope.repair(text)
            self.out["codecscope"][text] = r.text
            self.replay_checked += 1
            try:
                ok = codecscope.apply_steps(text, r.steps) == r.text
            except Exception:  # a replay that raises is a failed replay
                ok = False
            if not ok:
                self.replay_failed.append(text)
        except Exception as e:  # counted and shown, never hidden: the output is taken as the input
            self.errors["codecscope"].append((text, f"{type(e).__name__}: {e}"))
            self.out["codecscope"][text] = text
        try:
            self.out["ftfy"][text] = ftfy.fix_encoding(text)
        except Exception as e:
            self.errors["ftfy"].append((text, f"{type(e).__name__}: {e}"))
            self.out["ftfy"][text] = text


def worse(item: Item, out: str) -> bool:
    if item.negative:
        return out != item.text
    return sim(out, item.expected) < sim(item.text, item.expected)


# --- the three sources as Items ---------------------------------------------------------------

def ftfy_items() -> list[Item]:
    from bench import ftfy_suite

    return [Item("ftfy", "negative" if c.expected == c.original else "positive", "", c.original, c.expected,
                 label=c.label, ftfy_expect=c.expect) for c in ftfy_suite.load()]


def heldout_items(per_family: int) -> list[Item]:
    from bench import repair_corpus as rc

    items: list[Item] = []
    for source in rc.SOURCES:
        pool = rc.pools(source)
        cs = rc.cases(source, per_family, pool=pool)
        items += [Item(source, c.family, c.lang, c.garbled, c.original, c.lossy) for c in cs]
        items += [Item(source, "clean", c.lang, c.text, c.text, clean_kind=c.kind)
                  for c in rc.clean(source, len(cs), pool=pool)]
    return items


def faker_items(per_family: int) -> list[Item]:
    from bench import corpus

    cs = corpus.cases("dev", per_family, per_family // 3)
    items = [Item("faker", c.family, "", c.garbled, c.original, c.lossy) for c in cs]
    per_locale = -(-len(cs) // len(corpus.LOCALES))
    for loc, texts in corpus.clean("dev", n=per_locale).items():
        items += [Item("faker", "clean", loc, t, t, clean_kind="plain") for t in texts]
    return items


# --- scoring -----------------------------------------------------------------------------------

def score_ftfy(items: list[Item], run: Runner) -> dict:
    res: dict = {}
    for tool in TOOLS:
        out = run.out[tool]
        passing = [i for i in items if i.ftfy_expect == "pass"]
        failing = [i for i in items if i.ftfy_expect == "fail"]
        neg = [i for i in passing if i.negative]
        res[tool] = {
            "pass_cases": len(passing),
            "pass_exact": sum(out[i.text] == i.expected for i in passing),
            "negatives": len(neg),
            "negatives_unchanged": sum(out[i.text] == i.text for i in neg),
            "worse": sum(worse(i, out[i.text]) for i in passing),
            "fail_cases": len(failing),
            "fail_exact": sum(out[i.text] == i.expected for i in failing),
            "fail_worse": sum(worse(i, out[i.text]) for i in failing),
            "misses": [{"label": i.label, "expect": i.ftfy_expect, "input": i.text, "output": out[i.text],
                        "expected": i.expected, "worse": worse(i, out[i.text])}
                       for i in items if out[i.text] != i.expected],
        }
    return res


def score_corpus(items: list[Item], run: Runner, cjk_families: set[str]) -> dict:
    """Per family and per clean-text language, for one source."""
    from bench.repair_corpus import symbol_coverage

    pos = [i for i in items if i.group != "clean"]
    neg = [i for i in items if i.group == "clean"]
    res: dict = {"families": {}, "clean": {}, "summary": {}}
    fams = list(dict.fromkeys(i.group for i in pos))
    for fam in fams:
        mine = [i for i in pos if i.group == fam]
        lossless = [i for i in mine if not i.lossy]
        lossy = [i for i in mine if i.lossy]
        row = {"cases": len(lossless), "lossy_cases": len(lossy), "cjk": fam in cjk_families,
               "lossy_sim_input": statistics.fmean(sim(i.text, i.expected) for i in lossy) if lossy else None}
        for tool in TOOLS:
            out = run.out[tool]
            row[tool] = {
                "exact": sum(out[i.text] == i.expected for i in lossless),
                "worse": sum(worse(i, out[i.text]) for i in mine),
                "lossy_sim": statistics.fmean(sim(out[i.text], i.expected) for i in lossy) if lossy else None,
                "misses": [{"lang": i.lang, "input": i.text, "output": out[i.text], "expected": i.expected,
                            "lossy": i.lossy} for i in mine if out[i.text] != i.expected],
            }
        res["families"][fam] = row
    by_lang = defaultdict(list)
    for i in neg:
        by_lang[i.lang].append(i)
    for lang, its in by_lang.items():
        row = {"texts": len(its)}
        for tool in TOOLS:
            row[tool] = sum(run.out[tool][i.text] != i.text for i in its)
        res["clean"][lang] = row
    kinds = defaultdict(list)
    for i in neg:
        kinds[i.clean_kind].append(i)
    for tool in TOOLS:
        out = run.out[tool]
        lossless = [i for i in pos if not i.lossy]
        rows = res["families"].values()
        cjk_rates = [r[tool]["exact"] / r["cases"] for f, r in res["families"].items() if r["cjk"] and r["cases"]]
        lower = [i for i in lossless if i.group.endswith("lower case")]
        res["summary"][tool] = {
            "lossless_cases": len(lossless),
            "exact": sum(out[i.text] == i.expected for i in lossless),
            "worse": sum(r[tool]["worse"] for r in rows),
            "lowest_cjk_family": min(cjk_rates) if cjk_rates else None,
            "lower_case_cyrillic": [sum(out[i.text] == i.expected for i in lower), len(lower)],
            "clean_texts": len(neg),
            "clean_changed": sum(out[i.text] != i.text for i in neg),
            "clean_symbol_coverage": symbol_coverage([i.text for i in neg]),
            "clean_changed_by_kind": {k: [sum(out[i.text] != i.text for i in v), len(v)] for k, v in kinds.items()},
            "changed_clean": [{"lang": i.lang, "kind": i.clean_kind, "input": i.text, "output": out[i.text]}
                              for i in neg if out[i.text] != i.text],
        }
    return res


# --- speed -------------------------------------------------------------------------------------

def speed(clean: list[str], garbled: list[str], repeats: int, block: int = 32) -> dict:
    """Per repeat, each tool's time over the same inputs, the tools taking turns every ``block``
    inputs (the first to go alternating), so a slow spell of a shared machine hits both.  Each tool
    first runs over the inputs once untimed, so one-time set-up is not counted as speed."""
    fns = {"codecscope": lambda t: codecscope.repair(t).text, "ftfy": ftfy.fix_encoding}
    res = {}
    for name, inputs in (("clean", clean), ("garbled", garbled)):
        if not inputs:
            continue
        ratios, times = [], {t: [] for t in TOOLS}
        for tool in TOOLS:   # warm up untimed: first-use set-up (compiled patterns, tables) is not speed
            for t in inputs:
                fns[tool](t)
        for r in range(repeats):
            spent = dict.fromkeys(TOOLS, 0.0)
            for k in range(0, len(inputs), block):
                chunk = inputs[k:k + block]
                order = TOOLS if (r + k // block) % 2 == 0 else TOOLS[::-1]
                for tool in order:
                    fn = fns[tool]
                    t0 = time.perf_counter()
                    for t in chunk:
                        fn(t)
                    spent[tool] += time.perf_counter() - t0
            ratios.append(spent["ftfy"] / spent["codecscope"])
            for tool in TOOLS:
                times[tool].append(spent[tool])
        chars = sum(map(len, inputs))
        res[name] = {"inputs": len(inputs), "chars": chars, "repeats": repeats,
                     "ratio_median": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
                     **{f"{t}_chars_per_s": chars / statistics.median(times[t]) for t in TOOLS}}
    return res


_WORST = {
    "latin1-100k": "100,000 random Latin-1 characters (seed 1)",
    "A-x1e6": "'Ã' * 10**6",
}


def _worst_input(kind: str) -> str:
    if kind == "latin1-100k":
        rng = random.Random(1)
        alphabet = [chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x100)]]
        return "".join(rng.choice(alphabet) for _ in range(100_000))
    return "\u00c3" * 10**6


def _worst_child(kind: str, tool: str, repeats: int) -> None:
    import tracemalloc

    text = _worst_input(kind)
    fn = (lambda t: codecscope.repair(t).text) if tool == "codecscope" else ftfy.fix_encoding
    fn("warm up")
    times, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn(text)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        del out
    seconds = statistics.median(times)
    tracemalloc.start()
    out = fn(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"seconds": seconds, "cpu_seconds": statistics.median(cpu), "peak_bytes": peak, "input_bytes": sys.getsizeof(text),
                      "changed": out != text}))


def worst_case(kinds, limit: float, repeats: int) -> dict:
    res = {}
    for kind in kinds:
        res[kind] = {"input": _WORST[kind], "repeats": repeats}
        for tool in TOOLS:
            cmd = [sys.executable, str(Path(__file__).resolve()), "--worst-case-child", kind, tool, str(repeats)]
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
                if done.returncode != 0:
                    res[kind][tool] = {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
                else:
                    d = json.loads(done.stdout.strip().splitlines()[-1])
                    d["peak_multiple"] = d["peak_bytes"] / d["input_bytes"]
                    res[kind][tool] = d
            except subprocess.TimeoutExpired:
                res[kind][tool] = {"error": f"did not finish within {limit:.0f} s (timed runs + traced run)"}
    return res


# --- printing ------------------------------------------------------------------------------------

def pct(a: int, n: int) -> str:
    return f"{a / n:6.1%}" if n else "    - "


def show(s: str, width: int = 70) -> str:
    r = repr(s)
    return r if len(r) <= width else r[:width - 3] + "..."


def print_ftfy(res: dict, show_misses: bool) -> None:
    print(f"\n== ftfy  ({SOURCE_ROLES['ftfy']}; expected = fixed-encoding if present, else fixed;"
          f" negatives = cases whose expected text is the input)")
    print(f"{'':12} {'expect-pass exact':>18} {'negatives unchanged':>20} {'made worse':>11} "
          f"{'expect-fail exact':>18} {'fail made worse':>16}")
    for tool in TOOLS:
        r = res[tool]
        print(f"{tool:12} {r['pass_exact']:>10}/{r['pass_cases']:<7} {r['negatives_unchanged']:>12}/{r['negatives']:<7} "
              f"{r['worse']:>11} {r['fail_exact']:>10}/{r['fail_cases']:<7} {r['fail_worse']:>16}")
    if show_misses:
        for tool in TOOLS:
            ms = res[tool]["misses"]
            print(f"\n  {tool} misses ({len(ms)}; 'fail' = ftfy's own known failures):")
            for m in ms:
                print(f"   [{m['expect']}{', WORSE' if m['worse'] else ''}] {m['label']}\n"
                      f"      input    {m['input']!r}\n      output   {m['output']!r}\n"
                      f"      expected {m['expected']!r}")


def print_corpus(source: str, res: dict, show_misses: bool, max_misses: int) -> None:
    print(f"\n== {source}  ({SOURCE_ROLES[source]})")
    print(f"{'family':46} {'cases':>5} {'codecscope':>10} {'ftfy':>7} | {'worse cs/ftfy':>13} | "
          f"{'lossy':>5} {'input':>5} {'cs':>5} {'ftfy':>5}  (mean similarity)")
    for fam, r in res["families"].items():
        a, b = r["codecscope"], r["ftfy"]
        line = (f"{fam:46} {r['cases']:5} {pct(a['exact'], r['cases']):>10} {pct(b['exact'], r['cases']):>7} | "
                f"{a['worse']:>6}/{b['worse']:<6} |")
        if r["lossy_cases"]:
            line += f" {r['lossy_cases']:5} {r['lossy_sim_input']:5.2f} {a['lossy_sim']:5.2f} {b['lossy_sim']:5.2f}"
        print(line)
        if show_misses:
            for m in a["misses"][:max_misses]:
                print(f"      miss [{m['lang']}{', lossy' if m['lossy'] else ''}] {show(m['input'])}\n"
                      f"        -> {show(m['output'])}\n        != {show(m['expected'])}")
            if len(a["misses"]) > max_misses:
                print(f"      ... {len(a['misses']) - max_misses} more")
    for tool in TOOLS:
        s = res["summary"][tool]
        low = f"{s['lowest_cjk_family']:.1%}" if s["lowest_cjk_family"] is not None else "-"
        lc = s["lower_case_cyrillic"]
        lower = f", lower-case Cyrillic {pct(*lc).strip()} ({lc[0]}/{lc[1]})" if lc[1] else ""
        print(f"{tool:10} exact {pct(s['exact'], s['lossless_cases'])} ({s['exact']}/{s['lossless_cases']}), "
              f"made worse {s['worse']}, lowest CJK family {low}{lower}; clean changed {s['clean_changed']}/{s['clean_texts']} "
              f"({', '.join(f'{k} {v[0]}/{v[1]}' for k, v in s['clean_changed_by_kind'].items())})")
    print("  clean text changed per language (codecscope / ftfy of texts): " + ", ".join(
        f"{lang} {r['codecscope']}/{r['ftfy']} of {r['texts']}" for lang, r in res["clean"].items()))
    if show_misses:
        for m in res["summary"]["codecscope"]["changed_clean"]:
            print(f"      clean changed [{m['lang']}/{m['kind']}] {show(m['input'])} -> {show(m['output'])}")


def print_speed(res: dict) -> None:
    print("\n== speed: codecscope / ftfy.fix_encoding, same inputs, median of per-repeat ratios (>1: codecscope faster)")
    for name, r in res.items():
        print(f"  {name:8} {r['inputs']:5} inputs: {r['ratio_median']:.2f}x  (per repeat {r['ratio_min']:.2f}-"
              f"{r['ratio_max']:.2f}, {r['repeats']} repeats; codecscope {r['codecscope_chars_per_s'] / 1e3:.0f}k "
              f"chars/s, ftfy {r['ftfy_chars_per_s'] / 1e3:.0f}k chars/s)")


def print_worst(res: dict) -> None:
    print("\n== worst case (child process each; time = median of the calls, wall clock and, in brackets, the"
          " process's CPU time, which a busy shared machine inflates less; peak = tracemalloc peak of one more"
          " call / sys.getsizeof(input))")
    for kind, r in res.items():
        for tool in TOOLS:
            d = r[tool]
            if "error" in d:
                print(f"  {r['input']:44} {tool:10} {d['error']}")
            else:
                print(f"  {r['input']:44} {tool:10} {d['seconds']:7.2f} s ({d['cpu_seconds']:.2f} s CPU; median of {r['repeats']}), "
                      f"peak {d['peak_bytes'] / 1e6:7.1f} MB "
                      f"= {d['peak_multiple']:6.1f}x input{'  (changed it)' if d['changed'] else ''}")


# --- main --------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default="all", choices=("all", "ftfy", "heldout", "faker"))
    ap.add_argument("--quick", action="store_true", help="a small subset: 6 cases per family, 2 repeats, "
                    "no 'Ã' * 10**6")
    ap.add_argument("--per-family", type=int, help="lossless cases per chain family (default 40; quick 6)")
    ap.add_argument("--repeats", type=int, help="speed repeats (default 5; quick 2)")
    ap.add_argument("--show-misses", action="store_true", help="list every miss and every changed clean text")
    ap.add_argument("--max-misses", type=int, default=10, help="misses listed per family (default 10)")
    ap.add_argument("--json", metavar="FILE", help="write every figure as JSON to FILE ('-': stdout only)")
    ap.add_argument("--no-speed", action="store_true", help="skip the timing sections")
    ap.add_argument("--worst-limit", type=float, default=300.0, help="seconds allowed per worst-case child")
    ap.add_argument("--worst-case-child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worst_case_child:
        kind, tool, n = args.worst_case_child
        _worst_child(kind, tool, int(n))
        return 0
    per_family = args.per_family or (6 if args.quick else 40)
    repeats = args.repeats or (2 if args.quick else 5)
    quiet = args.json == "-"
    say = (lambda *a, **k: None) if quiet else print

    try:
        from bench.repair_corpus import CJK_FAMILIES, versions
        versions()
    except ImportError as e:
        print(f"bench/repair.py: {e.name} is missing: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    srcs = ("ftfy", "heldout", "faker") if args.source == "all" else (args.source,)
    report: dict = {"command": "python bench/repair.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "versions": {"ftfy": ftfy.__version__, "python": sys.version.split()[0], **versions()},
                    "sources": {}, "per_family": per_family}
    import codecscope.repairing.chains as compiled   # the optional compiled build (tools/build_compiled.py)?
    build = "pure Python" if compiled.__file__.endswith(".py") else "compiled (mypyc)"
    say(f"codecscope.repair ({build}) vs ftfy.fix_encoding (ftfy {ftfy.__version__}); sources: " + ", ".join(srcs))
    for s in ("ftfy", "cldr", "pycountry", "faker"):
        if (s if s in ("ftfy", "faker") else "heldout") in srcs:
            say(f"  {s:10} {SOURCE_ROLES[s]}")

    from bench.ftfy_suite import FetchError

    items: list[Item] = []
    try:
        if "ftfy" in srcs:
            items += ftfy_items()
        if "heldout" in srcs:
            items += heldout_items(per_family)
        if "faker" in srcs:
            items += faker_items(per_family)
    except FetchError as e:
        print(f"bench/repair.py: {e}", file=sys.stderr)
        return 2

    run = Runner()
    for i in items:
        run.run(i.text)

    if "ftfy" in srcs:
        r = score_ftfy([i for i in items if i.source == "ftfy"], run)
        report["sources"]["ftfy"] = r
        if not quiet:
            print_ftfy(r, args.show_misses)
    from bench.corpus import _CJK_FAMILIES as FAKER_CJK
    for s in ("cldr", "pycountry", "faker"):
        its = [i for i in items if i.source == s]
        if its:
            r = score_corpus(its, run, CJK_FAMILIES if s != "faker" else FAKER_CJK)
            report["sources"][s] = r
            if not quiet:
                print_corpus(s, r, args.show_misses, args.max_misses)

    report["replay"] = {"checked": run.replay_checked, "failed": len(run.replay_failed),
                        "failed_inputs": run.replay_failed}
    report["errors"] = {t: [{"input": x, "error": e} for x, e in run.errors[t]] for t in TOOLS}
    say(f"\nreplay: apply_steps(input, steps) == repair(input).text for {run.replay_checked - len(run.replay_failed)}"
        f" of {run.replay_checked} inputs; exceptions: codecscope {len(run.errors['codecscope'])}, "
        f"ftfy {len(run.errors['ftfy'])}")
    if args.show_misses and not quiet:
        for x in run.replay_failed:
            print(f"      replay differs: {show(x)}")
        for t in TOOLS:
            for x, e in run.errors[t]:
                print(f"      {t} raised on {show(x)}: {e}")

    if not args.no_speed:
        groups = {"held-out (cldr + pycountry)": ("cldr", "pycountry"), "ftfy suite": ("ftfy",),
                  "faker (tuning set)": ("faker",)}
        for label, group in groups.items():
            part = [i for i in items if i.source in group]
            if not part:
                continue
            clean = list(dict.fromkeys(i.text for i in part if i.negative))
            garbled = list(dict.fromkeys(i.text for i in part if not i.negative))
            r = speed(clean, garbled, repeats)
            report.setdefault("speed", {})[label] = r
            if not quiet:
                print(f"\n-- speed inputs: {label}")
                print_speed(r)
        kinds = ("latin1-100k",) if args.quick else tuple(_WORST)
        r = worst_case(kinds, args.worst_limit, 1 if args.quick else 3)
        report["worst_case"] = r
        if not quiet:
            print_worst(r)

    if args.json:
        text = json.dumps(report, ensure_ascii=False, indent=1)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(text + "\n", encoding="utf-8")
            say(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

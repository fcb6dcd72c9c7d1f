"""A second TUNING source for repair: the machine's own gettext catalogues.

    PYTHONHASHSEED=0 python bench/repair_gettext_dev.py [--families cyr-lower|cjk|all] [--per-family N]
                                                        [--clean N] [--show N] [--locale-dir DIR]

The translations of the programs installed on this machine (``/usr/share/locale/*/LC_MESSAGES/*.mo``,
read with :mod:`gettext`) are real interface text, much of it in lower case: menu entries, messages,
options.  They are a development source like Faker (bench/corpus.py), so repair may be studied and
tuned on them.  The iso-codes catalogues (``iso_3166*.mo``, ``iso_639*.mo``, ``iso_4217.mo``,
``iso_15924.mo``: names of countries, languages, currencies and scripts) are left out: they are the
text of the held-out source B (bench/repair_corpus.py reads them through pycountry).  Each catalogue's translated strings are split into lines; a line is kept when it holds a
letter of its language's script outside ASCII, with format directives (``%s``, ``{name}``, ``%1$d``)
and keyboard accelerators (``_File``, ``&Open``) taken out, 2 to 80 characters long.

The lines go through the held-out corpus's own chain families (``repair_corpus.FAMILIES``, drawn
with ``repair_corpus.draw``: the same chains, the same lossless / lossy split, lower-cased for the
``lower case`` families), with these catalogue languages standing for the corpus's labels: ru, uk,
bg and be for the Russian code pages' families, zh_CN / zh_TW / ja / ko for the CJK ones.  It
prints per family: lossless cases exact, made worse, lossy mean similarity; and clean lines of
every one of those languages (plus sr, mk, kk, ky, mn, tg) changed by repair, as written, in upper
case and in lower case.  Which catalogues a machine has decides the figures: they compare runs on
one machine only.
"""

from __future__ import annotations

import argparse
import difflib
import gettext
import glob
import os
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import codecscope  # noqa: E402
from bench import repair_corpus as rc  # noqa: E402

# held-out corpus label -> catalogue languages standing for it
STAND_IN = {"zh_Hans": ("zh_CN",), "zh_Hant": ("zh_TW",), "ja": ("ja",), "ko": ("ko",),
            "ru": ("ru", "be"), "uk": ("uk",), "bg": ("bg",)}
CLEAN_ONLY = ("sr", "mk", "kk", "ky", "mn", "tg")
_SCRIPT = {"zh_CN": "[\u3400-\u9fff]", "zh_TW": "[\u3400-\u9fff]", "ja": "[\u3040-\u30ff\u3400-\u9fff]",
           "ko": "[\uac00-\ud7a3]"}
_CYRILLIC = "[\u0400-\u04ff]"
_DIRECTIVE = re.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L|I64)?([diouxXeEfgGcsSp%])|\{[^{}]*\}")
_MARKUP = re.compile(r"<[^<>]*>")
_ACCEL = re.compile(r"(?<![\w&_])[_&](?=\w)")


def _filled(m: re.Match[str]) -> str:
    """What a program prints for a directive: a number, or a name (in ASCII: file names, options)."""
    kind = m.group(1) or "s"
    return "%" if kind == "%" else "42" if kind in "diouxX" else "1.5" if kind in "eEfgG" else "data.txt"


def catalogue_lines(lang: str, locale_dir: str) -> list[str]:
    """Distinct lines of every catalogue of ``lang``, in a fixed order."""
    script = re.compile(_SCRIPT.get(lang, _CYRILLIC))
    out: dict[str, None] = {}
    for path in sorted(glob.glob(os.path.join(locale_dir, lang, "LC_MESSAGES", "*.mo"))):
        if os.path.basename(path).startswith("iso_"):
            continue   # iso-codes: what the held-out source B reads through pycountry
        try:
            with open(path, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except (OSError, UnicodeError, LookupError):   # damaged, or in a charset Python lacks
            continue
        for key, value in catalog.items():
            if not key or not isinstance(value, str):
                continue   # (the header)
            for line in value.splitlines():
                line = " ".join(_ACCEL.sub("", _DIRECTIVE.sub(_filled, _MARKUP.sub("", line))).split())
                if 2 <= len(line) <= 80 and script.search(line):
                    out.setdefault(line)
    return list(out)


def pools(locale_dir: str) -> dict[str, list[str]]:
    langs = {c for cs in STAND_IN.values() for c in cs} | set(CLEAN_ONLY)
    return {lang: catalogue_lines(lang, locale_dir) for lang in sorted(langs)}


def selected(which: str) -> list[tuple[str, tuple, tuple]]:
    fams = []
    for family, chain, langs in rc.FAMILIES:
        cyr_lower = family.endswith("lower case")
        if which == "cyr-lower" and not cyr_lower or which == "cjk" and family not in rc.CJK_FAMILIES:
            continue
        if which == "cyr" and not any(p in family for p in ("koi8_r read", "cp866 read", "cp1251 read as koi8",
                                                               "cp1251 read as cp866")):
            continue
        fams.append((family, chain, langs))
    return fams


def cases(pool: dict[str, list[str]], which: str, per_family: int) -> list[rc.Case]:
    out: list[rc.Case] = []
    for family, chain, langs in selected(which):
        rng = random.Random(f"gettext-{family}")
        lower = family.endswith("lower case")
        queues: dict[str, list[str]] = {}
        labels = []
        for lang in langs:
            for cat in STAND_IN.get(lang, ()):
                texts = [t.lower() for t in pool[cat]] if lower else list(pool[cat])
                texts = list(dict.fromkeys(texts))
                rng.shuffle(texts)
                queues[cat] = texts
                labels.append(cat)
        if labels:
            out += rc.draw("gettext", family, chain, labels, queues, per_family)
    return out


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--families", default="cyr-lower", choices=("cyr-lower", "cyr", "cjk", "all"))
    ap.add_argument("--per-family", type=int, default=200)
    ap.add_argument("--clean", type=int, default=300, help="clean lines per language (each in three cases)")
    ap.add_argument("--no-clean", action="store_true")
    ap.add_argument("--max-len", type=int, default=80, help="only lines this short (names and labels: 8)")
    ap.add_argument("--templates", action="store_true",
                    help="each line inside one of the held-out corpus's symbol templates (repair_corpus._templates)")
    ap.add_argument("--show", type=int, default=0, help="misses shown per family")
    ap.add_argument("--locale-dir", default="/usr/share/locale")
    args = ap.parse_args()
    pool = {lang: [t for t in lines if len(t) <= args.max_len] for lang, lines in pools(args.locale_dir).items()}
    if args.templates:
        label = {cat: lang for lang, cats in STAND_IN.items() for cat in cats}
        rng = random.Random("gettext-templates")
        pool = {cat: [rc._templates(label.get(cat, "ru"), t, rng) for t in lines] for cat, lines in pool.items()}
    print("catalogue lines: " + ", ".join(f"{k} {len(v)}" for k, v in pool.items()))
    rows: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0])   # n, exact, worse, lossy n, lossy sim
    misses: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for c in cases(pool, args.families, args.per_family):
        got = codecscope.repair(c.garbled).text
        row = rows[c.family]
        if c.lossy:
            row[3] += 1
            row[4] += _ratio(got, c.original)
            continue
        row[0] += 1
        row[1] += got == c.original
        row[2] += _ratio(got, c.original) < _ratio(c.garbled, c.original)
        if got != c.original:
            misses[c.family].append((c.original, c.garbled, got))
    n = sum(r[0] for r in rows.values())
    print(f"\n{'family':48} {'lossless':>8} {'exact':>7} {'worse':>6} {'lossy':>6} {'sim':>6}")
    for fam, (k, ex, wo, ln, ls) in rows.items():
        print(f"{fam:48} {k:8d} {100 * ex / max(1, k):6.1f}% {wo:6d} {ln:6d} {ls / ln if ln else 0:6.3f}")
        for o, g, r in misses[fam][:args.show]:
            print(f"      {o!r}\n        in  {g!r}\n        out {r!r}")
    tot_ex = sum(r[1] for r in rows.values())
    print(f"{'all':48} {n:8d} {100 * tot_ex / max(1, n):6.1f}% {sum(r[2] for r in rows.values()):6d}")
    if args.no_clean:
        return 0
    print("\nclean lines changed (as written / upper / lower):")
    total = [0, 0, 0, 0]
    for lang, lines in pool.items():
        sample = random.Random(f"gettext-clean-{lang}").sample(lines, min(args.clean, len(lines)))
        counts = []
        for form in (str, str.upper, str.lower):
            texts = list(dict.fromkeys(form(t) for t in sample))
            bad = [t for t in texts if codecscope.repair(t).text != t]
            counts.append(len(bad))
            for t in bad[:args.show]:
                print(f"      {lang} {t!r} -> {codecscope.repair(t).text!r}")
        total[0] += len(sample)
        for k in range(3):
            total[k + 1] += counts[k]
        print(f"  {lang:6} {len(sample):5d}  {counts[0]:4d} {counts[1]:4d} {counts[2]:4d}")
    print(f"  {'all':6} {total[0]:5d}  {total[1]:4d} {total[2]:4d} {total[3]:4d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

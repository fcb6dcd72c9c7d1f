"""How often repair is sure and wrong on two kinds of input the tuning sets hold little of (TUNING:
Faker text and the machine's gettext catalogues, iso-codes left out as in bench/repair_gettext_dev.py).

    PYTHONHASHSEED=0 python bench/repair_trust.py case [--per-lang N] [--show N] [--form lower|upper|both]
    PYTHONHASHSEED=0 python bench/repair_trust.py han [--per-lang N] [--show N]

``case``: mojibake whose case was changed *after* the garbling (a program lower-cased the garbled
text: a search index, a user name field, a file system).  The case mapping changed bytes the
repair needs, so the original is often out of reach; what matters is that a wrong repair is not
sure.  Chains: UTF-8 read as Windows-1251, KOI8-R, Latin-1 and MacRoman; only texts whose garbled
form the case mapping changed are counted.  An answer is *exact* when it is the original or the
original in the same case.

``han``: text of alphabets outside CJK (Indic, Southeast Asian, Ethiopic, Armenian, Georgian,
Cyrillic …) garbled through non-CJK chains: any Han, kana or Hangul a repair writes is invented.

Each row prints: cases, exact, wrong at confidence >= 0.9 (what ``scan --fix`` writes), wrong
below 0.9, unchanged; and for ``han`` how many sure answers wrote Han, for ``case`` how many of
the sure-and-wrong ones differ from the original only in the case of letters.
"""

from __future__ import annotations

import argparse
import gettext
import glob
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import codecscope  # noqa: E402

SURE = 0.9
CASE_CHAINS = (("utf-8", "cp1251"), ("utf-8", "koi8_r"), ("utf-8", "latin-1"), ("utf-8", "mac_roman"))
HAN_CHAINS = (("utf-8", "koi8_r"), ("utf-8", "cp866"), ("utf-8", "cp1251"), ("utf-8", "cp1252"),
              ("utf-8", "latin-1"), ("utf-8", "mac_roman"), ("utf-8", "iso8859_2"), ("cp1251", "cp1252"),
              ("cp1251", "latin-1"), ("koi8_r", "cp1252"), ("cp1253", "cp1252"))
# Faker locales and catalogue languages; for ``han`` those whose script is no CJK one
FAKER_LOCALES = ("ru_RU", "uk_UA", "bg_BG", "el_GR", "de_DE", "fr_FR", "es_ES", "pt_BR", "pl_PL", "cs_CZ",
                 "hu_HU", "tr_TR", "is_IS", "da_DK", "vi_VN", "hy_AM", "ka_GE", "hi_IN", "bn_BD", "ta_IN",
                 "ne_NP", "th_TH", "am_ET", "he_IL", "fa_IR", "ar_SA", "si_LK", "gu_IN", "mr_IN", "or_IN",
                 "zh_CN", "zh_TW", "ja_JP", "ko_KR")
GETTEXT_LANGS = ("ru", "uk", "bg", "be", "sr", "kk", "el", "de", "fr", "es", "pl", "cs", "vi", "hy", "ka", "am",
                 "my", "kn", "ml", "te", "ta", "si", "km", "lo", "bn", "hi", "th", "he", "ar", "zh_CN", "zh_TW",
                 "ja", "ko")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
_DIRECTIVE = re.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|\{[^{}]*\}|<[^<>]*>|(?<![\w&_])[_&](?=\w)")


def faker_texts(locale: str, n: int) -> list[str]:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(11)
    out: dict[str, None] = {}
    for _ in range(n):
        for make in (fake.city, fake.last_name, fake.first_name, fake.street_name, fake.word):
            try:
                out.setdefault(make())
            except AttributeError:
                pass
    return [t for t in out if not t.isascii()][:n]


def gettext_texts(lang: str, n: int, locale_dir: str = "/usr/share/locale") -> list[str]:
    out: dict[str, None] = {}
    for path in sorted(glob.glob(os.path.join(locale_dir, lang, "LC_MESSAGES", "*.mo"))):
        if os.path.basename(path).startswith("iso_"):
            continue   # iso-codes: the held-out source's text
        try:
            with open(path, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except (OSError, UnicodeError, LookupError):
            continue
        for key, value in catalog.items():
            if key and isinstance(value, str):
                for line in value.splitlines():
                    line = " ".join(_DIRECTIVE.sub("", line).split())
                    if 2 <= len(line) <= 60 and not line.isascii():
                        out.setdefault(line)
    lines = list(out)
    random.Random(f"trust-{lang}").shuffle(lines)
    return lines[:n]


def texts(per_lang: int, cjk: bool) -> list[str]:
    out: dict[str, None] = {}
    for loc in FAKER_LOCALES:
        if cjk or loc[:2] not in ("zh", "ja", "ko"):
            out.update(dict.fromkeys(faker_texts(loc, per_lang)))
    for lang in GETTEXT_LANGS:
        if cjk or lang[:2] not in ("zh", "ja", "ko"):
            out.update(dict.fromkeys(gettext_texts(lang, per_lang)))
    return list(out)


def garble(t: str, a: str, b: str) -> str | None:
    try:
        g = t.encode(a).decode(b)
    except UnicodeError:
        return None
    return None if g == t else g


def run(rows: dict[str, Counter[str]], shown: list, key: str, original: str, garbled: str, right: set[str]) -> None:
    r = codecscope.repair(garbled)
    row = rows[key]
    row["n"] += 1
    if r.text == garbled:
        row["unchanged"] += 1
    elif r.text in right:
        row["exact"] += 1
    elif r.confidence >= SURE:
        row["wrong_sure"] += 1
        # (of which the letters are right and only their case is not: the mapping left the
        # garbled form of 'é', 'Ã©', as it was, so 'SZÃ©KESFEHÃ©RVÃ¡R' is 'SZéKESFEHéRVáR')
        row["case_only"] += r.text.casefold() == original.casefold()
        shown.append((key, original, garbled, r.text, r.confidence))
    else:
        row["wrong_unsure"] += 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=("case", "han"))
    ap.add_argument("--per-lang", type=int, default=120)
    ap.add_argument("--form", default="lower", choices=("lower", "upper", "both"))
    ap.add_argument("--show", type=int, default=0, help="sure-and-wrong answers shown (Faker and gettext only)")
    ap.add_argument("--chains", default="", help="only chains whose reader is one of these (comma-separated)")
    args = ap.parse_args()
    rows: dict[str, Counter[str]] = {}
    shown: list = []
    if args.kind == "case":
        forms = (str.lower, str.upper) if args.form == "both" else (getattr(str, args.form),)
        pool = texts(args.per_lang, cjk=True)
        for a, b in CASE_CHAINS:
            if args.chains and b not in args.chains.split(","):
                continue
            for form in forms:
                key = f"{a} read as {b}, then {form.__name__}"
                rows[key] = Counter()
                for t in pool:
                    g = garble(t, a, b)
                    if g is None or form(g) == g:
                        continue   # the case mapping changed nothing: ordinary mojibake
                    run(rows, shown, key, t, form(g), {t, form(t)})
    else:
        pool = texts(args.per_lang, cjk=False)
        for a, b in HAN_CHAINS:
            if args.chains and b not in args.chains.split(","):
                continue
            key = f"{a} read as {b}"
            rows[key] = Counter()
            for t in pool:
                if _CJK.search(t):
                    continue
                g = garble(t, a, b)
                if g is not None:
                    run(rows, shown, key, t, g, {t})
        han = Counter(k for k, _, _, new, _ in shown if _CJK.search(new))
        for key, row in rows.items():
            row["han_sure"] = han[key]
    extra = "han_sure" if args.kind == "han" else "case_only"
    print(f"{'chain':40} {'n':>6} {'exact':>6} {'wrong>=0.9':>10} {'wrong<0.9':>9} {'unchanged':>9} "
          + ("Han sure" if args.kind == "han" else "(of wrong>=0.9: case only)"))
    tot: Counter[str] = Counter()
    for key, row in list(rows.items()) + [("all", tot)]:
        if key != "all":
            tot.update(row)
        print(f"{key:40} {row['n']:6} {row['exact']:6} {row['wrong_sure']:10} {row['wrong_unsure']:9} "
              f"{row['unchanged']:9} {row[extra]:8}")
    for item in shown[:args.show]:
        print(item)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

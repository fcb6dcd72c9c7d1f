"""How often repair is confidently wrong: Faker text of many locales sent through common mojibake
chains, counting the repairs at confidence >= 0.9 (what ``repair --in-place`` writes) that are
not the original.  Tuning data for the trust rules of docs/repair.md; held-out sets judge them.

    python bench/repair_confident_wrong.py
"""
from __future__ import annotations

import collections
import sys

from faker import Faker

import codecscope

LOCALES = ("el_GR", "ru_RU", "uk_UA", "bg_BG", "zh_CN", "zh_TW", "ja_JP", "ko_KR", "de_DE", "fr_FR",
           "cs_CZ", "pl_PL", "hu_HU", "is_IS", "da_DK", "tr_TR", "es_ES", "pt_BR")
CHAINS = (("utf-8", "cp1252"), ("utf-8", "gbk"), ("cp1251", "cp1252"), ("gbk", "latin-1"), ("utf-8", "cp932"),
          ("utf-8", "latin-1"), ("utf-8", "iso8859-2"))
PER_LOCALE = 40


def texts() -> list[str]:
    out: set[str] = set()
    for loc in LOCALES:
        fake = Faker(loc)
        fake.seed_instance(7)
        for _ in range(PER_LOCALE):
            out.update((fake.city(), fake.last_name(), fake.word(), fake.street_name()))
    return sorted(out)


def main() -> int:
    res: collections.Counter[tuple[str, str]] = collections.Counter()
    bad = []
    for t in texts():
        for a, b in CHAINS:
            try:
                g = t.encode(a).decode(b)
            except UnicodeError:
                continue
            if g == t:
                continue
            r = codecscope.repair(g)
            k = f"{a}->{b}"
            res[k, "n"] += 1
            res[k, "exact"] += r.text == t
            if r.confidence >= 0.9:
                res[k, "sure"] += 1
                if r.text != t:
                    res[k, "wrong"] += 1
                    bad.append((k, t, r.text, r.confidence))
    print(f"{'chain':20} {'n':>5} {'exact':>6} {'sure':>5} {'sure wrong':>10}")
    for k in sorted({k for k, _ in res}):
        print(f"{k:20} {res[k, 'n']:5} {res[k, 'exact']:6} {res[k, 'sure']:5} {res[k, 'wrong']:10}")
    print("total sure wrong", sum(v for (k, s), v in res.items() if s == "wrong"),
          "exact", sum(v for (k, s), v in res.items() if s == "exact"), "of", sum(v for (k, s), v in res.items() if s == "n"))
    for b in bad[: int(sys.argv[1]) if len(sys.argv) > 1 else 30]:
        print(b)
    return 0


if __name__ == "__main__":
    sys.exit(main())

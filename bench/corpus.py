"""Benchmark corpus: real text we did not write (Faker's locale data, MIT licence), garbled by the
real codec chains, plus an equally large clean negative set.

Shared by the repair and detection benchmarks.  Deterministic: every text comes from a seeded
Faker instance.  Two splits that never share a text: ``"dev"`` (look at it while tuning weights
and margins) and ``"test"`` (the one the benchmark reports).  The plausibility model is not
trained on any of it: its frequency tiers come from the codecs.

    python bench/corpus.py            # print a summary and a few cases
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import codecscope.variants  # noqa: E402,F401  (registers cp1252-web, gbk-web, ...)

LOCALES = ("zh_CN", "zh_TW", "ja_JP", "ko_KR", "ru_RU", "uk_UA", "el_GR", "he_IL", "tr_TR", "hu_HU",
           "fr_FR", "de_DE", "en_US", "pl_PL")
_LOREM = {"zh_CN", "zh_TW", "ja_JP", "ru_RU", "uk_UA", "el_GR", "he_IL", "fr_FR", "de_DE", "en_US", "pl_PL"}
SPLIT_SEEDS = {"dev": 1000, "test": 2000}


def _split_of(text: str) -> str:
    return "dev" if hashlib.sha1(text.encode("utf-8")).digest()[0] < 128 else "test"


def texts(locale: str, n: int, split: str = "test", more: bool = False) -> list[str]:
    """``n`` distinct texts of one locale (sentences, names, addresses, companies) in ``split``.
    ``more`` adds job titles, slogans, cities and street addresses (the larger clean set)."""
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(SPLIT_SEEDS[split] + LOCALES.index(locale) + (500 if more else 0))
    out: dict[str, None] = {}
    makers = [fake.name, lambda: fake.address().replace("\n", " "), fake.company]
    if locale in _LOREM:
        makers += [fake.sentence, fake.sentence, lambda: fake.text(max_nb_chars=120).replace("\n", " ")]
    else:
        makers += [lambda: f"{fake.name()}, {fake.company()}", lambda: f"{fake.city()} {fake.street_address()}"]
    if more:
        makers += [fake.job, fake.catch_phrase, fake.city, fake.street_address,
                   lambda: f"{fake.name()}, {fake.job()}", lambda: f"{fake.company()} {fake.catch_phrase()}"]
    k = 0
    while len(out) < n and k < n * 40:
        t = makers[k % len(makers)]().strip()
        k += 1
        if t and _split_of(t) == split:
            out.setdefault(t)
    return list(out)


@dataclass(frozen=True)
class Case:
    family: str        # e.g. "utf-8 read as gbk"
    original: str
    garbled: str
    lossy: bool
    cjk: bool
    western: bool      # a family ftfy is designed to handle


# (family, original codec, read-as codec, source locales)
_CJK = ("zh_CN", "zh_TW", "ja_JP", "ko_KR")
_WESTERN = ("fr_FR", "de_DE", "en_US", "pl_PL", "tr_TR", "hu_HU", "el_GR", "ru_RU", "he_IL")
FAMILIES = [
    ("utf-8 read as gbk", "utf-8", "gbk-web", ("zh_CN", "zh_TW", "ja_JP")),
    ("utf-8 read as gb18030", "utf-8", "gb18030", ("zh_CN",)),
    ("utf-8 read as big5", "utf-8", "cp950", ("zh_TW", "zh_CN")),
    ("utf-8 read as cp932", "utf-8", "cp932", ("ja_JP", "zh_CN")),
    ("utf-8 read as euc-kr", "utf-8", "cp949", ("ko_KR", "zh_CN")),
    ("utf-8 read as latin-1", "utf-8", "latin-1", ("fr_FR", "de_DE", "zh_CN", "ru_RU")),
    ("utf-8 read as cp1252", "utf-8", "cp1252-web", ("fr_FR", "de_DE", "pl_PL", "tr_TR", "hu_HU", "zh_CN", "ja_JP", "ko_KR", "el_GR")),
    ("utf-8 read as cp1251", "utf-8", "cp1251-web", ("ru_RU", "uk_UA")),
    ("utf-8 read as macroman", "utf-8", "mac_roman", ("fr_FR", "de_DE")),
    ("utf-8 read as cp437", "utf-8", "cp437", ("fr_FR", "de_DE")),
    ("gbk read as latin-1", "gbk", "latin-1", ("zh_CN",)),
    ("gbk read as cp1252", "gbk", "cp1252-web", ("zh_CN",)),
    ("gbk read as big5", "gbk", "cp950", ("zh_CN",)),
    ("gbk read as cp932", "gbk", "cp932", ("zh_CN",)),
    ("big5 read as gbk", "cp950", "gbk-web", ("zh_TW",)),
    ("big5 read as latin-1", "cp950", "latin-1", ("zh_TW",)),
    ("cp932 read as gbk", "cp932", "gbk-web", ("ja_JP",)),
    ("cp932 read as latin-1", "cp932", "latin-1", ("ja_JP",)),
    ("euc-kr read as latin-1", "cp949", "latin-1", ("ko_KR",)),
    ("cp1251 read as koi8-r", "cp1251", "koi8_r", ("ru_RU",)),
    ("koi8-r read as cp1251", "koi8_r", "cp1251-web", ("ru_RU",)),
    ("cp866 read as cp1251", "cp866", "cp1251-web", ("ru_RU",)),
    ("cp1251 read as cp1252", "cp1251", "cp1252-web", ("ru_RU",)),
    ("double utf-8", "utf-8", "cp1252-web", ("fr_FR", "de_DE", "zh_CN")),
    ("utf-16 read as 8-bit", "utf-16-le", "latin-1", ("en_US", "fr_FR")),
]
_CJK_FAMILIES = {f for f, o, r, _ in FAMILIES if {o, r} & {"gbk-web", "gb18030", "cp950", "cp932", "cp949", "gbk"}}
_WESTERN_FAMILIES = {"utf-8 read as latin-1", "utf-8 read as cp1252", "utf-8 read as macroman", "double utf-8"}


def _garble(text: str, original: str, read_as: str, family: str) -> str | None:
    data = text.encode(original)
    g = data.decode(read_as)
    if family == "double utf-8":
        g = g.encode("utf-8").decode(read_as)
    return g


def cases(split: str = "test", per_family: int = 60, lossy_per_family: int = 20) -> list[Case]:
    """Lossless cases (strict garbling) and lossy ones (a cut last byte or bytes the reading
    codec rejected, replaced by U+FFFD as Windows and browsers do)."""
    pool = {loc: texts(loc, per_family * 2, split) for loc in LOCALES}
    out: list[Case] = []
    for family, original, read_as, locales in FAMILIES:
        n_ok = n_lossy = 0
        k = 0
        while (n_ok < per_family or n_lossy < lossy_per_family) and k < per_family * 2 * len(locales):
            loc = locales[k % len(locales)]
            src = pool[loc][(k // len(locales)) % len(pool[loc])]
            k += 1
            try:
                data = src.encode(original)
            except UnicodeEncodeError:
                continue
            cjk, western = family in _CJK_FAMILIES, family in _WESTERN_FAMILIES
            try:
                g = _garble(src, original, read_as, family)
                if n_ok < per_family and g != src:
                    out.append(Case(family, src, g, False, cjk, western))
                    n_ok += 1
                    continue
            except UnicodeDecodeError:
                pass
            if n_lossy < lossy_per_family and family not in ("double utf-8", "utf-16 read as 8-bit"):
                cut = data[:-1] if k % 2 else data
                g = cut.decode(read_as, "replace")
                if g != src:
                    out.append(Case(family, src, g, True, cjk, western))
                    n_lossy += 1
    return out


CLEAN_PER_LOCALE = 500


def clean(split: str = "test", n: int | None = None) -> dict[str, list[str]]:
    """Clean negative texts per locale: ``n`` each (default 500, so that a rate of 0.2% means
    one text in a locale; in total several times the garbled cases)."""
    per = n or CLEAN_PER_LOCALE
    return {loc: texts(loc, per, split, more=True) for loc in LOCALES}


def main() -> None:
    cs = cases("test")
    fam = defaultdict(lambda: [0, 0])
    for c in cs:
        fam[c.family][c.lossy] += 1
    for f, (a, b) in fam.items():
        print(f"{f:28} lossless {a:4}  lossy {b:4}")
    neg = clean("test")
    print("clean:", sum(map(len, neg.values())), "texts in", len(neg), "locales")
    for c in cs[::97][:8]:
        print(f"  {c.family}: {c.garbled[:40]!r} <- {c.original[:30]!r}")


if __name__ == "__main__":
    main()

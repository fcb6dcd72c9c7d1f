"""Held-out repair corpora: real text that is not Faker, garbled by the real chains of its script,
plus a larger clean negative set.  Split by source, never by hash: nothing here is looked at while
tuning repair (the Faker corpus in bench/corpus.py is the tuning set).

Where every text comes from, and its licence:

* Source A, ``cldr``: the Unicode CLDR locale data as shipped in Babel (``pip install babel``; CLDR
  data under the Unicode License v3, Babel's code BSD-3-Clause).  Per locale: territory, language,
  script and currency names, month and day names (wide and abbreviated), unit names (long and
  short), and short patterns filled in by Babel's formatters (dates, times, amounts in several
  currencies, units such as ``144,52 μg`` / ``3 m²`` / ``20 °C``, percentages, decimals) - these
  carry CLDR's own NBSP, narrow NBSP and currency symbols.
* Source B, ``pycountry``: the translation catalogues pycountry ships from Debian's iso-codes
  (``pip install pycountry``; LGPL-2.1): names of countries (ISO 3166-1), languages (ISO 639-3),
  currencies (ISO 4217) and scripts (ISO 15924) in each language, read with :mod:`gettext`.  Only
  names the catalogue really translates are used, so each text is in its language.
* Symbol-rich variants of both sources' texts (kind ``symbols``): a source text placed in one of
  the small templates written for this benchmark (``_TEMPLATES`` below: the language's own quotation
  marks, a flag emoji from the territory code, an emoji, math such as ``√2 ≈ 1.414`` / ``π`` /
  ``≥`` / ``∞``, ``×``, ``°``, ``™``, ``®``, ``©``, NBSP, an amount with a currency sign) or,
  for texts with "fi"/"fl", the ligatures ``ﬁ``/``ﬂ`` as PDF extraction leaves them.  The
  templates are ours; the words in them are the source's.

Both packages are used only at benchmark time (the ``bench`` extra); no text from them is shipped
or committed.  Everything is deterministic: sampling uses ``random.Random`` with fixed seeds, and
the data is whatever the installed Babel / pycountry hold (their versions are reported).

A *positive* case is a text garbled by one chain (``FAMILIES``); it is kept only when garbling
really changes the text.  A case is *lossy* when the chain could not run strictly (the reading
codec rejected bytes and, as Windows and browsers do, replaced them with U+FFFD) or when undoing
it step by step does not give the original back; lossy cases are scored by similarity, not exactness.
*Negatives* are clean texts from the same two sources, at least as many as the positives of that
source, spread evenly over every language.

    python bench/repair_corpus.py        # print a summary and a few cases
"""

from __future__ import annotations

import gettext
import hashlib
import math
import random
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import codecscope.variants  # noqa: E402,F401  (registers cp1252-web, gbk-web, ...)

SOURCES = ("cldr", "pycountry")

# language label -> (Babel locale, pycountry catalogue directory)
LANGS = {
    "zh_Hans": ("zh_Hans", "zh_CN"), "zh_Hant": ("zh_Hant", "zh_TW"), "ja": ("ja", "ja"),
    "ko": ("ko", "ko"), "ru": ("ru", "ru"), "uk": ("uk", "uk"), "sr": ("sr_Cyrl", "sr"),
    "mk": ("mk", "mk"), "bg": ("bg", "bg"), "el": ("el", "el"), "he": ("he", "he"), "ar": ("ar", "ar"),
    "th": ("th", "th"), "vi": ("vi", "vi"), "tr": ("tr", "tr"), "pl": ("pl", "pl"), "cs": ("cs", "cs"),
    "hu": ("hu", "hu"), "ro": ("ro", "ro"), "lv": ("lv", "lv"), "lt": ("lt", "lt"), "de": ("de", "de"),
    "fr": ("fr", "fr"), "es": ("es", "es"), "pt": ("pt", "pt"), "it": ("it", "it"), "nl": ("nl", "nl"),
    "sv": ("sv", "sv"), "da": ("da", "da"), "fi": ("fi", "fi"),
}
CJK = ("zh_Hans", "zh_Hant", "ja", "ko")
CYRILLIC = ("ru", "uk", "sr", "mk", "bg")
WEST = ("de", "fr", "es", "pt", "it", "nl", "sv", "da", "fi")
CENTRAL = ("pl", "cs", "hu", "ro")
BALTIC = ("lv", "lt")
LATIN = WEST + CENTRAL + BALTIC + ("tr", "vi")
ALL = tuple(LANGS)

# A chain is a list of (encode with, decode as) hops.  The first encode is the text's real
# encoding (strict: a text it cannot hold is skipped); every "read as" a Windows program or a
# browser would do uses codecscope's variant of the code page (undefined bytes kept as C1).
W = "cp1252-web"
FAMILIES: list[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]] = [
    ("utf-8 read as cp1252", (("utf-8", W),), ALL),
    ("utf-8 read as latin-1", (("utf-8", "latin-1"),), LATIN + CYRILLIC + ("el", "zh_Hans", "ja")),
    ("utf-8 read as cp1250", (("utf-8", "cp1250-web"),), CENTRAL + ("de",)),
    ("utf-8 read as cp1251", (("utf-8", "cp1251-web"),), CYRILLIC + ("de", "fr")),
    ("utf-8 read as cp1253", (("utf-8", "cp1253-web"),), ("el",)),
    ("utf-8 read as cp1254", (("utf-8", "cp1254-web"),), ("tr",)),
    ("utf-8 read as cp1257", (("utf-8", "cp1257-web"),), BALTIC),
    ("utf-8 read as mac_roman", (("utf-8", "mac_roman"),), WEST + ("pl", "cs", "vi")),
    ("utf-8 read as cp437", (("utf-8", "cp437"),), WEST + ("ru",)),
    ("utf-8 read as gbk", (("utf-8", "gbk-web"),), CJK + ("ru", "el", "fr", "de")),
    ("utf-8 read as gb18030", (("utf-8", "gb18030"),), ("zh_Hans", "zh_Hant")),
    ("utf-8 read as big5", (("utf-8", "cp950"),), ("zh_Hant", "zh_Hans")),
    ("utf-8 read as cp932", (("utf-8", "cp932"),), ("ja", "zh_Hans", "ko")),
    ("utf-8 read as cp949", (("utf-8", "cp949"),), ("ko", "zh_Hans", "ja")),
    ("gbk read as latin-1", (("gbk", "latin-1"),), ("zh_Hans",)),
    ("gbk read as cp1252", (("gbk", W),), ("zh_Hans",)),
    ("big5 read as gbk", (("cp950", "gbk-web"),), ("zh_Hant",)),
    ("gbk read as big5", (("gbk", "cp950"),), ("zh_Hans",)),
    ("cp932 read as cp1252", (("cp932", W),), ("ja",)),
    ("cp949 read as cp1252", (("cp949", W),), ("ko",)),
    ("cp1251 read as cp1252", (("cp1251", W),), CYRILLIC),
    ("double utf-8 via cp1252", (("utf-8", W), ("utf-8", W)), WEST + CENTRAL + ("ru", "el", "zh_Hans")),
    ("utf-8 read as latin-1, saved, read as cp1252", (("utf-8", "latin-1"), ("utf-8", W)), WEST + CENTRAL),
]
# The three Russian code pages, each read as each other, on the texts as they are and all in
# lower case (no capital letters left to give the case pattern away).
_CYR_PAGES = (("cp1251", "cp1251-web"), ("koi8_r", "koi8_r"), ("cp866", "cp866"))
for _lower in (False, True):
    for _o, _ in _CYR_PAGES:
        for _p, _r in _CYR_PAGES:
            if _o != _p:
                FAMILIES.append((f"{_o} read as {_p}" + (", lower case" if _lower else ""),
                                 ((_o, _r),), ("ru", "uk", "bg")))
CJK_FAMILIES = {f for f, chain, _ in FAMILIES
                if {c for hop in chain for c in hop} & {"gbk", "gbk-web", "gb18030", "cp950", "cp932", "cp949"}}


@dataclass(frozen=True)
class Case:
    source: str
    lang: str
    family: str
    original: str
    garbled: str
    lossy: bool


@dataclass(frozen=True)
class Clean:
    source: str
    lang: str
    kind: str          # "plain" (verbatim), "formatted" (a CLDR pattern filled in), "symbols" (our templates)
    text: str


# --- source A: CLDR through Babel -------------------------------------------------------------

_UNITS = ("mass-microgram", "mass-milligram", "length-micrometer", "area-square-meter",
          "area-square-kilometer", "volume-cubic-meter", "volume-cubic-centimeter", "temperature-celsius",
          "temperature-fahrenheit", "angle-degree", "speed-kilometer-per-hour", "duration-microsecond",
          "electric-ohm", "pressure-hectopascal", "concentr-percent", "length-kilometer", "mass-kilogram",
          "volume-liter", "energy-kilowatt-hour", "acceleration-meter-per-square-second")
_CURRENCIES = ("EUR", "GBP", "JPY", "RUB", "INR", "USD", "CNY", "KRW", "UAH", "TRY", "ILS", "THB")


def _cldr(lang: str) -> dict[str, list[str]]:
    from babel import Locale, dates, numbers, units

    loc_id = LANGS[lang][0]
    loc = Locale.parse(loc_id)
    plain: list[str] = []
    for table in (loc.territories, loc.languages, loc.scripts, loc.currencies):
        plain += [v for _, v in sorted(table.items())]
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            plain += [v for _, v in sorted(loc.months[ctx][width].items())]
            plain += [v for _, v in sorted(loc.days[ctx][width].items())]
    for u in _UNITS:
        for length in ("long", "short"):
            try:
                name = units.get_unit_name(u, length=length, locale=loc)
            except Exception:  # a unit this CLDR version lacks
                continue
            if name:
                plain.append(name)
    formatted: list[str] = []
    moments = (datetime(2024, 3, 7, 9, 5), datetime(1999, 12, 31, 23, 59), datetime(2026, 8, 15, 14, 30))
    for m in moments:
        for fmt in ("full", "long", "medium", "short"):
            formatted.append(dates.format_date(m.date(), fmt, locale=loc))
        formatted.append(dates.format_datetime(m, "medium", locale=loc))
        formatted.append(dates.format_time(m.time(), "short", locale=loc))
    for k, cur in enumerate(_CURRENCIES):
        formatted.append(numbers.format_currency(1234.5 + 97 * k, cur, locale=loc))
    for k, u in enumerate(_UNITS):
        for length in ("short", "long"):
            try:
                formatted.append(units.format_unit(144.52 + k, u, length=length, locale=loc))
            except Exception:
                continue
    formatted += [numbers.format_percent(0.256, locale=loc), numbers.format_decimal(1234567.891, locale=loc),
                  numbers.format_compact_decimal(12345678, locale=loc)]
    territories = [(code, name) for code, name in sorted(loc.territories.items()) if len(code) == 2]
    return {"plain": plain, "formatted": formatted, "territories": [f"{_flag(c)} {n}" for c, n in territories]}


def _flag(code: str) -> str:
    return "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code.upper())


# --- source B: pycountry's iso-codes catalogues -------------------------------------------------

def _pycountry(lang: str) -> dict[str, list[str]]:
    import pycountry

    catdir = LANGS[lang][1]
    plain: list[str] = []
    flags: list[str] = []
    dbs = (("iso3166-1", pycountry.countries, ("name", "official_name", "common_name")),
           ("iso639-3", pycountry.languages, ("name",)),
           ("iso4217", pycountry.currencies, ("name",)),
           ("iso15924", pycountry.scripts, ("name",)))
    for domain, db, fields in dbs:
        try:
            tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[catdir])
        except OSError:  # the catalogue has no translation for this language
            continue
        for item in db:
            for f in fields:
                msgid = getattr(item, f, None)
                if not msgid:
                    continue
                s = tr.gettext(msgid)
                if s != msgid:   # translated: text in the language, not English left in place
                    plain.append(s)
                    if domain == "iso3166-1" and f == "name":
                        flags.append(f"{item.flag} {s}")
    return {"plain": plain, "formatted": [], "territories": flags}


# --- symbol-rich variants (templates written for this benchmark) -----------------------------

_QUOTES = {  # each language's usual quotation marks
    **dict.fromkeys(("de", "cs", "bg", "lt"), ("„", "“")),
    **dict.fromkeys(("pl", "hu", "ro"), ("„", "”")),
    **dict.fromkeys(("fr", "ru", "uk", "es", "it", "pt", "el", "ar"), ("«", "»")),
    **dict.fromkeys(("zh_Hans", "zh_Hant", "ja"), ("「", "」")),
    **dict.fromkeys(("sv", "fi"), ("”", "”")),
    "sr": ("„", "“"), "mk": ("„", "“"), "da": ("»", "«"), "he": ("”", "”"),
}


def _emoji(rng: random.Random) -> str:
    ranges = ((0x1F300, 0x1F5FF), (0x1F600, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1F9FF))
    while True:
        lo, hi = ranges[rng.randrange(len(ranges))]
        cp = rng.randint(lo, hi)
        if unicodedata.name(chr(cp), ""):
            e = chr(cp)
            break
    r = rng.random()
    if r < 0.15:  # a thumbs-up with a skin tone
        return chr(0x1F44D) + chr(rng.randint(0x1F3FB, 0x1F3FF))
    if r < 0.25:
        return rng.choice(("\u2714\ufe0f", "\u2764\ufe0f", "\u2705", "\u2b50"))
    return e


def _templates(lang: str, t: str, rng: random.Random) -> str:
    q0, q1 = _QUOTES.get(lang, ("“", "”"))
    a = rng.randint(2, 99)
    b = rng.randint(100, 999)
    choices = [
        lambda: f"{q0}{t}{q1}",
        lambda: f"{t}™",
        lambda: f"{t}® {b}",
        lambda: f"© {rng.randint(1990, 2026)} {t}",
        lambda: f"{t} {_emoji(rng)}",
        lambda: f"{_emoji(rng)} {t} {_emoji(rng)}",
        lambda: f"{t}: √{a} ≈ {math.sqrt(a):.3f}",
        lambda: f"{t} — π × {a} ≥ {b}",
        lambda: f"{t} (0 … ∞)",
        lambda: f"{a}× {t}",
        lambda: f"{t} {a}°",
        lambda: f"{t}\u00a0{b}",
        lambda: f"{t}: {a} m² / {b} cm³",
        lambda: f"{t} ±{a} µm",
        lambda: f"{t}: {a},{b % 100:02d} {rng.choice('€£¥₽₹$')}",
    ]
    return rng.choice(choices)()


def _ligatures(t: str) -> str | None:
    """The text as PDF extraction often leaves it, with the ﬁ and ﬂ ligatures kept."""
    if "fi" in t or "fl" in t:
        return t.replace("fi", "\ufb01").replace("fl", "\ufb02")
    return None


# --- building the corpora ------------------------------------------------------------------

def _half(text: str) -> str:
    """A fixed half of every text serves the positives, the other the negatives."""
    return "pos" if hashlib.sha1(text.encode("utf-8")).digest()[0] & 1 else "neg"


def pools(source: str) -> dict[str, dict[str, list[str]]]:
    """Per language, the distinct texts of one source by kind: plain, formatted, symbols."""
    rng = random.Random(f"{source}-symbols")
    out = {}
    for lang in LANGS:
        raw = (_cldr if source == "cldr" else _pycountry)(lang)
        plain = list(dict.fromkeys(s.strip() for s in raw["plain"] if s and s.strip()))
        formatted = list(dict.fromkeys(s.strip() for s in raw["formatted"] if s and s.strip()))
        base = sorted(plain)
        sym = [_templates(lang, t, rng) for t in base[:: max(1, len(base) // 150)]]
        sym += raw["territories"][:: max(1, len(raw["territories"]) // 40)]
        sym += [lig for lig in map(_ligatures, base) if lig][:12]
        out[lang] = {"plain": plain, "formatted": formatted, "symbols": list(dict.fromkeys(sym))}
    return out


def _garble(text: str, chain, errors: str) -> str:
    for enc, dec in chain:
        text = text.encode(enc).decode(dec, errors)
    return text


def _undo(text: str, chain) -> str | None:
    try:
        for enc, dec in reversed(chain):
            text = text.encode(dec).decode(enc)
    except UnicodeError:
        return None
    return text


def _garble_case(text: str, chain) -> tuple[str, bool] | None:
    try:
        text.encode(chain[0][0])
    except UnicodeEncodeError:
        return None
    try:
        g = _garble(text, chain, "strict")
    except UnicodeDecodeError:
        g = _garble(text, chain, "replace")
    if g == text:
        return None
    return g, _undo(g, chain) != text


def cases(source: str, per_family: int = 40, seed: int = 7, pool=None) -> list[Case]:
    """Up to ``per_family`` lossless cases per chain family, plus lossy ones as they come (at most
    a third as many), drawn round-robin over the family's languages from the positive half."""
    pool = pool or pools(source)
    out: list[Case] = []
    for family, chain, langs in FAMILIES:
        rng = random.Random(f"{seed}-{source}-{family}")
        lower = family.endswith("lower case")
        queues = {}
        for lang in langs:
            texts = [t for kind in ("plain", "formatted", "symbols") for t in pool[lang][kind]
                     if _half(t) == "pos"]
            if lower:
                texts = list(dict.fromkeys(t.lower() for t in texts))
            rng.shuffle(texts)
            queues[lang] = texts
        out += draw(source, family, chain, langs, queues, per_family)
    return out


def draw(source: str, family: str, chain, langs: list[str], queues: dict[str, list[str]],
         per_family: int) -> list[Case]:
    """Up to ``per_family`` lossless cases of one family and at most a third as many lossy ones,
    garbled from ``queues`` (texts per language, popped from the end) round-robin over ``langs``."""
    out: list[Case] = []
    n_ok = n_lossy = k = 0
    while n_ok < per_family and any(queues.values()) and k < per_family * 200:
        lang = langs[k % len(langs)]
        k += 1
        if not queues[lang]:
            continue
        t = queues[lang].pop()
        got = _garble_case(t, chain)
        if got is None:
            continue
        g, lossy = got
        if lossy and n_lossy >= per_family // 3:
            continue
        out.append(Case(source, lang, family, t, g, lossy))
        n_lossy += lossy
        n_ok += not lossy
    return out


def clean(source: str, n: int, seed: int = 11, pool=None) -> list[Clean]:
    """At least ``n`` clean texts of one source from the negative half, the same number from every
    language: half plain, a quarter formatted (CLDR only) and the rest symbol-rich."""
    pool = pool or pools(source)
    per = -(-n // len(LANGS))
    out: list[Clean] = []
    for lang in LANGS:
        rng = random.Random(f"{seed}-{source}-{lang}")
        p = pool[lang]
        quota = {"plain": per // 2, "formatted": per // 4 if p["formatted"] else 0}
        quota["symbols"] = per - quota["plain"] - quota["formatted"]
        taken: list[Clean] = []
        for kind in ("formatted", "symbols", "plain"):
            texts = [t for t in p[kind] if _half(t) == "neg"]
            rng.shuffle(texts)
            # plain text fills whatever the other kinds could not
            want = per - len(taken) if kind == "plain" else quota[kind]
            taken += [Clean(source, lang, kind, t) for t in texts[:want]]
        out += taken
    return out


SYMBOLS = ("µ", "μ", "×", "²", "³", "°", "€", "£", "¥", "₽", "₹", "√", "π", "∞", "≥", "\ufb01", "\ufb02",
           "„", "“", "«", "»", "\u00a0", "\u202f", "™", "®", "©")


def symbol_coverage(texts: list[str]) -> dict[str, int]:
    """How many texts hold each symbol of interest (NBSP and narrow NBSP by name), and emoji."""
    cov = {unicodedata.name(sym) if sym in "\u00a0\u202f" else sym: sum(sym in t for t in texts)
           for sym in SYMBOLS}
    cov["emoji"] = sum(any(ord(ch) >= 0x1F000 for ch in t) for t in texts)
    return cov


def versions() -> dict[str, str]:
    import babel
    import pycountry  # noqa: F401
    from importlib.metadata import version

    return {"babel": babel.__version__, "pycountry": version("pycountry")}


def main() -> None:
    for source in SOURCES:
        pool = pools(source)
        cs = cases(source, pool=pool)
        neg = clean(source, len(cs), pool=pool)
        fam = defaultdict(lambda: [0, 0])
        for c in cs:
            fam[c.family][c.lossy] += 1
        print(f"== {source}: {len(cs)} garbled cases, {len(neg)} clean texts "
              f"({dict(Counter(c.kind for c in neg))})")
        for f, (a, b) in fam.items():
            print(f"  {f:46} lossless {a:4}  lossy {b:4}")
        for c in cs[::211][:6]:
            print(f"    {c.family}: {c.garbled[:40]!r} <- {c.original[:30]!r}")
        print("  clean texts holding each symbol:", symbol_coverage([c.text for c in neg]))
        for c in neg[::157][:8]:
            print(f"    clean {c.lang}/{c.kind}: {c.text[:50]!r}")
    print(versions())


if __name__ == "__main__":
    main()

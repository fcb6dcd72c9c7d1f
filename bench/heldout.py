"""Held-out detection corpora: real text from two sources nobody on this project wrote and the
detector was never tuned on, encoded in the legacy encodings each locale's users really meet.

* ``cldr``: Babel's copy of the Unicode CLDR locale data (names of territories, languages,
  currencies, units, months and weekdays, each in its own locale).
* ``pycountry``: pycountry's translation catalogs (country, subdivision, language, currency and
  script names translated into each language).
* ``glibc``: the C library's locale sources where the system has them (/usr/share/i18n/locales:
  weekday and month names and abbreviations, the country's and the language's own names, the
  words for yes and no); empty where they are absent.

A third source, ``faker`` (Faker's generated names, addresses and lorem text per locale), is the
development set: the detector's constants were tuned on it.  The held-out sets are only ever
measured.  Every case is deterministic (seeded by its own description).

Kinds of case:
  ``plain``       a run of the locale's strings cut to at most N bytes on a character boundary;
  ``cut``         the same cut at an arbitrary byte, usually inside a character (a socket chunk);
  ``one-accent``  ASCII strings of the locale around exactly one string with one non-ASCII letter;
  ``repetitive``  one short string repeated (a test payload), cut at an arbitrary byte;
  ``short``       one to three of the locale's strings (words, abbreviations, names) joined by a
                  space, comma or semicolon, with 1 to 9 non-ASCII bytes in all: the little
                  evidence a field, a label or a file name gives;
  ``words``       the same built from single words of the strings: not among :data:`KINDS`, it
                  widens the development set the confidence map is fitted on (``bench/detect.py
                  fit-calibration``) to the shortest inputs.

A guess is right when an incremental decoder of the guessed codec gives back every complete
character of the case's text exactly.

    python bench/heldout.py            # print a summary and a few cases
"""

from __future__ import annotations

import codecs
import gettext
import os
import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# locale -> the encodings its text is stored in outside Unicode (and UTF-8 for a few)
LOCALES: dict[str, tuple[str, ...]] = {
    "zh_Hans": ("gb18030", "utf-8"), "zh_Hant": ("big5",), "ja": ("cp932", "euc_jp", "utf-8"),
    "ko": ("cp949",), "ru": ("cp1251", "koi8_r", "utf-8"), "uk": ("cp1251", "koi8_u"), "bg": ("cp1251",),
    "fr": ("cp1252", "mac_roman"), "de": ("cp1252", "utf-8"), "es": ("cp1252",), "pt": ("cp1252",),
    "it": ("cp1252",), "nl": ("cp1252",), "sv": ("cp1252",), "da": ("cp1252",), "fi": ("cp1252",),
    "pl": ("cp1250", "iso8859_2"), "cs": ("cp1250", "iso8859_2"), "hu": ("cp1250", "iso8859_2"),
    "sk": ("cp1250",), "hr": ("cp1250",), "sl": ("cp1250",), "ro": ("cp1250",),
    "el": ("cp1253", "iso8859_7"), "he": ("cp1255", "iso8859_8"), "tr": ("cp1254", "iso8859_9"),
    "th": ("cp874",), "vi": ("cp1258",), "ar": ("cp1256", "iso8859_6"), "fa": ("cp1256",),
    "lt": ("cp1257",), "lv": ("cp1257",), "et": ("cp1257",),
}
# pycountry spells a few locales differently
_PYCOUNTRY_DIR = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW"}
_FAKER = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW", "ja": "ja_JP", "ko": "ko_KR", "ru": "ru_RU", "uk": "uk_UA",
          "bg": "bg_BG", "fr": "fr_FR", "de": "de_DE", "es": "es_ES", "pt": "pt_PT", "it": "it_IT",
          "nl": "nl_NL", "sv": "sv_SE", "da": "da_DK", "fi": "fi_FI", "pl": "pl_PL", "cs": "cs_CZ",
          "hu": "hu_HU", "sk": "sk_SK", "hr": "hr_HR", "sl": "sl_SI", "ro": "ro_RO", "el": "el_GR",
          "he": "he_IL", "tr": "tr_TR", "th": "th_TH", "vi": "vi_VN", "ar": "ar_AA", "fa": "fa_IR",
          "lt": "lt_LT", "lv": "lv_LV", "et": "et_EE"}
SOURCES = ("faker", "cldr", "pycountry", "glibc")
KINDS = ("plain", "cut", "one-accent", "repetitive", "short")
SHORT_MAX = 9       # non-ASCII bytes a ``short`` case holds at most
GLIBC_LOCALES = "/usr/share/i18n/locales"
_GLIBC = {**_FAKER, "ar": "ar_EG"}
_GLIBC_KEYS = ("day", "abday", "mon", "abmon", "alt_mon", "ab_alt_mon", "country_name", "lang_name",
               "yesstr", "nostr")


@dataclass(frozen=True)
class Case:
    source: str
    kind: str
    locale: str
    encoding: str
    length: int
    text: str        # every complete character the bytes hold
    data: bytes


@lru_cache(maxsize=None)
def strings(source: str, locale: str) -> tuple[str, ...]:
    """The distinct strings of ``locale`` in ``source``, in a stable order."""
    out: dict[str, None] = {}
    if source == "cldr":
        from babel import Locale

        loc = Locale.parse(locale)
        for table in (loc.territories, loc.languages, loc.currencies, loc.scripts):
            out.update(dict.fromkeys(v for v in table.values() if isinstance(v, str)))
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                out.update(dict.fromkeys(loc.months[ctx][width].values()))
                out.update(dict.fromkeys(loc.days[ctx][width].values()))
        for names in loc.unit_display_names.values():
            out.update(dict.fromkeys(v for v in names.values() if isinstance(v, str)))
        for code in loc.currencies:
            sym = loc.currency_symbols.get(code)
            if sym and sym != code:
                out.setdefault(f"{sym} {loc.currencies[code]}")
    elif source == "faker":
        from faker import Faker

        fake = Faker(_FAKER[locale])
        fake.seed_instance(1)
        for i in range(600):
            maker = (fake.name, fake.city, fake.street_name, fake.company, fake.job, fake.address)[i % 6]
            try:
                out.setdefault(maker())
            except AttributeError:
                pass
            if i % 3 == 0:
                out.setdefault(fake.sentence())
    elif source == "pycountry":
        import pycountry

        lang = _PYCOUNTRY_DIR.get(locale, locale)
        for domain, db, attr in (("iso3166-1", pycountry.countries, "name"),
                                 ("iso4217", pycountry.currencies, "name"),
                                 ("iso639-3", pycountry.languages, "name"),
                                 ("iso15924", pycountry.scripts, "name"),
                                 ("iso3166-2", pycountry.subdivisions, "name")):
            try:
                tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
            except OSError:
                continue
            for item in db:
                name = getattr(item, attr, None)
                if name:
                    t = tr.gettext(name)
                    if t != name or locale.startswith("en"):
                        out.setdefault(t)
    elif source == "glibc":
        out.update(dict.fromkeys(_glibc_strings(_GLIBC[locale])))
    else:
        raise ValueError(f"unknown source {source!r}")
    return tuple(" ".join(s.split()) for s in out if s and s.strip())


_GLIBC_LINE = re.compile(r"^(\w+)[ \t]+(.*?)\s*$")
_GLIBC_STRING = re.compile(r'"([^"]*)"')
_GLIBC_CHAR = re.compile(r"<U([0-9A-Fa-f]{4,6})>")


def _glibc_strings(name: str, depth: int = 0) -> list[str]:
    """The strings of :data:`_GLIBC_KEYS` in the glibc locale source ``name`` (and in the locales
    it copies), with ``<Uxxxx>`` written out; nothing when the file is not there."""
    path = os.path.join(GLIBC_LOCALES, name)
    if depth > 2 or not os.path.isfile(path):
        return []
    out: list[str] = []
    key = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = _GLIBC_LINE.match(line)
            if m:
                key, rest = m.group(1), m.group(2)
                if key == "copy" and not rest.strip('"').startswith(("i18n", "iso", "translit")):
                    out += _glibc_strings(rest.strip('"'), depth + 1)
            elif line[:1].isspace() and key in _GLIBC_KEYS:
                rest = line        # a continuation of the list above
            else:
                key, rest = None, ""
            if key in _GLIBC_KEYS:
                out += [_GLIBC_CHAR.sub(lambda u: chr(int(u.group(1), 16)), v) for v in _GLIBC_STRING.findall(rest)]
            if not line.endswith("/"):
                key = key if m else None
    return [v for v in out if v.strip()]


def in_codepage(s: str, enc: str) -> str | None:
    """``s`` as it is written in ``enc``, or None when ``enc`` cannot hold it.  cp1258 holds
    Vietnamese as a base letter (precomposed where it can be: â, ơ) plus combining tone marks."""
    try:
        s.encode(enc)
        return s
    except UnicodeEncodeError:
        if enc != "cp1258":
            return None
    out = []
    for ch in s:
        try:
            ch.encode(enc)
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for m in marks:
            head = unicodedata.normalize("NFC", base + m)
            if len(head) == 1 and _fits(head, enc):
                base = head
                marks.remove(m)
                break
        piece = base + "".join(marks)
        if not _fits(piece, enc):
            return None
        out.append(piece)
    return "".join(out)


def _fits(s: str, enc: str) -> bool:
    try:
        s.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


def _fit(stream: str, enc: str, length: int) -> str:
    """The longest prefix of ``stream`` that fits in ``length`` bytes of ``enc``."""
    out, size = [], 0
    for ch in stream:
        b = len(ch.encode(enc))
        if size + b > length:
            break
        out.append(ch)
        size += b
    return "".join(out)


def _cut(text: str, enc: str, length: int, rng: random.Random) -> tuple[str, bytes]:
    """``text`` encoded and cut after at most ``length`` bytes at an arbitrary byte; the text is the
    complete characters before the cut."""
    data = text.encode(enc)
    n = min(len(data), rng.randint(max(2, length * 2 // 3), length))
    data = data[:n]
    dec = codecs.getincrementaldecoder(enc)()
    return dec.decode(data, final=False), data


def cases(source: str, kind: str, length: int, per_encoding: int, seed: int = 0) -> list[Case]:
    """``per_encoding`` cases of ``kind`` at ``length`` bytes for every (locale, encoding) pair."""
    out: list[Case] = []
    for locale, encs in LOCALES.items():
        for enc in encs:
            pool = [t for t in (in_codepage(s, enc) for s in strings(source, locale)) if t]
            if not pool:
                continue
            rng = random.Random(f"{source}/{kind}/{locale}/{enc}/{length}/{seed}")
            made = tries = 0
            while made < per_encoding and tries < per_encoding * 40:
                tries += 1
                case = _one(kind, pool, enc, length, rng)
                if case is None or not any(ord(c) > 127 for c in case[0]):
                    continue
                out.append(Case(source, kind, locale, enc, length, *case))
                made += 1
    return out


def _one(kind: str, pool: list[str], enc: str, length: int, rng: random.Random):
    if kind in ("plain", "cut"):
        stream = " ".join(rng.sample(pool, min(len(pool), 30)))
        if kind == "plain":
            text = _fit(stream, enc, length)
            return text, text.encode(enc)
        return _cut(stream, enc, length, rng)
    if kind == "one-accent":
        plain = [s for s in pool if s.isascii()]
        accented = [s for s in pool if sum(ord(c) > 127 for c in s) == 1 and s[0].isascii()]
        if len(plain) < 3 or not accented:
            return None
        words = rng.sample(plain, min(len(plain), 12))
        words.insert(rng.randrange(1, 4), rng.choice(accented))
        text = _fit(" ".join(words), enc, length)
        return (text, text.encode(enc)) if sum(ord(c) > 127 for c in text) == 1 else None
    if kind == "repetitive":
        short = [s for s in pool if 2 <= len(s) <= 12 and not s.isascii()]
        if not short:
            return None
        return _cut(rng.choice(short) * (length // 2 + 1), enc, length, rng)
    if kind in ("short", "words"):
        if kind == "words":     # single words of the strings: the shortest labels a source has
            pool = _words(tuple(pool))
        few = [s for s in pool if 0 < _high(s, enc) <= SHORT_MAX and len(s.encode(enc)) <= length]
        if not few:
            return None
        sep = rng.choice((" ", ", ", ";"))
        words = [rng.choice(few) for _ in range(rng.choice((1, 1, 2, 3)))]
        text = sep.join(words)
        data = text.encode(enc)
        return (text, data) if _high(text, enc) <= SHORT_MAX and len(data) <= max(length, 12) else None
    raise ValueError(f"unknown kind {kind!r}")


@lru_cache(maxsize=None)
def _words(pool: tuple[str, ...]) -> list[str]:
    """The distinct words of ``pool``'s strings (split at spaces, punctuation around them dropped)."""
    out: dict[str, None] = {}
    for s in pool:
        out.update(dict.fromkeys(w for w in (w.strip(".,;:()\"'«»„“”") for w in s.split()) if w))
    return list(out)


def _high(s: str, enc: str) -> int:
    """Non-ASCII bytes of ``s`` in ``enc``."""
    return sum(b > 127 for b in s.encode(enc))


def right(case: Case, guess: str | None) -> bool:
    if not guess:
        return False
    try:
        return codecs.getincrementaldecoder(guess)().decode(case.data, final=False) == case.text
    except (UnicodeDecodeError, LookupError):
        return False


def main() -> int:
    for source in ("cldr", "pycountry", "glibc"):
        for kind in KINDS:
            cs = cases(source, kind, 24, 2)
            print(f"{source:>9} {kind:<10} {len(cs):>4} cases, e.g. {cs[0].encoding}: {cs[0].text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

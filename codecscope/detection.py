"""``codecscope.detect``: which encoding are these bytes in — with evidence a person can read.

The decision combines three kinds of evidence:

* **strict validity**, checked by the C codecs (a strict incremental decode, or one
  ``errors="replace"`` decode whose replacement characters count the invalid sequences).  Valid
  UTF-8 with several multibyte characters is UTF-8; a cut last character is evidence *for* a
  codec (every socket chunk looks like that), paid for like a character its lead byte starts;
* **byte-structure fit**: a BOM, NUL patterns of UTF-16/32, ISO-2022 escapes;
* **plausibility** of each candidate's reading as text in the languages that codec is used for: a
  small character model per language.  Letter frequencies come from charset-normalizer's
  per-language tables (MIT; a copy in ``codecscope/data/letter_frequencies.json``); which letters stand next to the
  accented ones from ``codecscope/data/letter_pairs.json`` (derived from wordfreq's word lists,
  CC-BY-SA 4.0); Han, kana and Hangul commonness
  tiers from the national character sets via :mod:`codecscope.plausibility`, mixed with their real
  frequencies (``codecscope/data/cjk_frequency.json``, also derived from wordfreq, CC-BY-SA 4.0).  The score of a
  reading is a log-likelihood of its bytes, so readings that split the same bytes into a different
  number of characters stay comparable.

The confidence is a share of the evidence over *every* candidate, scored in full before any is
compared, and a "none of these" hypothesis; its constants are fitted on a development set and its
calibration is measured on two held-out ones (``bench/detect.py calibration``).  Codecs outside
the candidate list (EBCDIC and other exotic ones) are never guessed.  A family is reported by its
superset codec: ``gb18030`` for GB2312/GBK text, ``cp949`` for EUC-KR, ``cp932`` for Shift_JIS,
``big5hkscs`` when HKSCS characters occur.
"""

from __future__ import annotations

import array
import bisect
import codecs
import json
import math
import re
import sys
import zlib
from operator import add as _add, itemgetter, lshift as _lshift, mul as _mul, ne as _ne, or_ as _or
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial, reduce
from itertools import compress, count, repeat
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from . import plausibility, registry, validation
from .errors import InputError, InputTypeError
from .fsutil import open_binary, package_data, package_table
from .i18n import N_, Msg, _, shown_confidence
from .i18n import localize as L
from .scripts import ONE_WRITING, char_script
from .notebook import FieldsHTML

if TYPE_CHECKING:
    import os

    from rich.console import Console, ConsoleOptions, RenderResult

    from .compat import ChardetResult
    from .diagnosis import BytesContext, Finding
    from .repairing import Repair
    from .validation import BinaryReader

try:   # marks for mypyc (the optional compiled build, tools/build_compiled.py); mypy brings it
    from mypy_extensions import mypyc_attr
except ImportError:   # nothing to do when the module runs as Python
    def mypyc_attr(**_: object) -> Callable[[type], type]:  # type: ignore[misc]
        return lambda cls: cls

__all__ = ["Candidate", "Detection", "Segment", "detect", "detect_file", "detect_stream", "segments"]

SAMPLE = 16 * 1024          # larger inputs take the streaming path
STREAM_SAMPLE = 4 * 1024    # bytes of non-ASCII lines a stream keeps and scores; every byte is validated
INVALID_COST = 20.0         # nats per invalid sequence: worth a handful of rare characters
# An input that ends inside a character: what every socket chunk looks like, so a cut is evidence
# *for* the codec, paid for about like one uncommon character it stands for.
TRUNCATED_COST = 6.0
INVALID_DENSITY = 50        # invalid sequences per this many non-ASCII bytes leave no confidence
NOISE_PER_BYTE = 8.0        # nats per non-ASCII byte of "none of these reads it as text"
# Scores are log-likelihoods of a deliberately simple model that overstates its certainty; the
# confidence divides them by this temperature (fitted on the Faker development set, never on the
# held-out sets the calibration is measured on).
TEMPERATURE = 1.4
SHORT_EVIDENCE = 1.0
# And further for little *context*: plus SHORT_CONTEXT / the number of distinct byte pairs with a
# non-ASCII byte inside words of three bytes or more (:func:`_evidence`).  A count of bytes would not do: a
# calendar's "В П В С Ч П С" or a repeated name has bytes but little to tell the readings apart
# by, and one character model against another (Cyrillic capitals against Thai, two Cyrillic code
# pages that swap case) is all there is to go on.  Not when the best reading is valid UTF-8 with
# a multibyte character: that is the bytes' structure speaking, not the character model.
SHORT_CONTEXT = 6.0
# Last, the share is mapped to the confidence through an isotonic map (knots of a piecewise-
# linear function) fitted on the Faker development set only, kept under 0.9 below the share from
# which the development answers of every kind are right >= 99.7 %, at most UNSURE_MAX there.
# Refit with ``PYTHONHASHSEED=0 python bench/detect.py fit-calibration --write``.  Empty: the raw share.
CALIBRATION: tuple[tuple[float, float], ...] = (
    (0.0, 0.0), (0.0675, 0.625), (0.1186, 0.8763), (0.2407, 0.8794), (0.3765, 0.8978), (0.4437, 0.899),
    (0.755, 0.899), (0.7551, 1.0), (0.8775, 1.0))
# A thin answer (:func:`_evidence` at most THIN_EVIDENCE: nothing but a byte or two without
# neighbours tells the readings apart, as with one accented byte among ASCII words) is genuinely
# ambiguous: whatever its share, its confidence stays under 0.9, where scan --fix acts.
THIN_EVIDENCE = 1
# The most an answer under the 0.9 line may say.  The answers held there are right more often than
# 0.9 (91-98 % on every source, one-byte answers most of all): the closest to that a confidence
# under the line can be is just under it, not a value further down that only widens the gap.
# (printed rounded down, 89 %, by detect and scan alike: i18n.shown_confidence.)
UNSURE_MAX = 0.899
THIN_MAX = UNSURE_MAX
UTF8_SURE = 4               # valid UTF-8 with this many multibyte characters needs no model
# Each well-formed UTF-8 multibyte sequence is evidence of its own: legacy text seldom lines its
# bytes up that way, which the character model of the other readings only partly sees.
UTF8_PER_CHAR = 2.5
# Valid UTF-8 with a complete multibyte character at all, from its first byte: of the thousands of
# legacy snippets in the development and held-out sets, none is (bench/detect.py), while it is what
# most text is stored in; the character model of a legacy reading cannot outweigh that by a rare
# symbol.
UTF8_VALID = 10.0
SCRIPT_SWITCH = 3.0         # a word in another alphabet than the word before it
UTF8_BONUS = 12.0           # "valid UTF-8 is UTF-8" in segmentation
ASCII_CAP = 4.0
ASCII_WEIGHT = 0.2          # ASCII letters as language evidence, damped: real text mixes languages

# A family is decoded with the first codec of its chain that accepts the whole input, so the
# reported name both decodes everything and is the most specific one that does.
_CHAINS: dict[str, tuple[str, ...]] = {
    "gb18030": ("gb18030",),
    "big5": ("big5", "cp950", "big5hkscs"),
    "cp932": ("cp932",),
    "euc_jp": ("euc_jp", "euc_jis_2004"),
    "cp949": ("cp949",),
}
_FAMILY = {"gbk": "gb18030", "gb2312": "gb18030", "big5hkscs": "big5", "cp950": "big5",
           "shift_jis": "cp932", "euc_kr": "cp949"}
# each codec of a chain -> the family it stands in
_CHAIN_FAMILY = {c: f for f, chain in _CHAINS.items() for c in chain}

_LATIN1 = ("English", "German", "French", "Dutch", "Italian", "Spanish", "Portuguese", "Swedish",
           "Norwegian", "Finnish", "Danish", "Icelandic")
# Western code pages are also written in Albanian, scored on its own letters only (below)
_WESTERN = _LATIN1 + ("Albanian",)
_CENTRAL = ("Polish", "Czech", "Hungarian", "Slovak", "Slovene", "Croatian", "Romanian")
_BALTIC = ("Lithuanian", "Latvian", "Estonian")
_ARABIC = ("Arabic", "Farsi")
_CYRILLIC = ("Russian", "Ukrainian", "Bulgarian", "Serbian")
# codec -> languages it is written in (charset-normalizer's language names)
PROFILES: dict[str, tuple[str, ...]] = {
    "cp1252": _WESTERN, "iso8859_15": _WESTERN, "latin-1": _WESTERN,
    "iso8859_2": _CENTRAL, "cp1250": _CENTRAL,
    "iso8859_9": ("Turkish",), "cp1254": ("Turkish",),
    "cp1251": _CYRILLIC, "koi8_r": ("Russian", "Bulgarian"), "koi8_u": ("Ukrainian", "Russian"),
    "iso8859_5": _CYRILLIC, "cp866": ("Russian", "Ukrainian"), "mac_cyrillic": _CYRILLIC,
    "iso8859_7": ("Greek",), "cp1253": ("Greek",),
    "cp1255": ("Hebrew",), "iso8859_8": ("Hebrew",),
    "cp1256": _ARABIC, "iso8859_6": ("Arabic",), "cp1257": _BALTIC, "iso8859_13": _BALTIC,
    "tis_620": ("Thai",), "cp874": ("Thai",), "cp1258": ("Vietnamese",),
    "mac_roman": _WESTERN, "mac_latin2": _CENTRAL, "mac_greek": ("Greek",), "mac_turkish": ("Turkish",),
}
_SINGLE_BYTE_CODECS = frozenset(PROFILES)
_ORTHOGRAPHY_CODECS = frozenset(c for c, langs in PROFILES.items() if set(langs) & {*_CYRILLIC, "Greek", "Hebrew"})
CJK_PROFILES = {"gb18030": "Chinese (simplified)", "big5": "Chinese (traditional)",
                "cp932": "Japanese", "euc_jp": "Japanese", "cp949": "Korean"}
# Every code page here is scored on every input: a candidate that is missing cannot be ranked, and
# its text then lands on whichever codec maps the same bytes to something (Thai read as GB18030).
DEFAULT_CANDIDATES = ("gb18030", "big5", "cp932", "euc_jp", "cp949", "cp1252", "iso8859_2", "cp1250",
                      "iso8859_9", "cp1254", "iso8859_15", "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic",
                      "iso8859_7", "cp1253", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp1257",
                      "cp874", "cp1258", "mac_roman", "latin-1")
# Small log-priors: how often a codec is met, all else equal (the Central European and Baltic ones
# tuned on the development set, whose locales use each encoding about equally).  cp1254 differs
# from ISO-8859-9 only in 0x80-0x9F: it is named only when one of those bytes makes the difference.
_PRIOR = {"koi8_u": -1.0, "iso8859_5": -2.0, "cp866": -2.0, "mac_cyrillic": -3.0, "cp1256": -1.0,
          "cp1257": -1.5, "cp874": -1.0, "latin-1": -3.0, "iso8859_8": -0.5, "cp1250": -0.6,
          "euc_jp": -0.3, "cp1253": -0.3, "iso8859_2": -0.3, "iso8859_6": -1.5, "cp1258": -1.5,
          "mac_roman": -5.0, "cp1254": -0.01, "iso8859_15": -0.01, "mac_latin2": -5.0, "mac_greek": -5.0, "mac_turkish": -5.0,
          "iso8859_13": -2.0}

# Legacy encodings by how widely they are met, most first (after UTF-8; an ISO twin before its
# Windows code page where _PRIOR puts it so): code pages that read the bytes as the same text are
# one answer, named by the first of them here (:func:`_by_usage`).
_USAGE = {c: i for i, c in enumerate((
    "utf-8", "cp1252", "gb18030", "cp932", "cp1251", "cp949", "euc_jp", "big5", "iso8859_2", "cp1250",
    "cp1256", "iso8859_9", "cp1254", "iso8859_15", "cp874", "cp1253", "cp1255", "iso8859_7",
    "koi8_r", "cp1257", "cp1258", "iso8859_8", "tis_620", "koi8_u", "iso8859_6", "iso8859_5", "cp866",
    "iso8859_13", "mac_cyrillic", "latin-1", "mac_roman", "mac_latin2", "mac_greek", "mac_turkish"))}

_NON_ASCII = re.compile(rb"[\x80-\xff]")
_PAIR = re.compile(r"(?=(\S[^\x00-\x7f]|[^\x00-\x7f]\S))")
_TYPO = frozenset("«»–—‘’“”„‚…•·°€£§©®™¿¡×\u00a0")
_LOG = math.log


# -- the character model ----------------------------------------------------------------------

@lru_cache(maxsize=None)
def _frequencies() -> dict[str, str]:
    """Per language, its letters (or CJK characters) by frequency rank: charset-normalizer's
    table, shipped as ``codecscope/data/letter_frequencies.json`` (tools/build_letter_frequencies.py;
    importing charset-normalizer for it cost each command more than the table)."""
    languages: dict[str, str] = package_table("letter_frequencies.json")["languages"]
    return languages


@lru_cache(maxsize=None)
def _lang(lang: str) -> tuple[dict[str, float], str]:
    FREQUENCIES = _frequencies()
    letters = FREQUENCIES.get(lang) or [c for c in FREQUENCIES[_BORROWED[lang]] if c.isascii()]
    h = sum(1.0 / (r + 1) for r in range(len(letters)))
    table = {c: _LOG(0.92 / ((r + 1) * h)) for r, c in enumerate(letters)}
    for c in _FREQUENT_EXTRA.get(lang, ""):
        table.setdefault(c, _LOG(1e-2))
    for c in _ALPHABET_EXTRA.get(lang, "") + _ALPHABET.get(lang, ""):
        table.setdefault(c, _LOG(2e-3))
    return table, _script(letters[0])


# Languages charset-normalizer has no table for borrow a neighbour's ASCII letter order; their own
# letters come from _FREQUENT_EXTRA / _ALPHABET_EXTRA.
_BORROWED = {"Latvian": "Lithuanian", "Icelandic": "Danish", "Albanian": "English"}
# ... or have their ASCII letters scored as a mixture of languages is: Albanian as the Western
# code pages' other languages (no neighbour's letter order fits it: the closest, Lithuanian's,
# writes no q, which Albanian writes one letter in two hundred), so that adding it moves no
# Western text on its ASCII letters; its own, 'ë' above all, and their context tell it.
_AS_MIXTURE = {"Albanian": _LATIN1}
# Letters and marks frequent in a language but written differently from charset-normalizer's
# table in its code page: Latvian's long vowels, and cp1258's Vietnamese, which stores tone marks
# as combining characters after the (possibly circumflexed) vowel.
_FREQUENT_EXTRA = {
    "Latvian": "āēīūšžčņļķģ",
    "Albanian": "ë",   # one letter in fifteen of Albanian text; cp1257 reads its byte as Lithuanian 'ė'
    "Vietnamese": "\u0300\u0301\u0303\u0309\u0323ăâđêôơư",
    # Thai vowel signs and tone marks are combining marks charset-normalizer's table leaves out
    "Thai": "\u0e48\u0e49\u0e31\u0e34\u0e35\u0e38\u0e39\u0e36\u0e37\u0e4c\u0e47",
}


_LATIN_LANGS = _LATIN1 + _CENTRAL + ("Turkish", "Vietnamese") + _BALTIC
# Letters of each alphabet beyond charset-normalizer's top-26 frequency lists (orthography facts).
_ALPHABET_EXTRA = {
    "German": "äöüß", "French": "àâæçéèêëîïôœùûüÿ", "Spanish": "áéíñóúü", "Portuguese": "áâãàçéêíóôõú",
    "Italian": "àèéìíîòóùú", "Dutch": "ëïéèö", "Swedish": "åäöé", "Norwegian": "æøåé", "Danish": "æøåé",
    "Finnish": "äöå", "Polish": "ąćęłńóśźż", "Czech": "áčďéěíňóřšťúůýž", "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Hungarian": "áéíóöőúüű", "Slovene": "čšž", "Croatian": "čćđšž", "Romanian": "ăâîșțşţ",
    "Turkish": "çğıöşüâîû", "Lithuanian": "ąčęėįšųūž", "Estonian": "äöõüšž",
    "Vietnamese": "àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ",
    # þ and ð are Icelandic's own (cp1250 reads them as ţ and đ); as alphabet letters, not frequent
    # ones, so Baltic š and ž (the same bytes in cp1257) do not pass for Icelandic
    "Icelandic": "áðéíóúýþæö",
    "Albanian": "çë",
}
# Complete alphabets where a letter outside them says "not this language" (ы is not Bulgarian).
_ALPHABET = {
    "Russian": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "Ukrainian": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "Bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя", "Serbian": "абвгдђежзијклљмнњопрстћуфхцчџш",
}


def _ascii_p(lang: str, c: str) -> float:
    table = _lang(lang)[0]
    return math.exp(table[c]) if c in table else 3e-4


@lru_cache(maxsize=None)
def _latin_means() -> dict[str, float]:
    """Per ASCII letter, its mean probability over the Latin-script languages (once, not per language)."""
    return {c: sum(_ascii_p(lg, c) for lg in _LATIN_LANGS) / len(_LATIN_LANGS) for c in "abcdefghijklmnopqrstuvwxyz"}


@lru_cache(maxsize=None)
def _ascii_ratio(lang: str | tuple[str, ...]) -> tuple[float, ...]:
    """Per byte 0x00-0x7F: log P(letter | lang) - log of its mean over the Latin-script languages.

    ASCII letters decode alike in every candidate, so only this ratio may count: it tells French
    from Czech without favouring Latin readings over CJK ones.
    """
    out = [0.0] * 128
    if isinstance(lang, tuple):   # a mixture: the mean of its languages
        parts = [_ascii_ratio(lg) for lg in lang]
        return tuple(sum(col) / len(parts) for col in zip(*parts))
    if lang in _AS_MIXTURE:
        return _ascii_ratio(_AS_MIXTURE[lang])
    if lang not in _LATIN_LANGS:
        # Latin letters are rarer in text written in another alphabet.
        for c in "abcdefghijklmnopqrstuvwxyz":
            out[ord(c)] = out[ord(c.upper())] = ASCII_WEIGHT * _LOG(0.5)
        return tuple(out)
    means = _latin_means()
    for c in "abcdefghijklmnopqrstuvwxyz":
        r = ASCII_WEIGHT * _LOG(_ascii_p(lang, c) / means[c])
        out[ord(c)] = out[ord(c.upper())] = r
    return tuple(out)


# The ASCII words around an accented byte say which language they are in by their letter pairs
# far better than by their letters ('Vidovič': 'ov' and 'vi' are Slovene, and the letters alone
# hardly tell Slovene from Dutch), and a one-accent snippet's language is what picks its code page.
# Per pair of ASCII letters (a space for a word boundary), its pointwise mutual information in the
# language less its mean over the Latin-script languages (codecscope/data/ascii_pairs.json, from
# the same word lists as the letter context), clipped like the context and weighed like the
# letters: ASCII bytes decode alike in every candidate, so only the ratio may count.
ASCII_PAIR_WEIGHT = 0.2
_ASCII_PAIR_BYTES = bytes(c if 0x61 <= c <= 0x7a else c + 32 if 0x41 <= c <= 0x5a else 0x20 if c < 0x80 else 0x80
                          for c in range(256))
_ASCII_PAIR = re.compile(rb"(?=([a-z ][a-z]|[a-z] ))")


@lru_cache(maxsize=None)
def _ascii_pair_pmi() -> dict[str, dict[str, float]]:
    """Per Latin-script language of the table, per ASCII pair its PMI, clipped."""
    out = {}
    for lang, pairs in package_table("ascii_pairs.json")["languages"].items():
        first: dict[str, float] = {}
        second: dict[str, float] = {}
        for p, lp in pairs.items():
            first[p[0]] = first.get(p[0], 0.0) + math.exp(lp)
            second[p[1]] = second.get(p[1], 0.0) + math.exp(lp)
        out[lang] = {p: min(PAIR_MAX, max(PAIR_MIN, lp - _LOG(first[p[0]]) - _LOG(second[p[1]])))
                     for p, lp in pairs.items()}
    return out


@lru_cache(maxsize=None)
def _ascii_pair_ratio(lang: str | tuple[str, ...]) -> dict[bytes, float]:
    """Per ASCII pair (bytes, lower case), its weight for ``lang`` (a mixture: the mean of its
    languages'); languages the table lacks weigh none."""
    if isinstance(lang, tuple):
        parts = [_ascii_pair_ratio(lg) for lg in lang]
        found = sorted(set().union(*parts))
        cols = [list(map(p.get, found, repeat(0.0))) for p in parts]
        return dict(zip(found, [sum(col) / len(parts) for col in zip(*cols)]))
    lang = _AS_MIXTURE.get(lang, lang)
    if isinstance(lang, tuple):
        return _ascii_pair_ratio(lang)
    tables = _ascii_pair_pmi()
    lang = lang if lang in tables else _BORROWED_PAIRS.get(lang, lang)   # (Estonian: Finnish's)
    if lang not in tables:
        return {}
    mine = tables[lang]
    out: dict[bytes, float] = {}
    for k, mean in _ascii_pair_means().items():
        d = ASCII_PAIR_WEIGHT * (mine.get(k, PAIR_MIN) - mean)
        if d:
            out[k.encode()] = d
    return out


@lru_cache(maxsize=None)
def _ascii_pair_means() -> dict[str, float]:
    """Per ASCII pair, its mean PMI over the table's languages (once, not per language)."""
    tables = _ascii_pair_pmi()
    names: set[str] = set().union(*tables.values())
    return {k: sum(t.get(k, PAIR_MIN) for t in tables.values()) / len(tables) for k in sorted(names)}


@lru_cache(maxsize=8)
def _ascii_pairs(data: bytes) -> tuple[list[bytes], list[int]]:
    """The pairs of ASCII letters (or a letter and a word boundary) in the first 4 KiB of
    ``data``, and how often each occurs; a non-ASCII byte belongs to neither side."""
    found = Counter(_ASCII_PAIR.findall(b" " + data[:4096].translate(_ASCII_PAIR_BYTES) + b" "))
    return list(found), list(found.values())


def _ascii_pair_ll(lang: str | tuple[str, ...], data: bytes) -> float:
    pairs, ns = _ascii_pairs(data)
    w = _ascii_pair_ratio(lang)
    return sum(n * w.get(p, 0.0) for p, n in zip(pairs, ns))


MIX_COST = 6.0


@lru_cache(maxsize=65536)
def _mix_lp(codec: str, ch: str) -> float:
    """log P(ch) in whichever of the codec's languages likes it best, for text that mixes them (a
    Swedish address in a Spanish list), minus a small cost per character for not committing."""
    langs = PROFILES[codec]
    return max(_sb_lp(lg, ch) for lg in langs) - MIX_COST / 10


def _cap(x: float, nonascii: int) -> float:
    """Bound the ASCII evidence by the amount of non-ASCII evidence it weighs against: a long
    English passage must not outvote the few bytes that tell the code pages apart."""
    cap = ASCII_CAP + 0.5 * nonascii
    return cap * math.tanh(x / cap)


@lru_cache(maxsize=4096)
def _mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


_script = char_script   # the Unicode Script property: 'Latin', 'Cyrillic', 'Inherited' (combining marks)

# Scripts one writing system mixes in its words: Japanese writes Han and kana, Korean Hangul and Han.
_WRITING = {"Hiragana": "Han", "Katakana": "Han", "Hangul": "Han", "Bopomofo": "Han"}


def _one_writing(text: str, multi: int) -> bool:
    """Whether valid UTF-8 with ``multi`` multibyte characters is structure worth a prior: several
    of them (:data:`UTF8_SURE`), or letters of one writing system.  A few legacy bytes line up
    into one or two well-formed sequences by chance, and then rarely into one script's letters
    (Thai 'เบนิน' in TIS-620 is Lao 'ູ' and Armenian 'Թ' in UTF-8).  Nor is it worth one when a
    character is one text hardly ever holds: three bytes of GBK or Shift_JIS from mid-stream make
    one UTF-8 character as often as not, an extension-A Han ('㷼') or, alone, a letter of a script
    no code page here writes (a Yi syllable 'ꌎ')."""
    if multi >= UTF8_SURE:
        return True
    found = set()
    for ch in text:
        if ch > "\x7f":
            cls = plausibility.char_class(ch)
            if cls in _RARE_IN_UTF8 or cls == "letter-other" and multi == 1:
                return False
            s = _script(ch)
            if s not in ("Common", "Inherited"):
                found.add(_WRITING.get(s, s))
    return len(found) <= 1


_RARE_IN_UTF8 = frozenset({"han-ext", "han-compat", "hangul-rare", "private", "unassigned"})


_UPPER = _LOG(0.2)
# Capitals cost a reading _UPPER each, but no more than CAPS_MAX in all: text written in capitals
# throughout (a warning, a heading, a form) is one decision of its writer, not a run of unlikely
# letters, and paying per letter made another script's lower-case reading of the same bytes win
# (KOI8-R capitals are ISO-8859-7 small letters, cp1253 capitals KOI8-R small ones).  Case that
# changes inside a word is what still tells such readings apart (:func:`_sb_pair`).
CAPS_MAX = 4.0


def _caps_ll(capitals: int) -> float:
    return max(_UPPER * capitals, -CAPS_MAX)


def _capital(ch: str) -> bool:
    return ch != ch.lower()[:1]


_SYMBOL_LP = {"nbsp": _LOG(1e-3), "latin1-symbol": _LOG(3e-5), "currency": _LOG(3e-4),
              "punct": _LOG(1e-3), "punct-rare": _LOG(3e-5), "c1": _LOG(1e-9), "control": _LOG(1e-9),
              "private": _LOG(1e-10), "unassigned": _LOG(1e-10), "box": _LOG(1e-6), "symbol": _LOG(1e-5),
              "math": _LOG(1e-5), "mark": _LOG(1e-4), "format": _LOG(1e-6), "replacement": _LOG(1e-4),  # lossy decodes leave U+FFFD in real files
              "cjk-punct": _LOG(1e-5), "fullwidth": _LOG(1e-6), "shape": _LOG(1e-5), "arrow": _LOG(1e-5),
              "emoji": _LOG(1e-4), "bom": _LOG(1e-6), "space": _LOG(1e-3)}


def _own_script(ch: str) -> str:
    """The script of a letter or mark; a combining mark of one script's block (Arabic harakat,
    shadda and sukun are 'Inherited' to the Script property) by the script its name gives."""
    s = _script(ch)
    if s == "Inherited":
        s = unicodedata.name(ch, "").partition(" ")[0].title() or s
    return s


@lru_cache(maxsize=65536)
def _sb_lp(lang: str, ch: str) -> float:
    """log P(ch) for a non-ASCII character in text of a single-byte-code-page language, casefolded:
    capitals are paid for by the whole reading (:func:`_caps_ll`), not letter by letter."""
    table, script = _lang(lang)
    low = ch.lower()[:1]   # "İ".lower() is "i" + a combining dot
    if low in table:
        return table[low]
    if ch in _UNIT_MARKS:   # the micro sign is a letter to Unicode, a unit's sign to the text
        return _UNIT_LP
    if ch.isalpha() or _mark(ch):   # Thai vowel signs and tone marks are marks, not letters
        own = _own_script(ch)
        if own == script and lang not in _ALPHABET:
            # the long tail of an alphabet of its own (Thai, Arabic) vs a foreign accented letter
            return _LOG(3e-4 if script == "Latin" else 2e-3)
        return _LOG(1e-5) if own == script else _LOG(1e-6)
    if ch in _TYPO:
        return _LOG(1.5e-3)
    return _SYMBOL_LP.get(plausibility.char_class(ch), _LOG(1e-6))


_QUOTES = frozenset("«»‘’‚“”„‹›–—…")
# Written right against letters or digits in ordinary Western text: m², m³, 5°C, µg, 1º, CN¥, US$.
# The micro sign is also written as Greek mu, which is what NFKC makes of it.
_UNIT_MARKS = frozenset("²³¹°µμºª¥£€¢")
_UNIT_LP = _LOG(5e-4)
# Of those, the ones that end what they are written against: a letter never follows them
_ENDS_UNIT = frozenset("²³¹ºª")
# Marks written right after a name and never before a letter: Acme®, Name™
_ENDS_NAME = frozenset("®™")
_CYR_VOWELS = frozenset("аеёиоуыэюяіїє")


# Thai spelling, which every Thai keyboard's input check enforces: a vowel written before its
# consonant (เ แ โ ใ ไ) is followed by a consonant, a vowel sign above or below sits on a
# consonant, and a tone mark on a consonant or on such a vowel sign.  Bytes of another code page
# read as TIS-620 stack signs on signs ('苏燕' in GBK is 'หีัเ'): a pair no Thai text writes.
_THAI = frozenset(map(chr, range(0x0E01, 0x0E5C)))
_THAI_CONSONANTS = frozenset(map(chr, range(0x0E01, 0x0E2F)))
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_THAI_SIGNS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a")
_THAI_TONES = frozenset("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
THAI_MISSPELT = 5.0


def _thai_pair(a: str, b: str) -> float:
    if (a in _THAI_LEADING and b not in _THAI_CONSONANTS or b in _THAI_SIGNS and a not in _THAI_CONSONANTS
            or b in _THAI_TONES and a not in _THAI_CONSONANTS and a not in _THAI_SIGNS):
        return -THAI_MISSPELT
    return 0.0


@lru_cache(maxsize=1 << 17)
def _sb_pair(a: str, b: str) -> float:
    """log-penalty for two adjacent characters, at least one of them non-ASCII."""
    if _script(b) == "Inherited" or _script(a) == "Inherited":
        if a.isalpha() and _mark(b) and _own_script(b) not in ("Combining", _script(a)):
            return -6.0          # an Arabic vowel mark on a Latin letter: 'ó' read in cp1256
        return 0.0               # cp1258 writes Vietnamese tones as combining marks after a letter
    if a in _THAI and b in _THAI:
        return _thai_pair(a, b)
    la, lb = a.isalpha() or _mark(a), b.isalpha() or _mark(b)
    if a in _ENDS_UNIT and lb:
        return -5.0              # m³, 2º end a word; 'Che³m' is Polish 'ł' read in cp1252
    if b == "\u00b5" and la:
        return -5.0              # the micro sign starts a unit (µs, 10 µm), never ends a word
    if a in _UNIT_MARKS or b in _UNIT_MARKS:
        return 0.0               # µs, 1ª: a unit or ordinal mark is no alphabet of its own
    if b in _ENDS_NAME and la:
        return 0.0
    if la and lb:
        sa, sb = _script(a), _script(b)
        if sa != sb:
            return -6.0          # two alphabets inside one word
        if a.islower() and b.isupper():
            return -3.0
        if sa == "Latin" and a > "\x7f" and b > "\x7f":
            return -1.0          # runs of accented letters: "Ïðèâåò"
        if sa == "Cyrillic":
            x, y = a.lower(), b.lower()
            if x in _CYR_VOWELS and y in "ьъы":
                return -4.0      # soft/hard sign or ы right after a vowel
            if y == "й" and x not in _CYR_VOWELS:
                return -3.0      # й follows vowels
        return 0.0
    if la or lb:
        other = b if la else a
        if (other > "\x7f" and not other.isalnum() and other not in _QUOTES and not other.isspace()
                and other not in _UNIT_MARKS):
            return -5.0          # a symbol glued to a letter: "©kofja", "Ã©"
    return 0.0


@lru_cache(maxsize=None)
def _cjk_top() -> dict[str, frozenset[str]]:
    F = _frequencies()

    # Chinese text writes the most common Japanese Han too (日, 月, 年, 人, 大 …: dates and
    # numbers), which charset-normalizer's top-100 Chinese list happens to leave out; a Han
    # character that is not common in the reading's own tradition never gets here (tier <= 1).
    han_ja = {c for c in F["Japanese"] if plausibility.char_class(c) == "han"}
    return {"hans": frozenset(F["Chinese"]) | han_ja, "ja": frozenset(F["Japanese"]),
            "ko": frozenset(F["Korean"])}


@lru_cache(maxsize=None)
def _kana() -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    F = _frequencies()

    def zipf(chars: Sequence[str], mass: float) -> dict[str, float]:
        h = sum(1.0 / (r + 1) for r in range(len(chars)))
        return {c: _LOG(mass / ((r + 1) * h)) for r, c in enumerate(chars)}

    return zipf(F["Japanese——"], 0.35), zipf(F["Japanese—"], 0.15), zipf(F["Korean"], 0.2)


# Rough jamo commonness in Korean (phonotactics: plain initials, simple vowels and no / simple
# finals dominate).  Random KS X 1001 syllables (what other CJK bytes become when read as cp949)
# are much less likely under it than real words.
_INITIAL = (10, 1, 6, 8, 1, 5, 5, 5, 0.3, 8, 1, 20, 8, 0.5, 3, 1, 2, 2, 6)
_MEDIAL = (20, 5, 1, 0.1, 10, 4, 5, 0.5, 10, 2, 0.3, 2, 1, 7, 1, 0.2, 1, 1, 10, 3, 14)
_FINAL = (50, 8, 0.5, 0.1, 15, 0.2, 0.2, 0.5, 10, 0.5, 0.3, 0.3, 0.05, 0.1, 0.05, 0.2, 5, 3, 0.5, 2,
          2, 10, 0.5, 0.3, 0.05, 0.3, 0.3, 0.3)


@lru_cache(maxsize=None)
def _hangul_norm() -> float:
    # in code point order: summed in set order, the last bits would change with the hash seed
    return sum(_jamo_weight(c) for c in sorted(plausibility._tiers()["hangul"]))


def _jamo_weight(ch: str) -> float:
    code = ord(ch) - 0xAC00
    return _INITIAL[code // 588] * _MEDIAL[(code % 588) // 28] * _FINAL[code % 28]


@lru_cache(maxsize=4096)
def _hangul_lp(ch: str) -> float:
    return _LOG(0.75 * _jamo_weight(ch) / _hangul_norm())


# log-probabilities of a Han character per profile: (top 100, common to all three traditions,
# level 1 of this one, level 2, beyond); tiers from codecscope.plausibility.han_tier.
_HAN = {"gb18030": (_LOG(0.35 / 100), _LOG(0.35 / 1580), _LOG(0.25 / 2175), _LOG(0.04 / 3008), _LOG(0.003 / 20000)),
        "big5": (_LOG(0.35 / 100), _LOG(0.5 / 1580), _LOG(0.4 / 3821), _LOG(0.05 / 7652), _LOG(0.003 / 20000)),
        "ja": (_LOG(0.12 / 100), _LOG(0.3 / 1580), _LOG(0.1 / 1385), _LOG(0.015 / 3390), _LOG(0.002 / 20000))}
_FLAVOUR = {"gb18030": "hans", "big5": "hant", "cp932": "ja", "euc_jp": "ja", "cp949": "ko"}


# How common each Han, kana and Hangul character really is in each writing system
# (codecscope/data/cjk_frequency.json, from wordfreq's word lists, CC-BY-SA 4.0, shared with
# repair).  The code pages' own tiers cannot say it: GB2312's level 1 holds 灸 and 惰 beside 的,
# so Thai or Kyrgyz bytes read as four level-1 Han scored like a Chinese word.  A character's
# probability is a mixture: FREQ_SHARE of it from the real frequency, the rest from the tiers
# (which keep rare and unlisted characters, real names use them, from costing a fortune).
FREQ_SHARE = 0.8   # fitted on the development set (0.5 and 0.95 were tried)


@lru_cache(maxsize=None)
def _cjk_frequencies(system: str) -> dict[str, float]:
    raw = package_table("cjk_frequency.json")["tables"][system]
    return {ch: 10 ** (-int(key) / 10) for key, chars in raw.items() for ch in chars}


@lru_cache(maxsize=65536)
def _cjk_lp(profile: str, ch: str) -> float:
    """log P(ch) for a non-ASCII character in text of a CJK multibyte codec's language."""
    shipped = _shipped_tables()   # every character one or two bytes of the profile's codecs make
    if shipped is not None and profile in shipped.cjk:
        chars, at = shipped.cjk[profile]
        i = bisect.bisect_left(chars, ch)
        if i < len(chars) and chars[i] == ch:
            return shipped.values[shipped.refs[at + i]]
    return _build_cjk_lp(profile, ch)


def _build_cjk_lp(profile: str, ch: str) -> float:
    lp = _cjk_tier_lp(profile, ch)
    if FREQ_SHARE and plausibility.char_class(ch) in ("han", "hiragana", "katakana", "hangul"):
        f = _cjk_frequencies(_FLAVOUR[profile]).get(ch, 0.0)
        return _LOG(FREQ_SHARE * f + (1.0 - FREQ_SHARE) * math.exp(lp))
    return lp


def _cjk_tier_lp(profile: str, ch: str) -> float:
    flav = _FLAVOUR[profile]
    if ch in _UNIT_MARKS:
        return _UNIT_LP     # CJK text writes units and prices as Western text does: m², 20°C, 5 µg
    cls = plausibility.char_class(ch)
    hira, kata, hangul = _kana()
    if cls == "han":
        tier = plausibility.han_tier(ch)
        if flav == "ko":
            return _LOG(2e-5) if tier["hant"] <= 1 else _LOG(2e-6)
        weights = _HAN["ja" if flav == "ja" else profile]
        t = tier[flav]
        if t <= 1 and ch in _cjk_top()["ja" if flav == "ja" else "hans"]:
            return weights[0]
        return weights[t + 1]
    if cls == "hiragana":
        return hira.get(ch, _LOG(1e-4)) if flav == "ja" else _LOG(1e-7)
    if cls == "katakana":
        return kata.get(ch, _LOG(1e-4)) if flav == "ja" else _LOG(3e-7)
    if cls == "hangul":
        return hangul.get(ch, _hangul_lp(ch)) if flav == "ko" else _LOG(1e-8)
    if cls == "hangul-rare":
        return _LOG(3e-6) if flav == "ko" else _LOG(1e-9)
    if cls == "halfwidth-katakana":
        return _LOG(1e-5) if flav == "ja" else _LOG(1e-8)
    if cls == "cjk-punct":
        return _LOG(3e-3)
    if cls == "fullwidth":
        return _LOG(3e-4)
    if cls in ("han-ext", "han-compat"):
        return _LOG(1e-7)
    if ch in _TYPO or cls == "punct":
        return _LOG(3e-4)
    if ch.isalpha():
        lang = _CJK_ALPHABETS.get(_script(ch))
        if lang:
            return _sb_lp(lang, ch) - ALPHABET_IN_CJK + (_UPPER if _capital(ch) else 0.0)
        return _LOG(1e-7)
    return _SYMBOL_LP.get(cls, _LOG(1e-6)) - 2.0


# GB2312, JIS X 0208 and KS X 1001 all carry the Russian and Greek alphabets, and text in them
# uses them (Russian in a GBK file, Greek letters in a formula): a word in one is scored as a word
# of that language, less a little for meeting it in a CJK code page.  A letter of either glued to
# a CJK character is what another code page's bytes make of a Han character (Big5 我 read as GBK).
_CJK_ALPHABETS = {"Cyrillic": "Russian", "Greek": "Greek"}
ALPHABET_IN_CJK = 2.0
_ALPHA_GLUED = re.compile("[\u0370-\u04ff][\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|"
                          "[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff][\u0370-\u04ff]")
_HAS_ALPHA = re.compile("[\u0370-\u04ff]")


class _Memo(dict):  # type: ignore[type-arg]
    """``fn(key)`` per key, kept: a hit is a C-level dict look-up, not a Python call."""

    def __init__(self, fn: Callable[[str], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: str) -> Any:
        if len(self) > 1 << 16:   # bounded, for long-running processes
            self.clear()
        v = self[key] = self.fn(key)
        return v


_CJK_LP = {p: _Memo(partial(_cjk_lp, p)) for p in CJK_PROFILES}
_SB_LP = _Memo(lambda lang: _Memo(partial(_sb_lp, lang)))   # language -> its characters' log P


def _loglik(profile: str, text: str) -> tuple[float, str | None]:
    """Log-likelihood of the non-ASCII part of ``text`` under ``profile`` and the best language."""
    na, counts = _char_counts(text)
    if not counts:
        return 0.0, None
    if profile in CJK_PROFILES:
        # the patterns below need a Greek or Cyrillic letter, a kana, a full-width letter: most
        # readings have none, which a search of their non-ASCII characters alone tells
        glued = len(_CJK_GLUED.findall(text)) + (2 * len(_ALPHA_GLUED.findall(text)) if _HAS_ALPHA.search(na) else 0)
        lone = len(_LONE_KANA.findall(text)) if _FLAVOUR[profile] == "ja" and _HAS_KANA.search(na) else 0
        odd = (CJK_GLUE * glued + LONE_KANA * lone + WIDTH_MIX * (len(_WIDTH_MIX.findall(text)) if _HAS_FULL.search(na) else 0)
               + SCRIPT_SWITCH * _cjk_switches(text))
        lp = _CJK_LP[profile]
        return sum(map(_mul, counts.values(), map(lp.__getitem__, counts))) - odd, CJK_PROFILES[profile]
    langs = PROFILES.get(profile, _LATIN1 + _CYRILLIC)
    best, best_lang = -math.inf, None
    n_na = sum(counts.values())
    # the ASCII bytes present, in byte order: the dot products skip only terms that are 0
    idx, ns = _ascii_counts(text)
    ctx = _context(langs, text)
    raw = text.encode("utf-8", "surrogatepass")
    for lang, c_ll in zip(langs, ctx):
        s = _cap(sum(map(_mul, ns, map(_ascii_ratio(lang).__getitem__, idx))) + _ascii_pair_ll(lang, raw), n_na) + c_ll
        lp = _SB_LP[lang]
        for c, n in counts.items():
            s += n * lp[c]
        if s > best:
            best, best_lang = s, lang
    if len(langs) > 1 and profile in PROFILES:
        s = _cap(sum(map(_mul, ns, map(_ascii_ratio(langs).__getitem__, idx))) + _ascii_pair_ll(langs, raw), n_na) + ctx[-1]
        s += sum(n * _mix_lp(profile, c) for c, n in counts.items())
        best = max(best, s)   # the language named stays the best single one
    capitals = sum(n for c, n in counts.items() if _capital(c))
    return best + _pairs_ll(text) + _caps_ll(capitals), best_lang


# (the same reading is scored under several profiles, _any_profile's pool: what depends on the
# text alone is counted once)
@lru_cache(maxsize=8)
def _char_counts(text: str) -> tuple[str, dict[str, int]]:
    """``text``'s non-ASCII characters, and how often each occurs."""
    na = _non_ascii_chars(text)
    return na, Counter(na)


@lru_cache(maxsize=8)
def _ascii_counts(text: str) -> tuple[list[int], list[int]]:
    """The ASCII bytes ``text`` holds, in byte order, and how often each occurs."""
    present = sorted(Counter(text.encode("ascii", "ignore")).items())
    return [b for b, _ in present], [n for _, n in present]


# Words without a vowel, in the alphabets whose words have them: what Hebrew or Greek bytes become
# read as a Cyrillic code page, and Cyrillic bytes read as a Greek one.  The test is the same for
# both, so abbreviations ("ср", "чт") cost each reading alike.
_CYR_CONSONANTS = "бвгджзйклмнпрстфхцчшщъьБВГДЖЗЙКЛМНПРСТФХЦЧШЩЪЬ"
_GREEK_LOWER_CONSONANTS = "βγδζθκλμνξπρστφχψ"          # final sigma apart
_GREEK_CONSONANTS = _GREEK_LOWER_CONSONANTS + "ς" + _GREEK_LOWER_CONSONANTS.upper()
_VOWELLESS = re.compile(rf"(?<![^\W\d_])(?:[{_CYR_CONSONANTS}]{{2,}}|[{_GREEK_CONSONANTS}]{{2,}})(?![^\W\d_])")
VOWELLESS_COST = 4.0        # a two-letter one costs a quarter: abbreviations ("пт", "кг") are common
# Letters with a final form of their own, in the wrong place: Greek ς inside a word or after a
# consonant (Greek words end in -ος, -ας, -ης …), a Hebrew final letter (ך ם ן ף ץ) before another
# letter, or its ordinary form ending a word.  Text in those alphabets does not do that; bytes of
# another code page read in theirs do it all the time.
_MISPLACED_FINAL = re.compile(f"ς(?=[α-ωά-ώ])|(?<=[{_GREEK_LOWER_CONSONANTS}])ς|"
                              "[\u05da\u05dd\u05df\u05e3\u05e5](?=[\u05d0-\u05ea])|"
                              "(?<=[\u05d0-\u05ea])[\u05db\u05de\u05e0\u05e4\u05e6](?=[^\u05d0-\u05ea])")
MISPLACED_FINAL_COST = 2.5   # payloads repeat words without a space ("שלום" * n), cuts end mid-word


def _orthography_ll(text: str) -> float:
    """Vowelless words and misplaced final letters (see above), as a log-penalty."""
    ll = -MISPLACED_FINAL_COST * len(_MISPLACED_FINAL.findall(text))
    for w in _VOWELLESS.findall(text):
        ll -= VOWELLESS_COST / 4 if len(w) == 2 else VOWELLESS_COST
    return ll


@lru_cache(maxsize=8)   # the same reading is scored under several profiles (_any_profile)
def _pairs_ll(text: str) -> float:
    """Context evidence for single-byte readings: adjacent pairs, words without a vowel and final
    letters out of place (:func:`_orthography_ll`), and alphabet switches."""
    pairs = Counter(_PAIR.findall(text))
    ll = sum(n * _sb_pair(p[0], p[1]) for p, n in pairs.items())
    return (ll + _orthography_ll(text) - SCRIPT_SWITCH * _switches(text) + _orphans_ll(text) + _glued_quotes_ll(text)
            + _capitals_inside_ll(text))


# A combining mark (a Hebrew point, a Thai vowel sign, a Vietnamese tone) with no letter before it
# (at the start, or after an ASCII space, digit or punctuation): what a wrong reading makes of a
# word's first byte, next to never written.
ORPHAN_MARK = 6.0
_AFTER_NO_LETTER = re.compile(r"(?:^|[\x00-\x40\x5b-\x60\x7b-\x7f])([^\x00-\x7f])")


def _orphans_ll(text: str) -> float:
    return -ORPHAN_MARK * sum(map(_mark, _AFTER_NO_LETTER.findall(text)))


# A quotation mark between two letters of a word ('No‘l', 'r“c'): quotes open after a space and
# close before one, and only the apostrophe ’ stands inside words (don’t, l’homme).  What a code
# page's quote bytes are in another one is letters (Mac Roman 'Noël' is cp1252 'No‘l'; the second
# byte of a Big5 Han is a cp1252 quote), and without this those readings paid nothing for it: the
# pair of a letter and a quote is ordinary on either side (German closes with “ and ‘).
GLUED_QUOTE = 5.0
_INNER_QUOTES = frozenset("‘“”„‚«»‹›")
_QUOTE_CHARS = re.compile("[" + "".join(sorted(_INNER_QUOTES)) + "]")


def _glued_quotes_ll(text: str) -> float:
    return -GLUED_QUOTE * sum(1 for m in _QUOTE_CHARS.finditer(text, 1)
                              if text[m.start() - 1].isalpha() and text[m.end():m.end() + 1].isalpha())


# A non-ASCII capital after a capital and before a small letter ('LŽon'): a word is capitalised
# at its start or throughout, never from its second letter on for one letter.  What a code page's
# small accented letters are in another one is often capitals (Mac Roman 'é' 0x8E is cp1250 and
# cp1252 'Ž'), and a capital's pairs with the letters either side are ordinary on their own
# (:func:`_sb_pair` sees 'LŽ', all capitals, and 'Žo', a word's start): it takes the three.
CAPITAL_INSIDE = 3.0


def _capitals_inside_ll(text: str) -> float:
    return -CAPITAL_INSIDE * sum(1 for i, ch in enumerate(text) if ch > "\x7f" and 0 < i < len(text) - 1
                                 and ch.isalpha() and _capital(ch) and text[i - 1].isalpha()
                                 and _capital(text[i - 1]) and text[i + 1].islower())


# Where Western text writes a sign, a letter is next to never written: right after a number
# (1º, 1¼), after a number and a unit of length (5 m³, 10 cm²), before a unit after a number
# (10 µs, 5 µg), glued to a number (£5, 5€) or after a currency code's two capitals beside a
# number (CN¥ 10).  A code page that reads a letter there (Polish 'ł' for '³', Slovak 'ľ' for
# 'µ', 'Ą' for '¥', 'Ł' for '£') pays; Polish "5 zł" and Hungarian "5 év" stand where words do.
# Labels write the same signs without the number (a unit's name 'm³', 'µs', a currency 'CN¥'),
# and a sign may stand alone ('±', '®', '¼'): a letter alone is a word only in the few
# languages whose one-letter words are accented (_LONE_WORDS), an initial or abbreviation ('Ž.',
# 'A.Ş'), or a word cut short at the end.
SIGN_SLOT = 6.0
_SIGN_BYTES = re.compile(rb"[0-9] ?[A-Za-z]{0,2}[\x80-\xff]|[\x80-\xff] ?[0-9]|[A-Z]{2}[\x80-\xff]"
                         rb"|(?<![A-Za-z\x80-\xff])(?:[cmkd]?m|ft|in)[\x80-\xff](?![A-Za-z\x80-\xff])"
                         rb"|(?<![A-Za-z\x80-\xff])[\x80-\xff](?:[mgslAVWFHJ]|mol|Hz|Pa)(?![A-Za-z\x80-\xff])")
# A byte standing alone (no letter, digit, period or other non-ASCII byte beside it, not last):
# in a single-byte code page one character, so whether its reading pays is a property of the byte
# (:func:`_lone_pays`), found once for the input rather than searched for in every reading.
_LONE_BYTE = re.compile(rb"(?<![A-Za-z0-9.\x80-\xff])([\x80-\xff])(?![A-Za-z0-9.\x80-\xff]| [0-9]|$)")
# Every alternative has a digit or an ASCII letter in one of the first three characters of its
# match, and its sign within the first five: the two lookaheads first turn away, in a test or
# two, the positions inside a run of letters of another script or of signs, and those in ASCII
# words far from any sign, where no alternative can start (a search tried all eleven at each).
_SIGN_SLOTS = re.compile(
    r"(?=[\dA-Za-z]|[\s\S][\dA-Za-z]|[\s\S]{2}[\dA-Za-z])(?=[\x00-\x7f]{0,4}[^\x00-\x7f])(?:"
    r"\d([^\x00-\x7f])(?![^\W\d_])"                               # 5º, 2ł
    r"|\d ?(?:[cmkd]?m|ft|in|yd|mi)([^\x00-\x7f])(?![^\W\d_])"     # 5 m³
    r"|\d ?([^\x00-\x7f])(?:[mgslAVWFHJ]|mol|Hz|Pa)(?![^\W\d_])"    # 10 µs
    r"|(?<![^\W\d_])([^\x00-\x7f])\d"                               # £5
    r"|(?<![^\W\d_])([^\x00-\x7f]) \d"                              # © 2024 (not French 'à 5')
    r"|(?<![^\W\d_])[A-Z]{2}([^\x00-\x7f])(?=\s?\d)"                # CN¥ 10
    r"|^[A-Z]{2}([^\x00-\x7f])$"                                      # CN¥ alone
    r"|(?<=\d)\s?[A-Z]{2}([^\x00-\x7f])(?![^\W\d_])"                # 10 CN¥
    r"|(?<![^\W\d_])(?:[cmkd]?m|ft|in)([^\x00-\x7f])(?![^\W\d_])"  # m³ (a unit's name)
    r"|(?<![^\W\d_])([^\x00-\x7f])(?:[mgsAVWFHJ]|mol|Hz|Pa)(?![^\W\d_])"   # µs
    r"|(?<![^\W\d_])[A-Z]{2}([^\x00-\x7f])(?![^\W\d_]))")         # CN¥ yuan
_SPACED = 5   # the group of a sign standing alone before a number
# The groups of a sign glued to a unit's or currency's letters without a number ('m³', 'µs',
# 'CN¥ yuan'), and the signs that stand there: without a number the slot is also a short word's
# place (Czech 'mě', Polish 'mą'), so every reading that writes anything else pays alike — another
# script's letter ('mμ') or another sign ('m¹') is no unit either
_NAMED = {9: "²³", 10: "µμ", 11: "¥£€¢$"}
# Accented letters that are words by themselves: French and Portuguese 'à', Portuguese 'é',
# Italian 'è', Icelandic 'á', 'í', 'ó', 'ú', Scandinavian 'å', 'ö', 'ø', Spanish 'ó' between numbers.
_LONE_WORDS = frozenset("àéèáíóúåöøô")


def _sign_slots_ll(text: str, skeleton: str | None = None, where: list[int] | None = None) -> float:
    """Minus SIGN_SLOT per Latin letter written where Western text writes a sign (Greek '5η' and
    Russian '2020г' are ordinals and abbreviations of their own).  ``skeleton``: the parts of
    ``text`` a slot can be in (:func:`_sign_context`) as :func:`_sign_skeleton` has them, which
    the code pages of one snippet mostly share; ``where``: the position in ``text`` of each of
    its characters."""
    n = 0
    for pos, group in _sign_sites(text if skeleton is None else skeleton):
        ch = text[pos if where is None else where[pos]]
        if group in _NAMED:
            n += ch not in _NAMED[group]
        elif (ch.isalpha() and ch not in _UNIT_MARKS and _script(ch) == "Latin"
                and (group != _SPACED or ch not in _LONE_WORDS)):   # 'à 5'
            n += 1
    return -SIGN_SLOT * n


@lru_cache(maxsize=64)
def _sign_sites(text: str) -> tuple[tuple[int, int], ...]:
    """(position, group) of each sign slot :data:`_SIGN_SLOTS` finds in ``text`` (each alternative
    has one group: the last one closed is the slot's)."""
    return tuple((m.start(g), g) for m in _SIGN_SLOTS.finditer(text) if (g := m.lastindex))


@lru_cache(maxsize=None)
def _sign_skeleton(codec: str) -> str:
    """A single-byte code page as a ``codecs.charmap_decode`` table that keeps ASCII and maps every
    other character to one of the same kind for :data:`_SIGN_SLOTS` (a digit, a space, a letter
    or number, anything else): the pattern finds the same slots in that reading as in the code
    page's own, so the readings that agree on those kinds share one search."""
    def kind(c: str | None) -> str:
        if c is None or c.isascii():
            return c or "\xa4"
        return "\u0663" if c.isdecimal() else "\xa0" if c.isspace() else "\xe9" if c.isalnum() else "\xa4"
    return "".join(map(kind, _chars(codec)))


# Every slot of _SIGN_SLOTS but a string of three capitals alone has a digit, or a unit's name or
# two capitals beside a byte above 0x7F (a slot without a number), within SIGN_REACH characters
# of every character its match looks at (lookarounds included)
SIGN_REACH = 8
_SIGN_GAP = bytes(SIGN_REACH + 1)


@lru_cache(maxsize=None)
def _sign_anchors() -> re.Pattern[bytes]:
    """Runs of bytes that read as a digit (ASCII ones, and those a code page here reads as one:
    Thai), and the bytes of a slot without a number ('m³', 'µs', 'CN¥')."""
    high = bytes(b for b in range(0x80, 0x100) if any((c := _chars(f)[b]) is not None and c.isdecimal() for f in PROFILES))
    return re.compile(rb"[0-9" + re.escape(high) + rb"]+"
                      rb"|(?:m|ft|in|[A-Z]{2})[\x80-\xff]|[\x80-\xff](?:[mgsAVWFHJ]|Hz|Pa)")


def _sign_context(data: bytes) -> tuple[bytes, list[int]]:
    """The parts of ``data`` a sign slot can look at in any single-byte reading, SIGN_REACH bytes
    either side of each run of digits and each slot without a number, apart by zero bytes (which
    no slot reaches across), and the position in ``data`` of each of their bytes (-1 for the zero
    bytes).  Short of digits, the search then sees a few bytes, and the readings of a snippet
    come to share them."""
    if len(data) <= 4:   # three capitals alone, or with a newline
        return data, list(range(len(data)))
    parts: list[bytes] = []
    where: list[int] = []
    spans: list[list[int]] = []
    for m in _sign_anchors().finditer(data):
        a, b = max(0, m.start() - SIGN_REACH), min(len(data), m.end() + SIGN_REACH)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    done = 0
    for a, b in spans:
        if a > done:
            parts.append(_SIGN_GAP)
            where += [-1] * len(_SIGN_GAP)
        parts.append(data[a:b])
        where += range(a, b)
        done = b
    if done < len(data):
        parts.append(_SIGN_GAP)
        where += [-1] * len(_SIGN_GAP)
    return b"".join(parts), where


@lru_cache(maxsize=None)
def _lone_pays(codec: str, byte: int) -> bool:
    """Whether ``codec`` reads ``byte`` standing alone (:data:`_LONE_BYTE`) as a Latin letter that
    is no word by itself (a sign's place: '±' that ISO-8859-2 reads 'ą')."""
    ch = _chars(codec)[byte]
    return (ch is not None and ch.isalpha() and ch not in _UNIT_MARKS and _script(ch) == "Latin"
            and ch not in _LONE_WORDS)


@lru_cache(maxsize=None)
def _chars(codec: str) -> tuple[str | None, ...]:
    """The character of each byte in a single-byte code page (None where undefined)."""
    # one decode of all 256 bytes, an undefined one escaped as a lone surrogate (which no code
    # page maps a byte to); byte by byte only for a codec that is not one character per byte
    try:
        whole = bytes(range(256)).decode(codec, "surrogateescape")
    except UnicodeDecodeError:   # an undefined byte below 0x80: surrogateescape takes none of those
        whole = ""
    if len(whole) == 256:
        # by code point: the compiled build (tools/build_compiled.py) takes no lone surrogate literal
        return tuple(None if 0xDC80 <= ord(c) <= 0xDCFF else c for c in whole)
    out: list[str | None] = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(None)
    return tuple(out)


@lru_cache(maxsize=None)
def _charmap(codec: str) -> str:
    """A single-byte code page as a ``codecs.charmap_decode`` table (U+FFFE where undefined)."""
    return "".join("\ufffe" if c is None else c for c in _chars(codec))


_WORD = re.compile(r"[^\W\d_]+")
_WORD_FIRST = re.compile(r"([^\W\d_])[^\W\d_]*")   # the same words, giving their first letters


_ALPHABETS = frozenset({"Cyrillic", "Greek", "Hebrew", "Arabic", "Thai"})


@lru_cache(maxsize=None)
def _has_other_alphabet(codec: str) -> bool:
    """Does the code page have letters outside the Latin alphabet (so its readings can switch)?"""
    shipped = _shipped_tables()
    if shipped is not None and codec in shipped.other_alphabet:
        return shipped.other_alphabet[codec]
    return _build_has_other_alphabet(codec)


def _build_has_other_alphabet(codec: str) -> bool:
    return any(_script(c) in _ALPHABETS for c in bytes(range(0x80, 0x100)).decode(codec, "ignore"))


def _word_script(first: str) -> str:
    """The alphabet :func:`_switches` counts a word in, from its first letter."""
    s = _script(first) if first > "\x7f" and first not in _UNIT_MARKS else "Latin"
    return s if s in _ALPHABETS else "Latin"     # µ, ª and the like live among Latin words


def _switches(text: str) -> int:
    """How often a word is in another alphabet than the word before it: a lone Hebrew letter among
    English words ("abc י def") is what a Western accent read as cp1255 looks like."""
    prev, n = "Latin", 0
    for w in _WORD.findall(text):
        s = _word_script(w[0])
        if s != prev:
            n += 1
            prev = s
    return n


_NA_TEXT = re.compile(r"[^\x00-\x7f]+")
_CJK_SCRIPTS = frozenset({"Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"})


def _cjk_switches(text: str) -> int:
    """:func:`_switches` for a CJK reading, its Han, kana and Hangul words one more writing
    system: a reading in another script than Latin pays for it alike, whether that script is
    written in a code page of one byte per letter (Thai, Cyrillic) or of two."""
    tags = ["Latin", *map(_WORD_TAG.__getitem__, _WORD_FIRST.findall(text))]
    return sum(map(_ne, tags, tags[1:]))


def _word_tag(first: str) -> str:
    """The writing system a word starting with ``first`` counts in: CJK for Han, kana and Hangul,
    else its alphabet as :func:`_word_script` has it."""
    return "CJK" if first > "\x7f" and _script(first) in _CJK_SCRIPTS else _word_script(first)


_WORD_TAG = _Memo(_word_tag)


def _last_tag(text: str, tag: Callable[[str], str] = _word_tag) -> str:
    """``tag`` of the first letter of the last word of ``text`` (Latin when it has none, as the
    count of switches starts)."""
    words = _WORD.findall(text[-64:])
    return tag(words[-1][0]) if words else "Latin"


def _script_tag(first: str) -> str:
    """:func:`_word_tag`, with every script its own (UTF-8 writes them all): Armenian is no Latin."""
    if first <= "\x7f" or first in _UNIT_MARKS:
        return "Latin"
    sc = _script(first)
    return "CJK" if sc in _CJK_SCRIPTS else sc


@lru_cache(maxsize=4096)
def _utf8_cut_tag(pending: bytes) -> str | None:
    """The writing system of the UTF-8 character the bytes ``pending`` start (the first code point
    they can begin), as :func:`_script_tag` names it; None for punctuation, symbols and marks,
    which belong to none."""
    lead = pending[0]
    if lead < 0xE0:
        cp = (lead & 0x1F) << 6
    elif lead >= 0xF0:
        return None     # outside the BMP: emoji, rare Han, historic scripts
    elif len(pending) > 1:
        cp = (lead & 0x0F) << 12 | (pending[1] & 0x3F) << 6
    else:
        # a lead byte alone spans 4096 code points: kana and Han (U+3000-9FFF) or Hangul
        # (U+B000-DFFF) fill some; others mix scripts (E1: Georgian, Vietnamese letters, Greek)
        return "CJK" if 0xE3 <= lead <= 0xE9 or 0xEB <= lead <= 0xED else None
    # the first assigned code point of the range (U+0E00, where Thai's block starts, is not)
    sc = next((x for x in map(_script, map(chr, range(cp, cp + 64))) if x != "Unknown"), "Unknown")
    if sc in ("Common", "Inherited", "Unknown"):
        return None
    return "CJK" if sc in _CJK_SCRIPTS else sc


# -- letter context: which letters stand next to the accented ones --------------------------------
# A lone accented byte is a different letter in each Latin code page (cp1250 'ń', cp1252 'ñ',
# cp1257 'ų', Danish 'ø'); its neighbours tell which: 'ñ' stands before vowels, 'ų' ends
# Lithuanian words.  Per language, every adjacent pair with a non-ASCII letter in it (word
# boundaries included) adds its pointwise mutual information: log P(ab) - log P(a) - log P(b),
# from codecscope/data/letter_pairs.json (built by tools/build_letter_pairs.py from wordfreq's
# word lists; CC-BY-SA 4.0).  Clipped, so a pair never outweighs the letters themselves.
PAIR_WEIGHT = 1.0
PAIR_MIN, PAIR_MAX = -5.0, 1.0
LETTER_MIN = _LOG(2e-5)
PAIR_UNSEEN = -16.5         # log P of a pair the table does not hold (it keeps those above 2e-7)
_BORROWED_PAIRS = {"Estonian": "Finnish"}


@lru_cache(maxsize=None)
def _pair_tables() -> dict[str, tuple[dict[str, float], dict[str, float]]]:
    raw = package_table("letter_pairs.json")
    # a letter met only in a few borrowed names has no reliable context: it counts as not written
    return {lang: ({c: lp for c, lp in t["letters"].items() if lp > LETTER_MIN}, t["pairs"])
            for lang, t in raw["languages"].items()}


def _ctx_char(ch: str) -> str:
    """A character as the pair table sees it: a lowercase letter, or a space for a word boundary
    (anything that is not a letter: 'm³' ends its word at the superscript, and so do 'µs' and
    '1º', whose marks belong to no alphabet)."""
    # casefolded, as the word lists the table is built from are: they spell German 'ß' as 'ss'
    # and Greek final 'ς' as 'σ', so by lower() alone those common letters had no context at all
    return ch.casefold()[:1] if ch.isalpha() and ch not in _UNIT_MARKS else " "


@lru_cache(maxsize=None)
def _pmi_table(lang: str) -> tuple[dict[str, float], dict[str, float], str] | None:
    """(letters, pairs, the language's own letters the table lacks) for :func:`_pmi`."""
    t = _pair_tables().get(lang)
    if t is not None:
        return (*t, "")
    # Estonian has no list of its own: Finnish spells much like it, and the letters of
    # Estonian that Finnish lacks (õ, š, ž) are given no context rather than a wrong one
    t = _pair_tables().get(_BORROWED_PAIRS.get(lang, ""))
    return None if t is None else (*t, _ALPHABET_EXTRA.get(lang, ""))


def _pmi(table: tuple[dict[str, float], dict[str, float], str] | None, a: str, b: str) -> float:
    """The context evidence of the adjacent context characters (:func:`_ctx_char`) ``a`` ``b``,
    not both ASCII, in the language of ``table``: their pointwise mutual information, clipped."""
    if table is None:
        return 0.0
    letters, pairs, own = table
    la, lb = letters.get(a), letters.get(b)
    if la is None or lb is None:
        # a letter the language does not write: no context fits it (the mixture of a code page's
        # languages must not pick, per pair, the one language that has no say)
        return 0.0 if (a if la is None else b) in own else PAIR_WEIGHT * PAIR_MIN
    pmi = pairs.get(a + b, PAIR_UNSEEN) - la - lb
    return PAIR_WEIGHT * (PAIR_MIN if pmi < PAIR_MIN else PAIR_MAX if pmi > PAIR_MAX else pmi)


# Vietnamese has no word list to learn pairs from, but its spelling is regular: 'đ' only starts a
# syllable, and cp1258 writes a tone mark (grave, hook, tilde, acute, dot below) right after the
# vowel it sits on.  Other code pages' letters read as cp1258 break both (Lithuanian 'Aušra' is
# 'Auđra'); with no context at all, Vietnamese was the one language no pair ever counted against.
_VI_VOWELS = frozenset("aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_VI_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


# A syllable ends after its vowels in nothing, or in one of the finals c, ch, m, n, ng, nh, p, t:
# any other consonant right after a marked vowel starts a syllable no Vietnamese word has (cp1252
# 'giòbia' read as cp1258 is 'gịbia', a dot below glued to 'b'; 'Győr' is 'Gyơr').
_VI_AFTER_VOWEL = frozenset("cmnpt") | _VI_VOWELS


def _vietnamese_pair(a: str, b: str) -> float:
    if b in "đĐ" and (a.isalpha() or _mark(a)):   # a tone mark is part of the letter before it
        return PAIR_WEIGHT * PAIR_MIN
    if b in _VI_TONES and a.lower() not in _VI_VOWELS:
        return PAIR_WEIGHT * PAIR_MIN
    marked = a in _VI_TONES or a > "\x7f" and a.lower() in _VI_VOWELS
    if marked and b.isalpha() and b.lower() not in _VI_AFTER_VOWEL and b not in _VI_TONES:
        return PAIR_WEIGHT * PAIR_MIN
    return 0.0


_CHAR_PAIR = re.compile(r"(?=(.[^\x00-\x7f]|[^\x00-\x7f].))", re.S)
_BYTE_CTX = re.compile(rb"(?=(.[\x80-\xff]|[\x80-\xff].))", re.S)


@lru_cache(maxsize=None)
def _code_page_marks() -> tuple[frozenset[str], re.Pattern[str]]:
    """The combining marks of the single-byte code pages (Arabic harakat, Hebrew points, Thai
    vowel signs and tone marks, Vietnamese tones), and a pattern finding them."""
    marks = frozenset(c for codec in PROFILES for c in _chars(codec) if c is not None and c > "\x7f" and _mark(c))
    return marks, re.compile("[" + re.escape("".join(sorted(marks))) + "]")


def _context(langs: tuple[str, ...], text: str) -> list[float]:
    """Per language of ``langs``, then for their mixture (each pair in its best language), the
    letter-context evidence of ``text``."""
    marks, pattern = _code_page_marks()
    if "Vietnamese" not in langs and not marks.isdisjoint(text):
        # Vowel marks sit on a letter and leave the word whole: the letters on either side are
        # the pair the word lists know ('بِسْمِ' is the pairs of 'بسم'), not two word ends.
        # (Vietnamese's rules read its tone marks themselves.)
        text = pattern.sub("", text)
    return _ctx_sums([(_ctx_row(langs, p[0], p[1]), n) for p, n in _char_pairs(text)], len(langs))


@lru_cache(maxsize=8)   # as _char_counts
def _char_pairs(text: str) -> tuple[tuple[str, int], ...]:
    """The pairs of characters in ``text`` with a non-ASCII one, and how often each occurs."""
    return tuple(Counter(_CHAR_PAIR.findall(" " + text + " ")).items())


@lru_cache(maxsize=1 << 16)   # per (languages, pair): a snippet's pairs recur across readings and calls
def _ctx_row(langs: tuple[str, ...], a: str, b: str) -> tuple[float, ...]:
    ca, cb = _ctx_char(a), _ctx_char(b)
    letters = ca > "\x7f" or cb > "\x7f"
    # Vietnamese's spelling rules read the characters themselves (a tone mark is no letter)
    row = tuple(_vietnamese_pair(a, b) if lg == "Vietnamese" else _pmi(_pmi_table(lg), ca, cb) if letters else 0.0
                for lg in langs)
    return row + (max(row),) if len(row) > 1 else row


def _ctx_sums(rows: list[tuple[tuple[float, ...], int]], n_langs: int) -> list[float]:
    width = n_langs + (n_langs > 1)
    if not rows:
        return [0.0] * width
    counts = [n for _, n in rows]
    return [sum(map(_mul, counts, col)) for col in zip(*(r for r, _ in rows))]


# A CJK character written right against a Latin letter ("９cznik"): real CJK text mostly sets
# Latin words apart, while Latin text read in a CJK codec glues the two on every accented letter.
_GLUED = re.compile(r"[^\x00-\x7f][A-Za-z]|[A-Za-z][^\x00-\x7f]")
# (a unit's or a currency's mark is written against its letters in CJK text too: km², °C, µg, CN¥)
_CJK_GLUED = re.compile("[^\x00-\x7f{m}][A-Za-z]|[A-Za-z][^\x00-\x7f{m}]".format(m="".join(sorted(_UNIT_MARKS))))
CJK_GLUE = 2.5
# Kana are the endings and particles of Japanese words: one standing alone is what another CJK
# codec's single character looks like in EUC-JP or Shift_JIS, not Japanese.  A hiragana with no
# Japanese character on either side ("3る 4る": the commonest Big5 Han, row 0xA4 一 人 月 …, is
# exactly EUC-JP's hiragana row), or any kana with only ASCII around it ("7 る kb").
_JA = "\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f"
_LONE_KANA = re.compile(f"(?<![{_JA}])[\u3041-\u309f](?![{_JA}])|"
                        "(?<![^\x00-\x7f])[\u30a0-\u30ff](?![^\x00-\x7f])")
LONE_KANA = 4.0
# A full-width letter or digit inside a word of ASCII ones ("ｓd" for Polish "Łódź" read as GBK):
# text is typed in one width at a time.
_FULL = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"   # full-width digits and letters
_WIDTH_MIX = re.compile(f"[{_FULL}][A-Za-z0-9]|[A-Za-z0-9][{_FULL}]")
WIDTH_MIX = 4.0
_HAS_KANA = re.compile("[\u3041-\u30ff]")
_HAS_FULL = re.compile(f"[{_FULL}]")


def _cut_cost(fam: str, codec: str, data: bytes, text: str) -> float:
    """What a CJK reading pays for the character the input cuts: as likely as any character its
    lead byte can start (a cut inside common Han is cheap, inside a rare block dear), and glued
    to a Latin letter when one stands before it, as a whole character would be."""
    pending = data[len(text.encode(codec)):]
    if not pending:
        return TRUNCATED_COST
    # a GB18030 lead and a digit start a four-byte character: rare, as _lead_lp leaves them out
    four = fam == "gb18030" and pending[1:2].isdigit()
    cost = 2 * TRUNCATED_COST if four else -_lead_lp(fam, codec, pending[0])
    if text[-1:].isascii() and text[-1:].isalpha():
        cost += CJK_GLUE
    # and it starts a word in another script than the one before it, as a whole one would: a
    # cut Han character after Latin words ('temporibus. ' + a lead byte) pays the switch a
    # Cyrillic letter there pays (cp1251 'С' ending Latin text was GB18030 cut)
    tag = _lead_tag(fam, codec, pending[0])
    if tag is not None and tag != _last_tag(text):
        cost += SCRIPT_SWITCH
    if text.isascii():
        # the cut byte is all the reading has to show: no character of the family's own is
        # evidence for it ('CN¥' is not Korean 'CN' and a cut)
        cost += TRUNCATED_COST
    return cost


@lru_cache(maxsize=1024)
def _lead_tag(fam: str, codec: str, lead: int) -> str | None:
    """"CJK" when Han, kana or Hangul hold most of the probability of the characters of ``fam``'s
    model that byte ``lead`` starts; None when other characters do (punctuation, symbols, and
    the Greek and Cyrillic rows, which Shift_JIS shares with katakana)."""
    mass: dict[str | None, float] = {}
    for ch in _lead_chars(codec, lead):
        tag = "CJK" if _script(ch) in _CJK_SCRIPTS else None
        mass[tag] = mass.get(tag, 0.0) + math.exp(_cjk_lp(fam, ch))
    return max(mass, key=mass.__getitem__, default=None)


def _lead_chars(codec: str, lead: int) -> Iterator[str]:
    """The two-byte characters byte ``lead`` starts in ``codec``."""
    for trail in range(0x40, 0xFF):
        try:
            ch = bytes([lead, trail]).decode(codec)
        except UnicodeDecodeError:
            continue
        if len(ch) == 1:
            yield ch


@lru_cache(maxsize=1024)
def _lead_lp(fam: str, codec: str, lead: int) -> float:
    """log P(a character of ``fam``'s model starts with byte ``lead``): the sum over the
    two-byte characters it starts (four-byte GB18030 ones are left out: rare)."""
    total = sum(math.exp(_cjk_lp(fam, ch)) for ch in _lead_chars(codec, lead))
    return _LOG(total) if total > 0 else -2 * TRUNCATED_COST


MID_START_MIN = 8            # non-ASCII bytes a double-byte reading needs to skip a cut first byte
# A repeated payload needs fewer: its unit is read from the second byte only when the reading is
# valid and in step unit after unit, and a unit of four double-byte characters in a stream's later
# chunk, read from its first byte, was a reading of rare characters given at up to 0.99 ('服务器返' * n
# in GB18030 from its second byte was Big5-HKSCS, UHC '서울특별' * n Big5).  Six, not
# fewer: a six-letter Cyrillic word repeated ('Жёлтый' * n in KOI8-R) is two common Han and a
# full-width letter from its second byte.
ROTATED_MIN = 6
# Bytes of the next unit that make a repetition: three, so that 'МоскваМос' (cp1251, a unit and
# three letters) is one unit and not a word glued to the start of another, whose capital after a
# lower case letter is an artefact of the repetition (the tail must equal the head in full, so a
# chance match of three bytes leaves at most those three unscored).
PERIOD_OVERLAP = 3
# Units up to this many bytes are scored as four of them however few the chunk holds (a longer
# unit is scored on the bytes at hand: four copies of it would cost more than its evidence is worth).
SYNTH_UNIT_MAX = 1024


def _trail_first(data: bytes, fam: str) -> bool:
    """Whether ``data`` may start on the trail byte of a character of double-byte ``fam``: its
    first byte is non-ASCII and so is its second, or the two make no character of ``fam`` (the
    trail of '。' before a line break: read from the first byte, the chunk starts with an invalid
    sequence, and a right answer on 100 bytes came at 0.49).  Not when they make one: skipping the lead of
    a character whose trail is ASCII ('c' in Big5 '繁') would trade a character for a letter the
    model scores as free."""
    if data[:1] < b"\x80":
        return False
    if data[1:2] >= b"\x80":
        return True
    try:
        return _decode(data[:2], fam, False)[2] > 0
    except LookupError:
        return False


def _period(data: bytes) -> int:
    """The length of the unit ``data`` repeats (a test payload ``'你好' * n`` cut anywhere), or 0.

    Repeating a string repeats one observation: scored whole, a small preference for a wrong
    reading of the unit is multiplied into certainty, so only one unit is scored.  A unit and
    the first :data:`PERIOD_OVERLAP` bytes of the next already count: a short chunk of a
    payload ('ГірникГір') holds less than two units."""
    n = len(data)
    if n < 4:
        return 0
    probe = data[:min(PERIOD_OVERLAP, n // 2)]
    p = data.find(probe, 1)
    while 0 < p <= max(n // 2, n - PERIOD_OVERLAP):
        if data[p:] == data[:n - p]:
            return p
        p = data.find(probe, p + 1)
    return 0


def _non_ascii_chars(text: str) -> str:
    return "".join(_NA_TEXT.findall(text))


# The code pages whose language models score UTF-8 text of each script, and the scripts each
# pool's text is written in.
_UTF8_POOLS = {"Han": ("gb18030", "big5"), "Japanese": ("cp932",), "Hiragana": ("cp932",),
               "Katakana": ("cp932",), "Hangul": ("cp949",), "Cyrillic": ("cp1251",),
               "Greek": ("iso8859_7",), "Hebrew": ("cp1255",), "Arabic": ("cp1256",), "Thai": ("cp874",)}
_LATIN_POOL = ("cp1252", "iso8859_2", "iso8859_9", "cp1257")
_HOME = {"Han": {"Han"}, "Japanese": {"Han", "Hiragana", "Katakana"}, "Hiragana": {"Han", "Hiragana", "Katakana"},
         "Katakana": {"Han", "Hiragana", "Katakana"}, "Hangul": {"Hangul", "Han"}}
# A letter of an alphabet no code page here is for (Devanagari, Georgian, Armenian …): UTF-8 is
# the only way such text reaches us, so it is scored as a letter of a mid-sized alphabet.
_OTHER_LETTER = _LOG(1 / 64)
# C1 controls in valid UTF-8 are what text decoded as Latin-1 and saved again keeps (double
# encoding, browsers passing cp1252's undefined bytes through): mojibake for repair to look at, in
# text that is UTF-8 all the same — about as likely as a rare symbol, not "impossible".
_C1_IN_UTF8 = _LOG(1e-5) - _SYMBOL_LP["c1"]
_C1 = re.compile("[\x80-\x9f]")


def _foreign(ch: str, home: set[str]) -> str | None:
    """The script of ``ch`` when it is a letter or mark of a script outside ``home``, else None."""
    if ch <= "\x7f" or not (ch.isalpha() or _mark(ch)):
        return None
    sc = _script(ch)
    return None if sc in home or sc == "Inherited" else sc


def _any_profile(text: str) -> tuple[float, str | None]:
    """The best reading of already-decoded text under any profile (UTF-8 has no language).

    UTF-8 writes every script, so a word in another alphabet than the text's own (``α`` in code,
    Greek in an English sentence, Hindi) is scored in its own script's model, paying
    :data:`SCRIPT_SWITCH`, rather than as a foreign letter of the dominant one."""
    script = plausibility.script_of(text)
    pool = _UTF8_POOLS.get(script, _LATIN_POOL)
    home = _HOME.get(script, {script if script in _UTF8_POOLS else "Latin"})
    runs: list[list[str]] = []    # [script, characters] of each run of letters from elsewhere
    main: list[str] = []
    prev = None
    # walked character by character only when something is to be split off (seldom)
    for ch in text if any(_foreign(ch, home) for ch in set(_non_ascii_chars(text))) else "":
        sc = _foreign(ch, home)
        if sc is None:
            main.append(ch)
            prev = None
        elif sc == prev:
            runs[-1][1] += ch
        else:
            runs.append([sc, ch])
            prev = sc
    ll, lang = max(_loglik(p, "".join(main) if runs else text) for p in pool)
    for sc, run in runs:
        own = _UTF8_POOLS.get(sc)
        if own is None:
            # a lone letter of such a script is rather what stray bytes decode to
            ll += len(run) * _OTHER_LETTER if len(run) > 1 else _LOG(1e-5)
            ll -= SCRIPT_SWITCH if sc != script else 0.0
        else:
            ll += max(_loglik(p, run)[0] for p in own) - SCRIPT_SWITCH
    ll += _C1_IN_UTF8 * len(_C1.findall(text))
    if script == "Han":
        lang = _chinese(text) or lang
    return ll, lang


def _chinese(text: str) -> str | None:
    """'Chinese (simplified)' or '(traditional)' only where the text shows which: a character one
    tradition writes and the other does not (进 against 進); '你好' is just 'Chinese'."""
    hans = hant = 0
    for ch in set(text):
        if plausibility.char_class(ch) != "han":
            continue
        tier = plausibility.han_tier(ch)
        only_s, only_t = tier["hans"] <= 2 and tier["hant"] > 2, tier["hant"] <= 2 and tier["hans"] > 2
        hans += only_s
        hant += only_t
    if hans > hant:
        return "Chinese (simplified)"
    if hant > hans:
        return "Chinese (traditional)"
    return "Chinese"


# -- result objects ------------------------------------------------------------------------------

@mypyc_attr(native_class=False)   # compiled or not, the same Python class
@dataclass(frozen=True)
class Candidate(FieldsHTML):
    """One encoding considered, with the evidence for and against it.  ``script``,
    ``plausibility`` and ``preview`` are worked out from the reading when first asked for."""

    encoding: str
    valid: bool                 # the walk found no invalid sequence and no cut last character
    invalid: int                # invalid sequences the walk found
    truncated: bool             # the input ends inside a character
    bom: bool
    language: str | None        # best-fitting language of the codec's profile
    score: float                # model log-likelihood per non-ASCII byte (higher is better)
    reading: str = field(default="", repr=False, compare=False)   # the decoded text (a sample)
    # the input starts inside a character (UTF-8: 1-3 continuation bytes; a double-byte codec:
    # the trail byte of one), left out of the reading, as every chunk of a stream after the first may
    cut_start: bool = False

    @cached_property
    def script(self) -> str:
        """Dominant script of the reading (``codecscope.plausibility.script_of``)."""
        return plausibility.script_of(self.reading[:400])

    @cached_property
    def plausibility(self) -> float:
        """``codecscope.plausibility.score`` of the reading: 0 is ordinary text, lower is worse."""
        return _plaus(self.reading[:400])

    @property
    def preview(self) -> str:
        return _preview(self.reading)

    def to_dict(self) -> dict[str, Any]:
        p = self.plausibility
        return {"encoding": self.encoding, "valid": self.valid, "invalid": self.invalid,
                "truncated": self.truncated, "cut_start": self.cut_start, "bom": self.bom, "script": self.script,
                "language": self.language, "score": round(self.score, 3),
                "plausibility": None if math.isnan(p) else round(p, 3), "preview": self.preview}

    def evidence(self) -> str:
        """What speaks for this reading, in English (a :class:`~codecscope.i18n.Msg`: rendered in
        the current language by ``localize``)."""
        bits: list[str] = [Msg("valid")] if self.valid else []
        if self.invalid:
            bits.append(Msg("{n} invalid sequence", n=self.invalid) if self.invalid == 1 else
                        Msg("{n} invalid sequences", n=self.invalid))
        if self.cut_start:
            bits.append(Msg("cut first character"))
        if self.truncated:
            bits.append(Msg("cut last character"))
        if self.bom:
            bits.append("BOM")
        names: list[str] = [Msg(x) for x in dict.fromkeys(x for x in (self.script, self.language) if x)]
        if names:
            bits.append(_joined(names, ", "))
        bits.append(Msg("score {score:.2f}", score=self.score))
        return _joined(bits)


def _joined(bits: Sequence[str], sep: str = "; ") -> str:
    """``bits`` joined by ``sep`` (``"; "`` or ``", "``) as one :class:`Msg`, each part rendered
    from its own template."""
    out = bits[0]
    for b in bits[1:]:
        out = Msg("{a}; {b}", a=out, b=b) if sep == "; " else Msg("{a}, {b}", a=out, b=b)
    return out


# Names shown from scripts (plausibility.script_of) and language profiles, for the catalog.
N_("Latin"), N_("Cyrillic"), N_("Han"), N_("Hangul"), N_("Greek"), N_("Hebrew"), N_("Arabic"), N_("Other")
N_("Common"), N_("Thai"), N_("Chinese"), N_("Chinese (simplified)"), N_("Chinese (traditional)"), N_("Japanese")
N_("Korean"), N_("English"), N_("German"), N_("French"), N_("Dutch"), N_("Italian"), N_("Spanish")
N_("Portuguese"), N_("Swedish"), N_("Norwegian"), N_("Finnish"), N_("Danish"), N_("Polish"), N_("Czech")
N_("Hungarian"), N_("Slovak"), N_("Slovene"), N_("Croatian"), N_("Romanian"), N_("Lithuanian"), N_("Latvian")
N_("Estonian"), N_("Farsi"), N_("Russian"), N_("Ukrainian"), N_("Bulgarian"), N_("Serbian"), N_("Turkish")
N_("Vietnamese"), N_("Icelandic"), N_("Albanian")


@mypyc_attr(native_class=False)   # compiled or not, the same Python class
@dataclass(frozen=True)
class Segment(FieldsHTML):
    """A run of lines in one encoding: ``lines`` 1-based inclusive, ``span`` byte offsets."""

    encoding: str
    lines: tuple[int, int]
    span: tuple[int, int]
    text: str
    invalid: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"encoding": self.encoding, "lines": list(self.lines), "span": list(self.span),
                "invalid": self.invalid, "text": self.text}

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> Msg:
        """``str(segment)`` as a :class:`~codecscope.i18n.Msg`, for rendering in the current language."""
        a, b = self.lines
        # both ranges are said inclusive, as lines are: the span's end is the next segment's first byte
        if a == b:
            return Msg("line {a} (bytes {s}-{e}): {enc}", a=a, s=self.span[0], e=self.span[1] - 1, enc=self.encoding)
        return Msg("lines {a}-{b} (bytes {s}-{e}): {enc}", a=a, b=b, s=self.span[0], e=self.span[1] - 1,
                   enc=self.encoding)


@mypyc_attr(native_class=False)   # compiled or not, the same Python class
@dataclass(frozen=True)
class Detection:
    """The answer: ``encoding`` (a canonical Python codec name, or ``None`` for empty or binary
    input), ``confidence`` in [0, 1], ranked ``candidates`` with their evidence and ``text``
    (the input decoded with ``encoding``; ``None`` when streamed)."""

    encoding: str | None
    confidence: float
    candidates: tuple[Candidate, ...]
    text: str | None
    size: int
    note: str = ""
    equivalent: tuple[str, ...] = ()     # other candidates giving exactly the same text
    segments: tuple[Segment, ...] = ()   # set when lines are in different encodings
    streamed: bool = False

    @property
    def ambiguous(self) -> bool:
        return self.encoding is not None and self.confidence < 0.75 and len(self.candidates) > 1

    @property
    def mixed(self) -> bool:
        return len({s.encoding for s in self.segments}) > 1

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def to_dict(self, *, text: bool = False) -> dict[str, Any]:
        """JSON-ready data.  The decoded text is embedded only with ``text=True`` (it can be as
        large as the input); otherwise ``"text"`` is ``None``."""
        return {"schema": "codecscope.detection/1", "encoding": self.encoding,
                "confidence": round(self.confidence, 4), "ambiguous": self.ambiguous,
                "mixed": self.mixed, "size": self.size, "note": self.note,
                "equivalent": list(self.equivalent),
                "candidates": [c.to_dict() for c in self.candidates],
                "segments": [s.to_dict() for s in self.segments],
                "streamed": self.streamed, "text": self.text if text else None}

    def __str__(self) -> str:
        lines = []
        if self.encoding is None:
            lines.append(_("encoding: none ({note})").format(note=L(self.note)))
        else:
            head = _("encoding: {enc}  confidence {p:.0%}").format(enc=self.encoding, p=shown_confidence(self.confidence))
            if self.ambiguous:
                head += "  " + _("(ambiguous)")
            lines.append(head)
            if self.note:
                lines.append(_("why: {note}").format(note=L(self.note)))
        if self.equivalent:
            lines.append(_("same text with: {names}").format(names=", ".join(self.equivalent)))
        if self.mixed:
            lines.append(_("mixed encodings:"))
            lines += ["  " + L(s.describe()) for s in self.segments]
        if self.candidates:
            lines.append(_("candidates:"))
            for c in self.candidates[:6]:
                prev = f"  {c.preview!r}" if c.preview else ""
                lines.append(f"  {c.encoding:<12} {L(c.evidence())}{prev}")
        return "\n".join(lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.table import Table
        from rich.text import Text

        if self.encoding is None:
            yield Text(_("encoding: none ({note})").format(note=L(self.note)), style="yellow")
        else:
            t = Text(_("encoding: "))
            t.append(self.encoding, style="bold green" if not self.ambiguous else "bold yellow")
            t.append("  " + _("confidence {p:.0%}").format(p=shown_confidence(self.confidence)))
            if self.ambiguous:
                t.append("  " + _("ambiguous"), style="yellow")
            yield t
            if self.note:
                yield Text(_("why: {note}").format(note=L(self.note)), style="dim")
        if self.mixed:
            seg = Table(title=_("mixed encodings"), show_edge=False)
            for col in (N_("lines"), N_("bytes"), N_("encoding")):
                seg.add_column(_(col))
            for s in self.segments:
                seg.add_row(f"{s.lines[0]}-{s.lines[1]}", f"{s.span[0]}-{s.span[1]}", s.encoding)
            yield seg
        if self.candidates:
            from .render import table_or_records

            yield from table_or_records(
                options, tuple(_(h) for h in (N_("encoding"), N_("valid"), N_("script / language"), N_("score"),
                                              N_("reading"))),
                [(c.encoding, _("yes") if c.valid else _("no ({n})").format(n=c.invalid),
                  _(c.script) + (f" / {_(c.language)}" if c.language else ""), f"{c.score:.2f}", c.preview)
                 for c in self.candidates[:6]], show_edge=False)

    def as_chardet(self) -> ChardetResult:
        """``{"encoding", "confidence", "language"}`` as ``chardet.detect`` returns them, for code
        migrating from chardet (see :mod:`codecscope.compat`)."""
        from .compat import as_chardet

        return as_chardet(self)

    def _repr_html_(self) -> str:
        from .render import html_of

        return html_of(self)


# -- the decision -----------------------------------------------------------------------------------

def _candidate_names(candidates: Iterable[str] | None) -> list[str]:
    if candidates is None:
        return list(DEFAULT_CANDIDATES)
    out = []
    for e in validation.encodings(candidates, "candidates"):
        out.append(_FAMILY.get(e, e))
    return list(dict.fromkeys(out))


@lru_cache(maxsize=None)
def _real_fffd(codec: str) -> bytes | None:
    """How ``codec`` writes U+FFFD itself, so a genuine one in the data is not counted as invalid."""
    try:
        return "\ufffd".encode(codec)
    except (UnicodeEncodeError, LookupError):
        return None


def _invalid_in(data: bytes, text: str, codec: str) -> int:
    """Invalid sequences in ``data`` given its ``errors="replace"`` decoding ``text``."""
    n = text.count("\ufffd")
    if n:
        real = _real_fffd(codec)
        if real:
            n -= data.count(real)
    return max(0, n)


def _pending(decoder: codecs.IncrementalDecoder) -> int:
    """Bytes an incremental decoder holds back: the start of a character the input cut."""
    return len(decoder.getstate()[0])


# Stateless codecs whose incremental decoder reads exactly what a whole decode reads, holding back
# only a cut last character.
_WHOLE_FIRST = frozenset({"utf-8", "euc_kr", *(c for chain in _CHAINS.values() for c in chain)})


_DOUBLE_BYTE = frozenset({"euc_kr", *(c for chain in _CHAINS.values() for c in chain)})   # (euc_kr: _MAKE_UP)


def _lead_cut(data: bytes) -> int:
    """The bytes of a cut first character ``data`` starts with: 1-3 UTF-8 continuation bytes
    (0x80-0xBF), which no UTF-8 character starts with.  UTF-8 alone resynchronises like this, so
    its reading skips them by structure (a double-byte codec's reading may skip one byte on the
    model's word, :func:`_rank`), and only when a whole multibyte character follows (a Latin
    byte such as ``Š`` before ASCII is no cut character); 0 when ``data`` does not start that way."""
    k = 0
    while k < 4 and k < len(data) and 0x80 <= data[k] <= 0xBF:
        k += 1
    return k if k <= 3 else 0


# KS X 1001 writes a syllable outside its 2,350 as a make-up sequence: the Hangul filler (0xA4D4)
# and three jamo.  Python's euc_kr composes it into the syllable; cp949, its superset otherwise,
# leaves four letters no Korean word is spelt with, which the Korean model scored far below the
# kana and Han an EUC-JP reading of the same bytes makes.  Bytes with a filler are read as
# euc_kr first: it fails on cp949's extension bytes, which then fall to cp949.
_MAKE_UP = b"\xa4\xd4"


_LEAD_JAMO = re.compile("^[\u3131-\u318e]{1,3}(?![\u3131-\u318e])")


def _cut_make_up(text: str) -> tuple[str, int]:
    """(``text`` without the jamo a chunk cut inside a make-up sequence starts with, 1 if it
    did so else 0).  A chunk of EUC-KR with make-up sequences may start after the filler: its
    first one to three jamo are the rest of a cut syllable, paid for as a cut character, not as
    letters Korean words are not spelt with (which left EUC-JP's kana reading of the bytes sure)."""
    m = _LEAD_JAMO.match(text)
    return (text[m.end():], 1) if m else (text, 0)


def _decode(data: bytes, family: str, final: bool = True) -> tuple[str, str, int, bool]:
    """(codec, text, invalid, truncated) for the most specific codec of ``family`` that fits.

    The C codecs do all the work: a strict incremental decode per codec of the chain (a cut last
    character is held back, not an error), then, when none fits, one ``errors="replace"`` decode
    whose replacement characters count the invalid sequences.  ``text`` keeps them as U+FFFD.
    UTF-8 after the bytes of a cut first character (:func:`_lead_cut`) is valid, and ``text`` is
    the characters after them.
    """
    if family in _SINGLE_BYTE_CODECS:
        # one byte, one character: never cut.  The table itself, without the Python-level codec
        # function bytes.decode would call.
        table = _charmap(family)
        try:
            return family, codecs.charmap_decode(data, "strict", table)[0], 0, False
        except UnicodeDecodeError:
            text = codecs.charmap_decode(data, "replace", table)[0]
            return family, text, _invalid_in(data, text, family), False
    chain = _CHAINS.get(family, (family,))
    if family == "cp949" and _MAKE_UP in data:
        chain = ("euc_kr", *chain)   # (see _MAKE_UP)
    for codec in chain:
        if codec in _WHOLE_FIRST:
            # one C call settles most inputs: a whole strict decode that succeeds leaves nothing
            # cut, and an error that ends before the last byte fails the incremental decode too
            try:
                return codec, data.decode(codec), 0, False
            except UnicodeDecodeError as e:
                if e.end < len(data):
                    continue
        dec = codecs.getincrementaldecoder(codec)("strict")
        try:
            text = dec.decode(data, final=False)
        except UnicodeError:   # invalid, or UTF-16/32 that must start with a BOM and does not
            continue
        return codec, text, 0, _pending(dec) > 0
    lead = _lead_cut(data) if family == "utf-8" else 0
    if lead:
        # a chunk that starts mid-character: valid UTF-8 after it is UTF-8 (see _lead_cut)
        dec = codecs.getincrementaldecoder("utf-8")("strict")
        try:
            text = dec.decode(data[lead:], final=False)
            if not text.isascii():   # else nothing but the stray bytes says UTF-8
                return "utf-8", text, 0, _pending(dec) > 0
        except UnicodeDecodeError:
            pass
    codec = chain[-1]
    try:
        dec = codecs.getincrementaldecoder(codec)("replace")
        text = dec.decode(data, final=False)
    except UnicodeError:   # no BOM where the codec wants one: read in its default byte order
        codec = registry.plain_codec(codec)
        dec = codecs.getincrementaldecoder(codec)("replace")
        text = dec.decode(data, final=False)
    return codec, text, _invalid_in(data, text, codec), _pending(dec) > 0


def _plaus(text: str) -> float:
    """The shared plausibility score, as evidence only: it never decides, so it cannot break."""
    try:
        return plausibility.score(text)
    except Exception:  # a model under development elsewhere must not take detection down
        return float("nan")


def _preview(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_C1_OR_PRIVATE = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x20 and b not in b"\t\n\r\f\v\x1b"))


def _binary(data: bytes) -> bool:
    # Text in any candidate holds almost no C0 controls besides these six; random bytes hold
    # 26 in 256 (10.2 %), so a line at 10 % let half of all random files through to the model,
    # which then spent seconds on them.
    controls = len(data.translate(None, _NOT_CONTROL))
    return controls >= 2 and controls * 16 > len(data)


def _sniff(data: bytes) -> tuple[str, str] | None:
    """Byte-structure answers that need no model: BOMs, UTF-16/32 without BOM, 7-bit ISO-2022/HZ."""
    hit = registry.sniff_bom(data)
    if hit:
        bom, _name, enc = hit   # not "_": that is gettext here
        return enc, Msg("starts with the {enc} byte order mark {hex}", enc=enc.upper(), hex=bom.hex(' ').upper())
    n = len(data)
    if n >= 4 and data.count(0) * 4 >= n:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        # (text's lowest bytes are its characters: a run of NUL units is no text, 4 KiB of zeros
        # is no UTF-32)
        if n % 4 == 0 and data[2::4].count(0) + data[3::4].count(0) >= n // 2 - 1 and data[1::4].count(0) > n // 8 \
                and data[0::4].count(0) * 2 < n // 4:
            return "utf-32-le", Msg("NUL bytes fill three of every four bytes, lowest byte first")
        if odd > 3 * even and n % 2 == 0:
            return "utf-16-le", Msg("NUL bytes at odd offsets: UTF-16 little-endian text without a BOM")
        if even > 3 * odd and n % 2 == 0:
            return "utf-16-be", Msg("NUL bytes at even offsets: UTF-16 big-endian text without a BOM")
    if data.isascii():
        if b"\x1b$B" in data or b"\x1b$@" in data or b"\x1b(J" in data:
            return "iso2022_jp", Msg("7-bit data with ISO-2022-JP escape sequences (ESC $ B)")
        if b"\x1b$)C" in data and registry.decodes(data, "iso2022_kr"):
            # (its SO and SI shifts are C0 controls: without this answer the bytes were "binary")
            return "iso2022_kr", Msg("7-bit data with the ISO-2022-KR designation (ESC $ ) C) and SO/SI shifts")
        if b"~{" in data and b"~}" in data:
            try:
                data.decode("hz")
                return "hz", N_("7-bit data with HZ shift sequences ~{ ... ~}")
            except UnicodeDecodeError:
                pass
    return None


# per language: (language, or None for the mixture; ASCII letter weights; log P per byte 0x80-0xFF)
_ByteTable = tuple[str | None, tuple[float, ...], tuple[float, ...]]


@lru_cache(maxsize=256)
def _byte_tables(codec: str) -> tuple[_ByteTable, ...] | None:
    """Per language of a single-byte codec: (language, weights of ASCII letters 0x00-0x7F, log P of
    the character of each byte 0x80-0xFF — 0 where undefined: those are paid for as invalid
    sequences).  A last row with language ``None`` is the mixture of the codec's languages."""
    shipped = _shipped_tables()
    if shipped is not None and codec in shipped.byte_tables:
        return shipped.byte_tables[codec]
    return _build_byte_tables(codec)


def _build_byte_tables(codec: str) -> tuple[_ByteTable, ...] | None:
    info = registry.get(codec)
    if info.family != registry.SINGLE or codec not in PROFILES:
        return None
    chars = _chars(codec)[0x80:]
    out: list[_ByteTable] = [(lang, _ascii_ratio(lang), tuple(0.0 if c is None else _sb_lp(lang, c) for c in chars))
           for lang in PROFILES[codec]]
    if len(out) > 1:
        out.append((None, _ascii_ratio(PROFILES[codec]),
                    tuple(0.0 if c is None else _mix_lp(codec, c) for c in chars)))
    return tuple(out)


# Single-byte readings have one character per byte, so their scores can be read off the bytes with
# tables made once per candidate pool: short-input detection spends most of its time here, and
# per-family Python loops (a dot product per language, a dict look-up per pair, a walk over the
# words) cost more than chardet takes for the whole answer.  The numbers are the same as those
# loops gave, added up in the same order.
_TAGS = {"Latin": b"L", "Cyrillic": b"C", "Greek": b"G", "Hebrew": b"H", "Arabic": b"A", "Thai": b"T"}


@lru_cache(maxsize=None)
def _word_tags(codec: str) -> bytes:
    """A ``bytes.translate`` table mapping each byte to what the words of a reading need: a space
    for a non-letter, else the tag of :func:`_word_script`."""
    shipped = _shipped_tables()
    if shipped is not None and codec in shipped.word_tags:
        return shipped.word_tags[codec]
    return _build_word_tags(codec)


def _build_word_tags(codec: str) -> bytes:
    out = bytearray()
    for ch in _chars(codec):
        if ch is None or not _WORD.fullmatch(ch):   # an undefined byte reads as U+FFFD: no letter
            out += b" "
        else:
            out += _TAGS[_word_script(ch)]
    return bytes(out)


# :func:`_orthography_ll` on the bytes of a reading mapped through :func:`_ortho_tags`: the same
# words and letters, each character replaced by its class.
_ORTHO_CLASSES = (
    ("c", _CYR_CONSONANTS), ("K", _GREEK_LOWER_CONSONANTS.upper()), ("s", "ς"),
    ("k", _GREEK_LOWER_CONSONANTS), ("v", "".join(map(chr, range(0x3AC, 0x3CF)))),   # α-ω, ά-ώ
    ("f", "\u05da\u05dd\u05df\u05e3\u05e5"), ("o", "\u05db\u05de\u05e0\u05e4\u05e6"),
    ("h", "".join(map(chr, range(0x5D0, 0x5EB)))))
# (each alternative starts with a literal byte, so the search skips to those bytes in C; the
# vowelless one runs on the tags after a space, and its words include that space)
_VOWELLESS_TAGS = re.compile(rb" (?:c{2,}|[Kks]{2,})(?![^ ])")
_MISPLACED_TAGS = re.compile(rb"s(?=[vks])|s(?<=ks)|f(?=[fho])|o(?<=[fho]o)(?=[^fho])")


@lru_cache(maxsize=None)
def _ortho_tags(codec: str) -> bytes:
    """A ``bytes.translate`` table for :func:`_orthography_ll`: a space for a non-letter, c for a
    Cyrillic consonant, K / k for an upper / lower case Greek consonant, s for final sigma, v for
    another lower case Greek letter, f / o for a Hebrew final letter / the ordinary form of one, h
    for another Hebrew letter, x for any other letter."""
    shipped = _shipped_tables()
    if shipped is not None and codec in shipped.ortho_tags:
        return shipped.ortho_tags[codec]
    return _build_ortho_tags(codec)


def _build_ortho_tags(codec: str) -> bytes:
    out = bytearray()
    for ch in _chars(codec):
        if ch is None or not _WORD.fullmatch(ch):
            out += b" "
        else:
            out += next((tag for tag, chars in _ORTHO_CLASSES if ch in chars), "x").encode()
    return bytes(out)


@lru_cache(maxsize=64)   # as _tag_switches
def _ortho_tags_ll(tagged: bytes) -> float:
    """:func:`_orthography_ll` of a reading from its :func:`_ortho_tags`."""
    # no final form or its ordinary twin, nothing misplaced: skip the search (most readings)
    ll = -MISPLACED_FINAL_COST * len(_MISPLACED_TAGS.findall(tagged)) if tagged.translate(None, b" cKkvhx") else 0.0
    for w in _VOWELLESS_TAGS.findall(b" " + tagged) if tagged.translate(None, b" vfohx") else ():
        ll -= VOWELLESS_COST / 4 if len(w) == 3 else VOWELLESS_COST
    return ll


@lru_cache(maxsize=None)
def _orphan_marks(codec: str) -> tuple[frozenset[int], re.Pattern[bytes]] | None:
    """:func:`_orphans_ll` on the bytes: (the bytes of ``codec`` that read as combining marks, less
    0x80, and a pattern finding them at the start or after an ASCII byte that is no letter); None
    when the codec has no such byte."""
    marks = bytes(b for b, ch in enumerate(_chars(codec)) if b > 0x7f and ch is not None and _mark(ch))
    if not marks:
        return None
    # (the mark first, as in _glued_quote_bytes: at the start, or after no letter of ASCII)
    m = re.escape(marks)
    return (frozenset(b - 0x80 for b in marks),
            re.compile(rb"[" + m + rb"](?<![^\x00-\x40\x5b-\x60\x7b-\x7f][" + m + rb"])"))


@lru_cache(maxsize=None)
def _glued_quote_bytes(codec: str) -> tuple[frozenset[int], re.Pattern[bytes]] | None:
    """:func:`_glued_quotes_ll` on the bytes: (the bytes of ``codec`` that read as such quotes,
    less 0x80, and a pattern finding them between two bytes it reads as letters); None if none."""
    chars = _chars(codec)
    quotes = bytes(b for b, ch in enumerate(chars) if ch is not None and ch in _INNER_QUOTES)
    if not quotes:
        return None
    letters = re.escape(bytes(b for b, ch in enumerate(chars) if ch is not None and ch.isalpha()))
    q = re.escape(quotes)
    # (the quote first, its letter before it looked behind for after: a search starting with a
    # byte class skips to those bytes in C, one starting with a look-behind tries every byte)
    return (frozenset(b - 0x80 for b in quotes),
            re.compile(rb"[" + q + rb"](?<=[" + letters + rb"][" + q + rb"])(?=[" + letters + rb"])"))


@lru_cache(maxsize=None)
def _capitals_inside(codec: str) -> tuple[frozenset[int], re.Pattern[bytes]] | None:
    """:func:`_capitals_inside_ll` on the bytes: (the bytes of ``codec`` above 0x7F that read as
    capitals, less 0x80, and a pattern finding one between a capital and a small letter); None if none."""
    chars = _chars(codec)
    caps = bytes(b for b, ch in enumerate(chars) if ch is not None and ch.isalpha() and _capital(ch))
    high = bytes(b for b in caps if b > 0x7f)
    if not high:
        return None
    small = bytes(b for b, ch in enumerate(chars) if ch is not None and ch.islower())
    h = re.escape(high)
    # (the capital first, as in _glued_quote_bytes)
    return (frozenset(b - 0x80 for b in high),
            re.compile(rb"[" + h + rb"](?<=[" + re.escape(caps) + rb"][" + h + rb"])(?=[" + re.escape(small) + rb"])"))


@lru_cache(maxsize=None)
def _bridges(chars: tuple[str | None, ...]) -> tuple[frozenset[int], re.Pattern[bytes]] | None:
    """For a code page's characters: its bytes that read as combining marks, and a pattern finding
    the bytes either side of a run of them (the letter pair the marks sit between); None if none."""
    marks = bytes(b for b, c in enumerate(chars) if b > 0x7f and c is not None and _mark(c))
    if not marks:
        return None
    m = re.escape(marks)
    return frozenset(marks), re.compile(rb"(?=([^" + m + rb"])[" + m + rb"]+([^" + m + rb"]))", re.S)


# Per code page, what every pool's _CodePages takes from its characters (a process makes a few
# pools: the default one, and the part of it that reads a sample differently).
@lru_cache(maxsize=None)
def _grid_cells(codec: str) -> tuple[list[int], bytes] | None:
    """For :meth:`_CodePages._fill_ctx`: the place in the shipped grid of ``codec``'s languages of
    each byte's context character (0 for an undefined byte), and a translate table flagging its
    undefined bytes; None when the grid lacks one of its characters."""
    shipped = _shipped_tables()
    grid = shipped.ctx.get(PROFILES[codec]) if shipped is not None and codec in PROFILES else None
    if grid is None:
        return None
    cc = _chars(codec) if "Vietnamese" in PROFILES[codec] else _ctx_chars(codec)
    if any(c is not None and c not in grid.position for c in cc):
        return None
    return [0 if c is None else grid.position[c] for c in cc], bytes(c is None for c in cc)


@lru_cache(maxsize=None)
def _not_capitals(codec: str) -> bytes:
    return bytes(b for b, c in enumerate(_chars(codec)) if b < 0x80 or c is None or not _capital(c))


@lru_cache(maxsize=None)
def _ctx_chars(codec: str) -> tuple[str | None, ...]:
    return tuple(None if c is None else _ctx_char(c) for c in _chars(codec))


@lru_cache(maxsize=None)
def _agree(codec: str, other: str) -> bytes:
    """The bytes ``codec`` and ``other`` read as the same character."""
    a, b = _chars(codec), _chars(other)
    return bytes(x for x in range(256) if a[x] == b[x])


def _pair_cost(a: str | None, b: str | None) -> float:
    # an undefined byte is paid for as an invalid sequence
    return 0.0 if a is None or b is None or a.isspace() or b.isspace() else _sb_pair(a, b)


# The model's tables, precomputed: a fresh process (every command) spent more on building them
# than on scoring a big file's sample.  codecscope/data/code_pages.bin holds, per single-byte code
# page, its byte tables, word and orthography tags and the pair penalty of every byte pair; per
# group of languages, the letter context of every pair of context characters of its code pages;
# and per CJK profile, the log P of every character one or two bytes of its codecs make.
# tools/build_code_page_tables.py writes it from the model's functions (a test holds the file to
# them); a code page or character the file lacks is computed as before.
TABLES_FILE = "code_pages.bin"
TABLES_MAGIC = b"codecscope code page tables 1\n"


class _Grid(NamedTuple):
    position: dict[str, int]  # context character -> its row and column
    width: int                # values per pair: one per language, then their maximum if several
    at: int                   # where its values start: position[a] * len(position) + position[b], then width values


class _Shipped(NamedTuple):
    byte_tables: dict[str, tuple[_ByteTable, ...]]
    word_tags: dict[str, bytes]
    ortho_tags: dict[str, bytes]
    other_alphabet: dict[str, bool]
    pair_codes: dict[str, bytes]       # per code page: a code per byte pair x << 8 | y ...
    pair_values: tuple[float, ...]     # ... naming its _pair_cost here
    ctx: dict[tuple[str, ...], _Grid]  # per languages: their _ctx_row of context characters (Vietnamese: characters)
    cjk: dict[str, tuple[str, int]]    # per CJK profile: its characters in code point order, where their _cjk_lp start
    values: tuple[float, ...]          # the distinct numbers of the byte tables, grids and CJK log P ...
    refs: Sequence[int]                # ... which these name, a table or a grid after another


# The layout: TABLES_MAGIC, then compressed: the length of a JSON index, the index, padding to an
# even offset, an unsigned 16-bit number per value of the byte tables, grids and CJK log P (an index into the
# distinct values: a few thousand numbers recur in hundreds of thousands of places), and rows of
# 256 pair-penalty codes (most rows recur too: a code page names one per byte x, for x << 8 | y).


@lru_cache(maxsize=None)
def _shipped_tables() -> _Shipped | None:
    raw = package_data(TABLES_FILE)
    if raw is None or not raw.startswith(TABLES_MAGIC):
        return None
    return _read_tables(zlib.decompress(raw[len(TABLES_MAGIC):]))


def _read_tables(body: bytes) -> _Shipped:
    """The tables from the body :func:`_write_tables` made."""
    n = int.from_bytes(body[:4], "little")
    index = json.loads(body[4:4 + n])
    start = (4 + n + 1) & ~1
    end = start + 2 * index["refs"]
    refs: Sequence[int] = memoryview(body)[start:end].cast("H")
    if sys.byteorder != "little":
        swapped = array.array("H", body[start:end])
        swapped.byteswap()
        refs = swapped
    rows = [body[i:i + 256] for i in range(end, len(body), 256)]
    values = tuple(index["values"])

    def row(at: int, width: int = 128) -> tuple[float, ...]:
        return tuple(map(values.__getitem__, refs[at:at + width]))

    pages = index["codecs"]
    ratios = {at: row(at) for page in pages.values() for _, at, _ in page["rows"]}
    return _Shipped(
        byte_tables={c: tuple((lang, ratios[r], row(h)) for lang, r, h in p["rows"]) for c, p in pages.items()},
        word_tags={c: p["words"].encode("latin-1") for c, p in pages.items()},
        ortho_tags={c: p["ortho"].encode("latin-1") for c, p in pages.items() if p["ortho"] is not None},
        other_alphabet={c: p["other"] for c, p in pages.items()},
        pair_codes={c: b"".join(map(rows.__getitem__, p["pairs"])) for c, p in pages.items()},
        pair_values=tuple(index["pair_values"]),
        ctx={tuple(g["langs"]): _Grid({ch: i for i, ch in enumerate(g["chars"])}, g["width"], g["at"])
             for g in index["ctx"]},
        cjk={p: (t["chars"], t["at"]) for p, t in index["cjk"].items()},
        values=values, refs=refs)


def _grid_row(grid: _Grid | None, a: str, b: str) -> tuple[float, ...] | None:
    """:func:`_ctx_row` of context characters ``a`` ``b`` from the shipped grid (None if it lacks them)."""
    if grid is None:
        return None
    i, j = grid.position.get(a), grid.position.get(b)
    if i is None or j is None:
        return None
    at = grid.at + (i * len(grid.position) + j) * grid.width
    shipped = _shipped_tables()
    assert shipped is not None   # a grid comes from it
    return tuple(map(shipped.values.__getitem__, shipped.refs[at:at + grid.width]))


def _write_tables(codecs_: Iterable[str]) -> bytes:
    """The file :data:`TABLES_FILE` for the single-byte code pages ``codecs_`` and the CJK
    profiles, computed from the model's functions (never from the shipped file)."""
    refs = array.array("H")
    # keyed by float.hex(), which tells -0.0 from 0.0 (equal as keys, not in every sum)
    values: dict[str, int] = {}
    codes: dict[bytes, int] = {}       # a row of 256 pair-penalty codes -> its number
    costs: dict[str, int] = {}         # a pair penalty -> its code
    ratios: dict[tuple[float, ...], int] = {}
    pages: dict[str, Any] = {}
    # per languages: each character the grid goes by, with a character of a code page that
    # _ctx_char makes it (_ctx_row maps its characters itself, and _ctx_char is not idempotent:
    # Greek capital 'Μ' is 'μ', which as a unit's sign is a word boundary)
    groups: dict[tuple[str, ...], dict[str, str]] = {}

    def put(numbers: Iterable[float]) -> int:
        at = len(refs)
        for x in map(float.hex, numbers):
            if len(values) == 65535 and x not in values:
                raise ValueError("more than 65,535 distinct values: widen the references")
            refs.append(values.setdefault(x, len(values)))
        return at

    for codec in codecs_:
        tables = _build_byte_tables(codec)
        if tables is None:
            continue
        rows = []
        for lang, ratio, high in tables:
            if ratio not in ratios:
                ratios[ratio] = put(ratio)
            rows.append([lang, ratios[ratio], put(high)])
        chars = _chars(codec)
        ortho = _build_ortho_tags(codec) if codec in _ORTHOGRAPHY_CODECS else None
        pair_rows = []
        for x in range(256):
            line = bytearray()
            for y in range(256):
                cost = _pair_cost(chars[x], chars[y]).hex()
                if len(costs) == 255 and cost not in costs:
                    raise ValueError("more than 255 distinct pair penalties: widen the codes")
                line.append(costs.setdefault(cost, len(costs)))
            pair_rows.append(codes.setdefault(bytes(line), len(codes)))
        pages[codec] = {"rows": rows, "words": _build_word_tags(codec).decode("latin-1"),
                        "ortho": None if ortho is None else ortho.decode("latin-1"),
                        "other": _build_has_other_alphabet(codec), "pairs": pair_rows}
        # Vietnamese's rules read the characters themselves: its grid goes by the characters
        each = (lambda c: c) if "Vietnamese" in PROFILES[codec] else _ctx_char
        found = groups.setdefault(PROFILES[codec], {})
        for c in chars:
            if c is not None:
                found.setdefault(each(c), c)
    grids = []
    for langs, found in groups.items():
        chars_ = "".join(sorted(found))
        width = len(langs) + (len(langs) > 1)
        grids.append({"langs": list(langs), "chars": chars_, "width": width, "at": len(refs)})
        for a in chars_:
            for b in chars_:
                # a pair of two ASCII characters never gets here (_ctx_costs): zeros hold its place
                put(_ctx_row(langs, found[a], found[b]) if a > "\x7f" or b > "\x7f" else (0.0,) * width)
    cjk = {}
    for profile in CJK_PROFILES:
        seen: set[str] = set()
        for codec in _CHAINS[profile]:
            for code in [bytes([lead]) for lead in range(0x80, 0x100)] + [bytes([lead, trail])
                         for lead in range(0x80, 0x100) for trail in range(0x30, 0x100)]:
                seen.update(c for c in code.decode(codec, "ignore") if c > "\x7f")
        chars_ = "".join(sorted(seen))
        cjk[profile] = {"chars": chars_, "at": put(map(partial(_build_cjk_lp, profile), chars_))}
    index = {"source": "tools/build_code_page_tables.py, from codecscope.detection's model (letter "
                       "pairs and CJK frequencies derived from wordfreq's word lists, CC-BY-SA 4.0)",
             "refs": len(refs), "cjk": cjk, "values": list(map(float.fromhex, values)),
             "pair_values": list(map(float.fromhex, costs)), "codecs": pages, "ctx": grids}
    head = json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    if sys.byteorder != "little":
        refs.byteswap()
    body = len(head).to_bytes(4, "little") + head
    body += bytes(len(body) % 2) + refs.tobytes() + b"".join(codes)
    return TABLES_MAGIC + zlib.compress(body, 9)


class _CodePages:
    """The single-byte families of a candidate pool as tables indexed by byte value: every
    (family, language) row's weights per ASCII byte and log P per byte 0x80-0xFF, the pair
    penalties and the letter context (per row) of each byte pair met so far, and the word tags of
    each family."""

    def __init__(self, families: Sequence[str]) -> None:
        self.families: list[str] = []
        self.langs: list[str | None] = []          # per row
        self.row_ratio: list[int] = []             # per row: which distinct ASCII weights it uses
        self.spans: list[tuple[int, int, int]] = []  # per family: first row, end of its languages, end
        ratios: dict[tuple[tuple[float, ...], str | tuple[str, ...]], int] = {}
        tables = []
        for fam in families:
            try:
                rows = _byte_tables(fam)
            except LookupError:
                continue
            if rows is None:
                continue
            start = len(self.langs)
            for lang, ratio, table in rows:
                self.langs.append(lang)
                spec = lang if lang is not None else PROFILES[fam]
                self.row_ratio.append(ratios.setdefault((ratio, spec), len(ratios)))
                tables.append(table)
            self.spans.append((start, start + sum(r[0] is not None for r in rows), len(self.langs)))
            self.families.append(fam)
        self.n_ratios = len(ratios)
        self.low_cols = tuple(zip(*(r for r, _ in ratios)))   # per byte 0x00-0x7F: its weight in each distinct ratio
        # per ASCII pair: its weight in each distinct ratio (_ascii_pair_ratio)
        weights = [_ascii_pair_ratio(spec) for _, spec in ratios]
        found = sorted(set().union(*weights))
        self.pair_cols = dict(zip(found, zip(*(list(map(w.get, found, repeat(0.0))) for w in weights))))
        self.letters = [b for b, col in enumerate(self.low_cols) if any(col)]   # the others weigh 0.0
        # per byte 0x80-0xFF: its log P in each row, then a 0 per family (see _ctx_costs)
        self.high_cols = tuple(col + (0.0,) * len(self.families) for col in zip(*tables))
        self.chars = [_chars(f) for f in self.families]
        self.orphans = [_orphan_marks(f) for f in self.families]
        self.quotes = [_glued_quote_bytes(f) for f in self.families]
        self.inside = [_capitals_inside(f) for f in self.families]
        self.words = [(_word_tags(f), _has_other_alphabet(f), _ortho_tags(f) if f in _ORTHOGRAPHY_CODECS else None)
                      for f in self.families]
        self.profiles = [PROFILES[f] for f in self.families]
        # per family: every byte but its capitals (deleted, what is left counts them: _caps_ll),
        # and its combining marks, which letter context looks through (_context)
        self.not_capitals = [_not_capitals(f) for f in self.families]
        self.marks = [_bridges(chars) if "Vietnamese" not in langs else None for chars, langs in zip(self.chars, self.profiles)]
        # per family: a translate table flagging its mark bytes 1, every other byte 0
        self.mark_flags = [bytes(b in m[0] for b in range(256)) if m is not None else b"" for m in self.marks]
        self.ctx: dict[bytes, tuple[float, ...]] = {}
        # per family: its characters, each byte's context character (None where undefined), its
        # languages, a row of zeros, and the rows met so far by letter pair (shared by the
        # families of the same languages)
        by_langs: dict[tuple[str, ...], dict[str, tuple[float, ...]]] = {}
        # (Vietnamese's rules read the characters themselves: its rows go by the characters)
        shipped = _shipped_tables()
        grids = shipped.ctx if shipped is not None else {}
        self.ctx_fams = [(chars, chars if "Vietnamese" in langs else _ctx_chars(f), langs,
                          (0.0,) * (len(langs) + (len(langs) > 1)), by_langs.setdefault(langs, {}), grids.get(langs))
                         for f, chars, langs in zip(self.families, self.chars, self.profiles)]
        # per family: the code of each byte pair's _pair_cost, when all are shipped
        codes = [shipped.pair_codes[f] for f in self.families if f in shipped.pair_codes] if shipped is not None else []
        self.pair_codes = ((codes, shipped.pair_values) if shipped is not None and len(codes) == len(self.families)
                           else None)
        # per family, for _fill_ctx: where its bytes sit in its grid; None unless every family has
        # them and every pair code is shipped
        cells = [_grid_cells(f) for f in self.families]
        self.ctx_cells = None if self.pair_codes is None or None in cells else cast("list[tuple[list[int], bytes]]", cells)
        # per family with the languages and word rules of earlier ones: (its index, [(an earlier
        # one's index, the bytes on which the two agree)])
        self.twins: list[tuple[int, list[tuple[int, bytes]]]] = []
        kinds = [(langs, other, ortho is not None) for langs, (_, other, ortho) in zip(self.profiles, self.words)]
        for i in range(len(self.families)):
            earlier = [(j, _agree(self.families[i], self.families[j])) for j in range(i) if kinds[j] == kinds[i]]
            if earlier:
                self.twins.append((i, earlier))

    def _ctx_costs(self, pair: bytes) -> tuple[float, ...]:
        """:func:`_context` of a byte pair for every row (0 where a byte is undefined: that is
        paid for as an invalid sequence), then its :func:`_pair_cost` in every family: one column
        adds both.  (:func:`_pairs_ll` leaves out the pairs with a space in them; they cost 0 here, and
        adding 0 changes no sum.)"""
        if len(self.ctx) > 1 << 16:   # bounded, for long-running processes
            self.ctx.clear()
        # Each byte as the pair table sees it (_ctx_char), so that the many byte pairs that are
        # the same letter pair (case, every non-letter a word boundary) share one row per family
        # (_ctx_row maps its characters the same way).
        x, y = pair[0], pair[1]
        v: list[float] = []
        for chars, cc, langs, zeros, rows, grid in self.ctx_fams:
            a, b = cc[x], cc[y]
            if a is None or b is None or a <= "\x7f" and b <= "\x7f":
                v += zeros
                continue
            row = rows.get(a + b)
            if row is None:
                row = rows[a + b] = _grid_row(grid, a, b) or _ctx_row(langs, chars[x], chars[y])
            v += row
        if self.pair_codes is not None:
            codes, values = self.pair_codes
            k = x << 8 | y
            v += [values[c[k]] for c in codes]
        else:
            # _pair_cost, inline: a pair per family of every byte pair met, on the first call
            v += [0.0 if (a := chars[x]) is None or (b := chars[y]) is None or a.isspace() or b.isspace() else _sb_pair(a, b)
                  for chars in self.chars]
        t = self.ctx[pair] = tuple(v)
        return t

    def _fill_ctx(self, pairs: list[bytes]) -> None:
        """:meth:`_ctx_costs` of each of ``pairs`` (byte pairs met for the first time) into
        :attr:`ctx`.  From the shipped grids and pair codes this is a few C-level passes over all
        the pairs per family and value, not a Python loop per pair and family: a process's first
        detection meets a thousand or two new pairs, and that loop was most of a command's time.
        The same values in the same places."""
        shipped = _shipped_tables()
        if self.ctx_cells is None or self.pair_codes is None or shipped is None:
            for p in pairs:
                self._ctx_costs(p)
            return
        vget, rget = shipped.values.__getitem__, shipped.refs.__getitem__
        xs, ys = bytes(p[0] for p in pairs), bytes(p[1] for p in pairs)
        parts: list[list[float]] = []   # per value of a column: its value for each pair
        for (_, _, _, zeros, _, grid), (pos, undefined) in zip(self.ctx_fams, self.ctx_cells):
            assert grid is not None   # (ctx_cells has none without)
            n, width = len(grid.position), grid.width
            # where the pair's row starts: grid.at + (position of a * n + position of b) * width
            ats = list(map(_add, repeat(grid.at), map(_mul, repeat(width), map(
                _add, map(_mul, repeat(n), map(pos.__getitem__, xs)), map(pos.__getitem__, ys)))))
            mine = [list(map(vget, map(rget, map(_add, ats, repeat(k)) if k else ats))) for k in range(width)]
            # a pair with an undefined byte costs nothing here (it is paid for as an invalid sequence)
            flags = bytes(map(_or, xs.translate(undefined), ys.translate(undefined)))
            k = flags.find(1)
            while k >= 0:
                for part, zero in zip(mine, zeros):
                    part[k] = zero
                k = flags.find(1, k + 1)
            parts += mine
        codes, values = self.pair_codes
        ks = list(map(_or, map(_lshift, xs, repeat(8)), ys))
        parts += [list(map(values.__getitem__, map(c.__getitem__, ks))) for c in codes]
        self.ctx.update(zip(pairs, zip(*parts)))

    def score(self, data: bytes, counts: list[int], nonascii: int) -> dict[str, tuple[float, str | None]]:
        """family -> (model log-likelihood of its reading of ``data``, its best language), from
        ``counts`` (occurrences of each byte value) and ``nonascii`` (their count above 0x7F)."""
        # (the distinct high bytes in C, not a look at all 128 counts)
        high = [b - 128 for b in sorted(set(data.translate(None, _HIGH)))]
        # Code pages written in the same languages that agree on every byte the data holds read it
        # as the same text, so they score alike: each such reading is scored once (cp1252,
        # ISO-8859-15 and Latin-1 agree on most Western bytes, cp1250 and ISO-8859-2 on most
        # Central European ones, cp1251 and Mac Cyrillic on the lower case letters).
        same: dict[int, int] = {}
        for i, earlier in self.twins:
            for j, agree in earlier:
                if j not in same and not data.translate(None, agree):
                    same[i] = j
                    break
        if same:
            reps = tuple(f for i, f in enumerate(self.families) if i not in same)
            out = _code_pages(reps)._score(data, counts, nonascii, high)
            return {f: out[self.families[same.get(i, i)]] for i, f in enumerate(self.families)}
        return self._score(data, counts, nonascii, high)

    def _score(self, data: bytes, counts: list[int], nonascii: int,
               high: list[int]) -> dict[str, tuple[float, str | None]]:
        low = [b for b in self.letters if counts[b]]
        lows = _column_sums([self.low_cols[b] for b in low], [counts[b] for b in low], self.n_ratios)
        pairs_found, pair_ns = _ascii_pairs(data)
        known_pairs = [(self.pair_cols[p], n) for p, n in zip(pairs_found, pair_ns) if p in self.pair_cols]
        if known_pairs:
            lows = list(map(_add, lows, _column_sums([c for c, _ in known_pairs], [n for _, n in known_pairs],
                                                     self.n_ratios)))
        lows = list(map(_cap, lows, repeat(nonascii)))
        # the letter context of each byte pair adds to the rows like one more byte, and its pair
        # penalty to the families: one pass for all
        found = Counter(_BYTE_CTX.findall(b" " + data + b" "))
        present = set(high)   # the high bytes the data holds, less 0x80: most snippets hold no mark
        known = self.ctx
        if len(known) > 1 << 16:   # bounded, for long-running processes
            known.clear()
        new = [p for p in found if p not in known]
        if new:
            self._fill_ctx(new)
        cols = [self.high_cols[b] for b in high] + list(map(known.__getitem__, found))
        rows = len(self.langs)
        highs = _column_sums(cols, [counts[b + 128] for b in high] + list(found.values()), rows + len(self.families))
        vals = list(map(_add, map(lows.__getitem__, self.row_ratio), highs[:rows]))
        pair_ll = highs[rows:]
        out = {}
        flagged: bytes | None = None   # the pairs of ``found``, joined, once a family needs them
        for i, (fam, (a, m, b), pairs, (tags, other, ortho), orphan) in enumerate(
                zip(self.families, self.spans, pair_ll, self.words, self.orphans)):
            quotes = self.quotes[i]
            if quotes is not None and not present.isdisjoint(quotes[0]):
                pairs -= GLUED_QUOTE * len(quotes[1].findall(data))
            inside = self.inside[i]
            if inside is not None and not present.isdisjoint(inside[0]):
                pairs -= CAPITAL_INSIDE * len(inside[1].findall(data))
            if orphan is not None and not present.isdisjoint(orphan[0]):
                pairs -= ORPHAN_MARK * len(orphan[1].findall(data))
                marks = self.marks[i]
                if marks is not None:
                    # the letter context of the reading without its marks, for that with them:
                    # less the pairs with a mark, plus those of the bytes either side of marks
                    # (the pairs with a mark picked in C: each pair's two bytes flagged by one
                    # translate of them all)
                    if flagged is None:
                        flagged = b"".join(found)
                    flags = flagged.translate(self.mark_flags[i])
                    fix = [(p, -n) for p, n in compress(found.items(), map(_or, flags[::2], flags[1::2]))]
                    fix += [(x + y, 1) for x, y in marks[1].findall(b" " + data + b" ")]
                    new = [p for p in dict.fromkeys(map(_FIRST, fix)) if p not in known]
                    if new:
                        self._fill_ctx(new)
                    # row by row, each row's terms added in the order of ``fix`` as before (a
                    # C-level reduce, one add after the other; float(n) * x is n * x)
                    ns = [float(n) for _, n in fix]
                    cols = [known[p] for p, _ in fix]
                    for r in range(a, b):
                        vals[r] = reduce(_add, map(_mul, ns, map(itemgetter(r), cols)), vals[r])
            pairs += _caps_ll(len(data.translate(None, self.not_capitals[i])))
            single = max(vals[a:m])
            # the first of equals: two languages of a code page can tie exactly (Russian and
            # Ukrainian on letters both write), and the order of a float sum must not pick
            tie = single - 1e-9 * (1.0 + abs(single))
            k = a   # (a loop, not a generator: most code pages model one language, found at once)
            while vals[k] < tie:
                k += 1
            lang = self.langs[k]
            ll = max(vals[a:b]) + pairs
            if other or ortho:
                words = -SCRIPT_SWITCH * _tag_switches(data.translate(tags)) if other else 0.0
                if ortho:
                    words += _ortho_tags_ll(data.translate(ortho))
                ll += words
            out[fam] = (ll, lang)
        return out


# Whether this module runs compiled (tools/build_compiled.py): there a typed loop beats the C-level
# maps that are fastest in pure Python.  Up to Python 3.11 only, where ``sum`` of floats adds them
# one after the other as the loop does; from 3.12 it compensates for rounding, which a loop would
# not, and both builds keep to ``sum`` so that their answers stay the same.
_LOOPS_COMPILED = not __file__.endswith(".py") and sys.version_info < (3, 12)


def _column_sums(columns: list[tuple[float, ...]], counts: list[int], rows: int) -> list[float]:
    """Per row, the sum of count x value over ``columns`` (each holding a value per row), added
    in column order: one dot product per row, made by C-level maps instead of a loop per row."""
    if not columns:
        return [0.0] * rows
    if _LOOPS_COMPILED:
        # the same sums term by term (sum() of floats starts from 0.0 and adds each in turn)
        out = [0.0] * rows
        for j in range(len(columns)):
            col = columns[j]
            f = float(counts[j])
            for r in range(rows):
                out[r] += f * col[r]
        return out
    # float(n): the same product, without int * float asking int first; each product made as zip
    # takes it (a map, not a tuple of them built first and thrown away)
    scaled: list[Iterable[float]] = [col if n == 1 else map(_mul, repeat(float(n)), col)
                                     for col, n in zip(columns, counts)]
    return list(map(sum, zip(*scaled)))


_FIRST = itemgetter(0)


@lru_cache(maxsize=64)   # the code pages of one snippet often tag it alike
def _tag_switches(tagged: bytes) -> int:
    """:func:`_switches` on a reading mapped through :func:`_word_tags`: how often the first tag
    of a word differs from the one before, starting from Latin."""
    # (the words are the runs between spaces, the only bytes in ``tagged`` that are no tag: a
    # split in C and the first byte of each, not a pattern matched word by word)
    starts = bytes(map(_FIRST, (b"L " + tagged).split()))
    return sum(map(_ne, starts, starts[1:]))


@lru_cache(maxsize=256)   # the default pool and the parts of it that read a snippet differently
def _code_pages(families: tuple[str, ...]) -> _CodePages:
    return _CodePages(families)


def _rank(data: bytes, families: list[str], *, final: bool = True,
          invalid_override: dict[str, int] | None = None,
          truncated_override: dict[str, bool] | None = None, weight: float = 1.0,
          minus: dict[str, float] | None = None, models: dict[str, float] | None = None,
          cut_cost: float = TRUNCATED_COST,
          invalid_paid: dict[str, float] | None = None, mid_start: bool = True) -> list[tuple[float, Candidate, str]]:
    """Score every family on ``data``; returns [(loglik, Candidate, text)] best first.

    Every candidate is scored in full before any is compared: the confidence is a share of the
    evidence over all of them, so none may be dropped early.  Single-byte code pages are scored
    from byte counts (their per-byte tables) plus the pairs of characters their reading makes.
    ``weight`` scales the model's part of each score (not the invalid and truncation costs),
    ``minus`` is subtracted from it per family, and ``models`` receives it per family.
    ``invalid_paid`` is the number of invalid sequences to pay for per family where it is not the
    number reported (repeated input pays for those of one unit).  ``mid_start``: a double-byte
    codec's reading may leave out a cut first byte (never for a repeated unit or a stream sample).
    """
    counts = [0] * 256
    nonascii = len(data)
    for b, n in Counter(data).items():
        counts[b] = n
        nonascii -= n * (b < 128)
    nonascii = max(1, nonascii)
    pages = _code_pages(tuple(families))
    single_byte = pages.score(data, counts, nonascii) if pages.families else {}
    signs = single_byte and _SIGN_BYTES.search(data) is not None   # most snippets hold no sign's place
    lone = [b[0] for b in _LONE_BYTE.findall(data)] if single_byte else []
    sign_data, sign_where = _sign_context(data) if signs else (b"", [])
    four = _gb18030_four(data) if "gb18030" in families else ""
    rows: list[tuple[float, tuple[str, str, int, bool, str | None, bool]]] = []
    for fam in families:
        # A double-byte codec's chunk may start on the second byte of a character (every chunk of
        # a stream after the first may): read from the first byte, every character after it is
        # misread (GBK's bytes serve as lead and trail alike), so the reading from the second is
        # scored too, its skipped byte paid for like a cut character.  Only where the first byte
        # may be a trail (:func:`_trail_first`); and only with more than
        # MID_START_MIN non-ASCII bytes: a second reading of a short word is one more chance for
        # chance to win ('Ювелір' in KOI8-U is two common Han from its second byte).  Not for a
        # repeated unit or a stream's sample, which start on a boundary.
        starts = (0, 1) if (mid_start and fam in CJK_PROFILES and invalid_override is None and minus is None
                            and nonascii > MID_START_MIN and _trail_first(data, fam)) else (0,)
        best: tuple[float, float, tuple[str, str, int, bool, str | None, bool]] | None = None
        for skip in starts:
            part = data[skip:] if skip else data
            try:
                codec, text, invalid, truncated = _decode(part, fam, final)
            except LookupError:
                break
            if invalid_override is not None and fam in invalid_override:
                invalid = max(invalid, invalid_override[fam])
            if truncated_override is not None and fam in truncated_override:
                truncated = truncated_override[fam]
            # UTF-8 after the bytes of a cut first character (_lead_cut): paid for like a cut last one
            if fam == "utf-8":
                skip = _lead_cut(part) if not invalid else 0
            cut = cut_cost
            if truncated and cut and not invalid:
                if fam in CJK_PROFILES:
                    cut = _cut_cost(fam, codec, part, text)
                elif fam == "utf-8":
                    pending = part[skip + len(text.encode()):]
                    if text[-1:].isascii() and text[-1:].isalpha() and pending[:1] >= b"\xe0":
                        cut += CJK_GLUE     # the cut character is CJK or a symbol (3-4 bytes), glued to a letter
                    tag = _utf8_cut_tag(pending[:2]) if pending else None
                    if tag is not None and tag != _last_tag(text, _script_tag):
                        cut += SCRIPT_SWITCH   # a cut N'Ko letter after German 'Stra' is cp1252 'ß'
            lead = skip > 0
            paid = invalid if invalid_paid is None else invalid_paid.get(fam, invalid)
            # (each skipped byte pays: a reading that leaves most of five legacy bytes to cuts at both
            # ends explains little of them — cp866 'Бельгия' is one Hangul syllable between two cuts)
            penalty = _PRIOR.get(fam, 0.0) - INVALID_COST * paid - cut * truncated - cut_cost * skip
            lang: str | None = None
            if fam in single_byte:
                ll, lang = single_byte[fam]
                if signs:
                    ll += _sign_slots_ll(text, codecs.charmap_decode(sign_data, "strict", _sign_skeleton(fam))[0], sign_where)
                if lone:
                    ll -= SIGN_SLOT * sum(_lone_pays(fam, b) for b in lone)
                ll -= GB4_GLUED * len(four)   # (see _GB4)
            else:
                clean = text.replace("\ufffd", "") if invalid else text
                if fam == "utf-8":
                    ll, lang = _any_profile(clean)
                    multi = len(clean) - len(clean.encode("ascii", "ignore"))
                    # skipping a cut first character and holding back a cut last one leave short
                    # legacy bytes (Hangul in cp949) room to pass as UTF-8: no prior for those
                    ll += UTF8_PER_CHAR * multi + (UTF8_VALID if multi and not invalid and not lead
                                                   and _one_writing(clean, multi) else 0.0)
                else:
                    if codec == "euc_kr" and not invalid:
                        clean, cut_jamo = _cut_make_up(clean)
                        penalty -= cut * cut_jamo
                    ll, lang = _loglik(fam, clean)
                    if four and fam == "gb18030" and not invalid and _one_script_letters(four):
                        ll, lang = max((ll, lang), _any_profile(clean), key=lambda r: r[0])
            total = weight * (ll - (minus.get(fam, 0.0) if minus is not None else 0.0)) + penalty
            if best is None or total > best[0]:
                best = (total, ll, (codec, text, invalid, truncated, lang, lead))
        if best is None:
            continue
        if models is not None:
            models[fam] = best[1]
        rows.append((best[0], best[2]))
    rows.sort(key=lambda r: -r[0])
    out: list[tuple[float, Candidate, str]] = []
    for ll, (codec, text, invalid, truncated, lang, lead) in rows:
        cand = _candidate(encoding=codec, valid=invalid == 0 and not truncated and not lead, invalid=invalid,
                          truncated=truncated, bom=False, language=lang, score=max(ll, -1e5) / nonascii,
                          reading=text[:2000], cut_start=lead)
        out.append((ll, cand, text))
    return out


# GB18030's four-byte characters (every Unicode letter outside GBK: Hangul, Thai, Arabic …) are
# a lead byte, a digit, a lead byte, a digit.  A run of them is structure: single-byte text almost
# never glues a letter to a digit twice over ('Г5«1Г3Ъ3' is Korean, not Cyrillic), and the
# reading that writes letters of one script with them is GB18030 writing that script, scored in
# that script's model as UTF-8 text is (the Chinese model gives Hangul or Thai next to nothing).
_GB4 = re.compile(rb"[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]")
GB4_MIN = 2                 # four-byte characters before their structure counts
GB4_GLUED = 6.0             # nats per four-byte character against a single-byte reading of its bytes


def _gb18030_four(data: bytes) -> str:
    """The characters a valid GB18030 reading of ``data`` writes with four bytes, in order; ""
    when there are fewer than :data:`GB4_MIN` or no reading is valid.  A cut character at either
    end is allowed (a chunk of a stream may start on any byte of a four-byte one)."""
    if len(_GB4.findall(data, 0, 4096)) < GB4_MIN:
        return ""
    for skip in range(4):
        try:
            text = codecs.getincrementaldecoder("gb18030")("strict").decode(data[skip:], final=False)
            break
        except UnicodeDecodeError:
            continue
    else:
        return ""
    wide = {c for c in set(_non_ascii_chars(text)) if len(c.encode("gb18030")) == 4}
    four = "".join(c for c in text if c in wide) if wide else ""
    return four if len(four) >= GB4_MIN else ""


def _one_script_letters(chars: str) -> bool:
    """Whether ``chars`` hold letters, all of one script (its marks and signs aside)."""
    return len({_script(c) for c in chars if c.isalpha()}) == 1


def _candidate(**fields: Any) -> Candidate:
    """``Candidate(**fields)`` without the frozen dataclass's ``__init__``, which sets the fields
    one ``object.__setattr__`` at a time: :func:`_rank` makes one per code page on every call."""
    cand = object.__new__(Candidate)
    cand.__dict__.update(fields)
    return cand


# A word as bytes, whatever the encoding: a run without ASCII space, punctuation or digits, of
# three bytes at least (two bytes are one character of a CJK reading: no context in that reading).
_BYTE_WORD = re.compile(rb"[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]{3,}")


def _evidence(data: bytes) -> int:
    """How much ``data`` has to tell the readings apart by: its distinct byte pairs inside words
    with a non-ASCII byte in them.  A letter standing alone, a two-letter abbreviation (one
    character to a CJK reading) or the same word again adds none."""
    # the first 4 KiB: past a few hundred pairs the count no longer moves the temperature
    pairs: set[tuple[int, int]] = set()
    for w in _BYTE_WORD.findall(data[:4096]):
        if not w.isascii():
            pairs.update(zip(w, w[1:]))
    return max(1, sum(1 for a, b in pairs if a > 127 or b > 127))


def _confidence(scored: list[tuple[float, Candidate, str]], nonascii: int,
                evidence: int | None = None) -> tuple[float, tuple[str, ...], float]:
    """(confidence, equivalent encodings, share of "none of these") for the best candidate: its
    :func:`_share` of the evidence through the calibration map, kept under 0.9 for a thin answer
    and capped by the density of the best reading's invalid sequences (a reading broken every few
    dozen bytes is not a reading: one bad byte in a long file keeps its answer, bytes nothing
    decodes do not get a confident one)."""
    share, same, noise = _share(scored, nonascii, evidence)
    conf = _calibrate(share)
    if evidence is not None and evidence <= THIN_EVIDENCE:
        conf = min(conf, THIN_MAX)
    # The same bytes read as two scripts are told apart by two different letter models, each
    # with its own blind spots (capitals, vowel marks): a margin of less than CROSS_SCRIPT_GAP
    # per non-ASCII byte between them is no ground to rewrite a file on, whatever the share says.
    # (Valid UTF-8, evidence None, is the bytes' structure speaking, not a letter model.)
    script = _language_script(scored[0][1].language) if scored else None
    if script is not None and evidence is not None and conf > CROSS_SCRIPT_CAP:
        top_ll, _, top_text = scored[0]
        rival = next((ll for ll, c, t in scored[1:] if t != top_text
                      and _language_script(c.language) not in (script, None)), None)
        if rival is not None and top_ll - rival < CROSS_SCRIPT_GAP * nonascii:
            conf = CROSS_SCRIPT_CAP
    if evidence is not None and conf > UNSURE_MAX and (_prior_made(scored) or _twin_made(scored)):
        conf = UNSURE_MAX
    if evidence is not None and conf > THIN_MAX and scored and (_cjk_without_words(scored[0][1].encoding, scored[0][2])
                                                                or _signs_only(scored[0][1].encoding, scored[0][2])
                                                                or _cjk_all_rare(scored[0][1].encoding, scored[0][2])
                                                                or _utf8_by_chance(scored[0][1].encoding, scored[0][2])):
        conf = THIN_MAX
    if evidence is None and conf > UNSURE_MAX and (_lone_utf8_as_cjk(scored) or _lone_utf8_as_word(scored)):
        conf = UNSURE_MAX
    if scored and scored[0][1].invalid:
        conf = min(conf, max(0.0, 1.0 - INVALID_DENSITY * scored[0][1].invalid / nonascii))
    return conf, same, noise


# A prior (:data:`_PRIOR`) says how often a code page is met, not what the bytes say.  Where it
# is what makes the margin (Mac Roman 'Señora' is cp1252 'Se–ora', Mac Cyrillic 'Яблучна' cp1251
# 'џблучна': set the priors aside and the letter models put the two readings within PRIOR_GAP
# nats per character the two texts differ in, or the rarer code page ahead), both
# readings are plausible text and the answer is not sure, whatever the share.  Only a rival whose
# prior is at least PRIOR_ONLY lower counts: smaller priors (cp1250's, ISO-8859-2's) are tuned
# to ranking between code pages met about as often, and are no claim about the bytes either way.
PRIOR_ONLY = 2.0
PRIOR_GAP = 1.0


def _prior(encoding: str) -> float:
    return _PRIOR.get(_CHAIN_FAMILY.get(encoding, _FAMILY.get(encoding, encoding)), 0.0)


def _prior_made(scored: list[tuple[float, Candidate, str]]) -> bool:
    """The best reading, of a single-byte code page, beats another single-byte code page's reading
    of the same bytes as other text, whose prior is much lower, by the priors alone: their margin
    without them is under :data:`PRIOR_GAP` per character the two texts differ in."""
    if len(scored) < 2 or scored[0][1].encoding not in _SINGLE_BYTE_CODECS:
        return False
    top_ll, top, top_text = scored[0]
    own = _prior(top.encoding)
    seen = {top_text}
    for ll, cand, text in scored[1:]:
        if text in seen:    # (a text is as likely as its best reading: a code page met as often
            continue        # as the best's reading it so, the prior is not what sets it apart)
        seen.add(text)
        other = _prior(cand.encoding)
        if own - other >= PRIOR_ONLY and cand.encoding in _SINGLE_BYTE_CODECS:
            # (distinct characters: a code page reads a byte the same wherever it stands, and a
            # repeated payload's score is one unit's, its characters differing in every unit; a
            # single-byte reading has a character per byte, so the two line up; the first 4 KiB)
            # (the distinct pairs made in C, the few alike among them then set aside)
            both = set(zip(text[:4096], top_text[:4096]))
            differ = len(both) - sum(1 for a, b in both if a == b)
            if (top_ll - own) - (ll - other) < PRIOR_GAP * differ:
                return True
    return False


# Twin code pages (cp1251 and Mac Cyrillic, cp1252 and Mac Roman, ISO-8859-2 and cp1250 …) read
# most characters of a text alike, so their margin is made by the few they differ in, and there
# by whether the letter models know the letter: Macedonian 'ѓ', Belarusian 'ў' are letters no
# modelled language has, and a capital inside a small word costs the model less ('совпаГа',
# 'абнаЩленне' won at 1.0).  Where the best reading writes a character only ever breaking a word
# (a capital right after a small letter, a sign glued to a letter) and a twin of the same script
# writes there a letter that always fits, the twin reads those bytes as text at least as well:
# unless the twin breaks words so at least as often (distinct characters, as in
# :func:`_prior_made`), the characters that differ do not decide it.  "Only ever": a repeated
# payload glues its last letter to its first capital ('ПекарПекар'), which stands first once.
_WORD_SIGNS = _QUOTES | _UNIT_MARKS | frozenset("'’-")   # glued to words in ordinary text


def _odd_at(text: str, i: int) -> bool:
    """Whether ``text[i]`` breaks its word: a capital right after a small letter, or a sign
    glued to a letter."""
    ch = text[i]
    before = text[i - 1] if i else ""
    if ch.isalpha() or _mark(ch):
        return _capital(ch) and before.isalpha() and before.islower()
    return not (ch.isspace() or ch.isdigit() or ch in _WORD_SIGNS) and (
        before.isalpha() or text[i + 1:i + 2].isalpha())


def _twin_made(scored: list[tuple[float, Candidate, str]]) -> bool:
    """The best single-byte reading breaks words where a twin reading of the same script, which
    differs from it in at most half its distinct non-ASCII characters, writes fitting letters,
    more often than the twin breaks words where the best writes fitting letters."""
    if len(scored) < 2 or scored[0][1].encoding not in _SINGLE_BYTE_CODECS:
        return False
    _, top, top_text = scored[0]
    script = _language_script(top.language)
    sample = top_text[:4096]
    own = len(set(_non_ascii_chars(sample)))
    seen = {top_text}
    for _, cand, text in scored[1:]:
        if text in seen or cand.encoding not in _SINGLE_BYTE_CODECS or _language_script(cand.language) != script:
            continue
        seen.add(text)
        other = text[:4096]
        # per distinct differing pair: (best odd everywhere, twin fits everywhere) and the reverse
        pairs: dict[tuple[str, str], list[bool]] = {}
        # (the positions where the two differ found in C; a reading that differs in more than
        # half the distinct characters is no twin, however the rest goes; a pair whose two flags
        # are both down stays so)
        too_many = False
        for i in compress(count(), map(_ne, sample, other)):
            a, b = sample[i], other[i]
            seen_pair = pairs.get((a, b))
            if seen_pair is None:
                if 2 * (len(pairs) + 1) > own:
                    too_many = True
                    break
                seen_pair = pairs[a, b] = [True, True]
            elif not (seen_pair[0] or seen_pair[1]):
                continue
            odd_a, odd_b = _odd_at(sample, i), _odd_at(other, i)
            seen_pair[0] &= odd_a and not odd_b and b.isalpha()
            seen_pair[1] &= odd_b and not odd_a and a.isalpha()
        if too_many or not pairs:
            continue
        top_odd = sum(1 for x, _ in pairs.values() if x)
        if top_odd and top_odd >= sum(1 for _, y in pairs.values() if y):
            return True
    return False


_GLUED_IN_LATIN = re.compile("[A-Za-z][^\x00-\x7f][A-Za-z]")


def _cjk_without_words(encoding: str, text: str) -> bool:
    """A double-byte reading with nothing of CJK writing to judge: its non-ASCII characters are
    all punctuation or symbols (English with curly quotes saved in Big5 reads as EUC-JP signs
    just as well), or one stands between two Latin letters (GBK 'Frédéric' is Big5 Han inside a
    Latin word).  Every CJK code page holds such characters, and no model of CJK text tells them
    apart: thin evidence, whatever the share."""
    if encoding not in _DOUBLE_BYTE:
        return False
    sample = text[:4096]
    return not any(ch.isalpha() for ch in sample if ch > "\x7f") or _GLUED_IN_LATIN.search(sample) is not None


def _signs_only(encoding: str, text: str) -> bool:
    """A single-byte reading whose non-ASCII characters are all signs: no letter to name a
    language by, and a dozen code pages read such bytes as the same signs and pool their shares
    (Big5 '臺北' is cp1252 '»O¥_'), so the share says nothing of the bytes."""
    return encoding in _SINGLE_BYTE_CODECS and not any(ch.isalpha() for ch in _non_ascii_chars(text[:4096]))


# A lone two-byte UTF-8 sequence (or two) among ASCII is UTF-8 by its structure, but a CJK code
# page's single character is two bytes too, and often the same two: Big5 or EUC-JP text with one
# Han among ASCII reads as UTF-8 'ư', GBK '女士' as 'Ůʿ'.  Where a double-byte reading makes every
# such sequence a common character (log P at least COMMON_CJK in its model) standing apart from
# Latin letters, as CJK writing does, the structure cannot tell the two apart: UTF-8 stays first
# (it is what most text is stored in) but under 0.9.  Inside a Latin word ('café' is GBK
# 'caf茅') the CJK reading is glued to letters and the structure keeps its word.
LONE_UTF8 = 2
COMMON_CJK = _LOG(1e-4)


def _lone_utf8_as_cjk(scored: list[tuple[float, Candidate, str]]) -> bool:
    """The best reading is UTF-8 with at most :data:`LONE_UTF8` multibyte characters, all of
    two bytes, and some double-byte reading of the same bytes makes each of them a common CJK
    character that no Latin letter touches."""
    if not scored or scored[0][1].encoding != "utf-8":
        return False
    wide = _NA_TEXT.findall(scored[0][2])
    if sum(map(len, wide)) > LONE_UTF8 or any(len(ch.encode()) != 2 for run in wide for ch in run):
        return False
    for _, cand, text in scored[1:]:
        fam = _CHAIN_FAMILY.get(cand.encoding)
        if fam is None or cand.invalid or cand.truncated or cand.cut_start:
            continue
        cjk = _non_ascii_chars(text)
        if (len(cjk) == sum(map(len, wide)) and _GLUED.search(text) is None
                and all(_cjk_lp(fam, ch) >= COMMON_CJK for ch in cjk)):
            return True
    return False


# The same holds for a single-byte code page whose letters sit where UTF-8 puts its leads and
# continuations: TIS-620 Thai (leading vowels at 0xE0-0xE4, consonants at 0xA1-0xCE), KOI8-U
# (lower-case Cyrillic at 0xC0-0xDF, 'і' and 'ї' at 0xA6-0xA7).  Three bytes that are UTF-8 '价' are
# Thai 'ไปท'; 'æ' and a cut character are Ukrainian 'цій'.  Where at most LONE_UTF8 multibyte
# characters make the structure and a single-byte reading makes the non-ASCII bytes a word of at
# least three letters of one script, standing apart from Latin letters and scored as real short
# words are (three-letter Thai, Cyrillic and Greek words score -3 to -6 nats a letter; what
# a lone '中' or 'é' makes in TIS-620 or ISO-8859-5, 'ไธญ', 'УЄ', scores -7 or less or has two
# letters), one character's structure is no sure answer either.
LONE_WORD_MIN = -6.5


def _lone_utf8_as_word(scored: list[tuple[float, Candidate, str]]) -> bool:
    """The best reading is UTF-8 with at most :data:`LONE_UTF8` multibyte characters, and some
    single-byte reading of the same bytes makes them a word of three letters or more of one
    script, no Latin letter touching it, that its model scores at least :data:`LONE_WORD_MIN`
    per byte."""
    if not scored or scored[0][1].encoding != "utf-8" or len(_non_ascii_chars(scored[0][2])) > LONE_UTF8:
        return False
    for _, cand, text in scored[1:]:
        if cand.encoding not in _SINGLE_BYTE_CODECS or cand.invalid or cand.score < LONE_WORD_MIN:
            continue
        wide = _non_ascii_chars(text)
        if (len(wide) >= 3 and len({_script(ch) for ch in wide}) == 1 and _GLUED.search(text) is None
                and all(ch.isalpha() or _mark(ch) for ch in wide)):
            return True
    return False


# Real CJK text, a name or an address included, holds at least one character commoner than this
# (the development set's right answers: 4 in 10,000 at the rarest, a name with '齐齐哈').  A
# double-byte reading without one (Johab, which is no candidate, read as cp949: '伏뒦 輹웾堡', 4
# in a million at the commonest) is what a code page makes of bytes that are not its own; that it
# beats the other readings of them says nothing.  (The commonest character, not an average: a
# chunk cut mid-character starts with a character or two of garbage in every reading.)
RARE_ONLY_LP = _LOG(1e-4)


def _cjk_all_rare(encoding: str, text: str) -> bool:
    """A double-byte reading none of whose characters is common in its language."""
    fam = _FAMILY.get(encoding, encoding)
    if encoding not in _DOUBLE_BYTE or fam not in CJK_PROFILES:
        return False
    lp = _CJK_LP[fam]
    wide = set(_non_ascii_chars(text[:4096]))
    if fam == "gb18030":   # its four-byte characters are another script's letters (see _GB4)
        wide = {ch for ch in wide if len(ch.encode(encoding)) < 4}
    return bool(wide) and all(lp[ch] < RARE_ONLY_LP for ch in wide)


def _utf8_by_chance(encoding: str, text: str) -> bool:
    """A UTF-8 reading of fewer than :data:`UTF8_SURE` multibyte characters that are letters of
    different writings (Thaana beside Hangul, 'ޤ줿', from EUC-JP bytes cut mid-character): what
    legacy bytes line up into by chance.  It may still read best, every other reading being
    broken, but it is no sure answer (:func:`_one_writing`)."""
    if encoding != "utf-8":
        return False
    wide = _non_ascii_chars(text[:4096])
    return len(wide) < UTF8_SURE and not _one_writing(wide, len(wide))


def _share(scored: list[tuple[float, Candidate, str]], nonascii: int,
           evidence: int | None = None) -> tuple[float, tuple[str, ...], float]:
    """(share of the evidence, equivalent encodings, share of "none of these") for the best candidate.

    A softmax of the scores over every candidate (readings giving the same text pool their share)
    and one more hypothesis, noise: bytes no candidate reads as text, at a flat cost per
    non-ASCII byte.  When noise out-scores the candidates the best one keeps a low share.
    ``evidence`` is :func:`_evidence` of the bytes scored (None: the best reading's structure
    speaks for it, and only the number of bytes counts).
    """
    if not scored:
        return 0.0, (), 1.0
    top_ll, _, top_text = scored[0]
    same = tuple(c.encoding for ll, c, t in scored[1:] if t == top_text)
    noise = -NOISE_PER_BYTE * nonascii
    ref = max(max(ll for ll, _, _ in scored), noise)   # the first need not score best (_by_usage)
    # The less there is to tell the readings apart by, the more a margin between them rests on the
    # model's own assumptions (a unigram model of each script, a prior on case): a short snippet's
    # margin counts for less.
    temperature = TEMPERATURE * (1.0 + SHORT_EVIDENCE / nonascii + (SHORT_CONTEXT / evidence if evidence else 0.0))
    mass: dict[str, float] = {}
    for ll, _, t in scored:
        mass[t] = mass.get(t, 0.0) + math.exp(max(-700.0, (ll - ref) / temperature))
    noise_mass = math.exp(max(-700.0, (noise - ref) / temperature))
    total = sum(mass.values()) + noise_mass
    return mass[top_text] / total, same, noise_mass / total


CROSS_SCRIPT_GAP = 0.5      # nats per non-ASCII byte
CROSS_SCRIPT_CAP = 0.85     # under scan --fix's 0.9


@lru_cache(maxsize=None)
def _language_script(lang: str | None) -> str | None:
    """The script a candidate's language is written in ('Han' for the CJK ones), None if unknown."""
    if lang is None:
        return None
    if lang in CJK_PROFILES.values() or lang.startswith("Chinese"):
        return "Han"
    return _lang(lang)[1] if lang in _frequencies() or lang in _BORROWED else None


def _calibrate(p: float) -> float:
    """The reported confidence for a share ``p`` of the evidence: :data:`CALIBRATION`, linear
    between its knots (the raw share when it is empty, as ``fit-calibration`` needs)."""
    knots = CALIBRATION
    if not knots:
        return p
    i = bisect.bisect_right(knots, (p, 2.0))
    if i == 0:
        return knots[0][1]
    if i == len(knots):
        return knots[-1][1]
    (x0, y0), (x1, y1) = knots[i - 1], knots[i]
    return y0 + (y1 - y0) * (p - x0) / (x1 - x0)


def _utf8_sure(data: bytes) -> tuple[str, bool] | None:
    """(text, truncated) when ``data`` is valid UTF-8 (a cut last character allowed) with at least
    :data:`UTF8_SURE` multibyte characters and no control or private-use character: legacy bytes
    almost never line up into that many well-formed sequences."""
    dec = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        text = dec.decode(data, final=False)
    except UnicodeDecodeError:
        lead = _lead_cut(data)
        if not lead:
            return None
        dec = codecs.getincrementaldecoder("utf-8")("strict")
        try:
            text = dec.decode(data[lead:], final=False)
        except UnicodeDecodeError:
            return None
    multi = len(text.encode("utf-8")) - len(text) if len(text) < 4096 else len(_NA_TEXT.findall(text))
    if multi >= UTF8_SURE and len(data) <= SAMPLE:
        # a repeated payload repeats one observation: GBK '合肥街' lines up as three UTF-8
        # sequences, and repeating it must not make that "several"
        unit = _period(data)
        if unit:
            multi = sum(1 for b in data[:unit] if b >= 0xC0)
    if multi < UTF8_SURE or _C1_OR_PRIVATE.search(text) or _scattered(text) or _unassigned(text):
        return None
    # (multi counts continuation bytes: two three-byte characters make four.  Fewer than four
    # characters are judged as the model's prior judges them: cp866 puts lower-case Cyrillic at
    # 0xE0-0xEF and 0xA0-0xAF, a lead and its continuations, so a Russian word lines up as two
    # extension-A Han, 'упорно' as '㯮୮', or as letters of two scripts, and was UTF-8 at 0.999)
    if len(text) < 4096:
        wide = _non_ascii_chars(text)
        if len(wide) < UTF8_SURE and not _one_writing(wide, len(wide)):
            return None
    return text, _pending(dec) > 0


def _unassigned(text: str) -> bool:
    """Whether a short text holds a character of the Basic Multilingual Plane that no Unicode
    version known here assigns: legacy bytes that line up as UTF-8 by chance land there (cp866
    'Чернетка' cut after its first letter reads as U+0B65 and a math sign), a writer's text does
    not (a newer standard's new characters are few in that plane; emoji, beyond it, are let be).
    A long text is never chance, and the model judges it anyway."""
    return len(text) < 4096 and any("\x80" <= c < "\U00010000" and unicodedata.category(c) == "Cn" for c in set(text))


_ONE_WRITING = {**ONE_WRITING, "Bopomofo": "Han"}   # (zhuyin annotates Han)


def _scattered(text: str) -> bool:
    """Letters (and marks of a script) that change script at most steps (Batak beside Samaritan,
    Arabic beside Armenian): legacy bytes that happen to line up as UTF-8 sequences (cp866 puts lower-case letters at
    0xA0-0xAF and 0xE0-0xEF, a lead and its continuations), never a writer's text, whose
    neighbouring letters share a script (Han, kana and Hangul count as one writing).  Only the
    first 64 letters are looked at: the question is whether the model must judge."""
    prev, pairs, changes = None, 0, 0
    for ch in text:
        if ch < "\x80" or not (ch.isalpha() or unicodedata.category(ch).startswith("M")):
            continue
        script = char_script(ch)
        if script in ("Common", "Inherited"):
            continue
        script = _ONE_WRITING.get(script, script)
        if prev is not None:
            pairs += 1
            changes += script != prev
            if pairs >= 64:
                break
        prev = script
    return pairs > 0 and 2 * changes > pairs


def _blocks(data: bytes, size: int) -> Iterator[bytes]:
    """``data`` in slices of ``size`` bytes, one at a time (the compiled build makes a list of a
    generator expression, which here would copy the whole input at once)."""
    for i in range(0, len(data), size):
        yield data[i:i + size]


def seven_bit_codec(data: bytes) -> str | None:
    """The 7-bit stateful codec (ISO-2022, HZ) detection is sure ASCII ``data`` is in, or None:
    such bytes are valid in every ASCII-compatible codec, so a reader that expects one must ask."""
    if not data.isascii() or (b"\x1b" not in data and b"~{" not in data):
        return None
    det = detect(data)
    if det.encoding and det.confidence >= 0.9 and registry.get(det.encoding).stateful:
        return registry.get(det.encoding).name
    return None


def detect(data: bytes | bytearray | memoryview, *, candidates: Iterable[str] | None = None,
           text: bool = True) -> Detection:
    """Detect the encoding of ``data``.  ``candidates`` limits the encodings considered (any
    alias; families are named by their superset).  ``text=False`` leaves :attr:`Detection.text`
    ``None``, sparing a decode of the whole input when only the verdict is wanted.  Raises
    :class:`InputError` for a non-bytes argument and :class:`UnknownEncodingError` for an unknown
    candidate name."""
    if isinstance(data, str):
        raise InputTypeError("detect() takes bytes; this is already text (try codecscope.diagnose)")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"detect() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    families = _candidate_names(candidates)
    if len(data) > SAMPLE:
        det = detect_stream(_blocks(data, 1 << 20), candidates=candidates)
        whole = data.decode(det.encoding, "replace") if det.encoding and text else None
        det = replace(det, text=whole, streamed=False)
        if candidates is None and _maybe_mixed(data, det):
            det = _mixed(data, det, families)
        return det
    det = _detect_small(data, families, restricted=candidates is not None)
    return det if text or det.text is None else replace(det, text=None)


_LINE_AFTER = re.compile(rb"\n[\r\n]*[^\r\n]")   # a line break with a line after it


def _maybe_mixed(head: bytes, det: Detection) -> bool:
    """Whether a streamed detection of a file starting with ``head`` calls for the per-line
    search of :func:`segments`: its best reading has invalid sequences, or a line of the head is
    UTF-8 while the file as a whole is not."""
    best = det.best
    if best is None or _LINE_AFTER.search(head) is None:
        return False
    head = head[:head.rfind(b"\n", 0, SAMPLE) + 1]   # whole lines: a cut one may pass as UTF-8
    return bool(not best.valid and best.invalid or _utf8_lines(head))


def _detect_small(data: bytes, families: list[str], *, restricted: bool, final: bool = True,
                  invalid_override: dict[str, int] | None = None,
                  truncated_override: dict[str, bool] | None = None, size: int | None = None,
                  streamed: bool = False, whole: bool = True) -> Detection:
    size = len(data) if size is None else size
    if not data:
        return Detection(None, 0.0, (), "" if not streamed else None, size, Msg("empty input"))
    sniff = _sniff(data) if not restricted or any(f.startswith("utf") for f in families) else None
    if sniff is not None:
        enc, why = sniff
        codec, text, inv, cut = _decode(data, enc)
        cand = Candidate(enc, inv == 0 and not cut, inv, cut, enc in ("utf-8-sig", "utf-16", "utf-32"),
                         None, 0.0, text[:2000])
        return Detection(enc, 1.0 if inv == 0 else 0.9, (cand,), None if streamed else text, size, why,
                         streamed=streamed)
    if not restricted and _binary(data):
        return Detection(None, 0.0, (), None, size, Msg("binary data: too many control bytes for text"),
                         streamed=streamed)
    if data.isascii() and (not restricted or "ascii" in families):
        text = data.decode("ascii")
        cand = Candidate("ascii", True, 0, False, False, None, 0.0, text[:2000])
        return Detection("ascii", 1.0, (cand,), None if streamed else text, size,
                         Msg("only 7-bit bytes: every ASCII-compatible encoding reads them the same"),
                         streamed=streamed)
    nonascii = max(1, len(data.translate(None, _HIGH)))
    if (not restricted or "utf-8" in families) and not (invalid_override or {}).get("utf-8"):
        u8 = _utf8_sure(data)
        if u8 is not None:
            text, cut = u8
            if truncated_override is not None:
                cut = truncated_override.get("utf-8", cut)
            lead = _lead_cut(data) > 0
            ll, lang = _any_profile(text)
            cand = Candidate("utf-8", not cut and not lead, 0, cut, False, lang, ll / nonascii, text[:2000],
                             cut_start=lead)
            why = Msg("valid UTF-8 with several multibyte characters")
            if lead:
                why = Msg("{a}; {b}", a=why, b=Msg("the input starts inside a character (a chunk from mid-stream)"))
            if cut:
                why = Msg("{a}; {b}", a=why, b=Msg("the input ends inside a character (a cut chunk)"))
            return Detection("utf-8", 0.999, (cand,), None if streamed else text, size, why,
                             streamed=streamed)
    pool = families if restricted else list(dict.fromkeys([*families, "utf-8"]))
    unit = _period(data) if invalid_override is None else 0
    window, weight = data, 1.0
    minus: dict[str, float] | None = None
    aligned: list[str] = []
    if unit:
        found = {f: _decode(data, f, final)[2:] for f in pool}
        invalid_override = {f: v[0] for f, v in found.items()}
        truncated_override = {f: v[1] for f, v in found.items()}
        nonascii = max(1, len(data[:unit].translate(None, _HIGH)))
        # Validity over every byte, the model over one unit.  A reading that repeats one unit's
        # text (every single-byte code page; a multibyte one whose characters do not straddle
        # units) scores that unit on its own, set off by word boundaries: the glue of
        # 'ČilėČilė' makes letter pairs no language writes, an artefact of the repetition, not
        # evidence against the reading.
        for f in pool:
            if f in _SINGLE_BYTE_CODECS:
                aligned.append(f)
                continue
            try:
                one = _decode(data[:unit], f, False)
            except LookupError:
                continue
            two = data[:2 * unit]   # the start of the next unit, or all of it
            if not one[2] and not one[3] and _decode(two, f, False)[1] == one[1] + _decode(two[unit:], f, False)[1]:
                aligned.append(f)
        # The others score what a third unit adds to the score of two.  One unit on its own
        # would miss the character a multibyte codec makes of a unit's last byte and the next
        # unit's first ("Perù" * n in Big5 as 'Per' + '\xf9P' + 'er' ...); both windows end
        # alike, so the difference is one unit of the stream.  The partial unit a cut leaves is
        # scored in no reading, so a cut character costs nothing.
        straddling = [f for f in pool if f not in aligned]
        if straddling and (len(data) >= 4 * unit or unit <= SYNTH_UNIT_MAX):
            # What two units add to two more, halved: one unit of the stream, lined up the same
            # way at both ends; a window that ends inside a character pays for the half it leaves
            # out (else that half is free).  The payload is periodic, so a chunk of fewer than
            # four units is scored on its first unit repeated four times: however many units a
            # chunk holds, each reading scores the same one observation (two units at half
            # weight paid half of a character straddling the second and the third: Mac Roman
            # 'Café' * 2 was Shift_JIS, while 'Café' alone and 'Café' * 4 are Mac Roman).
            four = data[:4 * unit] if len(data) >= 4 * unit else data[:unit] * 4
            minus = {}
            _rank(four[:2 * unit], straddling, final=final, models=minus, mid_start=False)
            window, weight = four, 0.5
            for f in minus:
                ends_cut = _decode(window, f, final)[3] - _decode(four[:2 * unit], f, final)[3]
                minus[f] += TRUNCATED_COST * ends_cut
        elif len(data) >= 3 * unit and straddling:   # (a unit too long to copy: the bytes at hand)
            minus = {}
            _rank(data[:2 * unit], straddling, final=final, models=minus, mid_start=False)
            window = data[:3 * unit]
            for f in minus:
                ends_cut = _decode(window, f, final)[3] - _decode(data[:2 * unit], f, final)[3]
                minus[f] += TRUNCATED_COST * ends_cut
        elif len(data) >= 2 * unit:
            window, weight = data[:2 * unit], 0.5
        else:
            window, weight = data, unit / len(data)
    rest = [f for f in pool if f not in aligned]
    paid: dict[str, float] | None = None
    if unit:
        # Every byte is validated, and a reading reports all its invalid sequences, but it pays
        # for those of one unit, as the model scores one: the same payload cut after one unit or
        # after fifty is the same one observation, invalid bytes included.  One unit's are what a
        # third unit adds to two (a sequence can straddle units), counted on the units themselves
        # so that a chunk of fewer than three counts the same.
        def invalid_in(chunk: bytes, f: str) -> int:
            try:
                return _decode(chunk, f, final)[2]
            except LookupError:
                return 0
        # A reading with any invalid sequence pays for one at least: one where the units fall
        # out of step only once (a bad byte at the start, then in step) adds none per unit.
        first = data[:unit]
        found_invalid = invalid_override or {}
        paid = {f: float(max(invalid_in(first * 3, f) - invalid_in(first * 2, f), min(1, found_invalid.get(f, 0))))
                for f in pool}
    scored = _rank(window, rest, final=final, invalid_override=invalid_override,
                   truncated_override=truncated_override, weight=weight, minus=minus,
                   cut_cost=0.0 if unit else TRUNCATED_COST, invalid_paid=paid) if rest else []
    if aligned:
        starts: dict[int, list[str]] = {}
        for f in aligned:
            starts.setdefault(_unit_start(data[:unit], f), []).append(f)
        for k, group in starts.items():
            rows = _rank((data[:unit] * 2)[k:k + unit], group, final=final, invalid_override=invalid_override,
                         truncated_override=truncated_override, cut_cost=0.0, invalid_paid=paid)
            # (a reading that chooses where its unit starts pays for the choice, one of ``unit``)
            scored += [(ll - _LOG(unit), c, t) for ll, c, t in rows] if k else rows
        scored.sort(key=lambda r: -r[0])
    if unit:
        scored = [(ll, replace(c, score=max(ll, -1e5) / nonascii), _decode(data, c.encoding, final)[1])
                  for ll, c, _ in scored]
        scored = _rotated(data, unit, pool, scored, nonascii, final)
    if not scored:
        return Detection(None, 0.0, (), None, size, Msg("no candidate encoding applies"), streamed=streamed)
    scored = _by_usage(scored)
    top = scored[0][1]
    # (a repeated payload's structure is that of one unit, as its score is)
    sample = _one_unit(data, unit, top) if unit else scored[0][2][:4096]
    wide = _non_ascii_chars(sample)
    structure = (top.encoding == "utf-8" and not top.invalid and not top.cut_start   # as UTF8_VALID is given
                 and _one_writing(sample, len(wide))
                 # one or two symbols with no letter among them and in no Latin word (a lone '÷'
                 # or '²': one GBK or Big5 Han) line up by chance too often for their structure
                 # to speak: their margin is the model's, weighed as such
                 and (len(wide) >= 3 or any(map(str.isalpha, wide)) or _GLUED.search(sample) is not None))
    evidence = None if structure else _evidence(data[:unit] if unit else window)
    if evidence and top.encoding in _DOUBLE_BYTE:
        # A double-byte reading has half as many characters as the bytes have, and its model
        # sees each on its own: four Han made of eight Thai or Kyrgyz letters are four
        # observations, not the seven letter pairs the bytes hold for the alphabetic reading.
        # (A repeated payload's are those of one unit: 'Жёлтый' * n in KOI8-R from its second
        # byte, three GBK characters a unit, was GB18030 at 1.0, its unit alone at 0.899.)
        evidence = min(evidence, max(1, len(wide) - 1))
    conf, same, noise = _confidence(scored, nonascii, evidence)
    ll, best, text = scored[0]
    # A language named from one or two bytes, or beside "no plausible text", claims what the
    # bytes cannot show.
    note = _note(best, scored, language=not (noise > 0.5 or best.invalid or nonascii <= 2))
    if noise > 0.5 or best.invalid:
        note = Msg("{a}; {b}", a=Msg("no candidate reads these bytes as plausible text"), b=note)
    elif nonascii <= 2 and len({t for _, _, t in scored}) > 1:
        little = (Msg("only {n} non-ASCII byte: little evidence, other code pages read it differently", n=nonascii)
                  if nonascii == 1 else
                  Msg("only {n} non-ASCII bytes: little evidence, other code pages read them differently", n=nonascii))
        note = Msg("{a}; {b}", a=little, b=note)
    det = Detection(best.encoding, conf, tuple(c for _, c, _ in scored), None if streamed else text,
                    size, note, same, (), streamed)
    # (a character cut at either end of a chunk is no sign of lines in another encoding: the
    # trail byte of the last line's end, alone before a line break, made a chunk "mixed")
    if (whole and not restricted and not streamed and b"\n" in data.rstrip(b"\r\n")
            and (best.invalid or _utf8_lines(data))):
        det = _mixed(data, det, families)
    return det


USAGE_MARGIN = 1.0   # nats


def _by_usage(scored: list[tuple[float, Candidate, str]]) -> list[tuple[float, Candidate, str]]:
    """``scored`` with the candidate named first that reads the bytes as the best reading's text,
    scores within :data:`USAGE_MARGIN` of it and is the most widely used (:data:`_USAGE`):
    'Zürich' is cp1252's as much as ISO-8859-9's.  A wider margin is the letter models' view of
    the language, which the rest of a file is likely to share ('Tomaž' is Slovene: cp1250)."""
    best, _, top = scored[0]
    tied = [i for i, (ll, _, t) in enumerate(scored) if t == top and ll >= best - USAGE_MARGIN]
    if len(tied) < 2:
        return scored
    pick = min(tied, key=lambda i: _USAGE.get(_FAMILY.get(scored[i][1].encoding, scored[i][1].encoding), len(_USAGE)))
    return scored if pick == 0 else [scored[pick], *scored[:pick], *scored[pick + 1:]]


def _one_unit(data: bytes, unit: int, top: Candidate) -> str:
    """The text of one unit of a repeated payload as the reading ``top`` has it (from the second
    byte where it starts on a trail byte: :func:`_rotated`)."""
    start = 1 if top.cut_start and top.encoding != "utf-8" else 0
    try:
        return data[start:start + unit].decode(top.encoding, "replace")
    except LookupError:
        return data[start:start + unit].decode("latin-1")


# The letters that end a word in their script (Hebrew's final forms, Greek's final sigma).
_FINAL_FORMS = frozenset("ךםןףץς")


def _unit_start(unit: bytes, codec: str) -> int:
    """Where a single-byte reading of a repeated ``unit`` has its word start: a chunk of a
    payload may begin anywhere in it ('ёлтыйЖёлтыйЖ…' is 'Жёлтый' * n from its second byte), and
    scored from there the unit is a word with its capital at the end, a misspelling the
    repetition made.  The reading's own letters say where its word starts: the one place (the
    seam between units included) where a capitalised word follows a lower-case letter, or a
    letter follows a final form ('ם', 'ς').  Each reading judges by its own letters, and pays
    for the choice (the caller's); 0 where there is no such place, or more than one."""
    if codec not in _SINGLE_BYTE_CODECS or len(unit) < 4:   # (a letter or two: no word to start)
        return 0
    text = codecs.charmap_decode(unit, "replace", _charmap(codec))[0]
    found = [k for k in range(len(text))
             if (text[k - 1].islower() and text[k].isupper() and text[(k + 1) % len(text)].islower())
             or (text[k - 1] in _FINAL_FORMS and text[k].isalpha())]
    return found[0] if len(found) == 1 else 0


def _rotated(data: bytes, unit: int, pool: list[str], scored: list[tuple[float, Candidate, str]],
             nonascii: int, final: bool) -> list[tuple[float, Candidate, str]]:
    """``scored`` with the readings of a repeated payload that starts on the trail byte of a
    double-byte character (a stream's later chunk of a test payload): a double-byte codec that
    reads the payload from its second byte validly and in step with itself scores that unit, the
    skipped byte paid for like a cut character, where that beats its reading from the first byte
    (GBK '黑马程序员，' repeated, from its second byte, was Big5 at 0.97).  As for a single chunk,
    only where the first byte may be a trail (:func:`_trail_first`), and only with more than
    :data:`ROTATED_MIN` non-ASCII bytes in the unit."""
    if len(data) <= unit + 1 or data[0] < 0x80 or nonascii <= ROTATED_MIN:
        return scored   # (a short unit: see _rank)
    found: dict[str, tuple[str, bool]] = {}
    for f in pool:
        if f not in CJK_PROFILES or not _trail_first(data, f):
            continue
        codec, text, invalid, truncated = _decode(data[1:], f, final)
        one = _decode(data[1:unit + 1], f, False)
        two = data[1:2 * unit + 1]
        if (not invalid and not one[2] and not one[3]
                and _decode(two, f, False)[1] == one[1] + _decode(two[unit:], f, False)[1]):
            found[f] = (text, truncated)
    if not found:
        return scored
    rows = _rank(data[1:unit + 1], list(found), final=final, invalid_override=dict.fromkeys(found, 0),
                 truncated_override={f: t for f, (_, t) in found.items()}, cut_cost=0.0)
    best: dict[str, float] = {}
    for ll, c, _ in scored:
        best.setdefault(_CHAIN_FAMILY.get(c.encoding, c.encoding), ll)
    for ll, c, _ in rows:
        fam = _CHAIN_FAMILY.get(c.encoding) or _FAMILY[c.encoding]
        ll -= TRUNCATED_COST
        if ll > best.get(fam, -math.inf):
            text, truncated = found[fam]
            scored = [r for r in scored if _CHAIN_FAMILY.get(r[1].encoding, r[1].encoding) != fam]
            scored.append((ll, replace(c, valid=False, truncated=truncated, cut_start=True,
                                       score=max(ll, -1e5) / nonascii), text))
    return sorted(scored, key=lambda r: -r[0])


def _mixed(data: bytes, det: Detection, families: list[str]) -> Detection:
    """``det`` with the segments of ``data`` when its lines are in more than one encoding."""
    found = segments(data)
    if len({s.encoding for s in found}) < 2:
        return det
    # No single reading fits a mixed file: how sure the answer is, is how sure its least certain
    # segment is, judged on its first lines (the model's bounded sample) and once per content.
    confs: dict[bytes, float] = {}
    for a, b in (sg.span for sg in found):
        part = data[a:b]
        if len(part) > SAMPLE:
            part = part[:part.rfind(b"\n", 0, SAMPLE) + 1] or part[:SAMPLE]
        if part not in confs and not part.isascii():
            confs[part] = _detect_small(part, families, restricted=False, whole=False).confidence
            if not confs[part]:
                break   # the least can go no lower (noise split into many segments stops here)
    conf = min(confs.values(), default=det.confidence)
    note = Msg("{a}; {b}", a=Msg("lines are in {n} different encodings", n=len({s.encoding for s in found})),
               b=det.note)
    # The file as a whole is in no one encoding.  The one name it is given is that of the lines
    # holding most of its non-ASCII characters, never a reading of the whole that no line has (UTF-8
    # and cp1251 lines together read as one CJK code page's noise); and since decoding the file
    # with that name misreads the other lines, the answer is not sure, however sure each segment
    # is on its own (each says so in the segments).
    held: dict[str, int] = {}
    for sg in found:    # (characters, not bytes: UTF-8 spends two on a letter cp1251 writes in one)
        held[sg.encoding] = held.get(sg.encoding, 0) + len(sg.text) - len(sg.text.encode("ascii", "ignore"))
    main = max(held, key=lambda e: held[e])     # (the first such segment on a tie)
    cands = det.candidates
    if main != det.encoding:
        first = [c for c in cands if c.encoding == main]
        if not first:
            codec, text, inv, cut = _decode(data, main)
            first = [_candidate(encoding=codec, valid=not inv and not cut, invalid=inv, truncated=cut, bom=False,
                                language=None, score=0.0, reading=text[:2000])]
        cands = (first[0], *(c for c in cands if c is not first[0]))
    whole = det.text
    if whole is not None and found[0].span[0] == 0 and found[-1].span[1] == len(data):
        whole = "".join(sg.text for sg in found)
    if main != det.encoding:    # (the note spoke of the whole file's reading)
        note = Msg("lines are in {n} different encodings", n=len({s.encoding for s in found}))
    return replace(det, encoding=main, confidence=min(conf, UNSURE_MAX), candidates=cands, text=whole,
                   note=note, segments=tuple(found), equivalent=det.equivalent if main == det.encoding else ())


_HIGH = bytes(range(128))   # delete these to count the non-ASCII bytes


def _utf8_answer(data: bytes) -> tuple[str, bool] | None:
    """(text, truncated) when ``data`` is valid UTF-8 apart from, at most, a cut last character."""
    dec = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        return dec.decode(data, final=False), _pending(dec) > 0
    except UnicodeDecodeError:
        return None


def _utf8_lines(data: bytes) -> bool:
    """Some line is valid UTF-8 with non-ASCII bytes (the input as a whole is not): a sign of a
    file whose parts were written in different encodings, even when another codec reads it all."""
    # (a line whose one non-ASCII byte is a lead at the very end, 'Price 5 \xd0', holds no UTF-8
    # character: a legacy letter ending the file is no UTF-8 line)
    return any(not ln.isascii() and (ans := _utf8_answer(ln)) is not None and not ans[0].isascii()
               for ln in data.splitlines())


def _note(best: Candidate, scored: list[tuple[float, Candidate, str]], language: bool = True) -> str:
    bits = [Msg("strictly valid") if best.valid else
            Msg("fewest invalid sequences ({n})", n=best.invalid) if best.invalid else
            Msg("valid after a cut first character") if best.cut_start and not best.truncated else
            Msg("valid up to a cut last character") if best.truncated and not best.cut_start else
            Msg("valid apart from a cut first and last character")]
    if language and best.language:
        bits.append(Msg("reads as {language}", language=Msg(best.language)))
    if len(scored) > 1:
        runner = scored[1][1]
        bits.append(Msg("next: {enc} (score {a:.2f} vs {b:.2f})", enc=runner.encoding, a=runner.score, b=best.score))
    return _joined(bits)


# -- streams and files --------------------------------------------------------------------------

_DROP_AFTER = 8   # invalid sequences after which a candidate is no longer decoded
_SLICE = 64 * 1024


def _chunks(source: object, block: int = 1 << 20) -> Iterator[bytes]:
    if hasattr(source, "read"):
        while True:
            chunk = source.read(block)
            if not chunk:
                return
            if isinstance(chunk, str):
                raise InputError("detect_stream() needs a binary stream (open the file with 'rb')")
            yield bytes(chunk)
    else:
        for chunk in validation.iterable(source, "detect_stream() source"):
            if not isinstance(chunk, (bytes, bytearray, memoryview)):
                raise InputError(f"detect_stream() needs byte chunks, not {type(chunk).__name__}")
            yield bytes(chunk)


def detect_stream(source: BinaryReader | Iterable[bytes | bytearray | memoryview], *, candidates: Iterable[str] | None = None,
                  sample_size: int = STREAM_SAMPLE) -> Detection:
    """Detect the encoding of a binary file object or an iterable of byte chunks in bounded memory.

    Every byte is checked in every candidate by the C codecs: an incremental decoder per multibyte
    codec (UTF-8 included) across chunks, until it has met more than a few invalid sequences, and
    each code page's undefined bytes counted.  Only the lines holding non-ASCII bytes, up to
    ``sample_size`` bytes, are kept and scored by the model.  ``text`` is ``None``.
    """
    families = _candidate_names(candidates)
    restricted = candidates is not None
    checked = list(dict.fromkeys((["utf-8"] if not restricted else []) + families))
    # A single-byte codec's invalid sequences are exactly its undefined bytes (registry), so
    # deleting the defined ones and counting what is left checks a chunk in one C call.
    single = {f: _defined(f) for f in checked if registry.get(f).family == registry.SINGLE}
    single = {f: keep for f, keep in single.items() if len(keep) < 256}   # with undefined bytes
    # one translate per slice keeps only the bytes some code page leaves undefined
    defined_everywhere = _defined_in_all(tuple(single))
    decoders = {}
    for f in checked:
        if registry.get(f).family != registry.SINGLE:
            codec = _CHAINS.get(f, (f,))[-1]
            decoders[f] = (codec, codecs.getincrementaldecoder(codec)("replace"))
    invalid = dict.fromkeys(checked, 0)
    head = b""
    sample = bytearray()
    sampled = False          # the sample has all it may take
    carry = b""              # an unfinished line, read again with the next chunk
    at_start = True          # the next chunk (or carry) starts on a character boundary
    size = lead = 0
    for chunk in _chunks(source):
        if len(head) < 4096:
            head = (head + chunk)[:4096]
        size += len(chunk)
        if not sampled and (carry or not chunk.isascii()):
            sampled, carry = _sample_chunk(carry + chunk if carry else chunk, sample, sample_size, at_start)
            at_start = bool(carry) or _boundary_at_end(chunk)
        else:
            at_start = _boundary_at_end(chunk)
        # in slices, so a candidate the data rules out early stops costing anything
        for i in range(0, len(chunk), _SLICE):
            piece = chunk[i:i + _SLICE]
            if single:
                rest = piece.translate(None, defined_everywhere)
                if rest:
                    for f, keep in single.items():
                        if invalid[f] <= _DROP_AFTER:
                            invalid[f] += len(rest.translate(None, keep))
                if any(invalid[f] > _DROP_AFTER for f in single):   # ruled out: stop checking it
                    single = {f: keep for f, keep in single.items() if invalid[f] <= _DROP_AFTER}
                    defined_everywhere = _defined_in_all(tuple(single))
            for f, (codec, dec) in decoders.items():
                if invalid[f] <= _DROP_AFTER:
                    part = piece
                    if f == "utf-8" and size == len(chunk) and not i:
                        lead = _lead_cut(piece)   # a stream cut mid-character: see _lead_cut
                        part = piece[lead:]
                    try:
                        invalid[f] += _invalid_in(part, dec.decode(part, final=False), codec)
                    except UnicodeError:   # UTF-16/32 that must start with a BOM and does not
                        invalid[f] = _DROP_AFTER + 1
    if lead and invalid.get("utf-8"):
        invalid["utf-8"] += 1   # invalid anyway: the cut first character counts as well
    truncated = {f: invalid[f] <= _DROP_AFTER and _pending(dec) > 0 for f, (_, dec) in decoders.items()}
    if not sample:
        # no piece with boundaries at both ends: the line the stream ended in, or its start
        # (which is a boundary; a cut at its end reads as a cut character)
        sample += carry if carry and not carry.isascii() else b"" if head.isascii() else head
    if not sample or _sniff(head[:8]) is not None:
        # all 7-bit, or a BOM: the head decides.
        return _detect_small(head, families, restricted=restricted, size=size, streamed=True)
    return _detect_small(bytes(sample), families, restricted=restricted, final=False,
                         invalid_override=invalid, truncated_override=truncated, size=size,
                         streamed=True)


# A byte below 0x30 is never inside a multibyte character of any ASCII-compatible candidate (trail
# bytes are 0x30 and up in GB18030, 0x40 and up in the rest), and neither are two ASCII bytes in a
# row: after either, a character starts in every candidate.
_BOUNDARY = rb"(?:[\x00-\x2f]|[\x00-\x7f]{2})"
_NEXT_BOUNDARY = re.compile(_BOUNDARY)
_LAST_BOUNDARY = re.compile(rb".*" + _BOUNDARY, re.S)   # greedy: ends at the last one
_PIECE = 4096            # bytes of one line the sample takes at most
_LEAD_IN = 1024          # bytes of context before the first non-ASCII byte of a piece


def _boundary_at_end(chunk: bytes) -> bool:
    return bool(chunk) and (chunk[-1] < 0x30 or len(chunk) > 1 and chunk[-2:].isascii())


def _sample_chunk(view: bytes, sample: bytearray, limit: int, at_start: bool) -> tuple[bool, bytes]:
    """:func:`_take_lines` on one chunk (after the unfinished line of the chunk before it):
    (complete, the unfinished line to carry over: at most one piece long, starting on a boundary)."""
    if not at_start:   # the chunk may start inside a character: sample from its first boundary
        m = _NEXT_BOUNDARY.search(view)
        if m is None:
            return False, b""
        view = view[m.end():]
    done, rest = _take_lines(view, sample, limit)
    carry = view[rest:]
    if done or len(carry) > _PIECE:
        return done, b""
    return False, carry


@lru_cache(maxsize=None)
def _defined(codec: str) -> bytes:
    """The bytes a single-byte code page defines: deleting them leaves its invalid ones."""
    undefined = registry.get(codec).undefined
    return bytes(b for b in range(256) if b not in undefined)


@lru_cache(maxsize=256)
def _defined_in_all(codecs: tuple[str, ...]) -> bytes:
    """The bytes every one of ``codecs`` defines."""
    keeps = [_defined(c) for c in codecs]
    return bytes(b for b in range(256) if all(b in keep for keep in keeps))


def _take_lines(view: bytes, sample: bytearray, limit: int) -> tuple[bool, int]:
    """Append the lines (or parts of long lines) of ``view`` that hold non-ASCII bytes to
    ``sample``, each starting and ending on a character boundary of every candidate, so that
    joining them makes no invalid sequence the input does not have.  ``view`` starts on a
    boundary.  Returns (complete, rest): complete when the sample has ``limit`` bytes, or took a
    piece it could only cut inside a character (a cut at the sample's very end reads as a cut
    character, never as an invalid one); ``rest`` is where the unfinished last line starts, on a
    boundary, to be read again with the next chunk."""
    pos = 0
    while len(sample) < limit:
        m = _NON_ASCII.search(view, pos)
        if m is None:
            return False, max(pos, view.rfind(b"\n") + 1)
        i = m.start()
        nl = view.rfind(b"\n", pos, i)
        start = nl + 1 if nl >= 0 else pos
        if i - start > _LEAD_IN:
            b = _LAST_BOUNDARY.match(view, i - _LEAD_IN, i)
            if b is None:   # no boundary close before: go on after the next one
                nxt = _NEXT_BOUNDARY.search(view, i)
                if nxt is None:
                    return False, len(view)
                pos = nxt.end()
                continue
            start = b.end()
        nl = view.find(b"\n", i, start + _PIECE)
        if nl >= 0:
            end = nl + 1
        elif start + _PIECE > len(view):
            return False, start    # the line goes on in the next chunk
        else:
            b = _LAST_BOUNDARY.match(view, i, start + _PIECE)
            if b is None:
                sample += view[start:start + _PIECE]
                return True, len(view)
            end = b.end()
        sample += view[start:end]
        pos = end
    return True, len(view)


def detect_file(path: str | os.PathLike[str], *, candidates: Iterable[str] | None = None,
                max_bytes: int | None = validation.MAX_STREAM) -> Detection:
    """Detect a file's encoding, streaming it in blocks (see :func:`detect_stream`).

    A regular file is read to its end; a device or a named pipe (``/dev/zero``, a writer that
    never stops) at most ``max_bytes`` (default 1 GiB; ``None``: no cap), past which
    :class:`~codecscope.errors.InputTooLargeError` ends the read instead of a read for ever.
    """
    max_bytes = validation.integer(max_bytes, "max_bytes", minimum=1, none=True)
    name = validation.path(path)
    with open_binary(name) as f:
        if max_bytes is None:
            return detect_stream(f, candidates=candidates)
        cap = validation.cap_for(f, max_bytes)
        return detect_stream(validation.capped_blocks(f, cap, name, hint=_CAP_HINT), candidates=candidates)


_CAP_HINT = N_("an endless stream? raise max_bytes for a larger one")


# -- mixed encodings ----------------------------------------------------------------------------

SWITCH_COST = 15.0


def segments(data: bytes, *, candidates: Iterable[str] | None = None, max_states: int = 6) -> list[Segment]:
    """Split ``data`` into runs of lines that are each in one encoding.

    Every line is scored in UTF-8 and in the encodings that fit the non-UTF-8 lines best; a
    Viterbi pass picks one encoding per line, paying for every switch, so a stray ambiguous line
    does not start a segment of its own.  ASCII-only lines belong to the segment around them.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"segments() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    if not data:
        return []
    lines = data.splitlines(keepends=True)
    legacy = bytearray()
    for ln in lines:
        if not ln.isascii() and _utf8_answer(ln) is None:
            legacy += ln
    states = ["utf-8"]
    if legacy:
        ranked = _rank(bytes(legacy[:STREAM_SAMPLE]), _candidate_names(candidates))
        states += [c.encoding for _, c, _ in ranked if c.encoding != "utf-8"][:max_states]
    fam = [_FAMILY.get(s, s) for s in states]
    # Viterbi over lines.  The model scores distinct lines up to STREAM_SAMPLE bytes (the sample
    # a stream's detection scores); past that budget a line is judged by its validity alone (the
    # C codecs), so a big log costs time by its lines, not by the model, and a line seen before
    # costs nothing.  (At four times that, 64 KiB of random bytes without C0 controls, one chance
    # UTF-8 line among them, took 1.6 s here.)
    score = [0.0] * len(states)
    back: list[list[int]] = []
    seen: dict[bytes, list[float]] = {}
    budget = STREAM_SAMPLE
    for ln in lines:
        if ln.isascii():
            emit = [0.0] * len(states)
        elif ln in seen:
            emit = seen[ln]
        else:
            if budget > 0:
                budget -= len(ln)
                emit = [_line_ll(ln, f) for f in fam]
            else:
                emit = [_line_valid(ln, f) for f in fam]
            seen[ln] = emit
        # stay in j, or switch from the best state at the price of a switch
        top = max(range(len(states)), key=score.__getitem__)
        new, ptr = [], []
        for j in range(len(states)):
            i = j if score[j] >= score[top] - SWITCH_COST else top
            new.append(score[i] - (SWITCH_COST if i != j else 0.0) + emit[j])
            ptr.append(i)
        score = new
        back.append(ptr)
    j = max(range(len(states)), key=score.__getitem__)
    path = [0] * len(lines)
    for k in range(len(lines) - 1, -1, -1):
        path[k] = j
        j = back[k][j]
    out: list[Segment] = []
    offset, start_line, start_off = 0, 0, 0
    for k, ln in enumerate(lines):
        offset += len(ln)
        if k == len(lines) - 1 or path[k + 1] != path[k]:
            raw = data[start_off:offset]
            codec, text, inv, _ = _decode(raw, fam[path[k]])
            out.append(Segment(codec, (start_line + 1, k + 1), (start_off, offset), text, inv))
            start_line, start_off = k + 1, offset
    return out


def _line_valid(line: bytes, family: str) -> float:
    """:func:`_line_ll` without the model: validity, and the bonus of valid UTF-8."""
    invalid = _decode(line, family)[2]
    if invalid:
        return -INVALID_COST * invalid
    return UTF8_BONUS if family == "utf-8" else 0.0


def _line_ll(line: bytes, family: str) -> float:
    if family == "utf-8":
        _, text, invalid, truncated = _decode(line, "utf-8")
        if invalid:
            return -INVALID_COST * invalid
        # a line cut inside its last character earns no bonus for being UTF-8 (the last line of a
        # legacy file may end in a letter whose byte is a UTF-8 lead)
        return _any_profile(text)[0] + (-TRUNCATED_COST if truncated else UTF8_BONUS)
    _, text, invalid, truncated = _decode(line, family)
    return _loglik(family, text)[0] - INVALID_COST * invalid - TRUNCATED_COST * truncated


# -- diagnose on bytes ------------------------------------------------------------------------

DIAGNOSE_WHOLE = 16 << 20   # files up to this size are read whole, so mixed segments are found
DIAGNOSE_SAMPLE = 16 << 10  # bytes scored when diagnose has already found every byte valid UTF-8


def _diagnose_bytes(ctx: BytesContext) -> tuple[Detection | None, list[Finding]]:
    """The bytes detector :func:`codecscope.diagnose` calls: the detection, mixed segments, and
    the repair when the best reading is itself mojibake."""
    from .diagnosis import Finding

    utf8 = next((v for v in ctx.validity if v.encoding == "utf-8"), None)
    if ctx.data is None and utf8 is not None and utf8.valid and utf8.truncated is None:
        # diagnose already walked every byte as UTF-8: a sample of the head is evidence enough
        det = detect(_utf8_prefix(ctx.head, DIAGNOSE_SAMPLE))
        det = replace(det, size=ctx.size, text=None, streamed=True,
                      note=Msg("{a}; {b}", a=Msg("every byte checked as UTF-8 by diagnose"), b=det.note))
    elif ctx.data is not None:
        det = detect(ctx.data, text=len(ctx.data) <= SAMPLE)   # the text is read below up to SAMPLE
    elif ctx.path is None:
        # a stream diagnose has already consumed: only its first block is left to judge
        det = detect(ctx.head)
        det = replace(det, note=Msg("{a}; {b}", a=Msg("judged on the first {n} bytes of the stream", n=len(ctx.head)),
                                    b=det.note))
    elif ctx.size <= SAMPLE:
        with open(ctx.path, "rb") as f:
            det = detect(f.read(SAMPLE + 1))
    else:
        # Streamed: every byte validated by the C codecs, the model on a sample, the decoded text
        # never held.  A file that may hold lines in several encodings is read whole to find them,
        # up to DIAGNOSE_WHOLE, as detect() does.
        det = detect_file(ctx.path)
        if ctx.size <= DIAGNOSE_WHOLE and _maybe_mixed(ctx.head, det):
            with open(ctx.path, "rb") as f:
                det = _mixed(f.read(DIAGNOSE_WHOLE + 1), det, list(DEFAULT_CANDIDATES))
    findings = []
    if det.mixed:
        for seg in det.segments:
            findings.append(Finding("mixed-encoding", seg.span, seg.describe(), None, seg.encoding))
    # valid UTF-8 is read as text by codecscope.mojibake's own detector: one finding, not two
    if det.text and det.encoding not in (None, "ascii", "utf-8", "utf-8-sig") and len(det.text) <= SAMPLE:
        fixed = _repair(det.text)
        if fixed is not None and fixed.changed:
            findings.append(Finding("mojibake", (0, det.size),
                                    Msg("read as {enc}, the text is itself mojibake: {why}; repaired: {text!r}",
                                        enc=det.encoding, why=_joined(list(fixed.parts)), text=_preview(fixed.text, 60)),
                                    True, det.encoding, tuple(fixed.steps)))
    return det, findings


def _utf8_prefix(data: bytes, n: int) -> bytes:
    """At most ``n`` bytes of valid UTF-8 ``data``, ending on a character boundary."""
    if len(data) <= n:
        return data
    while n > 0 and 0x80 <= data[n] <= 0xBF:  # data[n] is the first byte left out
        n -= 1
    return data[:n]


def _repair(text: str) -> Repair | None:
    try:
        from .repairing import repair
    except ImportError:
        return None
    return repair(text)


def _register() -> None:
    from .diagnosis import register_bytes_detector

    register_bytes_detector(_diagnose_bytes)


# diagnose()'s bytes detector: registered now when codecscope.diagnosis is loaded, else by that
# module as it loads (first, where this import would have put it), so that `codecscope detect`
# does not import the diagnosis machinery (its dataclasses, the walker) it never runs.
if "codecscope.diagnosis" in sys.modules:
    _register()

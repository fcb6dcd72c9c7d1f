"""How likely a character sequence is as real text: the model shared by repair and detection.

``score(text)`` is minus the mean per-character cost, so it is comparable across lengths: clean
prose in any script scores near 0, mojibake well below (-1.5 and lower).  ``cost(text)`` is the
total, ``char_class(ch)`` names the class a character falls in, ``script_of(text)`` the dominant
script, ``han_tier(ch)`` how common a Han character is in each writing tradition.

What counts, in order of weight:

* character frequency.  Han commonness comes from the national character sets themselves, decoded
  with Python's own codecs at first use (no shipped table, nothing to license): GB2312 level 1
  (bytes 0xB0A1-0xD7FE, 3,755 common simplified characters) and level 2; Big5's frequent block
  (0xA440-0xC67E, 5,401 traditional characters) and its less frequent block; JIS X 0208 level 1
  kanji (EUC-JP 0xB0A1-0xCFD3) and level 2; the 2,350 KS X 1001 Hangul syllables (EUC-KR
  0xB0A1-0xC8FE).  Han text is scored under each tradition (simplified, traditional, Japanese) and
  the best one wins, so a run mixing characters only one tradition uses pays for it (or under one
  tradition alone, for text known to be written in its code page).  A character only Big5's
  less-frequent block holds costs more than a GB2312 level-2 one: the block is larger and far less
  used;
* classes that real text rarely contains: private use, C1 controls, box drawing, half-width
  katakana, CJK compatibility and Extension A ideographs, Latin-1 symbols;
* pairs: a Latin-1 symbol glued to a letter ("Ã©", "â€™"), lower-to-upper case flips inside a
  word ("РџСЂРёРІРµС‚"), two different alphabets inside one word, box drawing next to letters,
  half-width katakana next to Han, runs of accented letters ("Ïðèâåò"), a small ゃ/ュ/ｮ after a
  kana that cannot take one ("ｶｭ"), a small katakana vowel likewise ("ｶｫ"; ファ and ｼｪ are fine).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import chain, compress, count
from typing import TypeVar

from .scripts import letter_script

# --- commonness tiers, from the codecs -----------------------------------------------------


def _decode_block(codec: str, leads: range, trails: list[range], first: int = 0, last: int = 0xFFFF) -> frozenset[str]:
    """The characters each two-byte code in the block decodes to on its own.  One decode per lead
    byte: its codes joined by line breaks, which no code of these codecs swallows, so each piece
    is what a strict decode of that code alone gives, or holds U+FFFD where that fails."""
    out: set[str] = set()
    all_trails = [t for tr in trails for t in tr]
    row = b"\n".join(bytes((0, t)) for t in all_trails)   # a lead byte goes in place of each NUL
    for lead in leads:
        if first <= lead << 8 | all_trails[0] and lead << 8 | all_trails[-1] <= last:
            codes = row.replace(b"\0", bytes((lead,)))
        else:
            codes = b"\n".join(bytes((lead, t)) for t in all_trails if first <= (lead << 8 | t) <= last)
        out.update(ch for ch in codes.decode(codec, "replace").split("\n") if len(ch) == 1 and ch != "\ufffd")
    return frozenset(out)


_EUC = [range(0xA1, 0xFF)]
_BIG5 = [range(0x40, 0x7F), range(0xA1, 0xFF)]


@lru_cache(maxsize=None)
def _tiers() -> dict[str, frozenset[str]]:
    return {
        "hans1": _decode_block("gb2312", range(0xB0, 0xD8), _EUC),
        "hans2": _decode_block("gb2312", range(0xD8, 0xF8), _EUC),
        "hant1": _decode_block("big5", range(0xA4, 0xC7), _BIG5, 0xA440, 0xC67E),
        "hant2": _decode_block("big5", range(0xC9, 0xFA), _BIG5, 0xC940, 0xF9D5),
        "ja1": _decode_block("euc_jp", range(0xB0, 0xD0), _EUC, 0xB0A1, 0xCFD3),
        "ja2": _decode_block("euc_jp", range(0xD0, 0xF5), _EUC, 0xD0A1, 0xF4A6),
        "hangul": _decode_block("euc_kr", range(0xB0, 0xC9), _EUC, 0xB0A1, 0xC8FE),
    }


FLAVOURS = ("hans", "hant", "ja")
_HAN_CORE, _HAN_COMMON, _HAN_L2, _HAN_RARE = 0.15, 0.45, 2.5, 4.5


@lru_cache(maxsize=None)
def _core() -> frozenset[str]:
    # common in China, Taiwan and Japan alike: the most basic characters (about 1,580)
    t = _tiers()
    return t["hans1"] & t["hant1"] & t["ja1"]


@lru_cache(maxsize=8192)
def han_tier(ch: str) -> dict[str, int]:
    """Commonness of a Han character per tradition: 0 common everywhere, 1 common in this
    tradition, 2 in its level-2 set, 3 outside both."""
    t = _tiers()
    if ch in _core():
        return {f: 0 for f in FLAVOURS}
    return {f: 1 if ch in t[f + "1"] else 2 if ch in t[f + "2"] else 3 for f in FLAVOURS}


_TIER_COST = (_HAN_CORE, _HAN_COMMON, _HAN_L2, _HAN_RARE)


# --- per-character classes ------------------------------------------------------------------

_COMMON_LATIN = set(
    "àâäáãåæçèéêëìíîïñòóôöõøùúûüýÿœßÀÂÄÁÃÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØÙÚÛÜÝŸŒ"
    "ąćęłńśźżĄĆĘŁŃŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽőűŐŰğışĞİŞăâîșțĂÎȘȚ"
)
_COMMON_CYR = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґІЇЄҐўЎ")
# Russian letter frequencies in per cent (a standard reference figure; Ukrainian letters added
# at similar weights): common letters are cheap, rare ones less so.
_CYR_FREQ = dict(zip("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёіїєґў",
                     (10.97, 8.45, 8.01, 7.35, 6.7, 6.26, 5.47, 4.73, 4.54, 4.4, 3.49, 3.21, 2.98, 2.81,
                      2.62, 2.01, 1.9, 1.74, 1.7, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48,
                      0.36, 0.32, 0.26, 0.04, 0.04, 3.0, 0.6, 0.4, 0.1, 0.3)))
_CYR_VOWELS = set("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")
_LOOSE_PUNCT = set("“”‘’–—…")
_RARE_GREEK = set("ΪΫϊϋΐΰϐϑϒϓϔϕϖϗϘϙϚϛϜϝϞϟϠϡϢϣϰϱϲϳϴϵ϶ϷϸϹϺϻϼϽϾϿ΄΅Ά·")

# Costs are rough negative log-likelihoods: 0 for what fills ordinary text.
COSTS = {
    "space": 0.0, "ascii-letter": 0.0, "digit": 0.0, "ascii-punct": 0.2,
    "latin": 0.25, "latin-rare": 2.0, "latin1-symbol": 2.5, "nbsp": 1.0,
    "cyrillic": 0.3, "cyrillic-rare": 2.5, "greek": 0.3, "hebrew": 0.3, "arabic": 0.3,
    "letter-other": 1.0, "digit-other": 1.0, "hiragana": 0.2, "katakana": 0.4, "halfwidth-katakana": 1.2,
    "hangul": 0.3, "hangul-rare": 3.5, "jamo": 4.0,
    "han": _HAN_COMMON, "han-ext": 6.0, "han-compat": 6.0,
    "cjk-punct": 0.3, "quote": 0.4, "fullwidth": 0.6, "punct": 0.3, "punct-rare": 1.5, "currency": 1.0,
    "symbol": 2.5, "arrow": 1.5, "math": 1.5, "box": 1.0, "block": 1.5, "shape": 2.0, "emoji": 1.0,
    "mark": 2.0, "format": 3.0, "bom": 5.0, "replacement": 3.0, "control": 6.0, "c1": 8.0,
    "private": 8.0, "unassigned": 8.0, "surrogate": 10.0,
}

# class ids for pair rules
_LETTER_SCRIPTS = {"ascii-letter": "Latin", "latin": "Latin", "latin-rare": "Latin", "cyrillic": "Cyrillic",
                   "cyrillic-rare": "Cyrillic", "greek": "Greek", "hebrew": "Hebrew", "arabic": "Arabic",
                   "hiragana": "CJK", "katakana": "CJK", "han": "CJK", "han-ext": "CJK", "han-compat": "CJK",
                   "hangul": "Hangul", "hangul-rare": "Hangul", "jamo": "Hangul", "halfwidth-katakana": "CJK",
                   "letter-other": "Other"}


@lru_cache(maxsize=65536)
def char_class(ch: str) -> str:
    """The class a character belongs to (a key of :data:`COSTS`)."""
    o = ord(ch)
    if o < 0x80:
        if ch.isalpha():
            return "ascii-letter"
        if ch.isdigit():
            return "digit"
        if ch in " \t\n\r\f\v":
            return "space"
        if o < 0x20 or o == 0x7F:
            return "control"
        return "ascii-punct"
    if o < 0xA0:
        return "c1"
    if o == 0xA0:
        return "nbsp"
    if o in (0xAB, 0xBB, 0xB0, 0xB7, 0xBF, 0xA1):
        return "quote"      # « » ° · ¿ ¡ are ordinary punctuation in French, Russian, Spanish
    if o in (0xA2, 0xA3, 0xA5):
        return "currency"   # ¢ £ ¥
    if o < 0xC0 or o in (0xD7, 0xF7):
        return "latin1-symbol"
    if o < 0x250:
        return "latin" if ch in _COMMON_LATIN else "latin-rare"
    if 0x1E00 <= o < 0x1F00:
        return "latin"      # Latin Extended Additional: the everyday letters of Vietnamese
    if 0x370 <= o < 0x400:
        if ch in _RARE_GREEK:
            return "letter-other" if unicodedata.category(ch).startswith("L") else "symbol"
        return "greek" if unicodedata.category(ch).startswith("L") else "symbol"
    if 0x400 <= o < 0x530:
        return "cyrillic" if ch in _COMMON_CYR else "cyrillic-rare"
    if unicodedata.category(ch) == "Nd":
        return "digit-other"   # Arabic-Indic, Persian, Devanagari, Bengali … digits: a script's own numbers
    if 0x590 <= o < 0x600:
        return "hebrew" if unicodedata.category(ch) == "Lo" else "mark"
    if 0x600 <= o < 0x700:
        return "arabic" if unicodedata.category(ch) == "Lo" else "mark"
    if 0x3040 <= o < 0x30A0:
        return "hiragana"
    if 0x30A0 <= o < 0x3100:
        return "katakana"
    if 0x3000 <= o < 0x3040:
        return "cjk-punct"
    if 0x4E00 <= o < 0xA000:
        return "han"
    if 0x3400 <= o < 0x4DC0 or 0x20000 <= o < 0x32000:
        return "han-ext"
    if 0xF900 <= o < 0xFB00 or 0x2F800 <= o < 0x2FA20:
        return "han-compat"
    if 0xAC00 <= o < 0xD7A4:
        return "hangul" if ch in _tiers()["hangul"] else "hangul-rare"
    if 0x1100 <= o < 0x1200 or 0x3130 <= o < 0x3190:
        return "jamo"
    if 0xFF61 <= o < 0xFFA0:
        return "halfwidth-katakana"
    if 0xFF01 <= o < 0xFF61 or 0xFFE0 <= o < 0xFFE7:
        return "cjk-punct" if ch in "！（），．：；？［］｛｝～" else "fullwidth"
    if o == 0xFEFF:
        return "bom"
    if o == 0xFFFD:
        return "replacement"
    if 0xD800 <= o < 0xE000:
        return "surrogate"
    if 0xE000 <= o < 0xF900 or o >= 0xF0000:
        return "private"
    if 0x2500 <= o < 0x2580:
        return "box"
    if 0x2580 <= o < 0x25A0:
        return "block"
    if 0x25A0 <= o < 0x2600:
        return "shape"
    if 0x2190 <= o < 0x2200:
        return "arrow"
    if 0x2200 <= o < 0x2300:
        return "math"
    if 0x2000 <= o < 0x2070:
        if ch in _LOOSE_PUNCT or o in (0x2010, 0x2011) or 0x2000 <= o <= 0x200B:
            return "punct"
        return "punct-rare"
    if 0x1F300 <= o < 0x1FB00 or 0x2600 <= o < 0x2800:
        return "emoji"
    cat = unicodedata.category(ch)
    if cat == "Cn":
        return "unassigned"
    if cat.startswith("L"):
        return "letter-other"
    if cat.startswith("M"):
        return "mark"
    if cat == "Sc":
        return "currency"
    if cat.startswith("P"):
        # the everyday marks are classified above; this is the punctuation of other scripts
        return "punct-rare"
    if cat.startswith("Z"):
        return "space"
    if cat in ("Cf",):
        return "format"
    if cat in ("Cc",):
        return "control"
    return "symbol"


# --- pair rules -----------------------------------------------------------------------------

_GLUE = frozenset({"latin1-symbol", "symbol", "math", "currency", "punct-rare", "c1", "private"})
_ACCENTED = frozenset({"latin", "latin-rare"})
_SMALL_KANA = frozenset("ぁぃぅぇぉゃゅょっゎァィゥェォャュョッヮヵヶ")
_CP1252_HIGH = frozenset(bytes(range(0x80, 0xC0)).decode("cp1252", "ignore"))
_LATINISH = frozenset({"ascii-letter", "latin", "latin-rare"})


@lru_cache(maxsize=131072)
def _pair(a: str, b: str) -> float:
    ca, cb = char_class(a), char_class(b)
    sa, sb = _LETTER_SCRIPTS.get(ca), _LETTER_SCRIPTS.get(cb)
    c = 0.0
    if sa and sb:
        if sa != sb:
            if "CJK" in (sa, sb) and "Latin" in (sa, sb):
                c += 1.0
            elif {sa, sb} == {"CJK", "Hangul"}:
                c += 1.5
            else:
                c += 3.0
        elif sa in ("Latin", "Cyrillic", "Greek") and a.islower() and b.isupper():
            # camelCase exists in Latin-script names and code; not in Cyrillic or Greek words
            c += 1.5 if sa == "Latin" else 3.0
        if ca in _ACCENTED and cb in _ACCENTED:
            c += 1.5
        if (ca == "halfwidth-katakana") != (cb == "halfwidth-katakana"):
            c += 2.0
    elif sa and cb in _GLUE or sb and ca in _GLUE:
        c += 2.0
    if "\u00c2" <= a <= "\u00ef" and (cb in _GLUE or cb == "quote" or b in _CP1252_HIGH):
        # the shape of UTF-8 read as Latin-1/Windows-1252: a lead byte (Â-ï), then a
        # continuation byte (0x80-0xBF) shown as a symbol
        c += 2.0
    if (ca == "box" and sb) or (cb == "box" and sa):
        c += 2.0
    if ca == "c1" and cb == "c1":
        c += 2.0
    if ca == "box" and cb == "box":
        c -= 0.5   # a run of box drawing is a table or a frame
    if a == "\u00bb" and b == "\u00bf":
        c += 3.0   # '»¿' never occurs in writing: it is the tail of a UTF-8 BOM read as Latin-1
    return c


# Hangul: KS X 1001's 2,350 syllables are the ones in use, but they are sorted, not ranked, so
# within them a syllable costs by its parts: common initials, vowels and finals (or none) are
# cheap; tense initials, rare diphthongs and double finals are not.
_L_COST = (0, .8, 0, 0, .8, 0, 0, 0, .8, 0, .4, 0, 0, .8, .4, .8, .4, .4, 0)
_V_COST = (0, 0, .5, 1.2, 0, 0, 0, .5, 0, .5, 1.2, .5, .5, 0, .5, 1.2, .5, .5, 0, .5, 0)
_T_COST = (0, .2, .8, 1.5, .2, 1.5, 1.5, .8, .2, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, .2, .2, 1.5, .2, .2,
           .2, .8, .8, 1.5, .8, .8, .8)


@lru_cache(maxsize=16384)
def _hangul_cost(ch: str) -> float:
    s = ord(ch) - 0xAC00
    c = _L_COST[s // 588] + _V_COST[s % 588 // 28] + _T_COST[s % 28]
    return c if ch in _tiers()["hangul"] else c + 2.5


@lru_cache(maxsize=256)
def _cyr_cost(ch: str) -> float:
    import math

    f = _CYR_FREQ.get(ch.lower(), 0.5)
    return 0.12 * math.log2(11.0 / f)


# --- the model ------------------------------------------------------------------------------


_K_OTHER, _K_HAN, _K_HANGUL, _K_CYR = 0, 1, 2, 3


_HAN_SHARED_RARE = 1.2
_HANT_ONLY_L2 = 3.5


def _han_costs(tier: dict[str, int]) -> tuple[float, ...]:
    """Cost of a Han character under each tradition.  Big5's frequent block is large (5,401
    characters); one of them that GB2312 also has, in the same form, but files in level 2 is a
    rare character in both places (a place name like 灞), not a common one.  (The converse does
    not hold: many common simplified forms are rare traditional characters, 宁 beside 寧.)"""
    costs = [_TIER_COST[tier[f]] for f in FLAVOURS]
    if tier["hant"] == 1 and tier["hans"] == 2:
        costs[1] = _HAN_SHARED_RARE
    elif tier["hant"] == 2 and tier["hans"] == 3 and tier["ja"] == 3:
        costs[1] = _HANT_ONLY_L2
    return tuple(costs)


# what _info() computes: (kind, base cost, Han costs per FLAVOURS (Han only), Japanese-only Han,
# letter script, upper, lower, Cyrillic vowel, kana, small kana, space class, Latin-ish, " ")
_Info = tuple[int, float, tuple[float, ...], bool, str | None, bool, bool, bool, bool, bool, bool, bool, bool]


def _info(ch: str) -> _Info:
    """Everything :func:`cost` needs about one character, computed once."""
    cls = char_class(ch)
    kind, base = _K_OTHER, 0.0
    han: tuple[float, ...] = ()   # read for Han characters only
    ja_only = False
    if cls == "han":
        tier = han_tier(ch)
        kind, han = _K_HAN, _han_costs(tier)
        ja_only = tier["ja"] == 1 and tier["hans"] > 1
    elif cls == "hangul" or cls == "hangul-rare":
        kind, base = _K_HANGUL, _hangul_cost(ch)
    elif cls == "cyrillic":
        kind, base = _K_CYR, _cyr_cost(ch)
    else:
        base = COSTS[cls]
    return (kind, base, han, ja_only, _LETTER_SCRIPTS.get(cls), ch.isupper(), ch.islower(),
            ch in _CYR_VOWELS, cls == "hiragana" or cls == "katakana", ch in _SMALL_KANA,
            cls == "space", cls in _LATINISH, ch == " ")


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Table(dict[_K, _V]):
    """A memo filled on first sight and looked up in C (``map(table.__getitem__, ...)``); cleared
    when it grows past ``limit``, so memory stays bounded whatever the input."""

    def __init__(self, fn: Callable[[_K], _V], limit: int) -> None:
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, key: _K) -> _V:
        if len(self) > self.limit:
            self.clear()
        v = self[key] = self.fn(key)
        return v


_INFO: _Table[str, _Info] = _Table(_info, 65536)
_PAIRS: _Table[tuple[str, str], float] = _Table(lambda ab: _pair(*ab), 131072)
# stands in for the characters before the first: no rule about a previous character fires on it
_NO_INFO: _Info = (-1, 0.0, (), False, None, False, False, False, False, False, False, False, False)


# A small ya/yu/yo (ゃ, ュ, ｮ) makes a syllable with an i-column kana before it (きゃ, シュ, ﾁｮ);
# after any other kana it does not occur in Japanese spelling.  Half-width voicing marks (ﾞ ﾟ)
# sit between the kana and the small one, so they count as fitting.
_SMALL_Y_ANY = re.compile("[ゃゅょャュョｬｭｮ]")
_SMALL_Y_MISPLACED = re.compile("(?<=[\u3041-\u3096\u30a1-\u30fa\uff66-\uff9d])"
                                "(?<![きしちにひみりぎじぢびぴキシチニヒミリギジヂビピヴｷｼﾁﾆﾋﾐﾘ])[ゃゅょャュョｬｭｮ]")
# Katakana write foreign sounds with a small vowel after a few kana (ファ, ウィ, ティ, チェ, ｼｪ);
# after any other kana a small ァィゥェォ does not occur.  (Hiragana stretch vowels with them
# in casual writing, ねぇ, so only katakana are judged.)
_SMALL_V_ANY = re.compile("[ァィゥェォｧｨｩｪｫ]")
_SMALL_V_MISPLACED = re.compile("(?<=[\u30a1-\u30fa\uff66-\uff9d])"
                                "(?<![ウヴフツテデトドチシジイクグスズキギニヒビピミリｳﾌﾂﾃﾄﾁｼｲｸｽｷﾆﾋﾐﾘ])[ァィゥェォｧｨｩｪｫ]")


def cost(text: str, flavour: str | None = None) -> float:
    """Total implausibility of ``text`` (0 for ordinary ASCII prose).  Han is scored under the
    tradition of :data:`FLAVOURS` that suits it best, or under ``flavour`` alone when given (text
    known to be written in GBK is Simplified Chinese, in Big5 Traditional, in Shift_JIS Japanese)."""
    total = 0.0
    h0 = h1 = h2 = 0.0          # Han under each tradition of FLAVOURS
    kana = run = cons = ja_only = 0
    pinfo = p2info = _NO_INFO
    tok_script, mixed = None, False
    # the pair rules need no state: one map over adjacent pairs, driven in C
    total += sum(map(_PAIRS.__getitem__, zip(text, text[1:])))
    if _SMALL_Y_ANY.search(text):
        total += 2.0 * len(_SMALL_Y_MISPLACED.findall(text))
    if _SMALL_V_ANY.search(text):
        total += 2.0 * len(_SMALL_V_MISPLACED.findall(text))
    # Additions of 0.0 are skipped; every other term is added in the same order as ever, so the
    # total (rounding included) does not depend on how the loop is written.
    for info in map(_INFO.__getitem__, text):
        kind, base, han, jo, script, up, low, vowel, is_kana, small, space, latinish, _ = info
        # The common kinds take a branch of their own with the rules that cannot fire on them
        # left out (Han, Hangul and Cyrillic letters are never small kana; Han and Hangul never
        # lower case); the general branch below is the full rule set.
        if kind == _K_HAN:
            h0 += han[0]
            h1 += han[1]
            h2 += han[2]
            if jo:
                ja_only += 1
            run = cons = 0
            if tok_script is None:
                tok_script = script
            elif script != tok_script and not mixed:
                pair = {script, tok_script}
                if pair != {"CJK", "Hangul"} and not (pair == {"CJK", "Latin"} and kana):
                    total += 1.5
                    mixed = True
            if pinfo[12] and p2info[0] == _K_HAN:
                # Chinese and Japanese do not put spaces between words; Korean does
                total += 1.0
            p2info, pinfo = pinfo, info
            continue
        if kind == _K_CYR:
            run = 0
            total += base
            if vowel:
                cons = 0
            else:
                cons += 1
                if cons > 3:
                    total += 1.0   # four consonants in a row: rare in Slavic words
                if up and pinfo[5] and pinfo[0] == _K_CYR:
                    total += 0.5   # long all-capitals words are rare in running text
            if tok_script is None:
                tok_script = script
            elif script != tok_script and not mixed:
                total += 1.5 if tok_script == "CJK" else 2.0
                mixed = True
            if low and p2info[5] and pinfo[5]:
                # "ЛЙТо": capitals run into lower case inside a word
                total += 2.0
            p2info, pinfo = pinfo, info
            continue
        if kind == _K_HANGUL:
            total += base
            run += 1
            if run > 8:
                # Korean puts a space between words; long unbroken Hangul runs are rare
                total += 0.3
            cons = 0
        else:
            run = cons = 0
            if base:
                total += base
            if is_kana:
                kana += 1
        if script:
            if tok_script is None:
                tok_script = script
            elif script != tok_script and not mixed:
                # one word in two alphabets ("volont–ї", "R念狄hricht")
                pair = {script, tok_script}
                if pair != {"CJK", "Hangul"} and not (pair == {"CJK", "Latin"} and kana):
                    total += 1.5 if "CJK" in pair else 2.0
                    mixed = True
        elif space:
            tok_script, mixed = None, False
        if small and not pinfo[8]:
            total += 2.5   # a small kana (ゃ, ゅ, ょ, っ) only follows another kana
        if low and p2info[5] and pinfo[5] and not latinish:
            # "ΊΪΒν": capitals run into lower case inside a word
            total += 2.0
        p2info, pinfo = pinfo, info
    if kana:
        # Japanese text is written with kana; Chinese almost never uses them.
        h0 += 2.0 * kana
        h1 += 2.0 * kana
    else:
        # ... and Japanese without a single kana is a name at most
        h2 += 0.5 * ja_only
    if flavour is not None:
        return total + (h0, h1, h2)[FLAVOURS.index(flavour)]
    return total + min(h0, h1, h2)


@lru_cache(maxsize=65536)
def _char_cost(ch: str) -> float:
    cls = char_class(ch)
    if cls == "han":
        return min(_TIER_COST[t] for t in han_tier(ch).values())
    if cls in ("hangul", "hangul-rare"):
        return _hangul_cost(ch)
    if cls == "cyrillic":
        return _cyr_cost(ch)
    return COSTS[cls]


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class _RoughTable(dict[int, str]):
    """code point -> its cost in 1/25ths as one character (0-255), filled on first sight, so that
    :func:`rough` is one ``str.translate`` and one sum over bytes, both in C."""

    def __missing__(self, o: int) -> str:
        if len(self) > 65536:
            self.clear()   # bounded memory, whatever the input
            self.update({c: "\x00" for c in range(0x80)})
        v = self[o] = chr(min(255, round(_char_cost(chr(o)) * ROUGH_SCALE)))
        return v


ROUGH_SCALE = 25
_ROUGH = _RoughTable({o: "\x00" for o in range(0x80)})


def rough(text: str) -> float:
    """A fast, rough mean cost: single characters only, ASCII taken as free."""
    return sum(text.translate(_ROUGH).encode("latin-1")) / (ROUGH_SCALE * max(1, len(text)))


def _hot_cost(pair: tuple[str, str]) -> float:
    prev, ch = pair
    return _char_cost(ch) + (_pair(prev, ch) if prev else 0.0)


_HOT: _Table[tuple[str, str], float] = _Table(_hot_cost, 262144)


def hot(text: str, threshold: float = 1.0) -> list[int]:
    """Indexes of characters that look out of place: their own cost plus that of the pair they
    close is at least ``threshold``.  A quick first look; :func:`cost` is the careful one."""
    return list(hot_iter(text, threshold))


def hot_iter(text: str, threshold: float = 1.0) -> Iterator[int]:
    """:func:`hot` as an iterator, computed only as far as it is read."""
    # one memo look-up per character pair, driven by map/compress in C
    costs = map(_HOT.__getitem__, zip(chain(("",), text), text))
    return compress(count(), map(threshold.__le__, costs))


def score(text: str) -> float:
    """Plausibility of ``text`` as real writing: minus the mean cost per character (0 is best)."""
    if not text:
        return 0.0
    return -cost(text) / len(text)


_JAPANESE = frozenset({"Han", "Hiragana", "Katakana"})


def script_of(text: str) -> str:
    """The dominant Unicode script among the letters of ``text`` ('Latin', 'Cyrillic', 'Han',
    'Hangul', 'Greek', 'Thai', …; see :func:`codecscope.scripts.char_script`), with Han and kana
    counted together and named 'Japanese' when kana are among them; 'Common' when there are no
    letters."""
    counts: dict[str, int] = {}
    kana = 0
    for ch, n in Counter(text).items():   # each distinct character once: detection calls this per input
        s = letter_script(ch)
        if s:
            if s in _JAPANESE:
                kana += s != "Han"
                s = "Han"
            counts[s] = counts.get(s, 0) + n
    if not counts:
        return "Common"
    best = max(counts, key=counts.__getitem__)
    return "Japanese" if best == "Han" and kana else best


__all__ = ["COSTS", "FLAVOURS", "char_class", "cost", "han_tier", "hot", "score", "script_of"]

"""How common each Han, kana and Hangul character is in each CJK writing system: the evidence for
one legacy code page read as another (GBK ↔ Big5, GBK ↔ Shift_JIS, EUC-KR read as Windows-1252).

Such a reading writes real characters of the other code page, so the per-character model of
:mod:`codecscope.plausibility` (which ranks characters by the code pages' own blocks) often finds
garbled text as ordinary as the real one: Big5's frequent block is sorted by strokes, GB2312's
level 1 by pinyin, so a garbled two-character name drawn from them looks like a real one.  Real
frequencies tell them apart: a name is made of common characters of its own writing system, the
same bytes read in another code page mostly of rare ones.

The table (``codecscope/data/cjk_frequency.json``, built by ``tools/build_cjk_frequency.py`` from
the word lists of wordfreq, CC-BY-SA 4.0) holds the few thousand commonest characters of each
system with their frequency.  :func:`surprise` is minus log10 of a text's likelihood under one
system, character by character; a character the table lacks costs ``FLOOR`` orders more than the
rarest it keeps.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..fsutil import package_table

SYSTEMS = ("hans", "hant", "ja", "ko")
HAN_SYSTEMS = ("hans", "hant", "ja")
FLOOR = 1.0   # orders of magnitude below the rarest kept character that an unlisted one costs


@lru_cache(maxsize=None)
def _tables() -> dict[str, tuple[dict[str, float], float]]:
    raw = package_table("cjk_frequency.json")
    out = {}
    for name, groups in raw["tables"].items():
        t = {ch: int(key) / 10 for key, chars in groups.items() for ch in chars}
        out[name] = (t, max(t.values()) + FLOOR)
    return out


@lru_cache(maxsize=None)
def _entropy(system: str) -> float:
    table, _ = _tables()[system]
    return sum(v * 10 ** -v for v in table.values())


def excess(text: str, system: str) -> float:
    """:func:`surprise` less what real text of ``system`` costs on average for as many characters
    (its entropy, 2.4-2.9 orders a character): the scale on which readings in different systems
    compare.  Korean and Japanese spread over fewer characters than Chinese, so each is commoner,
    and a raw comparison would favour them."""
    s, n = surprise(text, system)
    return s - n * _entropy(system)


PUNCT = 3.0   # CJK punctuation (、。「」，！): as common as a common character
_PUNCT = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201d\u2026\u00b7]")


def _writing(ch: str) -> bool:
    o = ord(ch)
    if o < 0x3041:
        return False
    return (0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0 or 0xF900 <= o < 0xFB00
            or 0x3041 <= o < 0x3100 or 0xAC00 <= o < 0xD7A4)


def writing_share(text: str) -> float:
    """The share of Han, kana and Hangul among the non-ASCII characters of ``text``."""
    n = len(text) - len(text.encode("ascii", "ignore"))
    return sum(map(_writing, text)) / n if n else 0.0


def surprise(text: str, system: str) -> tuple[float, int]:
    """(-log10 of the likelihood of ``text``'s non-ASCII characters under ``system``, how many
    there are).  CJK punctuation costs what a common character does; any other character the
    table lacks (a rare one, half-width katakana, a Cyrillic letter between Han) costs the floor.
    ASCII is not judged: the readings leave it as it is."""
    table, floor = _tables()[system]
    total, n = 0.0, 0
    for ch in text:
        if ch > "\x7f":
            n += 1
            total += table.get(ch, PUNCT if _PUNCT.fullmatch(ch) else floor)
    return total, n


def best_surprise(text: str, systems: tuple[str, ...] = SYSTEMS) -> float:
    """The lowest surprise of ``text`` under any of ``systems``: the input of a repair may be clean
    text of any of them."""
    return min(surprise(text, s)[0] for s in systems)


class _RoughTable(dict[int, str]):
    """code point -> its surprise in one system, in tenths, as one character, filled on first
    sight, so that :func:`rough` is a ``str.translate`` and a sum per system, all in C."""

    def __init__(self, system: str) -> None:
        super().__init__()
        self.system = system

    def __missing__(self, o: int) -> str:
        if len(self) > 65536:
            self.clear()   # bounded memory, whatever the input
        ch = chr(o)
        if ch <= "\x7f":
            v = "\x00"
        else:
            table, floor = _tables()[self.system]
            v = chr(min(255, round(table.get(ch, PUNCT if _PUNCT.fullmatch(ch) else floor) * 10)))
        self[o] = v
        return v


_ROUGH = {s: _RoughTable(s) for s in SYSTEMS}


def rough(text: str) -> float:
    """A fast mean surprise of ``text``'s non-ASCII characters in the system that suits it best
    (ordinary Chinese, Japanese and Korean 2.5-3.5; a name 3.5-4; one code page's text read as
    another's 4.5 and more, its characters common in no one system)."""
    n = len(text) - len(text.encode("ascii", "ignore"))
    if not n:
        return 0.0
    return min(sum(text.translate(t).encode("latin-1")) for t in _ROUGH.values()) / (10 * n)


_HANGUL = re.compile("[\uac00-\ud7a3]")
_KANA = re.compile("[\u3041-\u30ff]")


def rare(text: str, bar: float) -> bool:
    """Whether :func:`rough` of ``text`` is at least ``bar``: the same answer, at the cost of one
    translation for most clean text (it stops at the first system the text reads as ordinary in)."""
    n = len(text) - len(text.encode("ascii", "ignore"))
    if not n:
        return False
    # (the system the text most likely reads in first: clean text stops there)
    order = (("ko", "hans", "ja", "hant") if _HANGUL.search(text) else
             ("ja", "hans", "hant", "ko") if _KANA.search(text) else ("hans", "hant", "ja", "ko"))
    limit = bar * 10 * n
    for s in order:   # (a loop, not all() over a generator: this runs on every clean CJK text)
        if sum(text.translate(_ROUGH[s]).encode("latin-1")) < limit:
            return False
    return True

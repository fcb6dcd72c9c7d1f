"""What in the input says "mojibake here": the byte patterns a wrong decode leaves behind.

Repair changes a stretch of text only where this module finds evidence for it.  The evidence is
read from the *input*, never from how nice a candidate output looks: the plausibility model
(:mod:`codecscope.plausibility`) ranks candidate repairs and vetoes ones that would look worse, but
it never licenses a change on its own.

UTF-8 read as an 8-bit code page.  Each character of the text is one byte of the code page.  UTF-8
writes every non-ASCII character as a lead byte (0xC2-0xF4) followed by one to three continuation
bytes (0x80-0xBF), so its mojibake is a lead *character* followed by continuation characters:
'Ã' (0xC3) + '©' (0xA9).  Real text meets such a pair by chance, so each occurrence is weighed:

* continuation characters that are C1 controls (U+0080-U+009F): real text never holds them;
* a symbol inside a word ('Ã©t', 'Ð±Ñ'): real writing puts symbols between words, not in them;
* the lead is a character real text almost never uses before another non-ASCII one ('Ã', 'Â',
  '√', '¬', '├', '┬': the Latin-1 range's lead bytes in the Western code pages);
* a whole word made of such sequences and nothing else;

and discounted where real text does the same thing: a letter followed by a letter of its own
script ('Сі', 'ВІКІ'), a symbol that follows words ('NESTLÉ®', 'MARQUÉ…', 'AHÅ™', 'É’s'), a
no-break space before a capital or a number, box drawing next to box drawing, or a character
the sequence would decode to that no text uses (unassigned, private use, controls).

UTF-8 read as a CJK code page (古文码, 文字化け): the whole stretch, encoded back, must be valid
UTF-8 holding at least two multi-byte characters; clean Chinese, Japanese or Korean text encoded
in its own code page is almost never that (a two-character word can be, and decodes to a couple
of Cyrillic or Greek letters, which the plausibility veto refuses).

One legacy code page read as another (拼音码, 繁简乱码, кракозябры): every byte is valid in both,
so the evidence is the input's implausibility per character under the model (symbols glued
into words, runs of accented capitals, case flips inside words) together with a full, strict
round trip, and the output must be the original code page's own script.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import plausibility

# --- the code pages UTF-8 is read as -------------------------------------------------------

# reader -> prior: how much of the evidence a sequence counts for under this reading.  The web
# variants pass C1 controls through, as browsers and Windows do.
UTF8_READERS = {
    "cp1252-web": 1.0, "cp1250-web": 0.8, "cp1251-web": 0.9, "iso8859_2": 0.8, "cp1253-web": 0.8,
    "cp1254-web": 0.8, "cp1257-web": 0.8, "mac_roman": 0.8, "cp437": 0.8, "cp850": 0.7,
    "koi8_r": 0.7, "cp866": 0.7,
}
# Leads that are rare in any writing before another non-ASCII character: the Latin-1 range's
# lead bytes (0xC2, 0xC3) as the Western code pages show them, and MacRoman's 0xC4 (the florin
# sign, a letter to Unicode but a symbol in use), the lead of Latin Extended-A.
_HOT_LEADS = frozenset("ÂÃ√¬├┬ƒ")
# Symbols that follow words in real text (trademarks, quotes, ellipses, dashes, degrees, the
# no-break space before French punctuation).
# ... and per code page, the leads of a whole script's UTF-8: Cyrillic (0xD0, 0xD1) read as
# Windows-1251 is 'Р'/'С' before every letter.
_HOT_BY_READER = {"cp1251-web": "РС", "koi8_r": "пя", "cp866": "╨╤"}
_TRAILING = frozenset("™®©…’”»°¹²³´¨‘“¿¡ªº–—\u00a0›")
_APOSTROPHES = frozenset("’'")
_BAD_OUTPUT = frozenset({"unassigned", "private", "surrogate", "control", "c1"})
_RARE_OUTPUT = frozenset({"latin-rare", "letter-other", "mark", "cyrillic-rare", "symbol", "punct-rare"})
_BOX = re.compile("[\u2500-\u257f]")


@lru_cache(maxsize=None)
def byte_map(reader: str) -> dict[str, int]:
    """character -> byte under ``reader`` (a single-byte code page)."""
    out: dict[str, int] = {}
    for b in range(256):
        try:
            ch = bytes([b]).decode(reader)
        except UnicodeDecodeError:
            continue
        out.setdefault(ch, b)
    if reader.endswith("-web") or reader.startswith("iso8859") or reader == "latin-1":
        for b in range(0x80, 0xA0):
            out.setdefault(chr(b), b)
    return out


def _cls(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else "(?!)"


@lru_cache(maxsize=None)
def sequence_regex(reader: str) -> re.Pattern:
    """Characters whose bytes under ``reader`` form one UTF-8 character (or CESU-8 surrogate pair),
    or one whose continuation was replaced by '?' or U+FFFD."""
    m = byte_map(reader)

    def rng(a, b):
        return _cls(c for c, v in m.items() if a <= v <= b)

    C, Q = rng(0x80, 0xBF), "[?\ufffd]"
    CQ = f"(?:{C}|{Q})"
    ed = rng(0xED, 0xED)
    valid = "|".join([
        f"{ed}{rng(0xA0, 0xAF)}{C}{ed}{rng(0xB0, 0xBF)}{C}",      # CESU-8 surrogate pair
        f"{rng(0xC2, 0xDF)}{C}",
        f"{rng(0xE0, 0xE0)}{rng(0xA0, 0xBF)}{C}",
        f"{_cls(c for c, v in m.items() if 0xE1 <= v <= 0xEF and v != 0xED)}{C}{C}",
        f"{ed}{rng(0x80, 0x9F)}{C}",
        f"{rng(0xF0, 0xF0)}{rng(0x90, 0xBF)}{C}{C}",
        f"{rng(0xF1, 0xF3)}{C}{C}{C}",
        f"{rng(0xF4, 0xF4)}{rng(0x80, 0x8F)}{C}{C}",
    ])
    lossy = "|".join([f"{rng(0xC2, 0xDF)}{Q}", f"{rng(0xE0, 0xEF)}{CQ}{CQ}", f"{rng(0xF0, 0xF4)}{CQ}{CQ}{CQ}"])
    return re.compile(f"(?:{valid})|(?P<lossy>{lossy})")


@dataclass(frozen=True)
class Seq:
    start: int
    end: int
    new: str          # what the sequence decodes to ('\ufffd' when lossy)
    weight: float
    lossy: bool


def _letter(ch: str) -> bool:
    return ch.isalpha()


def _script(ch: str) -> str | None:
    return plausibility._LETTER_SCRIPTS.get(plausibility.char_class(ch))


def _weigh(text: str, i: int, j: int, new: str, lossy: bool, hot_lead: bool) -> float:
    lead, conts = text[i], text[i + 1:j]
    prev = text[i - 1] if i else " "
    nxt = text[j] if j < len(text) else " "
    real = [c for c in conts if c not in "?\ufffd"]
    if lossy:
        # a loss marker right after a lead character: weak alone, it confirms a garbled stretch
        if new != "\ufffd":
            return 0.0
        return 1.5 if "\ufffd" in conts or hot_lead or real else 0.5
    cls = plausibility.char_class(new)
    if cls in _BAD_OUTPUT and not (cls == "c1" and any("\x80" <= c <= "\x9f" for c in conts)):
        return 0.0   # (a C1 control from a C1 control is the next layer's evidence)
    w = float(len(conts))   # three or four characters that form one UTF-8 character are rarer by chance
    if any("\x80" <= c <= "\x9f" for c in conts):
        w += 3.0
    symbol_inside = any(not _letter(c) for c in conts) and _letter(nxt) and (nxt.islower() or not _letter(lead) or lead.islower())
    if conts == "\u00a0":
        symbol_inside = nxt.islower()
    if symbol_inside:
        w += 1.5
    if _letter(prev):
        w += 0.5
    flip = (prev.islower() and lead.isupper()) or (lead.islower() and any(c.isupper() for c in conts))
    if flip:
        w += 1.0   # a capital inside a lower-case word: 'înceĹŁoĹźată', 'вЂ“'
    if hot_lead and (_letter(prev) or _letter(nxt) or _letter(lead) and not prev.isalnum() and not nxt.isalnum()
                     or not _letter(conts[0]) and conts != "\u00a0"):
        w += 1.0   # glued to a word, a word of its own ('Ã' is no word in any language), or 'Â£'
    elif not _letter(lead) and (_letter(prev) or _letter(nxt)):
        w += 1.0   # a symbol glued to a word: 'wei√ü', 'Anto≈Üina' 
    if "\u00a0" <= new <= "\u00ff" or "\u2010" <= new <= "\u2027" or new == "\u20ac":
        w += 0.5   # the Latin-1 range and everyday punctuation: the commonest UTF-8 there is
    natural = 1.0
    sl = _script(lead)
    caps_then_lower = all(c.isupper() for c in lead + conts) and nxt.islower()
    if (sl and all(_letter(c) and _script(c) == sl for c in conts) and not flip and not caps_then_lower
            and not hot_lead):
        natural = 0.2                                    # 'Сі', 'ВІКІ': letters of one script
    elif not _letter(nxt) and len(conts) == 1 and all(c in _TRAILING for c in conts) and not (hot_lead and conts == "\u00a0"):
        natural = 0.7 if hot_lead else 0.25              # 'NESTLÉ®', 'MARQUÉ…', 'AHÅ™'
    if conts[-1:] in _APOSTROPHES and len(conts) == 1:
        natural = min(natural, 0.25)                     # 'ZZAJÉ’s'
    if conts == "\u00a0" and not hot_lead and not nxt.islower():
        natural = min(natural, 0.25)                     # 'SELKÄ\xa0EDELLÄ'
    if _BOX.fullmatch(lead) and all(_BOX.fullmatch(c) for c in conts):
        natural = min(natural, 0.3)                      # box drawing in a frame
    if cls in _RARE_OUTPUT and not (cls == "mark" and prev.isalnum() or new == "\ufffd" or "\u0100" <= new < "\u0180"
                                    or "\u1e00" <= new < "\u1f00"):   # Latin Extended-A and Vietnamese
        natural *= 0.5
    return w * natural


def utf8_sequences(text: str, start: int, end: int, reader: str) -> list[Seq]:
    """The UTF-8 sequences ``text[start:end]`` holds under ``reader``, weighed (see the module doc)."""
    out = []
    prior = UTF8_READERS.get(reader, 0.7)
    m = byte_map(reader)
    for mt in sequence_regex(reader).finditer(text, start, end):
        i, j = mt.span()
        s = text[i:j]
        lossy = mt.group("lossy") is not None
        if lossy:
            if "?" not in s and "\ufffd" not in s:
                continue   # invalid, not lossy: no marker of a lost byte in it
            new = "\ufffd"
        else:
            data = bytes(m[c] for c in s)
            try:
                new = data.decode("utf-8-cesu")
            except UnicodeDecodeError:
                continue
        w = _weigh(text, i, j, new, lossy, text[i] in _HOT_LEADS or text[i] in _HOT_BY_READER.get(reader, ""))
        if w > 0:
            out.append(Seq(i, j, new, w * prior, lossy))
    return out


def covers(seqs: list[Seq], text: str, start: int, end: int) -> bool:
    """Whether the sequences account for every character of ``text[start:end]``."""
    return sum(s.end - s.start for s in seqs) == end - start


def unexplained(text: str, start: int, end: int, seqs: list[Seq], reader: str) -> bool:
    """Whether characters of the stretch that no sequence takes still look like UTF-8 debris (a
    lead or a symbol continuation character), so a partial repair would leave garbage behind."""
    m = byte_map(reader)
    taken = set()
    for s in seqs:
        taken.update(range(s.start, s.end))
    for k in range(start, end):
        if k in taken:
            continue
        b = m.get(text[k])
        if b is None:
            continue
        ch = text[k]
        if 0xC2 <= b <= 0xF4 and k + 1 < end and (k + 1) not in taken and 0x80 <= m.get(text[k + 1], 0) <= 0xBF:
            return True
        if 0x80 <= b <= 0xBF and not _letter(ch) and ch not in _TRAILING and ch not in "‚„•€" and not ("\x80" <= ch <= "\x9f"):
            if k > start and (k - 1) not in taken and 0xC2 <= m.get(text[k - 1], 0) <= 0xF4:
                return True
    return False


def c1_controls(text: str) -> list[tuple[int, int]]:
    """Runs of C1 controls that Windows-1252 defines: text read as Latin-1 where the writer meant
    Windows-1252 ('\\x93quoted\\x94', 'parlé\\x85').  Real text holds no C1 controls at all."""
    return [m.span() for m in _C1.finditer(text)]


_C1 = re.compile("[\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]+")


_CJK_LIKE = frozenset({"han", "han-ext", "han-compat", "hiragana", "katakana", "halfwidth-katakana", "hangul",
                       "hangul-rare", "jamo", "cjk-punct", "fullwidth", "box", "private"})


def cjk_like(ch: str) -> bool:
    """What UTF-8 read as a CJK code page is made of."""
    return plausibility.char_class(ch) in _CJK_LIKE


def name_of(ch: str) -> str:
    return unicodedata.name(ch, f"U+{ord(ch):04X}")

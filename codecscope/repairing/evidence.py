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
* a letter glued to a symbol that never follows words ('Ø¯', Arabic read as Windows-1252);
* the lead is a character real text almost never uses before another non-ASCII one ('Ã', 'Â',
  '√', '¬', '├', '┬': the Latin-1 range's lead bytes in the Western code pages);
* a whole word made of such sequences and nothing else;

and discounted where real text does the same thing: a letter followed by a letter of its own
script ('Сі', 'ВІКІ'), a symbol that follows words ('NESTLÉ®', 'MARQUÉ…', 'AHÅ™', 'É’s'), a
no-break space before a capital or a number, box drawing next to box drawing, or a character
the sequence would decode to that no text uses (unassigned, private use, controls).

UTF-8 read as a CJK code page (古文码, 文字化け): the stretch, encoded back, must be UTF-8 in one
script (three-byte characters, or a word of two-byte letters: '褋褉械写邪' for 'среда'), lost
bytes allowed only where a marker ('?', U+FFFD) or a cut end says so; clean Chinese,
Japanese or Korean text encoded in its own code page is almost never that (a short word can be,
and decodes to a mix of scripts, letters in orders no word uses, or text the model finds worse,
which are refused).
:func:`quick_look` and :func:`cjk_suspect` are the cheap first look every text gets.

One legacy code page read as another (拼音码, 繁简乱码, кракозябры): every byte is valid in both,
so the evidence is the input's implausibility per character under the model (symbols glued into
words, case flips inside words), together with a full, strict round trip; the reading must write
the original code page's own script as words, and read every longer word of the text.  Words of
Latin letters in a natural case, lists and repeated characters are what real writing holds, no
evidence; and a reading of Western-read text must beat every other code page that could have
written the same bytes (:func:`codecscope.repairing.chains._other_code_pages`).  Cyrillic
read as Cyrillic (Windows-1251, KOI8-R, cp866 and the rarer ISO-8859-5 and Mac Cyrillic) is a
letter-for-letter substitution that the per-character model cannot see, lower-case text leaving
no case flip behind: it is judged by :func:`reading_gain`, how much likelier a model of real words
(their letter triples, and which short words exist) finds the reading than the input, over the
whole text.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

from .. import plausibility
from ..scripts import letter_script
from . import frequency

# --- the code pages UTF-8 is read as -------------------------------------------------------

# reader -> prior: how much of the evidence a sequence counts for under this reading.  The web
# variants pass C1 controls through, as browsers and Windows do.
UTF8_READERS = {
    "cp1252-web": 1.0, "cp1250-web": 0.8, "cp1251-web": 1.0, "iso8859_2": 0.8, "cp1253-web": 0.8,
    "cp1254-web": 0.8, "cp1257-web": 0.8, "mac_roman": 0.8, "cp437": 0.8, "cp850": 0.7,
    "koi8_r": 0.7, "cp866": 0.7,
}
# Leads that are rare in any writing before another non-ASCII character: the Latin-1 range's
# lead bytes (0xC2, 0xC3) as the Western code pages show them, and MacRoman's 0xC4 (the florin
# sign, a letter to Unicode but a symbol in use), the lead of Latin Extended-A.
_HOT_LEADS = frozenset("ÂÃ√¬├┬ƒ")
# ... and per code page, the leads of a whole script's UTF-8: Cyrillic (0xD0, 0xD1) read as
# Windows-1251 is 'Р'/'С' before every letter.
_HOT_BY_READER = {"cp1251-web": "РС", "koi8_r": "пя", "cp866": "╨╤"}
# Symbols that follow words in real text (trademarks, quotes, ellipses, dashes, degrees, the
# no-break space before French punctuation).
_TRAILING = frozenset("™®©…’”»°´¨‘“¿¡ªº–—\u00a0›")
_APOSTROPHES = frozenset("’'")
_BAD_OUTPUT = frozenset({"unassigned", "private", "surrogate", "control", "c1"})
_RARE_OUTPUT = frozenset({"latin-rare", "letter-other", "mark", "cyrillic-rare", "symbol", "punct-rare", "han-ext"})
_BOX = re.compile("[\u2500-\u257f]")


# Signs of General Punctuation and Letterlike Symbols that everyday text writes: bullets, daggers,
# per mille, primes, single guillemets, low quotes, the trade mark, numero, degrees Celsius, the
# CJK reference mark and interpuncts.  Rare to the letter model, which keeps them costly in the
# text it judges, but a repair may write them: UTF-8 of '•' and '™' read as cp1252 ('â€¢', 'â„¢')
# is the commonest mojibake there is, and double UTF-8 of them came back one layer undone.
EVERYDAY_SIGNS = frozenset("•†‡‰′″‹›„‚※‧‥™№℃")


def rare_output(ch: str) -> bool:
    """A character of a class a repair should rarely write (:data:`_RARE_OUTPUT`), everyday signs
    apart."""
    return plausibility.char_class(ch) in _RARE_OUTPUT and ch not in EVERYDAY_SIGNS


# Letters beyond Latin-1 that whole languages write every day, though the model counts them
# rare: Latin Extended-A, Vietnamese (its Extended Additional block and the horned 'ơ', 'ư'), and
# the schwa of Azerbaijani's official alphabet ('ə', UTF-8 C9 99, which Windows-1252 shows as 'É™')
_EVERYDAY_LATIN = frozenset("əƏơƠưƯ")


def everyday_latin(ch: str) -> bool:
    """Whether ``ch`` is one of the letters :data:`_EVERYDAY_LATIN` describes."""
    return "\u0100" <= ch < "\u0180" or "\u1e00" <= ch < "\u1f00" or ch in _EVERYDAY_LATIN


def rare_char(ch: str) -> bool:
    """A character text rarely or never holds (everyday Latin letters of whole languages are not
    rare ones: :func:`everyday_latin`)."""
    return (rare_output(ch) or plausibility.char_class(ch) in _BAD_OUTPUT) and not everyday_latin(ch)


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


def _cls(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else "(?!)"


class Seq(NamedTuple):
    """One UTF-8 sequence found in the text.  (A named tuple: a long text has tens of thousands,
    and a tuple is built several times faster than a frozen dataclass.)"""

    start: int
    end: int
    new: str          # what the sequence decodes to ('\ufffd' when lossy)
    weight: float
    lossy: bool


def _letter(ch: str) -> bool:
    # (ƒ, ª and º are letters to Unicode but symbols in use: the florin sign, ordinal indicators)
    return ch.isalpha() and ch not in "ƒªº"


_script = letter_script   # the Unicode script of a letter, None for anything else


def _weigh(text: str, i: int, j: int, new: str, lossy: bool, hot_lead: bool, layered: bool = False) -> float:
    # only what kind of character stands on each side matters, so the same sequence in the same
    # surroundings ('Ã©' between letters, thousands of times in a long text) is weighed once
    prev = text[i - 1] if i else " "
    nxt = text[j] if j < len(text) else " "
    return _weigh_seq(text[i:j], _kind(prev), _kind(nxt), new, lossy, hot_lead, layered)


@lru_cache(maxsize=4096)
def _kind(ch: str) -> str:
    """A stand-in for ``ch`` with the same answers to what :func:`_weigh_seq` asks of it."""
    if _letter(ch):
        return "a" if ch.islower() else "A" if ch.isupper() else "\u05d0"
    if ch.isalnum():
        return "1"
    return ch if ch in "'’" else " "


@lru_cache(maxsize=65536)
def _weigh_seq(s: str, prev: str, nxt: str, new: str, lossy: bool, hot_lead: bool, layered: bool = False) -> float:
    lead, conts = s[0], s[1:]
    real = [c for c in conts if c not in "?\ufffd"]
    if lossy:
        # a loss marker right after a lead character: weak alone, it confirms a garbled stretch
        if new != "\ufffd":
            return 0.0
        return 1.5 if "\ufffd" in conts or hot_lead or real else 0.5
    cls = plausibility.char_class(new)
    if cls in _BAD_OUTPUT and not (cls == "c1" and (layered or any("\x80" <= c <= "\x9f" for c in conts))):
        return 0.0   # (a C1 control from a C1 control, or inside the next layer's UTF-8, is its evidence)
    w = float(len(conts))   # three or four characters that form one UTF-8 character are rarer by chance
    c1 = any("\x80" <= c <= "\x9f" for c in conts)
    if c1:
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
    elif _letter(lead) and all(not _letter(c) and c not in _TRAILING and c >= "\u00a1" for c in conts):
        w += 1.0   # a letter glued to a symbol that never follows words: Arabic 'Ø¯', 'Ù…'
    if "\u00a0" <= new <= "\u00ff" or "\u2010" <= new <= "\u2027" or new == "\u20ac":
        w += 0.5   # the Latin-1 range and everyday punctuation: the commonest UTF-8 there is
    natural = 1.0
    sl = _script(lead)
    caps_then_lower = all(c.isupper() for c in lead + conts) and nxt.islower()
    if (sl and all(_letter(c) and _script(c) == sl for c in conts) and not flip and not caps_then_lower
            and not hot_lead):
        natural = 0.2                                    # 'Сі', 'ВІКІ': letters of one script
    elif ((_letter(prev) or not _letter(lead)) and not flip and not _letter(nxt)
          and (len(conts) == 1 and conts in _TRAILING or conts in _SPACED_QUOTES)
          and not (hot_lead and conts == "\u00a0")):
        natural = 0.7 if hot_lead else 0.25              # after a word: 'NESTLÉ®', 'MARQUÉ…', 'AHÅ™',
                                                         # and French spacing: 'commité\xa0»'
    if conts[-1:] in _APOSTROPHES and len(conts) == 1:
        natural = min(natural, 0.25)                     # 'ZZAJÉ’s'
    if conts == "\u00a0" and (not hot_lead and not nxt.islower() or prev.isupper() and lead.isupper() and nxt.isupper()):
        natural = min(natural, 0.25)                     # 'SELKÄ\xa0EDELLÄ', and in capitals 'MISUTÂ\xa0AJIKKO'
    if _BOX.fullmatch(lead) and all(_BOX.fullmatch(c) for c in conts):
        natural = min(natural, 0.3)                      # box drawing in a frame or line art
    if rare_output(new) and not (cls == "mark" and prev.isalnum() and _composing(new) or new == "\ufffd" or everyday_latin(new)
                                    or c1):   # (chance makes no C1 control: a rare character is no excuse)
        natural *= 0.5
    return w * natural


# French writes a no-break space before a closing guillemet, and Czech, French and others one
# before a dash, so a word's last accented letter, the space and the sign ('é\xa0»', 'á\xa0–')
# are clean text that happens to be valid UTF-8
_SPACED_QUOTES = frozenset({"\u00a0»", "\u00a0›", "\u00a0–", "\u00a0—"})


def _composing(mark: str) -> bool:
    """Whether a combining mark is one text writes after a letter: any but the combining Latin
    small letters (U+0363-U+036F), which only transcriptions of medieval manuscripts use.  Those
    are what an accented capital before a soft hyphen or a sign reads as in UTF-8 ('Í\xad' is
    'ͭ'): a word broken for hyphenation, no mojibake."""
    return not "\u0363" <= mark <= "\u036f"


# (the lead byte first, as one class the engine skips to in C, and what each kind of lead takes
# after it in look-behinds: the same matches, in the same order of preference, as the lead
# spelled out in every branch, which tried each branch at every byte of the text)
_SEQ_BYTES = re.compile(
    rb"[\xc2-\xf4](?:(?<=\xed)[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]"   # CESU-8 surrogate pair
    rb"|(?<=[\xc2-\xdf])[\x80-\xbf]|(?<=\xe0)[\xa0-\xbf][\x80-\xbf]|(?<=[\xe1-\xec\xee\xef])[\x80-\xbf]{2}"
    rb"|(?<=\xed)[\x80-\x9f][\x80-\xbf]|(?<=\xf0)[\x90-\xbf][\x80-\xbf]{2}|(?<=[\xf1-\xf3])[\x80-\xbf]{3}"
    rb"|(?<=\xf4)[\x80-\x8f][\x80-\xbf]{2}"
    rb"|(?P<lossy>(?<=[\xc2-\xdf])\?|(?<=[\xe0-\xef])[\x80-\xbf?]{2}|(?<=[\xf0-\xf4])[\x80-\xbf?]{3}))")


def utf8_sequences(text: str, start: int, end: int, reader: str, data: bytes | None = None) -> list[Seq]:
    """The UTF-8 sequences ``text[start:end]`` holds under ``reader``, weighed (see the module doc).

    The text is encoded once (C speed; a character the code page lacks, and U+FFFD, become '?',
    one byte each, so byte offsets are character offsets) and the bytes are scanned once."""
    out = []
    prior = UTF8_READERS.get(reader, 0.7)
    if data is None:
        data = encode_replace(text, reader)
    hot = _hot(reader)
    found: list[tuple[int, int, str, bool]] = []
    for mt in _SEQ_BYTES.finditer(data, start, end):
        i, j = mt.span()
        lossy = mt.group("lossy") is not None
        if lossy:
            s = text[i:j]
            if not any(c in "?\ufffd" for c in s[1:]) or any(data[k] == 0x3F and s[k - i] not in "?\ufffd"
                                                            for k in range(i + 1, j)):
                continue   # invalid, or a character the code page lacks, not a loss marker
            new = "\ufffd"
        else:
            try:
                new = _utf8_char(data[i:j])
            except UnicodeDecodeError:
                continue
        found.append((i, j, new, lossy))
    layered = _layered_c1(found) if any("\x80" <= f[2] <= "\x9f" for f in found) else ()
    n = len(text)
    for k, (i, j, new, lossy) in enumerate(found):
        # (_weigh, spelled out: a long text has tens of thousands of sequences)
        w = _weigh_seq(text[i:j], _kind(text[i - 1] if i else " "), _kind(text[j] if j < n else " "), new, lossy,
                       text[i] in hot, k in layered)
        if w > 0:
            out.append(Seq(i, j, new, w * prior, lossy))
    return out


def _layered_c1(found: list[tuple[int, int, str, bool]]) -> set[int]:
    """Which of the sequences decode to a C1 control that is a continuation byte of a UTF-8
    character their run of sequences spells: UTF-8 read as Latin-1, saved as UTF-8 and read as
    Windows-1252 ('Ã¢Â€Â“' is 'â\x80\x93', which is '–').  Such a control is the next layer's
    evidence, not a character no text uses."""
    out: set[int] = set()
    k = 0
    while k < len(found):
        m = k + 1
        while m < len(found) and found[m][0] == found[m - 1][1]:
            m += 1   # a run of sequences side by side
        run = found[k:m]
        if len(run) > 1 and any("\x80" <= f[2] <= "\x9f" for f in run):
            try:
                data = "".join(f[2] for f in run).encode("cp1252-web")
            except UnicodeEncodeError:
                data = b""
            # (each decoded character is one byte of the next layer when it is in Windows-1252;
            # a run that is not is no next layer)
            if len(data) == len(run):
                for mt in _UTF8_SEQ.finditer(data):
                    try:
                        mt.group().decode("utf-8")   # (the pattern's shape only: overlong forms and '?' are none)
                    except UnicodeDecodeError:
                        continue
                    out.update(k + p for p in range(mt.start(), mt.end()) if "\x80" <= run[p][2] <= "\x9f")
        k = m
    return out


@lru_cache(maxsize=4096)
def _utf8_char(seq: bytes) -> str:
    """The character one UTF-8 sequence (or a CESU-8 surrogate pair, six bytes) stands for.
    Cached: a long text repeats the same few thousand sequences, which then share one string,
    and the plain decoder is C where the CESU-8 one is Python."""
    return seq.decode("utf-8-cesu" if len(seq) == 6 else "utf-8")


def drawn_pair(s: str, reader: str) -> bool:
    """Whether a sequence is box drawing or blocks only, its lead not one of the reader's hot
    ones: what a frame or a bar in cp437, cp850 or cp866 pairs up into by chance."""
    # (nor '╨' or '╤': 0xD0 and 0xD1 lead every Cyrillic letter in UTF-8, and cp437 shows them as
    # cp866 does)
    return s[0] not in _hot(reader) and s[0] not in "╨╤" and all("\u2500" <= c <= "\u25a0" for c in s)


def spelled(s: str, reader: str) -> bool:
    """Whether a sequence is lower-case letters of one script, its lead no hot one: a stretch of
    a clean word that pairs up by chance (the leads UTF-8 writes Latin, Greek and Cyrillic with
    are capitals in their code pages, 'Ã', 'Î', 'Ð', 'Р')."""
    return s[0] not in _hot(reader) and s.islower() and all(_natural_pair(s[0], c) for c in s[1:])


def covers(seqs: list[Seq], start: int, end: int) -> bool:
    """Whether the sequences account for every character of the stretch ``start:end``."""
    return sum(s.end - s.start for s in seqs) == end - start


def unexplained(text: str, start: int, end: int, seqs: list[Seq], reader: str) -> bool:
    """Whether characters of the stretch that no sequence takes still look like UTF-8 debris (a
    lead or a symbol continuation character), so a partial repair would leave garbage behind."""
    m = byte_map(reader)
    taken: set[int] = set()
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



# --- the one cheap look that clean text gets ---------------------------------------------------


def _natural_pair(lead: str, cont: str) -> bool:
    sl = _script(lead)
    return bool(sl) and _letter(cont) and _script(cont) == sl and not (lead.islower() and cont.isupper())


# a lead byte, then what its kind takes (or a loss marker): the same matches as the plain
# alternation '[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|…|[\xc2-\xf4][?]', but one class
# opens it, which the engine skips to in C (counting a long text's patterns under every code page
# took twice as long with the alternation)
_UTF8_SEQ = re.compile(rb"[\xc2-\xf4](?:(?<=[\xc2-\xdf])[\x80-\xbf]|(?<=[\xe0-\xef])[\x80-\xbf]{2}"
                       rb"|(?<=[\xf0-\xf4])[\x80-\xbf]{3}|[?])")


@lru_cache(maxsize=None)
def _gate() -> tuple[re.Pattern[str], dict[str, frozenset[str]], dict[str, tuple[frozenset[str], ...]],
                     dict[str, frozenset[str]]]:
    """For every character that is a two-byte lead under some code page, the characters after it
    that would not simply be the next letter of a word in its script (a letter of that script,
    not a capital after a lower-case one) — or, after a hot lead, anything; for every three- or
    four-byte lead, the continuation characters of each code page it is one in (two must
    follow); for every lead, the continuation characters of the code pages it is a lead in; plus
    a C1 control."""
    follows: dict[str, set[str]] = {}
    three: dict[str, list[frozenset[str]]] = {}
    conts_of: dict[str, set[str]] = {}
    for reader in UTF8_READERS:
        m = byte_map(reader)
        hot = _hot(reader)
        conts = frozenset(c for c, b in m.items() if 0x80 <= b <= 0xBF)
        for lead, b in m.items():
            if 0xC2 <= b <= (0xDF if reader == "cp866" else 0xF4):
                f = follows.setdefault(lead, set())
                conts_of.setdefault(lead, set()).update(conts)
                if b >= 0xE0 and lead not in hot:
                    three.setdefault(lead, []).append(conts)
                else:
                    f.update(c for c in conts if lead in hot or not _natural_pair(lead, c))
                f.add("\ufffd")
                if lead in _HOT_LEADS:
                    f.update(" ?")
    table = {lead: frozenset(f) for lead, f in follows.items()}
    # one class that every branch opens with (the engine scans for it in C), then look-behinds
    # and a look-ahead for what may follow the lead; box drawing apart, whose code pages (cp866,
    # cp437) take plain letters as continuations, so that a word is not stopped at every letter
    branches = []
    for box in (True, False):
        leads = [c for c in table if bool(_BOX_OR_BLOCK.match(c)) == box]
        after = set().union(*(table[c] | conts_of[c] for c in leads))
        branches.append(f"(?<={_cls(leads)})(?={_cls(after)})")
    first = _cls(set(table) | {chr(c) for c in range(0x80, 0xA0)})
    return (re.compile(f"{first}(?:{'|'.join(branches)}|(?<=[\x80-\x9f]))"), table,
            {lead: tuple(cs) for lead, cs in three.items()}, {lead: frozenset(c) for lead, c in conts_of.items()})


_BOX_OR_BLOCK = re.compile("[\u2500-\u25ff]")


# the DOS code pages' codecs encode through a dictionary, which C consults one character at a
# time as objects (a long text took 10-20 ms each); the same mapping as a compiled charmap table,
# built from the code page's 256 characters (each defined, each encoded back to its byte), gives
# the same bytes several times faster
_DICT_ENCODED = ("cp437", "cp850", "cp866")


_CHARMAP_TABLES = {r: codecs.charmap_build(bytes(range(256)).decode(r)) for r in _DICT_ENCODED}


def encode_replace(text: str, reader: str) -> bytes:
    """``text`` in ``reader``, a character it lacks as '?'."""
    table = _CHARMAP_TABLES.get(reader)
    if table is not None:
        return codecs.charmap_encode(text, "replace", table)[0]
    return text.encode(reader, "replace")


def encoded(text: str, reader: str, count: bool = True) -> tuple[bytes, int]:
    """``text`` in ``reader`` (a character it lacks as '?', so offsets stay character offsets) and
    how many UTF-8 multi-byte patterns those bytes hold (both in C); with ``count`` false, only
    whether they hold one (1 or 0: a search stops at the first, a count builds every match)."""
    data = encode_replace(text, reader)
    if not count:
        return data, int(_UTF8_SEQ.search(data) is not None)
    return data, len(_UTF8_SEQ.findall(data))


def suspect_readers(text: str) -> list[str]:
    """The code pages worth searching for UTF-8 evidence in ``text``: all of them or none.  One
    C-speed scan finds lead characters followed by a possible continuation; a dictionary look-up
    keeps those that are not simply the next letter of a word.  Clean text yields none."""
    rx, table, three, conts_of = _gate()
    for m in rx.finditer(text):
        ch = m.group()
        if ch < "\xa0":
            return list(UTF8_READERS)
        k = m.end()
        nxt, after = text[k], text[k + 1:k + 2]
        typography = nxt == "\u00a0" and ch not in _HOT_LEADS and (after.isdigit() or after in ("", " "))
        if nxt in table[ch] and not typography:   # (a no-break space before a number is typography)
            return list(UTF8_READERS)
        for conts in three.get(ch, ()):
            # a three-byte sequence, a lossy one, or one whose no-break space became a space
            # ('à¸ ' for Thai 'ภ'; not 'ні ' or 'на® ' ending a word)
            if nxt in conts and (after in conts or after in ("?", "\ufffd")
                                 or after == " " and nxt not in _TRAILING and not _natural_pair(ch, nxt)):
                return list(UTF8_READERS)
        if ch.isupper() and m.start() and text[m.start() - 1].islower() and nxt in conts_of[ch]:
            return list(UTF8_READERS)   # a capital inside a lower-case word: 'gĂłrski', 'SeyÅŸeller'
    return []




@lru_cache(maxsize=None)
def _hot(reader: str) -> frozenset[str]:
    return _HOT_LEADS | frozenset(_HOT_BY_READER.get(reader, ""))


@lru_cache(maxsize=None)
def lead_chars(reader: str) -> frozenset[str]:
    """The characters ``reader`` shows UTF-8 lead bytes (0xC2-0xF4) as."""
    return frozenset(c for c, b in byte_map(reader).items() if 0xC2 <= b <= 0xF4)


@lru_cache(maxsize=None)
def _hot_rx(reader: str) -> re.Pattern[str]:
    """A hot lead (or any lead) before a loss marker, or a hot lead before a space."""
    m = byte_map(reader)
    leads = [c for c, b in m.items() if 0xC2 <= b <= 0xF4]
    hot = [c for c in leads if c in _hot(reader)]
    return re.compile(f"{_cls(leads)}\ufffd" + (f"|{_cls(hot)}[ ?]" if hot else ""))


_CJK_CHARS = re.compile("[\u2500-\u257f\u3000-\u30ff\u3400-\u9fff\uac00-\ud7a3\ue000-\uf8ff\uff00-\uffef]")
# ... and what UTF-8 read as a CJK code page can be made of besides: cp949 reads the lead bytes
# 0xCA-0xFD as Hanja, 268 of them the compatibility ideographs U+F900-U+FA0B (its duplicate
# readings), and continuation bytes 0xA7-0xA9 as units and enclosed signs ('㎗', '㉠'), so that
# Chinese '注解' in UTF-8 is '力②㎗' through it, none of it in the class above
_CJK_READ_CHARS = re.compile("[\u2500-\u257f\u3000-\u30ff\u3200-\u33ff\u3400-\u9fff\uac00-\ud7a3"
                             "\ue000-\ufaff\uff00-\uffef]")
# what legacy-to-legacy mojibake looks like before the model is asked: C1 controls, runs of Latin-1
# letters and symbols, perhaps with an ASCII trail byte between them (拼音码 'ÄãºÃ', Big5 '¥xÆW',
# 'Ïðèâåò'), or a pair of them right after a digit (a CJK unit: '3ÔÂ', '1¿ù'), Cyrillic in
# capitals or with the case flipped inside a word (KOI8-R and Windows-1251 read as each other)
# (written as one class that every branch opens with, then look-behinds: one fast scan)
_LEGACY_FIRST = "[\x80-\x9f\u00a1-\u00ff\u0400-\u045f]"   # (the class every branch opens with)
_LEGACY_SHAPES = re.compile(
    _LEGACY_FIRST + "(?:(?<=[\x80-\x9f])"
    "|(?<=[\u00a1-\u00ff])[!-~]?[\u00a1-\u00ff][!-~]?[\u00a1-\u00ff]"
    "|(?<=[0-9][\u00a1-\u00ff])[\u00a1-\u00ff](?![\u00a1-\u00ff])"   # a number's unit: '3ÔÂ' is '3月'
    "|(?<=[\u0400-\u042f])[\u0400-\u042f]{2}|(?<=[\u0430-\u045f])[\u0400-\u042f])")
# Cyrillic through cp866 and back, for the letter pairs alone to judge: box drawing in a row
# (KOI8-R letters read as cp866), a symbol or a no-break space inside a lower-case word (cp866
# read as Windows-1251), a word of the second half of the lower-case alphabet only, which lacks
# four of its vowels (Windows-1251 read as cp866)
_CYR_R = "\u0440-\u044f\u0401\u0451\u0404\u0454\u0407\u0457\u040e\u045e"   # 'р'-'я' and the rarer lower case
_CYR_R_SIGNS = _CYR_R + "\u00b0\u2219\u00b7\u221a\u2116\u00a4\u25a0"             # ... and cp866's signs among them
_CYR_SIGN = "\u00a4\u00a6\u00a7\u00a9\u00ac\u00ad\u00ae"
# (written as one class that every branch opens with, then look-behinds, as _LEGACY_SHAPES: the
# engine tries the branches only at characters that can open one, not at every position)
_CYRILLIC_SHAPES = re.compile(
    f"[\u2500-\u25a0\u0430-\u045f\u0401\u0404\u0407\u040e{_CYR_SIGN}\u00b0\u2219\u00b7\u221a\u2116](?:"
    "(?<=[\u2500-\u25a0])[\u2500-\u25a0]"
    "|(?<=[\u0430-\u045f])[\u00a0\u00a4\u00a6\u00a7\u00a9\u00ac\u00ad\u00ae]"
    "[\u0400-\u045f\u00a0\u00a4\u00a6\u00a7\u00a9\u00ab\u00ac\u00ad\u00ae\u00bb]"
    f"|(?<=[{_CYR_SIGN}])(?<![^\\s\u0400-\u045f\u00a0].)[\u0430-\u045f]"
    f"|(?<=[{_CYR_R_SIGNS}])(?<![\u0400-\u045f].)[{_CYR_R_SIGNS}]{{3,}}(?![\u0400-\u045f])"
    # (... and such a word glued to a number by 'а', which is Windows-1251's no-break space in
    # cp866: 'ыхта148' for 'лев\xa0148'; or ending in a no-break space, which is Windows-1251's
    # 'я' in cp866: 'ьр\xa0' for 'мая')
    f"|(?<=[{_CYR_R}]{{2}}\u0430)(?=[0-9])"
    f"|(?<=[0-9]\u0430)(?=[{_CYR_R}]{{2}})"
    f"|(?<=[{_CYR_R}])(?<![\u0400-\u045f].)[{_CYR_R_SIGNS}]+\u00a0(?![^\\s0-9])"
    ")")
# ... and the rest of cp866's lower case read as Windows-1251, which writes 'а' as 0xA0 and half
# the lower case as Windows-1251's symbols and rarer capitals: a symbol or no-break space between
# letters or symbols of a word ('Ї\xa0бвм', '¬Ґ¤\xadЁЄ'), a capital Ў, Ј, Ґ, Ё, Є, Ї after a
# lower-case letter ('бўҐ¦Ё©'), two of the characters cp866's 'а'-'п' are in Windows-1251 next
# to a letter ('Ґўа®', '\xadЁЈҐа'); and a letter between a digit and three more, where a
# number's no-break space was ('1Ъ234Ъ567').  Each branch opens with the rare character it needs
# (one class the engine scans for fast; the look-behinds then tell them apart)
_S = "\u00a0\u00a4\u00a6\u00a7\u00a9\u00ac\u00ad\u00ae"          # a no-break space and symbols
_X = "\u040e\u045e\u0408\u0490\u0401\u0404\u0407\u00a4\u00a6\u00a7\u00a9\u00ab\u00ac\u00ad\u00ae"
_L = "\u0400-\u045f\u0490\u0491"                                    # Cyrillic letters
_CP866_SHAPES = re.compile(
    f"[{_S}{_X}\u0400-\u040f0-9](?:"
    f"(?<=[{_L}{_S}\u00ab][{_S}])[{_L}{_S}\u00ab]"    # 'Ї\xa0бвм', '¬Ґ¤\xadЁЄ', 'Ї\xa0«\xa0в\xa0'
    f"|(?<=[{_L}]\u00ab)(?=[{_L}])"                    # '«' (cp866's 'л') glued inside a word: 'Ёо«м'
    f"|(?<=[\u0430-\u045f\u0491][\u0400-\u040f\u0490])"   # 'бўҐ¦Ё©'
    f"|(?<=[0-9])[{_L}][0-9]{{3}}"                    # '1Ъ234Ъ567'
    f"|(?<=[{_L}][{_X}])[{_X}]|(?<=[{_X}])[{_X}][{_L}])")   # 'Ґўа®', '\xadЁЈҐа'
FREQ_ROUGH = 4.3     # frequency.rough of CJK runs from which a legacy Han reading is looked for
ROUGH_LEGACY = 0.45   # plausibility.rough of a token above which the model is asked about it


# UTF-8 read as a CJK code page, seen in that code page's bytes: two three-byte characters in a
# row, four two-byte ones (a Cyrillic or Greek word: '褋褉械写邪'), or - in a text holding a loss
# marker - one before the marker ('董�'); and, found in the text, a two-byte one glued inside a
# Latin word ('M眉nchen').
# Clean Chinese, Japanese or Korean almost never encodes to these.
# (each pattern opens with the lead and the continuation byte every branch starts with, which the
# engine checks before it tries a branch: about two in three of a CJK code page's bytes past a
# lead are no continuation; the look-behinds then tell the branches apart)
_THREE_THREE = rb"(?<=[\xe0-\xef].)[\x80-\xbf][\xe0-\xef][\x80-\xbf]{2}"
_TWO_X4 = rb"(?<=[\xc2-\xdf].)(?:[\xc2-\xdf][\x80-\xbf]){3}"
_THREE_LOST = rb"(?<=[\xe0-\xef].)[\x80-\xbf][\xe0-\xef\x80-\xbf]{0,2}\?"
# ... or an emoji (U+1F000-U+1FFFF, four bytes from 0xF0 0x9F): GBK reads its first two bytes as
# '馃', a character no text uses, before any emoji ('馃檰' for '🙆')
_EMOJI = rb"(?<=\xf0\x9f)[\x80-\xbf]{2}"
_CJK_UTF8 = re.compile(rb"[\xc2-\xf0][\x80-\xbf](?:" + _THREE_THREE + rb"|" + _TWO_X4 + rb"|" + _EMOJI + rb")", re.S)
_CJK_UTF8_LOSS = re.compile(rb"[\xc2-\xf0][\x80-\xbf](?:" + _THREE_THREE + rb"|" + _TWO_X4 + rb"|" + _THREE_LOST
                            + rb"|" + _EMOJI + rb")", re.S)
# (GB18030 is the GBK reading of every character UTF-8 bytes can make: its four-byte codes hold
# ASCII digits)
CJK_READER_NAMES = ("gbk-web", "cp950", "cp932", "cp949")
# a UTF-8 lead byte 0xC2-0xDF and a continuation 0xA1-0xBF as cp932 shows them: half-width katakana
HALFWIDTH_PAIR = "[\uff82-\uff9f][\uff61-\uff7f]"
_CJK_GATE_READERS = ("gb18030", "cp950", "cp932", "cp949")
# one character between Latin letters; found in the text, since Big5 and Shift_JIS trail bytes
# include ASCII letters that a bytes pattern would take for text
_GLUED_ONE = re.compile("(?<=[A-Za-z])[^\x00-\x7f](?=[A-Za-z])"
                        # (or a two-byte UTF-8 letter as cp932 shows it, two half-width katakana
                        # glued to a Latin word: 'cafﾃｩ', 'Zﾃｼrich')
                        "|(?<=[A-Za-z])" + HALFWIDTH_PAIR + "|" + HALFWIDTH_PAIR + "(?=[A-Za-z])")


_CP932_PRIVATE_RUN = re.compile("[^\x00-\x7f]*[\uf8f0-\uf8f3][^\x00-\x7f]*")
_HALFWIDTH_OR_UNDEFINED = re.compile("[\uff61-\uff9f\uf8f0-\uf8f3]")
_ASCII_ALNUM = re.compile("[0-9A-Za-z]")


@lru_cache(maxsize=None)
def _encoders(readers: tuple[str, ...]) -> tuple[Callable[[str, str], tuple[bytes, int]], ...]:
    # (the codecs' own encoders: str.encode looks its codec up by name on every call, which
    # costs as much as encoding a short text)
    return tuple(codecs.lookup(r).encode for r in readers)


def cjk_suspect(text: str) -> bool:
    # (a character a code page lacks is encoded as '?' too, so the marker pattern is looked for
    # only in text that has a marker of its own)
    rx = _CJK_UTF8_LOSS if "?" in text or "\ufffd" in text else _CJK_UTF8
    # (GB18030 where the text has no euro sign: its two-byte codes are the web variant's, private
    # use included, and it needs no Python call per character that GBK lacks)
    readers = CJK_READER_NAMES if "\u20ac" in text else _CJK_GATE_READERS
    # (the four readings in one bytes string, apart by a NUL that no pattern crosses: one search)
    joined = b"\0".join([encode(text, "replace")[0] for encode in _encoders(readers)])
    if rx.search(joined):
        return True
    # (the three text patterns below each need an ASCII letter or digit beside what they find:
    # text of none, most clean CJK text, is spared their searches)
    alnum = _ASCII_ALNUM.search(text) is not None
    for m in _GLUED_ONE.finditer(text) if alnum else ():
        for r in readers:
            b = m.group().encode(r, "replace")
            if len(b) == 2 and 0xC2 <= b[0] <= 0xDF and 0x80 <= b[1] <= 0xBF:
                return True
    # a half-width katakana standing alone after a Han character or a half-width lead ('119蠎ｦ',
    # 'ﾂ･99'): cp932's reading of one UTF-8 character (see chains._utf8_cjk); or a private use
    # character cp932 writes for a byte it leaves undefined (0xA0, UTF-8's continuation of many
    # characters: '蠑\uf8f0' for '张'), in a run that is UTF-8 through cp932
    # (both patterns need one of those characters, which a plain scan finds: clean text, which
    # has none, is spared the run pattern's search from every non-ASCII character)
    for found in (LONE_HALFWIDTH, _CP932_PRIVATE_RUN) if _HALFWIDTH_OR_UNDEFINED.search(text) else ():
        for m in found.finditer(text):
            try:
                m.group().encode("cp932").decode("utf-8")
                return True
            except UnicodeError:
                pass
    # a whole text of another script, read through a CJK code page ('褟薪胁.' for 'янв.')
    # (only through a code page whose reading of the whole text is valid UTF-8: no UTF-8 sequence
    # spans an ASCII byte, so that is every run's, and one C decode spares most texts the search)
    if len(text) <= STRAY_MAX:
        # (a reading with a U+FFFD of its own is no other script's text, nor one with a '?' the
        # text lacks: a character the code page lacks, which stray_reading's strict encode
        # refuses - no byte of these code pages' characters is 0x3F, so every '?' byte is the
        # text's or a replacement, and a count in C spares most readings their decode)
        # (a text with a NUL of its own splits into more parts than readings, which then pair
        # with the wrong reader: there the count proves nothing, and only the decode is asked)
        marks = text.count("?") if "\x00" not in text else None
        for r, data in zip(readers, joined.split(b"\0")):
            if (marks is None or data.count(b"?") == marks) and "\ufffd" not in data.decode("utf-8", "replace") \
                    and stray_reading(text, r) is not None:
                return True
    # the one non-ASCII character of a text, a Hangul syllable where a currency sign stands
    # ('짜100'): see chains._utf8_cjk
    alone = ALONE_BEFORE_NUMBER.fullmatch(text) if alnum else None
    if alone is not None:
        for r in readers:
            b = alone.group(1).encode(r, "replace")
            if len(b) == 2 and 0xC2 <= b[0] <= 0xDF and 0x80 <= b[1] <= 0xBF \
                    and unicodedata.category(b.decode("utf-8")) == "Sc":
                return True
    # one rare character beside a number or a Latin word ('25簞C'): see chains._utf8_cjk
    for m in _LONE_BESIDE.finditer(text) if alnum else ():
        if frequency.rare(m.group(), FREQ_RARE_SIGN + 0.5):
            for r in readers:
                b = m.group().encode(r, "replace")
                if len(b) == 2 and 0xC2 <= b[0] <= 0xDF and 0x80 <= b[1] <= 0xBF:
                    return True
    return False


# Japanese writes half-width katakana in runs ('ｶﾀｶﾅ'), never one after a kanji; cp932 shows a
# three-byte UTF-8 character whose last byte is 0xA1-0xDF as a kanji and one ('度' is '蠎ｦ'), and a
# two-byte one as two ('¥' is 'ﾂ･')
LONE_HALFWIDTH = re.compile("(?<![\uff61-\uff9f])(?:[\u4e00-\u9fff]|[\uff82-\uff9f])"
                            "[\uff61-\uff9f](?![\uff61-\uff9f])")
# A character that real text of any CJK writing uses less than once in 10**FREQ_RARE_SIGN, alone
# beside a number or a Latin word, that UTF-8 would read as a sign (°, µ, ², ±, ½, £, §, ©),
# counts as evidence of UTF-8 read as a CJK code page by how much rarer it is ('25簞C' for '25°C'):
# '째' (Korean '-th') and '楼' (a floor) are common and stay
FREQ_RARE_SIGN = 5.5
_LONE_CJK = "\u3400-\u9fff\uac00-\ud7a3"
# text of ASCII but for one Hangul syllable, which stands right before a number and after no
# letter or digit: where a currency sign stands in amounts ('¥100', '£5' in UTF-8, read as cp949
# '짜100').  A syllable alone is no Korean word, and the prefixes Korean puts before numbers
# ('제', '총', '약') are none UTF-8 reads; a Han character alone is one ('楼82' stays)
ALONE_BEFORE_NUMBER = re.compile("[\\x00-\\x7f]*?(?<![0-9A-Za-z])([\\uac00-\\ud7a3])(?=[0-9])[\\x00-\\x7f]*")
_LONE_BESIDE = re.compile(f"(?<![{_LONE_CJK}])[{_LONE_CJK}](?![{_LONE_CJK}])(?:(?<=[0-9A-Za-z].)|(?=[0-9A-Za-z]))")


def quick_look(text: str, legacy: bool = True) -> tuple[list[str], bool, bool]:
    """(code pages UTF-8 evidence is possible under, CJK reading possible, legacy reading
    possible): the cheap scan every text gets.  With ``legacy`` false (a later layer, which
    reads no legacy chain) the third is not looked for and is False."""
    cjk = _CJK_CHARS.search(text) is not None
    return (suspect_readers(text), (cjk or _CJK_READ_CHARS.search(text) is not None) and cjk_suspect(text),
            legacy and (legacy_shaped(text, cjk) or _CYRILLIC_OR_BOX.search(text) is not None
                        and (_CYRILLIC_SHAPES.search(text) is not None or _CP866_SHAPES.search(text) is not None
                             or short_words_only(text))))


# what the Cyrillic shapes are made of, found in one plain scan before the pattern is tried
_CYRILLIC_OR_BOX = re.compile("[\u0400-\u045f\u0490\u0491\u2500-\u25a0]")


def may_show(text: str) -> bool:
    """False when ``text`` cannot show what :func:`quick_look` and the passes before it look for:
    it holds no character any of their patterns opens with (a lead or C1 control of a code page
    UTF-8 is read as, a character of the CJK blocks, a Latin-1 letter or sign, a Shift_JIS lead as
    Windows-1252 shows it, Cyrillic or box drawing, a NUL or a surrogate).  A necessary condition,
    one scan in C: the fast path of clean text in the scripts no code page UTF-8 is read as
    writes (Arabic, Hebrew, Thai, Devanagari, Georgian, Armenian …) and of much punctuation."""
    return _openers().search(text) is not None


@lru_cache(maxsize=None)
def _openers() -> re.Pattern[str]:
    # (every pattern of the first look opens with one character class: their union, each taken
    # from the pattern it stands for, so that a change to one of them keeps this a superset)
    _, table, _, _ = _gate()
    chars = set(table) | {chr(c) for c in range(0x80, 0xA0)}   # suspect_readers' leads and C1 controls
    chars |= _sjis_leads()                                       # legacy_shaped: sjis_pairs
    ranges = [_CJK_READ_CHARS.pattern, _LEGACY_FIRST, _CYRILLIC_OR_BOX.pattern,
              r"\x00", r"[\ud800-\udfff]"]   # (one_pass: UTF-16 read as 8-bit text, surrogates)
    return re.compile("|".join([_cls(chars), *ranges]))


@lru_cache(maxsize=None)
def sjis_pairs() -> re.Pattern[str]:
    """Two Shift_JIS double-byte characters in a row as Windows-1252 shows them: a lead byte
    0x81-0x9F (a typographic mark such as '‚', '“', '–', 'Œ', or a C1 control) glued to a trail
    byte (0x40-0x7E, 0x80-0xFC).  Kana and the common kanji all have such leads ('‚±‚ñ' for
    'こん', '“ú–{' for '日本'); real writing puts those marks at the edges of words, not every
    other character."""
    trails = {_shown(b) for b in (*range(0x40, 0x7F), *range(0x80, 0xFD))}
    return re.compile(f"(?:{_cls(_sjis_leads())}{_cls(trails)}){{2}}")


def _shown(b: int) -> str:   # (Windows shows the five bytes cp1252 leaves undefined as C1 controls)
    return bytes([b]).decode("cp1252", "ignore") or chr(b)


@lru_cache(maxsize=None)
def _sjis_leads() -> frozenset[str]:
    return frozenset(_shown(b) for b in range(0x81, 0xA0))


def legacy_shaped(text: str, cjk: bool | None = None) -> bool:
    """Whether ``text`` looks like legacy-to-legacy mojibake to the per-character model."""
    if _LEGACY_SHAPES.search(text) or sjis_pairs().search(text):
        return True
    if cjk is None:
        cjk = _CJK_CHARS.search(text) is not None
    # (runs of CJK characters, bopomofo, private use, full-width forms and box drawing: the
    # symbols and emoji around them say nothing of a CJK reading)
    if not cjk:
        return False
    runs = " ".join(_CJK_RUNS.findall(text))
    # (or of rare characters by real frequency: a garbled name drawn from a code page's common
    # block is made of characters the blocks call common)
    return plausibility.rough(runs) >= ROUGH_LEGACY or frequency.rare(runs, FREQ_ROUGH) or kana_impossible(runs)


_CJK_RUNS = re.compile("[\u2500-\u257f\u2e80-\ud7ff\ue000-\uffef]+")


_CYR_WORDS = re.compile("[\u0400-\u045f\u0490\u0491]{2,}")


def cyrillic_surprise(text: str, words: re.Pattern[str] = _CYR_WORDS) -> tuple[float, int]:
    """Mean surprise (log10 of one over the frequency) of the Cyrillic letter pairs of ``text``,
    and how many pairs there are.  Real words of Russian, Ukrainian, Bulgarian, Serbian and
    Macedonian score about 2.3-2.8; letters in orders no language writes, 3.5 and more."""
    total, n = 0.0, 0
    for w in words.findall(text):
        w = "^" + w.lower() + "$"
        for k in range(len(w) - 1):
            total += _SURPRISE[w[k:k + 2]]
        n += len(w) - 1
    return (total / n if n else 0.0), n


class _Surprise(dict[str, float]):
    """letter pair -> its surprise, worked out on first sight (every legacy reading of a text
    asks about the same pairs); cleared past a bound, so memory stays bounded."""

    def __missing__(self, pair: str) -> float:
        from .letter_pairs import PPM

        if len(self) > 65536:
            self.clear()
        v = self[pair] = math.log10(1e6 / PPM.get(pair, 0.5))
        return v


_SURPRISE = _Surprise()


# --- one Cyrillic code page read as another: the letter pairs of a reading against the input's --

_GLUED_CHAR = 4.0   # log10 of how rare a character that is no letter is inside a word
# punctuation that stands at the edges of words in real writing: a word ends there
_WORD_EDGE = frozenset("«»„“”‘’‚\"'–—-…()[]{}.,:;!?/²³")   # (and units: 'м²')
_READ_RUN = re.compile(r"[^\x00-\x7f\s]+")


def _cyrillic_letter(ch: str) -> bool:
    return ("\u0400" <= ch <= "\u045f" or ch in "\u0490\u0491") and ch.isalpha()


# the characters _cyrillic_letter accepts, for asking about a whole string at once (in C)
CYRILLIC_LETTERS = frozenset(c for c in map(chr, (*range(0x400, 0x460), 0x490, 0x491)) if c.isalpha())


class _PairClass(dict[str, "str | None"]):
    """character -> what :func:`pair_surprise` reads it as: '$' where a word ends (word
    punctuation, ASCII), the letter in lower case (Cyrillic), None (anything else, glued);
    filled on first sight, cleared past a bound."""

    def __missing__(self, ch: str) -> str | None:
        if len(self) > 65536:
            self.clear()
        v = self[ch] = "$" if ch in _WORD_EDGE or ch.isascii() else ch.lower() if _cyrillic_letter(ch) else None
        return v


_PAIR_CLASS = _PairClass()


BACKOFF = 4.0   # how far a context's letter triples defer to the pairs, per kind of letter seen after it


class _NextLetter(dict[str, float]):
    """-log10 P(c | a b) of a letter after two others ('^' before a word's first letter, '$' after
    its last): the letter triples of real words (.cyrillic_words.TRIPLES) backed off to the pairs
    (.cyrillic_words.PPM) by Witten and Bell's rule (a context seen with many different letters
    after it leaves more to the pairs; ``BACKOFF`` times what the rule says, since the table of
    triples leaves out those seen once; set on the tuning set's clean texts in capitals), the
    pairs lightly smoothed (a pair the table lacks counts as a tenth of one seen once).  Worked
    out per triple on first sight; cleared past a bound."""

    def __init__(self) -> None:
        from .cyrillic_words import PPM, TRIPLES

        super().__init__()
        smooth = 1.0   # parts per million, about a tenth of one occurrence in the table
        after: dict[str, float] = {}
        for p, n in PPM.items():
            after[p[0]] = after.get(p[0], 0.0) + n
        vocab = len({p[1] for p in PPM})
        self._pair = {p: (n + smooth) / (after[p[0]] + smooth * vocab) for p, n in PPM.items()}
        self._unseen = {a: smooth / (total + smooth * vocab) for a, total in after.items()}
        self._triples = TRIPLES
        self._context: dict[str, tuple[int, int]] = {}   # 'ab' -> (triples seen after it, how many kinds)
        for t, n in TRIPLES.items():
            seen, kinds = self._context.get(t[:2], (0, 0))
            self._context[t[:2]] = (seen + n, kinds + 1)

    def __missing__(self, triple: str) -> float:
        if len(self) > 65536:
            self.clear()
        p = self._pair.get(triple[1:], self._unseen.get(triple[1], 10 ** -_GLUED_CHAR))
        seen, kinds = self._context.get(triple[:2], (0, 0))
        if seen:
            p = (self._triples.get(triple, 0) + BACKOFF * kinds * p) / (seen + BACKOFF * kinds)
        v = self[triple] = -math.log10(p)
        return v


@lru_cache(maxsize=None)
def _next_letter() -> _NextLetter:
    return _NextLetter()


def pair_surprise(token: str) -> tuple[float, int]:
    """Surprise (-log10 of the probability under a letter-triple Markov model of real words,
    :class:`_NextLetter`) of one token, and how many steps it took.  Word punctuation ends a word
    ('«денисов»' is '^денисов$'); any other character (box drawing, a symbol, a no-break space)
    glued to letters is a step of probability 10**-4, so that '╚ДЕМХЯНБ╩' and '¬Ґ¤\\xadЁЄ' count as
    the strings no language writes that they are.  A word of letters alone is judged as a whole
    too (:func:`_word_cost`)."""
    from .cyrillic_words import SHORT as short

    cost = _next_letter()
    total, n = 0.0, 0
    # a sign written beside a word of letters ('бок™', '©\xa02022', 'май® 821') stands where the
    # word ends: uncommon, no character glued inside a word (box drawing there is: 'ЛЮИ╝' is no
    # writing, nor is 'зг©Є®')
    core = token.lstrip(_SIGNS_BEFORE).rstrip(_SIGNS_AFTER)
    if core != token and core and CYRILLIC_LETTERS.issuperset(core):
        total, n = SIGN_BESIDE_WORD * (len(token) - len(core)), len(token) - len(core)
        token = core
    prev2: str | None = "^"
    prev: str | None = "^"
    word = ""          # the letters of the word so far, while it is made of letters alone
    word_cost = 0.0    # ... and what its letters cost
    for cur in map(_PAIR_CLASS.__getitem__, token + "$"):
        if not (prev == "^" and cur == "$"):
            if prev is None or cur is None:
                step = _GLUED_CHAR
                word = ""
            else:
                # (after a glued character a letter has one letter of context: the pairs judge)
                step = cost[(prev2 or "$") + prev + cur]
                if prev == "^":
                    word, word_cost = "", 0.0
                if cur != "$" and (prev == "^" or word):
                    word += cur
                word_cost += step
            total += step
            n += 1
            if cur == "$" and word:
                total += _word_cost(word, word_cost, len(word) <= short) - word_cost
        prev2, prev = ("^", "^") if cur == "$" else (prev, cur)
    return total, n


_SIGNS_AFTER = "™®"    # signs written after a word, glued to it (see pair_surprise) ...
_SIGNS_BEFORE = "©№"   # ... and before one
SIGN_BESIDE_WORD = 2.0   # -log10 of how often a word has one of them at its side


KNOWN_SHARE = 0.9   # the share of short words in running text that the word table holds
KNOWN_SHARE_LONG = 0.7   # ... and of longer words (names and rarer words are many more of them)


def _word_cost(word: str, letters: float, short: bool = True) -> float:
    """-log10 of the probability of a word: the word table's (how often the word is used,
    .cyrillic_words.ZIPF) mixed with the letter model's (``letters``, its cost there) for the words
    the table lacks.  The letters of a short word (.cyrillic_words.SHORT letters or fewer) say
    little, whether it is a word says much: 'янв' is one, 'ЪМБ' (the same bytes read through
    KOI8-R) is none, and 'ДТП' is one too (the word lists are lower case, abbreviations included).
    A longer word's letters say more, and a swapped alphabet still spells some in orders words
    use ('ВЕРБЕПЦ', Windows-1251's 'четверг' read as KOI8-R, is 'вербепц' to the letter model):
    that the reading is a word the languages use tells the two apart."""
    from .cyrillic_words import ZIPF

    share = KNOWN_SHARE if short else KNOWN_SHARE_LONG
    p = (1 - share) * 10 ** -letters
    z = ZIPF.get(word)
    if z is not None:
        p += share * 10 ** (z - 9)
    return -math.log10(p)


def reading_gain(old: str, new: str, old_surprise: dict[tuple[int, int], tuple[float, int]] | None = None
                 ) -> tuple[float, int, list[float]]:
    """How much more ordinary (log10 of the likelihood ratio) the letter pairs of ``new`` are than
    those of ``old``, a reading of it character for character (one single-byte code page read as
    another); with the number of pairs and the gain of each token but abbreviations.  The tokens
    are ``new``'s runs of non-ASCII characters, so a no-break space that the reading turns into a
    letter ('а' in cp866 is 0xA0) is judged inside its word, and only tokens in which the reading writes a
    letter are judged.  Positive: the reading is the likelier text.  ``old_surprise`` keeps the
    surprise of ``old``'s tokens for the next reading of the same ``old``."""
    gains: list[float] = []
    total, pairs = 0.0, 0
    # runs of box drawing alone are drawing ('┤┘┴└├┌┬┐' a spinner's frames, '╔═╤╗' a corner),
    # whatever letters a reading makes of them, unless those letters, all runs together, make
    # words (KOI8-R's lower case read as cp866 is box drawing and nothing else: '╦┴╦' for 'как')
    box = [m.span() for m in _READ_RUN.finditer(new) if _BOX_ONLY.fullmatch(old[m.start():m.end()])]
    drawing = bool(box) and not spells_words([new[a:b] for a, b in box])
    # short words in capitals ('ЧТПЗ', 'МГУ') are abbreviations, which spell no word: alone they
    # are no evidence, beside longer words they follow them ('ОПХ' in 'НЬХАЙЮ ОПХ ЯКХЪМХХ')
    only_short = _only_short(old, new)
    known = only_short and abbreviations_known(old, new)
    for m in _READ_RUN.finditer(new):
        a, b = m.span()
        if b - a < 2 or CYRILLIC_LETTERS.isdisjoint(m.group()):
            # a symbol the reading writes on its own ('±25', '24°', '©') or one character between
            # others ('║' between columns): no word to judge
            continue
        if len(set(old[a:b])) == 1 or drawing and _BOX_ONLY.fullmatch(old[a:b]) or \
                only_short and _ABBREVIATION.fullmatch(old[a:b]) and not known:
            # one character repeated ('╬╬╬', 'ннн') is no evidence on its own, nor is drawing,
            # nor abbreviations alone unless the reading makes a word of one that is none
            # ('ЪМБ' is 'янв', 'ДТП' stays): all follow the reading the rest of the text shows
            # ('ООО «Ромашка»')
            continue
        if old_surprise is None:
            s_old, n_old = pair_surprise(_number_space_cut(old, a, b))
        else:
            if (a, b) not in old_surprise:
                old_surprise[a, b] = pair_surprise(_number_space_cut(old, a, b))
            s_old, n_old = old_surprise[a, b]
        s_new, n_new = pair_surprise(new[a:b])
        if not _ABBREVIATION.fullmatch(old[a:b]):
            # (the letters of an abbreviation say little either way: beside longer words it
            # follows them, and its own loss does not veto the reading, 'ГАРБ' for 'цюпа')
            gains.append(s_old - s_new)
        total += s_old - s_new
        pairs += max(n_old, n_new)
    # a letter or box drawing glued to a digit or a Latin letter where the reading writes what
    # stands by numbers, a no-break space ('1Ъ234Ъ567' for '1 234 567', '50яtry' for '50 try') or
    # a sign ('52яшc' for '52 °c'): each side glued counts as a glued character
    for m in _NUMBER_MARKS.finditer(new):
        k = m.start()
        if _cyrillic_letter(old[k]) or "\u2500" <= old[k] <= "\u25a0":
            glued = sum(1 for j in (k - 1, k + 1) if 0 <= j < len(old) and old[j].isascii() and old[j].isalnum())
            total += _GLUED_CHAR * glued
            pairs += glued
    return total, pairs, gains


KNOWN_ZIPF = 3.5   # Zipf from which a word counts as one the languages use (see words_known)
KNOWN_LONG = 5     # letters of the longest word from which the test says anything


def words_known(old: str, new: str) -> bool:
    """Whether every Cyrillic word ``new`` writes is a word of the table used at least once in
    3 million words (``KNOWN_ZIPF``) where the word of ``old`` it reads is no word of the table,
    one of them ``KNOWN_LONG`` letters or more (a short string reads as a short word by chance:
    those are judged as abbreviations, see :func:`abbreviations_known`)."""
    from .cyrillic_words import ZIPF

    words = [(m.group().lower(), old[m.start():m.end()].lower()) for m in _CYR_WORDS.finditer(new)]
    return (any(len(w) >= KNOWN_LONG for w, _ in words)
            and all(ZIPF.get(w, 0.0) >= KNOWN_ZIPF and was not in ZIPF for w, was in words))


def lone_letters(old: str, new: str) -> float:
    """How much less likely (log10, at most 0) the one-letter words of ``new`` that languages
    hardly ever write alone ('ъ', 'ы', 'ь', 'щ'; ``LONE_RARE``) are than the letters they stand
    for in ``old`` (:func:`reading_gain` judges no token of one character)."""
    total = 0.0
    for m in _LONE_LETTER.finditer(new):
        k = m.start()
        if _cyrillic_letter(old[k]):
            s_new = pair_surprise(m.group())[0]
            if s_new >= LONE_RARE:
                total += min(0.0, pair_surprise(old[k])[0] - s_new)
            # a lower-case word of one letter ('и', 'в', 'с') written as a capital that is no
            # initial (no point after it) and starts no sentence: how a clean text of capitals and
            # conjunctions reads through the code page that swaps the cases ('ЖБИ и ЖБИ' is no
            # 'фах Х фах'); garbled lower case shows the reverse
            if old[k].islower() and m.group().isupper() and new[m.end():m.end() + 1] != "." \
                    and re.search(r"[\w,;:]\s*$", new[:k]):
                total -= LONE_CAPITAL
    return total


LONE_RARE = 4.4   # the surprise of a letter alone from which it is one that hardly stands alone
LONE_CAPITAL = 3.0  # what a lone capital inside a sentence costs where the input had the lower-case letter


_LONE_LETTER = re.compile(r"(?<![^\x00-\x7f\s])[\u0400-\u045f\u0490\u0491](?![^\x00-\x7f\s])")


def _number_space_cut(old: str, a: int, b: int) -> str:
    """``old[a:b]``, a token the reading writes, less a no-break space at either end that stands
    by a digit outside it: the space of a number ('КХАН\xa0462', '№\xa05'), no character glued to
    the word (a reading that writes a letter there, 'либољ462', explains nothing)."""
    if b < len(old) and old[b].isdigit() and old[b - 1] in _NUMBER_SPACES:
        b -= 1
    if a > 0 and old[a - 1].isdigit() and a < b and old[a] in _NUMBER_SPACES:
        a += 1
    return old[a:b]


_NUMBER_SPACES = frozenset("\u00a0\u202f")


def _only_short(old: str, new: str) -> bool:
    """Whether every token of ``old`` holding a Cyrillic letter that ``new`` reads is a short word
    in capitals (an abbreviation's shape)."""
    return all(_ABBREVIATION.fullmatch(old[m.start():m.end()]) for m in _READ_RUN.finditer(new)
               if not CYRILLIC_LETTERS.isdisjoint(old[m.start():m.end()]))


def abbreviations_known(old: str, new: str) -> bool:
    """Whether ``new`` reads the short words in capitals of ``old`` (one character repeated
    aside) as words more likely than abbreviations (:func:`_reading_odds`), by ``CLEAN_ODDS``
    each on average.  A short string of capitals reads as some short word by chance often enough
    ('ДПО' is 'дон'), and counting that one while passing over the others ('ФГБУ ДПО' is 'тцас
    дон') would pick the evidence the reading likes: every one counts, those the reading makes
    less likely against it.  But a word or two of a sentence may fall short where the rest read
    as words plainly ('МЕ ЛНФЕ ДЮ ЯЕ ВЕРЕ НР' is 'не може да се чете от': 'МЕ' is a word too, and
    'чете' on its own hardly likelier than 'ВЕРЕ'), so it is the mean that must reach the bar."""
    odds = [_reading_odds(old[m.start():m.end()], m.group(), _cut_short(old, m.start(), m.end()))
            for m in _READ_RUN.finditer(new)
            if _ABBREVIATION.fullmatch(old[m.start():m.end()]) and len(set(old[m.start():m.end()])) > 1]
    return not odds or sum(odds) >= CLEAN_ODDS * len(odds)


def _reading_odds(old: str, new: str, cut: bool = False) -> float:
    """log10 odds of the reading of a short word in capitals against the word as it stands: a
    word the word table knows where the word itself is none, likelier than the word as an
    abbreviation (:func:`abbreviation_odds`, :func:`word_odds`; ``cut``: a full stop follows
    it, see :func:`_cut_short`).  A reading in capitals that the table does not hold, or of a
    word it holds, is one abbreviation for another: no odds for it (``-CLEAN_ODDS``)."""
    bonus = CUT_SHORT if cut else 0.0
    if new.isupper():
        from .cyrillic_words import ZIPF

        if new.lower() not in ZIPF or old.lower() in ZIPF:
            return -CLEAN_ODDS
        return abbreviation_odds(old, new) + bonus
    return word_odds(old, new) + bonus


CUT_SHORT = 1.0   # log10 odds a full stop that ends no sentence gives a short reading over an abbreviation


def _cut_short(text: str, a: int, b: int) -> bool:
    """Whether the word ``text[a:b]`` is followed by a full stop that ends no sentence (more text
    follows it, or the word is the whole text).  The languages write a word cut short with a full
    stop ('янв.', 'дек.', 'г.', 'ул.') and an abbreviation of capitals without one ('ДТП', 'МГУ'),
    and lower-case text read between Windows-1251 and KOI8-R is all capitals: 'ЪМБ.' and
    '31 ДЕЙ. 1999' are months cut short more likely than abbreviations ending a sentence."""
    if text[b:b + 1] != ".":
        return False
    return bool(text[b + 1:].strip()) or not text[:a].strip()


def word_odds(old: str, new: str) -> float:
    """log10 of how much likelier ``new``, the lower-case reading of a short word in capitals, is
    as a word (:func:`pair_surprise`: the word table and the letter model) than ``old`` is either as
    an abbreviation (see :func:`abbreviation_odds`) or as a word in capitals."""
    initials = _initials()
    mine = sum((initials.get(c, initials[""]) for c in old.lower()), 0.0)
    p_old = 10 ** -(ABBREVIATION_SHARE + mine) + 10 ** -pair_surprise(old.lower())[0]
    return -pair_surprise(new.lower())[0] - math.log10(p_old)


ABBREVIATION_SHARE = 2.0   # -log10 of the share of the words of running text that are abbreviations
CLEAN_ODDS = 2.5           # log10 odds a short reading must show against clean text (garbled text is rare)


def abbreviation_odds(old: str, new: str) -> float:
    """log10 of how much likelier ``new``, the reading of a short word in capitals, is as a word
    of the table than ``old`` is as an abbreviation the table lacks.  An abbreviation is made of
    words' first letters ('ФЛП', 'МСКС' spell no word and need not), so its letters are judged as
    initials: common ones ('П', 'С', 'К') make a likely abbreviation, letters that start almost
    no word ('Ъ', 'Ы', 'Ь', 'Й') an unlikely one ('ЪМБ' is KOI8-R's reading of Windows-1251
    'янв').  A word that reads as some word of the table by chance is no evidence unless the word
    is common and the abbreviation unlikely.  A reading in capitals too ('ЧЭР' read as 'ЗНА') is
    one abbreviation for another, judged by the initials of both."""
    from .cyrillic_words import ZIPF

    initials = _initials()
    # (summed from 0.0: mypyc types a sum started at the int 0 as an int)
    mine = sum((initials.get(c, initials[""]) for c in old.lower()), 0.0)
    if new.isupper():
        return mine - sum((initials.get(c, initials[""]) for c in new.lower()), 0.0)
    return ZIPF.get(new.lower(), 0.0) - 9.0 + ABBREVIATION_SHARE + mine


@lru_cache(maxsize=None)
def _initials() -> dict[str, float]:
    """-log10 of the share of the table's words that start with each letter ('' for a letter that
    starts none: half a word's share)."""
    from .cyrillic_words import TRIPLES

    counts = {k[2]: v for k, v in TRIPLES.items() if k.startswith("^^")}
    total = sum(counts.values())
    out = {c: -math.log10(v / total) for c, v in counts.items()}
    out[""] = -math.log10(0.5 / total)
    return out


_BOX_ONLY = re.compile("[\u2500-\u25a0]+")   # box drawing, blocks and the square cp866 ends with
WORDS_SURPRISE = 2.9   # mean letter-pair surprise above which letters spell no words (see cyrillic_surprise)
# ... and the mean surprise a step under the letter-triple word model (pair_surprise), set on the
# tuning set (bench/cyrillic_readings.py prints how many words and random runs each lets through)
WORDS_STEP_SURPRISE = 1.7


def spells_words(tokens: list[str]) -> bool:
    """Whether the letters a reading makes of box drawing and blocks spell words: under the older
    pair table (``WORDS_SURPRISE``) or under the word model (``WORDS_STEP_SURPRISE``).  The word
    model knows many words the older table, made from Faker's text alone, finds letter soup
    ('гърция' for Greece in Bulgarian, read from a run with a block in it), and the older table
    a few foreign names the word model finds rare; a run neither finds words in is drawing."""
    return cyrillic_surprise(" ".join(tokens))[0] <= WORDS_SURPRISE or _mean_surprise(tokens) <= WORDS_STEP_SURPRISE


def _mean_surprise(tokens: list[str]) -> float:
    """Mean :func:`pair_surprise` a step over ``tokens``."""
    total, n = 0.0, 0
    for t in tokens:
        s, k = pair_surprise(t)
        total, n = total + s, n + k
    return total / n if n else 0.0


_ABBREVIATION = re.compile("[\u0400-\u042f]{2,4}")
_NUMBER_MARKS = re.compile("[\u00a0\u202f\u00b0\u00b1\u00b5\u2116]")


# --- a text of short words alone: whether each reads as a common word -----------------------

COMMON_SHORT = 4.0   # Zipf (log10 of uses per billion words) from which a short word is a common one


# text whose non-ASCII characters stand in runs of two or three: a short word or a few
_SHORT_RUNS = re.compile("[\\x00-\\x7f]*(?:[^\\x00-\\x7f]{2,3}(?:[\\x00-\\x7f]+|\\Z))+")


def short_words_only(text: str) -> bool:
    """Whether every run of non-ASCII characters in ``text`` is two or three long, holds a
    Cyrillic letter and no box drawing, and is no word in lower case or capitalised: the shape a
    text of short lower-case words leaves through Windows-1251 and KOI8-R read as each other
    (capitals: 'ЛЮИ' for 'май') or cp866 read as Windows-1251 (signs among the letters:
    '¬Ё\\xad' for 'мин'), which :func:`common_short_words` judges.  A short word of letters in an
    ordinary case is any Cyrillic language's own (the word table holds five of them), and box
    drawing that short is drawing as often as words.  (A letter alone, '5 ЪМБ. 2024 Ц.', is left
    to the rules of longer text: beside it a few capitals read as words by chance, 'ЧП и ЧП' is
    no 'во х во'.)"""
    if len(text) > 64 or _SHORT_RUNS.fullmatch(text) is None:
        return False
    return all(not CYRILLIC_LETTERS.isdisjoint(r) and _BOX_CHAR.search(r) is None
               and not (CYRILLIC_LETTERS.issuperset(r) and (r.islower() or r.istitle()))
               for r in _NON_ASCII_RUN.findall(text))


_BOX_CHAR = re.compile("[\u2500-\u25a0]")


def common_short_words(old: str, new: str) -> bool:
    """Whether a reading of a text whose Cyrillic words are all short (see
    :func:`short_words_only`: 'ЛЮИ', 'ЛШ ДЮ', '10 ЙЛ') writes a common word of each, where the
    input's is no word of the table.  The letters of so short a word say too little for
    :func:`reading_gain`, and a word in capitals could be an abbreviation ('МГУ'); but the word
    table holds abbreviations too, and a token it lacks whose reading is a common word of the
    languages ('ЛЮИ' for 'май', KOI8-R read as Windows-1251) is a program's reading far more
    often than an abbreviation no text uses.  Every word must show
    it (a whole text is read one way), written in lower case or capitalised as real text is; one
    character repeated ('ННН') is no word to judge.  (Four letters give the letter model enough
    to judge on its own.)"""
    from .cyrillic_words import ZIPF

    found = False
    for m in _NON_ASCII_RUN.finditer(old):
        a, b = m.span()
        was, token = m.group(), new[a:b]
        if len(set(was)) == 1 or not (token.islower() or token.istitle()) \
                or not CYRILLIC_LETTERS.issuperset(token) or was.lower() in ZIPF \
                or ZIPF.get(token.lower(), 0.0) < COMMON_SHORT \
                or was.isupper() and abbreviation_odds(was, token) + CUT_SHORT * _cut_short(old, a, b) < CLEAN_ODDS:
            return False
        found = True
    return found


_NON_ASCII_RUN = re.compile("[^\\x00-\\x7f]+")


# --- a whole text of another script, read through a CJK code page ------------------------------
# UTF-8 writes Latin, Greek and Cyrillic letters and the signs of numbers with two bytes (0xC2-0xDF
# and a continuation), which GBK, Big5 and EUC-KR read as one Han character or Hangul syllable,
# Shift_JIS as two half-width katakana: 'été' is '茅t茅', 'янв.' is '褟薪胁.', '465°C' is '465掳C'
# (and '465째C' through cp949).  One such character alone is weak evidence: real CJK text puts Han
# beside numbers and Latin words.  But a text whose CJK characters *all* read back as the letters and
# signs of another script, strictly, leaving no CJK behind, in words of one script and case and
# signs where writing puts them, is that script's text: clean CJK text almost never encodes to such
# UTF-8 at all (its characters' bytes must fall in the few rows that make UTF-8 lead and
# continuation bytes), let alone to words and signs in their places.
STRAY_MAX = 256        # characters of a text judged so: short texts, which show little else
CYR_WORD_COST = 8.0    # pair_surprise of a Cyrillic word read back, at most (real words 1.5-8; 3 random letters pass 1 in 5)
CYR_SHORT_COST = 6.0   # ... and of one of two letters (a word of the table: 'пн', 'вт')
_CURRENCY = frozenset("¥£¢€$")
_SIGNS_BEFORE_NUMBER = frozenset("§±©#№")
_SIGNS_AFTER_NUMBER = frozenset("°×½¼¾‰℃℉Ω")   # (NFC writes the ohm sign as the Greek capital omega)
_SIGNS_AFTER_WORD = frozenset("®©™²³¹…")
_UNIT_PREFIX = frozenset("°µμ")   # glued before a unit's letters ('°C', 'µg')
_QUOTES_OPEN = frozenset("«„“‘‹¿¡")
_QUOTES_CLOSE = frozenset("»“”’›")
_DASHES = frozenset("–—·")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# an amount of money, not a count: grouped thousands or decimals ('39,397.19', '1.331,50', '78,81')
_COUNTRY_BEFORE = re.compile("(?<![0-9A-Za-z])[A-Z]{1,2}\\Z")   # a country's code before a currency sign
_AMOUNT_AFTER = re.compile(r"[0-9]{1,3}(?:[,.\u00a0\u202f][0-9]{3})*[.,][0-9]{2}(?![0-9])|[0-9]{1,3}(?:[,.][0-9]{3})+(?![0-9])")
_AMOUNT_BEFORE = re.compile(r"(?<![0-9])[0-9]+(?:[,.\u00a0\u202f][0-9]{3})*[.,][0-9]{2}[ \u00a0]?\Z")


def sign_in_place(new: str, k: int) -> bool:
    """Whether the sign ``new[k]`` stands where writing puts it: a currency sign before or after an
    amount (a count has no decimals: '楼82' is a floor, not '¥82'), a copyright sign before a
    year, a degree or multiplication sign after a number, a unit's sign before its letters
    ('°C', 'µg'), a trade mark after a word, quotes around words, a no-break space inside the text."""
    ch = new[k]
    prev = new[k - 1] if k else " "
    nxt = new[k + 1] if k + 1 < len(new) else " "
    after = new[k + 2] if k + 2 < len(new) else " "
    if ch in _CURRENCY:
        # (after no letter or digit, or after a country's capitals: 'JP¥1,235', 'US$', 'R$')
        return (not prev.isalnum() or _COUNTRY_BEFORE.search(new, 0, k) is not None) \
            and _AMOUNT_AFTER.match(new, k + 1) is not None \
            or not nxt.isalnum() and _AMOUNT_BEFORE.search(new, 0, k) is not None
    if ch in _SIGNS_BEFORE_NUMBER and not prev.isalnum() and (nxt.isdigit() or nxt == " " and after.isdigit()):
        return True
    if ch in _SIGNS_AFTER_NUMBER and (prev.isdigit() or prev == " " and k > 1 and new[k - 2].isdigit()):
        return nxt in " \u00a0.,;:)/" or nxt.isascii() and nxt.isalpha() and ch == "°" or nxt.isdigit() and ch == "×"
    if ch in _UNIT_PREFIX and nxt.isascii() and nxt.isalpha() and not (prev.isascii() and prev.isalpha()):
        return True
    if ch in _SIGNS_AFTER_WORD and (prev.isalnum() or prev in ".)") and not nxt.isalnum():   # ('Inc.®')
        return True
    if ch in _QUOTES_OPEN:
        return not prev.isalnum() and nxt.isalnum()
    if ch in _QUOTES_CLOSE:
        return (prev.isalnum() or prev in ".!?") and not nxt.isalnum()
    if ch in _DASHES:
        return prev == " " and nxt == " "
    if ch in "\u00a0\u202f":   # a no-break space inside the text beside a number or between words
        return 0 < k < len(new) - 1 and prev not in " \u00a0" and nxt not in " \u00a0" \
            and (prev.isdigit() or nxt.isdigit() or prev.isalpha() and nxt.isalpha())
    return False


def _word_ok(word: str) -> bool:
    """Whether letters a reading wrote make a word of one script, in a case writing uses."""
    scripts = {_script(ch) for ch in word}
    if len(scripts) != 1 or any(rare_char(ch) for ch in word):
        return False
    if not (word.islower() or word.isupper() or word[0].isupper() and word[1:].islower()):
        return False
    script = scripts.pop()
    if len(word) < 2:
        return False   # a letter alone is any text's ('克' is 'к' through GBK)
    if script in ("Cyrillic", "Greek") and len(set(word)) == 1:
        return False   # CJK repeats a character ('谢谢' is 'лл' through GBK); words seldom do
    if script == "Cyrillic":
        if len(word) < 3:
            # (two letters say too little: the word table must hold them, 'пн', 'вт')
            from .cyrillic_words import ZIPF
            return word.lower() in ZIPF and pair_surprise(word.lower())[0] <= CYR_SHORT_COST
        return pair_surprise(word.lower())[0] <= CYR_WORD_COST
    if script == "Greek":
        # Greek is written in the letters of the modern alphabet; the rest of the block (archaic
        # letters, Coptic, the lunate sigma symbols of numerals) is no word's ('位图' through GBK
        # is 'λͼ')
        return _MODERN_GREEK.fullmatch(word) is not None
    # the Latin alphabets write most of their letters in ASCII: a word of two or more letters none
    # of which is ASCII is hardly any language's ('체크' through cp949 is 'üũ'), while two CJK
    # characters read back as two two-byte letters make one every time
    return script == "Latin" and any(ch.isascii() for ch in word)


_MODERN_GREEK = re.compile("[\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03ce]+")


_DECIMALS_BEFORE = re.compile("[0-9][.,][0-9]+[ \u00a0]?\\Z")   # an amount with decimals right before
_UNIT_LETTERS = re.compile("[A-Za-z]{1,3}(?![A-Za-z])")   # a unit's letters ('g', 'm', 'mol')
EDGE_RARE = 4.5      # frequency.best_surprise a character needs to read as a letter at a Latin word's edge ...
AFTER_NUMBER_RARE = 4.0   # ... or as a sign after a bare number


@lru_cache(maxsize=256)
def stray_reading(text: str, reader: str) -> str | None:
    """``text`` read back as UTF-8 through ``reader`` where all of it is text of another script:
    strictly, with every ASCII character kept, no CJK character left, every word holding a letter
    the reading wrote a word of one script and case (Cyrillic in letter orders words use), and
    every sign it wrote in a sign's place (see :func:`sign_in_place`).  Else None.

    Two places are where CJK text itself puts a character, and there only a character real CJK
    writing rarely uses counts: at the edge of a Latin word (Chinese glues Han to Latin words:
    '没app' is no 'ûapp', while '脰sterreich' is 'Österreich') and after a bare number (a
    counter: '3째' is Korean '3rd', not '3°'; '465掳C' has its unit)."""
    if len(text) > STRAY_MAX:
        return None
    parts: list[str] = []
    pieces: list[tuple[int, int, str]] = []   # (start, end) in the reading, and the run it came from
    pos = at = 0
    for m in _NON_ASCII_RUN.finditer(text):
        try:
            piece = m.group().encode(reader).decode("utf-8")
        except (UnicodeError, LookupError):
            return None
        if any(cjk_like(ch) or ch.isascii() for ch in piece):
            return None   # (CJK left behind, or ASCII the text did not hold: a Big5 trail byte)
        parts.append(text[pos:m.start()])
        at += m.start() - pos
        pieces.append((at, at + len(piece), m.group()))
        parts.append(piece)
        at += len(piece)
        pos = m.end()
    parts.append(text[pos:])
    new = "".join(parts)
    if new == text:
        return None
    for m in _LETTER_RUN.finditer(new):
        word = m.group()
        if word[0] in _UNIT_PREFIX and word[1:].isascii():
            continue   # a unit ('µg'): the micro sign is a letter to Unicode
        if word in _SIGNS_AFTER_NUMBER:
            continue   # the ohm's omega, a letter to Unicode: judged as the sign it is below
        if not word.isascii() and not _word_ok(word):
            return None
    for a, b, run in pieces:
        piece = new[a:b]
        prev = new[a - 1] if a else " "
        nxt = new[b] if b < len(new) else " "
        decimals = _DECIMALS_BEFORE.search(new, 0, a) is not None
        if len(piece) == 1 and piece in _UNIT_PREFIX and decimals and _UNIT_LETTERS.match(new, b):
            # a unit's sign between an amount and the unit's letters ('144.52 關g' through cp949
            # is '144.52 μg', the Greek mu NFKC writes for the micro sign): no Latin word CJK text glues a character to
            common = 0.0
        elif len(piece) == 1 and _letter(piece) and piece not in _SIGNS_AFTER_NUMBER \
                and (prev.isascii() and prev.isalpha()) != (nxt.isascii() and nxt.isalpha()):
            common = EDGE_RARE   # one letter at a Latin word's edge
        elif piece == "Ω":
            if not decimals:
                return None   # (a Greek capital alone is any text's letter but after an amount)
            common = 0.0
        elif len(piece) == 1 and piece in _SIGNS_AFTER_NUMBER and prev.isdigit() and not (nxt.isascii() and nxt.isalpha()):
            # a counter or an ordinal follows a count, which has no decimals ('3째' is Korean
            # '3rd', '144.52째' is '144.52°')
            common = 0.0 if decimals else AFTER_NUMBER_RARE
        else:
            common = 0.0
        if common and frequency.best_surprise(run) / len(run) < common:
            return None
        for k in range(a, b):
            if not _letter(new[k]) and not sign_in_place(new, k):
                return None
    return new


# Kana orders Japanese never writes: a small ya, yu or yo after anything but a kana of the i-column
# (katakana also writes 'テュ', 'デュ', 'フュ', 'ヴュ' for foreign sounds).  One Han code page read as
# another lands in the kana rows in such orders (Big5's commonest characters are GBK's kana: '公斤'
# is 'そょ').  Other odd openings are words ('ンジャメナ'), so they are no sign.
_YOON = re.compile("[ゃゅょャュョ]")
_I_COLUMN = frozenset("きぎしじちぢにひびぴみりキギシジチヂニヒビピミリテデフヴ")


def kana_impossible(text: str) -> bool:
    """Whether ``text`` holds kana in an order no Japanese word has (see above)."""
    if _YOON.search(text) is None:
        return False   # (most text: one scan, no generator)
    return any(m.start() == 0 or text[m.start() - 1] not in _I_COLUMN for m in _YOON.finditer(text))

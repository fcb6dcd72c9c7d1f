"""The chain catalogue and the search over it: which wrong decode made each stretch, cheapest
evidence first.

A chain is (read as, original): the text was ORIGINAL bytes decoded as READ-AS.  The undo is
``encode READ-AS`` then ``decode ORIGINAL``.  The search runs in one pass per layer of mojibake
(double UTF-8 is two passes), each pass needing its own evidence:

1. UTF-8 read as an 8-bit code page: the sequences :mod:`.evidence` finds, weighed, per region;
2. UTF-8 read as a CJK code page: a region that re-encodes to valid multi-byte UTF-8;
3. one legacy code page read as another: the input's implausibility and a strict round trip;
4. C1 controls left in otherwise clean text: Windows-1252 text read as Latin-1.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import unicodedata
from array import array
from collections.abc import Container, Iterable

from .. import plausibility, variants
from ..scripts import ONE_WRITING
from . import evidence, frequency
from .evidence import Seq
from .result import LOST, Fix, Steps, common_ends
from .segments import Regions, regions

THRESHOLD = 2.0        # evidence a region needs on its own
CONSISTENT = 0.5       # ... once another region of the text showed the same reading
STRUCTURE_BONUS = 1.0  # per sequence beyond the first when sequences make up a whole region
LONG_TEXT = 4096       # characters above which ...
LONG_READERS = 3       # ... only this many 8-bit code pages are searched (see utf8_single_byte)
AMBIGUOUS_LEN = 6      # stretches this short can read two ways ...
AMBIGUOUS_GAIN = 1.0   # ... when the other reading is within this much of the plausibility gain

# UTF-8 read as a CJK code page: (reader, prior)
CJK_READERS = (("gbk-web", 1.0), ("gb18030", 1.0), ("cp950", 1.0), ("cp932", 1.0), ("cp949", 1.0))
_CJK_NAMES = frozenset(r for r, _ in CJK_READERS)

# One legacy code page read as another: (read as, original, script the original writes)
LEGACY_CHAINS = (
    *(((r, "gbk", "CJK") for r in ("cp1252-web", "latin-1", "cp950", "cp932"))),
    *(((r, "cp950", "CJK") for r in ("gbk-web", "cp1252-web", "latin-1"))),
    *(((r, "cp932", "CJK") for r in ("gbk-web", "cp1252-web", "latin-1"))),
    *(((r, "cp949", "Hangul") for r in ("cp1252-web", "latin-1"))),
    *(((r, "cp1251", "Cyrillic") for r in ("cp1252-web", "latin-1", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic"))),
    *(((r, "koi8_r", "Cyrillic") for r in ("cp1251-web", "cp1252-web", "latin-1", "cp866"))),
    *(((r, "cp866", "Cyrillic") for r in ("cp1251-web", "koi8_r", "cp1252-web", "latin-1"))),
    *(((r, "cp1253", "Greek") for r in ("cp1252-web", "latin-1"))),
)
# What a reading's output is judged as: text its author wrote in GBK is Simplified Chinese, in Big5
# Traditional, in Shift_JIS Japanese.  (The input, which may be clean text of any tradition, is
# judged under whichever suits it.)  A Big5 text read as GBK is a mix of common simplified forms
# (its bytes 0xA1-0xFE after the lead) and the traditional forms GBK added (0x40-0x7E): as
# Simplified it pays for the second, and clean Traditional text taken for GBK read as Big5 cannot
# pass for Simplified.
_WRITTEN_IN = {"gbk": "hans", "cp950": "hant", "cp932": "ja"}
LEGACY_HAN_LONG = 5        # characters from which one Han code page read as another is judged by ...
LEGACY_HAN_MIN_COST = 0.9  # ... a lower mean cost of the input
LEGACY_HAN_GAIN = 0.6      # ... and a lower saving per character
FREQ_GAIN = 0.75        # a Han code page read as another: log10 likelihood gained per changed character ...
FREQ_TOTAL = 1.5        # ... and over the whole text (see frequency.py) ...
FREQ_MAX_OUT = 5.0      # ... by a reading whose characters have a mean frequency of 1e-5 or more
WORD_WORSE = 0.5       # log10 a character by which a Han code page's reading may not make a word of Han rarer
PRIVATE_MIN = 4         # private use characters a reading of mostly them must change ...
PRIVATE_MAX_OUT = 3.3   # ... into characters of this mean frequency (log10) or commoner
FREQ_COMMON = 0.5       # a CJK reading of Western-read text this common (excess a character) ...
FREQ_COMMON_COST, FREQ_COMMON_GAIN = 0.6, 0.3   # ... needs only these of the model
FREQ_HAN_SHARE = 0.6    # share of Han and kana among a token's non-ASCII characters it needs for that
LEGACY_MIN_COST = 1.2   # mean cost per character the input must show (clean text is near 0)
LEGACY_GAIN = 1.0       # and the output must save this much per character
LEGACY_SAMPLE = 2048   # characters of a token the model reads to judge a legacy reading
LEGACY_MAX_OUT = 0.8    # and look like clean text itself: with no structure to go on, better is not enough


def _plain_name(name: str) -> str:
    return name[:-4] if name.endswith("-web") else name


def _cost(text: str, flavour: str | None = None) -> float:
    return plausibility.cost(text) if flavour is None else plausibility.cost(text, flavour)


# A reading of one stretch: (evidence, read as, (start, end) of the stretch, its fixes)
Candidate = tuple[float, str, tuple[int, int], list[Fix]]

COST_SAMPLE = 4096   # characters of a long stretch the model reads (its costs scale with length)


def _context_cost(text: str, i: int, j: int, new: str, flavour: str | None = None) -> tuple[float, float]:
    """The model's cost of the stretch ``text[i:j]`` and of ``new`` in its place, a character of
    context on each side; ``new`` is scored under the Han tradition ``flavour`` if given."""
    if j - i > COST_SAMPLE:   # a long stretch: the model reads its head, scaled to its length
        k = COST_SAMPLE * len(new) // (j - i)
        scale = (j - i) / COST_SAMPLE
        return _cost(text[i:i + COST_SAMPLE]) * scale, _cost(new[:k], flavour) * scale
    a, b = max(0, i - 1), min(len(text), j + 1)
    return _cost(text[a:b]), _cost(text[a:i] + new + text[j:b], flavour)


# --- 1. UTF-8 read as an 8-bit code page ----------------------------------------------------


def _clusters(seqs: list[Seq]) -> list[list[Seq]]:
    out: list[list[Seq]] = []
    for s in seqs:
        if out and out[-1][-1].end == s.start and " " not in s.new and not out[-1][-1].new.endswith(" "):
            out[-1].append(s)
        else:
            out.append([s])
    return out


def _nbsp_seqs(text: str, i: int, j: int, reader: str) -> list[Seq]:
    """'Ã ' where a no-break space (the second byte of 'à' or of U+00A0 itself) became a space."""
    m = evidence.byte_map(reader)
    out: list[Seq] = []
    k = j
    if m.get("\u00a0") != 0xA0:
        return out   # the replayed no-break space must be the byte 0xA0 in this code page
    if k < len(text) and text[k] == " " and 0xC2 <= m.get(text[k - 1], 0) <= 0xDF and text[k - 1].isalpha():
        lead = text[k - 1]
        prev = text[k - 2] if k >= 2 else " "
        after = text[k + 1] if k + 1 < len(text) else ""
        hot = lead in evidence._HOT_LEADS   # (letters only: '¬ p', '├ to expand' are symbols before a space)
        if (after == " " or after.islower() or prev.islower() or prev in "'’"
                or not hot and after and not after.isascii()):
            new = bytes([m[lead], 0xA0]).decode("utf-8")
            # (not the last letter of a word in its own script, but 'Ã' or 'Â', that the reading
            # would make a space or a letter of another script: 'ООО «' and 'РУСАКОВ И' in
            # capitals are Cyrillic words, not 'ООΠ«' and 'РУСАКО\xa0')
            own_word = (not hot and evidence._letter(prev) and evidence._script(prev) == evidence._script(lead)
                        and evidence._script(new) != evidence._script(lead))
            # only 'Ã ' is evidence on its own; Å, Ä, Г, Ь before a space are letters ending real
            # words and count only where the text has shown this reading by other sequences: their
            # weight stays under what the sum of weak signs in one_pass counts, so a text of such
            # words ('ЛЮТИЙ БЕРЕЗЕНЬ' read as 'ɠ', 'ܠ') never establishes the reading by itself
            w = (2.5 if hot else 0.9) * evidence.UTF8_READERS.get(reader, 0.7)
            if plausibility.char_class(new) in _RARE_OR_BAD and not hot:
                return out   # a space made into a character no text uses is no evidence
            # one space left: the no-break space either was the space after a word ('voilÃ le')
            # or stood inside the word ('Å veices' for 'Šveices')
            keep = after == " " or new != "\u00a0" and (prev.isalpha() or prev in "'’" or new == "à")
            if not own_word:
                out.append(Seq(k - 1, k + 1, new + " " if keep and after != " " else new, w, False))
    # a three-byte character whose last byte was the no-break space: Thai 'à¸ ' for 'ภ'
    if (k < len(text) and text[k] == " " and k - 2 >= i and 0xE0 <= m.get(text[k - 2], 0) <= 0xEF
            and 0x80 <= m.get(text[k - 1], 0) <= 0xBF):
        try:
            new = bytes([m[text[k - 2]], m[text[k - 1]], 0xA0]).decode("utf-8")
        except UnicodeDecodeError:
            return out
        if plausibility.char_class(new) in evidence._BAD_OUTPUT:
            return out   # a space made into a character no text uses is no evidence
        # two letters of one script before a space end a word ('які ', 'већ ', 'âš '): like 'Å '
        # above, only a weak sign that follows a reading the text has shown by other sequences
        # (under what the sum of weak signs counts: 'кі ' for '고' is never a reading's proof)
        weak = evidence._natural_pair(text[k - 2], text[k - 1])
        out.append(Seq(k - 2, k + 1, new, (0.9 if weak else 1.2) * evidence.UTF8_READERS.get(reader, 0.7), False))
    return out


@functools.lru_cache(maxsize=None)
def _nbsp_rx(reader: str) -> re.Pattern[str]:
    """Where :func:`_nbsp_seqs` can find something: a two-byte lead, or a three-byte lead and a
    continuation, right before a space."""
    m = evidence.byte_map(reader)
    two = evidence._cls(c for c, b in m.items() if 0xC2 <= b <= 0xDF)
    three = evidence._cls(c for c, b in m.items() if 0xE0 <= b <= 0xEF)
    cont = evidence._cls(c for c, b in m.items() if 0x80 <= b <= 0xBF)
    return re.compile(f"(?:{two}|{three}{cont}) ")


def _utf8_steps(reader: str, seqs: list[Seq], new: str) -> Steps:
    """The steps that undo ``seqs``, whose outputs joined are ``new``."""
    # (what the outputs hold is asked of ``new`` in C first: a loss marker, a character beyond
    # the BMP that only a CESU-8 pair of six characters could have written)
    lossy = "\ufffd" in new or any(s.lossy for s in seqs)
    dec = "utf-8-cesu" if max(new, default="") > "\uffff" and any(
        len(s.new) == 1 and ord(s.new) > 0xFFFF and s.end - s.start == 6 for s in seqs) else "utf-8"
    return _undo(reader, dec, lossy)


@functools.lru_cache(maxsize=None)
def _undo(reader: str, dec: str, lossy: bool) -> Steps:
    # one tuple per kind of undo, shared by every fix that needs it (a long text has thousands)
    return (("encode", reader, LOST), ("decode", dec, LOST)) if lossy else (("encode", reader), ("decode", dec))


def _nbsp_steps(reader: str, seq: Seq) -> Steps:
    return (("replace", " ", "\u00a0 " if seq.new.endswith(" ") else "\u00a0"), ("encode", reader), ("decode", "utf-8"))


def utf8_single_byte(text: str, spans: Regions, readers: list[str], keep: Container[str] = ()) -> list[Candidate]:
    """Candidate fixes (evidence, reader, region, fixes) for UTF-8 read as 8-bit code pages.
    ``keep``: readers a previous layer showed, never left out as another's twin (see _twin_key)."""
    out: list[Candidate] = []
    # a code page whose reading of the text holds no UTF-8 byte pattern at all (one encode, one
    # bytes scan, both in C) is not searched character by character
    long = len(text) > LONG_TEXT
    encoded: dict[str, tuple[bytes, int]] = {}
    counts: dict[str, int] = {}
    # a code page that shows none of the text's characters as a UTF-8 lead byte finds no sequence
    # in it (nor a lead before a loss marker or a space): a set look-up refuses it unencoded
    present = frozenset(text)
    chars = None if long else present
    for rd in readers:
        if evidence.lead_chars(rd).isdisjoint(present):
            counts[rd] = 0
            if not long:
                continue
            # (a long text's count is known, zero, without encoding it: its bytes are made
            # below only if it is still among the few kept)
            encoded[rd] = (b"", 0)
        else:
            data, counts[rd] = evidence.encoded(text, rd, count=long)   # (a short text asks only "any?")
            encoded[rd] = (data, counts[rd])
        if long and len(encoded) > LONG_READERS:
            # a long text is read with the few code pages whose reading holds the most UTF-8
            # patterns (the earlier one on a tie), so the work stays proportional to the text;
            # only their bytes are kept in memory
            del encoded[max(encoded, key=lambda r: (-counts[r], readers.index(r)))]
    region_starts, region_ends = spans.starts, spans.ends
    if long:
        readers = [r for r in readers if r in encoded]
        for rd in readers:
            if not counts[rd] and not encoded[rd][0]:
                encoded[rd] = (evidence.encode_replace(text, rd), 0)
    twins: dict[tuple[object, ...], float] = {}   # a twin key (see _twin_key) -> the highest prior searched
    for reader in readers:
        if not counts[reader] and (reader not in encoded or not evidence._hot_rx(reader).search(text)):
            continue
        if chars is not None and not _any_region_encodes(text, spans, encoded[reader][0]):
            continue   # every stretch holds a character this code page lacks: no candidate (below)
        if chars is not None:
            twin = _twin_key(text, chars, reader, encoded[reader][0])
            prior = evidence.UTF8_READERS.get(reader, 0.7)
            if twin is not None and reader not in keep:
                if twins.get(twin, -1.0) >= prior:
                    continue
                twins[twin] = prior
        # the work is bounded by the sequences found, not by the number of stretches
        by_region: dict[int, list[Seq]] = {}
        for q in evidence.utf8_sequences(text, 0, len(text), reader, encoded[reader][0]):
            r = bisect.bisect_right(region_starts, q.start) - 1
            if r >= 0 and q.end <= region_ends[r]:
                by_region.setdefault(r, []).append(q)
        for m in _nbsp_rx(reader).finditer(text):
            r = bisect.bisect_right(region_starts, m.start()) - 1
            if r >= 0 and region_ends[r] == m.end() - 1:
                by_region.setdefault(r, [])
        data = encoded[reader][0]
        for r in sorted(by_region):
            i, j = region_starts[r], region_ends[r]
            seqs = by_region[r]
            # (what _nbsp_seqs looks for ends right before a space: most stretches end elsewhere)
            nb = _nbsp_seqs(text, i, j, reader) if text[j:j + 1] == " " else []
            if not seqs and not nb:
                continue
            if data.count(b"?", i, j) != text.count("?", i, j) + text.count("\ufffd", i, j):
                # a character this code page cannot hold (encoded as '?'): not text read as it
                # (mixed regions such as "’Ã©" still encode: ’ is in Windows-1252)
                continue
            w: float = sum(s.weight for s in seqs)   # (declared: mypyc miscompiles float | int here)
            nb = [s for s in nb if not any(q.start < s.end and s.start < q.end for q in seqs)] or \
                [s for s in nb if s.start >= j - 2]
            if nb and nb[0].end - nb[0].start == 3:
                seqs = [q for q in seqs if q.end <= nb[0].start]
                w = sum(s.weight for s in seqs)
            full = evidence.covers(seqs, i, j)
            if full:
                # a whole word made of sequences and nothing else (not a pair of box drawing or
                # blocks with a lead that is no hot one: cp437, cp850 and cp866 put box drawing
                # in both the lead and the continuation range, so any run of it pairs up by chance;
                # nor lower-case letters of one script, a clean word's: cp866 shows lower-case 'р'-'я' as
                # three-byte leads and 'а'-'п' as continuations, so 'хиляди' is 'хил' + 'яди')
                if len(seqs) > 1:
                    w += STRUCTURE_BONUS * max(0, sum(1 for q in seqs if not evidence.drawn_pair(text[q.start:q.end], reader)
                                                      and not evidence.spelled(text[q.start:q.end], reader)) - 1)
                elif text[i - 1:i].isalpha() or text[j:j + 1].isalpha():
                    w += 0.5 * evidence.UTF8_READERS[reader]   # inside a word: 'LietuviÅ³', 'MÃ¼ller'
                elif text[i] in evidence._HOT_BY_READER.get(reader, "") and evidence._cyrillic_letter(seqs[0].new):
                    # a one-letter Cyrillic word, its lead one of Cyrillic's own ('╨╕' for 'и' in
                    # cp866): box drawing beside box drawing, but enough where the text shows the reading
                    w += 0.5 * evidence.UTF8_READERS[reader]
            if seqs and not full and (evidence.unexplained(text, i, j, seqs, reader)
                                      or 2 * sum(s.end - s.start for s in seqs) < j - i):
                continue   # a repair that would leave debris, or mostly not explain the stretch
            if reader != "cp1252-web" and _C1_RUN.search(text, i, j) and any(
                    "\x80" <= ch <= "\x9f" and bytes([ord(ch)]).decode(reader, "replace") != ch for ch in text[i:j]):
                # a C1 control this code page would have shown as a character (Windows-1252's
                # reading stands for Latin-1's too, which shows them all: both encode each to its byte)
                w *= 0.8
            if seqs and not full:
                w *= sum(s.end - s.start for s in seqs) / (j - i)   # explains only part of it
            w += sum(s.weight for s in nb)
            # box drawing alone is never sure (see _cyrillic_reading)
            sure = min(w, DRAWING_EVIDENCE) if _DRAWING_ONLY.fullmatch(text, i, j) else w
            if seqs and not full and _left_in_word(text, i, j, seqs):
                sure = min(sure, UNCONFIRMED_EVIDENCE)
            fixes: list[Fix] = []
            for cl in _clusters(seqs):
                a, b = cl[0].start, cl[-1].end
                new = cl[0].new if len(cl) == 1 else "".join(s.new for s in cl)
                fixes.append(Fix(a, b, text[a:b], new, _utf8_steps(reader, cl, new), 0.0,
                                 new.count("\ufffd"), False, (), sure))
            for s in nb:
                fixes.append(Fix(s.start, s.end, text[s.start:s.end], s.new, _nbsp_steps(reader, s), 0.0, 0, False, (), sure))
            out.append((w, reader, (i, j + (1 if nb else 0)), fixes))
    return out


def _left_in_word(text: str, i: int, j: int, seqs: list[Seq]) -> bool:
    """Whether a UTF-8 reading of part of the stretch ``text[i:j]`` leaves a character of it that
    clean text would not put there: a letter, digit or sign, or anything at all between two of the
    reading's sequences.  UTF-8 mojibake garbles every non-ASCII character a program wrote, so
    what it leaves of a stretch is punctuation of the text's own at its ends ('’Ã©', 'Ã©…');
    a double-byte code page read as a Western one leaves Latin-1 letters and signs glued to
    pairs that happen to be UTF-8 ('¾ÕµØ•' is GBK, its 'Õµ' and 'Ø•' Armenian and Arabic to
    UTF-8; Shift_JIS's hiragana lead '‚' between two of them).  Such a reading may still be the
    right one, but the stretch tells two stories and only one of them accounts for every byte:
    it is no sure repair."""
    taken = bytearray(j - i)
    for q in seqs:
        taken[q.start - i:q.end - i] = b"\x01" * (q.end - q.start)
    first, last = taken.find(1), taken.rfind(1)
    for k in range(j - i):
        if taken[k]:
            continue
        ch = text[i + k]
        if first < k < last and ch != "\u00a0":
            return True
        if unicodedata.category(ch)[0] in "LNS" and ch not in _LEFT_SIGNS:
            return True
    return False


# signs clean text glues to a word at its ends (not Latin-1's letters, fractions or currency)
_LEFT_SIGNS = frozenset("™®©°")


def _any_region_encodes(text: str, spans: Regions, data: bytes) -> bool:
    """Whether some stretch is free of characters the code page lacks (encoded as '?'): a stretch
    that is not yields no candidate, so a code page none passes is not searched at all."""
    lacks = data.count(b"?") - text.count("?") - text.count("\ufffd")
    if not lacks:
        return True
    return any(data.count(b"?", i, j) == text.count("?", i, j) + text.count("\ufffd", i, j) for i, j in spans)


def _twin_key(text: str, chars: frozenset[str], reader: str, data: bytes) -> tuple[object, ...] | None:
    """What decides a code page's candidates for ``text`` (``chars``: its characters) but its
    prior: its bytes (which also fix the byte of every character: each of these code pages
    encodes a character to the byte byte_map gives it), which characters are its hot leads, and
    whether it has the no-break space at 0xA0.  A code page with the same key as one searched
    before it at the same or a higher prior finds the same sequences in the same stretches with
    the same outputs, and evidence no greater (a prior scales every term but the structure
    bonus, which both get): its candidates never win a stretch (the judge takes the earlier of
    equals), never add an alternative (alternatives are told apart by their text) and never
    outrank the other's (Judge.rank), so it is not searched.  Unless a previous layer showed it
    (one_pass passes those as ``keep``: they get a bonus the other may lack).  None for text
    with C1 controls, which code pages weigh apart (the 0.8 in utf8_single_byte)."""
    if _C1_ANY.search(text):
        return None
    return data, evidence._hot(reader) & chars, evidence.byte_map(reader).get("\u00a0") == 0xA0


# --- 2. UTF-8 read as a CJK code page ---------------------------------------------------------


# two or more three- or four-byte UTF-8 characters in a row: what CJK text in UTF-8 is made of
_UTF8_RUN = re.compile(rb"(?:[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}){2,}")


def _cjk_substretches(text: str, i: int, j: int) -> list[tuple[int, int]]:
    """Stretches inside a region of CJK text that re-encode (GBK) to strict multi-byte UTF-8:
    '榛戦┈' in '我的名字是榛戦┈，你好'.  The bytes are scanned once for runs of UTF-8 sequences;
    a run counts where it starts and ends on character boundaries."""
    if j - i < 3:
        return []   # two UTF-8 characters of three bytes or more are six bytes: three GBK characters at least
    seg, codec = text[i:j], "gbk"   # (in C; the web variant, for the euro sign and private use only)
    if max(seg) < "\u0370":
        # GBK writes a character below U+0370 as ASCII or as two bytes whose first is under 0xE0
        # and whose second is no four-byte lead: a three-byte lead among them is a second byte,
        # its sequence takes the next character's two bytes, and the byte after is a first byte
        # or ASCII, no lead: two sequences never stand side by side (a long text's Latin
        # stretches are not encoded to say so)
        return []
    try:
        data = seg.encode(codec)
    except UnicodeEncodeError:
        if not _EURO_OR_PRIVATE.search(seg):
            return []
        try:
            data, codec = seg.encode("gbk-web"), "gbk-web"
        except UnicodeEncodeError:
            return []
    out: list[tuple[int, int]] = []
    at_byte, at_char = 0, i   # a character boundary: decoding from it is unambiguous

    def char_at(pos: int) -> int | None:
        """The character offset of byte ``pos``, or None inside a character (a prefix that ends on
        a lone GBK lead byte cannot decode); forward only, so the whole search stays linear."""
        nonlocal at_byte, at_char
        try:
            n = len(data[at_byte:pos].decode(codec))
        except UnicodeDecodeError:
            return None
        at_byte, at_char = pos, at_char + n
        return at_char

    for m in _UTF8_RUN.finditer(data):
        a = char_at(m.start())
        b = char_at(m.end()) if a is not None else None
        if a is not None and b is not None and b - a >= 2:
            out.append((a, b))
    return out


# a sign UTF-8 writes with two bytes that stands beside numbers and words: °, µ, ², ±, ½, £, §, ©
_SIGN = re.compile("[\u00a1-\u00bf\u00d7\u00f7\u03bc]")   # (and the Greek mu of units: 'μg')
KEPT_COMMON = 4.0     # frequency.rough below which the characters a lossy reading keeps are common
LOST_PER_KEPT = 2.0   # lost characters a lossy CJK reading may mark per character it keeps
LOST_COST = 0.5       # evidence a lost character takes away (the loss markers are the reader's own)
LONE_HALFWIDTH = 1.0    # evidence of a half-width katakana alone after a kanji in cp932's reading
CURRENCY_BEFORE = 1.0   # evidence of a rare one that UTF-8 reads as a currency sign, right before a number
CURRENCY_ALONE = 1.5    # ... of a Hangul syllable that is the one character of the text that is not ASCII (to THRESHOLD)
STRAY = THRESHOLD   # evidence of a stretch of a text that all reads back as another script (evidence.stray_reading)
STRAY_MORE = 1.5    # ... more per other distinct stretch that does (two: confidence 0.9)
LONE_SIGN = 0.6   # evidence of such a sign standing alone: under THRESHOLD, over CONSISTENT
# a two-byte UTF-8 letter or sign as cp932 shows it, or several
_HALFWIDTH_PAIRS = re.compile(f"(?:{evidence.HALFWIDTH_PAIR})+")
_CP932_UNDEFINED = "\uf8f0\uf8f1\uf8f2\uf8f3"
_EURO_OR_PRIVATE = re.compile("[\u20ac\ue000-\uf8ff]")


@functools.lru_cache(maxsize=None)
def _cjk_row_chars() -> frozenset[str]:
    """What the CJK code pages show for double bytes whose lead is a UTF-8 continuation byte
    (0x80-0xBF): their Han, kana and Hangul, and the rows they keep for Greek, Cyrillic and signs.
    (Not their Latin letters and Latin-1 signs, which Western code pages show too: text of those
    is no CJK reading's.)"""
    # (every pair in one decode per code page, a newline after each: a pair the code page refuses
    # comes out as a marker or ASCII, never as one character of its own)
    pairs = b"".join(bytes([lead, trail, 0x0A]) for lead in range(0x81, 0xC0) for trail in range(0x40, 0xFF))
    out: set[str] = set()
    for reader, _ in CJK_READERS:
        out.update(ch for ch in pairs.decode(reader, "replace").split("\n") if len(ch) == 1 and "\u0370" <= ch != "\ufffd")
    return frozenset(out)


def _kept_well(old: str, new: str) -> bool:
    """Whether a lossy UTF-8 reading keeps what a real text's reading keeps: two or more characters
    of writing, common ones, and no ASCII the stretch did not hold (clean text beside loss markers,
    '文言���', reads as a rare character or two among markers)."""
    kept = new.replace("\ufffd", "")
    if sum(not c.isascii() for c in kept) < 2 or sum(c.isascii() for c in kept) > sum(c.isascii() for c in old):
        return False
    writing = "".join(_CJK_RUN.findall(kept))
    return frequency.writing_share(kept) >= FREQ_HAN_SHARE and not frequency.rare(writing, KEPT_COMMON)


def utf8_cjk(text: str, spans: Iterable[tuple[int, int]]) -> list[Candidate]:
    out = _utf8_cjk(text, spans)
    found = {c[2] for c in out}
    # (a stretch under three characters holds no two UTF-8 characters of three bytes: the
    # stretches of a long text are mostly such, and are not sent to _cjk_substretches to say so)
    more = [s for i, j in spans if j - i >= 3 and (i, j) not in found
            for s in _cjk_substretches(text, i, j) if s != (i, j)]
    return out + _utf8_cjk(text, more) if more else out


def _utf8_cjk(text: str, spans: Iterable[tuple[int, int]]) -> list[Candidate]:
    out: list[Candidate] = []
    runs: int | None = None   # the text's distinct non-ASCII runs, counted where a stray reading needs them
    for i, j in spans:
        old = text[i:j]
        # (an emoji's four UTF-8 bytes open with 0xF0, which these code pages give no character
        # below U+0370 as its first byte: Latin text is no emoji read, and is not looked up in
        # the five code pages for one; nor is it CJK-like or in such a row: Latin-1 and the rest of
        # Latin are refused at once, before any character is classed)
        if max(old) < "\u0370" or sum(map(evidence.cjk_like, old)) + old.count("\ufffd") < 0.6 * len(old) \
                and (sum(map(_cjk_row_chars().__contains__, old)) + old.count("\ufffd") < 0.6 * len(old)
                     and not _emoji_read(old)):
            # 古文码 is made of Han, kana, Hangul, CJK punctuation and box drawing (and loss
            # markers), and of the signs and alphabets the code pages keep in rows of their own:
            # a UTF-8 continuation byte 0xA1-0xAC read as a lead is one of them (cp949 shows
            # Korean '구문' as '援щЦ', Cyrillic among Han)
            continue
        glued = _ascii_letter(text, i - 1) and _ascii_letter(text, j) or (
            # half-width katakana glued to a Latin word on one side make no Japanese word there
            (_ascii_letter(text, i - 1) or _ascii_letter(text, j)) and _HALFWIDTH_PAIRS.fullmatch(old) is not None)
        # touching a Latin word or a number on one side ('茅loign', '36脳', '32掳'): too weak alone,
        # enough where the text has shown the reading
        touch = glued or _ascii_alnum(text, i - 1) or _ascii_alnum(text, j)
        # one character on its own ('漏 2011', ': 36,58 楼') that UTF-8 reads as a sign or a letter
        # ('谐. Черемхово'): no evidence alone, but it follows a reading the rest of the text has shown
        lone = j - i < 2 and not touch
        for reader, prior in CJK_READERS:
            if reader == "gb18030" and ("\ufffd" in old or "?" in old):
                continue   # GB18030 writes U+FFFD itself, so a loss marker cannot stay one
            try:
                data = old.encode(reader, LOST)
            except UnicodeEncodeError:
                continue
            lossy = False
            try:
                new = data.decode("utf-8")
                lost = 0
            except UnicodeDecodeError as e:
                if e.start < len(data) - 3 and data.count(b"?") + data.count(b"\xff") == 0:
                    continue   # invalid in the middle and no loss marker there: not UTF-8
                new = data.decode("utf-8", LOST)
                lost, lossy = max(0, new.count("\ufffd") - old.count("\ufffd")), True
            if new == old:
                continue
            if not lossy and evidence.stray_reading(text, reader) is not None:
                # the whole text reads back as another script's words and signs, leaving no CJK
                # behind ('褟薪胁.' is 'янв.', '465掳C' is '465°C'): each of its stretches is evidence
                # enough, however short; and where several different stretches all do, each is
                # one more chance event clean CJK text would have to repeat ('Tekij盲noikeudet' is
                # one, 'Z眉rich und Gen猫ve' two: a Han character's two bytes are UTF-8 of a letter
                # a few times in a hundred)
                if runs is None:
                    runs = len(set(_NON_ASCII_RUN.findall(text)))
                w = (STRAY + STRAY_MORE * (runs - 1)) * prior
                out.append((w, reader, (i, j),
                            [Fix(i, j, old, new, (("encode", reader), ("decode", "utf-8")), 0.0, 0, False, (), w)]))
                continue
            if lone or not touch and not lost and len(new) == 1 and 0x80 <= ord(new) < 0x800:
                # (or two characters that read as one, 'ﾐｿ. Тольятти': cp932 shows a two-byte
                # UTF-8 character as two half-width katakana)
                if not lost and (_SIGN.fullmatch(new) or new.isalpha() and ord(new) < 0x800):
                    out.append((LONE_SIGN * prior, reader, (i, j),
                                [Fix(i, j, old, new, (("encode", reader), ("decode", "utf-8")), 0.0, 0, False, (),
                                     LONE_SIGN * prior)]))
                continue
            # (an emoji is four bytes of structure, twice the evidence of a chance pair of Han)
            multi: float = sum(2 if "\U0001f000" <= ch <= "\U0001faff" else 1 for ch in new if ord(ch) >= 0x800)
            two = sum(1 for ch in new if 0x80 <= ord(ch) < 0x800)
            if not multi and any(plausibility.char_class(ch) in _RARE_OR_BAD for ch in new) and not (
                    _alphabet_word(new) and evidence._script(new[0]) in ("Cyrillic", "Greek")):
                # two-byte UTF-8 that writes combining marks or rare letters is chance, unless the
                # rare letters are an alphabet's own in a word of it: Serbian and Macedonian
                # 'језик', Mongolian 'үг' (the word's letter order is judged below)
                continue
            if touch:
                multi += two / 2
            elif not multi and two == len(new) and any(map(str.isalpha, new)):
                # a word of two-byte UTF-8 letters (Cyrillic, Greek ...) read as Han: '褋褉械写邪' for
                # 'среда'.  Each pair of bytes is a Han character by chance far more often than three
                # are, so such a letter counts half, and its letters must be in an order real words use
                multi = two / 2
                n = evidence.cyrillic_surprise(new)[1]
                if n >= PAIRS_MIN and not evidence.spells_words([new]):
                    # letters in orders neither the pair table nor the word model finds in words
                    # (the pair table alone, from the tuning source's Russian, misses Belarusian
                    # and Ukrainian words and most names, 'тэрмінал', 'Кхулна'; clean Han of six
                    # pairs or more reads as Cyrillic letters hardly ever): no evidence alone, but
                    # the word follows a reading the text has shown
                    out.append((LONE_SIGN * prior, reader, (i, j),
                                [Fix(i, j, old, new, (("encode", reader), ("decode", "utf-8")), 0.0, 0, False, (),
                                     LONE_SIGN * prior)]))
                    continue
            # (Big5 and EUC-KR cannot read most UTF-8 byte pairs, so their reading keeps a few
            # characters among many loss markers: what it keeps is recovered, the rest marked lost)
            if multi < (0.5 if touch else 1) or lost > LOST_PER_KEPT * multi or lost and multi < 2:
                continue   # (Han glued inside a Latin word, 'M眉nchen', is UTF-8 Latin read as GBK)
            if len(_scripts(new)) > 1:
                continue   # one word of UTF-8 is written in one script: 'ḉ땶' from '盧雅文' is chance
            inside = new.rstrip("\ufffd")   # (a cut last character is the common loss, and no sign of chance)
            if lossy and 3 * inside.count("\ufffd") > sum(1 for ch in inside if "\u0800" <= ch != "\ufffd") \
                    and not _kept_well(old, new):
                continue
            cut = lost > 0 and new.endswith("\ufffd")
            w = (multi - LOST_COST * lost + (1.5 if glued else 0.0)) * prior
            if reader == "cp932" and not lost and evidence.LONE_HALFWIDTH.search(old):
                w += LONE_HALFWIDTH * prior   # a half-width katakana alone after a kanji: '119蠎ｦ' for '119度'
            if reader == "cp932" and not lost:
                # cp932 reads the bytes 0xA0 and 0xFD-0xFF, which it leaves undefined, as private use
                # characters U+F8F0-U+F8F3 that no text holds: UTF-8's continuation 0xA0 among them
                # ('蠑\uf8f0' is '张')
                w += sum(old.count(ch) for ch in _CP932_UNDEFINED) * prior
            if touch and not glued and not lost and (len(old) == 1 or reader == "cp932") and _SIGN.fullmatch(new):
                # one character beside a number or a Latin word that is a sign in UTF-8 ('25簞C' for
                # '25°C', '5 쨉g' for '5 µg'): evidence as far as real text of any CJK writing uses
                # that character less than once in 10**FREQ_RARE_SIGN characters ('째' is Korean
                # '-th', '楼' a Chinese floor: they stay)
                w += max(0.0, frequency.best_surprise(old) / len(old) - evidence.FREQ_RARE_SIGN)
                if unicodedata.category(new) == "Sc" and text[j:j + 1].isdigit() and w > prior / 2:
                    w += CURRENCY_BEFORE   # a rare character where a currency sign stands: '瞼82' for '¥82'
                elif unicodedata.category(new) == "Sc" and evidence.ALONE_BEFORE_NUMBER.fullmatch(text):
                    # ... or any Hangul syllable, where it is the one character of the text that is
                    # not ASCII: a syllable alone is no word, nor part of an ASCII amount ('짜100'
                    # for '¥100'; a Han character alone is a word: '楼82' stays)
                    w += CURRENCY_ALONE
            steps = (("encode", reader, LOST), ("decode", "utf-8", LOST)) if lost or "\ufffd" in old or "?" in old \
                else (("encode", reader), ("decode", "utf-8"))
            out.append((w, reader, (i, j), [Fix(i, j, old, new, steps, 0.0, new.count("\ufffd"), cut, (), w)]))
    return out


# --- 3. one legacy code page read as another ------------------------------------------------------


def _emoji_read(old: str) -> bool:
    """Whether two characters are one emoji's four bytes of UTF-8 read by a CJK code page: GBK
    shows U+1F9xx as '馃' and a Greek or Cyrillic letter of its own rows ('馃Ο' is '🦯'), which
    is no Han, kana or Hangul to count."""
    if len(old) != 2:
        return False
    for reader, _ in CJK_READERS:
        try:
            ch = old.encode(reader).decode("utf-8")
        except UnicodeError:
            continue
        if len(ch) == 1 and "\U0001f000" <= ch <= "\U0001faff":
            return True
    return False


def _written_in(new: str, script: str) -> bool:
    """Whether a reading writes the original's letters: nine in ten of its letters in ``script``
    and its letters (:func:`_letters`) most of its non-ASCII characters (:func:`_non_ascii`),
    from one str.translate."""
    t = new.translate(_SCRIPT_CODES)
    own = t.count(_SCRIPT_CODE[script])
    # half-width katakana count against: Japanese is written in full-width kana and Han
    letters = len(t) - t.count("p") - t.count("x")
    if (own / letters if letters else 0.0) < 0.9:
        return False
    wanted = (0.6 if script in ("CJK", "Hangul") else 0.9) * (len(t) - t.count("p"))
    return own + (t.count("k") if script == "CJK" else 0) >= wanted


def legacy(text: str, spans: Iterable[tuple[int, int]], shared: _Shared | None = None) -> list[Candidate]:
    """Whole-text candidates: a legacy chain is a program's reading of a whole text, so it must
    account for (nearly) every non-ASCII character, not pick out a word that happens to re-decode."""
    # Big5 and Shift_JIS trail bytes include ASCII letters: judge whitespace-separated tokens,
    # those that look garbled at a cheap first look (clean text costs well under the bar)
    spans = [m.span() for m in _TOKEN.finditer(text)]
    looks_legacy = evidence.legacy_shaped(text)
    shaped = looks_legacy and any(
        evidence._LEGACY_SHAPES.search(text, i, j) or plausibility.rough(text[i:j]) >= evidence.ROUGH_LEGACY
        or evidence.sjis_pairs().search(text, i, j) for i, j in spans)
    # text of rare Han that only real frequencies find odd can only be one Han code page read as
    # another: the other chains are not tried on it (clean text with a rare name comes here)
    # (and kana in orders no Japanese writes: Big5's commonest characters read as GBK's kana rows)
    han_only = not shaped and looks_legacy and any(
        frequency.rare(text[i:j], evidence.FREQ_ROUGH) or evidence.kana_impossible(text[i:j]) for i, j in spans)
    shaped = shaped or han_only
    # box drawing and the like are judged by the Cyrillic letter pairs alone: the per-character
    # model prefers any letters to them ('[█▓▓▓]' is no 'ЫІІІ')
    if not shaped and not evidence._CYRILLIC_SHAPES.search(text) and not evidence._CP866_SHAPES.search(text) \
            and not evidence.short_words_only(text):
        return []
    total = sum(j - i for i, j in spans)
    flips = len(_CASE_FLIP.findall(text))
    words = len(_CYR_WORD.findall(text)) or 1
    # every reading looks at the same tokens: what does not depend on the reading is worked out
    # once (a token's bytes in a code page several readings share, its cost as it stands)
    tokens = [(i, j, text[i:j]) for i, j in spans]
    repetitive = [j - i >= 8 and len(set(old[:LEGACY_SAMPLE])) < 3 for i, j, old in tokens]
    c1_punctuation = [_C1_PUNCTUATION.fullmatch(old) is not None for _, _, old in tokens]
    in_bytes: dict[str, tuple[list[bytes | None], int]] = {}
    old_costs: dict[tuple[int, int], float] = {}
    old_freq: dict[int, float] = {}
    looks: dict[tuple[int, int], tuple[bool, bool, bool]] = {}   # a token's own look (_token_looks), by its span
    wordy: list[tuple[int, int]] | None = None         # the tokens with three non-ASCII characters or more
    shared = shared or _Shared(text)
    out: list[Candidate] = []
    latin1_twin = _NOT_LATIN1_TWIN.search(text) is None
    for read_as, original, script in LEGACY_CHAINS:
        if han_only and read_as not in _CYRILLIC_PAGES and not (
                original in _WRITTEN_IN and _plain_name(read_as) in _WRITTEN_IN):
            continue
        if read_as in _CYRILLIC_PAGES:
            # Cyrillic read as Cyrillic: the letter pairs of the whole text alone decide
            found = _cyrillic_reading(text, read_as, original, shared)
            if found is not None:
                out.append(found)
            continue
        if not shaped:
            continue   # (only the Cyrillic readings above judge text of no legacy shape)
        if read_as == "latin-1" and latin1_twin:
            # text that Latin-1 and Windows-1252 encode alike reads the same through both: the
            # Windows-1252 reading of the same original, tried first, is the one a tie goes to,
            # and a twin with the same text adds no alternative either
            continue
        if read_as not in in_bytes:
            datas = _encode_tokens(text, tokens, read_as, repetitive)
            # every reading that can win converts at least half the text (see the refusals
            # below): a code page that cannot even encode that much is not tried further
            in_bytes[read_as] = datas, sum(j - i for (i, j, _), d in zip(tokens, datas) if d is not None)
        if in_bytes[read_as][1] < 0.5 * total:
            continue
        fixes, covered, c_old, c_new, short, converted, caps, signs = [], 0, 0.0, 0.0, [], [], [], []
        han_to_han = original in _WRITTEN_IN and _plain_name(read_as) in _WRITTEN_IN
        flavour = _WRITTEN_IN.get(original)
        token_steps: dict[int, Steps] = {}
        inner: set[tuple[int, int]] = set()   # tokens with signs at their ends, and the words cut from them (_sign_ends)
        kana_reader = read_as.startswith("cp932")
        pairs_ok = False
        if script == "Cyrillic" and read_as in _WESTERN:
            # Cyrillic read as a Western code page writes words of accented letters ('Ïðèâåò'),
            # which a list of accented letters is too: the output's letter pairs must be ones real
            # words use ('абвгдезий' from 'àáâãäåçèé' is not); where they are, or too few to tell,
            # words of letters count as evidence (a reading no pairs confirm stays unsure: see
            # _other_code_pages).  (Every token counts here, the repetitive ones too; a Western
            # code page has a byte a character, so a token's bytes cut like its characters.)
            outs = []
            for (_, _, old), data, rep in zip(tokens, in_bytes[read_as][0], repetitive):
                if data is None and rep:
                    data = _encode_or_none(old[:LEGACY_SAMPLE], read_as)
                if data is None:
                    continue
                try:
                    outs.append(data[:LEGACY_SAMPLE].decode(original))
                except UnicodeError:
                    pass
            s_pairs, n_pairs = evidence.cyrillic_surprise(" ".join(outs))
            if n_pairs >= PAIRS_MIN and s_pairs > SURPRISE_OUT:
                continue
            pairs_ok = True
        for (i, j, old), data, c1_punct in zip(tokens, in_bytes[read_as][0], c1_punctuation):
            if data is None:
                # not in this code page, or one or two characters over and over (no reading of
                # anything: such a token is not even encoded)
                continue
            if c1_punct:
                # C1 controls at the ends of an ASCII word ('Copyright\x85', '\x93quoted\x94', a lone
                # '\x96') are Windows-1252 punctuation read as Latin-1 (c1_fixes); inside a word they
                # can be Shift_JIS lead bytes ('\x8bg\x93c'), in a run cp866 capitals
                continue
            if kana_reader and all("\uff61" <= c <= "\uff9f" or c.isascii() for c in old):
                continue   # half-width katakana alone is Japanese as it is written
            steps: Steps = (("encode", read_as), ("decode", original))
            try:
                new = data.decode(original)
            except UnicodeError:
                new = ""
            if read_as == "cp932" and not _CP932_SINGLE.isdisjoint(old):
                best = _cp932_duplicates(old, original, flavour, new)
                if best is not None:
                    new, steps = best
            if not new:
                continue
            token_steps[i] = steps
            if new == old:
                continue
            if script in ("CJK", "Hangul") and read_as in _WESTERN and original != "cp932":
                # (not Shift_JIS: its trail bytes include ASCII letters, so a sign cut off would
                # leave one glued to the word, 'u' of '\x81u' for '「'; its tokens stay whole,
                # judged by their marks, see _sjis_marks)
                cut = _sign_ends(old, new, original)
                if cut is not None:
                    # signs from the code page's own rows at a word's ends ('성공™', '“분류”',
                    # '「未知」', '설정®'): the word is judged as a word, the signs follow it
                    # (a Western code page has a byte a character, so the bytes cut like the characters)
                    a, b, na, nb = cut
                    inner.add((i, j))   # (the token as a whole is read too)
                    for x, y, nx, ny in ((0, a, 0, na), (b, len(old), nb, len(new))):
                        if x < y:
                            signs.append((i + x, i + y, old[x:y], new[nx:ny]))
                            token_steps[i + x] = steps
                    i, j, old, new, data = i + a, i + b, old[a:b], new[na:nb], data[a:b]
                    token_steps[i] = steps
                    inner.add((i, j))
            s_old, s_new = old[:LEGACY_SAMPLE], new[:LEGACY_SAMPLE]
            if not _written_in(s_new, script):
                if script in ("CJK", "Hangul") and _signs_of(s_old, s_new):
                    signs.append((i, j, old, new))
                continue   # a reading writes the original's letters ('¦®АЛВ' is no Cyrillic word)
            if script in ("Cyrillic", "Greek") and _SYMBOL_IN_WORD.search(s_new):
                continue   # a reading that puts symbols inside words ('аВ№ЗµД') is no reading
            if han_to_han and (_FOREIGN_WORD.search(s_old) or _ALPHABET_TOKEN.fullmatch(s_old)):
                # one Han code page's bytes read as another's show Han, and where Big5's commonest
                # characters land in GBK's rows of symbols, kana, Greek, Cyrillic and box drawing,
                # one of those between them; never a word of Cyrillic or a run of box drawing, nor
                # a token whose only letters are two of one alphabet ('64 кБ', a unit)
                continue
            if original in ("gbk", "cp950", "cp949") and _low_bytes(data) * 10 > len(old):
                continue   # their common characters are written with bytes from 0xA1 up
            if (i, j) not in looks:
                looks[i, j] = _token_looks(s_old)
            latin, listed, plain = looks[i, j]
            if latin and script in ("CJK", "Hangul") and _accented_only(s_old):
                # accents mark a few letters of a Western word, never all of them ('Über', 'Ça',
                # 'ÉTÉ'), while every byte of a double-byte code page is above 0x7F: a word of
                # accented letters alone is Chinese, Japanese or Korean read as a Western code
                # page ('ÖÐÎÄ' is GBK '中文', 'ÐÇÆÚÈÕ' '星期日').  (Not for an alphabet's code
                # page: Greek or Cyrillic read as Windows-1252 writes such words too, 'Ïðèâåò',
                # and only letter pairs tell those apart, above)
                latin = False
            if not pairs_ok and latin or read_as in _WESTERN and listed or plain:
                # a word of Latin letters in a natural case ('ÀÂÇÉÈÊËÎÏÔÛÙÜŸ', 'àáâãäå', 'Öåâ', or
                # pinyin 'íàìà' that GBK holds too) is what Western text is made of, not the symbols
                # and case flips other code pages' bytes leave in it; a list of characters in
                # code-point order ('à[²µ¹¼½¾]', an alphabet, a character class) is no writing;
                # nor is one character repeated ('¤¤¤', a currency-name placeholder), unless each
                # time as a Shift_JIS lead glued before a trail byte (katakana 'ƒ^ƒC' for 'タイ', see
                # evidence.sjis_pairs).  None is evidence on its own; each follows the reading the
                # rest of the text shows ('ÎÀÎ «Êîëåñíèêîâ»', 'ÎÎÎ' for 'ООО'); so are quotes,
                # signs and superscripts with no letter among them ('“”‘’', '·x¹¹'): real text
                # strings those together
                caps.append((i, j, old, new))
                continue
            if script in ("CJK", "Hangul") and (_ascii_letter(text, i - 1) or _ascii_letter(text, j) or _GLUED.search(new)
                                                and sum(c.isascii() and c.isalpha() for c in s_old) * 2 > len(s_old)):
                continue   # Chinese, Japanese and Korean are not glued into Latin words ('conf誕n')
            converted.append((i, j, old, new))
        need = 2 if script in ("CJK", "Hangul") else 3
        if not converted and signs and _signs_in_place(text, signs):
            # signs from a double-byte code page's own rows, glued to numbers where signs stand
            # ('465¡ãC' is GBK '465°C', '36¡æ' '36℃'): Western text never glues '¡' and the like
            # to a digit, and these are all the text shows
            out.append((THRESHOLD, read_as, (signs[0][0], signs[-1][1]),
                        [Fix(i, j, old, new, token_steps[i], 0.0, 0, False, (), THRESHOLD) for i, j, old, new in signs]))
            continue
        # what the model is asked below can only cover what the reading converts, and every
        # converted token is either fixed or left short: these refusals need no model
        # (the signs a reading writes count for how much of the text it reads: 'Ó°Ïì 87¡ã' is
        # '影响 87°', the signs in the code page's own rows)
        if (sum(j - i for i, j, _, _ in converted) < need
                or sum(j - i for i, j, _, _ in converted + signs) < 0.5 * total):
            continue
        done = {(i, j) for i, j, _, _ in converted + caps + signs} | inner
        if wordy is None:
            wordy = [(i, j) for i, j in spans if _non_ascii(text[i:j]) >= 3]
        if any((i, j) not in done for i, j in wordy):
            continue   # a reading of some words of the text and not of others like them ('ύςθυ ìÿãêèõ')
        f_old = f_new = 0.0   # how rare the changed characters are, before and after (log10)
        refused = False
        for i, j, old, new in converted:
            # (a word cut from its signs is judged without them on either side, in the input as in
            # the reading: the input's neighbours of it are the signs' bytes)
            ctx, ci, cj = (old, 0, j - i) if (i, j) in inner else (text, i, j)
            if (i, j) not in old_costs:
                old_costs[i, j] = _token_cost(ctx, ci, cj, old)
            # (Japanese written in GBK or Big5, their kana rows, is judged as Japanese: see _judged_in)
            cost_old, cost_new = old_costs[i, j], _token_cost(ctx, ci, cj, new, flavour and _judged_in(new, flavour))
            if han_to_han:
                if i not in old_freq:
                    # (kana in an order Japanese never writes, 'そょ' for Big5 '公斤' read as GBK,
                    # are no Japanese: such a token is judged as Chinese alone)
                    old_freq[i] = frequency.best_surprise(
                        old[:LEGACY_SAMPLE], ("hans", "hant") if evidence.kana_impossible(old) else frequency.HAN_SYSTEMS)
                fo, fn = old_freq[i], frequency.surprise(new[:LEGACY_SAMPLE], flavour or "hans")[0]
                # (frequency speaks for Han and kana only: a Cyrillic letter or box drawing costs
                # it the floor, and any Han would look better than that)
                if cost_new >= cost_old and (fn >= fo or frequency.writing_share(old) < FREQ_HAN_SHARE):
                    if fn <= fo or frequency.writing_share(old) < FREQ_HAN_SHARE:
                        # (a word of Han that real frequencies find likelier as it stands does not
                        # follow the reading: '菜单' beside garbled text is no Big5 '粕等')
                        short.append((i, j, old, new))
                    continue
                if (fn - fo >= WORD_WORSE * len(old) and len(old) >= 2
                        and frequency.writing_share(old) >= FREQ_HAN_SHARE):
                    refused = True   # a word of common Han made rare ('菜单' is no Big5 '粕等'): clean text
                    break
                f_old, f_new = f_old + fo, f_new + fn
            elif cost_new >= cost_old:
                short.append((i, j, old, new))
                continue
            c_old, c_new = c_old + cost_old, c_new + cost_new
            covered += j - i
            fixes.append(Fix(i, j, old, new, token_steps[i], cost_old - cost_new, 0, False, (), 0.0))
        if refused:
            continue
        if script in ("CJK", "Hangul") and not _mostly_words(fixes) and not _counter(fixes, original):
            continue   # lone Han characters between other things ('$潭6潭3潭') are chance
        if not fixes or covered + sum(j - i for i, j, _, _ in signs) < 0.5 * total or covered < need:
            continue
        if script in ("Cyrillic", "Greek") and not any(_word_in(f.new[:LEGACY_SAMPLE], script) for f in fixes):
            continue   # an alphabet is read as words: one letter between symbols ('[А-\xa0]') is none
        # words that start in lower case and go on in capitals ('дНАПН'): cp1251 and KOI8-R
        # swap the case of every letter, which no writer does
        min_cost = LEGACY_MIN_COST / 3 if script == "Cyrillic" and flips * 3 >= words else LEGACY_MIN_COST
        min_gain = LEGACY_GAIN
        if han_to_han and covered >= LEGACY_HAN_LONG:
            # one Han code page read as another writes real characters of the other's set, no
            # symbols or box drawing, so each costs less than other mojibake does; a long stretch
            # shows the reading in its sum
            min_cost, min_gain = LEGACY_HAN_MIN_COST, LEGACY_HAN_GAIN
        marks = _sjis_marks(fixes) if original == "cp932" and read_as in ("cp1252-web", "latin-1") else 0
        if marks >= 2:
            # Shift_JIS read as Windows-1252: its typographic marks and accented letters cost the
            # model little, but every kana and common kanji put one of the marks inside the word
            min_cost, min_gain = 0.0, 0.0
        # (CJK text puts digits and signs inside its words, '2024年3月5日', '3.5公斤', which cost
        # nothing either way: the means are over the characters a reading changes)
        per = sum(not c.isascii() for f in fixes for c in f.old) if script in ("CJK", "Hangul") else covered
        if script in ("CJK", "Hangul") and read_as in _WESTERN and original in _SYSTEM and _writes_cjk(fixes):
            # Chinese, Japanese or Korean read as Windows-1252: words as common as real text's
            # average (frequency.excess; Western words read as CJK score 3 and more a character)
            # need less of the model; other code pages' readings are still weighed against it
            n_new = sum(frequency.surprise(f.new[:LEGACY_SAMPLE], _SYSTEM[original])[1] for f in fixes)
            if n_new and _freq(fixes, _SYSTEM[original]) / n_new <= FREQ_COMMON:
                min_cost, min_gain = min(min_cost, FREQ_COMMON_COST), min(min_gain, FREQ_COMMON_GAIN)
        w = max((c_old - c_new) / 2.0, float(marks))
        if script in ("CJK", "Hangul") and _counter(fixes, original) and not _latin_word(fixes[0].old):
            # accented letters or signs glued to numbers that read as common counters, units or a
            # date ('12ÔÂ' is '12月'): no Western text writes them, and the model prices such short
            # letters low
            w = max(w, THRESHOLD)
        frequent = False
        if han_to_han:
            # real frequencies decide where the code pages' blocks cannot: the reading must make
            # the text 10**FREQ_GAIN times likelier per changed character, 10**FREQ_TOTAL times
            # over all (two characters of a name have to show it as plainly as a sentence), and
            # write characters of ordinary frequency; it must never make the text less likely
            gain = f_old - f_new
            if gain < 0:
                continue
            olds = "".join(f.old[:LEGACY_SAMPLE] for f in fixes)
            # (box drawing or a block glued to Han or kana is no writing's either: Big5's commonest
            # characters land in GBK's box drawing row, '▅璣' is '育英')
            frequent = (gain >= max(FREQ_GAIN * per, FREQ_TOTAL) and f_new / per <= FREQ_MAX_OUT
                        and (frequency.writing_share(olds) >= FREQ_HAN_SHARE or _BOX_GLUED.search(olds) is not None))
            if frequent:
                w = max(w, THRESHOLD, gain / 2)
            elif frequency.writing_share(olds) == 0 and not _PRIVATE.search(olds):
                # no Han or kana in the input at all, only letters of GBK's alphabet rows and box
                # drawing (private use characters are judged below), read as Han on the model's
                # word alone: Cyrillic text of any 8-bit code page that GBK shows the same way
                # reads so too ('е┤├е╓┤', lower-cased UTF-8 read as KOI8-R, is Big5 '快怕念快汾怕'),
                # and frequency found no common Han to confirm it
                w = min(w, UNCONFIRMED_EVIDENCE)
            private = sum(len(_PRIVATE.findall(f.old[:LEGACY_SAMPLE])) for f in fixes)
            if private == per and (private < PRIVATE_MIN or f_new / per > PRIVATE_MAX_OUT):
                # GBK shows Big5's commonest Han as private use characters, and so does it show
                # icon fonts' glyphs ('\ue600'), which any reading makes Han of: a reading that
                # changes those alone needs several of them, read as common characters
                continue
        if not frequent and (c_old / per < min_cost or (c_old - c_new) / per < min_gain
                             or c_new / per > LEGACY_MAX_OUT):
            continue
        # one-letter words ('с.', 'д.') follow the reading the rest of the text has shown
        fixes += [Fix(i, j, old, new, token_steps[i], 0.0, 0, False, (), w)
                  for i, j, old, new in short if sum(not c.isascii() for c in old) <= 2 and not _GLUED.search(old)]
        fixes += [Fix(i, j, old, new, token_steps[i], 0.0, 0, False, (), w)
                  for i, j, old, new in caps + signs]
        fixes = sorted((Fix(f.start, f.end, f.old, f.new, f.steps, f.gain, 0, False, (), w) for f in fixes),
                       key=lambda f: f.start)
        out.append((w, read_as, (fixes[0].start, fixes[-1].end), fixes))
    return out


_BOX_GLUED = re.compile("[\u2500-\u259f][\u3041-\u30ff\u3400-\u9fff]|[\u3041-\u30ff\u3400-\u9fff][\u2500-\u259f]")
_GLUED_TO_NUMBER = re.compile("[0-9][^\\x00-\\x7f]")


def _sign_ends(old: str, new: str, original: str) -> tuple[int, int, int, int] | None:
    """Where the word inside the signs at the ends of ``new`` (a reading of ``old`` through a
    Western code page, a character a byte) starts and ends, in ``old`` and in ``new``; None where
    no sign stands at either end or nothing but signs and ASCII is left between them."""
    na, nb = 0, len(new)
    while na < nb and _END_SIGN.match(new[na]):
        na += 1
    while nb > na and _END_SIGN.match(new[nb - 1]):
        nb -= 1
    if (na == 0 and nb == len(new)) or new[na:nb].isascii():
        return None
    try:
        a, b = len(new[:na].encode(original)), len(old) - len(new[nb:].encode(original))
    except UnicodeError:
        return None
    return (a, b, na, nb) if a <= b else None


# a sign or a punctuation mark outside ASCII (what _signs_of accepts in a reading, but letters)
_END_SIGN = re.compile(r"[^\x00-\x7f\w\ufffd\xa0]")


def _signs_in_place(text: str, signs: list[tuple[int, int, str, str]]) -> bool:
    """Whether every sign a reading writes stands where writing puts it (evidence.sign_in_place),
    each token showing a non-ASCII character glued after a digit, and the reading leaves no other
    non-ASCII character in the text."""
    parts, pos = [], 0
    spans = []
    for i, j, old, new in signs:
        if _GLUED_TO_NUMBER.search(old) is None:
            return False
        parts.append(text[pos:i])
        start = sum(map(len, parts))
        parts.append(new)
        spans.append((start, start + len(new)))
        pos = j
    parts.append(text[pos:])
    out = "".join(parts)
    if sum(not c.isascii() for c in out) != sum(not c.isascii() for a, b in spans for c in out[a:b]):
        return False
    return all(evidence.sign_in_place(out, k) for a, b in spans for k in range(a, b) if not out[k].isascii())


def _signs_of(old: str, new: str) -> bool:
    """Whether a double-byte code page's reading of a token writes signs and punctuation from its
    own rows (GBK '°', '×', '√', '「」', Shift_JIS '×', '￥') where the token showed pairs of
    Western characters: every non-ASCII character of the reading a sign, or a letter standing
    alone ('π'), no more of them than the token has non-ASCII characters.  No such sign is
    evidence; it follows the reading the words of the text show."""
    chars = [c for c in new if not c.isascii()]
    if not chars or len(chars) > sum(not c.isascii() for c in old):
        return False
    if any(a.isalpha() and b.isalpha() and not a.isascii() and not b.isascii() for a, b in zip(new, new[1:])):
        return False
    return all(c.isalpha() and not frequency.writing_share(c) or unicodedata.category(c)[0] in "PSN"
               and c not in _ODD_SIGNS for c in chars)


_ODD_SIGNS = frozenset("\ufffd\u00a0")   # (a loss marker, a no-break space: no signs of a row)


# what Latin-1 and Windows-1252 encode differently: C1 controls (and what neither holds)
_NOT_LATIN1_TWIN = re.compile("[^\x00-\x7f\xa0-\xff]")


def _token_looks(token: str) -> tuple[bool, bool, bool]:
    """What legacy() asks of a token itself, the same under every reading, so asked once: whether
    it is a Latin word, a list, and (either of) one character repeated or symbols alone."""
    return (_latin_word(token), _listed(token),
            _non_ascii(token[:16]) >= 2 and len({c for c in token if not c.isascii()}) == 1
            and not evidence.sjis_pairs().search(token) or _symbols_only(token))


def _symbols_only(token: str) -> bool:
    """Whether the non-ASCII characters of ``token`` are symbols and punctuation alone (no letter,
    no C1 control or private use character, which real text never holds), none of them a
    Shift_JIS lead as Windows-1252 shows it glued to anything but punctuation ('–¼‘O' is '名前';
    '“”‘’' is quotes), and few of them unless all are punctuation (a long run of symbols,
    '¤£¦P§@«~©«¤l', is Big5 read as Latin-1)."""
    chars = [c for c in token if not c.isascii()]
    if any(c.isalpha() or "\x80" <= c <= "\x9f" or "\ue000" <= c <= "\uf8ff" for c in chars):
        return False   # (private use is no symbol of writing: GBK shows Big5's commonest Han there)
    if len(chars) >= 4 and not all(unicodedata.category(c).startswith("P") for c in chars):
        return False
    return not any(a in _SJIS_LEADS and not unicodedata.category(b).startswith("P") for a, b in zip(token, token[1:]))


_SJIS_LEADS = frozenset(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x81, 0xA0))


def _encode_tokens(text: str, tokens: list[tuple[int, int, str]], codec: str, skip: list[bool]) -> list[bytes | None]:
    """Each token in ``codec``, None where it cannot be or is to be skipped."""
    chars = _single_byte_chars(codec)
    if chars is not None and not any(skip) and chars.issuperset(text):
        data = text.encode(codec)   # one encode; one byte a character, so a token's bytes are a slice
        return [data[i:j] for i, j, _ in tokens]
    return [None if no else _encode_or_none(old, codec) for (_, _, old), no in zip(tokens, skip)]


_FOREIGN_WORD = re.compile("[\u0400-\u04ff]{3,}|[\u0370-\u03ff]{3,}|[\u2500-\u257f]{3,}")
_ALPHABET_TOKEN = re.compile("[\x00-\x7f]*(?:[\u0400-\u04ff]{2}|[\u0370-\u03ff]{2})[\x00-\x7f]*")


def _sjis_marks(fixes: list[Fix]) -> int:
    """How many characters of a Shift_JIS reading have a lead byte 0x81-0x9F (kana, the common
    kanji, full-width punctuation): shown by Windows-1252 as a typographic mark or a C1 control
    glued inside a word."""
    codes = (c.encode("cp932") for f in fixes for c in f.new[:LEGACY_SAMPLE] if not c.isascii())
    return sum(1 for b in codes if len(b) == 2 and 0x81 <= b[0] <= 0x9F)


# --- cp932's duplicate codes ---------------------------------------------------------------------

# cp932 decodes some characters from two codes (an IBM extension at 0xFA-0xFC and its NEC-selected
# twin at 0xED/0xEE, NEC row 13 at 0x87 and a JIS symbol); Python's encoder writes one of them,
# the variants cp932-ibm / cp932-nec the other.  Another code page's bytes read as cp932 could have
# been either, so each such character is encoded the way that gives the original code page's text.
_CP932_VARIANTS = ("cp932", "cp932-ibm", "cp932-nec")
_CP932_SINGLE = frozenset(set(variants.alt_codes("cp932-ibm")) | set(variants.alt_codes("cp932-nec")))
_CP932_MAX_COMBOS = 64   # choices tried together; beyond, one character at a time


def _cp932_duplicates(old: str, original: str, flavour: str | None, plain: str) -> tuple[str, Steps] | None:
    """The reading of ``old`` (text shown by cp932) as ``original`` with each character that cp932
    has twice encoded to whichever of its codes gives the most plausible text, and the steps that
    replay it: the token cut where the two code pages' characters both end, each piece encoded
    with one variant.  None when the plain reading (``plain``, '' if it fails) is as good."""
    try:
        codes = [list(dict.fromkeys(ch.encode(v) for v in _CP932_VARIANTS)) if ch in _CP932_SINGLE
                 else [ch.encode("cp932")] for ch in old]
    except UnicodeEncodeError:
        return None   # not text cp932 shows
    amb = [k for k, c in enumerate(codes) if len(c) > 1]
    if not amb:
        return None

    def read(choice: dict[int, bytes]) -> str | None:
        try:
            return b"".join(choice.get(k, c[0]) for k, c in enumerate(codes)).decode(original)
        except UnicodeDecodeError:
            return None

    best: tuple[float, dict[int, bytes], str] | None = None
    if 2 ** len(amb) <= _CP932_MAX_COMBOS:
        choices = [dict(zip(amb, combo)) for combo in itertools.product(*(codes[k] for k in amb))]
    else:   # one character at a time, the rest as cp932 writes them
        choices = [{}]
        for k in amb:
            scored: list[tuple[float, bytes]] = []
            for code in codes[k]:
                text = read({**choices[0], k: code})
                if text is not None:
                    scored.append((_cost(text, flavour), code))
            if scored:
                choices = [{**choices[0], k: min(scored, key=lambda x: x[0])[1]}]
    for choice in choices:
        text = read(choice)
        if text is not None:
            price = _cost(text, flavour)
            if best is None or price < best[0]:
                best = (price, choice, text)
    if best is None or best[2] == plain:
        return None
    _, choice, new = best
    # where both code pages' characters end, the token can be cut
    in_ends: set[tuple[int, int]] = set()
    pos = 0
    for k, opts in enumerate(codes):
        pos += len(choice.get(k, opts[0]))
        in_ends.add((pos, k + 1))
    out_ends: set[int] = set()
    pos = 0
    for ch in new:
        pos += len(ch.encode(original))
        out_ends.add(pos)
    cuts = [0] + sorted(k for p, k in in_ends if p in out_ends)
    # as few pieces as can be: a piece grows while one variant writes all of it
    pieces: list[tuple[int, int, list[str]]] = []
    for start, end in zip(cuts, cuts[1:]):
        fits = [v for v in _CP932_VARIANTS
                if all(old[k].encode(v) == choice.get(k, codes[k][0]) for k in range(start, end))]
        if not fits:
            return None   # two variants needed inside one character of the original: no replay
        both = [v for v in fits if pieces and v in pieces[-1][2]]
        if both:
            pieces[-1] = (pieces[-1][0], end, both)
        else:
            pieces.append((start, end, fits))
    if len(pieces) == 1:
        return new, (("encode", pieces[0][2][0]), ("decode", original))
    return new, (("segments", tuple((a, b, (("encode", vs[0]), ("decode", original))) for a, b, vs in pieces)),)


def _encode_or_none(token: str, codec: str) -> bytes | None:
    # most tokens do not encode in most code pages, and a refusal raised through a codec written
    # in Python (the web variants) costs ten times a plain encode: a single-byte code page refuses
    # by a set look-up instead
    chars = _single_byte_chars(codec)
    if chars is not None and not chars.issuperset(token):
        return None
    try:
        return token.encode(codec)
    except UnicodeError:
        return None


@functools.lru_cache(maxsize=None)
def _single_byte_chars(codec: str) -> frozenset[str] | None:
    """Every character a single-byte code page encodes; None for a multi-byte one (where some
    pairs of bytes decode to one character)."""
    if len(bytes(range(256)).decode(codec, "replace")) != 256:
        return None
    return frozenset(evidence.byte_map(codec))


def _token_cost(text: str, i: int, j: int, token: str, flavour: str | None = None) -> float:
    """The model's cost of ``token`` standing in for ``text[i:j]``, with a character of context
    each side (Han scored under the tradition ``flavour`` if given); a long token is judged on its
    first ``LEGACY_SAMPLE`` characters, scaled."""
    if j - i > LEGACY_SAMPLE:
        return _cost(token[:LEGACY_SAMPLE], flavour) * (j - i) / LEGACY_SAMPLE
    a, b = max(0, i - 1), min(len(text), j + 1)
    return _cost(text[a:i] + token + text[j:b], flavour)


# Cyrillic read as Cyrillic (all figures log10 of a likelihood ratio, see _cyrillic_reading)
_CYRILLIC_PAGES = frozenset({"koi8_r", "cp866", "cp1251-web", "iso8859_5", "mac_cyrillic"})
READING_GAIN = 5.0     # how much likelier a reading's words must be than the input's
READING_WORSE = -2.0   # ... while no word of the text gets this much less likely
READING_PAIRS = 4      # ... and the letter pairs it must write at least (a word of three letters)
CASE_FLIP_GAIN = 4.0   # how rare a word is whose case flips inside it: evidence for the reading
_RARE_PAGES = {"iso8859_5": 2.0, "mac_cyrillic": 2.0}   # little used: their readings need more
CAPS_TO_LOWER = 0.7    # a text all in capitals read as one all in lower case gains twice this; the reverse loses it
KNOWN_WORDS = 1.0      # a text in capitals no word of which is a word read as words all of which are
CAPS_PRIOR = 0.5       # what a reading loses per word it writes in capitals (twice at most)
READING_SAMPLE = 4096  # characters of a text judged whole; a longer one is judged on four windows
READING_WINDOW = 1024  # ... of this many characters


class _Shared:
    """What every Cyrillic reading of one text asks about the text itself, worked out once per
    text rather than once per reading (eight readings, and a second look from one_pass); each
    the first time a reading asks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.surprise: dict[tuple[int, int], tuple[float, int]] = {}   # a token of ``old`` -> pair_surprise
        self._chars: frozenset[str] | None = None
        self._windows: tuple[list[tuple[int, int]], str] | None = None
        self._cost: float | None = None
        self._drawn: bool | None = None

    def chars(self) -> frozenset[str]:
        if self._chars is None:
            self._chars = frozenset(self.text)
        return self._chars

    def windows(self) -> tuple[list[tuple[int, int]], str]:
        """The spans a reading is judged on and the text's own characters there."""
        if self._windows is None:
            # a long text is judged on windows spread over it, the same in the input and the
            # reading (a newline apart, which no word crosses), so that the work stays bounded
            n = len(self.text)
            spans = [(0, n)] if n <= READING_SAMPLE else \
                [(k * (n - READING_WINDOW) // 3, k * (n - READING_WINDOW) // 3 + READING_WINDOW) for k in range(4)]
            self._windows = spans, "\n".join(self.text[a:b] for a, b in spans)
        return self._windows

    def cost(self) -> float:
        if self._cost is None:
            self._cost = _cost(self.windows()[1][:LEGACY_SAMPLE])
        return self._cost

    def drawn(self) -> bool:
        """Whether the text holds box drawing that is drawing (see _drawn)."""
        if self._drawn is None:
            old = self.windows()[1]
            self._drawn = any(_drawn(r) for r in evidence._READ_RUN.findall(old) if len(r) >= 2 and _BOX_RUN.fullmatch(r))
        return self._drawn


def _cyrillic_reading(text: str, read_as: str, original: str, shared: _Shared | None = None) -> Candidate | None:
    """One Cyrillic code page read as another, judged over the whole text by its letter pairs
    (:func:`.evidence.reading_gain`).  The three Russian code pages put the same letters at
    different bytes, so each reading of another's text is a letter-for-letter substitution:
    'ошибка при слиянии' in Windows-1251 read as KOI8-R is 'НЬХАЙЮ ОПХ ЯКХЪМХХ', all letters,
    all capitals, in orders no language writes, and a lower-case text gives no case flip to go
    on.  The reading must write words (:func:`_word_shaped`), make the text as a whole
    ``10**READING_GAIN`` times likelier, and make no word of it much less likely (clean words next
    to garbled ones are not one program's reading)."""
    shared = shared or _Shared(text)
    # a code page that lacks a character of the text cannot have shown it: a set look-up says so
    # (a refusal raised through a codec costs far more, and most texts are refused by most pages)
    if not _CYRILLIC_CHARS[read_as].issuperset(shared.chars()):
        return None
    try:
        whole = text.encode(read_as).decode(original)   # (in C, however long the text)
    except UnicodeError:
        return None
    if whole == text:
        return None
    spans, old = shared.windows()
    new = "\n".join(whole[a:b] for a, b in spans)
    if not _word_shaped(new):
        return None
    gain, pairs, gains = evidence.reading_gain(old, new, shared.surprise)
    # a letter alone is no evidence for a reading (any capital is an initial: 'З. Иванов'), but
    # one that writes a one-letter word no language writes ('ъ.' where the other reading has
    # 'г.') is less likely
    gain += min(0.0, evidence.lone_letters(old, new))
    # a word whose case flips inside it ('рТПЛМ', 'юЕЗЕН': Windows-1251 and KOI8-R put the two
    # cases at each other's bytes) that the reading writes as a word: writers do not do that
    # (a unit after a number keeps its own case, a prefix in lower case and a symbol in capitals:
    # '64 кБ', '5 мВт' are how units are written, no flip)
    flips = sum(1 for m in _ANY_CYR_WORD.finditer(old) if not _CASED_WORD.fullmatch(m.group())
                and _CASED_WORD.fullmatch(new[m.start():m.end()]) and not _unit(old, m.start(), m.end()))
    gain += CASE_FLIP_GAIN * flips - _RARE_PAGES.get(read_as, 0.0)
    # real text is written in lower case far more often than in capitals, and a lower-case text
    # read through the code page that keeps the other case at its bytes (Windows-1251 and KOI8-R)
    # is all capitals: a reading that turns capitals alone into lower case alone is likelier, one
    # that turns lower case alone into capitals alone less likely, by the same factor.  (10**1.4:
    # the Russian and Ukrainian lines of the tuning gettext catalogues are all lower case 65-70
    # times as often as all capitals, the Bulgarian ones 15 times; at 10**1 a single garbled
    # word of a country's or a language's name, 'ЙСБЕИР' for 'кувейт', fell short)
    gain += CAPS_TO_LOWER * (_case(old) - _case(new))
    if _case(old) == 1 and _case(new) == -1 and evidence.words_known(old, new):
        # capitals that spell no word the languages use read as lower-case words they use, a
        # longer one among them ('ОПНЕТ' is 'номер', KOI8-R read as Windows-1251): a string of
        # capitals that is none reads as one by chance far less often than the letter model,
        # which gives a twelfth of its weight to words the table lacks, allows
        gain += KNOWN_WORDS
    # a text of short words alone, each read as a common word the input is none of ('ЛЮИ' for
    # 'май'): the table of words says what the letters of so short a word cannot
    few = evidence.short_words_only(old)
    short = few and evidence.common_short_words(old, new)
    if not short and (gain < READING_GAIN or pairs < READING_PAIRS) or min(gains, default=0.0) < READING_WORSE:
        return None   # (one character read as a letter is no evidence of anything: 'Press ├')
    # a frame, a rule, a tree or a bar read as letters is no word (see _drawn), nor one letter
    # three times in a word ('═══╡' is no 'НННЕ'); a lone '║' or '│' between columns, or '═'
    # between digits (KOI8-R's no-break space), was no word to begin with (reading_gain judges no
    # one-character token).  A token of one character repeated, which reading_gain does not count
    # ('ннн' for 'ООО', '╬╬╬' for it through cp866), follows the reading of the rest
    if any(_TRIPLE.search(m.group()) and len(set(old[m.start():m.end()])) > 1 for m in evidence._READ_RUN.finditer(new)) \
            or shared.drawn() and not _short_words_drawn(old, new):
        return None
    a, e = common_ends(text, whole)
    # real text is seldom written in capitals: between two readings that explain the text as
    # well ('йи (ицзу)' or 'КЙ (ЙГЪХ)'), the one in ordinary case
    caps = sum(1 for m in _ANY_CYR_WORD.finditer(new) if m.group().isupper())
    gain -= min(CAPS_PRIOR * caps, 2 * CAPS_PRIOR)
    # on the scale of the other legacy readings (THRESHOLD at READING_GAIN), or as they are
    # weighed, by the per-character model, where that says more: a Big5-as-GBK reading of the
    # same text ('АЙ║╝Б═Ъ' as Han) is judged by that model too
    w = max(gain * THRESHOLD / READING_GAIN,
            (shared.cost() - _cost(new[:LEGACY_SAMPLE])) * max(1.0, len(text) / LEGACY_SAMPLE) / 2)
    if _DRAWING_ONLY.fullmatch(old):
        # text with no letter, only box drawing and blocks: a frame, a table's rules, a bar, or
        # letters KOI8-R or Windows-1251 capitals put there.  Letter pairs cannot tell a short
        # reading from chance (a random run of box drawing spells three to eight letters in
        # orders words use about as often as real words do), so such a reading is sure only
        # from a long, ordinary text, and words of capitals alone are abbreviations, no evidence
        # ('╟═─╚' is no 'ЗНДИ')
        words = _ANY_CYR_WORD.findall(new)
        if words and all(wd.isupper() and len(wd) <= 4 for wd in words):
            return None
        mean, n_pairs = evidence.cyrillic_surprise(new)
        sure = w if n_pairs >= SURE_PAIRS and mean <= SURE_SURPRISE else min(w, DRAWING_EVIDENCE)
    else:
        sure = w
    if few:
        # a text of two- and three-letter words alone is taken, never written back unasked: a
        # short word could still be an abbreviation the table lacks, or another short word
        w = max(w, THRESHOLD)
        sure = min(sure, SHORT_EVIDENCE)
    steps = (("encode", read_as), ("decode", original))
    # (the reading competes with its full weight; only how sure the repair says it is is capped)
    return (w, read_as, (a, len(text) - e), [Fix(a, len(text) - e, text[a:len(text) - e], whole[a:len(whole) - e],
                                                  steps, 0.0, 0, False, (), sure)])


_UNIT_BEFORE = re.compile("[0-9][ \u00a0\u202f]?\\Z")


def _unit(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]``, a word of two or three letters, stands right after a number: a unit."""
    return b - a <= 3 and _UNIT_BEFORE.search(text, max(0, a - 2), a) is not None


def _case(text: str) -> int:
    """1 if the Cyrillic words of ``text`` are all in capitals, -1 if all in lower case, else 0."""
    words = _ANY_CYR_WORD.findall(text)
    if words and all(w.isupper() for w in words):
        return 1
    return -1 if words and all(w.islower() for w in words) else 0


# what each page shows: the characters its decoder writes (a C1 control that Windows-1251 does not
# leave undefined, '\x80' where it shows 'Ђ', is no Windows-1251 reader's output, whatever a
# browser's encoder would make of it)
_CYRILLIC_CHARS = {page: frozenset(bytes(range(256)).decode(page, "ignore")) for page in _CYRILLIC_PAGES}
_LINES = frozenset("─═━│║▀▄█▌▐░▒▓■")
_ANY_CYR_WORD = re.compile("[\u0400-\u045f\u0490\u0491]{2,}")
# box drawing by style: pieces that join each other (a frame, a table, a tree, a bar) keep to one
_BOX_STYLES = (frozenset("─│┌┐└┘├┤┬┴┼"), frozenset("━┃┏┓┗┛┣┫┳┻╋"), frozenset("═║╔╗╚╝╠╣╦╩╬"),
               frozenset("█▓▒░▄▀▌▐■"))


def _drawn(run: str) -> bool:
    """Whether a run of box drawing is drawing: pieces of one style with a straight line or a
    block among them ('├─', '└──', '╠══╬══╣', '[████░░]').  A Cyrillic word that KOI8-R and cp866
    turned into box drawing mixes the styles: their letters are scattered over the whole block
    ('┴╦╔═' for 'аким', '╙═╙' for 'как')."""
    chars = set(run)
    return any(c in _LINES for c in chars) and any(chars <= style for style in _BOX_STYLES)


DRAWN_WORD = 3   # the longest run of box drawing of one style that may still be a word (see _short_words_drawn)


def _short_words_drawn(old: str, new: str) -> bool:
    """Whether the runs of box drawing that look drawn are short words the reading spells.  KOI8-R's
    lower case read as cp866 (and cp866's read as KOI8-R) is box drawing, and a short word can fall
    on pieces of one style by chance ('─┴' for 'да', '╝║' for 'об'); in a text that reads as words
    throughout, such a run is one of them.  Real drawing is longer ('├──', '╠══╣') or, when short,
    reads as no words (:func:`.evidence.spells_words` judges all the text's runs of box drawing
    together, as :func:`.evidence.reading_gain` does)."""
    runs = [m.span() for m in evidence._READ_RUN.finditer(old) if _BOX_RUN.fullmatch(m.group())]
    if any(b - a > DRAWN_WORD for a, b in runs if _drawn(old[a:b])):
        return False
    return evidence.spells_words([new[a:b] for a, b in runs])


_BOX_RUN = re.compile("[\u2500-\u25a0]+")
_DRAWING_ONLY = re.compile("[\x00-\x7f\u2500-\u25a0]*")
SHORT_EVIDENCE = 3.0     # the most evidence a text of two- and three-letter words alone shows (confidence 0.86)
DRAWING_EVIDENCE = 3.0   # the most evidence text of box drawing alone shows without a long, ordinary reading (confidence 0.86)
_SYMBOLS_GLUED = re.compile("[^\\x00-\\x7f]{2}")
_QUOTE_ELLIPSIS = re.compile("([»“”’])…(?=[.,:;!?]*\\Z)")   # a closing quote, an ellipsis, at a token's end
# (letters on both sides: quotes around a Latin word, '«Y»,', are punctuation)
_MIXED_WORD = re.compile("(?![\\x00-\\x7f])[^\\W\\d_][A-Za-z]+(?![\\x00-\\x7f])[^\\W\\d_]")
_IN_LATIN = re.compile("[A-Za-z][^\\x00-\\x7f]+[A-Za-z]")
_WORD_PART = re.compile(r"[-'’./]")
_OPEN_QUOTES = frozenset("«„“‘‚")
_CLOSE_QUOTES = frozenset("»“”’")
# a token: opening punctuation (quotes, brackets, digits, '№'), the word (an apostrophe inside
# it, Ukrainian 'кар’єра', 'м’ясо'), closing punctuation (quotes, brackets, stops, '…', '™', '®',
# '°', digits)
_SHAPED_TOKEN = re.compile("([«„“‘‚\"'(\\[{№0-9]?)([^\\s«»„“”‘’‚\"()\\[\\]{}–—…™®©°№]+?(?:’[^\\s«»„“”‘’‚\"()\\[\\]{}–—…™®©°№]+?)*)"
                           "([»“”’\"')\\]}.,:;!?…™®©°²³0-9]*)")


_LONE_NBSP = re.compile(r"(?<!\S)\xa0|\xa0(?!\S)")
_NO_ASCII = dict.fromkeys(range(0x80))


def _word_shaped(new: str) -> bool:
    """Whether a reading writes words: every token with a letter of its own a word of one case
    pattern (lower case, capitalised or capitals; an ASCII suffix allowed, 'дарданелаton'),
    opening punctuation before it and closing punctuation after it only, no dash glued to it, no
    opening quote the text does not close, no token of symbols alone, and no no-break space that
    does not stand between two things.  (A token is cut at ASCII brackets and '='.)"""
    if _LONE_NBSP.search(new):
        return False
    counts = [0, 0, 0]   # quotes opened, quotes closed, words written
    for whole in new.split():
        if whole.isascii():
            continue
        if _MIXED_WORD.search(whole):
            return False   # Cyrillic on both sides of Latin letters is no word ('├┤a┼┐a' read as letters)
        if _IN_LATIN.search(whole):
            return False   # ... nor Cyrillic inside a Latin word ('Dішішtschland')
        # ASCII brackets and '=' are the same bytes in every reading and say nothing of its
        # shape: the words on either side are judged apart ('[=режим]', 'функция(и)', 'отляво(lvalue)')
        for tok in _ASCII_BRACKETS.split(whole):
            if not tok.isascii() and not _shaped(tok, counts):
                return False
    return (counts[2] > 0 or evidence.CYRILLIC_LETTERS.isdisjoint(new)) and counts[0] <= counts[1]


_ASCII_BRACKETS = re.compile("[][(){}<>=]")


def _shaped(tok: str, counts: list[int]) -> bool:
    """The shape test of :func:`_word_shaped` for one token; ``counts`` adds up the quotes it opens,
    those it closes and the words it writes."""
    if evidence.CYRILLIC_LETTERS.isdisjoint(tok):
        # (an ellipsis after the quote that closes a name is closing punctuation, as a stop is:
        # '„data.txt“…'; Windows-1251 keeps both at bytes KOI8-R and cp866 show as box drawing)
        if _SYMBOLS_GLUED.search(_QUOTE_ELLIPSIS.sub(r"\1", tok)):
            return False   # '–‚…’' is no word ('±25', '24°', '(1975–1993)' are fine)
        # (a quote it opens or closes counts: '«г. бавлы, д. 5, 366480»', and one a stop or a
        # comma follows: '«0».', '«-n»,')
        opening = tok[:len(tok) - len(tok.lstrip("".join(_OPEN_QUOTES)))]
        for q in opening:
            # '“' opens a quote in English and closes one in German, Bulgarian and Ukrainian
            # ('„(вграден)“', cut at the brackets): where a quote is open, it closes that one
            if q in _CLOSE_QUOTES and counts[0] > counts[1]:
                counts[1] += 1
            else:
                counts[0] += 1
        bare = tok[len(opening):].rstrip(".,:;!?…")
        counts[1] += len(bare) - len(bare.rstrip("".join(_CLOSE_QUOTES)))
        return True
    m = _SHAPED_TOKEN.fullmatch(tok)
    if m is None:
        return False   # '—рнуче', '««ж', 'муна™x'; ('‘таре' for 'Старе' opens a quote nothing closes)
    counts[0] += sum(map(_OPEN_QUOTES.__contains__, m.group(1)))
    counts[1] += sum(map(_CLOSE_QUOTES.__contains__, m.group(3)))
    for part in _WORD_PART.split(m.group(2)):
        core = part.translate(_NO_ASCII)   # (its non-ASCII characters, in C)
        if core and not _CASED_WORD.fullmatch(core):
            return False
        counts[2] += bool(core)
    return True


# (a word of UTF-8 Cyrillic read as Han, Cyrillic read as a Western code page and its rivals)
PAIRS_MIN = 6          # letter pairs a Cyrillic reading needs before their frequencies count
SURPRISE_OUT = 2.9     # ... and the mean surprise below which they are real writing (words score 2.3-2.8)


_CASED_WORD = re.compile("[а-яёіїєґўјљњћџѓќѕ]+|[А-ЯЁІЇЄҐЎЈЉЊЋЏЃЌЅ][а-яёіїєґўјљњћџѓќѕ]*|[А-ЯЁІЇЄҐЎЈЉЊЋЏЃЌЅ]+")


_TRIPLE = re.compile(r"([^\W\d_])\1\1")
_SYMBOL_IN_WORD = re.compile(r"[^\W\d_][^\w\s\x00-\x7f][^\W\d_]")
_GLUED = re.compile("[A-Za-z][^\\x00-\\x7f]|[^\\x00-\\x7f][A-Za-z]")
_TOKEN = re.compile(r"\S*[^\x00-\x7f]\S*")
_CASE_FLIP = re.compile("\\b[а-яё][А-ЯЁ]{2,}")
_CYR_WORD = re.compile("[А-яЁё]{2,}")


_PRIVATE = re.compile("[\ue000-\uf8ff]")
_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]+")


def _mostly_words(fixes: list[Fix]) -> bool:
    """Whether most Han, kana and Hangul a reading writes stand in runs of two or more, or stand
    alone as different characters (a date, '2024年3月5日'); one character over and over between
    other things is a pattern read as Han by chance ('$潭6潭3潭')."""
    runs = [m.group() for f in fixes for m in _CJK_RUN.finditer(f.new[:LEGACY_SAMPLE])]
    lone = [r for r in runs if len(r) == 1]
    return bool(runs) and (sum(map(len, runs)) - len(lone) >= 0.6 * sum(map(len, runs))
                           or len(lone) >= 2 and len(set(lone)) == len(lone))


COUNTER_COMMON = 3.5   # log10: the most a counter or unit after a number may cost in its writing system


_COUNTERS = re.compile("(?:[0-9]+[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3])+")


def _counter(fixes: list[Fix], original: str) -> bool:
    """Whether a reading writes common characters each right after a number and nothing else:
    counters, units or a date ('3ÔÂ' is GBK '3月', '1¿ù' EUC-KR '1월', '1ÔÂ15ÈÕ' '1月15日')."""
    if len(fixes) != 1 or original not in _SYSTEM or _COUNTERS.fullmatch(fixes[0].new) is None:
        return False
    return all(frequency.surprise(ch, _SYSTEM[original])[0] <= COUNTER_COMMON
               for ch in fixes[0].new if not ch.isdigit())


_LOW = bytes(range(0x80, 0xA1))
_C1_RUN = re.compile("[\x80-\x9f]+")
# controls no text holds: C0 but for whitespace, DEL, and the C1 controls Windows-1252 leaves undefined
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\x81\x8d\x8f\x90\x9d]")
# (the five C1 controls Windows-1252 leaves undefined are no punctuation of it: '\x81c' is a
# Shift_JIS '…' read as Windows-1252)
_C1_PUNCTUATION = re.compile("[\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]?[\x00-\x7f]*[\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]?")
_WESTERN = frozenset({"cp1252-web", "latin-1"})
_script = evidence._script


def _listed(token: str) -> bool:
    """Whether ``token`` holds five or more non-ASCII characters in a row, each a few code points
    after the one before ('àáâãä', '²µ¹¼½¾'): a list, where a legacy code page's bytes, spread over
    a hundred values, do that about once in a few hundred thousand runs."""
    run = 1
    for a, b in zip(token, token[1:]):
        run = run + 1 if not a.isascii() and 0 < ord(b) - ord(a) <= 4 else 1
        if run >= LISTED_RUN:
            return True
    return False


LISTED_RUN = 5
ACCENTED_ONLY = 2   # letters from which a word of accented letters alone is no Western word (see legacy)


def _word_in(text: str, script: str) -> bool:
    """Whether ``text`` holds two letters of ``script`` in a row."""
    return any(_script(a) == script == _script(b) for a, b in zip(text, text[1:]))


_DIGIT_GLUED = re.compile("[0-9][^\\x00-\\x7f]|[^\\x00-\\x7f][0-9]")


def _latin_word(token: str) -> bool:
    """Whether ``token`` is Latin letters (ASCII punctuation and digits aside) in a case real
    writing uses: all capitals, all lower case, or capitalised."""
    letters = "".join(c for c in token if c.isalpha())
    if not letters or any(not c.isascii() and not c.isalpha() or c.isalpha() and _script(c) != "Latin"
                          for c in token):
        return False
    if not any(c.isascii() for c in letters) and _DIGIT_GLUED.search(token):
        # accented letters alone glued to a number ('12ÔÂ', '2002Äê': GBK '12月', '2002年') are
        # what a double-byte code page's counters and units leave; Western words glued to numbers
        # ('1ère', '2nd') hold ASCII letters
        return False
    return letters.isupper() or letters.islower() or letters[0].isupper() and letters[1:].islower()


def _accented_only(token: str) -> bool:
    """Whether ``token``'s letters are ACCENTED_ONLY or more, none of them ASCII."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= ACCENTED_ONLY and not any(c.isascii() for c in letters)


def _low_bytes(data: bytes) -> int:
    return len(data) - len(data.translate(None, _LOW))


def _scripts(text: str) -> set[str | None]:
    """The scripts of the non-ASCII letters of ``text`` (Han and kana count as one)."""
    found = set(map(_LETTER_SCRIPT.__getitem__, text))
    found.discard(None)
    return found


class _LetterScript(dict[str, "str | None"]):
    """character -> the script of a non-ASCII letter (plausibility's), None for anything else;
    filled on first sight, cleared past a bound (bounded memory)."""

    def __missing__(self, c: str) -> str | None:
        if len(self) > 65536:
            self.clear()
        v = self[c] = None if c.isascii() else plausibility._LETTER_SCRIPTS.get(plausibility.char_class(c))
        return v


_LETTER_SCRIPT = _LetterScript()


_PUNCT = frozenset("«»„“”‘’‚–—…№°·\u00a0")
# ... and the punctuation Chinese, Japanese and Korean write in full width: ideographic stops and
# commas, corner and angle brackets ('「未知」', '《》'), full-width brackets, colons and marks
# ('（死锁？）', '：').  A reading through a CJK code page writes them around its words; only
# those code pages hold them, so they count for no other script's reading either way.
_CJK_PUNCT = re.compile("[\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


def _non_ascii(text: str) -> int:
    """Non-ASCII characters other than the punctuation every script uses."""
    t = text.translate(_SCRIPT_CODES)
    return len(t) - t.count("p")


def _letters(new: str, script: str) -> int:
    t = new.translate(_SCRIPT_CODES)
    return t.count(_SCRIPT_CODE[script]) + (t.count("k") if script == "CJK" else 0)


# The three counts above look at every character of a token under every legacy reading: one
# str.translate (in C) to a letter per character does it.  Each non-ASCII character becomes the
# letter of its script (plausibility's), 'k' for half-width katakana (CJK, but not how Japanese is
# written), 'p' for the punctuation every script uses, 'x' for anything else; ASCII goes (no
# ASCII character is a letter of the scripts these counts ask about).
_SCRIPT_CODE = {"Latin": "L", "Cyrillic": "C", "Greek": "G", "Hebrew": "H", "Arabic": "A", "CJK": "J",
                "Hangul": "K", "Other": "O"}


class _ScriptCodes(dict[int, "str | None"]):
    """code point -> its letter, filled on first sight, cleared past a bound (bounded memory)."""

    def __missing__(self, o: int) -> str | None:
        if len(self) > 65536:
            self.clear()
            self.update(dict.fromkeys(range(0x80)))
        c = chr(o)
        s = plausibility._LETTER_SCRIPTS.get(plausibility.char_class(c))
        v = "p" if c in _PUNCT or _CJK_PUNCT.match(c) else "k" if "\uff61" <= c <= "\uff9f" \
            else _SCRIPT_CODE[s] if s else "x"
        self[o] = v
        return v


_SCRIPT_CODES = _ScriptCodes(dict.fromkeys(range(0x80)))


def _ascii_letter(text: str, k: int) -> bool:
    return 0 <= k < len(text) and text[k].isascii() and text[k].isalpha()


_RARE_OR_BAD = evidence._RARE_OUTPUT | evidence._BAD_OUTPUT


def _ascii_alnum(text: str, k: int) -> bool:
    return 0 <= k < len(text) and text[k].isascii() and text[k].isalnum()


# --- 4. C1 controls -------------------------------------------------------------------------


def c1_fixes(text: str, taken: list[tuple[int, int]]) -> list[Fix]:
    out: list[Fix] = []
    taken = sorted(taken)
    starts = [x for x, _ in taken]
    # (the C1 range in order, a code page's table, is a list, not punctuation; judged on whole
    # runs of C1 controls, which the ones Windows-1252 leaves undefined break into pieces)
    lists = [m.span() for m in _C1_RUN.finditer(text) if _listed(m.group())]
    list_starts = [x for x, _ in lists]
    for a, b in evidence.c1_controls(text):
        r = bisect.bisect_right(list_starts, a) - 1
        if r >= 0 and a < lists[r][1]:
            continue
        if _CONTROL.match(text[a - 1:a]) or _CONTROL.match(text[b:b + 1]):
            continue   # next to other control characters: control data (an EBCDIC table), not text
        k = bisect.bisect_left(starts, b)   # the taken stretches that start before this run ends
        if k and taken[k - 1][1] > a or any(y > a for _, y in taken[max(0, k - 8):k]):
            continue
        old = text[a:b]
        new = old.encode("latin-1").decode("cp1252-web")
        sure = UNCONFIRMED_EVIDENCE if _double_byte_reading(text, a, b) else 4.0
        out.append(Fix(a, b, old, new, (("encode", "latin-1"), ("decode", "cp1252-web")), 0.0, 0, False, (), sure))
    return out


def _double_byte_reading(text: str, a: int, b: int) -> bool:
    """Whether the word around the C1 controls ``text[a:b]`` reads as common Han or kana in a
    double-byte code page ('\x82\x80ÈË' is GBK '個人', its first byte a lead of GBK's own rows,
    not Windows-1252 '‚€'): then the controls may as well be lead bytes, and the fix is not sure."""
    i, j = a, b
    while i > 0 and not text[i - 1].isspace() and a - i < 64:
        i -= 1
    while j < len(text) and not text[j].isspace() and j - b < 64:
        j += 1
    if any(ch.isalpha() and ch > "\xff" for ch in text[i:j]):
        # a letter no Latin-1 reading writes in the same word ('ﾑ\x80', '筰\x80': UTF-8 read as
        # Shift_JIS, which leaves the byte as it is): the word was read some other way, and the
        # control is a byte of it as likely as a Windows-1252 sign
        return True
    try:
        data = text[i:j].encode("latin-1")
    except UnicodeEncodeError:
        return False
    for cp in ("gbk", "cp950", "cp932"):
        try:
            word = data.decode(cp)
        except UnicodeDecodeError:
            continue
        if _cjk_text(word) and not frequency.rare(word, C1_LEAD_COMMON):
            return True
    return False


C1_LEAD_COMMON = 4.5   # frequency.rough, below which a double-byte reading makes C1 controls unsure
#                        (ordinary text: 2.5-3.5; names 3.5-4.5, '孫' 4.1 and '斎藤' 4.35 in GBK, whose lead
#                        bytes 0x81-0xA0 before an ASCII trail are C1 controls to Latin-1; one code
#                        page's text read as another's, 4.5 and more)


# --- one pass ---------------------------------------------------------------------------------


def utf16_as_8bit(text: str) -> list[Fix]:
    """UTF-16 read as an 8-bit code page: a NUL at every other position.  Real text holds no NULs."""
    n = len(text)
    if n < 4 or text.count("\x00") * 10 < 4 * n:
        return []
    for order, first in (("utf-16-le", 1), ("utf-16-be", 0)):
        # the NULs are the high bytes, so the other bytes are the text: where they are NULs too
        # (a run of NULs, padding) the input shows no UTF-16 at all, and reading it so would halve it
        if sum(1 for k in range(first, n, 2) if text[k] == "\x00") * 10 >= 8 * (n // 2) \
                and sum(1 for k in range(1 - first, n, 2) if text[k] != "\x00") * 10 >= 8 * (n // 2):
            try:
                new = text.encode("latin-1").decode(order)
            except UnicodeError:
                continue
            return [Fix(0, n, text, new, (("encode", "latin-1"), ("decode", order)), 0.0, 0, False, (), 5.0)]
    return []


_SURROGATE_ANY = re.compile(r"[\ud800-\udfff]")   # re's escapes: mypyc takes no lone surrogate in a literal
_SURROGATE_PAIR = re.compile(r"(?:[\ud800-\udbff][\udc00-\udfff])+")


def surrogate_pairs(text: str) -> list[Fix]:
    """UTF-16 surrogate pairs left as two code points (JSON's '\\ud83d\\udc4d' decoded one half at a
    time): text never holds a surrogate, and a high one followed by a low one is one character."""
    steps = (("encode", "utf-16-le", "surrogatepass"), ("decode", "utf-16-le"))
    return [Fix(a, b, text[a:b], text[a:b].encode("utf-16-le", "surrogatepass").decode("utf-16-le"), steps,
                0.0, 0, False, (), 5.0) for a, b in (m.span() for m in _SURROGATE_PAIR.finditer(text))]


def one_pass(text: str, allow_legacy: bool = True, seen: dict[str, float] | None = None) -> list[Fix]:
    """The fixes one layer of mojibake needs, or [] when the text shows no evidence."""
    if "\x00" in text:
        found = utf16_as_8bit(text)
        if found:
            return found
    found = surrogate_pairs(text) if _SURROGATE_ANY.search(text) else []
    if found:
        return found
    readers, cjk, legacy_shaped = evidence.quick_look(text, allow_legacy)
    if not readers and seen:
        # a later layer: the reading the layer before showed is searched even where the cheap
        # look sees only letters ('ÄŒ' is a capital pair to it, and 'Č' once more garbled)
        readers = [r for r in evidence.UTF8_READERS if r in seen]
    if not (readers or cjk or legacy_shaped and allow_legacy):
        return []   # the one cheap look clean text gets (and a later layer, which reads no legacy chain)
    spans = regions(text)
    if not spans:
        return []
    shared = _Shared(text)
    cands = utf8_single_byte(text, spans, readers, seen or ()) if readers else []
    if cjk:
        cands += utf8_cjk(text, spans)
    if not cands and not (allow_legacy and legacy_shaped):
        # no UTF-8 reading to choose from and no legacy one to look for (most later layers)
        return _non_overlapping(c1_fixes(text, [])) if readers else []
    by_region: dict[tuple[int, ...], list[Candidate]] = {}
    for c in cands:
        by_region.setdefault(c[2][:1], []).append(c)
    chosen: list[Candidate] = []
    readers_seen: dict[str, float] = dict(seen or {})   # a previous layer's reading counts
    judge = _Judge(text, cands)
    # strongest regions first, so that a reading the text has shown can lower the bar for the rest
    ordered = sorted(by_region.values(), key=lambda cs: -max(c[0] for c in cs))
    pending: list[list[Candidate]] = []
    for cs in ordered:
        pick = judge.pick(cs, readers_seen, THRESHOLD)
        if pick is None:
            pending.append(cs)
            continue
        chosen.append(pick)
        readers_seen[pick[1]] = readers_seen.get(pick[1], 0) + pick[0]
    if not chosen:
        # many weak signs of one reading, none enough alone ('Å iaip ÄÆdomu … VisÅ³')
        # (distinct ones: the same few characters over and over are a pattern, '├┤a┼┐a┼┐')
        sums: dict[str, dict[str, float]] = {}
        for cs in pending:
            for c in cs:
                if c[0] >= 1.0:
                    sums.setdefault(c[1], {})[text[c[2][0]:c[2][1]]] = c[0]
        for reader, ws in sums.items():
            if len(ws) >= 3 and sum(ws.values()) >= THRESHOLD + 1:
                readers_seen[reader] = sum(ws.values())
    if readers_seen:
        # a code page that reads every stretch the text has shown as the reading shown does is that
        # reading too ('Ä\x8d' is 'č' through Windows-1252 and ISO-8859-2, and only the second reads
        # 'ĹŻĹž' in the same word)
        shown = {c[1]: min(f.evidence for f in c[3]) for c in chosen}
        written: dict[str, set[str | None]] = {}   # the scripts each reading wrote
        for c in chosen:
            written.setdefault(c[1], set()).update(_scripts("".join(f.new[:LEGACY_SAMPLE] for f in c[3])))
        for r in judge.alike(chosen, readers_seen, pending):
            readers_seen.setdefault(r, min(readers_seen.values()))
            if shown:
                shown[r] = min(shown.values())
                written[r] = set().union(*written.values())
        in_word = _WordsOf(text, chosen) if pending and chosen else None
        strays = _Strays(text, cands)
        for cs in pending:
            pick = judge.pick(cs, readers_seen, CONSISTENT, only_seen=True)
            # the rest of a word a reading has repaired ('RĹŻĹžiÄ\x8dka' is 'Růžička'): one
            # program wrote the word in one encoding, and half a garbled word is no text
            follows = bool(in_word.readers(cs[0][2])) if in_word is not None else False
            if pick is None and follows:
                pick = judge.pick(cs, readers_seen, SAME_WORD, only_seen=True)
            if pick is None:
                # ... or letters of the alphabet the reading wrote elsewhere ('Đş. Звенигород' is
                # 'к. Звенигород'): the Latin alphabet aside, whose letters clean text is full of
                alike = [c for c in cs if c[1] in readers_seen and _alphabet_of(c, written.get(c[1], set()))]
                pick = judge.pick(alike, readers_seen, SAME_WORD, only_seen=True) if alike else None
            if pick is None:
                # ... or letters of an alphabet the text holds nowhere else, read back as letters
                # of the alphabet the reading wrote ('associГ© Г\xa0 l'option': the one Cyrillic
                # letter of a French text, 'Г', is the lead byte of 'à' before its no-break space)
                stray = [c for c in cs if c[1] in shown and strays.of(c, written.get(c[1], set()))]
                pick = judge.pick(stray, readers_seen, SAME_WORD, only_seen=True) if stray else None
                follows = pick is not None
            if pick is None:
                continue
            follows = follows or _alphabet_of(pick, written.get(pick[1], set()))
            if pick[1] in _CJK_NAMES and all(len(f.new) == 1 for f in pick[3]):
                # a lone sign or letter follows the reading where it wrote the letter's script
                if not _scripts("".join(f.new for f in pick[3])) <= written.get(pick[1], set()):
                    continue
                follows = True
            if follows and pick[1] in shown:
                # ... and is as sure as the stretches that showed the reading
                pick = (pick[0], pick[1], pick[2], [f.with_evidence(max(f.evidence, shown[pick[1]]))
                                                    for f in pick[3]])
            chosen.append(pick)
        chosen = _unsure_if_left_behind(chosen, pending)
    # (a later layer's text has shown its reading already: the layer before read it through the
    # same code page, so a letter decoded right beside a pair is no sign of mixed text)
    if len(chosen) == 1 and chosen[0][1] not in (seen or ()) and _lone_pair_of_two_readings(text, chosen[0], cands) \
            or _spaces_beside_right_letters(text, chosen):
        chosen = []
    partial = all(sum(f.end - f.start for f in c[3]) < c[2][1] - c[2][0] for c in chosen)
    # a UTF-8 reading that writes characters real text rarely holds ('ѧУ' from 'Ñ§Ð£', 'ʲô' from
    # 'Ê²Ã´': GBK 学校 and 什么 read as Latin-1) is weighed against a legacy reading of the text
    # (a C1 control it writes is the next layer's evidence, not a rare character; a long text is
    # not read twice over: the whole-text comparison is for the short ones where this happens)
    # (rare letters of an alphabet in a word of one script and case are a language's own:
    # Mongolian 'үгүй', Azerbaijani 'ə')
    rare = not partial and len(text) <= COST_SAMPLE and any(
        evidence.rare_output(ch) for c in chosen for f in c[3] if not _alphabet_word(f.new)
        for ch in f.new[:LEGACY_SAMPLE])
    took_legacy = False
    if allow_legacy and (partial or rare) and legacy_shaped:
        # no UTF-8 reading, or one that explains only bits of stretches (a Latin-1 pair of GBK
        # bytes can look like UTF-8 by chance): perhaps one legacy code page read as another,
        # across the whole text
        legacies = legacy(text, spans, shared)
        best = _best_legacy(legacies)
        if best is not None and best[0] >= THRESHOLD and (
                not rare or _cost(_applied(text, best[3], COST_SAMPLE))
                < _cost(_applied(text, [f for c in chosen for f in c[3]], COST_SAMPLE))
                and not _rare_han(best)):
            # (a UTF-8 reading of the whole text is not displaced by Han that real frequencies find
            # rare: 'Î§Î±Î²Î±ÏŠÎºÎ¬' is Greek 'Χαβαϊκά', whose 'ϊ' the model finds rare, not GBK
            # '围伪尾伪蠆魏维')
            best = _with_signs(_other_code_pages(_with_rivals(_without_signs(best),
                                                              [_without_signs(c) for c in legacies])), best)
            if best is not None:
                chosen, took_legacy = [_unsure_of_rare_han(best)], True
    if allow_legacy and not partial and not took_legacy and legacy_shaped and chosen \
            and evidence._CYRILLIC_OR_BOX.search(text):
        # a UTF-8 or CJK reading of pieces of the text against one Cyrillic code page read as
        # another over all of it (box drawing and Cyrillic are GBK characters too, and a
        # symbol and a letter can make a UTF-8 sequence): the stronger evidence wins
        cyr = [c for read_as, original, script in LEGACY_CHAINS if read_as in _CYRILLIC_PAGES
               for c in [_cyrillic_reading(text, read_as, original, shared)] if c is not None]
        # (or, both with evidence enough, the one whose text the model finds likelier: 'з®Єв\xa0ў'
        # is 'чоктав', not UTF-8 '箪⠢')
        # (a reading's letter pairs count once each here: a repeated unit repeats one observation,
        # and UTF-8 Devanagari digits '२०००' read as cp1251 are cp866 'реирежрежреж' three times
        # over; and the model's word decides only against a UTF-8 reading that writes what real
        # text rarely holds)
        best = max(cyr, key=lambda c: c[0], default=None)
        if best is not None and best[0] >= THRESHOLD and (
                best[0] * _distinct_pairs(best) > sum(c[0] for c in chosen)
                or rare and _cost(_applied(text, best[3], LEGACY_SAMPLE))
                < _cost(_applied(text, [f for c in chosen for f in c[3]], LEGACY_SAMPLE))):
            chosen = [_with_rivals(best, cyr)]
    # (a reading that writes a combining mark where no letter carries it, or a lone letter glued
    # to a sign, is chance however much structure its bytes have: GBK '状态' glued to a Latin word
    # is '×´Ì¬' through Windows-1252, which UTF-8 reads as Hebrew gershayim carrying a caron)
    fixes = [f.with_evidence(min(f.evidence, UNCONFIRMED_EVIDENCE))
             if _stray_mark(f) or _letter_and_sign(text, f) else f for c in chosen for f in c[3]]
    if readers:
        c1 = c1_fixes(text, [(f.start, f.end) for f in fixes])
        if c1 and not fixes and not _plain_with_signs(text):
            # the controls are all the text shows, and with Windows-1252's signs in their place it
            # still reads as no Western text ('Äã ±Ø í\x9a ÔÚ' is GBK read as Latin-1): a sign
            # there is no sure repair
            c1 = [f.with_evidence(min(f.evidence, UNCONFIRMED_EVIDENCE)) for f in c1]
        fixes += c1
    return _non_overlapping(fixes)


def _stray_mark(f: Fix) -> bool:
    """Whether ``f`` writes a combining mark right after a character it wrote that is no letter,
    digit or mark, or one of the combining Latin letters (U+0363-U+036F) that only editions of
    medieval manuscripts use.  (Variation selectors and the keycap follow symbols and digits by
    design, and kaomoji put accents on the ASCII punctuation beside them: '(ง'̀⌣'́)ง'.)"""
    for k, ch in enumerate(f.new[:LEGACY_SAMPLE]):
        if ch.isascii() or unicodedata.category(ch) not in ("Mn", "Me") or ch in _SELECTORS:
            continue
        if "\u0363" <= ch <= "\u036f":
            return True
        if k and not (f.new[k - 1].isalnum() or unicodedata.category(f.new[k - 1]) in ("Mn", "Mc", "Me")):
            return True
    return False


def _letter_and_sign(text: str, f: Fix) -> bool:
    """Whether ``f`` writes, where the text has nothing else, one letter of an alphabet other than
    Latin glued to a sign ('л÷', 'л·' from GBK names read as Latin-1): a word of one letter
    is any text's, and no writing glues a sign to it; two chance pairs of bytes make it."""
    new = f.new
    if len(new) != 2 or not text[:f.start].isascii() or not text[f.end:].isascii():
        return False
    a, b = (new[0], new[1]) if new[0].isalpha() else (new[1], new[0])
    return (a.isalpha() and not b.isalnum() and not b.isspace() and not b.isascii()
            and evidence._script(a) not in (None, "Latin"))


_SELECTORS = frozenset(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0), 0x20E3]))


def _distinct_pairs(c: Candidate) -> float:
    """The share of the letter pairs ``c`` writes that are distinct (1.0 for a text without pairs)."""
    pairs = [w[k:k + 2] for f in c[3] for w in f.new[:LEGACY_SAMPLE].split() for k in range(len(w) - 1)]
    return len(set(pairs)) / len(pairs) if pairs else 1.0


C1_PLAIN_COST = 1.2   # model cost per non-ASCII character, at most, of Western text (ordinary: 0.3-0.8)
_C1_SIGNS = {c: bytes([c]).decode("cp1252", "ignore") or chr(c) for c in range(0x80, 0xA0)}


_ASCII_LETTER = re.compile("[A-Za-z]")


def _plain_with_signs(text: str) -> bool:
    """Whether ``text``, its C1 controls read as Windows-1252's signs, reads as Western text.
    (A text whose only other non-ASCII character is one more sign, 'Roy – employer\x85', says too
    little for the model to judge: it is taken as Western.)"""
    sample = text[:COST_SAMPLE]
    others = sum(1 for ch in sample if not ch.isascii() and ord(ch) not in _C1_SIGNS)
    if others < 2:
        # (... but a text with no ASCII letter either is no Western text shown: '\x84¢' is GBK
        # '劉' read as Latin-1, not '„¢')
        return _ASCII_LETTER.search(sample) is not None
    sample = sample.translate(_C1_SIGNS)
    return _cost(sample) / sum(1 for ch in sample if not ch.isascii()) <= C1_PLAIN_COST


def utf8_left(text: str, seen: dict[str, float]) -> bool:
    """Whether ``text`` still holds a UTF-8 reading through a code page of ``seen`` with the
    evidence a region needs on its own (see :func:`utf8_single_byte`), whether or not a pass
    would take it."""
    readers = [r for r in seen if r in evidence.UTF8_READERS and evidence.encoded(text, r, count=False)[1]]
    if not readers:
        return False
    spans = regions(text)
    return bool(spans) and any(c[0] >= THRESHOLD for c in utf8_single_byte(text, spans, readers, seen))


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def mixed_words(old: str, new: str) -> bool:
    """Whether ``new`` holds a word ``old`` does not that mixes the letters of two scripts besides
    Latin ('ꐲýپ': Yi, Latin and Arabic; 'Aq離г': Han inside a Cyrillic word): no language writes
    such a word, so the repair that wrote it is no sure reading (Latin is left out: 'iPhone手机',
    'дарданелаton')."""
    def mixed(word: str) -> bool:
        if word.isascii():
            return False   # (most words: one check in C)
        scripts = {ONE_WRITING.get(s, s) for s in map(evidence._script, word) if s is not None} - {"Latin"}
        return len(scripts) > 1
    before = {w for w in _LETTER_RUN.findall(old) if mixed(w)}
    return any(mixed(w) and w not in before for w in _LETTER_RUN.findall(new))


def cjk_left(text: str, written: str = "") -> bool:
    """Whether ``text`` holds Han, kana or Hangul that read as UTF-8 write a word of an alphabet,
    three letters or more ('蟹邪胁卸写懈' is 'завжди' read as GBK), or a word of a script the
    repair itself wrote (``written``: Ethiopic 'ዓይነት' left as cp932 '瘠乍強瘧雪卸' beside the
    repaired 'የመስኮቱ'): clean CJK text almost never makes valid UTF-8, let alone words, so a repair
    that leaves such a stretch is a half undo."""
    if not _CJK_RUN.search(text):
        return False
    mine = _scripts(written) - {"Han"}
    return any(len(f.new) >= 3 and "\ufffd" not in f.new
               and (_alphabet_word(f.new) or f.new.isalpha() and len(_scripts(f.new)) == 1 and _scripts(f.new) <= mine)
               for c in utf8_cjk(text, regions(text)) for f in c[3])


def _alphabet_of(c: Candidate, scripts: set[str | None]) -> bool:
    """Whether every fix of ``c`` writes letters of one alphabet among ``scripts``, not Latin."""
    mine = _scripts("".join(f.new for f in c[3]))
    return (len(mine) == 1 and mine <= scripts and "Latin" not in mine
            and all(f.new.isalpha() for f in c[3]))


class _Strays:
    """Which candidates turn letters of a script the text holds nowhere outside the reading's
    stretches into letters of a script the reading wrote elsewhere."""

    def __init__(self, text: str, cands: list[Candidate]) -> None:
        self.text, self.cands = text, cands
        self._outside: dict[str, set[str | None]] = {}   # reader -> the scripts of letters outside its stretches

    def of(self, c: Candidate, written: set[str | None]) -> bool:
        if not all(f.new.isalpha() for f in c[3]):
            return False
        mine, old = _scripts("".join(f.new for f in c[3])), _scripts("".join(f.old for f in c[3]))
        if not mine or not mine <= written or not old or not old.isdisjoint(written):
            return False
        outside = self._outside.get(c[1])
        if outside is None:
            inside = [False] * len(self.text)   # (a list, not a bytearray: mypyc cannot zip one)
            for d in self.cands:
                if d[1] == c[1]:
                    for f in d[3]:
                        inside[f.start:f.end] = [True] * (f.end - f.start)
            outside = self._outside[c[1]] = _scripts("".join(ch for ch, k in zip(self.text, inside) if not k))
        return old.isdisjoint(outside)


LEFT_BEHIND = 2.4   # the most evidence a UTF-8 reading keeps when it left a sequence of its own unrepaired (0.8)


def _unsure_if_left_behind(chosen: list[Candidate], pending: list[list[Candidate]]) -> list[Candidate]:
    """``chosen``, a UTF-8 reading's fixes no surer than LEFT_BEHIND where a stretch it reads as
    whole UTF-8 letters was left garbled beside them: a partial repair of one chain's mojibake
    ('associé Г\xa0' half undone) is no sure one."""
    taken = {c[2][0] for c in chosen}   # (the regions repaired)
    left = {c[1] for cs in pending if cs[0][2][0] not in taken for c in cs
            if c[1] in evidence.UTF8_READERS and c[0] > 0 and all(f.new.isalpha() for f in c[3])}
    left.intersection_update(c[1] for c in chosen)
    if not left:
        return chosen
    return [(c[0], c[1], c[2], [f.with_evidence(min(f.evidence, LEFT_BEHIND)) for f in c[3]])
            if c[1] in left else c for c in chosen]


SAME_WORD = 0.1   # evidence a stretch needs inside a word a reading has repaired elsewhere


class _WordsOf:
    """The words (runs of non-space characters) of a text that hold a chosen fix, by reading."""

    def __init__(self, text: str, chosen: list[Candidate]) -> None:
        # (where the spaces are, as one compact array: a long text has tens of thousands)
        self.spaces = array("q", (m.start() for m in _SPACE.finditer(text)))
        self.n = len(text)
        self.words: dict[int, tuple[str, ...]] = {}   # a word's start -> the readings that repaired in it
        for c in chosen:
            for f in c[3]:
                w = self._word(f.start, f.end)
                if w is not None and c[1] not in self.words.get(w[0], ()):
                    self.words[w[0]] = self.words.get(w[0], ()) + (c[1],)

    def _word(self, i: int, j: int) -> tuple[int, int] | None:
        k = bisect.bisect_left(self.spaces, i)
        if k < len(self.spaces) and self.spaces[k] < j:
            return None   # (a stretch with a space in it is no one word)
        return (self.spaces[k - 1] + 1 if k else 0, self.spaces[k] if k < len(self.spaces) else self.n)

    def readers(self, span: tuple[int, int]) -> tuple[str, ...]:
        w = self._word(*span)
        return self.words.get(w[0], ()) if w is not None else ()


_SPACE = re.compile(r"\s")


def _lone_pair_of_two_readings(text: str, pick: Candidate, cands: list[Candidate]) -> bool:
    """Whether the one stretch a text would have repaired is a lone pair of characters that two
    code pages read as two different UTF-8 characters, in a text whose other non-ASCII
    characters were decoded right ('Bremer/Mccoy – DrÃ¥ber': 'å' through Windows-1252, a
    combining mark through MacRoman, beside a real dash).  Such mixed text shows no reading of
    its own to follow, so neither is taken: the pair is left as it is.  (Text read one way all
    through, 'cafÃ©', has no such neighbour; two or more sequences show their reading.)"""
    if pick[1] not in evidence.UTF8_READERS or len(pick[3]) != 1:
        return False
    f = pick[3][0]
    if f.end - f.start != 2 or len(f.new) != 1:
        return False
    # (only characters the code page holds say the text was decoded right: a CJK character, an
    # emoji or a byte order mark beside the pair could not have come through it at all)
    if not _read_right_outside(text, [f], pick[1], letters=False):
        return False
    rivals = [c[3][0].new for c in cands if c[1] != pick[1] and c[1] in evidence.UTF8_READERS and c[0] >= THRESHOLD
              and len(c[3]) == 1 and c[3][0].start == f.start and c[3][0].end == f.end and c[3][0].new != f.new]
    if rivals and f.new.isalpha() and not _rare(f.new) and all(_rare(r) for r in rivals) \
            and _letter_of_script_outside(text, f, evidence._script(f.new)):
        # ... but a letter decoded right beside it shows the text's alphabet: the reading that
        # writes a common letter of it is the text's, not one writing a combining mark or a rare
        # letter ('Le cafÃ© est prêt': MacRoman reads 'Ã©' as U+0329, 'O pÃ£o está' is cp850
        # 'pǜo'); a dash shows no alphabet ('Prix – cafÃ©')
        return False
    return bool(rivals)


def _rare(ch: str) -> bool:
    return evidence.rare_output(ch)


def _letter_of_script_outside(text: str, f: Fix, script: str | None) -> bool:
    """Whether ``text`` outside ``f`` holds a non-ASCII letter of ``script``."""
    return script is not None and any(
        not ch.isascii() and ch.isalpha() and evidence._script(ch) == script
        for k, ch in enumerate(text) if not f.start <= k < f.end)


def _spaces_beside_right_letters(text: str, chosen: list[Candidate]) -> bool:
    """Whether every fix rests on a space taken for a lost no-break space ('Ã ' for 'à ') in a
    text whose other non-ASCII letters were decoded right ('Letra Ã maiúscula': an 'ú' read
    through Windows-1252 would show as 'Ãº').  Such a text shows no wrong decode anywhere else,
    and 'Ã' before a space is a real Portuguese letter there, so it is left as it is."""
    fixes = [f for c in chosen for f in c[3]]
    if not fixes or any(f.steps[0][0] != "replace" for f in fixes):
        return False
    return _read_right_outside(text, fixes, fixes[0].steps[1][1], letters=True)


def _read_right_outside(text: str, fixes: list[Fix], reader: str, letters: bool) -> bool:
    """Whether ``text`` outside ``fixes`` holds a non-ASCII character (a letter, with ``letters``)
    that ``reader`` holds too: one that would show garbled had the text been read through it."""
    held = evidence.byte_map(reader)
    inside = {k for f in fixes for k in range(f.start, f.end)}
    return any(not ch.isascii() and ch != "\u00a0" and ch in held and (ch.isalpha() or not letters)
               for k, ch in enumerate(text) if k not in inside)


def _alphabet_word(new: str) -> bool:
    """Whether ``new`` is a word of one alphabet in a natural case (lower case, capitalised or
    capitals), its rare characters letters of that alphabet, no modifier letters or marks."""
    scripts = {evidence._script(c) for c in new}
    return (len(new) >= 2 and new.isalpha() and len(scripts) == 1 and None not in scripts
            and (new.islower() or new.isupper() or new[0].isupper() and new[1:].islower())
            and all(plausibility.char_class(c) not in _ODD_LETTERS for c in new))


_ODD_LETTERS = frozenset({"letter-other", "mark"})


_NO_REGIONS: frozenset[tuple[int, int]] = frozenset()


class _Judge:
    """Chooses among the readings of a stretch.  The plausibility model is asked only here, once
    per distinct candidate, and only about stretches that have evidence."""

    def __init__(self, text: str, cands: list[Candidate]) -> None:
        self.text, self.cands = text, cands
        self._costs: dict[tuple[object, ...], tuple[float, float]] = {}
        self._rank: dict[str, float] | None = None
        self._regions: dict[str, frozenset[tuple[int, int]]] | None = None

    def costs(self, c: Candidate) -> tuple[float, float]:
        fs = c[3]
        # (a candidate of one fix, the common kind, keys on that fix's text and start alone: a
        # key of another shape than a longer candidate's, so the two never meet)
        key = (c[2], fs[0].new, fs[0].start) if len(fs) == 1 else (c[2], tuple(f.new for f in fs), tuple(f.start for f in fs))
        got = self._costs.get(key)
        if got is None:
            old = new = 0.0
            for f in fs:
                o, n = _context_cost(self.text, f.start, f.end, _next_layer(f.new))
                old, new = old + o, new + n
            got = self._costs[key] = (old, new)
        return got

    def regions(self, reader: str) -> frozenset[tuple[int, int]]:
        """The stretches a reading has a candidate for."""
        if self._regions is None:
            found: dict[str, set[tuple[int, int]]] = {}
            for c in self.cands:
                found.setdefault(c[1], set()).add(c[2])
            # built once: every stretch asks, and a long text has thousands of stretches; equal
            # sets are one object, so that stretches compare them by identity, not element by
            # element (which made a long text's judging quadratic)
            canon: dict[frozenset[tuple[int, int]], frozenset[tuple[int, int]]] = {}
            self._regions = {r: canon.setdefault(frozenset(rs), frozenset(rs)) for r, rs in found.items()}
        return self._regions.get(reader, _NO_REGIONS)

    def alike(self, chosen: list[Candidate], seen: dict[str, float], pending: list[list[Candidate]]) -> list[str]:
        """The 8-bit code pages, not in ``seen``, that read a stretch still ``pending`` and whose
        candidates write every chosen fix of a reading in ``seen`` the same."""
        wanted = {c[1] for cs in pending for c in cs} - set(seen)
        if not wanted:
            return []
        made: dict[str, set[tuple[int, int, str]]] = {}
        for c in self.cands:
            if c[1] in wanted:
                made.setdefault(c[1], set()).update((f.start, f.end, f.new) for f in c[3])
        out = []
        for r, fixes in made.items():
            if r in seen or r not in evidence.UTF8_READERS:
                continue
            for s in seen:
                mine = {(f.start, f.end, f.new) for c in chosen if c[1] == s for f in c[3]}
                if mine and mine <= fixes:
                    out.append(r)
                    break
        return out

    def rank(self, reader: str) -> float:
        """How well a reading does over the whole text: its evidence less a quarter of the cost of
        what it writes, summed over every stretch it explains."""
        if self._rank is None:
            self._rank = {}
            for c in self.cands:
                self._rank[c[1]] = self._rank.get(c[1], 0.0) + c[0] - self.costs(c)[1] / 4
        return self._rank.get(reader, 0.0)

    def pick(self, cs: list[Candidate], seen: dict[str, float], bar: float, only_seen: bool = False) -> Candidate | None:
        viable: list[tuple[float, float, Candidate]] = []
        for c in sorted(cs, key=lambda c: -c[0]):
            w, reader = c[0], c[1]
            if only_seen and reader not in seen or w < bar:
                continue
            old_cost, new_cost = self.costs(c)
            # the model says the change would look worse: the evidence was chance.  (Not where a
            # stretch of Han is U+FFFD written in UTF-8, strictly, all through: '锟斤拷'.)
            strict_fffd = reader in _CJK_NAMES and all(len(f.steps[0]) == 2 and len(f.old) >= 3
                                                       and f.new == "\ufffd" * len(f.new) for f in c[3])
            if new_cost > old_cost and not strict_fffd and not _rare_to_common(c) and not _currency_alone(self.text, c) \
                    and not _frequencies_prefer(c, old_cost, new_cost) \
                    and not (reader in _CJK_NAMES and evidence.stray_reading(self.text, reader) is not None) \
                    and not (only_seen and not any(evidence.rare_char(ch) for f in c[3] for ch in f.new)):
                # (a stretch read the way the text has already shown is judged with its neighbours
                # still garbled, which the model would hold against it: 'Ð Ñƒ' for 'Ру'; but not
                # one that writes a character real text rarely holds: 'É\xa0' in 'CAFÉ\xa0BAR'
                # is no 'ɠ')
                continue
            viable.append((w + (0.5 if reader in seen and only_seen else 0.0), old_cost - new_cost, c))
        if not viable:
            return None
        # readings whose evidence is within a fifth of the strongest are told apart by how the
        # whole text reads with them, then by how this stretch reads
        top = max(v[0] for v in viable)
        # (a reading at 0.8 prior is within; so is one the text has already shown, which decodes
        # this stretch too: one writer's text is read one way, 'Ã°' in 'GuÃ°rÃºn' is not MacRoman)
        near = [v for v in viable if v[0] >= 0.8 * top - 1e-9 or v[2][1] in seen]
        outputs = {tuple(f.new for f in v[2][3]) for v in near}
        # (readings that write the same here still differ where one of them explains other
        # stretches too: 'Å³' is 'ų' in Windows-1252 and 1257, but only 1257 reads 'ÄÆ' as 'į')
        same = len(outputs) == 1 and len({id(self.regions(v[2][1])) for v in near}) == 1
        best = near[0] if same else max(near, key=lambda v: (v[2][1] in seen, self.rank(v[2][1]), v[1]))
        marked = None
        if len(best[2][3]) == 1 and _marks(best[2][3][0].new):
            # a combining mark where another reading of the same bytes writes a letter: the letter
            # is what text holds ('gyÃ°ingar' is 'gyðingar' through Windows-1252, not a hook below
            # 'y' through MacRoman, whatever the readers' priors), and neither is sure (below)
            f0 = best[2][3][0]
            letters = [v for v in viable if len(v[2][3]) == 1 and v[2][3][0].start == f0.start
                       and v[2][3][0].end == f0.end and _plain_letters(v[2][3][0].new)]
            if letters:
                marked, best = best[2][3][0], max(letters, key=lambda v: v[0])
        w, gain, c = best
        # a short stretch that another reading explains as well is ambiguous: say so, with both
        alts: list[tuple[str, Steps]] = []
        if c[2][1] - c[2][0] <= AMBIGUOUS_LEN and len(c[3]) == 1:
            for ow, ogain, other in viable:
                new = "".join(f.new for f in other[3])
                if (new != c[3][0].new and len(other[3]) == 1 and other[3][0].start == c[3][0].start
                        and (ow >= w - 0.5 and ogain >= gain - AMBIGUOUS_GAIN or marked is not None and new == marked.new)
                        and all(new != t for t, _ in alts)):
                    alts.append((new, other[3][0].steps))
        # another reading of the same stretch writes other text, and nothing speaks for the pick
        # over it: then neither is sure.  Nothing does where the pick's code page shows a byte of
        # the stretch as a sign but the stretch holds the C1 control instead, which the other's
        # does not (ISO-8859-2 shows 0x80-0x9F as controls and Windows-1250 as signs, and both
        # decode 'äš\x8b' as UTF-8: ISO-8859-2 as '之', Windows-1250, or Windows-1252 on its
        # prior, as the rare '䚋'), nor where the two read the stretch with the same evidence and
        # the model likes them alike (ISO-8859-2 and Windows-1250 show UTF-8's bytes 0xA0-0xBF
        # as the same letters at different places: 'Îą' is Greek 'α' or 'ι').
        sure = math.inf
        if not alts:
            mine = _c1_unlike(c[1], c[3])
            for ow, og, o in near:
                if o[2] != c[2] or [f.new for f in o[3]] == [f.new for f in c[3]]:
                    continue
                theirs = _c1_unlike(o[1], o[3])
                if mine and not theirs or mine == theirs and abs(og - gain) <= 1e-9 and abs(ow - w) <= 1e-9:
                    sure = _margin_evidence(0.0)
        fixes = [Fix(f.start, f.end, f.old, f.new, f.steps, gain / len(c[3]), f.lost, f.cut_end, tuple(alts[:2]),
                     min(f.evidence, sure)) for f in c[3]]
        return (c[0], c[1], c[2], fixes)


def _c1_unlike(reader: str, fixes: list[Fix]) -> bool:
    """Whether the stretches ``fixes`` read hold a C1 control (U+0080-U+009F) where ``reader``
    shows a sign or letter: that code page did not write them.  (Windows-1252 stands for Latin-1
    too, which shows every such byte as its control: for it, only a stretch that also holds one
    of its own signs of 0x80-0x9F, which Latin-1 lacks, is unlike it.)"""
    page = _plain_name(reader)
    c1 = signs = False
    for ch in "".join(f.old for f in fixes):
        if "\x80" <= ch <= "\x9f":
            c1 = c1 or bytes([ord(ch)]).decode(page, "ignore") not in ("", ch)
        elif page == "cp1252" and ch in _CP1252_SIGNS:
            signs = True
    return c1 and (page != "cp1252" or signs)


_CP1252_SIGNS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore"))


RARE_IN = 5.0     # frequency.rough of a stretch's Han, kana and Hangul: rare in every system from here ...
COMMON_OUT = 4.0  # ... and of a UTF-8 reading's, at most, for real frequencies to overrule the model's veto


NEAR_TIE = 0.25      # model cost by which a UTF-8 reading of CJK-read text may be worse ...
FREQ_PREFER = 1.0    # ... where real frequencies find it this much likelier (log10, best system each)


def _frequencies_prefer(c: Candidate, old_cost: float, new_cost: float) -> bool:
    """Whether real frequencies settle what the model finds a near tie: a UTF-8 reading of CJK-read
    text into CJK characters that real writing uses far more often than the stretch's own ('蠕瑚陸'
    is '後藤' through cp932: the model ranks Han by the code pages' blocks, which put both among
    the common ones).  Each side is judged in the writing system that suits it best."""
    if c[1] not in _CJK_NAMES or new_cost - old_cost > NEAR_TIE:
        return False
    old = "".join(_CJK_RUN.findall("".join(f.old for f in c[3])))
    new = "".join(_CJK_RUN.findall("".join(f.new for f in c[3])))
    if len(new) < 2 or not old:
        return False
    return (min(frequency.excess(new, s) for s in frequency.SYSTEMS)
            <= min(frequency.excess(old, s) for s in frequency.SYSTEMS) - FREQ_PREFER)


def _currency_alone(text: str, c: Candidate) -> bool:
    """Whether a UTF-8 reading of CJK-read text writes a currency sign where the text's one
    non-ASCII character, a Hangul syllable, stands right before a number ('짜100' is '¥100'): the
    model prices a sign before digits above a syllable, but a syllable alone is no word."""
    return c[1] in _CJK_NAMES and len(c[3]) == 1 and len(c[3][0].new) == 1 \
        and unicodedata.category(c[3][0].new) == "Sc" and evidence.ALONE_BEFORE_NUMBER.fullmatch(text) is not None


def _rare_to_common(c: Candidate) -> bool:
    """Whether a UTF-8 reading of CJK-read text turns Han that is rare in every writing system into
    two or more characters that are common in one ('銝剖控簧' is '中山®'), or into a sign: the
    per-character model ranks Han by the code pages' blocks and prices a sign beside Han high, so
    it can find the rare run likelier; real frequencies say which is text."""
    if c[1] not in _CJK_NAMES:
        return False
    old = "".join(_CJK_RUN.findall("".join(f.old for f in c[3])))
    new = "".join(_CJK_RUN.findall("".join(f.new for f in c[3])))
    if not old or frequency.rough(old) < RARE_IN:
        return False
    # (or into signs alone: '瞼82' is '¥82', the rare character standing where a sign does)
    return (len(new) >= 2 and frequency.rough(new) <= COMMON_OUT
            or not new and all(_SIGN.fullmatch(f.new) for f in c[3]))


def _marks(new: str) -> bool:
    return any(unicodedata.category(ch).startswith("M") for ch in new)


def _plain_letters(new: str) -> bool:
    return new.isalpha() and not _marks(new)


def _next_layer(new: str) -> str:
    """What a reading's output is judged as: itself, or - where it writes C1 controls that are
    continuation bytes of UTF-8 (Latin-1 read, saved as UTF-8, read as Windows-1252: 'Ã¢Â€Â“' is
    'â\x80\x93') - what the next layer makes of it ('–'), which the model can read."""
    if _C1_ANY.search(new) is None:
        return new
    try:
        return new.encode("cp1252-web").decode("utf-8")
    except UnicodeError:
        return new


_C1_ANY = re.compile("[\x80-\x9f]")


def _applied(text: str, fixes: list[Fix], limit: int) -> str:
    """The first ``limit`` characters of ``text`` with ``fixes`` applied (the first of any that
    overlap), for the model to read (a bounded sample, as everywhere the model reads)."""
    out: list[str] = []
    at = 0
    for f in sorted(fixes, key=lambda f: f.start):
        if f.start >= at:
            out += [text[at:f.start], f.new]
            at = f.end
        if at > limit:
            break
    return ("".join(out) + text[at:at + limit])[:limit]


# What each CJK code page writes, for the frequency tables (frequency.py): Hangul and the three
# Han traditions are judged on one scale there, which the per-character model cannot do
_SYSTEM = {"gbk": "hans", "gbk-web": "hans", "gb18030": "hans", "cp950": "hant", "cp932": "ja", "cp949": "ko"}
FREQ_PICK = 0.5        # log10 likelihood by which a CJK reading beats another of the same bytes outright
FREQ_AMBIGUOUS = 1.0   # ... within which the other stays an alternative
FREQ_WORD_DOUBT = 0.6  # ... of a gap that does not count towards how sure the pick is (see _other_code_pages)


def _original(c: Candidate) -> str | None:
    """The code page a legacy candidate says the text was written in."""
    last = c[3][0].steps[-1] if c[3] else ()
    return last[1] if len(last) >= 2 and last[0] == "decode" and isinstance(last[1], str) else None


def _freq(fixes: list[Fix], system: str) -> float:
    # (a token a reading makes signs of, '¦Ð' GBK 'π' or Big5 '羽', is judged by the words
    # around it: the frequency tables know Han, kana and Hangul, and would price a sign at the floor)
    pairs = tuple((f.old[:LEGACY_SAMPLE], f.new) for f in fixes)
    if sum(len(new) for _, new in pairs) > MEMO_CHARS:
        return _freq_of(pairs, system)
    return _freq_memo(pairs, system)


def _freq_of(pairs: tuple[tuple[str, str], ...], system: str) -> float:
    return sum(frequency.excess(new[:LEGACY_SAMPLE], _judged_in(new, system)) for old, new in pairs
               if frequency.writing_share(new[:LEGACY_SAMPLE]) > 0 or frequency.writing_share(old) > 0)


# the choice between CJK readings asks about the same readings again and again (_best_legacy,
# _rare_han, _with_rivals, _other_code_pages): short ones are answered once (a bounded memo)
MEMO_CHARS = 256
_freq_memo = functools.lru_cache(maxsize=1024)(_freq_of)


def _judged_in(new: str, system: str) -> str:
    """The writing system a reading's characters are judged in: its code page's, or Japanese where
    kana make half of them (GBK and Big5 hold kana in rows of their own, and Japanese written in
    them is Japanese: 'ささやき' in GBK is no rare Chinese, against Big5 '今今支五')."""
    sample = new[:LEGACY_SAMPLE]
    if system == "ja" or 2 * len(_KANA.findall(sample)) < _non_ascii(sample):
        return system
    return "ja"


_KANA = re.compile("[\u3041-\u30ff]")


def _cjk_text(text: str) -> bool:
    # (frequency speaks for Han, kana and Hangul: a Cyrillic word a GBK reading writes, 'янв',
    # costs it the floor, and is judged by the model instead)
    return frequency.writing_share(text[:LEGACY_SAMPLE]) >= FREQ_HAN_SHARE


def _writes_cjk(fixes: list[Fix]) -> bool:
    # (the tokens a reading makes signs of are judged by the words around them)
    text = "".join(f.new[:LEGACY_SAMPLE] for f in fixes if not _signs_of(f.old, f.new))
    return _cjk_text(text) if len(text) > MEMO_CHARS else _cjk_text_memo(text)


_cjk_text_memo = functools.lru_cache(maxsize=1024)(_cjk_text)


RARE_HAN = 1.6   # log10 orders a character by which a CJK reading is rarer than real text of its system


def _rare_han(c: Candidate) -> bool:
    """Whether a legacy reading writes Han, kana or Hangul that real frequencies find rare, RARE_HAN
    orders a character beyond what real text of its code page's writing system costs on average
    (the other code page's characters read from the bytes of Cyrillic or Greek, or of another
    system's text: 'дзонгкха' in GBK read as Big5 is '忱戒抉扶忍抗抒忘', 1.6 orders a character)."""
    system = _SYSTEM.get(_original(c) or "")
    if system is None or not _writes_cjk(c[3]):
        return False
    n = sum(frequency.surprise(f.new[:LEGACY_SAMPLE], system)[1] for f in c[3])
    return n > 0 and _freq(c[3], system) > RARE_HAN * n


def _unsure_of_rare_han(c: Candidate) -> Candidate:
    """A CJK reading of rare characters is no better evidence than the model's liking for them:
    it is kept, but below what scan --fix and repair --in-place act on."""
    if not _rare_han(c):
        return c
    fixes = [Fix(f.start, f.end, f.old, f.new, f.steps, f.gain, f.lost, f.cut_end, f.alternatives,
                 min(f.evidence, UNCONFIRMED_EVIDENCE)) for f in c[3]]
    return (min(c[0], UNCONFIRMED_EVIDENCE), c[1], c[2], fixes)


def _best_legacy(legacies: list[Candidate]) -> Candidate | None:
    """The legacy reading with the most evidence; among readings of the same characters as Chinese,
    Japanese or Korean, the one real frequencies find likeliest by FREQ_PICK ('ÃÖ¼ºÈ£' is EUC-KR
    '최성호', not GBK '弥己龋', though the per-character model prices both alike)."""
    best = max(legacies, key=lambda c: c[0], default=None)
    if best is None or best[0] < THRESHOLD or _original(best) not in _SYSTEM or not _writes_cjk(best[3]):
        return best
    # (readings of the same characters: one may cut a word from the signs at its ends, '성공' +
    # '™', where another reads the token whole, '己傍⑩'.  Han read as another code page's Han may
    # have been read through either: '秅ら' is Big5 '週日' read as GBK, or GBK '亭祈' read as Big5,
    # and which writes the likelier text is the question whichever code page showed it)
    spans = _covered(best[3])
    rivals = [c for c in legacies if c is not best and c[0] >= THRESHOLD
              and (c[1] == best[1] or c[1] in _SYSTEM and best[1] in _SYSTEM)
              and _original(c) in _SYSTEM and _covered(c[3]) == spans and _writes_cjk(c[3])]
    if not rivals:
        return best
    mine = _freq(best[3], _SYSTEM[_original(best) or ""])
    pick = min(rivals, key=lambda c: _freq(c[3], _SYSTEM[_original(c) or ""]))
    return pick if _freq(pick[3], _SYSTEM[_original(pick) or ""]) + FREQ_PICK <= mine else best


def _covered(fixes: list[Fix]) -> list[tuple[int, int]]:
    """The stretches of text ``fixes`` change, fixes that touch each other joined."""
    out: list[tuple[int, int]] = []
    for f in fixes:
        if out and out[-1][1] == f.start:
            out[-1] = (out[-1][0], f.end)
        else:
            out.append((f.start, f.end))
    return out


def _without_signs(c: Candidate) -> Candidate:
    """A CJK reading without the tokens it makes signs of (see :func:`_signs_of`): rival readings
    are weighed on the words, where real frequencies can judge them."""
    if _original(c) not in _SYSTEM:
        return c
    core = [f for f in c[3] if not _signs_of(f.old, f.new)]
    return (c[0], c[1], c[2], core) if core and len(core) < len(c[3]) else c


def _with_signs(judged: Candidate | None, full: Candidate) -> Candidate | None:
    """The reading ``judged`` (its words weighed against rivals) with the signs of ``full`` back,
    as sure as its words, where it is still the same reading."""
    if judged is None or len(judged[3]) == len(full[3]) or judged[3][0].steps != full[3][0].steps:
        return judged
    words = {f.start for f in judged[3]}
    w = min(f.evidence for f in judged[3])
    signs = [f.with_evidence(min(f.evidence, w)) for f in full[3] if f.start not in words]
    return (judged[0], judged[1], judged[2], sorted([*judged[3], *signs], key=lambda f: f.start))


def _with_rivals(best: Candidate, found: list[Candidate]) -> Candidate:
    """A short text that another legacy reading explains as well is ambiguous: the rival readings
    go into the fix's alternatives.  (Between Chinese, Japanese and Korean readings, only where real
    frequencies find them alike: 'ÄãºÃ' is GBK 你好, far likelier than Big5 斕疑.)"""
    fixes = best[3]
    if len(fixes) != 1 or len(fixes[0].old) > 2 * AMBIGUOUS_LEN:
        return best
    f = fixes[0]
    alts: list[tuple[str, Steps]] = []
    system = _SYSTEM.get(_original(best) or "")
    for c in sorted(found, key=lambda c: -c[0]):
        w, other = c[0], c[3]
        if (w >= 0.9 * best[0] and len(other) == 1 and other[0].start == f.start and other[0].end == f.end
                and other[0].new != f.new and all(other[0].new != t for t, _ in alts)):
            theirs = _SYSTEM.get(_original(c) or "")
            if (system and theirs and _writes_cjk(fixes) and _writes_cjk(other)
                    and _freq(other, theirs) > _freq(fixes, system) + FREQ_AMBIGUOUS):
                continue   # real frequencies tell the two CJK readings apart
            alts.append((other[0].new, other[0].steps))
    if not alts:
        return best
    return (best[0], best[1], best[2], [Fix(f.start, f.end, f.old, f.new, f.steps, f.gain, f.lost, f.cut_end,
                                           tuple(alts[:2]), f.evidence)])


# What else text read as a Western code page can have been written in.  Every byte is valid in
# most of them, so a legacy reading is only as good as its margin over the others; the catalogue
# holds the common chains, these are the rivals a reading must beat (Hebrew, Arabic, Baltic ...).
_RIVALS = ("cp1250", "cp1251", "cp1253", "cp1255", "cp1256", "cp1257", "cp874", "gbk", "cp950", "cp932", "cp949")
RIVAL_MARGIN = 0.15   # model cost per byte within which another code page's reading is as good
SURE_PAIRS = 12       # Cyrillic letter pairs ...
SURE_SURPRISE = 2.75  # ... this ordinary confirm a reading against rivals the pairs cannot judge


def _other_code_pages(best: Candidate) -> Candidate | None:
    """A legacy reading of Western-read text checked against every code page that could have
    written the same bytes: refused when another reads them better ('ÇáÚÑÇÞ' is Arabic
    'العراق' in Windows-1256, not GBK '轻谘寝') or when another alphabet reads them as well
    (Greek 'Ιαν Φεβ' or Cyrillic 'Йбн Цев'), ambiguous when another reading in the same script,
    or one that letter pairs cannot judge, is about as good, and only as sure as its margin over
    the best other."""
    fixes = best[3]
    read_as = best[1]
    if read_as not in _WESTERN or any(f.steps[0][:2] != ("encode", read_as) for f in fixes):
        return best
    original = fixes[0].steps[1][1]
    olds = [f.old[:LEGACY_SAMPLE] for f in fixes]
    n_bytes = sum(map(len, olds)) or 1   # one byte a character under a Western code page
    mine = sum(_cost(f.new[:LEGACY_SAMPLE]) for f in fixes) / n_bytes
    s_pairs, n_pairs = evidence.cyrillic_surprise(" ".join(f.new[:LEGACY_SAMPLE] for f in fixes))
    cyrillic = original in ("cp1251", "koi8_r", "cp866") and n_pairs >= PAIRS_MIN
    # letter pairs of real words confirm a Cyrillic reading that the per-character model cannot
    # tell from any other alphabet's (Greek letter soup costs it as little as Russian): a rival
    # then makes it ambiguous, not wrong; with many ordinary pairs, not even that
    confirmed = cyrillic and s_pairs <= SURPRISE_OUT
    clear = cyrillic and s_pairs <= SURE_SURPRISE
    sure = clear and n_pairs >= SURE_PAIRS
    alts: list[list[tuple[str, Steps]]] = [list(f.alternatives) for f in fixes]
    script = _scripts(" ".join(f.new[:LEGACY_SAMPLE] for f in fixes))
    gap = math.inf   # how much more the model says the best other reading costs, in all
    switch: str | None = _alphabet_rival(best, read_as, olds)
    datas: list[bytes] = []
    if not sure and switch is None:
        try:
            datas = [old.encode(read_as) for old in olds]   # (the same bytes for every rival)
        except UnicodeError:
            pass   # (no rival reads what cannot be encoded)
    if datas:
        for cp in _RIVALS:
            if cp == original:
                continue
            try:
                outs = [data.decode(cp) for data in datas]
            except UnicodeError:
                continue
            if not _one_script_reading(" ".join(outs)):
                continue
            if cp in _HANGUL_PAGES and _scripts(" ".join(outs)) != {"Hangul"}:
                # a rival is judged as what its code page writes, as the catalogue's own readings
                # are (see _WRITTEN_IN): Korean is written in Hangul, and EUC-KR bytes read as Hanja
                # alone are no Korean text ('Ñ§Ð£' is GBK '学校', not '欺叫')
                continue
            if original in _SYSTEM and cp in _SYSTEM and _writes_cjk(fixes) and all(map(_cjk_text, outs)):
                # Chinese, Japanese and Korean against each other: real frequencies, each reading
                # judged in what its code page writes, are log10 likelihoods on one scale
                mine_f = _freq(fixes, _SYSTEM[original])
                f_gap = sum(frequency.excess(o, _judged_in(o, _SYSTEM[cp])) for o in outs) - mine_f
                if f_gap < -FREQ_AMBIGUOUS:
                    return None
                # (how sure the pick is weighs the rival in either Chinese writing when GBK writes
                # it: GBK holds every traditional character Big5 does, and traditional text in GBK
                # judged as simplified looks rare, '結果' against Big5 '磐彆')
                # (and a text is one word or name, picked whole: the frequencies price its
                # characters as separate draws, which overstates by about FREQ_WORD_DOUBT orders how
                # much likelier one word is than another that is as real, in another code page,
                # whatever its length: '¹éµµ' is GBK '归档' and EUC-KR '백도', both words)
                gap = min(gap, (f_gap if cp not in _GBK_PAGES else min(
                    f_gap, sum(frequency.excess(o, _judged_in(o, "hant")) for o in outs) - mine_f))
                    - FREQ_WORD_DOUBT)
                if f_gap <= FREQ_AMBIGUOUS:
                    steps = (("encode", read_as), ("decode", cp))
                    for k, f in enumerate(fixes):
                        new = f.old.encode(read_as).decode(cp)
                        if new != f.new and all(new != t for t, _ in alts[k]):
                            alts[k].append((new, steps))
                continue
            theirs = sum(map(_cost, outs)) / n_bytes
            if theirs < mine and not confirmed:
                return None
            gap = min(gap, (theirs - mine) * n_bytes)
            if (theirs <= mine + RIVAL_MARGIN and original in _ALPHABETS and not clear
                    and _scripts(" ".join(outs)) != script):
                # another alphabet read as well (Greek 'Ιαν Φεβ' for Cyrillic 'Йбн Цев', whose letter
                # pairs are barely ordinary): nothing tells the two apart, so neither is taken.
                # (Han and Hangul do not come here: the model knows their common characters, and
                # a tie is reported as ambiguous.)
                return None
            if theirs <= mine + RIVAL_MARGIN:   # (or below it, for a confirmed reading)
                steps = (("encode", read_as), ("decode", cp))
                for k, f in enumerate(fixes):
                    new = f.old.encode(read_as).decode(cp)
                    if new != f.new and all(new != t for t, _ in alts[k]):
                        alts[k].append((new, steps))
    if switch is not None:
        steps = (("encode", read_as), ("decode", switch))
        news = [f.old.encode(read_as).decode(switch) for f in fixes]
        s_pairs, n_pairs = evidence.cyrillic_surprise(" ".join(n[:LEGACY_SAMPLE] for n in news))
        # (letter pairs of real words confirm them, and the rare Han is no rival; without them
        # the Han stays an alternative)
        sure_words = n_pairs >= PAIRS_MIN and s_pairs <= SURPRISE_OUT
        return (best[0], best[1], best[2],
                [Fix(f.start, f.end, f.old, n, steps, f.gain, f.lost, f.cut_end,
                     () if sure_words else ((f.new, f.steps),), f.evidence) for f, n in zip(fixes, news)])
    w = best[0]
    if gap < math.inf:
        # the model's costs are log-odds of a sort: a reading that beats the best other one by
        # GAP is taken to be right with 1 / (1 + 10**-GAP), which confidence() then reports
        # (a gap of 1 gives 0.91, the least scan --fix acts on; 0.25 gives 0.64)
        w = min(w, _margin_evidence(gap))
    if switch is None and _words_rival(best, read_as, olds):
        # the same bytes are words of Cyrillic in a natural case, in letter pairs real words use,
        # through another code page too ('ÊÀÍ×ÈÍ' is Windows-1251 'КАНЧИН' as well as GBK '世妥韧'):
        # capitals of Windows-1251 are GBK's commonest Han, so the Han's frequency does not tell
        # the stories apart, and neither is sure
        w = min(w, UNCONFIRMED_EVIDENCE)
    if not confirmed and original in _ALPHABETS:
        # the per-character model finds any soup of one alphabet's letters ordinary ('Όθδθψ'):
        # only letter pairs confirm an alphabet's words, and without them a reading stays unsure
        w = min(w, UNCONFIRMED_EVIDENCE)
    out = [Fix(f.start, f.end, f.old, f.new, f.steps, f.gain, f.lost, f.cut_end, tuple(a[:2]), min(f.evidence, w))
           for f, a in zip(fixes, alts)]
    return (w, best[1], best[2], out)


def margin_probability(gap: float) -> float:
    """How likely a reading is right that the model's cost puts ``gap`` ahead of the best other:
    the costs are log-odds of a sort, so 1 / (1 + 10**-gap) (a gap of 1 gives 0.91, the least
    scan --fix acts on; none gives 0.5)."""
    against: float = 10.0 ** -max(gap, 0.0)
    return 1.0 / (1.0 + against)


def _margin_evidence(gap: float) -> float:
    """The evidence that makes confidence() report :func:`margin_probability` of ``gap``."""
    return -1.5 * math.log(max(1.0 - margin_probability(gap), 1e-12))


_HANGUL_PAGES = frozenset({"cp949"})
_GBK_PAGES = frozenset({"gbk", "gbk-web", "gb18030"})
UNCONFIRMED_EVIDENCE = 3.0   # confidence() makes this 0.86: below what scan --fix acts on
_ALPHABETS = frozenset({"cp1251", "koi8_r", "cp866", "cp1253"})


def _alphabet_rival(best: Candidate, read_as: str, olds: list[str], least: int | None = None) -> str | None:
    """The code page, if any, that reads the bytes of a CJK reading as words of one alphabet.

    GBK and EUC-KR hold Cyrillic and Greek in rows of their own, and another CJK code page reads
    those rows as a run of Han from a block or two ('дзонгкха' in GBK, read as Big5, is
    '忱戒抉扶忍抗抒忘'); a run of real Han does not fall in those rows all through, and a word of
    an alphabet in a natural case is what the bytes were.  Short words, and a single-byte code
    page's letters (two of them a Han character), need Han that real frequencies find rare
    besides (Windows-1251 'Кувајт' read as Windows-1252 is GBK '鼠忄简')."""
    if not _writes_cjk(best[3]):
        return None
    rare_han = _rare_han(best)
    try:
        datas = [old.encode(read_as) for old in olds]   # (the same bytes for every rival)
    except UnicodeError:
        return None   # (no rival reads what cannot be encoded)
    for cp in _RIVALS:
        if cp == _original(best):
            continue
        try:
            outs = [data.decode(cp) for data in datas]
        except UnicodeError:
            continue
        if _alphabet_words(outs, least or (1 if rare_han else ALPHABET_LETTERS if cp in _SYSTEM else LEGACY_SAMPLE)):
            return cp
    return None


def _words_rival(best: Candidate, read_as: str, olds: list[str]) -> bool:
    """Whether a Cyrillic code page reads the bytes of a CJK reading as Cyrillic words, three
    letters or more in a natural case, whose letter pairs are ones real words use (GBK's bytes of
    real Han make capitals too, 'ÖÐÉ½' is 'ЦРЙЅ', but in pairs no language writes)."""
    cp = _alphabet_rival(best, read_as, olds, least=3)
    if cp not in ("cp1251", "koi8_r", "cp866"):
        return False
    s_pairs, n_pairs = evidence.cyrillic_surprise(" ".join(old.encode(read_as).decode(cp) for old in olds))
    return n_pairs >= 2 and s_pairs <= SURPRISE_OUT


ALPHABET_LETTERS = 4   # letters of an alphabet that outweigh Han of any frequency (see _alphabet_rival)


def _alphabet_words(outs: list[str], least: int) -> bool:
    """Whether every non-ASCII run of ``outs`` is a word of Cyrillic or Greek letters, all of one
    alphabet, in a natural case, ``least`` letters (and three) or more in all."""
    runs = [m.group() for o in outs for m in _NON_ASCII_RUN.finditer(o)]
    scripts = {evidence._script(r[0]) for r in runs}
    return (sum(map(len, runs)) >= max(3, least) and all(map(_alphabet_word, runs))
            and len(scripts) == 1 and scripts <= {"Cyrillic", "Greek"})


_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


def _one_script_reading(new: str) -> bool:
    """Whether ``new`` reads as writing: its non-ASCII characters letters of one script (Han and
    kana as one), no symbol inside a word, Cyrillic letters in orders real words use."""
    scripts = _scripts(new)
    script = next(iter(scripts)) if len(scripts) == 1 else None
    if script is None:
        return False
    if _letters(new, script) < (0.6 if script in ("CJK", "Hangul") else 0.9) * _non_ascii(new):
        return False
    if _SYMBOL_IN_WORD.search(new):
        return False
    if script == "Cyrillic":
        s, n = evidence.cyrillic_surprise(new)
        if n >= PAIRS_MIN and s > SURPRISE_OUT:
            return False
    return True


def _non_overlapping(fixes: list[Fix]) -> list[Fix]:
    out: list[Fix] = []
    for f in sorted(fixes, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def confidence(fixes: list[Fix]) -> float:
    if not fixes:
        return 0.0
    if any(f.alternatives for f in fixes):
        return 0.5   # two readings the evidence supports as well: a coin toss between them
    w = min(f.evidence for f in fixes)
    return round(1.0 - math.exp(-w / 1.5), 3)

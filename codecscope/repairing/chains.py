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
from collections.abc import Iterable

from .. import plausibility, variants
from . import evidence
from .evidence import Seq
from .result import LOST, Fix, Steps
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
            # only 'Ã ' is evidence on its own; Å, Ä, Г before a space are letters of real
            # words and count only where the text has shown this reading already
            w = (2.5 if hot else 1.2) * evidence.UTF8_READERS.get(reader, 0.7)
            # one space left: the no-break space either was the space after a word ('voilÃ le')
            # or stood inside the word ('Å veices' for 'Šveices')
            keep = after == " " or new != "\u00a0" and (prev.isalpha() or prev in "'’" or new == "à")
            out.append(Seq(k - 1, k + 1, new + " " if keep and after != " " else new, w, False))
    # a three-byte character whose last byte was the no-break space: Thai 'à¸ ' for 'ภ'
    if (k < len(text) and text[k] == " " and k - 2 >= i and 0xE0 <= m.get(text[k - 2], 0) <= 0xEF
            and 0x80 <= m.get(text[k - 1], 0) <= 0xBF):
        try:
            new = bytes([m[text[k - 2]], m[text[k - 1]], 0xA0]).decode("utf-8")
        except UnicodeDecodeError:
            return out
        out.append(Seq(k - 2, k + 1, new, 1.2 * evidence.UTF8_READERS.get(reader, 0.7), False))
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


def _utf8_steps(reader: str, seqs: list[Seq]) -> Steps:
    lossy = any(s.lossy for s in seqs) or any("\ufffd" in s.new for s in seqs)
    dec = "utf-8-cesu" if any(len(s.new) == 1 and ord(s.new) > 0xFFFF and s.end - s.start == 6 for s in seqs) else "utf-8"
    steps: Steps = (("encode", reader, LOST), ("decode", dec, LOST)) if lossy else (("encode", reader), ("decode", dec))
    return steps


def _nbsp_steps(reader: str, seq: Seq) -> Steps:
    return (("replace", " ", "\u00a0 " if seq.new.endswith(" ") else "\u00a0"), ("encode", reader), ("decode", "utf-8"))


def utf8_single_byte(text: str, spans: Regions, readers: list[str]) -> list[Candidate]:
    """Candidate fixes (evidence, reader, region, fixes) for UTF-8 read as 8-bit code pages."""
    out: list[Candidate] = []
    # a code page whose reading of the text holds no UTF-8 byte pattern at all (one encode, one
    # bytes scan, both in C) is not searched character by character
    long = len(text) > LONG_TEXT
    encoded: dict[str, tuple[bytes, int]] = {}
    counts: dict[str, int] = {}
    for rd in readers:
        data, counts[rd] = evidence.encoded(text, rd)
        if not long:
            encoded[rd] = (data, counts[rd])
    region_starts = spans.starts
    if long:
        # a long text is read with the few code pages whose reading holds the most UTF-8 patterns,
        # so the work stays proportional to the text (and only their bytes are kept in memory)
        keep = set(sorted(readers, key=lambda r: -counts[r])[:LONG_READERS])
        readers = [r for r in readers if r in keep]
        encoded = {r: evidence.encoded(text, r) for r in readers}
    for reader in readers:
        if not counts[reader] and not evidence._hot_rx(reader).search(text):
            continue
        # the work is bounded by the sequences found, not by the number of stretches
        by_region: dict[int, list[Seq]] = {}
        for q in evidence.utf8_sequences(text, 0, len(text), reader, encoded[reader][0]):
            r = bisect.bisect_right(region_starts, q.start) - 1
            if r >= 0 and q.end <= spans[r][1]:
                by_region.setdefault(r, []).append(q)
        for m in _nbsp_rx(reader).finditer(text):
            r = bisect.bisect_right(region_starts, m.start()) - 1
            if r >= 0 and spans[r][1] == m.end() - 1:
                by_region.setdefault(r, [])
        data = encoded[reader][0]
        for r in sorted(by_region):
            i, j = spans[r]
            seqs = by_region[r]
            nb = _nbsp_seqs(text, i, j, reader)
            if not seqs and not nb:
                continue
            if data.count(b"?", i, j) != text.count("?", i, j) + text.count("\ufffd", i, j):
                # a character this code page cannot hold (encoded as '?'): not text read as it
                # (mixed regions such as "’Ã©" still encode: ’ is in Windows-1252)
                continue
            w = sum(s.weight for s in seqs)
            nb = [s for s in nb if not any(q.start < s.end and s.start < q.end for q in seqs)] or \
                [s for s in nb if s.start >= j - 2]
            if nb and nb[0].end - nb[0].start == 3:
                seqs = [q for q in seqs if q.end <= nb[0].start]
                w = sum(s.weight for s in seqs)
            full = evidence.covers(seqs, i, j)
            if full:
                # a whole word made of sequences and nothing else
                if len(seqs) > 1:
                    w += STRUCTURE_BONUS * (len(seqs) - 1)
                elif text[i - 1:i].isalpha() or text[j:j + 1].isalpha():
                    w += 0.5 * evidence.UTF8_READERS[reader]   # inside a word: 'LietuviÅ³', 'MÃ¼ller'
            if seqs and not full and (evidence.unexplained(text, i, j, seqs, reader)
                                      or 2 * sum(s.end - s.start for s in seqs) < j - i):
                continue   # a repair that would leave debris, or mostly not explain the stretch
            if any("\x80" <= ch <= "\x9f" and bytes([ord(ch)]).decode(reader, "replace") != ch for ch in text[i:j]):
                w *= 0.8   # a C1 control this code page would have shown as a character
            if seqs and not full:
                w *= sum(s.end - s.start for s in seqs) / (j - i)   # explains only part of it
            w += sum(s.weight for s in nb)
            fixes: list[Fix] = []
            for cl in _clusters(seqs):
                a, b = cl[0].start, cl[-1].end
                new = "".join(s.new for s in cl)
                fixes.append(Fix(a, b, text[a:b], new, _utf8_steps(reader, cl), 0.0,
                                 new.count("\ufffd") - text[a:b].count("\ufffd"), False, (), w))
            for s in nb:
                fixes.append(Fix(s.start, s.end, text[s.start:s.end], s.new, _nbsp_steps(reader, s), 0.0, 0, False, (), w))
            out.append((w, reader, (i, j + (1 if nb else 0)), fixes))
    return out


# --- 2. UTF-8 read as a CJK code page ---------------------------------------------------------


# two or more three- or four-byte UTF-8 characters in a row: what CJK text in UTF-8 is made of
_UTF8_RUN = re.compile(rb"(?:[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}){2,}")


def _cjk_substretches(text: str, i: int, j: int) -> list[tuple[int, int]]:
    """Stretches inside a region of CJK text that re-encode (GBK) to strict multi-byte UTF-8:
    '榛戦┈' in '我的名字是榛戦┈，你好'.  The bytes are scanned once for runs of UTF-8 sequences;
    a run counts where it starts and ends on character boundaries."""
    seg, codec = text[i:j], "gbk"   # (in C; the web variant, for the euro sign and private use only)
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


_EURO_OR_PRIVATE = re.compile("[\u20ac\ue000-\uf8ff]")


def utf8_cjk(text: str, spans: Iterable[tuple[int, int]]) -> list[Candidate]:
    out = _utf8_cjk(text, spans)
    found = {c[2] for c in out}
    more = [s for i, j in spans if (i, j) not in found
            for s in _cjk_substretches(text, i, j) if s != (i, j)]
    return out + _utf8_cjk(text, more) if more else out


def _utf8_cjk(text: str, spans: Iterable[tuple[int, int]]) -> list[Candidate]:
    out: list[Candidate] = []
    for i, j in spans:
        old = text[i:j]
        if sum(map(evidence.cjk_like, old)) < 0.6 * len(old):
            continue   # 古文码 is made of Han, kana, Hangul, CJK punctuation and box drawing
        glued = _ascii_letter(text, i - 1) and _ascii_letter(text, j)
        # touching a Latin word or a number on one side ('茅loign', '36脳', '32掳'): too weak alone,
        # enough where the text has shown the reading
        touch = glued or _ascii_alnum(text, i - 1) or _ascii_alnum(text, j)
        if j - i < 2 and not touch:
            continue
        for reader, prior in CJK_READERS:
            if reader == "gb18030" and ("\ufffd" in old or "?" in old):
                continue   # GB18030 writes U+FFFD itself, so a loss marker cannot stay one
            try:
                data = old.encode(reader, LOST)
            except UnicodeEncodeError:
                continue
            try:
                new = data.decode("utf-8")
                lost = 0
            except UnicodeDecodeError as e:
                if e.start < len(data) - 3 and data.count(b"?") + data.count(b"\xff") == 0:
                    continue   # invalid in the middle and no loss marker there: not UTF-8
                new = data.decode("utf-8", LOST)
                lost = new.count("\ufffd") - old.count("\ufffd")
            if new == old:
                continue
            multi: float = sum(1 for ch in new if ord(ch) >= 0x800)
            two = sum(1 for ch in new if 0x80 <= ord(ch) < 0x800)
            if not multi and any(plausibility.char_class(ch) in _RARE_OR_BAD for ch in new):
                continue   # two-byte UTF-8 that writes combining marks or rare letters is chance
            if touch:
                multi += two / 2
            elif not multi and two == len(new) and any(map(str.isalpha, new)):
                # a word of two-byte UTF-8 letters (Cyrillic, Greek ...) read as Han: '褋褉械写邪' for
                # 'среда'.  Each pair of bytes is a Han character by chance far more often than three
                # are, so such a letter counts half, and its letters must be in an order real words use
                multi = two / 2
                s_out, n = evidence.cyrillic_surprise(new)
                if n >= PAIRS_MIN and s_out > SURPRISE_OUT:
                    continue
            if multi < (0.5 if touch else 1) or lost * 3 > multi:
                continue   # (Han glued inside a Latin word, 'M眉nchen', is UTF-8 Latin read as GBK)
            if len(_scripts(new)) > 1:
                continue   # one word of UTF-8 is written in one script: 'ḉ땶' from '盧雅文' is chance
            cut = lost > 0 and new.endswith("\ufffd")
            w = (multi - 2 * lost + (1.5 if glued else 0.0)) * prior
            steps = (("encode", reader, LOST), ("decode", "utf-8", LOST)) if lost or "\ufffd" in old or "?" in old \
                else (("encode", reader), ("decode", "utf-8"))
            out.append((w, reader, (i, j), [Fix(i, j, old, new, steps, 0.0, new.count("\ufffd"), cut, (), w)]))
    return out


# --- 3. one legacy code page read as another ------------------------------------------------------


def _script_share(new: str, script: str) -> float:
    # half-width katakana count against: Japanese is written in full-width kana and Han
    letters = [plausibility._LETTER_SCRIPTS.get(plausibility.char_class(c)) if not "\uff61" <= c <= "\uff9f" else "Other"
               for c in new if not c.isascii()]
    letters = [s for s in letters if s]
    return sum(1 for s in letters if s == script) / len(letters) if letters else 0.0


def legacy(text: str, spans: Iterable[tuple[int, int]]) -> list[Candidate]:
    """Whole-text candidates: a legacy chain is a program's reading of a whole text, so it must
    account for (nearly) every non-ASCII character, not pick out a word that happens to re-decode."""
    # Big5 and Shift_JIS trail bytes include ASCII letters: judge whitespace-separated tokens,
    # those that look garbled at a cheap first look (clean text costs well under the bar)
    spans = [m.span() for m in _TOKEN.finditer(text)]
    shaped = evidence.legacy_shaped(text) and any(
        evidence._LEGACY_SHAPES.search(text, i, j) or plausibility.rough(text[i:j]) >= evidence.ROUGH_LEGACY
        or evidence.sjis_pairs().search(text, i, j) for i, j in spans)
    # box drawing and the like are judged by the Cyrillic letter pairs alone: the per-character
    # model prefers any letters to them ('[█▓▓▓]' is no 'ЫІІІ')
    if not shaped and not evidence._CYRILLIC_SHAPES.search(text):
        return []
    total = sum(j - i for i, j in spans)
    flips = len(_CASE_FLIP.findall(text))
    words = len(_CYR_WORD.findall(text)) or 1
    out: list[Candidate] = []
    for read_as, original, script in LEGACY_CHAINS:
        fixes, covered, c_old, c_new, short, converted, caps = [], 0, 0.0, 0.0, [], [], []
        han_to_han = original in _WRITTEN_IN and _plain_name(read_as) in _WRITTEN_IN
        flavour = _WRITTEN_IN.get(original)
        token_steps: dict[int, Steps] = {}
        for i, j in spans:
            old = text[i:j]
            if read_as.startswith("cp932") and all("\uff61" <= c <= "\uff9f" or c.isascii() for c in old):
                continue   # half-width katakana alone is Japanese as it is written
            if j - i >= 8 and len(set(old[:LEGACY_SAMPLE])) < 3:
                continue   # one or two characters over and over are no reading of anything
            steps: Steps = (("encode", read_as), ("decode", original))
            try:
                new = old.encode(read_as).decode(original)
            except UnicodeError:
                new = ""
            if read_as == "cp932" and not _CP932_SINGLE.isdisjoint(old):
                best = _cp932_duplicates(old, original, flavour, new)
                if best is not None:
                    new, steps = best
            if not new:
                continue
            token_steps[i] = steps
            # judged on a bounded sample of a long token; converted whole (C speed)
            s_old, s_new = old[:LEGACY_SAMPLE], new[:LEGACY_SAMPLE]
            if (new == old or _script_share(s_new, script) < 0.9
                    or _letters(s_new, script) < (0.6 if script in ("CJK", "Hangul") else 0.9) * _non_ascii(s_new)):
                continue   # a reading writes the original's letters ('¦®АЛВ' is no Cyrillic word)
            if script in ("Cyrillic", "Greek") and _SYMBOL_IN_WORD.search(s_new):
                continue   # a reading that puts symbols inside words ('аВ№ЗµД') is no reading
            if han_to_han and _FOREIGN_WORD.search(s_old):
                # one Han code page's bytes read as another's show Han, and where Big5's commonest
                # characters land in GBK's rows of symbols, kana, Greek, Cyrillic and box drawing,
                # one of those between them; never a word of Cyrillic or a run of box drawing
                continue
            if original in ("gbk", "cp950", "cp949") and _low_bytes(old.encode(read_as)) * 10 > len(old):
                continue   # their common characters are written with bytes from 0xA1 up
            if read_as in ("cp1252-web", "latin-1") and _CAPITALS.fullmatch(s_old):
                # a run of accented capitals is a Western heading ('ÀÁÂÃÄÅ'): no evidence on its own,
                # but it follows the reading the rest of the text shows ('ÎÀÎ «Êîëåñíèêîâ»')
                caps.append((i, j, old, new))
                continue
            if script in ("CJK", "Hangul") and (_ascii_letter(text, i - 1) or _ascii_letter(text, j) or _GLUED.search(new)
                                                and sum(c.isascii() and c.isalpha() for c in s_old) * 2 > len(s_old)):
                continue   # Chinese, Japanese and Korean are not glued into Latin words ('conf誕n')
            converted.append((i, j, old, new))
            if j - i > LEGACY_SAMPLE:
                o, n = _cost(s_old) * (j - i) / len(s_old), _cost(s_new, flavour) * (j - i) / len(s_old)
            else:
                o, n = _context_cost(text, i, j, new, flavour)
            if n >= o:
                short.append((i, j, old, new))
                continue
            c_old, c_new = c_old + o, c_new + n
            covered += j - i
            fixes.append(Fix(i, j, old, new, steps, o - n, 0, False, (), 0.0))
        if script == "Cyrillic":
            by_pairs = _cyrillic_by_pairs(text, converted, read_as, original, total)
            if by_pairs is not None:
                out.append(by_pairs)
                continue
            if _script_share(" ".join(old[:LEGACY_SAMPLE] for _, _, old, _ in converted), "Cyrillic") > 0.5:
                # Cyrillic read as Cyrillic: the per-character model cannot tell, the letter pairs can
                s_out, n = evidence.cyrillic_surprise(" ".join(new[:LEGACY_SAMPLE] for _, _, _, new in converted))
                if n >= PAIRS_MIN and s_out > SURPRISE_OUT:
                    continue   # the output's letters are in orders no language writes either
        if not shaped:
            continue
        need = 2 if script in ("CJK", "Hangul") else 3
        if script in ("CJK", "Hangul") and not _mostly_words(fixes):
            continue   # lone Han characters between other things ('$潭6潭3潭') are chance
        if not fixes or covered < 0.5 * total or covered < need:
            continue
        done = {(f.start, f.end) for f in fixes} | {(i, j) for i, j, _, _ in short + caps}
        if any(_non_ascii(text[i:j]) >= 3 and (i, j) not in done for i, j in spans):
            continue   # a reading of some words of the text and not of others like them ('ύςθυ ìÿãêèõ')
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
        if (c_old / per < min_cost or (c_old - c_new) / per < min_gain
                or c_new / per > LEGACY_MAX_OUT):
            continue
        w = max((c_old - c_new) / 2.0, float(marks))
        # one-letter words ('с.', 'д.') follow the reading the rest of the text has shown
        fixes += [Fix(i, j, old, new, token_steps[i], 0.0, 0, False, (), w)
                  for i, j, old, new in short if sum(not c.isascii() for c in old) <= 2 and not _GLUED.search(old)]
        fixes += [Fix(i, j, old, new, token_steps[i], 0.0, 0, False, (), w)
                  for i, j, old, new in caps]
        fixes = sorted((Fix(f.start, f.end, f.old, f.new, f.steps, f.gain, 0, False, (), w) for f in fixes),
                       key=lambda f: f.start)
        out.append((w, read_as, (fixes[0].start, fixes[-1].end), fixes))
    return out


_FOREIGN_WORD = re.compile("[\u0400-\u04ff]{3,}|[\u0370-\u03ff]{3,}|[\u2500-\u257f]{3,}")


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


PAIRS_MIN = 6          # letter pairs a Cyrillic reading needs before their frequencies count
SURPRISE_IN = 3.3      # mean surprise of the input's letter pairs above which it is not real writing
SURPRISE_OUT = 2.9     # ... and of the output's below which it is (real words score 2.3-2.8)
SURPRISE_GAIN = 1.0    # ... and the reading must make it that much more ordinary ('ЭРЫТРЭЯ' is Belarusian)


def _cyrillic_by_pairs(text: str, converted: list[tuple[int, int, str, str]], read_as: str, original: str,
                       total: int) -> Candidate | None:
    """A Cyrillic reading judged by its letter pairs (:mod:`.letter_pairs`): KOI8-R, Windows-1251
    and cp866 read as each other turn real words into letters in orders no language writes
    ('НЬХАЙЮ ОПХ' for 'ошибка при'), which the per-character model cannot see."""
    covered = sum(j - i for i, j, _, _ in converted)
    if covered < 0.9 * total:
        return None
    olds = " ".join(old[:LEGACY_SAMPLE] for _, _, old, _ in converted)
    s_in, n = evidence.cyrillic_surprise(olds)
    s_out, n_out = evidence.cyrillic_surprise(" ".join(new[:LEGACY_SAMPLE] for _, _, _, new in converted))
    if n < PAIRS_MIN and read_as not in ("cp1252-web", "latin-1"):
        # Cyrillic read as Cyrillic, words broken up by box drawing or symbols ('╘╙╧╬╟┴',
        # '¤\xa0Є®в\xa0'): too few letter pairs to judge the input by, so its characters are
        # judged as pairs of a word instead
        s_in, n = evidence.token_surprise(olds)
        n = min(n, n_out)
        words = [w for _, _, _, new in converted for w in _CYR_WORD.findall(new)]
        if not all(_CASED_WORD.fullmatch(w) for w in words) or max(map(len, words), default=0) < 4:
            # the words it writes must be words (lower case, capitalised or capitals) and one at
            # least long enough for its letter pairs to tell
            return None
        if any(not (c.isalpha() or c.isascii() or c in _QUOTES_DASHES) for _, _, _, new in converted for c in new):
            return None   # ... of letters and punctuation only ('МННОНН№')
        if any(_line_art(old) for _, _, old, _ in converted):
            return None
        if any(_TRIPLE.search(new) for _, _, _, new in converted):
            return None   # one letter three times in a row is line art read as letters, no word
    if n < PAIRS_MIN or s_in < SURPRISE_IN or s_out > SURPRISE_OUT or s_in - s_out < SURPRISE_GAIN:
        return None
    w = (s_in - s_out) * n / 3
    steps = (("encode", read_as), ("decode", original))
    fixes = [Fix(i, j, old, new, steps, 0.0, 0, False, (), w) for i, j, old, new in converted]
    return (w, read_as, (fixes[0].start, fixes[-1].end), fixes)


_CASED_WORD = re.compile("[а-яёіїєґўјљњћџѓќѕ]+|[А-ЯЁІЇЄҐЎЈЉЊЋЏЃЌЅ][а-яёіїєґўјљњћџѓќѕ]*|[А-ЯЁІЇЄҐЎЈЉЊЋЏЃЌЅ]+")
_QUOTES_DASHES = frozenset("«»„“”‘’‚–—…°·\u00a0")


def _line_art(token: str) -> bool:
    """A frame, a table rule or a bar: box drawing made largely of straight lines, or closed at
    both ends ('╠══╬══╣', '├─┼─┤')."""
    box = sum(1 for c in token if "\u2500" <= c <= "\u25a0")
    if box < 2:
        return False
    lines = sum(1 for c in token if c in "─═━│║▀▄█▌▐░▒▓■")
    return lines * 2 > len(token) or (token[0] in "├╠╞╟┌╔╒╓└╚╘╙┣┏┗" and token[-1] in "┤╣╡╢┐╗╕╖┘╝╛╜┫┓┛")


_TRIPLE = re.compile(r"([^\W\d_])\1\1")
_SYMBOL_IN_WORD = re.compile(r"[^\W\d_][^\w\s\x00-\x7f][^\W\d_]")
_GLUED = re.compile("[A-Za-z][^\\x00-\\x7f]|[^\\x00-\\x7f][A-Za-z]")
_TOKEN = re.compile(r"\S*[^\x00-\x7f]\S*")
_CASE_FLIP = re.compile("\\b[а-яё][А-ЯЁ]{2,}")
_CYR_WORD = re.compile("[А-яЁё]{2,}")


_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]+")


def _mostly_words(fixes: list[Fix]) -> bool:
    """Whether most Han, kana and Hangul a reading writes stand in runs of two or more, or stand
    alone as different characters (a date, '2024年3月5日'); one character over and over between
    other things is a pattern read as Han by chance ('$潭6潭3潭')."""
    runs = [m.group() for f in fixes for m in _CJK_RUN.finditer(f.new[:LEGACY_SAMPLE])]
    lone = [r for r in runs if len(r) == 1]
    return bool(runs) and (sum(map(len, runs)) - len(lone) >= 0.6 * sum(map(len, runs))
                           or len(lone) >= 2 and len(set(lone)) == len(lone))


_LOW = bytes(range(0x80, 0xA1))
_CAPITALS = re.compile("[A-Z\u00c0-\u00d6\u00d8-\u00de0-9 .,'-]*[\u00c0-\u00de][A-Z\u00c0-\u00d6\u00d8-\u00de0-9 .,'-]*")


def _low_bytes(data: bytes) -> int:
    return len(data) - len(data.translate(None, _LOW))


def _scripts(text: str) -> set[str | None]:
    """The scripts of the non-ASCII letters of ``text`` (Han and kana count as one)."""
    return {s for s in (plausibility._LETTER_SCRIPTS.get(plausibility.char_class(c)) for c in text if not c.isascii()) if s}


_PUNCT = frozenset("«»„“”‘’‚–—…№°·\u00a0")


def _non_ascii(text: str) -> int:
    """Non-ASCII characters other than the punctuation every script uses."""
    return sum(1 for c in text if not c.isascii() and c not in _PUNCT)


def _letters(new: str, script: str) -> int:
    return sum(1 for c in new if plausibility._LETTER_SCRIPTS.get(plausibility.char_class(c)) == script)


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
    for a, b in evidence.c1_controls(text):
        k = bisect.bisect_left(starts, b)   # the taken stretches that start before this run ends
        if k and taken[k - 1][1] > a or any(y > a for _, y in taken[max(0, k - 8):k]):
            continue
        old = text[a:b]
        new = old.encode("latin-1").decode("cp1252-web")
        out.append(Fix(a, b, old, new, (("encode", "latin-1"), ("decode", "cp1252-web")), 0.0, 0, False, (), 4.0))
    return out


# --- one pass ---------------------------------------------------------------------------------


def utf16_as_8bit(text: str) -> list[Fix]:
    """UTF-16 read as an 8-bit code page: a NUL at every other position.  Real text holds no NULs."""
    n = len(text)
    if n < 4 or text.count("\x00") * 10 < 4 * n:
        return []
    for order, first in (("utf-16-le", 1), ("utf-16-be", 0)):
        if sum(1 for k in range(first, n, 2) if text[k] == "\x00") * 10 >= 8 * (n // 2):
            try:
                new = text.encode("latin-1").decode(order)
            except UnicodeError:
                continue
            return [Fix(0, n, text, new, (("encode", "latin-1"), ("decode", order)), 0.0, 0, False, (), 5.0)]
    return []


_SURROGATE_ANY = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("(?:[\ud800-\udbff][\udc00-\udfff])+")


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
    readers, cjk, legacy_shaped = evidence.quick_look(text)
    if not (readers or cjk or legacy_shaped):
        return []   # the one cheap look clean text gets
    spans = regions(text)
    if not spans:
        return []
    cands = utf8_single_byte(text, spans, readers) if readers else []
    if cjk:
        cands += utf8_cjk(text, spans)
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
        for cs in pending:
            pick = judge.pick(cs, readers_seen, CONSISTENT, only_seen=True)
            if pick is not None:
                chosen.append(pick)
    partial = all(sum(f.end - f.start for f in c[3]) < c[2][1] - c[2][0] for c in chosen)
    # a UTF-8 reading that writes characters real text rarely holds ('ѧУ' from 'Ñ§Ð£', 'ʲô' from
    # 'Ê²Ã´': GBK 学校 and 什么 read as Latin-1) is weighed against a legacy reading of the text
    # (a C1 control it writes is the next layer's evidence, not a rare character; a long text is
    # not read twice over: the whole-text comparison is for the short ones where this happens)
    rare = not partial and len(text) <= COST_SAMPLE and any(
        plausibility.char_class(ch) in evidence._RARE_OUTPUT for c in chosen for f in c[3] for ch in f.new[:LEGACY_SAMPLE])
    if allow_legacy and (partial or rare) and legacy_shaped:
        # no UTF-8 reading, or one that explains only bits of stretches (a Latin-1 pair of GBK
        # bytes can look like UTF-8 by chance): perhaps one legacy code page read as another,
        # across the whole text
        legacies = legacy(text, spans)
        best = max(legacies, key=lambda c: c[0], default=None)
        if best is not None and best[0] >= THRESHOLD and (
                not rare or _cost(_applied(text, best[3])) < _cost(_applied(text, [f for c in chosen for f in c[3]]))):
            chosen = [_with_rivals(best, legacies)]
    fixes = [f for c in chosen for f in c[3]]
    if readers:
        fixes += c1_fixes(text, [(f.start, f.end) for f in fixes])
    return _non_overlapping(fixes)


def _applied(text: str, fixes: list[Fix]) -> str:
    """``text`` with non-overlapping ``fixes`` in place (a bounded sample of a long text)."""
    parts, pos = [], 0
    for f in sorted(fixes, key=lambda f: f.start):
        if f.start < pos:
            continue
        parts += [text[pos:f.start], f.new]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)[:COST_SAMPLE]


class _Judge:
    """Chooses among the readings of a stretch.  The plausibility model is asked only here, once
    per distinct candidate, and only about stretches that have evidence."""

    def __init__(self, text: str, cands: list[Candidate]) -> None:
        self.text, self.cands = text, cands
        self._costs: dict[tuple[tuple[int, int], tuple[str, ...], tuple[int, ...]], tuple[float, float]] = {}
        self._rank: dict[str, float] | None = None
        self._regions: dict[str, set[tuple[int, int]]] | None = None

    def costs(self, c: Candidate) -> tuple[float, float]:
        key = (c[2], tuple(f.new for f in c[3]), tuple(f.start for f in c[3]))
        if key not in self._costs:
            old = new = 0.0
            for f in c[3]:
                o, n = _context_cost(self.text, f.start, f.end, f.new)
                old, new = old + o, new + n
            self._costs[key] = (old, new)
        return self._costs[key]

    def regions(self, reader: str) -> frozenset[tuple[int, int]]:
        """The stretches a reading has a candidate for."""
        if self._regions is None:
            self._regions = {}
            for c in self.cands:
                self._regions.setdefault(c[1], set()).add(c[2])
        return frozenset(self._regions.get(reader, ()))

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
            if new_cost > old_cost and not strict_fffd and not only_seen:
                # (a stretch read the way the text has already shown is judged with its neighbours
                # still garbled, which the model would hold against it: 'Ð Ñƒ' for 'Ру')
                continue
            viable.append((w + (0.5 if reader in seen and only_seen else 0.0), old_cost - new_cost, c))
        if not viable:
            return None
        # readings whose evidence is within a fifth of the strongest are told apart by how the
        # whole text reads with them, then by how this stretch reads
        top = max(v[0] for v in viable)
        near = [v for v in viable if v[0] >= 0.8 * top - 1e-9]   # (a reading at 0.8 prior is within)
        outputs = {tuple(f.new for f in v[2][3]) for v in near}
        # (readings that write the same here still differ where one of them explains other
        # stretches too: 'Å³' is 'ų' in Windows-1252 and 1257, but only 1257 reads 'ÄÆ' as 'į')
        same = len(outputs) == 1 and len({self.regions(v[2][1]) for v in near}) == 1
        best = near[0] if same else max(near, key=lambda v: (self.rank(v[2][1]), v[1]))
        w, gain, c = best
        # a short stretch that another reading explains as well is ambiguous: say so, with both
        alts: list[tuple[str, Steps]] = []
        if c[2][1] - c[2][0] <= AMBIGUOUS_LEN and len(c[3]) == 1:
            for ow, ogain, other in viable:
                new = "".join(f.new for f in other[3])
                if (new != c[3][0].new and len(other[3]) == 1 and other[3][0].start == c[3][0].start
                        and ow >= w - 0.5 and ogain >= gain - AMBIGUOUS_GAIN and all(new != t for t, _ in alts)):
                    alts.append((new, other[3][0].steps))
        fixes = [Fix(f.start, f.end, f.old, f.new, f.steps, gain / len(c[3]), f.lost, f.cut_end, tuple(alts[:2]),
                     f.evidence) for f in c[3]]
        return (c[0], c[1], c[2], fixes)


def _with_rivals(best: Candidate, found: list[Candidate]) -> Candidate:
    """A short text that another legacy reading explains as well is ambiguous ('ÄãºÃ' is GBK
    你好 or Big5 斕疑): the rival readings go into the fix's alternatives."""
    fixes = best[3]
    if len(fixes) != 1 or len(fixes[0].old) > 2 * AMBIGUOUS_LEN:
        return best
    f = fixes[0]
    alts: list[tuple[str, Steps]] = []
    for w, _, _, other in sorted(found, key=lambda c: -c[0]):
        if (w >= 0.9 * best[0] and len(other) == 1 and other[0].start == f.start and other[0].end == f.end
                and other[0].new != f.new and all(other[0].new != t for t, _ in alts)):
            alts.append((other[0].new, other[0].steps))
    if not alts:
        return best
    return (best[0], best[1], best[2], [Fix(f.start, f.end, f.old, f.new, f.steps, f.gain, f.lost, f.cut_end,
                                           tuple(alts[:2]), f.evidence)])


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

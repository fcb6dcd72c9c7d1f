"""Undo mojibake: find the wrong decode that garbled a text and run it backwards — only where
the input itself shows evidence of it.

``repair(text)`` looks for the byte patterns a wrong decode leaves behind (:mod:`.evidence`),
searches the chain catalogue for the decode that made them (:mod:`.chains`), repairs mixed text
stretch by stretch (:mod:`.segments`) and returns a :class:`Repair` whose steps replay with
:func:`apply_steps` (:mod:`.result`).  Clean text, and the clean parts of mixed text, come back
unchanged; characters whose bytes were lost come back as U+FFFD, never invented.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .. import registry
from ..errors import InputError, InputTypeError
from ..i18n import Msg
from . import chains, evidence
from .result import LOST, Fix, Repair, Steps, apply_steps, chain_slug, chain_words, common_ends, describe_chain
from .segments import assemble, lost_spans

__all__ = ["Fix", "Repair", "apply_steps", "chain_slug", "chain_words", "common_ends", "describe_chain", "repair", "repair_text"]

MAX_DEPTH = 3
HALF_UNDONE = 0.8   # the most a repair is sure of when its text would still read as mojibake once more
# ... and when it reads one Cyrillic code page as another and writes no word the word table knows:
# both directions of such a swap write lower-case Cyrillic, and the letter model, Russian at
# heart, can prefer Russian-looking letters to a real word of another language (Tajik 'номаълум'
# through KOI8-R read as cp1251 came back as 'провснио' at 0.965)
UNKNOWN_WORDS = 0.86
# ... and when it reads a code page's text as a CJK code page where the same bytes are also valid
# UTF-8 of other text: UTF-8 is the commoner story, and the two cannot both be true (UTF-8
# Armenian read as Big5 was "repaired" as GBK read as Big5 into common Han at 0.999)
TWO_STORIES = 0.86
_CYRILLIC_WORD = re.compile(r"[^\W\d_]{3,}")


def repair(text: str, *, max_depth: int = MAX_DEPTH, encodings: str | Iterable[str] | None = None) -> Repair:
    """Find and undo the mojibake in ``text``; clean text and clean parts come back unchanged.

    ``max_depth`` bounds how many layers of mojibake are undone (double UTF-8 is two);
    ``encodings`` limits repair to chains between the named encodings.  Raises
    :class:`InputError` for a non-str ``text`` or a ``max_depth`` outside 1..8, and
    :class:`UnknownEncodingError` for an encoding name that is unknown or not a text encoding.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"repair() needs str, not {type(text).__name__}; decode bytes first or use diagnose()")
    if type(max_depth) is not int or not 1 <= max_depth <= 8:   # (a bool is no depth)
        raise InputError("max_depth must be an integer from 1 to 8")
    allowed = None if encodings is None else _allowed(encodings)
    if text.isascii() and "\x00" not in text or not evidence.may_show(text):
        return _unchanged(text)   # no character any evidence opens with: nothing to look at
    fixes: Sequence[Fix] = chains.one_pass(text)
    if not fixes:
        return _unchanged(text)   # the first look found no evidence: the common case, kept cheap
    cur = text
    half = False
    steps: Steps = ()
    layers: list[tuple[str, str, Sequence[Fix]]] = []   # (text before, text after, fixes) per pass
    for depth in range(max_depth):
        if depth:
            # a legacy chain read as another legacy chain is a pile-up nobody makes: first pass only
            fixes = chains.one_pass(cur, allow_legacy=False, seen=_utf8_seen(layers[-1][2]))
            # what the layer before wrote may be clean text whose bytes happen to be UTF-8 again
            # (French spacing, 'é\xa0»', is '頻'; Czech 'á\xa0–' is U+1816), and inheriting that
            # layer's certainty would make it sure: a next layer's stretch that writes more than
            # Latin shows on its own what a first layer's must (double UTF-8 of other scripts is
            # sequences with symbols in them, or three bytes each; the letter pairs that inherit,
            # 'ÄŒ' for 'Č', are what a next layer of Latin shows)
            fixes = [f for f in fixes if f.evidence >= chains.THRESHOLD or _LATIN.fullmatch(f.new)]
        # no writer types a code point Unicode has not assigned: a reading that writes one is wrong
        fixes = [f for f in fixes if not _writes_unassigned(f) and not _only_destroys(f)]
        if allowed is not None:
            fixes = [f for f in fixes if all(_plain(s[1]) in allowed for s in _flat(f.steps) if s[0] in ("encode", "decode"))]
        if not fixes:
            if depth:
                # the next layer found nothing it would take, yet what the last layer wrote may
                # still read as UTF-8 through the same code page as surely as the input did (a
                # clean 'ë' beside 'nÃ©' can hold the next layer back), or a CJK stretch it wrote
                # may read as UTF-8 words: a half undo, never sure
                half = chains.utf8_left(cur, _utf8_seen(layers[-1][2])) or \
                    chains.cjk_left(cur, "".join(f.new for f in layers[-1][2])) or _debris_left(text, cur, layers) \
                    or _wrote_utf8(layers[-1][2])
            break
        new, layer_steps = assemble(cur, fixes)
        if new == cur:
            break
        if layers:
            fixes = _inherit(fixes, layers[-1][2])
        layers.append((cur, new, fixes))
        steps += layer_steps
        cur = new
    else:
        # every layer allowed was undone: if the text still holds UTF-8's byte patterns under the
        # code page the last layer read, this may be a half undo ('Ã„Å’' made 'ÄŒ', not 'Č'),
        # never reported as sure (one encode and one bytes scan each, in C: no further pass)
        half = bool(layers) and any(evidence.encoded(cur, r, count=False)[1] for r in _utf8_seen(layers[-1][2]))
    bom = False
    # a byte order mark that a repair uncovered ('ï»¿' was one) goes; one the decoder simply
    # kept at the start of clean text is the text's own business
    if layers and "\ufeff" in cur and cur.count("\ufeff") > text.count("\ufeff"):
        cur, bom = cur.replace("\ufeff", ""), True
        steps += (("remove", "\ufeff"),)
    if cur == text:
        return _unchanged(text)
    if len(layers) == 1 and steps and steps[0][0] != "segments":
        # one reading explains the whole text: one fix, as the steps say
        fs = layers[0][2]
        fixes = (Fix(0, len(text), text, layers[0][1], steps[:2] if layers[0][1] else (), sum(f.gain for f in fs),
                     sum(f.lost for f in fs), any(f.cut_end for f in fs), fs[0].alternatives if len(fs) == 1 else (),
                     min(f.evidence for f in fs)),)
    elif len(layers) == 1:
        fixes = tuple(layers[0][2])
    else:
        k, e = common_ends(text, cur)
        all_fixes = [f for _, _, fs in layers for f in fs]
        fixes = (Fix(0, len(text), text, cur, steps, sum(f.gain for f in layers[0][2]),
                     cur.count("\ufffd"), False, (),
                     min((f.evidence for f in all_fixes), default=0.0)),) if layers else ()
    # every U+FFFD of a repaired text marks a character that is gone for good, whether the garbling
    # program or this repair wrote it ('Ä\ufffd' was a 'č' whose second byte was replaced)
    lost = lost_spans(cur)
    conf = chains.confidence([f for _, _, fs in layers for f in fs]) if layers else 0.9
    if half or conf >= HALF_UNDONE and (chains.mixed_words(text, cur) or _left_garbled(cur, layers)):
        conf = min(conf, HALF_UNDONE)
    if conf > UNKNOWN_WORDS and _swap_within(steps, _CYRILLIC_CODECS) and not _knows_a_word(cur):
        conf = UNKNOWN_WORDS
    if conf > TWO_STORIES and (_cjk_swap_of_utf8(text, steps)
                               or any(_utf8_of_an_alphabet(f) for _, _, fs in layers for f in fs)):
        conf = TWO_STORIES
    case = _one_case(text)
    if conf > HALF_UNDONE and layers and case:
        conf = min(conf, _case_told(text, layers[0][1], layers[0][2], case == "lower"))
    caps = _caps_table(cur) if layers and case == "upper" else None
    if caps:
        cur, steps, fixes = cur.translate(caps), steps + _caps_steps(cur, caps), tuple(_in_caps(f, caps) for f in fixes)
    parts = _explain(fixes, steps, layers, bom)
    if caps:
        parts += (Msg("the text was put in capitals after it was garbled: the repaired letters are in capitals too"),)
    return Repair(text, cur, steps, conf, lost, fixes, "; ".join(parts), parts)


def _one_case(text: str) -> str | None:
    """"upper" or "lower" when ``text`` is what upper- or lower-casing leaves (it has cased
    letters, and the mapping changes nothing), else None.  (Not ``str.isupper``: 'º' and 'ª'
    count as lower case to it, though no mapping changes them, and Latin-1 shows UTF-8's 0xBA
    and 0xAA so: upper-cased Vietnamese 'KHÃ´NG RÁº½' is not 'isupper'.)"""
    up, low = text.upper(), text.lower()
    return None if up == low else "upper" if up == text else "lower" if low == text else None


def _caps_table(cur: str) -> dict[int, str] | None:
    """The capitals of the lower-case letters a repair of a text all in capitals wrote, when
    the text was put in capitals after it was garbled; else None.

    A program that upper-cases mojibake (a heading style, a name field) turns its ASCII letters
    into capitals but leaves the bytes a code page showed as signs as they were: Latin-1 'CafÃ©'
    becomes 'CAFÃ©', whose 'Ã©' still reads as 'é', so the repair writes 'CAFé', a word no one
    writes.  Text all in capitals holds no lower-case letter that has a capital, so every one in
    the repair came from the garbled bytes, in the case the original had.  A word of the repair
    that holds such a letter, an ASCII capital (which the garbling passed through, in the case
    the mapping gave it), and a capital after its first letter is in no case writers use
    ('CAFé', 'úT'), and shows the mapping; one program mapped the whole text, so its repaired
    letters go into capitals too ('CAFÉ').  A letter whose capital is no single character stays
    (German writes 'STRAßE' in capitals; 'ß'.upper() is 'SS').  A capitalised word is no such
    sign: 'SÃ©' is Portuguese 'Sé' garbled as it was."""
    table = {ord(c): c.upper() for c in set(cur) if c.islower() and len(c.upper()) == 1 and c.upper() != c}
    if not table:
        return None
    for m in _LETTERS.finditer(cur):
        word = m.group()
        if any(ord(c) in table for c in word) and any(c.isupper() for c in word[1:]) \
                and any(c.isascii() and c.isupper() for c in word):
            return table
    return None


_LETTERS = re.compile(r"[^\W\d_]+")


def _caps_steps(text: str, table: dict[int, str]) -> Steps:
    """The replace steps that put the letters of ``table`` that ``text`` holds into capitals."""
    return tuple(("replace", c, table[ord(c)]) for c in sorted(set(text)) if ord(c) in table)


def _in_caps(f: Fix, table: dict[int, str]) -> Fix:
    """``f`` with the letters of ``table`` in capitals in what it and its alternatives write."""
    if not any(ord(c) in table for c in f.new + "".join(t for t, _ in f.alternatives)):
        return f
    return dataclasses.replace(f, new=f.new.translate(table), steps=f.steps + _caps_steps(f.new, table),
                               alternatives=tuple((t.translate(table), s + _caps_steps(t, table))
                                                  for t, s in f.alternatives))


# what a next layer may write on the certainty of the layer before: what two-byte UTF-8 sequences
# write (Latin, Greek, Cyrillic, Hebrew, Arabic … letters: double UTF-8 of them is letter pairs
# again, 'ÎœS' for 'ΜS') and Vietnamese; three-byte characters ('頻' from French spacing) need
# evidence of their own
_LATIN = re.compile("[\x00-\u07ff\u1e00-\u1eff]*")


def _left_garbled(cur: str, layers: Sequence[tuple[str, str, Sequence[Fix]]]) -> bool:
    """Whether the repaired text still holds what one of the repair's own readings undoes: the
    garbled form of a character it wrote elsewhere ('ã‰¯' beside the '㉯' it made of the same
    bytes), or a word left beside a legacy reading's stretches that the same reading turns into
    letters of the script it wrote ('Index·Î' beside '돌아가기': the Korean syllable glued to a
    Latin word, which the reading does not take alone).  One program garbled the text; a repair
    that undoes it in some places and leaves it in others is half done, whatever the model thinks
    of each stretch."""
    for _, after, fixes in layers:
        readings = {(a[1], b[1]) for f in fixes for a, b in itertools.pairwise(_flat(f.steps))
                    if a[0] == "encode" and b[0] == "decode" and LOST not in b[1]}
        written = "".join(f.new for f in fixes)
        for read_as, original in readings:
            if original.startswith("utf-8") and _plain(read_as) in _CJK_CODECS \
                    and not any(map(evidence.cjk_like, written)) and any(map(evidence.cjk_like, cur)):
                # UTF-8 of an alphabet read as a CJK code page: the repair wrote no Han, kana or
                # Hangul, and one program garbled all of the text, so what is left of them is
                # the rest of the same mojibake ('Tiếng Vi盻㏄')
                return True
            if original.startswith("utf-8") and _utf8_still_read_as(cur, read_as):
                # what is left still reads as UTF-8 through the same code page: a layer of the
                # same garbling is not undone (double UTF-8 left as 'à¤°', one layer short of 'र')
                return True
            if original.startswith("utf-8"):
                for ch in set(written):
                    if len(ch.encode("utf-8")) < 2:
                        continue
                    try:
                        form = ch.encode("utf-8").decode(read_as)
                    except (UnicodeError, LookupError):
                        continue
                    if form != ch and form in cur:
                        return True
            elif _reads_left(after, fixes, read_as, original, chains._scripts(written) - {"Latin"}):
                return True
    return False


_WORD_WITH_MORE = re.compile(r"\S*[^\x00-\x7f]\S*")
# a run of letters and signs, split at no-break spaces: French spacing puts one between 'é' and
# '»', and E9 A0 BB is UTF-8 too ('頻')
_SIGN_LETTER_RUN = re.compile(r"[^\x00-\x7f\xa0]+")


def _utf8_still_read_as(cur: str, read_as: str) -> bool:
    """Whether a run of ``cur``'s non-ASCII characters, written back through the Western code page
    ``read_as``, is UTF-8 through and through (a cut last character aside) and writes a character
    of three or four bytes: the mark the garbling leaves, still there.  Two-byte sequences are a
    letter and a sign, which real text also writes (German 'Maß«' is DF AB)."""
    # (Western code pages only: their bytes 0x80-0xBF are signs, so a run of letters and signs
    # that is UTF-8 is the garbling's mark; where those bytes are letters, as in cp1251, whose
    # 'Ні' is CD B3, it is a word)
    if read_as not in chains._WESTERN:
        return False
    for m in _SIGN_LETTER_RUN.finditer(cur):
        if len(m.group()) < 3:
            continue
        try:
            raw = m.group().encode(read_as)
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.reason != "unexpected end of data" or e.start == 0:
                continue
            decoded = raw[:e.start].decode("utf-8")
        except (UnicodeError, LookupError):
            continue
        if max(decoded) >= "\u0800":
            return True
    return False


def _reads_left(after: str, fixes: Sequence[Fix], read_as: str, original: str, scripts: set[str | None]) -> bool:
    """Whether a word of ``after`` (a layer's output) that no fix wrote reads through ``read_as``
    and ``original`` as letters of ``scripts``."""
    if not scripts:
        return False
    written = bytearray(len(after))   # where the fixes' outputs stand in ``after``
    for a, b, _ in _written_spans(fixes):
        written[a:b] = b"\x01" * (b - a)
    for m in _WORD_WITH_MORE.finditer(after):
        if 1 in written[m.start():m.end()]:
            continue
        try:
            new = m.group().encode(read_as).decode(original)
        except (UnicodeError, LookupError):
            continue
        if new != m.group() and not chains._scripts(new).isdisjoint(scripts):
            return True
    return False


def _written_spans(fixes: Sequence[Fix]) -> list[tuple[int, int, float]]:
    """Where each of a layer's fixes stands in the layer's output, in order, with its evidence."""
    spans: list[tuple[int, int, float]] = []
    shift = 0
    for f in sorted(fixes, key=lambda f: f.start):
        a = f.start + shift
        spans.append((a, a + len(f.new), f.evidence))
        shift += len(f.new) - (f.end - f.start)
    return spans


def _swap_within(steps: Steps, codecs: frozenset[str]) -> bool:
    """Whether ``steps`` read the whole text through one of ``codecs`` as another of them."""
    return (len(steps) == 2 and steps[0][0] == "encode" and steps[1][0] == "decode"
            and {_plain(steps[0][1]), _plain(steps[1][1])} <= codecs)


def _cjk_swap_of_utf8(text: str, steps: Steps) -> bool:
    """Whether ``steps`` read the whole text through a code page as a CJK one while the text's
    bytes in the first are valid UTF-8 too (ASCII apart): one CJK code page as another, or a
    Western one's letters and signs as Han (double UTF-8 of an emoji, 'Ã°Å¸Â¦Â¾', is Big5 read as
    Windows-1252 too, and was "repaired" into four Han at 0.998)."""
    swap = _one_swap(steps)
    if swap is None or _plain(swap[1]) not in _CJK_CODECS or _plain(swap[0]).startswith("utf"):
        return False
    try:
        return not text.encode(swap[0]).decode("utf-8").isascii()
    except (UnicodeError, LookupError):
        return False


def _one_swap(steps: Sequence[Sequence[Any]]) -> tuple[str, str] | None:
    """(the code page the text was read as, the one it was written in) when ``steps`` are one
    encode and one decode, else None."""
    if len(steps) == 2 and steps[0][0] == "encode" and steps[1][0] == "decode":
        return steps[0][1], steps[1][1]
    return None


def _utf8_of_an_alphabet(f: Fix) -> bool:
    """Whether ``f`` reads its stretch as a CJK code page while the same characters, written back
    through one of the 8-bit code pages UTF-8 is commonly read as, are UTF-8 of letters of an
    alphabet.  GBK and Big5 hold Cyrillic letters and box drawing in their own rows, so UTF-8
    Armenian, Sinhala or Devanagari read as KOI8-R or cp866 ('т╩у╤у╤у║' is 'Իննա') is GBK text
    too, which Big5 reads as common Han: the bytes decode both ways, and nothing in them says
    the text was Chinese.  (A real CJK stretch read as another code page is Han, which no 8-bit
    code page encodes, or Latin-1's letters, which make UTF-8 letters of one alphabet by chance
    only now and then: that repair keeps its confidence.)"""
    swap = _one_swap(f.steps)
    if swap is None or _plain(swap[1]) not in _CJK_CODECS or f.old.isascii():
        return False
    for page in _UTF8_PAGES:
        try:
            other = f.old.encode(page).decode("utf-8")
        except (UnicodeError, LookupError):
            continue
        # (letters, and the marks they carry: marks alone are bytes that happen to decode)
        kinds = [unicodedata.category(c)[0] for c in other if not c.isascii()]
        if kinds.count("L") >= 2 and kinds[0] == "L" and set(kinds) <= {"L", "M"} \
                and not any(map(evidence.cjk_like, other)):
            return True
    return False


# the 8-bit code pages repair reads UTF-8 through, and Latin-1 (which Windows-1252's five
# undefined bytes fall back to)
_UTF8_PAGES = (*evidence.UTF8_READERS, "latin-1")


def _case_told(text: str, after: str, fixes: Sequence[Fix], lower: bool) -> float:
    """How sure a repair of text all in one case can be of what the case mapping left of its bytes.

    Text is lower-cased (or upper-cased) after it was garbled as well as before: a search index,
    a user name field, a style sheet.  The mapping changes the bytes the code page stood for: in
    Windows-1251 'Ѓ' (0x81) and 'ѓ' (0x83) are both UTF-8 continuation bytes, so lower-cased
    Oriya 'а\xadЃ' decodes as 'ୃ', not 'ୁ'; in MacRoman 'Ü' (0x86) and 'ü' (0x9F) are too, and
    GBK's Cyrillic rows read as Big5 in either case.  Text all in one case therefore says nothing
    about the case of a letter: each letter of a repaired stretch whose other case the reading
    also decodes gives another reading, and the repair is as sure as the model's margin over the
    likeliest of them, each judged among the words around it (1 / (1 + 10**-margin), as between
    code pages), once the text holds two such letters or more, which all came out in its one case.  A word
    the repair left alone, or where it only read C1 controls as Windows-1252, that reads as UTF-8
    through the code page once its case is turned is the rest of the same mojibake ('vдѓn'
    beside a repaired 'nguyб»…n' is 'Văn', 'petå\x91fi' is 'Petőfi'): the repair is half done.
    The letters' margin is weighed only where ``str.isupper``/``islower`` say the text is in one
    case (as the rule was tuned): UTF-8 Greek read as Windows-1252 is capitals and signs whatever
    happened to it, and the 'º' its 'κ' shows keeps 'Αθηναϊκός' out; the half-undone check needs
    no model and takes every text in one case."""
    letters = text.isupper() or text.islower()
    done = bytearray(len(text))
    best = 1.0
    tried = told = 0
    readers = set()
    for f, (a, b, _) in zip(sorted(fixes, key=lambda f: f.start), _written_spans(fixes)):
        flat = list(_flat(f.steps))
        swap = _one_swap(flat)
        if swap is None:
            continue
        reader, original = swap
        if reader == "latin-1" and original == "cp1252-web":
            readers.add(reader)   # (C1 controls read as signs: the letters beside them are judged below)
            continue
        done[f.start:f.end] = b"\x01" * (f.end - f.start)
        if not original.startswith("utf-8"):
            continue   # (a legacy reading decodes any byte: its letters' case is the model's to judge)
        readers.add(reader)
        before, behind = after[max(0, a - CASE_CONTEXT):a], after[b:b + CASE_CONTEXT]
        cost = None
        for k, ch in enumerate(f.old):
            if ch.isascii() or tried >= CASE_TRIES:
                continue
            other = ch.upper() if lower else ch.lower()
            if not letters or other == ch or len(other) != 1:
                continue
            try:
                alt = (f.old[:k] + other + f.old[k + 1:]).encode(reader).decode(original, *flat[1][2:3])
            except (UnicodeError, LookupError):
                continue
            tried += 1
            if alt.lower() == f.new.lower():
                continue   # (the same text in another case)
            told += 1
            if cost is None:
                cost = chains._cost(before + f.new + behind)
            best = min(best, chains.margin_probability(chains._cost(before + alt + behind) - cost))
    if told < CASE_LETTERS:
        best = 1.0   # (too few such letters for the text's one case to say they were mapped)
    for m in _WORD_WITH_MORE.finditer(text):
        if 1 in done[m.start():m.end()]:
            # (what a fix left of a word is judged alone: 'P√≥J≈ÕƑÁ' was repaired to 'PÓJ≈ÕƑÁ')
            if any(_hides_utf8(part, reader, lower) for part in _left_of(m, done) for reader in readers):
                return min(best, HALF_UNDONE)
            continue
        word = m.group().upper() if lower else m.group().lower()
        for reader in readers:
            try:
                if not word.encode(reader).decode("utf-8").isascii():
                    return min(best, HALF_UNDONE)
            except (UnicodeError, LookupError):
                pass
            if _hides_utf8(m.group(), reader, lower):
                return min(best, HALF_UNDONE)
    return best


def _left_of(m: re.Match[str], done: bytearray) -> list[str]:
    """The stretches of the matched word that ``done`` does not mark."""
    return [p for p in re.split("\x01+", "".join("\x01" if done[k] else c
                                                 for k, c in enumerate(m.group(), m.start()))) if p]


def _hides_utf8(word: str, reader: str, lower: bool) -> bool:
    """Whether a UTF-8 sequence of two or three bytes in ``reader`` stands in ``word`` once some
    of its characters are put back as what the case mapping (lower-casing if ``lower``) made them
    from.  Turning the whole word is not enough: upper-cased Vietnamese 'Ä\x91Á»\x95I' is 'đ'
    with its lead in capitals, as written, and 'ổ' with its lead 'á' made 'Á'; and the mapping
    takes some characters out of the code page: Latin-1's 'µ' (0xB5, a continuation byte) becomes
    Greek 'Μ', MacRoman's 'ƒ' (0xC4, a lead) 'Ƒ'."""
    made = _made_by_case(reader, lower)
    options: list[tuple[int, ...]] = []
    for ch in word:
        try:
            own = ch.encode(reader)
        except (UnicodeError, LookupError):
            own = b""
        options.append(tuple(own[:1] if len(own) == 1 else b"") + made.get(ch, ()))
    for i, leads in enumerate(options):
        for lead in leads:
            n = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 0
            if not n or i + n > len(word):
                continue
            for rest in itertools.product(*(o for o in options[i + 1:i + n])):
                seq = bytes((lead, *rest))
                if seq != word[i:i + n].encode(reader, "replace"):
                    try:
                        seq.decode("utf-8")
                        return True
                    except UnicodeDecodeError:
                        pass
    return False


@functools.lru_cache(maxsize=None)
def _made_by_case(reader: str, lower: bool) -> dict[str, tuple[int, ...]]:
    """Character -> the bytes of ``reader`` whose characters lower-casing (or upper-casing) turns
    into it ('Á' -> (0xE1,) in Latin-1, whose 'á' that is)."""
    out: dict[str, tuple[int, ...]] = {}
    for b in range(0x80, 0x100):
        try:
            ch = bytes([b]).decode(reader)
        except (UnicodeError, LookupError):
            continue
        mapped = ch.lower() if lower else ch.upper()
        if len(mapped) == 1 and mapped != ch:
            out[mapped] = out.get(mapped, ()) + (b,)
    return out


# letters whose other case the reading also decodes that a text all in one case must hold before
# its case says they were mapped: a few are all in one case by chance (UTF-8 Korean read as
# Windows-1252, 'í•œêµ\xadì–´', shows its leads in lower case, and one continuation byte of
# the three might have been 'Œ' as well as 'œ')
CASE_LETTERS = 2
CASE_TRIES = 32   # letters of a text whose other case is tried (each costs the model one look) ...
CASE_CONTEXT = 24   # ... with this many characters of the repaired text on each side


_CJK_CODECS = frozenset(registry.canonical(n) for n in ("gbk", "gb18030", "gb2312", "big5", "cp950", "big5hkscs",
                                                        "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr"))
_CYRILLIC_CODECS = frozenset(registry.canonical(n) for n in ("koi8_r", "cp866", "cp1251", "iso8859_5", "mac_cyrillic"))


def _knows_a_word(text: str) -> bool:
    from .cyrillic_words import ZIPF

    return any(w.lower() in ZIPF for w in _CYRILLIC_WORD.findall(text))


def _writes_unassigned(f: Fix) -> bool:
    """A fix that writes a Basic Multilingual Plane code point no Unicode version has assigned
    (the planes above get new characters each year, which an older Python's tables call
    unassigned: those are left to the models)."""
    return any(unicodedata.category(c) == "Cn" and c <= "\uffff" and c not in f.old for c in f.new)


def _wrote_utf8(fixes: Sequence[Fix]) -> bool:
    """Whether a fix wrote text that is UTF-8 once more through the code page it read: double
    UTF-8 of one letter comes back one layer undone ('Ã„Å’' is 'ÄŒ', which is 'Č'), and a pair
    standing alone is too little for the next pass to take (clean text has 'ÄŒ' nowhere)."""
    # (two-byte sequences only: three-byte ones are what clean French spacing makes, 'é\xa0»', and
    # a CJK code page's own bytes hold such pairs)
    return any(_TWO_BYTE.search(f.new.encode(r, "replace")) for f in fixes for r in _utf8_seen([f])
               if r in evidence.UTF8_READERS)


_TWO_BYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")


def _debris_left(text: str, cur: str, layers: Sequence[tuple[str, str, Sequence[Fix]]]) -> bool:
    """Whether a repair that marked losses left UTF-8's byte patterns under a code page it read
    UTF-8 through: double UTF-8 whose first decode lost bytes comes back one layer undone, 'Ñ€'
    between the U+FFFD, which no pass takes (a stretch with losses in it is debris to them)."""
    if cur.count("\ufffd") <= text.count("\ufffd"):
        return False
    readers = {r for _, _, fs in layers for r in _utf8_seen(fs)}
    return any(evidence.encoded(cur, r, count=False)[1] for r in readers)


def _only_destroys(f: Fix) -> bool:
    """A lossy fix the model finds worse that writes nothing but U+FFFD where characters stood:
    it recovers nothing, and marks as lost what may be the text's own ('秒' after a number in a
    Japanese message read as a UTF-8 character that lost a byte).  ('锟斤拷' is another matter: its
    bytes decode strictly to U+FFFD, the loss an earlier program marked.)"""
    return (f.gain < 0 and "\ufffd" in f.new and set(f.new) - {"\ufffd"} <= set(f.old)
            and any(LOST in s for s in _flat(f.steps)))


def _utf8_seen(fixes: Sequence[Fix]) -> dict[str, float]:
    """The code pages a layer's fixes read UTF-8 through, for the next layer to search first (a
    legacy reading, 'encode cp866, decode cp1251', says nothing of UTF-8 read as cp866)."""
    return {a[1]: 1.0 for f in fixes for a, b in itertools.pairwise(_flat(f.steps))
            if a[0] == "encode" and b[0] == "decode" and b[1].startswith("utf-8")}


def _inherit(fixes: Sequence[Fix], before: Sequence[Fix]) -> list[Fix]:
    """A later layer's fixes, each at least as sure as the fix of the layer before that wrote the
    stretch it repairs: that the text a repair wrote reads as UTF-8 once more is what double
    mojibake is ('Ã„Å’' is 'ÄŒ', which is 'Č'; the letter pair 'ÄŒ' alone would be little
    evidence).  A stretch the layer before left alone keeps its own evidence, and so does one that
    would write a character real text rarely holds ('CAFÃ‰Â\xa0BAR' is 'CAFÉ\xa0BAR', and
    'É\xa0' is no sure 'ɠ')."""
    spans = _written_spans(before)
    starts = [a for a, _, _ in spans]
    out = []
    for f in fixes:
        if any(evidence.rare_char(c) for c in f.new):
            out.append(f)
            continue
        # the spans do not overlap and are in order, so their ends are too: the ones that can hold
        # the fix start at or before it, and the search back stops at the first that ends before
        # it ends (a bisection, not a scan of every span: a long text has thousands)
        held: list[float] = []
        k = bisect.bisect_right(starts, f.start) - 1
        while k >= 0 and spans[k][1] >= f.end:
            held.append(spans[k][2])
            k -= 1
        inherited = max(held, default=0.0)
        out.append(f.with_evidence(inherited) if inherited > f.evidence else f)
    return out


def _unchanged(text: str) -> Repair:
    # most texts come back as they are; a frozen dataclass's __init__ sets each of its eight
    # fields through object.__setattr__, so the common answer is built directly (every other
    # field keeps its class default)
    r = object.__new__(Repair)
    r.__dict__.update(original=text, text=text)
    return r


def _plain(name: str) -> str:
    for suffix in ("-web", "-ibm", "-nec", "-cesu"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return registry.canonical(name)


def _allowed(encodings: str | Iterable[str]) -> frozenset[str]:
    if isinstance(encodings, str):
        encodings = [encodings]
    try:
        names = list(encodings)
    except TypeError:
        raise InputTypeError(f"encodings must be a list of names, not {type(encodings).__name__}") from None
    if not all(isinstance(n, str) for n in names):
        raise InputTypeError("encodings must be a list of encoding names")
    out = {_plain(n) for n in names}
    if "latin-1" in out or "iso8859-1" in out:
        out.add(registry.canonical("cp1252"))   # browsers read Latin-1 labels as Windows-1252
    return frozenset(out)


def _flat(steps: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    for s in steps:
        if s[0] == "segments":
            for _, _, sub in s[1]:
                yield from _flat(sub)
        else:
            yield s


def repair_text(text: str) -> str:
    """``repair(text).text``: the one-call ``str -> str`` fix, like ``ftfy.fix_encoding``."""
    return repair(text).text


def _explain(fixes: Sequence[Fix], steps: Steps, layers: Sequence[tuple[str, str, Sequence[Fix]]], bom: bool) -> tuple[str, ...]:
    """The explanation as sentences (:class:`~codecscope.i18n.Msg`), joined with '; ' in English."""
    if not layers:
        return (Msg("a stray byte order mark (U+FEFF) was removed"),)
    parts = list(dict.fromkeys(chain_words(f.steps) for f in fixes))
    whole = len(fixes) == 1 and len(layers) == 1 and fixes[0].old == layers[0][0]   # (layers: before, after, fixes)
    if len(layers) == 1 and steps and steps[0][0] == "segments" and not whole:
        parts[-1] = Msg("{what} (in {n} stretches; the rest was left alone)", what=parts[-1], n=len(fixes)) \
            if len(fixes) > 1 else Msg("{what} (in 1 stretch; the rest was left alone)", what=parts[-1])
    for f in fixes:
        for t, s in f.alternatives[:1]:
            parts.append(Msg("ambiguous: '{old}' could also be '{alt}' ({how})", old=f.old, alt=t, how=chain_words(s)))
    lost = sum(f.lost for f in fixes)
    if lost > 0:
        if any(f.cut_end for f in fixes) and lost == 1:
            parts.append(Msg("the last character's final byte was lost (marked U+FFFD)"))
        elif lost == 1:
            parts.append(Msg("1 character could not be recovered (marked U+FFFD)"))
        else:
            parts.append(Msg("{n} characters could not be recovered (marked U+FFFD)", n=lost))
    if bom:
        parts.append(Msg("a stray byte order mark (U+FEFF) was removed"))
    return tuple(parts)

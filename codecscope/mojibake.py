"""The mojibake taxonomy as small detectors, one per kind, registered in one place.

Each detector is ``fn(text) -> list[Finding]`` (:class:`codecscope.diagnosis.Finding`: ``kind``,
``span`` in characters, ``evidence`` in words, ``repairable``, ``steps`` to replay a repair).
:func:`analyze` runs them all; importing :mod:`codecscope.repairing` registers it with
``diagnose`` so ``codecscope.diagnose(text)`` reports these kinds.

Kinds: ``utf-8-read-as-gbk`` and the other re-decodable chains (``<original>-read-as-<codec>``,
``double-encoding``), ``ambiguous`` (a short string two chains explain about equally well: both
readings are in the evidence and in :func:`readings`), ``replacement-read-as-gbk`` (锟斤拷),
``replacement-read-as-big5`` (嚙踝蕭), ``uninitialised-memory`` (烫烫烫 / 屯屯屯),
``question-mark-loss``, ``bom-as-text``, ``utf-16-as-8-bit``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .diagnosis import BytesContext, Finding, register_bytes_detector, register_text_analyzer
from .i18n import N_, Msg

if TYPE_CHECKING:
    from .repairing import Fix
    from .repairing.result import Steps

Detector = Callable[[str], list[Finding]]
DETECTORS: list[tuple[str, Detector]] = []


def detector(kind: str) -> Callable[[Detector], Detector]:
    """Register a detector for ``kind`` (decorator)."""

    def deco(fn: Detector) -> Detector:
        DETECTORS.append((kind, fn))
        return fn

    return deco


def _runs(rx: re.Pattern[str], text: str, kind: str, evidence: str, repairable: bool | None) -> list[Finding]:
    return [Finding(kind, m.span(), Msg(evidence, m=m.group()), repairable) for m in rx.finditer(text)]


_KAO = re.compile(r"(?:锟斤拷)+锟?|锟(?=[?\ufffd])")


@detector("replacement-read-as-gbk")
def kunjinkao(text: str) -> list[Finding]:
    """锟斤拷: U+FFFD saved as UTF-8 (EF BF BD) and read back as GBK."""
    return _runs(_KAO, text, "replacement-read-as-gbk",
                 N_("'{m}' is U+FFFD U+FFFD saved as UTF-8 (EF BF BD EF BF BD) and read as GBK (锟斤拷): "
                 "the original bytes had already been replaced by U+FFFD in an earlier decode, "
                 "so the characters cannot be recovered"), False)


_BIG5_KAO = re.compile(r"(?:嚙踝蕭)+嚙?")


@detector("replacement-read-as-big5")
def big5_kao(text: str) -> list[Finding]:
    """嚙踝蕭: the Big5 twin of 锟斤拷."""
    return _runs(_BIG5_KAO, text, "replacement-read-as-big5",
                 N_("'{m}' is U+FFFD saved as UTF-8 (EF BF BD) and read as Big5 (嚙踝蕭): the original "
                 "bytes were replaced earlier and cannot be recovered"), False)


_TANG = re.compile(r"烫{2,}|屯{2,}")


@detector("uninitialised-memory")
def uninitialised(text: str) -> list[Finding]:
    """烫烫烫 / 屯屯屯: MSVC debug builds fill memory with 0xCC (stack) and 0xCD (heap)."""
    out: list[Finding] = []
    for m in _TANG.finditer(text):
        which = Msg("0xCC bytes (uninitialised stack memory)") if m.group()[0] == "烫" else \
            Msg("0xCD bytes (uninitialised heap memory)")
        out.append(Finding("uninitialised-memory", m.span(),
                           Msg("'{m}' is {which} of an MSVC debug build printed as GBK: not text at all; "
                               "look for a missing string terminator or an unset buffer", m=m.group()[:8], which=which),
                           False))
    return out


_QMARKS = re.compile(r"\?{2,}")


def _letter(ch: str) -> bool:
    return ch.isalpha() and not ch.isascii()


@detector("question-mark-loss")
def question_marks(text: str) -> list[Finding]:
    """'?' where characters were: text encoded into a code page that lacks them (errors='replace').

    A question mark is ordinary punctuation in every script, doubled and tripled too ('真的??',
    '큰일인데?'), so only runs that stand *inside* writing count: two or more '?' with a non-ASCII
    letter on both sides ('名??明'), three or more glued to one and followed by more text, or a
    value made of four or more ('name: ????')."""
    out: list[Finding] = []
    for m in _QMARKS.finditer(text):
        a, b = m.span()
        before = text[a - 1] if a else ""
        after = text[b] if b < len(text) else ""
        inside = _letter(before) and _letter(after)
        # a whole value made of four or more '?' ('name: ????'): a name or word that was lost
        alone = b - a >= 4 and before in ("", " ", "\t", ":", "=", "\n") and after in ("", " ", "\t", "\n", "\r", ",", ";")
        glued = (_letter(before) or _letter(after)) and b - a >= 3 and after not in ("", " ", "\n", "\r", "\t")
        if not (inside or glued or alone):
            continue
        out.append(Finding("question-mark-loss", (a, b),
                           Msg("{n} '?' inside non-ASCII text: characters replaced by '?' when the text was "
                               "encoded into a code page that lacks them; they are gone", n=b - a), False))
    return out


_BOM_TEXT = re.compile(r"ï»¿|\u951b\u00bf|^锘|þÿ(?=.\x00)|^ÿþ|^\u00ef\u00bb\u00bf")


@detector("bom-as-text")
def bom_as_text(text: str) -> list[Finding]:
    """A byte order mark decoded as characters: 'ï»¿' (UTF-8 BOM as cp1252), '锘' (as GBK)."""
    return [Finding("bom-as-text", m.span(),
                    Msg("'{m}' is a byte order mark decoded as text by a program that did not expect one; "
                        "remove it (decode with utf-8-sig)", m=m.group()), True)
            for m in _BOM_TEXT.finditer(text)]


@detector("utf-16-as-8-bit")
def utf16_as_8bit(text: str) -> list[Finding]:
    """UTF-16 bytes read by an 8-bit code page: every other character is U+0000."""
    n = len(text)
    if n < 4 or text.count("\x00") * 3 < n:
        return []
    even = sum(1 for ch in text[0::2] if ch == "\x00")
    odd = sum(1 for ch in text[1::2] if ch == "\x00")
    order = "UTF-16LE" if odd > even else "UTF-16BE"
    if max(even, odd) * 10 < 8 * (n // 2):
        return []
    return [Finding("utf-16-as-8-bit", (0, n), Msg("{k} of {n} characters are U+0000 at alternating positions: "
                                                   "{order} bytes read as an 8-bit code page",
                                                   k=max(even, odd), n=n, order=order), True,
                    order.lower().replace("utf-16", "utf-16-"))]


@detector("chains")
def chains(text: str) -> list[Finding]:
    """The re-decodable chains (古文码, 拼音码, 文字化け, кракозябры, double UTF-8, ...) via repair."""
    from .repairing import chain_slug as _chain_slug, chain_words as _chain_words, repair

    rep = repair(text)
    out = []
    for f in rep.fixes:
        alts = [a for a in f.alternatives if a[0] != f.new]
        if alts:
            alt_text, alt_steps = alts[0]
            out.append(Finding("ambiguous", (f.start, f.end),
                               Msg("'{old}' reads two ways: '{new}' ({how}) or '{alt}' ({alt_how}); too short "
                                   "to tell", old=f.old, new=f.new, how=_chain_words(f.steps), alt=alt_text,
                                   alt_how=_chain_words(alt_steps)), True,
                               steps=f.steps))
            continue
        what = _chain_words(f.steps)
        (a, b), old, new = _narrow(f)
        evidence = Msg("{what}: '{old}' re-decodes to '{new}'", what=what, old=_clip(old), new=_clip(new))
        if f.lost:
            evidence = (Msg("{evidence} (1 character lost, marked U+FFFD)", evidence=evidence) if f.lost == 1 else
                        Msg("{evidence} ({n} characters lost, marked U+FFFD)", evidence=evidence, n=f.lost))
        out.append(Finding(_chain_slug(f.steps), (a, b), evidence, True,
                           steps=f.steps))
    return out


def _narrow(f: Fix) -> tuple[tuple[int, int], str, str]:
    """The part of a fix that actually changed, when the same steps replay on it alone."""
    from .repairing import apply_steps, common_ends

    old, new = f.old, f.new
    k, e = common_ends(old, new)
    core_old, core_new = old[k:len(old) - e], new[k:len(new) - e]
    if (k or e) and core_old:
        try:
            if apply_steps(core_old, f.steps) == core_new:
                return (f.start + k, f.end - e), core_old, core_new
        except Exception:  # the steps need the context: report the whole stretch
            pass
    return (f.start, f.end), old, new


def _clip(s: str, n: int = 40) -> str:
    s = s.replace("\n", "\\n").replace("\r", "\\r")
    return s if len(s) <= n else s[: n - 1] + "…"


def analyze(text: str) -> list[Finding]:
    """Every detector over ``text``: findings sorted by position.  Never raises on content."""
    if not isinstance(text, str) or not text:
        return []
    out = []
    for _, fn in DETECTORS:
        out.extend(fn(text))
    # a chain finding that merely restates an unrecoverable kind is dropped
    hard = sorted(f.span for f in out if f.kind in ("replacement-read-as-gbk", "replacement-read-as-big5",
                                                     "uninitialised-memory"))
    starts = [a for a, _ in hard]
    reach = list(itertools.accumulate((b for _, b in hard), max))  # the furthest end of the spans so far
    # Inside some hard span: among the spans starting at or before it, one ends at or after it.
    # (A bisection, not a scan of every span per finding: a log of 锟斤拷 holds thousands of both.)

    def restates(f: Finding) -> bool:
        i = bisect.bisect_right(starts, f.span[0])
        return i > 0 and reach[i - 1] >= f.span[1]

    out = [f for f in out if not (f.repairable and restates(f))]
    out.sort(key=lambda f: (f.span[0], f.kind))
    return out


def readings(text: str) -> list[tuple[str, Steps]]:
    """Every reading repair considered good enough, best first: ``[(text, steps), ...]``.
    Two entries mean the string is ambiguous."""
    from .repairing import repair

    rep = repair(text)
    if not rep.changed:
        return []
    out = [(rep.text, rep.steps)]
    if len(rep.fixes) == 1 and rep.fixes[0].start == 0 and rep.fixes[0].end == len(text):
        out.extend((t, s) for t, s in rep.fixes[0].alternatives if t != rep.text)
    return out


MAX_BYTES_ANALYZED = 16 << 10   # how much of a UTF-8 input diagnose reads as text


def _bytes_detector(ctx: BytesContext) -> tuple[None, Sequence[Finding]]:
    """Bytes and files that are valid UTF-8 are also read as text and analysed (the first
    16 KiB, so diagnose stays a streaming pass: the search costs microseconds per character of
    mixed text, and `codecscope repair` / `codecscope scan` read whole files); spans become
    byte offsets."""
    v = ctx.validity[0] if ctx.validity else None
    if v is None or v.encoding not in ("utf-8", "utf-8-sig") or not v.valid or not v.non_ascii:
        return None, ()
    data = ctx.data[:MAX_BYTES_ANALYZED] if ctx.data is not None else None
    if data is None and ctx.path is not None:
        try:
            with open(ctx.path, "rb") as fh:
                data = fh.read(MAX_BYTES_ANALYZED)
        except OSError:
            return None, ()
    if data is None:  # a stream: diagnose kept its first block
        data = ctx.head[:MAX_BYTES_ANALYZED]
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    part = ctx.size > len(data)
    # a character cut by the sample limit is dropped, not reported
    text = data[bom:].decode("utf-8", "ignore" if part else "replace")
    note = N_("{evidence} (first 16 KiB read as UTF-8 text)") if part else N_("{evidence} (read as UTF-8 text)")
    out = []
    for f in analyze(text):
        a = bom + len(text[:f.span[0]].encode("utf-8"))
        b = a + len(text[f.span[0]:f.span[1]].encode("utf-8"))
        out.append(Finding(f.kind, (a, b), Msg(note, evidence=f.evidence), f.repairable, f.encoding, f.steps))
    return None, out


register_text_analyzer(analyze)
register_bytes_detector(_bytes_detector)

__all__ = ["DETECTORS", "analyze", "detector", "readings"]

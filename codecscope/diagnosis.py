"""``codecscope.diagnose``: the verdict over a whole input, streamed in bounded memory.

Two layers:

* :func:`validity` — one streaming pass of the decode walk over byte chunks in one encoding,
  counting characters, CJK, line endings, invalid sequences (keeping only the first few) and a
  truncated tail.  The per-block work stays in C (``len``, ``bytes.count``, ``bytes.translate``),
  so a 100 MB file costs about as much as decoding it.  Other features (the wire checker, scan)
  call it directly.
* :func:`diagnose` — a :class:`Diagnosis` for bytes, text or a file: validity in the chosen
  encodings plus :class:`Finding` objects.  Detection and mojibake analysis plug in through
  :func:`register_bytes_detector` and :func:`register_text_analyzer` (see below); until they do,
  ``detection`` stays ``None`` and no mojibake findings are invented.
"""

from __future__ import annotations

import codecs
import io
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import TYPE_CHECKING, Any, cast

from . import registry, validation
from .errors import InputError, InputTypeError
from .fsutil import open_binary
from .i18n import N_, Msg, joined
from .validation import MAX_STREAM
from .walking import _MARK, BOM, CHAR, INVALID, RUN, TRUNCATED, Unit, Walker
from .notebook import FieldsHTML

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from .detection import Detection
    from .repairing.result import Steps
    from .validation import BinaryReader

BLOCK = 1 << 20
KEEP = 5          # invalid units kept per encoding; the rest are only counted
# The walk makes one unit per invalid sequence: random bytes make one per byte or two.  Feeding
# it slices this long keeps the units alive at once to a few MB whatever the block size.
WALK_SLICE = 32 << 10
UNIT_SLICE = 1 << 10   # the pieces fed while invalid units are still being kept
# A bounded count (validity(bounded=True)): once at least CLEARLY_NOT invalid sequences were found
# in the first COUNT_PREFIX bytes or more, the input is plainly not in this encoding, and a count
# over the rest would cost a Python-free but slow error-per-byte decode for a number nobody acts
# on.  Counting stops there; the rest is only measured (size, line endings, in C).  diagnose()
# asks for it only where another encoding validates every byte (else it counts again, exactly).
COUNT_PREFIX = 1 << 20
CLEARLY_NOT = 1000

# -- fast counters -----------------------------------------------------------------------------
# CJK, as codecscope counts it: U+3000–U+9FFF (CJK punctuation, kana, bopomofo, Han incl. Ext A),
# U+AC00–U+D7FF (Hangul) and U+20000–U+3FFFF (Han Ext B+).  Counted on UTF-8 bytes so the work
# stays in C: lead bytes E3–E9, EB and EC cover whole ranges, EA, ED and F0 need their second byte
# (searched only when such a lead byte occurs).
_HIGH = bytes(range(0x80, 0x100))
_NOT_LEAD = bytes(b for b in range(256) if not 0xC2 <= b <= 0xF4)
_NOT_LEAD_NL = bytes(b for b in range(256) if not 0xC2 <= b <= 0xF4 and b not in (0x0A, 0x0D))
_NOT_CJK_LEAD = bytes(b for b in range(256) if b not in range(0xE3, 0xEA) and b not in range(0xEB, 0xED))
# (ED A0–BF are surrogates, which text from surrogateescape or broken UTF-16 holds: no CJK)
_PAIRS = [(0xEA, re.compile(rb"\xea[\xb0-\xbf]")), (0xED, re.compile(rb"\xed[\x80-\x9f]")),
          (0xF0, re.compile(rb"\xf0[\xa0-\xbf]"))]


def is_cjk(ch: str) -> bool:
    """True for the characters :func:`validity` counts as CJK (see the module comment)."""
    cp = ord(ch)
    return 0x3000 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7FF or 0x20000 <= cp <= 0x3FFFF


def count_text(text: str, u8: bytes | None = None) -> tuple[int, int]:
    """``(non_ascii, cjk)`` character counts of ``text``; ``u8`` is its UTF-8 form if known."""
    if text.isascii():
        return 0, 0
    if u8 is None:
        u8 = text.encode("utf-8", "surrogatepass")
    leads = u8.translate(None, _NOT_LEAD)
    return len(leads), _cjk(leads, u8)


def _cjk(leads: bytes, u8: bytes) -> int:
    """CJK characters in ``u8``, given ``leads`` = its bytes with (at least) the ASCII and
    continuation bytes deleted."""
    cjk = len(leads.translate(None, _NOT_CJK_LEAD))
    for lead, rx in _PAIRS:
        if lead in leads:
            cjk += len(rx.findall(u8))
    return cjk


def _crlf(raw: bytes, n_cr: int) -> int:
    """CRLF pairs in ``raw``: a few CRs are found with memchr, many are counted in one pass."""
    if n_cr > 512:
        return raw.count(b"\r\n")
    pair, i = 0, raw.find(b"\r")
    while i >= 0:
        pair += raw[i + 1:i + 2] == b"\n"
        i = raw.find(b"\r", i + 1)
    return pair


@dataclass(frozen=True)
class LineEndings:
    lf: int = 0
    crlf: int = 0
    cr: int = 0

    @property
    def style(self) -> str:
        """``"LF"``, ``"CRLF"``, ``"CR"``, ``"mixed"`` or ``"none"``."""
        kinds = [n for n, c in (("LF", self.lf), ("CRLF", self.crlf), ("CR", self.cr)) if c]
        return "none" if not kinds else kinds[0] if len(kinds) == 1 else "mixed"

    def describe(self) -> str:
        if self.style == "none":
            return Msg("no line breaks")
        if self.style != "mixed":
            return Msg("{style} line endings ({n})", style=self.style, n=self.lf + self.crlf + self.cr)
        parts = [f"{c} {n}" for n, c in (("LF", self.lf), ("CRLF", self.crlf), ("CR", self.cr)) if c]
        listed = parts[-1]
        for part in reversed(parts[:-1]):   # a Msg, so that the list's commas are the language's
            listed = Msg("{a}, {b}", a=part, b=listed)
        return Msg("mixed line endings: {parts}", parts=listed)

    def to_dict(self) -> dict[str, Any]:
        return {"style": self.style, "lf": self.lf, "crlf": self.crlf, "cr": self.cr}


def unit_dict(u: Unit) -> dict[str, Any]:
    """JSON form of an invalid / truncated / BOM unit."""
    return {"offset": u.offset, "length": len(u.raw), "hex": u.hex(), "kind": u.kind,
            "reason": u.reason or None}


@dataclass(frozen=True)
class Validity(FieldsHTML):
    """The result of one streaming pass in one encoding."""

    encoding: str
    label: str
    size: int = 0                 # bytes walked
    chars: int = 0                # decoded characters (a BOM is not counted)
    non_ascii: int = 0
    cjk: int = 0
    invalid: int = 0              # invalid sequences (the truncated tail is separate)
    invalid_bytes: int = 0
    first_invalid: tuple[Unit, ...] = ()
    truncated: Unit | None = None
    bom: Unit | None = None
    line_endings: LineEndings = field(default_factory=LineEndings)
    # None: every count covers every byte.  Else counting stopped (validity(bounded=True)): chars,
    # non_ascii, cjk, invalid and invalid_bytes cover the first ``counted_bytes`` bytes only, and a
    # truncated tail was not looked for; size, the BOM, the first invalid sequences and the line
    # endings stay exact.
    counted_bytes: int | None = None

    @property
    def exact(self) -> bool:
        """Whether the counts cover every byte (see ``counted_bytes``)."""
        return self.counted_bytes is None

    @property
    def valid(self) -> bool:
        return self.invalid == 0 and self.truncated is None

    @property
    def ascii_only(self) -> bool:
        return self.valid and self.non_ascii == 0 and self.bom is None

    @property
    def verdict(self) -> str:
        """One line: "valid UTF-8, 6 chars, 2 CJK", "not GBK: 3 invalid sequences", "ASCII only"."""
        counts = Msg("{n} char", n=1) if self.chars == 1 else Msg("{n} chars", n=self.chars)
        if self.cjk:
            counts = Msg("{verdict}, {cjk} CJK", verdict=counts, cjk=self.cjk)
        elif self.non_ascii:
            counts = Msg("{counts}, {n} non-ASCII", counts=counts, n=self.non_ascii)
        if self.size == 0:
            return Msg("empty input")
        if self.ascii_only:
            return Msg("ASCII only, {counts}", counts=counts)
        if self.valid:
            return Msg("valid {label}, {counts}", label=self.label, counts=counts)
        if self.invalid == 0:
            t = self.truncated
            assert t is not None  # not valid, yet no invalid sequence: the tail was cut
            return (Msg("{label} cut short: valid up to byte {at}, then {n} byte of an incomplete character "
                        "(probably cut at a buffer boundary)", label=self.label, at=t.offset, n=1)
                    if len(t.raw) == 1 else
                    Msg("{label} cut short: valid up to byte {at}, then {n} bytes of an incomplete character "
                        "(probably cut at a buffer boundary)", label=self.label, at=t.offset, n=len(t.raw)))
        n = self.invalid
        if self.counted_bytes is not None:
            return Msg("not {label}: {n} invalid sequences in the first {mib} MiB; the rest not counted (--count-all)",
                       label=self.label, n=n, mib=_mib(self.counted_bytes))
        out = (Msg("not {label}: {n} invalid sequence", label=self.label, n=n) if n == 1 else
               Msg("not {label}: {n} invalid sequences", label=self.label, n=n))
        if self.truncated is not None:
            out = Msg("{verdict} and a truncated tail", verdict=out)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding, "label": self.label, "valid": self.valid,
            "ascii_only": self.ascii_only, "verdict": self.verdict, "size": self.size,
            "chars": self.chars, "non_ascii": self.non_ascii, "cjk": self.cjk,
            "invalid": self.invalid, "invalid_bytes": self.invalid_bytes,
            "first_invalid": [unit_dict(u) for u in self.first_invalid],
            "truncated": unit_dict(self.truncated) if self.truncated else None,
            "bom": unit_dict(self.bom) if self.bom else None,
            "line_endings": self.line_endings.to_dict(),
            "exact": self.exact, "counted_bytes": self.counted_bytes,
        }


def _mib(n: int) -> str:
    """``n`` bytes in MiB, as "1" or "1.5", rounded up (a count "in the first 1 MiB" covers no
    more than that)."""
    return f"{math.ceil(n * 10 / (1 << 20)) / 10:.1f}".removesuffix(".0")


# what Walker.tally() gives in place of units: (None, text with invalid sequences marked, invalid,
# invalid bytes, size, the text in UTF-8 or None), and the bytes fed
_Tally = tuple[None, str, int, int, int, "bytes | None", bytes]


def validity(chunks: Iterable[bytes] | bytes, encoding: str = "utf-8", *, keep: int = KEEP,
             bounded: bool = False) -> Validity:
    """Walk ``chunks`` (an iterable of byte blocks, or one ``bytes``) once in ``encoding``.

    ``bounded=True`` (an ASCII-compatible encoding only) stops counting once the bytes are
    clearly not in ``encoding``: at least :data:`CLEARLY_NOT` invalid sequences in the first
    :data:`COUNT_PREFIX` bytes or more; ``counted_bytes`` of the result then says how far the
    counts go.  Memory is bounded by the block size plus ``keep`` invalid units; raises
    :class:`UnknownEncodingError` for an unknown name, never because of the bytes.
    """
    info = registry.get(encoding)
    if isinstance(chunks, (bytes, bytearray, memoryview)):
        data = bytes(chunks)
        chunks = [data[i:i + BLOCK] for i in range(0, len(data), BLOCK)] or [b""]
    utf8 = info.name in ("utf-8", "utf-8-sig")
    ascii_raw = info.unit == 1 and info.family not in ("stateful", "other")
    bounded = bounded and ascii_raw
    counted: int | None = None   # set when counting stops
    size = chars = non_ascii = cjk = invalid = invalid_bytes = 0
    lf = crlf = cr = 0
    first: list[Unit] = []
    truncated = bom = None
    prev_cr = False  # last text piece ended with CR: a CRLF may straddle two pieces
    w = Walker(info.name)

    def steps() -> Iterator[Unit | _Tally | tuple[str, bytes]]:
        # Units until `keep` invalid ones are kept; then counts only, where the codec allows;
        # once counting has stopped, the raw bytes to measure.
        nonlocal counted, size, prev_cr
        for piece in _slices(chunks):
            if counted is None and bounded and invalid >= CLEARLY_NOT and w.fed >= COUNT_PREFIX:
                # every unit so far is counted; bytes the codec holds back (the start of a
                # character) are measured, not counted
                counted, size = size, w.fed
                prev_cr = prev_cr and counted == size
            if counted is not None:
                yield (_MEASURE, piece)
                continue
            # While invalid units are still wanted, a small piece first, and small pieces while
            # they hold errors: bytes full of errors make one unit per error, and only the first
            # `keep` are kept.  Clean bytes go on in one piece.
            pos, dirty = 0, True
            while len(first) < keep and pos < len(piece):
                n = UNIT_SLICE if dirty else len(piece) - pos
                had = len(first)
                yield from w.feed(piece[pos:pos + n])
                pos += n
                dirty = len(first) > had
            if pos < len(piece) or not piece:
                rest = piece[pos:] if pos else piece
                t = w.tally(rest) if len(first) >= keep else None
                if t is not None:
                    yield (None, *t, rest)
                else:
                    yield from w.feed(rest)
        if counted is None:
            yield from w.finish()

    for u in steps():
        kind = u[0]
        if kind is _MEASURE:   # counting stopped: the size and line breaks, on the bytes (ASCII-compatible)
            raw = cast(bytes, u[1])
            size += len(raw)
            d_lf, d_cr, d_crlf = _breaks(raw, b"\n", b"\r")
            lf, cr, crlf = lf + d_lf, cr + d_cr, crlf + d_crlf
            if prev_cr and raw[:1] == b"\n":
                crlf, lf, cr = crlf + 1, lf - 1, cr - 1
            prev_cr = raw[-1:] == b"\r" if raw else prev_cr
            continue
        if kind is None:  # a tally: (None, text with invalid sequences marked, invalid, bytes, size, utf8, raw)
            _, text, n_bad, n_bad_bytes, n_bytes, u8, raw = cast(_Tally, u)
            size += n_bytes
            invalid += n_bad
            invalid_bytes += n_bad_bytes
            if u8 is not None:
                # UTF-8 fast path, every count in C: characters on the text's UTF-8, where each
                # invalid sequence is one U+FFFD (EF BF BD: a lead byte, not a CJK one); line
                # breaks on the bytes fed (never part of a sequence, held back or invalid).
                chars += len(text) - n_bad
                leads = u8.translate(None, _NOT_LEAD)
                non_ascii += len(leads) - n_bad
                if len(leads) > n_bad:
                    cjk += _cjk(leads, u8)
                d_lf, d_cr, d_crlf = _breaks(raw, b"\n", b"\r")
                lf, cr, crlf = lf + d_lf, cr + d_cr, crlf + d_crlf
                if prev_cr and text[:1] == "\n":   # a CRLF split between two pieces
                    crlf, lf, cr = crlf + 1, lf - 1, cr - 1
                prev_cr = text[-1] == "\r" if text else prev_cr
                continue
            clean = text.replace(_MARK, "") if n_bad else text
            chars += len(clean)
            n, c = count_text(clean)
            non_ascii += n
            cjk += c
            d_lf, d_cr, d_crlf = _breaks(text, "\n", "\r")
            lf, cr, crlf = lf + d_lf, cr + d_cr, crlf + d_crlf
            if prev_cr and text[:1] == "\n":   # a CRLF split between two pieces
                crlf, lf, cr = crlf + 1, lf - 1, cr - 1
            prev_cr = text[-1] == "\r" if text else prev_cr
            continue
        u = cast(Unit, u)
        size += len(u.raw)
        if kind == RUN or kind == CHAR:
            text = u.text
            chars += len(text)
            if utf8:
                # One C pass keeps lead bytes and line breaks; everything is counted on that.
                raw = u.raw
                kept = raw.translate(None, _NOT_LEAD_NL)
                n_lf, n_cr = kept.count(b"\n"), kept.count(b"\r")
                pair = _crlf(raw, n_cr) if n_cr and b"\r\n" in kept else 0
                lf += n_lf - pair
                cr += n_cr - pair
                crlf += pair
                n = len(kept) - n_lf - n_cr
                non_ascii += n
                if n:
                    cjk += _cjk(kept, raw)
                if prev_cr and raw[:1] == b"\n":
                    crlf += 1
                    lf -= 1
                    cr -= 1
                if text:
                    prev_cr = text[-1] == "\r"
                continue
            n, c = count_text(text)
            non_ascii += n
            cjk += c
            # bytes for ASCII-compatible codecs, else the text: both count alike (so Any)
            src: Any = u.raw if ascii_raw else text
            d_lf, d_cr, d_crlf = _breaks(src, b"\n", b"\r") if ascii_raw else _breaks(src, "\n", "\r")
            lf, cr, crlf = lf + d_lf, cr + d_cr, crlf + d_crlf
            if prev_cr and text[:1] == "\n":   # a CRLF split between two pieces
                crlf, lf, cr = crlf + 1, lf - 1, cr - 1
            prev_cr = text[-1] == "\r" if text else prev_cr
        elif kind == INVALID:
            invalid += 1
            invalid_bytes += len(u.raw)
            if len(first) < keep:
                first.append(u)
            prev_cr = False
        elif kind == TRUNCATED:
            truncated = u
        elif kind == BOM:
            bom = u
    return Validity(info.name, info.label, size, chars, non_ascii, cjk, invalid, invalid_bytes,
                    tuple(first), truncated, bom, LineEndings(lf, crlf, cr), counted)


_MEASURE = "measure"   # steps() of validity(): raw bytes to measure after counting stopped


def _breaks(src: Any, nl: Any, r: Any) -> tuple[int, int, int]:
    """(LF, CR, CRLF) in one piece of text, or of bytes of an ASCII-compatible codec."""
    n_lf = src.count(nl)
    if r not in src:   # a memchr; counting is dearer and most text has no CR
        return n_lf, 0, 0
    pair = src.count(r + nl)
    return n_lf - pair, src.count(r) - pair, pair


def _slices(chunks: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        if len(chunk) <= WALK_SLICE:
            yield chunk
        else:
            for i in range(0, len(chunk), WALK_SLICE):
                yield chunk[i:i + WALK_SLICE]


# -- findings and the diagnosis ----------------------------------------------------------------

@dataclass(frozen=True)
class Finding(FieldsHTML):
    """One thing diagnose found.

    ``kind`` is a short slug (``invalid-sequence``, ``truncated-tail``, ``bom``, ``bom-mid-text``,
    ``replacement-char``, ``control-char``, ``lone-surrogate``, ``private-use``, and the mojibake
    kinds analyzers add).  ``span`` is ``(start, end)``: byte offsets for bytes input, character
    offsets for text.  ``evidence`` says in words what decided it; ``repairable`` whether
    codecscope can undo it (``None`` when that is not a question, e.g. a BOM).  ``steps`` holds a
    replayable repair when there is one.
    """

    kind: str
    span: tuple[int, int]
    evidence: str
    repairable: bool | None = None
    encoding: str | None = None
    steps: Steps = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "span": list(self.span), "evidence": self.evidence,
                "repairable": self.repairable, "encoding": self.encoding,
                "steps": [list(s) for s in self.steps]}


@dataclass(frozen=True)
class TextStats:
    """Facts about a ``str`` input."""

    chars: int
    non_ascii: int
    cjk: int
    line_endings: LineEndings

    def to_dict(self) -> dict[str, Any]:
        return {"chars": self.chars, "non_ascii": self.non_ascii, "cjk": self.cjk,
                "line_endings": self.line_endings.to_dict()}


@dataclass(frozen=True)
class BytesContext:
    """What a bytes detector gets: the first block, the size, the validity passes, and either the
    whole data (in memory) or the path (a file, to stream again if needed)."""

    head: bytes
    size: int
    validity: tuple[Validity, ...]
    data: bytes | None = None
    path: str | None = None


BytesDetector = Callable[[BytesContext], "tuple[Detection | None, Iterable[Finding]]"]
TextAnalyzer = Callable[[str], Iterable[Finding]]
_detectors: list[BytesDetector] = []
_analyzers: list[TextAnalyzer] = []
# Modules that register a detector / analyzer when imported; imported on the first diagnose()
# so that `import codecscope` stays light.
PLUGINS = ["codecscope.detection", "codecscope.mojibake", "codecscope.stream"]
_plugins_loaded = False


def register_bytes_detector(fn: BytesDetector) -> BytesDetector:
    """Register ``fn(ctx: BytesContext) -> (detection | None, findings)`` for bytes input.

    The first detector that returns a detection fills :attr:`Diagnosis.detection`; findings of
    all detectors are kept.  Usable as a decorator.
    """
    if fn not in _detectors:
        _detectors.append(fn)
    return fn


def register_text_analyzer(fn: TextAnalyzer) -> TextAnalyzer:
    """Register ``fn(text) -> findings`` (e.g. mojibake kinds) for text input."""
    if fn not in _analyzers:
        _analyzers.append(fn)
    return fn


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for name in PLUGINS:
        import_module(name)


@dataclass(frozen=True)
class Diagnosis:
    """The verdict over a whole input.  ``source`` is ``bytes``, ``file``, ``stream`` or ``text``."""

    source: str
    size: int                                 # bytes, or characters for text
    verdict: str
    validity: tuple[Validity, ...] = ()       # bytes / file: one per encoding walked
    findings: tuple[Finding, ...] = ()
    detection: Detection | None = None        # filled by a registered bytes detector
    text: TextStats | None = None             # text input
    name: str | None = None                   # the path, for files

    @property
    def ok(self) -> bool:
        """No invalid bytes in the first encoding and no findings that need attention."""
        if self.validity and not self.validity[0].valid:
            return False
        return not any(f.kind not in ("bom",) for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        det = self.detection
        return {
            "schema": "codecscope.diagnosis/1",
            "source": self.source, "name": self.name, "size": self.size, "verdict": self.verdict,
            "ok": self.ok,
            "validity": [v.to_dict() for v in self.validity],
            "text": self.text.to_dict() if self.text else None,
            "findings": [f.to_dict() for f in self.findings],
            "detection": det.to_dict() if det is not None and hasattr(det, "to_dict") else det,
        }

    def __str__(self) -> str:
        from .render import diagnosis_text

        return diagnosis_text(self)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from .render import diagnosis_rich

        yield from diagnosis_rich(self)

    def _repr_html_(self) -> str:
        from .render import diagnosis_html

        return diagnosis_html(self)


_CAP_HINT = N_("an endless stream? raise max_bytes (--max-input) for a larger one")


def _file_blocks(path: str, cap: int | None = None) -> Iterator[bytes]:
    with open_binary(path) as f:
        yield from validation.capped_blocks(f, cap, path, hint=_CAP_HINT)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _bytes_findings(v: Validity) -> list[Finding]:
    out = []
    if v.bom is not None:
        out.append(Finding("bom", (0, len(v.bom.raw)), f"{v.bom.hex()} is a {v.label} byte order mark",
                           None, v.encoding))
    for u in v.first_invalid:
        out.append(Finding("invalid-sequence", (u.offset, u.end), u.reason, False, v.encoding))
    if v.truncated is not None:
        t = v.truncated
        out.append(Finding("truncated-tail", (t.offset, t.end), t.reason, False, v.encoding))
    return out


def _bytes_verdict(vs: list[Validity], endings: LineEndings | None = None) -> str:
    """The verdict line; ``endings`` replaces the first encoding's count of line breaks when that
    count means nothing (UTF-16 read as UTF-8 has a 0x0A byte in every other line break)."""
    first = vs[0]
    verdict = first.verdict
    if first.size and not first.valid:
        ok = [v.label for v in vs[1:] if v.valid]
        if ok:
            verdict = Msg("{verdict}; valid {labels}", verdict=verdict, labels=joined(ok))
    extra: list[str] = []
    if first.bom is not None:
        extra.append(Msg("{label} BOM", label=first.label))
    endings = endings or first.line_endings
    if endings.style != "none":
        extra.append(endings.describe())
    for x in extra:
        verdict = Msg("{a}; {b}", a=verdict, b=x)
    return verdict


def diagnose(obj: str | bytes | bytearray | memoryview | os.PathLike[str] | os.PathLike[bytes] | BinaryReader, *,
             encoding: str | Iterable[str] | None = None, keep: int = KEEP,
             max_bytes: int | None = MAX_STREAM, count_all: bool = False) -> Diagnosis:
    """Diagnose ``bytes``, ``str``, a path-like or a binary file object (streamed in 1 MiB blocks).

    ``encoding`` is one name or several; bytes default to UTF-8.  ``keep`` invalid sequences are
    listed per encoding, and all are counted, but one: when bytes or a regular file are clearly
    not UTF-8 (the first encoding) and the detection validates every byte as another encoding,
    UTF-8's count stops after the first MiB or so (``Validity.counted_bytes`` says where; the
    first invalid sequences stay exact).  ``count_all=True`` counts them all, at the price of a
    decode that meets an error every byte or two.  A stream, or a path that is not a regular file, is read
    up to ``max_bytes`` (default 1 GiB; ``None`` for no cap) and :class:`InputTooLargeError` ends
    one that goes on (``/dev/zero``, an endless pipe); a regular file is read to its end.  Raises
    :class:`InputError` for a missing / unreadable file or a bad argument,
    :class:`InputTypeError` for an argument of the wrong type and :class:`UnknownEncodingError`
    for an unknown encoding name; never because of the content.
    """
    encs = validation.encodings(encoding, "encoding") or ["utf-8"]
    keep = validation.integer(keep, "keep")
    max_bytes = validation.integer(max_bytes, "max_bytes", minimum=1, none=True)
    _load_plugins()
    if isinstance(obj, str):
        return _diagnose_text(obj)
    # a bounded count where the data can be read again to count exactly (see _must_recount)
    bounded = [not count_all and i == 0 and registry.get(e).name == "utf-8" for i, e in enumerate(encs)]
    again: Callable[[], Iterable[bytes] | bytes] | None = None
    if isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        vs = [validity(data, e, keep=keep, bounded=b) for e, b in zip(encs, bounded)]
        again = lambda: data   # noqa: E731
        ctx = BytesContext(data[:BLOCK], len(data), tuple(vs), data=data)
        source, name, size = "bytes", None, len(data)
    elif isinstance(obj, os.PathLike):
        path = os.fspath(obj)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        with open_binary(path) as f:  # a missing or unreadable file fails here, in one line
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # a pipe or FIFO can be read only once
                once = diagnose(f, encoding=encs, keep=keep, max_bytes=max_bytes)
                return replace(once, source="file", name=path)
            cap = None if max_bytes is None else validation.cap_for(f, max_bytes)
        vs = [validity(_file_blocks(path, cap), e, keep=keep, bounded=b) for e, b in zip(encs, bounded)]
        again = lambda: _file_blocks(path, cap)   # noqa: E731
        size = vs[0].size  # not os.path.getsize: /proc files and pipes report 0
        with open(path, "rb") as f:
            head = f.read(BLOCK)
        ctx = BytesContext(head, size, tuple(vs), path=path)
        source, name = "file", path
    elif hasattr(obj, "read"):  # a binary file object: stream it, keep only the first block
        if isinstance(obj, io.TextIOBase):
            raise InputError("diagnose() needs a binary file object (open it with 'rb')")
        name = getattr(obj, "name", None)
        name = name if isinstance(name, str) else None
        cap = None if max_bytes is None else validation.cap_for(obj, max_bytes)
        blocks = validation.capped_blocks(obj, cap, name or "stream", hint=_CAP_HINT)
        first = next(blocks, b"")
        if len(encs) > 1:  # one pass per encoding needs the data again: keep it
            data = first + b"".join(blocks)
            vs = [validity(data, e, keep=keep) for e in encs]
            size = len(data)
        else:
            vs = [validity(_chain(first, blocks), encs[0], keep=keep)]
            size = vs[0].size
        ctx = BytesContext(first, size, tuple(vs))
        source = "stream"
    else:
        raise InputTypeError("diagnose() takes bytes, str, a path (os.PathLike) or a binary file object, "
                             f"not {type(obj).__name__}")
    detection = None
    more_findings: list[Finding] = []
    for det in _detectors:
        found, more = det(ctx)
        more_findings.extend(more or ())
        if detection is None and found is not None:
            detection = found
    if again is not None and _must_recount(vs[0], detection):
        vs[0] = validity(again(), encs[0], keep=keep)
    findings = _bytes_findings(vs[0]) + more_findings
    verdict = _bytes_verdict(vs, wide_line_endings(vs[0], detection))
    return Diagnosis(source, size, _lead_with_truth(verdict, vs[0], detection, ctx.head), tuple(vs),
                     tuple(findings), detection, name=name)


def _must_recount(first: Validity, detection: object) -> bool:
    """A count that stopped early stands only when the detection validated every byte as another
    encoding (a streamed detection checks every byte in the C codecs); else it is done again."""
    from .detection import Detection   # a plugin detector may answer with its own object

    if first.exact:
        return False
    if not isinstance(detection, Detection) or detection.best is None or detection.mixed:
        return True
    return not (detection.best.valid and detection.size == first.size
                and detection.encoding not in (None, "utf-8", "utf-8-sig"))


def wide_line_endings(first: Validity, detection: object) -> LineEndings | None:
    """The line breaks of the detected text, when the bytes are not the first encoding but a
    two- or four-byte one (UTF-16/32), whose line breaks the first encoding cannot count."""
    from .detection import Detection

    if first.valid or registry.get(first.encoding).unit > 1 or not isinstance(detection, Detection) \
            or detection.text is None:
        return None
    if not detection.encoding or registry.get(detection.encoding).unit == 1:
        return None
    return text_line_endings(detection.text)


def text_line_endings(text: str) -> LineEndings:
    pair = text.count("\r\n")
    return LineEndings(text.count("\n") - pair, pair, text.count("\r") - pair)


def _lead_with_truth(verdict: str, first: Validity, detection: object, head: bytes = b"") -> str:
    """Bytes that are not the expected encoding but strictly valid in the detected one: say so
    first, as explain() does — it is what the user needs to hear.  A detection without its text
    (a streamed file, a big input) speaks when every byte was found valid, quoting ``head``."""
    from .detection import Detection  # a plugin detector may answer with its own object

    if not first.invalid or not isinstance(detection, Detection) or not detection.encoding:
        return verdict
    if detection.mixed or detection.confidence < 0.8:
        return verdict
    whole = detection.text
    if whole is None and detection.best is not None and detection.best.valid:
        try:
            whole = codecs.getincrementaldecoder(detection.encoding)("replace").decode(head[:64])
        except (LookupError, UnicodeError):
            whole = None
        whole = whole + "…" if whole and len(head) > 64 else whole
    if not whole:
        return verdict
    label = registry.get(detection.encoding).label
    text = whole[:16] + ("…" if len(whole) > 16 else "")
    return Msg("these bytes are valid {label}: {text!r}; as {as_label}: {verdict}", label=label, text=text,
               as_label=first.label, verdict=verdict)


def _diagnose_text(text: str) -> Diagnosis:
    from .explanation import scan_suspicious

    n, c = count_text(text)
    le = text_line_endings(text)
    stats = TextStats(len(text), n, c, le)
    findings = [Finding(kind, span, why, None) for kind, span, why in scan_suspicious(text)]
    for fn in _analyzers:
        findings.extend(fn(text) or ())
    if not text:
        verdict = Msg("empty text")
    else:
        verdict = Msg("{n} char", n=1) if len(text) == 1 else Msg("{n} chars", n=len(text))
        verdict = (Msg("{verdict}, {cjk} CJK", verdict=verdict, cjk=c) if c else
                   Msg("{counts}, {n} non-ASCII", counts=verdict, n=n) if n else
                   Msg("{verdict} (ASCII only)", verdict=verdict))
        if le.style != "none":
            verdict = Msg("{a}; {b}", a=verdict, b=le.describe())
        if findings:
            kinds = ", ".join(sorted({f.kind for f in findings}))
            verdict = Msg("{a}; {b}", a=verdict, b=Msg("{n} finding: {kinds}", n=1, kinds=kinds) if len(findings) == 1
                          else Msg("{n} findings: {kinds}", n=len(findings), kinds=kinds))
    return Diagnosis("text", len(text), verdict, (), tuple(findings), None, stats)


# codecscope.detection registers its detector as it is imported once this module is loaded;
# imported before it (a `codecscope detect` run never loads this module), it is registered here,
# first among the detectors, where its own import would have put it.
_detection = sys.modules.get("codecscope.detection")
if _detection is not None and hasattr(_detection, "_register"):
    _detection._register()

"""``codecscope.explain``: what these bytes, this text or this exception really are.

* bytes  → one :class:`Reading` per candidate encoding: the unit table (offset, bytes, char,
  U+XXXX, name, category, display width, reason for invalid units), a verdict per reading and one
  overall, and the BOM.  Counts come from one streaming pass (:func:`codecscope.diagnosis.validity`);
  unit rows are built lazily from the decode walk and only for the rows that are rendered.
* str    → one row per character: code point, name, category, script, its bytes in a few
  encodings, and flags for suspicious characters (U+FFFD, C1 controls, private use, lone
  surrogates, a BOM mid-text, mojibake signatures).
* ``UnicodeDecodeError`` / ``UnicodeEncodeError`` → where, which bytes or characters, why, and the
  likely cause.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from . import registry, validation
from .diagnosis import Validity, is_cjk, validity
from .errors import InputTypeError
from .i18n import N_, Msg, joined
from .scripts import char_script
from .walking import BOM, CHAR, INVALID, RUN, SHIFT, TRUNCATED, Unit, Walker, split_run, walk

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

LIMIT = 200            # rows rendered per table unless the caller says otherwise
SAMPLE = 1 << 16       # bytes used to choose candidate encodings
MAX_READINGS = 3

# -- character facts ---------------------------------------------------------------------------
_C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB "
       "CAN EM SUB ESC FS GS RS US").split()
_C1 = ("PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 DCS PU1 PU2 STS CCH MW SPA "
       "EPA SOS SGC SCI CSI ST OSC PM APC").split()


def char_name(ch: str) -> str:
    """The Unicode name, or a bracketed description for characters that have none."""
    cp = ord(ch)
    if cp < 0x20:
        return f"<control {_C0[cp]}>"
    if cp == 0x7F:
        return "<control DEL>"
    if 0x80 <= cp <= 0x9F:
        return f"<control {_C1[cp - 0x80]} (C1)>"
    name = unicodedata.name(ch, "")
    if name:
        return name
    cat = unicodedata.category(ch)
    if cat == "Cs":
        return f"<surrogate {cp:04X}>"
    if cat == "Co":
        return f"<private use {cp:04X}>"
    return f"<unassigned {cp:04X}>"


def char_width(ch: str) -> int:
    """Terminal display width, as rich lays out tables: 0 for combining, zero-width and control
    characters, 2 for East Asian wide and fullwidth ones, 1 otherwise."""
    from rich.cells import cell_len

    return 0 if unicodedata.category(ch) == "Cs" else cell_len(ch)


def shown(ch: str) -> str:
    """How a character is printed in a table: invisible ones as escapes, combining ones on ◌."""
    if len(ch) != 1:  # a unit of a stateful codec can carry several characters, or none
        return "".join(shown(c) for c in ch)
    cat = unicodedata.category(ch)
    if ch == " ":
        return "␠"
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"):
        cp = ord(ch)
        named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(ch)
        return named or (f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}")
    if cat in ("Mn", "Me"):
        return "◌" + ch
    return ch


# -- suspicious characters ---------------------------------------------------------------------
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_LATIN1_TAIL = "[\u0080-\u00bf" + _CP1252_HIGH + "]"
# (kind, pattern, why): structural oddities first, then mojibake signatures.
_STRUCTURAL = [
    ("replacement-char", "\ufffd+", N_("U+FFFD REPLACEMENT CHARACTER: bytes were lost in an earlier decode "
                                    "(errors='replace')")),
    ("control-char", "[\u0080-\u009f]+", N_("C1 control character: usually a cp1252/UTF-8 byte decoded as "
                                         "Latin-1")),
    ("control-char", "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]+",
     N_("control character that text rarely contains: binary data or a wrong decode")),
    ("private-use", "[\ue000-\uf8ff\U000f0000-\U0010ffff]+",
     N_("private-use character: a vendor mapping of bytes the standard leaves undefined, or a wrong decode")),
    ("lone-surrogate", "[\ud800-\udfff]+",
     N_("lone surrogate: not a character; left by errors='surrogateescape' or broken UTF-16")),
    ("bom-mid-text", "(?<!^)\ufeff", N_("U+FEFF (a byte order mark) in the middle of text: files joined "
                                    "together or a BOM decoded as text")),
    ("bom", "^\ufeff", N_("U+FEFF at the start: a byte order mark decoded as text (use utf-8-sig)")),
]
_SIGNATURES = [
    ("mojibake-signature", "(?:锟斤拷|锟斤|斤拷)+", N_("锟斤拷: UTF-8 replacement characters (EF BF BD) read as "
                                                  "GBK; the original bytes are lost")),
    ("mojibake-signature", "(?:嚙踝蕭|嚙踝|踝蕭)+", N_("嚙踝蕭: UTF-8 replacement characters read as Big5; "
                                                  "the original bytes are lost")),
    ("uninitialised-memory", "烫{2,}", N_("烫烫: bytes 0xCC 0xCC (MSVC's fill for uninitialised stack memory) "
                                      "read as GBK; not text at all")),
    ("uninitialised-memory", "屯{2,}", N_("屯屯: bytes 0xCD 0xCD (MSVC's fill for uninitialised heap memory) "
                                      "read as GBK; not text at all")),
    ("mojibake-signature", "ï»¿", N_("ï»¿: a UTF-8 byte order mark read as Latin-1/cp1252")),
    ("mojibake-signature", "(?:[ÃÂÅÆÐÑâ]" + _LATIN1_TAIL + ")+",
     N_("looks like UTF-8 bytes read as Latin-1/cp1252 (e.g. 'Ã©' for 'é', 'â€™' for '’')")),
]
_STRUCT_RX = [(k, re.compile(p), w) for k, p, w in _STRUCTURAL]
_SIG_RX = [(k, re.compile(p), w) for k, p, w in _SIGNATURES]
MAX_FLAGS = 1000


def scan_suspicious(text: str, *, signatures: bool = False,
                    limit: int = MAX_FLAGS) -> list[tuple[str, tuple[int, int], str]]:
    """``(kind, (start, end), why)`` for suspicious spans, sorted, at most ``limit``.

    ``signatures=True`` adds mojibake signatures ('锟斤拷', '烫烫', 'Ã©', ...): evidence for a
    person reading a table, not a diagnosis (that is the repair engine's job).
    """
    out = []
    for kind, rx, why in _STRUCT_RX + (_SIG_RX if signatures else []):
        for m in islice(rx.finditer(text), limit):
            out.append((kind, m.span(), why))
    out.sort(key=lambda f: f[1])
    return out[:limit]


# -- rows --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One rendered line of a table: a unit of bytes (bytes input) or a character (text input)."""

    offset: int
    kind: str                        # char | bom | shift | invalid | truncated
    raw: bytes = b""
    char: str = ""
    reason: str = ""
    script: str = ""
    encoded: tuple[tuple[str, bytes | None], ...] = ()   # text input: bytes per encoding
    flags: tuple[str, ...] = ()

    @property
    def codepoint(self) -> str:
        return "".join(f"U+{ord(c):04X}" for c in self.char[:1])

    @property
    def name(self) -> str:
        if self.kind in (INVALID, TRUNCATED):
            return self.kind.upper()
        if self.kind == SHIFT:
            return "<shift / escape sequence>"
        if self.kind == BOM and not self.char:
            return "<byte order mark, not part of the text>"
        return char_name(self.char) if len(self.char) == 1 else ""

    @property
    def category(self) -> str:
        return unicodedata.category(self.char) if len(self.char) == 1 else ""

    @property
    def width(self) -> int:
        return char_width(self.char) if len(self.char) == 1 else 0

    def to_dict(self) -> dict[str, Any]:
        d = {"offset": self.offset, "kind": self.kind}
        if self.raw or not self.encoded:
            d.update(length=len(self.raw), hex=self.raw.hex(" ").upper())
        d.update(char=self.char or None, codepoint=self.codepoint or None, name=self.name or None,
                 category=self.category or None, width=self.width, reason=self.reason or None)
        if self.encoded or self.script:
            d["script"] = self.script
            d["bytes"] = {e: (b.hex(" ").upper() if b is not None else None) for e, b in self.encoded}
            d["flags"] = list(self.flags)
        return d


def _unit_row(u: Unit) -> Row:
    if u.kind in (INVALID, TRUNCATED):
        return Row(u.offset, u.kind, u.raw, reason=u.reason)
    return Row(u.offset, u.kind, u.raw, u.text)


def unit_rows(data: bytes, encoding: str, *, start: int = 0) -> Iterator[Row]:
    """Rows for ``data`` in ``encoding`` from byte ``start`` on, built lazily from the walk:
    runs before ``start`` are skipped whole, only the runs that are shown are split."""
    for u in _walk_growing(data, encoding):
        if u.end <= start and u.raw:
            continue
        for piece in split_run(u):
            if piece.end > start or not piece.raw:
                row = _unit_row(piece)
                if len(row.char) > 1 and encoding == "utf-7":
                    # a UTF-7 base64 run makes its characters together: the bytes on the first
                    # character's row, a row of its own for each character (a code of two
                    # characters elsewhere, Big5-HKSCS 'Ê̄', stays one row)
                    yield from (replace(row, char=c, raw=row.raw if k == 0 else b"") for k, c in enumerate(row.char))
                else:
                    yield row


def _walk_growing(data: bytes, encoding: str) -> Iterator[Unit]:
    """The walk fed in growing blocks (4 KiB, 8 KiB, … 1 MiB), so rendering the first rows of a
    large input walks only a little of it."""
    w = Walker(encoding)
    i, step = 0, 4096
    while i < len(data):
        yield from w.feed(data[i:i + step])
        i += step
        step = min(step * 2, 1 << 20)
    yield from w.finish()


# -- readings of bytes -------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """``data`` read in one encoding: counts from a streaming pass, rows on demand."""

    validity: Validity
    data: bytes = field(repr=False, compare=False)
    start: int = 0       # first byte shown (explaining an exception focuses on the error)
    hint: str | None = None   # a clean reading of the same bytes: invalid rows say what it reads

    @property
    def encoding(self) -> str:
        return self.validity.encoding

    @property
    def label(self) -> str:
        return self.validity.label

    @property
    def verdict(self) -> str:
        return self.validity.verdict

    def rows(self, limit: int | None = LIMIT) -> list[Row]:
        rows = list(islice(unit_rows(self.data, self.encoding, start=self.start), limit))
        if self.hint is None or not any(r.kind in (INVALID, TRUNCATED) for r in rows):
            return rows
        label = registry.get(self.hint).label
        chars = (c for u in _walk_growing(self.data, self.hint) for c in split_run(u))
        c = next(chars, None)
        out = []
        for r in rows:
            if r.kind in (INVALID, TRUNCATED):
                while c is not None and c.end <= r.offset:
                    c = next(chars, None)
                over = []   # the hint's characters that share bytes with this row
                while c is not None and c.offset < r.offset + len(r.raw):
                    over.append(c)
                    if c.end >= r.offset + len(r.raw):
                        break
                    c = next(chars, None)
                if over and all(x.ok for x in over):
                    # lead with the likely truth, then what this encoding objects to
                    hexed = b"".join(x.raw for x in over).hex(" ").upper()
                    r = Row(r.offset, r.kind, r.raw, reason=Msg(
                        "valid {label} here: {ch!r} ({hex}); as {as_label}: {why}", label=label,
                        ch="".join(x.text for x in over), hex=hexed, as_label=self.label, why=r.reason)
                        if any(x.text for x in over) else Msg(
                        "valid {label} here: its byte order mark ({hex}); as {as_label}: {why}", label=label,
                        hex=hexed, as_label=self.label, why=r.reason))
            out.append(r)
        return out

    def text(self) -> str:
        """The decoded text, invalid bytes shown as U+FFFD."""
        return "".join(u.text if u.ok else "\ufffd" for u in walk(self.data, self.encoding))


def _strict_ok(data: bytes, enc: str, whole: bool = False) -> bool:
    """Decodes without an invalid sequence (a sequence cut by the sample end is fine, unless the
    sample is ``whole`` data)."""
    try:
        codecs.getincrementaldecoder(enc)().decode(data, whole)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def _decoded(data: bytes, enc: str) -> str:
    return codecs.getincrementaldecoder(enc)("replace").decode(data, False)


def candidates(data: bytes, limit: int = MAX_READINGS, *, whole: bool = True) -> list[str]:
    """The encodings worth showing for ``data``: UTF-8 always, then a BOM's encoding, the first
    CJK multibyte codec that decodes it, codecscope's detection, charset-normalizer's best guess
    as a second opinion, further valid multibyte
    codecs, and a Western code page as the last resort.  Readings identical to one already chosen
    are skipped (gb18030 after gbk on plain GBK text).  ``whole``: ``data`` is all there is (not a
    window of a stream, which may end inside a character)."""
    from .detection import detect, seven_bit_codec

    sample = bytes(data[:SAMPLE])
    chosen = ["utf-8"]
    if sample.isascii():
        # 7-bit stateful codecs (ISO-2022, HZ) are ASCII bytes too: show their reading when the
        # detector is sure of it, as `detect` says it
        shifted = seven_bit_codec(sample)
        if shifted is not None and _strict_ok(sample, shifted, whole):
            chosen.append(shifted)
        return chosen
    seen = {_decoded(sample, "utf-8")}

    def add(enc: str | None) -> None:
        if not enc or len(chosen) >= limit:
            return
        try:
            enc = registry.get(enc).name
        except LookupError:
            return
        if enc in chosen or enc == "ascii":
            return
        text = _decoded(sample, enc)
        if text in seen:
            return
        seen.add(text)
        chosen.append(enc)

    hit = registry.sniff_bom(sample)
    if hit and hit[2] != "utf-8-sig":  # UTF-8 is always shown
        add(hit[2])
    # Valid UTF-8 is UTF-8 (the detection rule); other readings are shown only when they are CJK
    # multibyte, where "UTF-8 read as GBK" is the mix-up worth seeing.
    utf8_ok = _strict_ok(sample, "utf-8")
    multibyte = [e.name for e in registry.REGISTRY.values() if e.family == registry.CJK]
    whole = whole and len(sample) == len(data)
    # (a reading into private use characters is no reading: cp932 maps 0xFF to U+F8F3)
    valid_mb = [e for e in multibyte if _strict_ok(sample, e, whole)
                and not any("\ue000" <= c <= "\uf8ff" for c in _decoded(sample, e))]
    if valid_mb:
        add(valid_mb[0])
    # the detector's answer when it is sure, so that explain and detect agree (UTF-16LE without a
    # BOM stays LE); an unsure one (a lone byte) is no better than the guesses below
    guess = detect(sample)
    if guess.encoding and guess.confidence >= 0.9 and _strict_ok(sample, guess.encoding, whole) and (
            not utf8_ok or registry.get(guess.encoding).family == registry.CJK):
        add(guess.encoding)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample[:16384]).best()
        if best is not None and registry.get(best.encoding).name in registry.REGISTRY \
                and _strict_ok(sample, best.encoding) and (
                not utf8_ok or registry.get(best.encoding).family == registry.CJK) \
                and (registry.get(best.encoding).unit == 1 or b"\x00" in sample):
            # (any even number of bytes decodes as UTF-16: without a BOM or a zero byte, text of
            # 16- or 32-bit units is a guess with nothing behind it, 'abc\xff' is no '慢揿')
            add(best.encoding)
    except Exception:  # noqa: BLE001 - a failing guesser must not stop an explanation
        pass
    for e in valid_mb[1:]:
        add(e)
    if len(chosen) < 2 and not utf8_ok:
        add("cp1252" if _strict_ok(sample, "cp1252") else "latin-1")
    return chosen


# -- the explanation ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ErrorInfo:
    """What a ``UnicodeDecodeError`` / ``UnicodeEncodeError`` means."""

    type: str                 # "UnicodeDecodeError" | "UnicodeEncodeError"
    encoding: str             # as the exception names it
    start: int
    end: int
    python_reason: str        # CPython's terse reason
    reason: str               # codecscope's precise reason
    cause: str                # the likely cause, in words
    raw: bytes = b""          # decode errors: the rejected bytes
    chars: str = ""           # encode errors: the characters that could not be encoded
    suggestions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "encoding": self.encoding, "start": self.start, "end": self.end,
                "hex": self.raw.hex(" ").upper() if self.raw else None, "chars": self.chars or None,
                "python_reason": self.python_reason, "reason": self.reason, "cause": self.cause,
                "suggestions": list(self.suggestions)}


@dataclass(frozen=True)
class Explanation:
    """The result of :func:`explain`.  ``kind`` is ``bytes``, ``text``, ``decode-error`` or
    ``encode-error``; render with ``str()``, ``to_dict()``, rich or ``_repr_html_``."""

    kind: str
    verdict: str
    size: int                                   # bytes, or characters for text
    readings: tuple[Reading, ...] = ()
    text: str | None = field(default=None, repr=False)
    encodings: tuple[str, ...] = ()             # text input: encodings whose bytes are shown
    flags: tuple[tuple[str, tuple[int, int], str], ...] = ()
    error: ErrorInfo | None = None
    limit: int | None = LIMIT
    text_start: int = 0                         # first character shown (encode errors)

    @property
    def bom(self) -> Unit | None:
        return self.readings[0].validity.bom if self.readings else None

    def char_rows(self, limit: int | None = None) -> list[Row]:
        """Rows for text input: one per character, built only for the rows asked for."""
        if self.text is None:
            return []
        limit = self.limit if limit is None else limit
        n = len(self.text) if limit is None else limit
        flagged: dict[int, list[str]] = {}
        for kind, (a, b), _ in self.flags:
            for i in range(a, min(b, self.text_start + n)):
                flagged.setdefault(i, []).append(kind)
        rows = []
        for i in range(self.text_start, min(len(self.text), self.text_start + n)):
            ch = self.text[i]
            enc = tuple((e, _encode(ch, e)) for e in self.encodings)
            rows.append(Row(i, CHAR, b"", ch, script=char_script(ch), encoded=enc,
                            flags=tuple(dict.fromkeys(flagged.get(i, ())))))
        return rows

    @property
    def omitted(self) -> int:
        """Characters not shown (text input)."""
        if self.text is None or self.limit is None:
            return 0
        return max(0, len(self.text) - self.text_start - self.limit)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"schema": "codecscope.explanation/1", "kind": self.kind, "size": self.size,
                   "verdict": self.verdict, "limit": self.limit,
                   "error": self.error.to_dict() if self.error else None}
        if self.readings:
            d["bom"] = None
            if self.bom is not None:
                d["bom"] = {"encoding": self.readings[0].encoding, "hex": self.bom.hex()}
            d["readings"] = []
            for r in self.readings:
                rows = r.rows(self.limit)
                total = _rows_total(r)
                d["readings"].append({**r.validity.to_dict(), "units": [x.to_dict() for x in rows],
                                      "units_omitted": max(0, total - len(rows))})
        if self.text is not None:
            rows = self.char_rows()
            d["encodings"] = list(self.encodings)
            d["chars"] = [x.to_dict() for x in rows]
            d["chars_omitted"] = self.omitted
            d["flags"] = [{"kind": k, "span": list(s), "why": w} for k, s, w in self.flags]
        return d

    def __str__(self) -> str:
        from .render import explanation_text

        return explanation_text(self)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from .render import explanation_rich

        yield from explanation_rich(self, options)

    def _repr_html_(self) -> str:
        from .render import explanation_html

        return explanation_html(self)


def _rows_total(r: Reading) -> int:
    """How many rows a full table would have (one per char, plus other units), counted from
    the validity pass so no rows are built."""
    v = r.validity
    # Big5-HKSCS writes four letters with a combining mark as one code (b'\x88\xa3' is 'ê̄'): one
    # row, two characters, so its rows are counted like the stateful codecs' (by walking).
    if registry.get(v.encoding).family in (registry.STATEFUL, registry.OTHER) or v.encoding == "big5hkscs":
        return sum(1 for _ in unit_rows(r.data, r.encoding, start=r.start))
    total = v.chars + v.invalid + (v.truncated is not None) + (v.bom is not None)
    if r.start:
        for u in walk(r.data, r.encoding):
            if u.offset >= r.start:
                break
            if u.end <= r.start:
                total -= len(u.text) if u.kind == RUN else 1
            else:
                total -= sum(1 for p in split_run(u) if p.end <= r.start)
    return total


def _encode(ch: str, enc: str) -> bytes | None:
    """The bytes of one character: a codec that writes a BOM before every string (UTF-16, UTF-32,
    UTF-8-SIG) gives the character's own bytes without it."""
    try:
        out = ch.encode(enc)
    except (UnicodeEncodeError, LookupError):
        return None
    bom = registry.get(enc).bom if enc in registry.REGISTRY else b""
    if bom and out.startswith(bom) and ch != "\ufeff":
        return out[len(bom):]
    return out


def _names(encodings: Iterable[str] | None) -> list[str]:
    if encodings is None:
        return []
    if isinstance(encodings, str):
        encodings = [encodings]
    return list(dict.fromkeys(registry.get(e).name for e in encodings))


def _text_encodings(text: str) -> list[str]:
    """UTF-8 plus the legacy code page most likely to matter for this text."""
    scripts = {char_script(c) for c in text[:2000] if not c.isascii()}
    if "Hiragana" in scripts or "Katakana" in scripts:
        return ["utf-8", "cp932"]
    if "Hangul" in scripts:
        return ["utf-8", "cp949"]
    if "Han" in scripts or any(is_cjk(c) for c in text[:2000]):
        return ["utf-8", "gbk"]
    if "Cyrillic" in scripts:
        return ["utf-8", "cp1251"]
    if "Greek" in scripts:
        return ["utf-8", "cp1253"]
    if scripts:
        return ["utf-8", "cp1252"]
    return ["utf-8"]


def _overall(vs: list[Validity], data: bytes = b"") -> str:
    first = vs[0]
    if first.size == 0:
        return Msg("empty input")
    if first.ascii_only:
        shifted = [v for v in vs[1:] if v.valid and registry.get(v.encoding).stateful]
        if shifted and data:
            return Msg("7-bit bytes whose escape sequences switch character sets: valid {label}: {text!r}",
                       label=shifted[0].label, text=_sample(codecs.decode(data[:64], shifted[0].encoding, "replace")))
        return (Msg("ASCII only, {n} char", n=1) if first.chars == 1 else
                Msg("ASCII only, {n} chars", n=first.chars))
    verdict = first.verdict
    if not first.valid:
        ok = [v for v in vs[1:] if v.valid]
        if ok and not first.invalid:   # only a cut tail: a buffer edge is likelier than another codec
            verdict = Msg("{verdict}; valid {labels}", verdict=verdict, labels=joined([v.label for v in ok]))
        elif ok:
            text = codecs.decode(data[:64], ok[0].encoding, "replace") if data else ""
            verdict = Msg("these bytes are valid {label}: {text!r}; as {as_label}: {verdict}", label=ok[0].label,
                          text=_sample(text), as_label=first.label, verdict=verdict)
            if len(ok) > 1:
                verdict = Msg("{verdict}; also valid {others}", verdict=verdict,
                              others=joined([v.label for v in ok[1:]]))
        elif len(vs) > 1:
            verdict = Msg("{verdict}; no candidate decodes it cleanly", verdict=verdict)
    elif first.encoding in ("utf-8", "utf-8-sig") and data:
        from .stream import replacement_loss

        loss = replacement_loss(data)
        if loss is not None:
            verdict = Msg("{verdict}; {n} U+FFFD (EF BF BD, first at byte {at}): characters lost for good; "
                          "likely cause: {cause}", verdict=verdict, n=loss.count, at=loss.runs[0][0],
                          cause=loss.cause)
    if first.bom is not None:
        verdict = Msg("{verdict} ({label} BOM at the start)", verdict=verdict, label=first.label)
    return verdict


def _explain_bytes(data: bytes, encodings: list[str] | None, limit: int | None, start: int = 0) -> Explanation:
    encs = _names(encodings) or candidates(data)
    vs = [validity(data, e) for e in encs]
    if not encodings and not vs[0].valid and len(vs) > 2:
        # the most plausible clean reading comes right after UTF-8: it is the likely truth
        best = _clean_decoders(data[:SAMPLE], vs[0].encoding)
        rank = {e: k for k, e in enumerate(best)}
        vs = [vs[0], *sorted(vs[1:], key=lambda v: rank.get(v.encoding, len(rank)))]
    hint = next((v.encoding for v in vs[1:] if v.valid), None) if vs[0].invalid else None
    readings = tuple(Reading(v, data, start, hint if not v.valid else None) for v in vs)
    return Explanation("bytes", _overall(vs, data), len(data), readings, limit=limit)


def _explain_text(text: str, encodings: list[str] | None, limit: int | None) -> Explanation:
    encs = _names(encodings) or _text_encodings(text)
    flags = scan_suspicious(text, signatures=True)
    n = len(text)
    cjk = sum(1 for c in text if is_cjk(c)) if n <= 1 << 20 else None
    verdict = Msg("{n} char", n=n) if n == 1 else Msg("{n} chars", n=n)
    if cjk:
        verdict = Msg("{verdict}, {cjk} CJK", verdict=verdict, cjk=cjk)
    elif text.isascii():
        verdict = Msg("{verdict}, ASCII only", verdict=verdict)
    if flags:
        kinds = list(dict.fromkeys(k for k, _, _ in flags))
        verdict = Msg("{verdict}; suspicious: {kinds}", verdict=verdict, kinds=", ".join(kinds))
    elif n:
        verdict = Msg("{verdict}; nothing suspicious", verdict=verdict)
    return Explanation("text", verdict, n, (), text, tuple(encs), tuple(flags), limit=limit)


def _clean_decoders(data: bytes, exclude: str, *, soft: bool = False) -> list[str]:
    """The candidate encodings (other than ``exclude``) that decode all of ``data``, the most
    plausible text first.  ``soft``: the bytes are a window cut out of a stream, so a character
    cut at either edge is no evidence against an encoding."""
    return [e for e, _ in _plausible(data, exclude, soft=soft)]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _plausible(data: bytes, exclude: str, *, soft: bool = False, limit: int = 5) -> list[tuple[str, str]]:
    """``(encoding, text)`` for the candidates that decode ``data`` cleanly, best text first."""
    from .plausibility import score

    out = []
    for enc in candidates(data, limit=limit, whole=not soft):
        if enc == exclude:
            continue
        for skip in ((0, 1) if soft else (0,)):   # a window may start inside a character
            try:
                text = codecs.getincrementaldecoder(enc)().decode(data[skip:], not soft)
            except UnicodeDecodeError:
                continue
            # a reading with NULs or other control characters is no text ('\x00\x00\x11\x00' is
            # "valid UTF-8" but names no cause of a UTF-32 error)
            if not _CONTROL.search(text):
                out.append((enc, text))
            break
    out.sort(key=lambda et: -score(et[1]) if et[1] else 0.0)
    return out


def _sample(text: str, n: int = 16) -> str:
    return text[:n] + ("…" if len(text) > n else "")


def _explain_decode_error(exc: UnicodeDecodeError, encodings: list[str] | None, limit: int | None) -> Explanation:
    data = bytes(exc.object)
    start, end = exc.start, exc.end
    bad = data[start:end]
    try:
        enc = registry.get(exc.encoding).name
    except LookupError:  # e.g. 'charmap' from a single-byte codec: say so, skip the walk
        enc = None
    reason, unit = exc.reason, None
    if enc:
        unit = next((u for u in walk(data, enc) if not u.ok and u.offset <= start < max(u.end, start + 1)),
                    None)
        if unit is not None:
            reason = unit.reason
    cut = unit is not None and unit.kind == TRUNCATED or (end == len(data) and "end of data" in exc.reason)
    # A window cut out of a stream (codecscope.stream.StreamDecodeError) may end inside a character
    # of the right encoding: its edges are no evidence against it.
    soft = hasattr(exc, "context_start")
    # A cut tail is not evidence of a wrong codec: other codecs fitting the bytes is coincidence.
    likely = [] if cut else _plausible(data, enc or "", soft=soft)
    others = [e for e, _ in likely]
    if cut:
        cause = Msg("cut at a chunk boundary: the bytes end in the middle of a character. Data read in "
                    "pieces (recv(), read(n)) must be decoded with an incremental decoder, e.g. "
                    "codecs.getincrementaldecoder({enc!r})(), or buffered until complete", enc=exc.encoding)
    elif likely:
        label = registry.get(likely[0][0]).label
        cause = Msg("these bytes are valid {label}: {text!r}; they are not {enc}", label=label,
                    text=_sample(likely[0][1]), enc=exc.encoding)
        if len(others) > 1:
            cause = Msg("{cause} (also valid: {others})", cause=cause,
                        others=joined([registry.get(e).label for e in others[1:3]]))
    else:
        cause = Msg("the bytes are not valid {enc} and no common encoding decodes them cleanly: corrupted, "
                    "binary or mixed-encoding data", enc=exc.encoding)
    info = ErrorInfo("UnicodeDecodeError", exc.encoding, start, end, exc.reason, reason, cause,
                     raw=bad, suggestions=tuple(others))
    encs = _names(encodings) or list(dict.fromkeys(([enc] if enc else []) + others[:2] or ["latin-1"]))
    focus = max(0, start - min(8, (limit or 16) // 2))  # the error row must be among those shown
    vs = [validity(data, e) for e in encs]
    readings = tuple(Reading(v, data, focus) for v in vs)
    verdict = Msg("{enc} cannot decode {hex} at byte {at}: {cause}", enc=exc.encoding, hex=bad.hex(" ").upper(),
                  at=start, cause=cause)
    return Explanation("decode-error", verdict, len(data), readings, error=info, limit=limit)


_ENCODE_TARGETS = ["utf-8", "gb18030", "gbk", "big5", "cp932", "cp949", "cp1252", "cp1251", "latin-1"]


def _explain_encode_error(exc: UnicodeEncodeError, encodings: list[str] | None, limit: int | None) -> Explanation:
    text, start, end = exc.object, exc.start, exc.end
    chars = text[start:end]
    shown_chars = ", ".join(f"{c!r} U+{ord(c):04X}" for c in chars[:5]) + (" ..." if len(chars) > 5 else "")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in chars):
        cause = Msg("lone surrogate: not a real character. It comes from decoding with "
                    "errors='surrogateescape' (undecodable bytes in file names, argv, stdin) or from broken "
                    "UTF-16; encode with the same error handler, or fix the decode that made it")
        why = Msg("a lone surrogate cannot be encoded in any encoding")
        targets = []
    else:
        targets = [e for e in _ENCODE_TARGETS if _encode(chars, e) is not None
                   and registry.get(e).name != _canon(exc.encoding)]
        why = Msg("{chars} not in {enc}", chars=shown_chars, enc=exc.encoding)
        cause = Msg("character not in the target code page: {enc} has no {chars}. Encode as {target} "
                    "instead; errors='replace' would write '?' and lose it for good (问句码)",
                    enc=exc.encoding, chars=shown_chars, target=targets[0] if targets else "utf-8")
    info = ErrorInfo("UnicodeEncodeError", exc.encoding, start, end, exc.reason, why, cause,
                     chars=chars, suggestions=tuple(targets))
    encs = _names(encodings) or list(dict.fromkeys(["utf-8", _canon(exc.encoding) or "utf-8"]))
    flags = scan_suspicious(text, signatures=True)
    verdict = Msg("{enc} cannot encode {chars} at position {at}: {cause}", enc=exc.encoding, chars=shown_chars,
                  at=start, cause=cause)
    return Explanation("encode-error", verdict, len(text), (), text, tuple(encs), tuple(flags),
                       error=info, limit=limit, text_start=max(0, start - 8))


def _canon(name: str) -> str | None:
    try:
        return registry.get(name).name
    except LookupError:
        return None


def explain(obj: bytes | bytearray | memoryview | str | UnicodeDecodeError | UnicodeEncodeError,
            encodings: str | Iterable[str] | None = None, *, limit: int | None = LIMIT) -> Explanation:
    """Explain ``bytes``, a ``str``, or a ``UnicodeDecodeError`` / ``UnicodeEncodeError``.

    ``encodings``: for bytes, the readings to show (default: UTF-8 plus the encodings that decode
    the input best, at most three); for text, the encodings whose bytes are shown per character.
    ``limit`` caps the rows rendered per table (``None`` or 0 = all).  Raises
    :class:`UnknownEncodingError` for an unknown or non-text encoding name,
    :class:`InputTypeError` for an unsupported type and :class:`InputError` for a bad ``limit``;
    never because of the content.
    """
    # 0 shows all, as --limit 0 does on the command line (a table of no rows explains nothing)
    limit = validation.integer(limit, "limit", none=True) or None
    encodings = validation.encodings(encodings)
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return _explain_bytes(bytes(obj), encodings, limit)
    if isinstance(obj, str):
        return _explain_text(obj, encodings, limit)
    if isinstance(obj, UnicodeDecodeError):
        return _explain_decode_error(obj, encodings, limit)
    if isinstance(obj, UnicodeEncodeError):
        return _explain_encode_error(obj, encodings, limit)
    raise InputTypeError("explain() takes bytes, str, UnicodeDecodeError or UnicodeEncodeError, "
                         f"not {type(obj).__name__}")


__all__ = ["explain", "Explanation", "Reading", "Row", "ErrorInfo", "candidates", "char_name",
           "char_script", "char_width", "scan_suspicious"]

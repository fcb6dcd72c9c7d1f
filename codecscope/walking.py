"""The decode walk: the one place where codecscope turns bytes into units.

``walk(data, encoding)`` yields :class:`Unit` objects that tile the input exactly:

* ``run``       – a stretch of valid characters (``unit.text``); :func:`units` splits it into
                  one ``char`` unit per character on demand, so large valid inputs cost one object
                  per stretch rather than one per byte;
* ``char``      – one character (stateful codecs and split runs);
* ``shift``     – an escape/shift sequence of a stateful codec (ISO-2022, HZ) that yields no text;
* ``bom``       – a byte order mark at the start;
* ``invalid``   – bytes the codec rejects, with a precise human ``reason``;
* ``truncated`` – an incomplete sequence at the very end of the data.

The walk drives CPython's own incremental decoders with an error handler that records each
rejected span, so valid stretches decode at C speed and invalid-unit offsets are exactly the ones
CPython reports.  :class:`Walker` is the streaming form: feed chunks, get units, bounded memory.
"""

from __future__ import annotations

import codecs
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, cast

from . import registry, validation
from .i18n import Msg, codec_reason
from .registry import OTHER, STATEFUL, Encoding

RUN, CHAR, SHIFT, BOM, INVALID, TRUNCATED = "run", "char", "shift", "bom", "invalid", "truncated"
_MARK = "\ud800"  # strict decoders never emit a lone surrogate, so it can stand for "error here"
_END_REASONS = frozenset({"unexpected end of data", "incomplete multibyte sequence", "truncated data"})
_local = threading.local()

# one rejected span as the recording handler sees it: (start, end, CPython's reason, 3 bytes after)
_Error = tuple[int, int, str, bytes]
# a functional decoder: fn(data, errors, final) -> (text, bytes consumed)
_DecodeFn = Callable[[bytes, str, bool], tuple[str, int]]


def _record(exc: UnicodeError) -> tuple[str, int]:
    exc = cast(UnicodeDecodeError, exc)  # the handler is only ever named to decoders
    obj = exc.object
    _local.sink.append((exc.start, exc.end, exc.reason, bytes(obj[exc.end:exc.end + 3])))
    return _MARK, exc.end


codecs.register_error("codecscope.record", _record)


class Unit(NamedTuple):
    """One piece of the input: see the module docstring for the kinds.

    A named tuple rather than a dataclass: random bytes produce one unit per byte, and tuple
    construction is several times cheaper.
    """

    kind: str
    offset: int
    raw: bytes
    text: str = ""
    encoding: str = ""
    why: str = ""         # CPython's terse reason, for invalid and truncated units
    after: bytes = b""    # up to 3 bytes that follow, to explain a bad trail byte
    follows_invalid: bool = False

    @property
    def end(self) -> int:
        return self.offset + len(self.raw)

    @property
    def ok(self) -> bool:
        return self.kind not in (INVALID, TRUNCATED)

    @property
    def reason(self) -> str:
        """A precise, human explanation of why an invalid or truncated unit was rejected."""
        if self.ok:
            return ""
        return explain_reason(registry.get(self.encoding), self)

    def hex(self) -> str:
        return self.raw.hex(" ").upper()


class Walker:
    """Incremental form of the walk: ``feed(chunk)`` returns the units completed so far.

    Offsets are absolute from the first byte fed.  An incomplete sequence at the end of a chunk is
    held back until the next chunk; ``feed(b"", final=True)`` (or ``finish()``) reports it as a
    ``truncated`` unit.
    """

    def __init__(self, encoding: str) -> None:
        self.info: Encoding = registry.get(encoding)
        self.encoding = self.info.name
        self.fed = 0              # bytes given to the codec so far (after any BOM)
        self._head = b""          # bytes held while deciding about a BOM
        self._sniff = self.info.unit > 1 or bool(self.info.bom) or self.info.name == "utf-8"
        self._started = False
        self._dec: codecs.IncrementalDecoder | None = None
        self._fn: _DecodeFn | None = None
        self._pend = b""
        self._bytewise = self.info.family in (STATEFUL, OTHER)
        self._held = b""          # bytewise mode: bytes consumed without output yet
        self._last_invalid_end = -1

    # -- setup -----------------------------------------------------------------------------
    def _start(self, head: bytes) -> list[Unit]:
        """Decide the concrete codec (BOM sniffing) and emit a ``bom`` unit if there is one."""
        info, codec = self.info, self.info.name
        out: list[Unit] = []
        bom = b""
        if info.unit == 2:
            if head.startswith(codecs.BOM_UTF16_BE) and info.name in ("utf-16", "utf-16-be"):
                bom, codec = codecs.BOM_UTF16_BE, "utf-16-be"
            elif head.startswith(codecs.BOM_UTF16_LE) and info.name in ("utf-16", "utf-16-le"):
                bom, codec = codecs.BOM_UTF16_LE, "utf-16-le"
            elif info.name == "utf-16":
                codec = "utf-16-le"
        elif info.unit == 4:
            if head.startswith(codecs.BOM_UTF32_BE) and info.name in ("utf-32", "utf-32-be"):
                bom, codec = codecs.BOM_UTF32_BE, "utf-32-be"
            elif head.startswith(codecs.BOM_UTF32_LE) and info.name in ("utf-32", "utf-32-le"):
                bom, codec = codecs.BOM_UTF32_LE, "utf-32-le"
            elif info.name == "utf-32":
                codec = "utf-32-le"
        elif info.name in ("utf-8", "utf-8-sig"):
            codec = "utf-8"
            if head.startswith(codecs.BOM_UTF8):
                bom = codecs.BOM_UTF8
        if bom:
            # What the codec itself makes of the BOM: utf-8 keeps U+FEFF, the BOM-aware codecs drop it.
            keeps = info.name in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
            out.append(Unit(BOM, 0, bom, "\ufeff" if keeps else "", info.name))
        self.codec = codec
        self.fed = len(bom)
        self._open(codec)
        return out + self._feed(head[len(bom):], False)

    # -- public ----------------------------------------------------------------------------
    def feed(self, data: bytes | bytearray | memoryview, final: bool = False) -> list[Unit]:
        if type(data) is not bytes:
            data = validation.byte_data(data, "Walker.feed() data")
        if not self._started:
            if self._sniff:
                self._head += data
                if len(self._head) < 4 and not final:
                    return []
                head, self._head = self._head, b""
                return self._start(head) + (self._feed(b"", True) if final else [])
            self._open(self.info.name)
        return self._feed(data, final)

    def finish(self) -> list[Unit]:
        return self.feed(b"", final=True)

    def held(self) -> bytes:
        """The bytes fed that no unit covers yet: the start of a character still incomplete."""
        if not self._started:
            return self._head
        if self._bytewise:
            return self._held
        return self._pend if self._dec is None else self._pending()

    # -- internals -------------------------------------------------------------------------
    def _open(self, codec: str) -> None:
        self.codec = codec
        self._started = True
        # Stateless codecs are driven through their functional decoder with our own pending
        # buffer: no Python-level incremental decoder, no getstate() per chunk.
        self._fn = _stateless_decoder(codec) if not self._bytewise else None
        self._pend = b""
        if self._fn is None:
            self._dec = codecs.getincrementaldecoder(codec)("codecscope.record")

    def _pending(self) -> bytes:
        if self._dec is None:  # stateless codecs keep their tail in self._pend
            return b""
        try:
            return self._dec.getstate()[0]
        except Exception:
            return b""

    def _decode(self, data: bytes, final: bool) -> tuple[str, list[_Error]]:
        assert self._dec is not None, "_open() sets the decoder for codecs without a functional one"
        sink: list[_Error] = []
        _local.sink = sink
        try:
            text = self._dec.decode(data, final)
        finally:
            _local.sink = None
        return text, sink

    def feed_text(self, data: bytes | bytearray | memoryview, final: bool = False) -> tuple[str, list[Unit] | None]:
        """Like :meth:`feed`, for callers that want text: ``(text, None)`` when the chunk held no
        problem (the hot path of stream decoding: no unit objects), else ``("", units)``."""
        fn = self._fn  # set once the codec is chosen, for stateless codecs only
        if fn is not None and type(data) is bytes:
            pend = self._pend
            combined = pend + data if pend else data
            try:
                text, consumed = fn(combined, "strict", final)
            except UnicodeDecodeError:
                return "", self.feed(data, final)  # nothing was kept: the walk redoes it with units
            self.fed += len(data)
            self._pend = combined[consumed:] if consumed < len(combined) else b""
            return text, None
        return "", self.feed(data, final)

    def tally(self, data: bytes) -> tuple[str, int, int, int, bytes | None] | None:
        """Like :meth:`feed` (not final), for callers that only count: ``(text, invalid,
        invalid_bytes, size, utf8)`` and no unit per error, so error-dense data costs no object per
        byte.  Each invalid sequence in ``text`` is marked by a lone surrogate (U+D800), or, when
        ``utf8`` is not None (the UTF-8 fast path), by U+FFFD, and ``utf8`` is ``text`` in UTF-8
        (EF BF BD per invalid sequence), ready to be counted in C.  None where a unit walk is
        needed: before the start (BOM) is decided, and for stateful codecs."""
        if self._bytewise or not self._started or type(data) is not bytes:
            return None
        if self.info.name == "utf-8" and self._fn is not None:
            fast = self._tally_utf8(data)
            if fast is not None:
                return fast
        base, _, text, sink, end = self._step(data, False)
        if not sink:
            return text, 0, 0, end - base, None
        self._last_invalid_end = base + sink[-1][1]
        return text, len(sink), sum(e - s for s, e, _, _ in sink), end - base, None

    def _tally_utf8(self, data: bytes) -> tuple[str, int, int, int, bytes] | None:
        """:meth:`tally` for UTF-8 with no error callback at all: the C decoder's own 'replace'
        puts one U+FFFD per invalid sequence (the same sequences the recording handler sees), and
        the bytes of the valid text are known exactly, so error-dense data (a file of 0xFF) costs
        no Python call per error.  None when the chunk holds a real U+FFFD, which would be counted."""
        before = self._pend
        combined = before + data if before else data
        if b"\xef\xbf\xbd" in combined:
            return None
        assert self._fn is not None, "tally() takes this path only for the functional UTF-8 decoder"
        text, consumed = self._fn(combined, "replace", False)
        invalid = text.count("\ufffd")
        if invalid:
            u8 = text.encode("utf-8")   # str.replace would cost a step per invalid sequence
            valid_bytes = len(u8) - 3 * invalid
            tail = text[text.rindex("\ufffd") + 1:]   # valid text after the last invalid sequence
            self._last_invalid_end = self.fed - len(before) + consumed - len(tail.encode("utf-8"))
        else:
            u8 = combined[:consumed] if consumed < len(combined) else combined
            valid_bytes = consumed
        self._pend = combined[consumed:]
        self.fed += len(data)
        return text, invalid, consumed - valid_bytes, consumed, u8

    def _step(self, data: bytes, final: bool) -> tuple[int, bytes, str, list[_Error], int]:
        """Decode one chunk: (base offset, bytes it covers, text with error marks, errors, end)."""
        if self._fn is not None:
            before = self._pend
            combined = before + data if before else data
            base = self.fed - len(before)
            sink: list[_Error] = []
            try:  # most chunks are clean: try strict first, record errors only when there are some
                text, consumed = self._fn(combined, "strict", final)
            except UnicodeDecodeError:
                _local.sink = sink
                try:
                    text, consumed = self._fn(combined, "codecscope.record", final)
                finally:
                    _local.sink = None
            self._pend = combined[consumed:]
            self.fed += len(data)
            return base, combined, text, sink, base + consumed
        before = self._pending()
        base = self.fed - len(before)
        combined = before + data if before else data
        text, sink = self._decode(data, final)
        self.fed += len(data)
        return base, combined, text, sink, self.fed - len(self._pending())

    def _feed(self, data: bytes, final: bool) -> list[Unit]:
        if self._bytewise:
            return self._feed_bytewise(data, final)
        return self._units(*self._step(data, final), final)

    def _units(self, base: int, combined: bytes, text: str, sink: list[_Error], end: int, final: bool) -> list[Unit]:
        if not sink:
            return [Unit(RUN, base, combined[:end - base], text, self.info.name)] if end > base else []
        parts = text.split(_MARK) if sink else [text]
        if len(parts) != len(sink) + 1:  # a codec that emits surrogates itself: keep offsets right
            parts = [text] + [""] * len(sink)
        out: list[Unit] = []
        pos = base
        enc = self.info.name
        for i, (s, e, why, after) in enumerate(sink):
            a, b = base + s, base + e
            if a > pos:
                out.append(Unit(RUN, pos, combined[pos - base:a - base], parts[i], enc))
            kind = TRUNCATED if final and b == end and why in _END_REASONS else INVALID
            out.append(Unit(kind, a, combined[s:e], "", enc, why, after, a == self._last_invalid_end))
            self._last_invalid_end = pos = b
        if end > pos:
            out.append(Unit(RUN, pos, combined[pos - base:end - base], parts[-1], enc))
        return out

    def _feed_bytewise(self, data: bytes, final: bool) -> list[Unit]:
        """Stateful and unknown codecs: one byte at a time, so each character gets its own bytes."""
        out: list[Unit] = []
        enc = self.info.name
        steps = [(data[i:i + 1], False) for i in range(len(data))]
        if final:
            steps.append((b"", True))
        for byte, last in steps:
            base = self.fed - len(self._pending())
            try:
                text, sink = self._decode(byte, last)
            except UnicodeError as exc:
                # CPython's stateful decoders hold at most a few bytes ("pending buffer overflow"):
                # everything held is one invalid unit, and decoding starts afresh after it.
                self._held += byte
                self.fed += len(byte)
                start = self.fed - len(self._held)
                out.append(Unit(INVALID, start, self._held, "", enc, str(exc), b"",
                                start == self._last_invalid_end))
                self._last_invalid_end = self.fed
                self._held = b""
                assert self._dec is not None  # bytewise codecs always have a decoder object
                self._dec.reset()
                continue
            self._held += byte
            self.fed += len(byte)
            if not sink and not text:
                continue
            end = self.fed - len(self._pending())
            parts = text.split(_MARK)
            if len(parts) != len(sink) + 1:
                parts = [text] + [""] * len(sink)
            start = pos = self.fed - len(self._held)
            for i, (s, e, why, after) in enumerate(sink):
                a, b = base + s, base + e
                if a > pos:
                    out.extend(self._text_units(self._held[pos - start:a - start], pos, parts[i]))
                kind = TRUNCATED if last and why in _END_REASONS else INVALID
                out.append(Unit(kind, a, self._held[a - start:b - start], "", enc, why, after,
                                a == self._last_invalid_end))
                self._last_invalid_end = pos = b
            if parts[-1]:
                out.extend(self._text_units(self._held[pos - start:end - start], pos, parts[-1]))
                pos = end
            self._held = self._held[pos - start:]
        if final and self._held:
            out.append(Unit(SHIFT, self.fed - len(self._held), self._held, "", enc))
            self._held = b""
        return out

    def _text_units(self, raw: bytes, offset: int, text: str) -> list[Unit]:
        shift, rest = _split_shift(raw) if text else (raw, b"")
        out = [Unit(SHIFT, offset, shift, "", self.info.name)] if shift else []
        if rest:
            out.append(Unit(CHAR, offset + len(shift), rest, text, self.info.name))
        return out


_UNICODE_FNS = {
    "utf-8": codecs.utf_8_decode,
    "utf-16-le": codecs.utf_16_le_decode,
    "utf-16-be": codecs.utf_16_be_decode,
    "utf-32-le": codecs.utf_32_le_decode,
    "utf-32-be": codecs.utf_32_be_decode,
}


def _stateless_decoder(codec: str) -> _DecodeFn | None:
    """``fn(data, errors, final) -> (text, consumed)`` for codecs that need no decoder object."""
    fn = _UNICODE_FNS.get(codec)
    if fn is not None:
        return fn
    if registry.get(codec).family == registry.SINGLE:
        decode = codecs.lookup(codec).decode  # one byte, one character: never a pending tail
        return lambda data, errors, final: decode(data, errors)
    return None


def _split_shift(raw: bytes) -> tuple[bytes, bytes]:
    """Split leading ISO-2022 escape sequences / HZ shifts off the bytes of one character."""
    i = 0
    while i < len(raw) - 1:
        if raw[i] == 0x1B:
            j = i + 1
            while j < len(raw) and 0x20 <= raw[j] <= 0x2F:  # intermediate bytes
                j += 1
            if j >= len(raw) - 1:
                break
            i = j + 1
        elif raw[i:i + 2] in (b"~{", b"~}", b"~\n"):
            i += 2
        else:
            break
    return raw[:i], raw[i:]


def walk(data: bytes, encoding: str = "utf-8", *, chunk_size: int = 1 << 20) -> Iterator[Unit]:
    """Walk ``data`` in ``encoding`` and yield units that tile it exactly (lazily, chunk by chunk)."""
    data = validation.byte_data(data)
    yield from walk_stream([data[i:i + chunk_size] for i in range(0, len(data), chunk_size)] or [b""],
                           encoding)


def walk_stream(chunks: Iterable[bytes], encoding: str = "utf-8") -> Iterator[Unit]:
    """Walk an iterable of byte chunks as one stream (file blocks, socket reads)."""
    w = Walker(encoding)
    for chunk in chunks:
        yield from w.feed(chunk)
    yield from w.finish()


def split_run(unit: Unit) -> Iterator[Unit]:
    """Split a ``run`` unit into one ``char`` unit per character; other units pass through."""
    if unit.kind != RUN:
        yield unit
        return
    info = registry.get(unit.encoding)
    codec = registry.plain_codec(info.name)
    raw, i, n = unit.raw, 0, len(unit.raw)
    while i < n:
        k = info.seq_len(raw, i) if info.family not in (STATEFUL, OTHER) else n - i
        piece = raw[i:i + k]
        try:
            text = piece.decode(codec)
        except UnicodeDecodeError:
            text = None
        if text is None or k == n - i and info.family in (STATEFUL, OTHER):
            for u in walk(raw[i:], info.name):
                yield Unit(u.kind, unit.offset + i + u.offset, u.raw, u.text, unit.encoding)
            return
        yield Unit(CHAR, unit.offset + i, piece, text, unit.encoding)
        i += k


def units(data: bytes, encoding: str = "utf-8") -> Iterator[Unit]:
    """Every unit of ``data`` with valid stretches split into single characters."""
    for u in walk(data, encoding):
        yield from split_run(u)


# -- reasons --------------------------------------------------------------------------------

def _h(bs: bytes) -> str:
    return " ".join(f"0x{b:02X}" for b in bs)


def _utf8_need(b: int) -> int:
    return 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0


def _utf8_reason(u: Unit) -> str:
    raw, after = u.raw, u.after
    b0 = raw[0]
    seq = raw + after
    if u.kind == TRUNCATED:
        need = _utf8_need(b0)
        have = len(raw) - 1
        if have == 0:
            return Msg("{b} starts a {need}-byte UTF-8 sequence but no byte follows before the end: the data "
                       "was probably cut at a buffer boundary", b=_h(raw[:1]), need=need)
        if have == 1:
            return Msg("{b} starts a {need}-byte UTF-8 sequence but only 1 byte follows before the end: the "
                       "data was probably cut at a buffer boundary", b=_h(raw[:1]), need=need)
        return Msg("{b} starts a {need}-byte UTF-8 sequence but only {have} bytes follow before the end: the "
                   "data was probably cut at a buffer boundary", b=_h(raw[:1]), need=need, have=have)
    if 0x80 <= b0 <= 0xBF:
        if u.follows_invalid:
            return Msg("{b} is a continuation byte left over from the invalid sequence just before it", b=_h(raw))
        return Msg("{b} is a continuation byte (0x80–0xBF) with no lead byte before it: a stray byte, or text "
                   "in a single-byte encoding such as Latin-1/cp1252", b=_h(raw))
    if b0 in (0xC0, 0xC1):
        if len(seq) >= 2 and 0x80 <= seq[1] <= 0xBF:
            cp = ((b0 & 0x1F) << 6) | (seq[1] & 0x3F)
            return Msg("{b} is an overlong encoding of {ch!r} (U+{cp:04X}); UTF-8 forbids it", b=_h(seq[:2]),
                       ch=chr(cp), cp=cp)
        return Msg("{b} can never appear in UTF-8 (it could only start an overlong 2-byte sequence)", b=_h(raw))
    if b0 == 0xE0 and len(seq) >= 2 and 0x80 <= seq[1] <= 0x9F:
        if len(seq) >= 3 and 0x80 <= seq[2] <= 0xBF:
            cp = ((seq[1] & 0x3F) << 6) | (seq[2] & 0x3F)
            return Msg("{b} is an overlong encoding of {ch!r} (U+{cp:04X}); UTF-8 forbids it", b=_h(seq[:3]),
                       ch=chr(cp), cp=cp)
        return Msg("{b} starts an overlong 3-byte sequence; UTF-8 forbids it", b=_h(seq[:2]))
    if b0 == 0xED and len(seq) >= 2 and 0xA0 <= seq[1] <= 0xBF:
        if not (len(seq) >= 3 and 0x80 <= seq[2] <= 0xBF):  # only two bytes of one: name the range, not a point
            lo = 0xD000 | ((seq[1] & 0x3F) << 6)
            return Msg("{b} would start an encoded surrogate (U+{lo:04X}–U+{hi:04X}), which UTF-8 forbids, and "
                       "no continuation byte follows", b=_h(seq[:2]), lo=lo, hi=lo + 0x3F)
        cp = 0xD000 | ((seq[1] & 0x3F) << 6) | (seq[2] & 0x3F)
        if cp < 0xDC00:
            return Msg("{b} encodes a high surrogate (U+{cp:04X}), which UTF-8 forbids: this is CESU-8/WTF-8 "
                       "(e.g. Java's modified UTF-8 or an unpaired surrogate)", b=_h(seq[:3]), cp=cp)
        return Msg("{b} encodes a low surrogate (U+{cp:04X}), which UTF-8 forbids: this is CESU-8/WTF-8 "
                   "(e.g. Java's modified UTF-8 or an unpaired surrogate)", b=_h(seq[:3]), cp=cp)
    if b0 == 0xF0 and len(seq) >= 2 and 0x80 <= seq[1] <= 0x8F:
        return Msg("{b} starts an overlong 4-byte sequence; UTF-8 forbids it", b=_h(seq[:2]))
    if b0 == 0xF4 and len(seq) >= 2 and 0x90 <= seq[1] <= 0xBF:
        return Msg("{b} would encode a code point above U+10FFFF, the end of Unicode", b=_h(seq[:2]))
    if 0xF5 <= b0 <= 0xFD:
        return Msg("{b} can never appear in UTF-8 (it would start a code point above U+10FFFF)", b=_h(raw))
    if b0 in (0xFE, 0xFF):
        if u.offset == 0 and seq[:4] == b"\xff\xfe\x00\x00":
            return Msg("{b} is a UTF-32 byte order mark: the data is probably UTF-32", b=_h(seq[:4]))
        if seq[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return Msg("{b} is a UTF-16 byte order mark: the data is probably UTF-16", b=_h(seq[:2]))
        return Msg("{b} can never appear in UTF-8", b=_h(raw))
    need = _utf8_need(b0)
    got = len(raw)
    nxt = after[:1]
    if nxt:
        if got == 1:
            return Msg("{b} starts a {need}-byte UTF-8 sequence but {nxt} after 1 byte is not a continuation "
                       "byte (0x80–0xBF)", b=_h(raw[:1]), need=need, nxt=_h(nxt))
        return Msg("{b} starts a {need}-byte UTF-8 sequence but {nxt} after {got} bytes is not a "
                   "continuation byte (0x80–0xBF)", b=_h(raw[:1]), need=need, nxt=_h(nxt), got=got)
    return Msg("{b} is not valid UTF-8 ({why})", b=_h(raw), why=codec_reason(u.why))


def _multibyte_reason(info: Encoding, u: Unit) -> str:
    raw, label = u.raw, info.label
    b0 = raw[0]
    seq = raw + u.after
    if u.kind == TRUNCATED:
        return Msg("{b} starts a {label} character but the data ends before it is complete: the data was "
                   "probably cut at a buffer boundary", b=_h(raw), label=label)
    if not info.is_lead(b0):
        return Msg("{b} is not a valid {label} byte ({label} lead bytes are {leads})", b=_h(raw[:1]), label=label,
                   leads=info.lead_text())
    if info.name == "gb18030" and len(seq) >= 2 and 0x30 <= seq[1] <= 0x39:
        return Msg("{b} is not a valid GB18030 four-byte sequence", b=_h(seq[:4]))
    if len(seq) >= 2 and not info.is_trail(seq[1]) and len(raw) == 1:
        # the codec takes the lead byte alone as the invalid sequence and reads the next byte
        # afresh (0x20 is a space): naming both as one sequence would contradict its span
        return Msg("{b} starts a {label} character but {t} after it is not a trail byte (trail bytes are "
                   "{trails})", b=_h(raw), t=_h(seq[1:2]), label=label, trails=info.trail_text())
    if len(seq) >= 2 and not info.is_trail(seq[1]):
        return Msg("{b}: {t} is not a {label} trail byte (trail bytes are {trails})", b=_h(seq[:2]),
                   t=_h(seq[1:2]), label=label, trails=info.trail_text())
    if len(seq) >= 2:
        return Msg("{b} fits {label}'s byte structure but is not assigned to any character", b=_h(seq[:2]),
                   label=label)
    return Msg("{b} is not valid {label} ({why})", b=_h(raw), label=label, why=codec_reason(u.why))


def explain_reason(info: Encoding, u: Unit) -> str:
    """The human reason for an invalid or truncated unit; used by :attr:`Unit.reason`."""
    raw = u.raw
    if info.name in ("utf-8", "utf-8-sig"):
        return _utf8_reason(u)
    if info.unit > 1:
        bits = info.unit * 8
        if info.unit == 2 and len(raw) == 2 and u.kind == TRUNCATED:
            v = int.from_bytes(raw, "big" if info.name.endswith("be") else "little")
            if 0xD800 <= v <= 0xDBFF:
                return Msg("{b} is a high surrogate (U+{v:04X}) at the very end, its low surrogate missing: the "
                           "data was probably cut at a buffer boundary", b=_h(raw), v=v)
        if u.kind == TRUNCATED or u.why == "truncated data":
            return (Msg("{n} byte left at the end: UTF-{bits} needs {unit}-byte code units; the data was cut or "
                        "is not UTF-{bits}", n=len(raw), bits=bits, unit=info.unit) if len(raw) == 1 else
                    Msg("{n} bytes left at the end: UTF-{bits} needs {unit}-byte code units; the data was cut or "
                        "is not UTF-{bits}", n=len(raw), bits=bits, unit=info.unit))
        if info.unit == 2:
            be = info.name.endswith("be")
            v = int.from_bytes(raw[:2], "big" if be else "little")
            if 0xD800 <= v <= 0xDBFF:
                return Msg("{b} is a high surrogate (U+{v:04X}) not followed by a low surrogate", b=_h(raw[:2]), v=v)
            if 0xDC00 <= v <= 0xDFFF:
                return Msg("{b} is a low surrogate (U+{v:04X}) with no high surrogate before it", b=_h(raw[:2]), v=v)
        else:
            v = int.from_bytes(raw[:4], "big" if info.name.endswith("be") else "little")
            if 0xD800 <= v <= 0xDFFF:
                return Msg("{b} encodes the surrogate U+{v:04X}, which is not a character", b=_h(raw), v=v)
            return Msg("{b} encodes 0x{v:X}, beyond U+10FFFF, the end of Unicode", b=_h(raw), v=v)
        return Msg("{b} is not valid {label} ({why})", b=_h(raw), label=info.label, why=codec_reason(u.why))
    if info.name == "ascii":
        return Msg("{b} is outside ASCII (0x00–0x7F): the data is in an 8-bit or multibyte encoding", b=_h(raw))
    if info.family == "single-byte":
        return Msg("{b} is not assigned to any character in {label}", b=_h(raw), label=info.label)
    if info.family == "cjk-multibyte":
        return _multibyte_reason(info, u)
    if u.kind == TRUNCATED:
        return Msg("{b} is an incomplete {label} sequence at the end of the data", b=_h(raw), label=info.label)
    if info.family == STATEFUL and any(b >= 0x80 for b in raw):
        return Msg("{b} has the high bit set, which {label} (a 7-bit encoding) never uses", b=_h(raw),
                   label=info.label)
    return Msg("{b} is not valid {label} ({why})", b=_h(raw), label=info.label, why=codec_reason(u.why))

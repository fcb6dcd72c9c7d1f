"""Text from sockets, files and asyncio streams, decoded correctly whatever the chunking.

TCP delivers bytes, not characters: ``sock.recv(1024).decode()`` breaks whenever an edge falls
inside a character.  Everything here decodes with CPython's incremental decoders, which hold an
incomplete sequence back until the next chunk, so the result equals decoding all bytes at once.

* :class:`StreamDecoder` – push style: ``decode(chunk)``, ``finish()``; records every invalid span
  and an incomplete tail as :class:`codecscope.walking.Unit` objects (with a human ``reason``).
* :func:`iter_text`, :func:`read_text`, :func:`recv_text`, :func:`aiter_text`, :func:`aread_text`
  – pull text from a socket, a binary file, an iterable of chunks or an ``asyncio.StreamReader``.
* :func:`iter_lines` / :func:`iter_messages` (and ``aiter_*``) – newline-delimited and
  length-prefixed messages, framed on bytes first and decoded per message.
* :func:`boundaries` – which edges of a given chunk size cut a character, and what a naive
  per-chunk decode raises or produces there.

Errors policy: with ``errors="strict"`` an invalid sequence or an incomplete tail at the end of the
stream raises :class:`StreamDecodeError` (a ``UnicodeDecodeError`` carrying the absolute offset and
the reason).  With any other handler the text follows that handler and the problem is recorded in
``.problems``; an incomplete tail is never dropped silently.
"""

from __future__ import annotations

import codecs
import socket
import struct
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from . import registry, validation
from .errors import CodecscopeError, InputError, InputTypeError
from .i18n import N_, Msg, _, localize
from .validation import BinaryReader
from .walking import SHIFT, TRUNCATED, Unit, Walker, split_run

if TYPE_CHECKING:
    import mmap

    from rich.console import Console, ConsoleOptions, RenderResult

    from .diagnosis import BytesContext, Finding

__all__ = [
    "StreamDecoder", "StreamDecodeError", "FramingError", "RecvTimeout", "RecvReset", "TextStream", "Frames",
    "iter_text", "read_text", "recv_text", "aiter_text", "aread_text",
    "iter_lines", "iter_messages", "aiter_lines", "aiter_messages",
    "LineFramer", "LengthFramer", "boundaries", "find_cuts", "BoundaryReport", "Cut",
]

DEFAULT_CHUNK = 64 * 1024
DEFAULT_MAX_READ = 256 * 1024 * 1024   # functions that return everything at once stop here
MAX_PROBLEMS = 1000                    # problems kept in memory; the count keeps going


class Receiver(Protocol):
    """A socket, or anything else with ``recv(n) -> bytes``."""

    def recv(self, bufsize: int, /) -> bytes: ...


class AsyncReader(Protocol):
    """An ``asyncio.StreamReader``, or anything else with ``async read(n) -> bytes``."""

    async def read(self, n: int, /) -> bytes: ...


ByteChunk = bytes | bytearray | memoryview
# what the synchronous readers take: bytes, a socket, a binary file or an iterable of byte chunks
ByteSource = ByteChunk | Receiver | BinaryReader | Iterable[ByteChunk]


CONTEXT = 32   # bytes kept on each side of a stream error, so explain(e) sees the neighbourhood


class StreamDecodeError(UnicodeDecodeError, CodecscopeError):
    """Strict decoding met an invalid sequence or an incomplete tail; ``offset`` is absolute.

    Like any ``UnicodeDecodeError``, ``object[start:end]`` are the rejected bytes; ``object`` holds
    up to :data:`CONTEXT` bytes of the stream around them (``context_start`` is the stream offset
    of ``object[0]``), so ``codecscope.explain(e)`` judges the bytes in their neighbourhood rather
    than one byte alone.
    """

    def __init__(self, unit: Unit, context: bytes | None = None, context_start: int | None = None) -> None:
        if context is None or context_start is None or not (
                context_start <= unit.offset and unit.end <= context_start + len(context)):
            context, context_start = unit.raw, unit.offset
        a = unit.offset - context_start
        super().__init__(unit.encoding, context, a, a + len(unit.raw), unit.why or "invalid data")
        self.unit = unit
        self.offset = unit.offset
        self.context_start = context_start

    def __reduce__(self) -> tuple[type[StreamDecodeError], tuple[Unit, bytes, int]]:
        return (StreamDecodeError, (self.unit, bytes(self.object), self.context_start))

    def __str__(self) -> str:
        what = "incomplete tail" if self.unit.kind == TRUNCATED else "invalid bytes"
        return f"{what} {self.unit.hex()} at stream offset {self.offset}: {self.unit.reason}"


class FramingError(CodecscopeError):
    """A message could not be framed (strict policy only): over-long line, cut message, bad header."""


def _error_handler(errors: str) -> Callable[[UnicodeError], tuple[str | bytes, int]] | None:
    """The codec error handler named ``errors``, or None for strict."""
    if not isinstance(errors, str):
        raise InputError(f"errors must be the name of an error handler, not {type(errors).__name__}")
    if errors == "strict":
        return None
    try:
        return codecs.lookup_error(errors)
    except LookupError:
        raise InputError(f"unknown error handler {errors!r} (try 'strict', 'replace', "
                         "'ignore', 'backslashreplace' or 'surrogateescape')") from None


_RESTART_SLICE = 64   # bytes first re-read after an error handler resumed inside a unit


class StreamDecoder:
    """Incremental decoding with a record of what went wrong (see the module docstring).

    A thin policy layer over the decode walk's :class:`~codecscope.walking.Walker`: valid stretches
    come back as they are, each invalid or truncated unit is raised (strict) or handed to the
    ``errors`` handler, exactly as CPython's decoder would.
    """

    def __init__(self, encoding: str = "utf-8", errors: str = "strict") -> None:
        self.info = registry.get(encoding)
        self.encoding = self.info.name
        self.errors = errors
        self._handler = _error_handler(errors)
        self._walker = Walker(self.encoding)
        self._restart = 0                # absolute offset the current walker's offsets count from
        self.bytes_in = 0
        self.problems: list[Unit] = []
        self.problem_count = 0
        self.finished = False
        self._prev: ByteChunk = b""     # the chunk before the current one: error context, kept by reference

    @property
    def tail(self) -> Unit | None:
        """The incomplete sequence the stream ended with, if it ended inside a character."""
        for u in reversed(self.problems):
            if u.kind == TRUNCATED:
                return u
        return None

    def decode(self, data: ByteChunk, final: bool = False) -> str:
        if self.finished and (data or not final):
            raise InputError("this StreamDecoder has finished its stream; make a new one for another stream")
        start = self.bytes_in
        self.bytes_in += len(data)
        self.finished = final
        prev, self._prev = self._prev, data
        return self._decode(data, start, prev, final)

    def _decode(self, data: ByteChunk, start: int, prev: ByteChunk, final: bool) -> str:
        parts: list[str] = []
        rest = self._feed(data, start, prev, final, parts)
        if rest is None:
            return "".join(parts)
        # A handler resumed inside an invalid unit, and the rest is read afresh: in slices that
        # start small after each restart and double while none comes, so that a restart re-reads
        # little however dense they are, and clean stretches go at C speed.  Every restart starts
        # after the one before: the loop ends.
        queue, at, carry, start, size = rest, 0, b"", self._restart, _RESTART_SLICE
        while carry or at < len(queue):
            if carry:
                piece, carry = carry, b""
            else:
                piece, at = queue[at:at + size], at + size
            rest = self._feed(piece, start, prev, final and at >= len(queue), parts)
            if rest is None:
                start, size = start + len(piece), min(size * 2, 1 << 20)
            else:
                carry, start, size = rest, self._restart, _RESTART_SLICE
        return "".join(parts)

    def _feed(self, data: ByteChunk, start: int, prev: ByteChunk, final: bool, parts: list[str]) -> bytes | None:
        """Decode ``data`` into ``parts``; the bytes to decode afresh when a handler resumed inside
        an invalid unit (``self._restart`` is then where they start), else None."""
        text, units = self._walker.feed_text(data, final)
        if units is None:
            parts.append(text)
            return None
        for u in units:
            if u.ok:
                parts.append(u.text)
                continue
            if self._restart:
                u = u._replace(offset=u.offset + self._restart)
            self.problem_count += 1
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(u)
            if self._handler is None:
                recent = bytes(prev[-CONTEXT:])
                window = recent + bytes(data)
                w0 = start - len(recent)
                a = max(w0, u.offset - CONTEXT)
                b = min(w0 + len(window), u.end + CONTEXT)
                raise StreamDecodeError(u, window[a - w0:b - w0], a)
            pos = 0
            while pos < len(u.raw):
                try:
                    rep, end = self._handler(UnicodeDecodeError(self.encoding, u.raw, pos, len(u.raw), u.why))
                except UnicodeDecodeError:  # a handler that declines, e.g. surrogateescape on a byte < 0x80
                    raise StreamDecodeError(u) from None
                parts.append(rep if isinstance(rep, str) else rep.decode("ascii", "replace"))
                end = end + len(u.raw) if end < 0 else end
                if end <= pos:  # no progress: the handler would loop for ever
                    raise StreamDecodeError(u)
                pos = end
                if pos < len(u.raw) and not self.info.stateful:
                    # CPython's decoder resumes where the handler says and decodes the rest afresh
                    # (in UTF-32, b'\x80\x00\x00\x00' + b'0' with surrogateescape is '\udc80' + '0'):
                    # so does a fresh walker, from that byte on, in the byte order already chosen.
                    self._restart = u.offset + pos
                    self._walker = Walker(self._walker.codec)
                    return u.raw[pos:] + bytes(data[max(u.end - start, 0):])
        return None

    def finish(self) -> str:
        """End of stream: flush, and report (or raise, if strict) an incomplete tail."""
        return self.decode(b"", final=True)

    @property
    def pending(self) -> bytes:
        """The bytes of a character begun but not yet complete (held back until the next chunk)."""
        return self._walker.held()


# -- sources ---------------------------------------------------------------------------------

def _reader(source: object) -> Callable[[int], ByteChunk] | None:
    """A ``read(n) -> bytes`` for a socket or binary file, or None for iterables."""
    if isinstance(source, socket.socket) or (hasattr(source, "recv") and not hasattr(source, "read")):
        recv: Callable[[int], ByteChunk] = source.recv
        return recv
    read: Callable[[int], ByteChunk] | None = getattr(source, "read1", None) or getattr(source, "read", None)
    return read


def _check_args(chunk_size: int, max_bytes: int | None) -> None:
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, not {chunk_size!r}")
    if max_bytes is not None and (not isinstance(max_bytes, int) or max_bytes < 0):
        raise InputError(f"max_bytes must be a non-negative integer or None, not {max_bytes!r}")


def _chunks(source: object, chunk_size: int, max_bytes: int | None,
            state: TextStream | _SyncFrames) -> Iterator[ByteChunk]:
    """Bounded chunks from any supported source; sets ``state.limited`` when max_bytes stopped it."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if max_bytes is not None and len(data) > max_bytes:
            data, state.limited = data[:max_bytes], True
        for i in range(0, len(data), chunk_size):
            yield data[i:i + chunk_size]
        return
    if isinstance(source, str):
        raise InputError("got str, not bytes: text has already been decoded (or open the file with 'rb')")
    read = _reader(source)
    if read is None:
        if not isinstance(source, Iterable):
            raise InputTypeError(f"cannot read bytes from {type(source).__name__}: give a socket, a binary "
                             "file, an asyncio.StreamReader (aiter_text) or an iterable of bytes")
        left = max_bytes
        for chunk in source:  # an empty chunk from an iterable is not the end
            if not isinstance(chunk, (bytes, bytearray, memoryview)):
                raise InputError(f"the iterable gave {type(chunk).__name__}, not bytes")
            if not chunk:
                continue
            if left is not None:
                if len(chunk) > left:
                    state.limited = True
                    if left:
                        yield chunk[:left]
                    return
                left -= len(chunk)
            yield chunk
        return
    left = max_bytes
    while True:
        n = chunk_size if left is None else min(chunk_size, left)
        try:
            if n == 0:
                state.limited = bool(read(1))  # one byte past the limit tells whether there was more
                return
            chunk = read(n)
        except (socket.timeout, TimeoutError):   # a socket's own timeout
            raise RecvTimeout("nothing arrived within the socket's timeout") from None
        except ConnectionError as e:
            raise RecvReset(f"the peer reset the connection ({e.strerror or e})") from None
        if not chunk:
            return
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise InputError(f"{type(source).__name__} gave {type(chunk).__name__}, not bytes: "
                             "open files in binary mode ('rb')")
        if left is not None:
            left -= len(chunk)
        yield chunk


class TextStream:
    """Iterate over decoded text pieces; afterwards ``.problems``, ``.tail``, ``.bytes_read``."""

    def __init__(self, source: ByteSource, encoding: str = "utf-8", errors: str = "strict", *,
                 chunk_size: int = DEFAULT_CHUNK, max_bytes: int | None = None) -> None:
        _check_args(chunk_size, max_bytes)
        self.decoder = StreamDecoder(encoding, errors)
        self.limited = False  # True when max_bytes stopped reading before the end
        self._it = self._gen(source, chunk_size, max_bytes)

    def _gen(self, source: ByteSource, chunk_size: int, max_bytes: int | None) -> Iterator[str]:
        dec = self.decoder
        try:
            for chunk in _chunks(source, chunk_size, max_bytes, self):
                text = dec.decode(chunk)
                if text:
                    yield text
        except (RecvTimeout, RecvReset) as e:
            e.pending = dec.pending   # the pieces already yielded hold all the rest
            raise
        if self.limited:
            return   # max_bytes, not the data, cut the last character: no error of the stream's
        text = dec.finish()
        if text:
            yield text

    def __iter__(self) -> Iterator[str]:
        return self._it

    def __next__(self) -> str:
        return next(self._it)

    def read(self) -> str:
        parts: list[str] = []
        try:
            parts.extend(self._it)
        except (RecvTimeout, RecvReset) as e:
            e.text = "".join(parts) + e.text
            raise
        return "".join(parts)

    @property
    def problems(self) -> list[Unit]:
        return self.decoder.problems

    @property
    def tail(self) -> Unit | None:
        return self.decoder.tail

    @property
    def bytes_read(self) -> int:
        return self.decoder.bytes_in


def iter_text(source: ByteSource, encoding: str = "utf-8", errors: str = "strict", *,
              chunk_size: int = DEFAULT_CHUNK, max_bytes: int | None = None) -> TextStream:
    """Decode a socket, binary file or iterable of byte chunks into text pieces, lazily."""
    return TextStream(source, encoding, errors, chunk_size=chunk_size, max_bytes=max_bytes)


def read_text(source: ByteSource, encoding: str = "utf-8", errors: str = "strict", *,
              chunk_size: int = DEFAULT_CHUNK, max_bytes: int = DEFAULT_MAX_READ) -> str:
    """Everything until end of stream as one string; raises InputError past ``max_bytes``."""
    stream = TextStream(source, encoding, errors, chunk_size=chunk_size, max_bytes=max_bytes)
    text = stream.read()
    if stream.limited:
        raise InputError(f"more than max_bytes={max_bytes} bytes; use iter_text() to stream it")
    return text


class RecvTimeout(CodecscopeError, TimeoutError):
    """A reader ran out of time (``timeout``, ``deadline``, or a socket's own timeout).  Nothing
    received is lost: ``text`` is everything that decoded before the wait ran out (for the
    iterators: what they had not yielded yet) and ``pending`` the bytes of a character, or for
    the message readers of a message, still incomplete."""

    def __init__(self, message: str, text: str = "", pending: bytes = b"") -> None:
        super().__init__(message)
        self.text = text
        self.pending = pending


class RecvReset(CodecscopeError, ConnectionResetError):
    """The peer reset (or aborted) the connection while a reader was receiving.  A
    ``ConnectionResetError``; like :class:`RecvTimeout`, ``text`` and ``pending`` hold everything
    received, so nothing is lost."""

    def __init__(self, message: str, text: str = "", pending: bytes = b"") -> None:
        super().__init__(message)
        self.text = text
        self.pending = pending


def _cut_tail(raw: bytes, encoding: str) -> Unit | None:
    """The incomplete character ``raw`` ends with, if it ends inside one."""
    dec = StreamDecoder(encoding, "replace")
    dec.decode(raw, final=True)
    return dec.tail


def recv_text(sock: socket.socket, encoding: str = "utf-8", errors: str = "strict", *,
              chunk_size: int = DEFAULT_CHUNK, max_bytes: int = DEFAULT_MAX_READ,
              timeout: float | None = None, deadline: float | None = None) -> str:
    """The fix for ``sock.recv(1024).decode()``: receive a reply and decode it correctly.

    Without ``timeout`` it reads until the peer closes (or, on a socket that has a timeout of its
    own, until that timeout).  With ``timeout`` a pause also ends the reply: once something has arrived and the peer then sends nothing for ``timeout`` seconds, the
    text so far is returned and the connection stays open.  That is the request/response pattern
    of the tutorials, where the server greets, then waits for the client before it closes.  A
    character cut by the pause gets one more ``timeout`` to complete.  ``deadline`` bounds the whole
    call (seconds), however the peer drips its bytes.

    Raises :class:`RecvTimeout` (a ``TimeoutError``) when nothing arrived within ``timeout``, when
    the deadline passes, or when a cut character never completes, and :class:`RecvReset` when the
    peer resets the connection; their ``text`` and ``pending`` hold everything that did arrive.
    The socket's own timeout is restored afterwards.
    """
    if not (hasattr(sock, "recv") and hasattr(sock, "gettimeout")):
        raise InputTypeError(f"recv_text() needs a socket, not {type(sock).__name__}")
    validation.number(timeout, "timeout", none=True)
    validation.number(deadline, "deadline", none=True)
    _check_args(chunk_size, max_bytes)
    info = registry.get(encoding)
    _error_handler(errors)
    old = sock.gettimeout()
    pause = timeout if timeout is not None else old   # a socket's own timeout counts as a pause
    end = None if deadline is None else time.monotonic() + deadline
    raw = bytearray()

    def give_up(why: str, kind: type[RecvTimeout] | type[RecvReset] = RecvTimeout) -> RecvTimeout | RecvReset:
        tail = _cut_tail(bytes(raw), info.name)
        cut = tail.offset if tail is not None else len(raw)
        text = bytes(raw[:cut]).decode(info.name, "replace" if errors == "strict" else errors)
        return kind(why, text, bytes(raw[cut:]))

    extra = False
    try:
        while True:
            wait = pause
            if end is not None:
                left = end - time.monotonic()
                if left <= 0:
                    raise give_up(f"no end of the reply within the deadline of {deadline:g} s "
                                  f"({len(raw)} bytes received)")
                wait = left if wait is None else min(wait, left)
            sock.settimeout(wait)
            try:
                chunk = sock.recv(min(chunk_size, max_bytes + 1 - len(raw)))
            except (socket.timeout, TimeoutError):
                if end is not None and time.monotonic() >= end:
                    continue  # the deadline, not a pause: reported at the top of the loop
                if not raw:
                    raise RecvTimeout(f"nothing arrived within {pause:g} s") from None
                if _cut_tail(bytes(raw), info.name) is not None:
                    assert pause is not None  # the wait that ran out was a pause, not the deadline
                    if extra:
                        raise give_up(f"the peer paused inside a character for {2 * pause:g} s") from None
                    extra = True
                    continue
                break
            except ConnectionError as e:
                raise give_up(f"the peer reset the connection ({e.strerror or e}) after {len(raw)} bytes",
                              RecvReset) from None
            if not chunk:
                break
            raw += chunk
            extra = False
            if len(raw) > max_bytes:
                raise InputError(f"more than max_bytes={max_bytes} bytes; use iter_text() to stream it")
    finally:
        sock.settimeout(old)
    return read_text(bytes(raw), info.name, errors, chunk_size=max(chunk_size, len(raw) or 1),
                     max_bytes=max_bytes)


async def aiter_text(reader: AsyncReader, encoding: str = "utf-8", errors: str = "strict", *,
                     chunk_size: int = DEFAULT_CHUNK, max_bytes: int | None = None,
                     decoder: StreamDecoder | None = None, timeout: float | None = None,
                     deadline: float | None = None) -> AsyncIterator[str]:
    """Decode an ``asyncio.StreamReader`` (anything with ``async read(n)``) into text pieces.

    ``timeout`` and ``deadline`` work as in :func:`recv_text`: a pause of ``timeout`` seconds
    once something has arrived ends the text (the connection stays open); :class:`RecvTimeout`
    when nothing arrived within ``timeout``, when the ``deadline`` passes or when a cut character
    never completes, :class:`RecvReset` on a reset, each with the bytes of an unfinished character
    in ``pending``.  Pass your own ``decoder`` to inspect ``.problems`` / ``.tail`` afterwards.
    """
    _check_args(chunk_size, max_bytes)
    dec = decoder or StreamDecoder(encoding, errors)
    try:
        # the same test as recv_text's: do the bytes held back end inside a character?
        async for chunk in _achunks(reader, chunk_size, max_bytes, timeout, deadline,
                                    lambda: _cut_tail(dec.pending, dec.encoding) is not None):
            text = dec.decode(chunk)
            if text:
                yield text
    except (RecvTimeout, RecvReset) as e:
        e.pending = dec.pending   # the pieces already yielded hold all the rest
        raise
    text = dec.finish()
    if text:
        yield text


async def _achunks(reader: AsyncReader, chunk_size: int, max_bytes: int | None, timeout: float | None = None,
                   deadline: float | None = None, inside: Callable[[], bool] = bool) -> AsyncIterator[bytes]:
    """Chunks from ``await reader.read(n)`` until EOF, never more than ``max_bytes`` in all, and
    with ``timeout`` / ``deadline`` until a pause between units (``inside()`` says whether the
    bytes so far end inside one) or the deadline (see :func:`aiter_text`)."""
    import asyncio

    validation.number(timeout, "timeout", none=True)
    validation.number(deadline, "deadline", none=True)
    end = None if deadline is None else time.monotonic() + deadline
    left = max_bytes
    got = extra = False
    while left is None or left > 0:
        wait = timeout
        if end is not None:
            rest = end - time.monotonic()
            if rest <= 0:
                raise RecvTimeout(f"no end of the stream within the deadline of {deadline:g} s")
            wait = rest if wait is None else min(wait, rest)
        read = reader.read(chunk_size if left is None else min(chunk_size, left))
        try:
            # a cancelled StreamReader.read() consumes nothing: the bytes stay for the next read
            chunk = await (read if wait is None else asyncio.wait_for(read, wait))
        except (asyncio.TimeoutError, TimeoutError):
            if end is not None and time.monotonic() >= end:
                continue   # the deadline, not a pause: reported at the top of the loop
            assert timeout is not None   # the wait that ran out was a pause
            if not got:
                raise RecvTimeout(f"nothing arrived within {timeout:g} s") from None
            if inside():
                if extra:
                    raise RecvTimeout(f"the peer paused inside a character for {2 * timeout:g} s") from None
                extra = True
                continue
            return   # a pause between characters ends the text
        except ConnectionError as e:
            raise RecvReset(f"the peer reset the connection ({e.strerror or e})") from None
        if not chunk:
            return
        got, extra = True, False
        if left is not None:
            left -= len(chunk)
        yield chunk


async def aread_text(reader: AsyncReader, encoding: str = "utf-8", errors: str = "strict", *,
                     chunk_size: int = DEFAULT_CHUNK, max_bytes: int = DEFAULT_MAX_READ,
                     timeout: float | None = None, deadline: float | None = None) -> str:
    """Everything from an ``asyncio.StreamReader`` until EOF (or ``max_bytes``) as one string;
    ``timeout`` and ``deadline`` as in :func:`recv_text`, and the errors it raises carry
    everything decoded in ``text``."""
    parts: list[str] = []
    try:
        async for t in aiter_text(reader, encoding, errors, chunk_size=chunk_size, max_bytes=max_bytes,
                                  timeout=timeout, deadline=deadline):
            parts.append(t)
    except (RecvTimeout, RecvReset) as e:
        e.text = "".join(parts) + e.text
        raise
    return "".join(parts)


# -- framing: split bytes into messages first, then decode each message ---------------------

class LineFramer:
    """Sans-I/O newline framing for any encoding: the delimiter is searched in encoded form,
    aligned to the code unit (so UTF-16's ``0A 00`` is never found inside a character)."""

    def __init__(self, encoding: str = "utf-8", newline: str = "\n", max_line: int = 1 << 20,
                 strict: bool = True) -> None:
        self.info = registry.get(encoding)
        if not newline:
            raise InputError("newline must not be empty")
        if not isinstance(max_line, int) or isinstance(max_line, bool) or max_line < 1:
            raise InputError(f"max_line must be a positive integer, not {max_line!r}")
        self.newline = newline
        self.max_line = max_line
        self.strict = strict
        self.problems: list[str] = []   # over-long lines, when not strict
        self._cutting = False           # inside an over-long line (recorded once)
        self.unit = self.info.unit
        self._buf = bytearray()
        self._delim: bytes | None = None
        self._codec: str | None = None
        self._first = True

    def _setup(self) -> bool:
        """Decide the concrete codec once enough bytes are in to see a BOM."""
        name = self.info.name
        if name in ("utf-16", "utf-32"):
            if len(self._buf) < self.unit:
                return False
            boms = ((codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le")) \
                if name == "utf-16" else ((codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF32_LE, "utf-32-le"))
            codec = next((c for bom, c in boms if self._buf.startswith(bom)), name + "-le")
        else:
            codec = name
        self._codec = codec
        # the delimiter's bytes in this codec (the codecs with a BOM prepend one: drop it)
        enc = {"utf-8-sig": "utf-8"}.get(codec, codec)
        self._delim = self.newline.encode(enc)
        return True

    def feed(self, data: ByteChunk) -> list[bytes]:
        self._buf += data
        if self._delim is None and not self._setup():
            return []
        out: list[bytes] = []
        pos, d, u = 0, self._delim, self.unit
        assert d is not None  # _setup() chose it
        buf = self._buf
        while True:
            i = buf.find(d, pos)
            while i >= 0 and (i - pos) % u:
                i = buf.find(d, i + 1)
            # the same limit however the bytes arrived: in one read or in many
            if (i if i >= 0 else len(buf)) - pos > self.max_line:
                if self.strict:
                    raise FramingError(f"a line longer than max_line={self.max_line} bytes")
                n = self._piece(buf, pos)
                if not self._cutting and len(self.problems) < MAX_PROBLEMS:
                    self.problems.append(f"a line longer than max_line={self.max_line} bytes, delivered in "
                                         f"pieces of at most {self.max_line} bytes")
                self._cutting = True
                out.append(bytes(buf[pos:pos + n]))
                pos += n
                continue
            if i < 0:
                break
            out.append(bytes(buf[pos:i + len(d)]))
            pos = i + len(d)
            self._cutting = False
        del buf[:pos]
        return out

    def _piece(self, buf: bytearray, pos: int) -> int:
        """How many bytes of an over-long line to deliver: at most max_line, whole code units, and
        not inside a character where the codec lets us see one."""
        n = max(self.max_line - self.max_line % self.unit, self.unit)
        if self.info.family != registry.STATEFUL:
            tail = _cut_tail(bytes(buf[pos:pos + n]), self._codec or self.info.name)
            if tail is not None and tail.offset > 0:
                n = tail.offset
        return n

    def finish(self) -> bytes:
        if self._delim is None:
            self._setup() if self._buf else None
        rest, self._buf = bytes(self._buf), bytearray()
        return rest


class LengthFramer:
    """Sans-I/O length-prefixed framing: a ``struct`` header giving the body length in bytes."""

    def __init__(self, header: str = "!I", max_message: int = 16 << 20) -> None:
        try:
            self._st = struct.Struct(header)
        except struct.error as e:
            raise InputError(f"bad header format {header!r}: {e}") from None
        self.max_message = max_message
        self._buf = bytearray()

    def feed(self, data: ByteChunk) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        buf, h = self._buf, self._st.size
        pos = 0
        while len(buf) - pos >= h:
            (n,) = self._st.unpack_from(buf, pos)
            if n < 0 or n > self.max_message:
                raise FramingError(f"header announces {n} bytes, more than max_message={self.max_message}")
            if len(buf) - pos - h < n:
                break
            out.append(bytes(buf[pos + h:pos + h + n]))
            pos += h + n
        del buf[:pos]
        return out

    def finish(self) -> bytes:
        rest, self._buf = bytes(self._buf), bytearray()
        return rest


class Frames:
    """Iterator of decoded messages.  Each message is decoded on its own, so an error stays inside
    its message.  ``.problems`` lists invalid/truncated units (offsets are absolute in the stream)
    and framing problems; with ``errors="strict"`` they raise instead."""

    def __init__(self, framer: LineFramer | LengthFramer, encoding: str, errors: str, keepends: bool = True) -> None:
        self.info = registry.get(encoding)
        self.errors = errors
        _error_handler(errors)  # reject an unknown policy before any data arrives
        self.framer = framer
        self.keepends = keepends
        self.problems: list[Unit] = []
        self.framing_problems: list[str] = []
        if isinstance(framer, LineFramer):   # it cuts over-long lines itself, under our policy
            framer.strict = errors == "strict"
            self.framing_problems = framer.problems
        self.offset = 0
        self.count = 0

    def _codec(self) -> str:
        name = self.info.name
        if self.count == 0 or not isinstance(self.framer, LineFramer):
            return name  # length-prefixed messages stand alone; the first line may carry a BOM
        if name == "utf-8-sig":
            return "utf-8"
        return self.framer._codec or name  # later lines keep the byte order the BOM chose

    def decode(self, raw: bytes) -> str:
        """Decode one whole message (a cut sequence at its end is a problem, not held back)."""
        dec = StreamDecoder(self._codec(), self.errors)
        try:
            text = dec.decode(raw, final=True)
        except StreamDecodeError as e:  # offsets inside one message -> offsets in the stream
            raise StreamDecodeError(e.unit._replace(offset=self.offset + e.unit.offset), bytes(e.object),
                                    self.offset + e.context_start) from None
        finally:
            for u in dec.problems[:MAX_PROBLEMS - len(self.problems)]:
                self.problems.append(u._replace(offset=self.offset + u.offset, encoding=self.info.name))
        self.offset += len(raw)
        self.count += 1
        if not self.keepends and isinstance(self.framer, LineFramer) and text.endswith(self.framer.newline):
            text = text[:-len(self.framer.newline)]
        return text

    def feed(self, chunk: ByteChunk) -> Iterator[str]:
        """The messages ``chunk`` completes, decoded (a length prefix counted in the offsets)."""
        for raw in self.framer.feed(chunk):
            if isinstance(self.framer, LengthFramer):
                self.offset += self.framer._st.size
            yield self.decode(raw)

    def begun(self) -> bytes:
        """The bytes of the message begun and not finished, header included."""
        return bytes(self.framer._buf)

    def end(self, rest: bytes) -> list[str]:
        """Whatever the stream ended with: a last line without newline, or a cut message."""
        if not rest:
            return []
        if isinstance(self.framer, LengthFramer):
            h = self.framer._st.size
            msg = (f"stream ended inside a message header ({len(rest)} of {h} bytes)" if len(rest) < h else
                   f"stream ended inside a message: header said {self.framer._st.unpack_from(rest)[0]} bytes, "
                   f"got {len(rest) - h}")
            if self.errors == "strict":
                raise FramingError(msg)
            self.framing_problems.append(msg)
            if len(rest) < h:
                return []
            self.offset += h
            rest = rest[h:]
        return [self.decode(rest)]

    def __iter__(self) -> Frames:
        return self


class _SyncFrames(Frames):
    def __init__(self, source: ByteSource, framer: LineFramer | LengthFramer, encoding: str, errors: str,
                 keepends: bool, chunk_size: int, max_bytes: int | None) -> None:
        super().__init__(framer, encoding, errors, keepends)
        _check_args(chunk_size, max_bytes)
        self.limited = False
        self._it = self._gen(_chunks(source, chunk_size, max_bytes, self))

    def _gen(self, chunks: Iterable[ByteChunk]) -> Iterator[str]:
        try:
            for chunk in chunks:
                yield from self.feed(chunk)
        except (RecvTimeout, RecvReset) as e:
            e.pending = self.begun()
            raise
        yield from self.end(self.framer.finish())

    def __next__(self) -> str:
        return next(self._it)


def iter_lines(source: ByteSource, encoding: str = "utf-8", errors: str = "strict", *, newline: str = "\n",
               keepends: bool = False, chunk_size: int = DEFAULT_CHUNK, max_line: int = 1 << 20,
               max_bytes: int | None = None) -> _SyncFrames:
    """Newline-delimited messages from a socket/file/iterable, each decoded after framing."""
    return _SyncFrames(source, LineFramer(encoding, newline, max_line), encoding, errors, keepends,
                       chunk_size, max_bytes)


def iter_messages(source: ByteSource, encoding: str = "utf-8", errors: str = "strict", *, header: str = "!I",
                  chunk_size: int = DEFAULT_CHUNK, max_message: int = 16 << 20,
                  max_bytes: int | None = None) -> _SyncFrames:
    """Length-prefixed messages (``header`` is a struct format, default 4-byte big-endian)."""
    return _SyncFrames(source, LengthFramer(header, max_message), encoding, errors, True,
                       chunk_size, max_bytes)


async def _aframes(reader: AsyncReader, frames: Frames, chunk_size: int, max_bytes: int | None,
                   timeout: float | None, deadline: float | None) -> AsyncIterator[str]:
    _check_args(chunk_size, max_bytes)
    try:
        async for chunk in _achunks(reader, chunk_size, max_bytes, timeout, deadline,
                                    lambda: bool(frames.framer._buf)):
            for text in frames.feed(chunk):
                yield text
    except (RecvTimeout, RecvReset) as e:
        e.pending = frames.begun()
        raise
    for text in frames.end(frames.framer.finish()):
        yield text


def aiter_lines(reader: AsyncReader, encoding: str = "utf-8", errors: str = "strict", *, newline: str = "\n",
                keepends: bool = False, chunk_size: int = DEFAULT_CHUNK, max_line: int = 1 << 20,
                max_bytes: int | None = None, frames: Frames | None = None, timeout: float | None = None,
                deadline: float | None = None) -> AsyncIterator[str]:
    """Async form of :func:`iter_lines` for an ``asyncio.StreamReader``; ``timeout`` and
    ``deadline`` as in :func:`aiter_text`, a pause ending the lines only between lines."""
    frames = frames or Frames(LineFramer(encoding, newline, max_line), encoding, errors, keepends)
    return _aframes(reader, frames, chunk_size, max_bytes, timeout, deadline)


def aiter_messages(reader: AsyncReader, encoding: str = "utf-8", errors: str = "strict", *, header: str = "!I",
                   chunk_size: int = DEFAULT_CHUNK, max_message: int = 16 << 20,
                   max_bytes: int | None = None, frames: Frames | None = None, timeout: float | None = None,
                   deadline: float | None = None) -> AsyncIterator[str]:
    """Async form of :func:`iter_messages`; ``timeout`` and ``deadline`` as in :func:`aiter_lines`."""
    frames = frames or Frames(LengthFramer(header, max_message), encoding, errors)
    return _aframes(reader, frames, chunk_size, max_bytes, timeout, deadline)


# -- boundary analysis -----------------------------------------------------------------------

def _naive(chunk: bytes, codec: str) -> str | None:
    """The exact exception a naive ``chunk.decode(codec)`` raises, or None."""
    try:
        chunk.decode(codec)
    except UnicodeDecodeError as e:
        return f"UnicodeDecodeError: {e}"
    return None


@dataclass(frozen=True)
class Cut:
    '''One chunk edge that falls inside a character (``kind="split"``) or, for a stateful codec,
    between characters while shifted (``kind="state"``: the next chunk loses the shift) or inside
    the escape sequence that shifts into the next character (``kind="escape"``).'''

    edge: int            # absolute offset of the chunk edge
    chunk: int           # index of the chunk that ends at the edge
    kind: str
    char: str            # the character the edge cuts (or the first one after it)
    char_offset: int
    raw: bytes           # the character's bytes
    left: bytes          # its bytes before the edge
    right: bytes         # its bytes after the edge
    error_left: str | None    # what decoding the chunk that ends here raises on its own
    error_right: str | None   # what decoding the chunk that starts here raises on its own
    replaced: str        # what errors="replace" per chunk makes of this character

    def to_dict(self) -> dict[str, Any]:
        return {"edge": self.edge, "chunk": self.chunk, "kind": self.kind, "char": self.char,
                "codepoint": f"U+{ord(self.char):04X}" if len(self.char) == 1 else None,
                "char_offset": self.char_offset, "bytes": self.raw.hex(" ").upper(),
                "left": self.left.hex(" ").upper(), "right": self.right.hex(" ").upper(),
                "error_left": self.error_left, "error_right": self.error_right,
                "replaced": self.replaced}

    def describe(self) -> str:
        def h(b: bytes) -> str:
            return b.hex(" ").upper() or "-"

        if self.kind == "escape":
            return Msg("edge {edge}: cuts the escape sequence that shifts into {ch!r} ({hex}); a per-chunk "
                       "decode reads the rest as {rep!r}", edge=self.edge, ch=self.char, hex=h(self.raw),
                       rep=self.replaced)
        if self.kind == "state":
            return Msg("edge {edge}: falls between characters while the codec is shifted; the next chunk "
                       "starts {ch!r} ({hex}) without its escape sequence, so a per-chunk decode reads it "
                       "as {rep!r}", edge=self.edge, ch=self.char, hex=h(self.raw), rep=self.replaced)
        return Msg("edge {edge}: cuts {ch!r} (U+{cp:04X}, {hex}) into {left} | {right}; errors='replace' "
                   "gives {rep!r}", edge=self.edge, ch=self.char, cp=ord(self.char[0]), hex=h(self.raw),
                   left=h(self.left), right=h(self.right), rep=self.replaced)


@dataclass(frozen=True)
class BoundaryReport:
    """Where a given chunk size cuts characters in ``data``: see :func:`boundaries`."""

    encoding: str
    chunk_size: int
    size: int
    chunks: int
    cuts: tuple[Cut, ...]
    invalid: int   # invalid units in the data itself (not caused by chunking)
    edges: int     # interior chunk edges examined
    suggestions: tuple[str, ...] = ()   # encodings that decode the data cleanly, when it is invalid
    guessed: bool = False               # the encoding was chosen from the data (none was given)

    @property
    def ok(self) -> bool:
        return not self.cuts

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "codecscope.boundaries/1", "encoding": self.encoding, "chunk_size": self.chunk_size,
                "size": self.size,
                "chunks": self.chunks, "edges": self.edges, "ok": self.ok, "invalid_units": self.invalid,
                "suggestions": list(self.suggestions), "guessed": self.guessed,
                "cuts": [c.to_dict() for c in self.cuts]}

    def _head(self) -> str:
        how = (_("no edge cuts a character") if self.ok else
               _("{n} of {edges} edge(s) cut a character").format(n=len(self.cuts), edges=self.edges))
        return _("{size} bytes of {enc} in {chunks} chunk(s) of {chunk}: {how}").format(
            size=self.size, enc=self.encoding, chunks=self.chunks, chunk=self.chunk_size, how=how)

    def _notes(self) -> list[str]:
        lines: list[str] = []
        if self.guessed and self.encoding != "utf-8":
            lines.append(_("note: read as {enc}: the bytes are not valid UTF-8 and decode cleanly as {enc} "
                           "(name the encoding to choose another)").format(enc=self.encoding))
        if self.invalid:
            lines.append(_("note: the data itself has {n} invalid unit(s) in {enc}, so cuts found in it mean "
                           "little").format(n=self.invalid, enc=self.encoding)
                         + (_("; it decodes cleanly as {encs}: try that encoding").format(
                             encs=", ".join(self.suggestions)) if self.suggestions else ""))
        return lines

    def __str__(self) -> str:
        lines = [self._head(), *self._notes()]
        for c in self.cuts[:50]:
            lines.append("  " + localize(c.describe()))
            if c.error_left:
                lines.append("      " + _("chunk {k} alone raises {error}").format(k=c.chunk, error=c.error_left))
            if c.error_right:
                lines.append("      " + _("chunk {k} alone raises {error}").format(k=c.chunk + 1,
                                                                                   error=c.error_right))
        if len(self.cuts) > 50:
            lines.append("  … " + _("{n} more").format(n=len(self.cuts) - 50))
        if not self.ok:
            lines.append(_("fix: decode with an incremental decoder, e.g. codecscope.stream.iter_text(sock, "
                           "{enc!r}), or frame messages before decoding").format(enc=self.encoding))
        return "\n".join(lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        yield Text(self._head())   # Text, not str: a character such as '[' is not rich markup
        yield from (Text(n) for n in self._notes())
        if self.cuts:
            from .render import table_or_records

            yield from table_or_records(
                options, [_(h) for h in (N_("edge"), N_("char"), N_("bytes"), N_("left | right"), N_("naive decode"),
                                         N_("errors=replace"))],
                [(str(c.edge), repr(c.char), c.raw.hex(" ").upper(),
                  f"{c.left.hex(' ').upper() or '-'} | {c.right.hex(' ').upper() or '-'}",
                  c.error_left or c.error_right or _("(no exception: silent)"), repr(c.replaced)) for c in self.cuts[:200]])

    def _repr_html_(self) -> str:
        from .render import html_of

        return html_of(self)


def boundaries(data: bytes | bytearray | memoryview, chunk_size: int = 1024, encoding: str | None = "utf-8") -> BoundaryReport:
    """List each edge of ``chunk_size`` chunks that cuts a character of ``data`` in ``encoding``.

    ``encoding=None`` chooses: UTF-8 when the bytes are valid UTF-8, else the most plausible
    encoding that decodes them cleanly (``guessed`` is then set).  When the bytes are invalid in
    the encoding used, ``suggestions`` lists the ones that decode them cleanly.

    Built on the decode walk: the data is fed to a :class:`~codecscope.walking.Walker` chunk by chunk;
    an edge that falls inside a unit's bytes cuts that character.  For stateful codecs (ISO-2022-JP,
    HZ) an edge between two characters also breaks a per-chunk decode while the codec is shifted.
    """
    if isinstance(data, str):
        raise InputError("boundaries() needs bytes; encode the text first")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"boundaries() needs bytes, not {type(data).__name__}")
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, not {chunk_size!r}")
    data = bytes(data)
    guessed = encoding is None
    bounds = list(range(0, len(data), chunk_size)) + [len(data)] if data else [0]
    cuts, invalid, enc = find_cuts(data, bounds, encoding or "utf-8")
    suggestions: tuple[str, ...] = ()
    if invalid:
        from .explanation import SAMPLE, _clean_decoders

        suggestions = tuple(_clean_decoders(data[:SAMPLE], enc))
        if guessed and suggestions:
            cuts, invalid, enc = find_cuts(data, bounds, suggestions[0])
            suggestions = ()
    return BoundaryReport(enc, chunk_size, len(data), len(bounds) - 1, tuple(cuts), invalid,
                          max(0, len(bounds) - 2), suggestions, guessed)


def find_cuts(data: bytes, bounds: list[int], encoding: str = "utf-8") -> tuple[list[Cut], int, str]:
    """The cuts made by arbitrary chunk ``bounds`` (``[0, e1, e2, ..., len(data)]``), e.g. the
    real recv sizes a socket delivered.  Returns ``(cuts, invalid units, canonical encoding)``."""
    import bisect

    walker = Walker(encoding)
    enc = walker.encoding
    stateful = walker.info.family == registry.STATEFUL
    nchunks = len(bounds) - 1
    inner_edges = bounds[1:-1]
    edge_set = set(inner_edges)
    naive_cache: dict[int, str | None] = {}

    def naive(k: int) -> str | None:
        if k not in naive_cache:
            naive_cache[k] = _naive(data[bounds[k]:bounds[k + 1]], enc) if 0 <= k < nchunks else None
        return naive_cache[k]

    def edges_in(a: int, b: int) -> list[int]:
        return inner_edges[bisect.bisect_right(inner_edges, a):bisect.bisect_left(inner_edges, b)]

    def make(kind: str, e: int, c: Unit) -> Cut:
        codec = getattr(walker, "codec", enc)
        cut_at = [x - c.offset for x in edges_in(c.offset, c.end)]
        pieces = [c.raw[a:b] for a, b in zip([0, *cut_at], [*cut_at, len(c.raw)])]
        rep = "".join(p.decode(codec, "replace") for p in pieces)
        k = bisect.bisect_left(bounds, e) - 1
        left, right = (c.raw[:e - c.offset], c.raw[e - c.offset:]) if kind == "split" else (b"", c.raw)
        if kind == "escape":
            rep = data[e:c.end].decode(enc, "replace")
        return Cut(e, k, kind, c.text, c.offset, c.raw, left, right, naive(k), naive(k + 1), rep)

    def units() -> Iterator[Unit]:
        for k in range(nchunks):
            yield from walker.feed(data[bounds[k]:bounds[k + 1]])
        yield from walker.finish()

    cuts: list[Cut] = []
    invalid = 0
    shifted = False
    shift_edges: list[int] = []   # edges inside an escape sequence, reported with the next character
    for u in units():
        if not u.ok:
            invalid += 1
            continue
        if u.kind == SHIFT:
            shifted = not u.raw.endswith((b"\x1b(B", b"\x1b(J", b"~}"))
            shift_edges.extend(edges_in(u.offset, u.end))
            continue
        if u.kind not in ("run", "char"):
            continue
        if stateful:
            first = next(split_run(u))
            for e in shift_edges:
                cuts.append(make("escape", e, first))
            shift_edges = []
            if shifted and u.offset in edge_set:
                cuts.append(make("state", u.offset, first))
        inner = edges_in(u.offset, u.end)
        if inner:
            it = split_run(u)
            c = next(it)
            for e in inner:
                while c.end <= e:
                    c = next(it)
                if c.offset < e:
                    cuts.append(make("split", e, c))
    cuts.sort(key=lambda c: c.edge)
    return cuts, invalid, enc


# -- loss evidence: U+FFFD left by per-chunk decoding ------------------------------------------

_FFFD = b"\xef\xbf\xbd"
MAX_RUNS = 10000   # runs examined (each is a find() at C speed)


@dataclass(frozen=True)
class ReplacementLoss:
    """U+FFFD REPLACEMENT CHARACTERs (``EF BF BD``) found in bytes: characters lost for good by an
    earlier decode with ``errors='replace'``.  ``runs`` are ``(offset, count)`` in the bytes;
    ``read_size`` is set when the cut characters sit at multiples of one read size in the
    original stream: the sign of per-chunk decoding (``recv(n).decode(errors='replace')``)."""

    count: int
    runs: tuple[tuple[int, int], ...]
    read_size: int | None

    @property
    def cause(self) -> str:
        if self.read_size:
            return Msg("per-chunk decoding with errors='replace': the lost characters sat at multiples of {n} "
                       "bytes of the original stream, where each read of {n} bytes ended inside a character",
                       n=self.read_size)
        return Msg("a decode with errors='replace': per-chunk decoding of a stream (each chunk decoded on its "
                   "own), or bytes that were not in the encoding they were decoded as")

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "runs": [list(r) for r in self.runs[:100]],
                "read_size": self.read_size, "cause": self.cause}


def replacement_loss(data: bytes | mmap.mmap) -> ReplacementLoss | None:
    """Find U+FFFD in UTF-8 ``data`` and infer how they got there (see :class:`ReplacementLoss`)."""
    runs: list[tuple[int, int]] = []
    total = 0
    i = data.find(_FFFD)
    while i >= 0 and len(runs) < MAX_RUNS:
        n = 1
        while data[i + 3 * n:i + 3 * n + 3] == _FFFD:   # slicing works on bytes and mmap alike
            n += 1
        runs.append((i, n))
        total += n
        i = data.find(_FFFD, i + 3 * n)
    if not runs:
        return None
    # Where each cut fell in the original stream.  A character of n bytes cut after a bytes comes
    # out as one U+FFFD for the incomplete head and one per stray continuation byte: r = 1 + (n - a).
    edges, shrink = [], 0
    for off, r in runs:
        n = 4 if r >= 4 else 3
        if r > n:   # longer runs are not one cut character
            shrink += 3 * r - n
            continue
        edges.append(off - shrink + (n + 1 - r))
        shrink += 3 * r - n
    size = None
    if len(edges) >= 2:
        size = next((s for s in (1024, 4096, 2048, 8192, 512, 16384, 65536, 256)
                     if sum(e % s == 0 for e in edges) >= max(2, 0.75 * len(edges))), None)
    return ReplacementLoss(total, tuple(runs), size)


def _loss_detector(ctx: BytesContext) -> tuple[None, list[Finding]]:
    """diagnose's bytes detector: U+FFFD in the bytes, with the likely cause (registered below)."""
    from .diagnosis import KEEP, Finding

    if ctx.data is not None:
        loss = replacement_loss(ctx.data)
    elif ctx.path is not None and ctx.size:
        import mmap

        with open(ctx.path, "rb") as f:
            try:
                with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
                    loss = replacement_loss(m)
            except (ValueError, OSError):   # not mappable (a pipe, /proc): the first block will do
                loss = replacement_loss(ctx.head)
    else:
        loss = replacement_loss(ctx.head)
    if loss is None:
        return None, []
    enc = ctx.validity[0].encoding if ctx.validity else "utf-8"
    gbk = enc in ("gbk", "gb18030", "gb2312", "cp936")
    first = Msg("characters lost for good ({count} U+FFFD in all); likely cause: {cause}", count=loss.count,
                cause=loss.cause)

    def evidence(n: int, k: int) -> Msg:
        what = Msg("{n} U+FFFD (EF BF BD); read as GBK they show as 锟斤拷", n=n) if gbk else \
            Msg("{n} U+FFFD (EF BF BD)", n=n)
        return Msg("{what}: {first}", what=what, first=first) if k == 0 else what

    return None, [Finding("replacement-char", (off, off + 3 * n), evidence(n, k), False, enc)
                  for k, (off, n) in enumerate(loss.runs[:KEEP])]


from .diagnosis import register_bytes_detector  # noqa: E402 - diagnose never imports this module

register_bytes_detector(_loss_detector)

"""A thin asyncio TCP echo server (RFC 862) and a byte-exact round-trip tester for any echo server.

Server modes:

* ``echo``      – byte-exact echo (the correct server);
* ``naive``     – reproduces the tutorial bug on purpose: every recv chunk is decoded on its own
                  with ``errors="replace"`` and re-encoded, so a character cut at a recv edge comes
                  back as U+FFFD;
* ``transcode`` – decodes UTF-8 correctly (incrementally) but sends the text back in another
                  encoding (``to``, default GBK): the "server sends GBK to a UTF-8 client" bug.

:class:`EchoServer` runs the server in a background thread (a context manager for tests and
notebooks); :func:`serve` is the asyncio entry point behind ``codecscope echo serve``.
:func:`roundtrip` (``codecscope echo test``) sends a battery of payloads with several chunkings and
explains the first differing byte of every mismatch.
"""

from __future__ import annotations

import asyncio
import codecs
import dataclasses
import itertools
import random
import signal
import socket
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import registry, validation
from .errors import CodecscopeError, InputError
from .i18n import N_, Msg, joined
from .walking import Unit, split_run, walk
from .notebook import FieldsHTML

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from .registry import Encoding

# a host and port as the socket module gives them
Address = tuple[str, int]
# one step of _align(): (what happened, offset in what was sent, its bytes, its character)
_Op = tuple[str, int, bytes, str]

MODES = ("echo", "naive", "transcode")
EVICT_IDLE = 1.0   # seconds of silence after which a connection may give its slot to a newcomer


class EchoConnectError(CodecscopeError, ConnectionError):
    """The round-trip tester could not connect to the echo server."""


def _check_server_args(mode: str, to: str, max_clients: int, idle_timeout: float | None,
                       max_bytes: int | None) -> str:
    if mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    to = registry.get(to).name
    if not isinstance(max_clients, int) or max_clients < 1:
        raise InputError(f"max_clients must be a positive integer, not {max_clients!r}")
    validation.number(idle_timeout, "idle_timeout", none=True)
    if max_bytes is not None and (not isinstance(max_bytes, int) or max_bytes < 1):
        raise InputError(f"max_bytes must be a positive integer or None, not {max_bytes!r}")
    return to


@dataclass
class ServerStats:
    """Live counters (mutated by the server's loop; read them after a test settles)."""

    active: int = 0
    served: int = 0
    rejected: int = 0
    idle_closed: int = 0
    limit_closed: int = 0
    evicted: int = 0          # idle connections closed to let a new client in
    bytes_in: int = 0
    bytes_out: int = 0


class _EchoProtocol(asyncio.Protocol):
    def __init__(self, core: _Core) -> None:
        self.core = core
        self.transport: asyncio.Transport | None = None
        self.count = 0
        self.out = 0
        self.last = 0.0
        self.timer: asyncio.TimerHandle | None = None
        self.dec: codecs.IncrementalDecoder | None = None
        self.enc: codecs.IncrementalEncoder | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)  # create_server makes stream transports
        core = self.core
        assert core.loop is not None  # the server is running
        if core.stats.active >= core.max_clients and not core.evict_one():
            core.stats.rejected += 1
            transport.abort()
            return
        self.transport = transport
        core.stats.active += 1
        core.stats.served += 1
        core.conns.add(self)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if core.mode == "transcode":
            self.dec = codecs.getincrementaldecoder("utf-8")("replace")
            self.enc = codecs.getincrementalencoder(core.to)("replace")
        self.last = core.loop.time()
        if core.idle_timeout:
            self.timer = core.loop.call_later(core.idle_timeout, self._idle)

    def _idle(self) -> None:
        # scheduled by a connection of a running server that has an idle timeout
        assert self.core.loop is not None and self.transport is not None and self.core.idle_timeout is not None
        left = self.last + self.core.idle_timeout - self.core.loop.time()
        if left > 0:
            self.timer = self.core.loop.call_later(left, self._idle)
            return
        self.core.stats.idle_closed += 1
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        core = self.core
        assert core.loop is not None and self.transport is not None  # connected, server running
        self.last = core.loop.time()
        limit = core.max_bytes
        if limit is not None and self.count + len(data) > limit:
            data = data[:limit - self.count]
        self.count += len(data)
        core.stats.bytes_in += len(data)
        if core.mode == "naive":
            # the bug on purpose: each recv chunk decoded on its own
            data = data.decode("utf-8", "replace").encode("utf-8")
        elif core.mode == "transcode":
            assert self.enc is not None and self.dec is not None  # made for transcode connections
            data = self.enc.encode(self.dec.decode(data))
        if limit is not None:   # the cap is on bytes echoed: a decode that grew them does not pass it
            data = data[:limit - self.out]
        self.out += len(data)
        core.stats.bytes_out += len(data)
        self.transport.write(data)
        if limit is not None and (self.count >= limit or self.out >= limit):
            core.stats.limit_closed += 1
            self.transport.close()

    def eof_received(self) -> bool:
        if self.enc is not None:
            assert self.dec is not None and self.transport is not None  # made with enc, on connecting
            tail = self.enc.encode(self.dec.decode(b"", True), True)
            if self.core.max_bytes is not None:
                tail = tail[:self.core.max_bytes - self.out]
            self.out += len(tail)
            self.core.stats.bytes_out += len(tail)
            if tail:
                self.transport.write(tail)
        return False  # close once everything is written: the client said it is done

    def pause_writing(self) -> None:
        assert self.transport is not None  # only a connection's transport pauses
        self.transport.pause_reading()

    def resume_writing(self) -> None:
        assert self.transport is not None
        self.transport.resume_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is None or self not in self.core.conns:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.core.stats.active -= 1
        self.core.conns.discard(self)


class _Core:
    def __init__(self, host: str, port: int, mode: str, to: str, max_clients: int, idle_timeout: float | None,
                 max_bytes: int | None) -> None:
        self.host, self.port, self.mode = host, port, mode
        self.to = _check_server_args(mode, to, max_clients, idle_timeout, max_bytes)
        self.max_clients, self.idle_timeout, self.max_bytes = max_clients, idle_timeout, max_bytes
        self.stats = ServerStats()
        self.conns: set[_EchoProtocol] = set()
        self.server: asyncio.Server | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def evict_one(self) -> bool:
        """At the client limit, make room by closing the connection idle the longest, if it has
        been silent for EVICT_IDLE seconds: idle connections cannot lock newcomers out."""
        if not self.conns:
            return False
        oldest = min(self.conns, key=lambda p: p.last)
        assert self.loop is not None and oldest.transport is not None  # running, and conns are connected
        if self.loop.time() - oldest.last < EVICT_IDLE:
            return False
        self.stats.evicted += 1
        oldest.transport.abort()
        oldest.connection_lost(None)  # free its slot now, not on the next loop turn
        return True

    async def start(self) -> Address:
        self.loop = asyncio.get_running_loop()
        self.server = await self.loop.create_server(lambda: _EchoProtocol(self), self.host, self.port,
                                                    reuse_address=True, backlog=max(128, self.max_clients))
        host, port = self.server.sockets[0].getsockname()[:2]
        return host, port

    async def stop(self) -> None:
        assert self.server is not None  # started
        self.server.close()
        for p in list(self.conns):
            assert p.transport is not None  # conns are connected
            p.transport.abort()
        await self.server.wait_closed()
        await asyncio.sleep(0)  # let connection_lost callbacks run


class EchoServer:
    """The echo server in a background thread: ``with EchoServer() as srv: srv.address``.

    ``idle_timeout`` closes a connection silent for that many seconds; ``max_bytes`` closes one
    after echoing that many bytes; at ``max_clients`` a newcomer takes the slot of the connection
    idle the longest (if silent for :data:`EVICT_IDLE` s), else it is refused (closed at once).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, mode: str = "echo", to: str = "gbk", *,
                 max_clients: int = 1024, idle_timeout: float | None = 60.0,
                 max_bytes: int | None = 1 << 30) -> None:
        self._core = _Core(host, port, mode, to, max_clients, idle_timeout, max_bytes)
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self.address: Address | None = None

    @property
    def stats(self) -> ServerStats:
        return self._core.stats

    @property
    def mode(self) -> str:
        return self._core.mode

    def start(self) -> EchoServer:
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._run, name="codecscope-echo", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise CodecscopeError("echo server did not start within 10 s")
        if self._error is not None:
            self._thread.join(5)
            raise self._error
        return self

    def _run(self) -> None:
        async def main() -> None:
            self._stop = asyncio.Event()
            try:
                self.address = await self._core.start()
            except BaseException as e:  # bind errors go to the caller of start()
                self._error = e
                self._ready.set()
                return
            self._ready.set()
            await self._stop.wait()
            await self._core.stop()

        asyncio.run(main())

    def close(self, timeout: float = 10.0) -> None:
        if self._thread is None:
            return
        loop = self._core.loop
        if loop is not None and self._stop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._stop.set)
            except RuntimeError:
                pass
        self._thread.join(timeout)
        self._thread = None

    def __enter__(self) -> EchoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EchoServer(address={self.address}, mode={self.mode!r})"


async def serve(host: str = "127.0.0.1", port: int = 0, mode: str = "echo", to: str = "gbk", *,
                max_clients: int = 1024, idle_timeout: float | None = 60.0, max_bytes: int | None = 1 << 30,
                on_ready: Callable[[Address], None] | None = None, stop: asyncio.Event | None = None) -> ServerStats:
    """Run the echo server until ``stop`` is set or SIGINT/SIGTERM arrives; returns the counters."""
    core = _Core(host, port, mode, to, max_clients, idle_timeout, max_bytes)
    stop = stop or asyncio.Event()
    address = await core.start()
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread, or not Unix
    try:
        if on_ready:
            on_ready(address)
        await stop.wait()
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        await core.stop()
    return core.stats


# -- the round-trip tester -----------------------------------------------------------------------

_ZH = ("黑马程序员：TCP 提供的是字节流，不是字符流。一次 recv 可能在一个汉字的中间结束，"
       "所以要用增量解码器。")
_LESSON = "第1课 "
# The chat tutorials end a conversation with "886" (拜拜, bye-bye): a server that compares what
# one recv() returned with it sees the quit word only when TCP happens to deliver it alone.
QUIT_WORD = "886"


@dataclass(frozen=True)
class Case:
    name: str
    encoding: str
    data: bytes
    messages: tuple[bytes, ...] = ()   # the data as separate messages (the "messages" chunking)


def battery(big: int = (1 << 20) + 1) -> list[Case]:
    """The standard payloads: ASCII, Chinese in UTF-8 and GBK, 4-byte emoji, combining marks,
    a BOM, NUL bytes, a short chat ending in the quit word and a payload of at least ``big`` bytes."""
    # The heading shifts the text so that reads of 512, 1024 and 2048 bytes from the start end
    # inside a character, as they do in most real text: the tutorial's recv(1024).decode() must
    # fail on the default cases with the default options (a test checks the alignment).
    zh = _LESSON + _ZH * 20
    n = -(-big // len(_ZH.encode()))
    chat = tuple(m.encode() for m in ("你好", "在吗？", "我在学 socket 编程", QUIT_WORD))
    return [
        Case("ascii", "ascii", ("The quick brown fox jumps over the lazy dog.\r\n" * 40).encode()),
        Case("zh-utf8", "utf-8", zh.encode("utf-8")),
        Case("zh-gbk", "gbk", zh.encode("gbk")),
        Case("emoji-4byte", "utf-8", ("😀👍🏽🇨🇳 👨‍👩‍👧 𠮷野家 " * 60).encode("utf-8")),
        Case("combining", "utf-8", ("e\u0301 a\u0308 n\u0303 A\u030a o\u0302\u0323 " * 60).encode("utf-8")),
        Case("bom", "utf-8", ("\ufeff" + zh).encode("utf-8")),
        Case("nul", "utf-8", ("a\x00b\x00黑\x00马\x00" * 100).encode("utf-8")),
        Case("chat", "utf-8", b"".join(chat), chat),
        Case("big", "utf-8", (_ZH * n).encode("utf-8")),
    ]


CHUNKINGS = ("whole", "bytes", "split", "random", "messages")
BYTES_MAX = 64 * 1024      # one byte per write only for payloads up to this size
SPLIT_CUTS = 32            # characters cut on purpose per payload (each followed by a short pause)
# a line of plain ASCII: when a row gets nothing back, does the server answer this?
PROBE = b"The quick brown fox jumps over the lazy dog.\r\n"
READ_SIZES = (1024, 4096, 2048, 8192, 512, 16384, 65536, 256)   # recv sizes servers commonly use


def chunk_plan(data: bytes, encoding: str, chunking: str, rng: random.Random,
               messages: tuple[bytes, ...] = ()) -> list[bytes] | None:
    """How ``data`` is written: a list of chunks, or None when the chunking does not apply."""
    if chunking == "whole":
        return [data]
    if chunking == "bytes":
        return [data[i:i + 1] for i in range(len(data))] if len(data) <= BYTES_MAX else None
    if chunking == "random":
        out, i = [], 0
        while i < len(data):
            n = rng.randint(1, 8192)
            out.append(data[i:i + n])
            i += n
        return out
    if chunking == "split":
        starts = [c.offset for u in walk(data, encoding) for c in split_run(u) if len(c.raw) > 1]
        if not starts:
            return None
        step = max(1, len(starts) // SPLIT_CUTS)
        cuts = [s + 1 for s in starts[::step][:SPLIT_CUTS]]
        return [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)])]
    if chunking == "messages":
        return list(messages) if len(messages) > 1 else None
    raise InputError(f"unknown chunking {chunking!r}; choose from {', '.join(CHUNKINGS)}")


# Stable codes for what went wrong; the words that go with them are rendered (and translated) apart.
KINDS = ("no-echo", "strict-decode", "lossy-decode", "no-close", "quit-on-message", "message-boundary",
         "partial-send", "not-server-text", "re-encoded", "unencodable", "stopped", "reset", "deadline",
         "extra-bytes", "bytes-differ", "no-reply", "silent", "stopped-reading")

FIXES = {
    "no-echo": N_("an echo server must send back what it receives: call conn.sendall(data) after each "
                  "recv() (recv only reads; nothing goes back until the server sends)"),
    "strict-decode": N_("decode with an incremental decoder (codecs.getincrementaldecoder(enc)() or "
                     "codecscope.stream.iter_text(conn)), or frame messages before decoding"),
    "lossy-decode": N_("errors='ignore'/'replace' per read only hides the cut: decode with an incremental "
                    "decoder (codecscope.stream.iter_text(conn)) instead"),
    "no-close": N_("stop on an empty read: `if not data: break`, then conn.close()"),
    "quit-on-message": N_("TCP has no message boundaries: frame messages by lines (codecscope.stream."
                       "iter_lines) or a length prefix (iter_messages), then compare whole messages"),
    "message-boundary": N_("TCP has no message boundaries: frame messages by lines (codecscope.stream."
                        "iter_lines) or a length prefix (iter_messages), then compare whole messages"),
    "partial-send": N_("use conn.sendall(data), or loop until send() has sent everything: send() returns "
                       "how many bytes it sent, which may be fewer than it was given"),
    "not-server-text": N_("if the server handles text in one encoding, test it with --encoding ENC "
                       "(roundtrip(encoding=...)), which keeps such cases apart"),
    "re-encoded": N_("send the bytes back as they came, or agree on one encoding (UTF-8) on both sides"),
    "unencodable": N_("encode in an encoding that has every character (UTF-8)"),
    "stopped": N_("read until recv() returns b'' and send back everything read before closing; if the "
                  "server stopped early, look in its output for an exception that ended the handler"),
    "reset": N_("close only after recv() returned b'' (closing with bytes unread resets the connection), "
                "catch and log exceptions in the handler, and do not set SO_LINGER to 0"),
    "deadline": N_("answer as the data arrives: a server that stops reading, or waits for all the input "
                   "before answering, stalls once the socket buffers are full"),
    "extra-bytes": N_("send back only what was received: the extra bytes come from the server (a greeting, "
                      "a prompt, a line ending added to every reply)"),
    "bytes-differ": N_("send back exactly the bytes received, without decoding and re-encoding them"),
    "no-reply": N_("if the server answers only at the end of the input, add --half-close; otherwise it must "
                   "send its reply (conn.sendall(reply)) after reading the request"),
    "stopped-reading": N_("read while you answer: a server that stops calling recv() (it reads once and then only "
                          "writes, or waits for its own reply to go out first) stalls its client once the socket "
                          "buffers are full; read in a loop, or answer as the data arrives"),
    "silent": N_("if the server waits for a request, send one: --send TEXT (and --half-close if it answers "
                 "only at the end of the input)"),
}


@dataclass(frozen=True)
class Difference(FieldsHTML):
    """What is wrong with one echo: the first byte where it differs (or where it stopped), both
    sides there, a stable ``kind`` code (see :data:`KINDS`), the evidence in words and the fix."""

    offset: int
    sent: bytes
    sent_char: str
    got: bytes
    explanation: str
    kind: str = "bytes-differ"
    fix: str = ""

    def __str__(self) -> str:
        from .render import difference_text

        return difference_text(self)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "offset": self.offset, "sent": self.sent.hex(" ").upper(),
                "sent_char": self.sent_char, "got": self.got.hex(" ").upper(),
                "explanation": self.explanation, "fix": self.fix}


def _diff(offset: int, sent: bytes, char: str, got: bytes, kind: str, why: str) -> Difference:
    return Difference(offset, sent, char, got, why, kind, FIXES.get(kind, ""))


_CANDIDATES = ("utf-8", "gbk", "gb18030", "big5", "shift_jis", "euc_kr", "cp1252", "latin-1",
               "utf-16-le", "utf-16-be")
_ENDED = {"eof": N_("then the server closed the connection"), "reset": N_("then the server reset the connection"),
          "idle": N_("then nothing more arrived before the idle timeout"),
          "limit": N_("then the read limit was reached"), "deadline": N_("then the deadline passed"),
          "open": N_("and the server kept the connection open")}
# how a read that got nothing at all ended
_SILENT = {"eof": N_("it closed the connection"), "reset": N_("it reset the connection"),
           "idle": N_("it stayed silent until the idle timeout"), "deadline": N_("the deadline passed"),
           "limit": N_("the read limit was reached"), "open": N_("it kept the connection open")}


def _common_prefix(a: bytes, b: bytes) -> int:
    """Length of the common prefix, by halving slice comparisons (C speed on megabytes)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _char_at(data: bytes, i: int, encoding: str, sync: int = 0) -> Unit | None:
    """The character unit of ``data`` (read in ``encoding`` from the boundary ``sync``) holding byte i."""
    for u in walk(data[sync:i + 8], encoding):
        if u.offset + sync <= i < u.end + sync:
            c = next((c for c in split_run(u) if c.offset + sync <= i < c.end + sync), u)
            return c._replace(offset=c.offset + sync)
    return None


def _straddles(ops: list[_Op], size: int) -> bool:
    """Most of the lost characters (a recv may return less than asked) contain a multiple of size."""
    hits = sum(o[1] // size != (o[1] + len(o[2]) - 1) // size for o in ops)
    return hits >= max(2, 0.75 * len(ops))


def _read_size(ops: list[_Op]) -> int | None:
    """A common recv size whose multiples fall inside most lost characters, if there is one."""
    return next((n for n in READ_SIZES if _straddles(ops, n)), None)


def _align(sent: bytes, got: bytes, encoding: str, cap: int = 1000) -> list[_Op] | None:
    """Explain ``got`` as ``sent`` with characters replaced by U+FFFD, characters dropped, or runs
    of bytes missing: ``[(op, offset, raw, char)]``, or None when that does not explain it."""
    ops: list[_Op] = []
    i, j, sync = 0, 0, 0
    fffd = b"\xef\xbf\xbd"
    while len(ops) < cap:
        k = _common_prefix(sent[i:], got[j:])
        i, j = i + k, j + k
        if i == len(sent) or j == len(got):
            break
        c = _char_at(sent, i, encoding, sync)
        if c is None or not c.ok:
            return None
        j -= i - c.offset
        i = c.offset
        if got.startswith(fffd, j) and c.raw != fffd:
            n = 0
            while n < max(len(c.raw), 1) and got.startswith(fffd, j):
                j, n = j + 3, n + 1
            ops.append(("replaced", c.offset, c.raw, c.text))
            i = sync = c.end
            continue
        # characters dropped whole (errors='ignore'; with tiny reads several in a row)
        dropped, at = [c], c.end
        while at < len(sent) and len(dropped) < 64:
            x = _char_at(sent, at, encoding, at)
            if x is None or not x.ok:
                dropped = []
                break
            if got.startswith(x.raw, j):   # the echo resumes with the next character
                break
            dropped.append(x)
            at = x.end
        if dropped and all(len(x.raw) > 1 for x in dropped):
            ops += [("dropped", x.offset, x.raw, x.text) for x in dropped]
            i = sync = at
            continue
        probe = got[j:j + 16]
        at = sent.find(probe, i, i + (1 << 17)) if len(probe) >= 4 else -1
        if at <= i:
            return None
        ops.append(("gap", i, sent[i:at], ""))
        i = at
    if j < len(got) or not ops:
        return None
    if i < len(sent):
        ops.append(("tail", i, sent[i:], ""))
    return ops


def _partial_reads(sent: bytes, got: bytes,
                   edges: tuple[int, ...]) -> tuple[int, int, list[tuple[int, int, int]]] | None:
    """Explain ``got`` as the first part of each read the server made, reads of one common size n
    from the start of each of our writes: ``(n, reads, [(start, length, sent_back), ...])`` for the
    reads that came back short, or None when no read size explains every byte that came back."""
    probe = 16   # bytes of the next read that must follow a short piece: chance matches are rare
    starts, ends = (0, *edges), (*edges, len(sent))
    for n in READ_SIZES:
        bounds = [b for a, e in zip(starts, ends) for b in range(a, e, n)] + [len(sent)]
        if len(bounds) > 1 << 14:
            continue
        short, j = [], 0
        for a, b in zip(bounds, bounds[1:]):
            p = _common_prefix(sent[a:b], got[j:j + b - a])
            if p < b - a:
                if b < len(sent):
                    m = got.rfind(sent[b:b + probe], j, j + p + probe)
                    if m < 0:
                        break
                    p = m - j
                short.append((a, b - a, p))
            j += p
        else:
            if short and j == len(got):
                return n, len(bounds) - 1, short
    return None


def explain_difference(sent: bytes, got: bytes, encoding: str = "utf-8", ended: str = "",
                       edges: tuple[int, ...] = (), messages: tuple[bytes, ...] = (), *,
                       echoed: bool | None = None) -> Difference | None:
    """What went wrong with one echo, from what was sent, what came back and how the read ended
    (``eof``, ``reset``, ``idle``, ``open`` = everything back but never closed, ``deadline``);
    ``edges`` are the offsets where our writes ended, ``messages`` the case's messages.
    ``echoed`` says whether the server is known to send anything back at all (plain ASCII, another
    row): False makes an empty echo ``no-echo``; only True lets a read that ends inside a character
    at byte 0 explain an empty echo (``strict-decode``).
    None when the echo is byte-exact and the server closed after our half-close."""
    info = registry.get(encoding)
    if not got and sent and echoed is False:
        return _diff(0, b"", "", b"", "no-echo",
                     Msg("the server echoed nothing, not even plain ASCII: we sent {n} bytes and none came "
                         "back ({how})", n=len(sent), how=Msg(_SILENT.get(ended, N_("the echo stopped")))))
    if sent == got:
        if ended in ("open", "deadline"):
            return _diff(len(sent), b"", "", b"", "no-close",
                         Msg("everything came back, but the server did not close the connection after we "
                             "shut down our sending side: from then on its recv() returns b'' at once, and a "
                             "loop that does not stop on b'' spins (a busy loop) or never closes the socket"))
        return None
    how = Msg(_ENDED.get(ended, N_("then the echo stopped")))
    if info.name not in ("utf-8", "ascii") and not registry.decodes(sent, "utf-8"):
        i = _common_prefix(sent, got)
        bad = next((u for u in walk(sent, "utf-8") if not u.ok), None)
        if bad is not None and bad.offset <= i + 65536:
            return _diff(i, sent[i:i + 3], "", got[i:i + 3], "not-server-text",
                         Msg("the echo differs from byte {i} ({how}); this case is {label} and not UTF-8 "
                             "(e.g. {hex} at byte {at}): a server that decodes UTF-8 text rightly rejects it, "
                             "or drops and replaces what does not fit", i=i, how=how, label=info.label,
                             hex=bad.hex(), at=bad.offset))
    if got == sent[:len(got)]:
        return _explain_stop(sent, len(got), info.name, ended, how, edges, messages, echoed)
    ops = _align(sent, got, info.name)
    if ops:
        lost = [o for o in ops if o[0] in ("replaced", "dropped")]
        if lost and not any(o[0] == "gap" for o in ops):
            o = lost[0]
            names = joined([Msg("{ch!r} at byte {at}", ch=x[3], at=x[1]) for x in lost[:3]],
                            more=len(lost) > 3)
            n = _read_size(lost)
            where = (Msg("they straddle multiples of {n} bytes: the server reads {n} bytes at a time", n=n) if n
                     else Msg("each was cut by an edge of the pieces we wrote") if edges and all(
                         any(x[1] < e < x[1] + len(x[2]) for e in edges) for x in lost) else
                     Msg("each was cut by a receive edge"))
            replaced = any(x[0] == "replaced" for x in lost)
            why = (Msg("{n} character(s) came back as U+FFFD ({names}); {where}. A per-read decode with "
                       "errors='replace' throws away a character cut between two reads",
                       n=len(lost), names=names, where=where) if replaced else
                   Msg("{n} character(s) never came back ({names}); {where}. A per-read decode with "
                       "errors='ignore' throws away a character cut between two reads",
                       n=len(lost), names=names, where=where))
            return _diff(o[1], o[2], o[3], got[o[1]:o[1] + 3] if replaced else b"", "lossy-decode", why)
    part = _partial_reads(sent, got, edges)
    if part:
        n, reads, short = part
        a, size, m = short[0]
        return _diff(a + m, sent[a + m:a + m + 3], "", b"", "partial-send",
                     Msg("the server sent back only part of what it read: {short} of {reads} reads of up to {n} "
                         "bytes came back short (the read of bytes {a}–{last} came back as its first {m} bytes); "
                         "{missing} of {total} bytes are missing in all. send() may send only part of what it is "
                         "given, and returns how many bytes it sent",
                         short=len(short), reads=reads, n=n, a=a, last=a + size - 1, m=m,
                         missing=len(sent) - len(got), total=len(sent)))
    if ops and any(o[0] == "gap" for o in ops) and len(got) < len(sent):
        at = next(o[1] for o in ops if o[0] == "gap")
        return _diff(at, sent[at:at + 3], "", b"", "partial-send",
                     Msg("{missing} of {total} bytes are missing: the echo is exact up to byte {at}, then goes on "
                         "with a later part of what we sent: part of a read was not sent back (send() may send "
                         "only part of what it is given)", missing=len(sent) - len(got), total=len(sent), at=at))
    return _explain_changed(sent, got, info, ended)


def _explain_stop(sent: bytes, i: int, enc: str, ended: str, how: str, edges: tuple[int, ...],
                  messages: tuple[bytes, ...], echoed: bool | None) -> Difference:
    """The echo is a prefix of what was sent: why did it stop at byte ``i``?"""
    missing = len(sent) - i
    if messages and len(messages) > 1 and missing == len(messages[-1]) and ended in ("eof", "reset", "idle"):
        last = messages[-1].decode("utf-8", "replace")
        return _diff(i, messages[-1][:8], last, b"", "quit-on-message",
                     Msg("the server closed right after the message {last!r} arrived alone, without "
                         "echoing it: it compares what one recv() returned with {last!r}", last=last))
    c = _char_at(sent, i, enc) if i < len(sent) else None
    # an empty echo is a strict decode only when the server is known to echo other text
    if ended in ("eof", "reset", "idle") and c is not None and c.offset == i and (i or echoed):
        cut = None
        for e in edges:
            if i < e < len(sent) and e - i <= 65536:
                x = _char_at(sent, e, enc, i)
                if x is not None and x.offset < e:
                    cut = Msg("the piece we wrote ended at byte {e}, inside {ch!r} ({left} | {right})", e=e,
                              ch=x.text, left=x.raw[:e - x.offset].hex(" ").upper(),
                              right=x.raw[e - x.offset:].hex(" ").upper())
                    break
        for n in READ_SIZES:
            if cut is None and i % n == 0 and i + n < len(sent):
                x = _char_at(sent, i + n, enc, i)
                if x is not None and x.offset < i + n:
                    cut = Msg("a recv({n}) from byte {i} ends at byte {e}, inside {ch!r} ({left} | {right})",
                              n=n, i=i, e=i + n, ch=x.text, left=x.raw[:i + n - x.offset].hex(" ").upper(),
                              right=x.raw[i + n - x.offset:].hex(" ").upper())
        if cut and not i:
            return _diff(i, c.raw, c.text, b"", "strict-decode",
                         Msg("the server echoes plain ASCII, but none of these {n} bytes came back ({how}); {cut}: "
                             "a strict per-read decode (recv(n).decode()) raises UnicodeDecodeError on such a read, "
                             "and the server stopped answering", n=len(sent),
                             how=Msg(_SILENT.get(ended, N_("the echo stopped"))), cut=cut))
        if cut:
            return _diff(i, c.raw, c.text, b"", "strict-decode",
                         Msg("the server echoed {i} of {n} bytes, all whole characters, {how}; {cut}: a "
                             "strict per-read decode (recv(n).decode()) raises UnicodeDecodeError on such a "
                             "read, and the server stopped answering", i=i, n=len(sent), how=how, cut=cut))
    if ended == "deadline":
        return _diff(i, sent[i:i + 3], "", b"", "deadline",
                     Msg("{missing} of {n} bytes never came back after byte {i}: the deadline passed (the "
                         "server stopped reading or answers very slowly)", missing=missing, n=len(sent), i=i))
    return _diff(i, sent[i:i + 3], c.text if c is not None and c.ok else "", b"", "stopped",
                 Msg("{missing} of {n} bytes never came back after byte {i}: {how}", missing=missing,
                     n=len(sent), i=i, how=how))


def _explain_changed(sent: bytes, got: bytes, info: Encoding, ended: str) -> Difference:
    n = min(len(sent), len(got))
    i = _common_prefix(sent, got)
    if i == n:
        return _diff(i, b"", "", got[i:i + 8], "extra-bytes",
                     Msg("{n} extra bytes came back after everything sent", n=len(got) - len(sent)))
    unit = _char_at(sent, i, info.name)
    start = unit.offset if unit else i
    raw = unit.raw if unit else sent[i:i + 1]
    ch = unit.text if unit and unit.ok else ""
    rest = got[start:]
    if rest.startswith(b"\xef\xbf\xbd"):
        return _diff(start, raw, ch, rest[:3], "not-server-text" if not registry.decodes(sent, "utf-8") else "bytes-differ",
                     Msg("the server decoded bytes that are not UTF-8 as UTF-8 and replaced them (U+FFFD)"))
    if ch:
        for cand in _CANDIDATES:
            if registry.get(cand).name == info.name:
                continue
            try:
                enc = ch.encode(cand)
            except UnicodeEncodeError:
                continue
            if enc != raw and rest.startswith(enc):
                label = registry.get(cand).label
                return _diff(start, raw, ch, enc, "re-encoded", Msg("that is {ch!r} in {label}: the server "
                                                                   "re-encoded the text as {label}", ch=ch,
                                                                   label=label))
        if rest[:1] == b"?" and raw != b"?":
            return _diff(start, raw, ch, b"?", "unencodable", Msg("the server could not encode the character "
                                                                  "and replaced it with '?'"))
    return _diff(start, raw, ch, rest[:max(len(raw), 1)], "bytes-differ", Msg("the bytes differ"))


@dataclass(frozen=True)
class CaseResult(FieldsHTML):
    case: str
    encoding: str
    chunking: str
    clients: int
    writes: int
    sent: int                  # bytes per client
    received: int              # bytes received by the worst client
    match: bool                # every client got every byte back
    difference: Difference | None
    latency_ms: float          # median time to the first echoed byte
    seconds: float             # wall time for all clients
    throughput: float          # MiB/s echoed, all clients
    ended: str                 # how the first failing (or the last) client's read ended
    counted: bool = True       # False: the case is not text in the declared encoding (kept apart)

    @property
    def ok(self) -> bool:
        """Byte-exact, and the server closed after our half-close."""
        return self.difference is None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {k: getattr(self, k) for k in ("case", "encoding", "chunking", "clients", "writes", "sent",
                                           "received", "match", "ok", "latency_ms", "seconds", "throughput",
                                           "ended", "counted")}
        d["difference"] = self.difference.to_dict() if self.difference else None
        return d


@dataclass(frozen=True)
class Cause(FieldsHTML):
    """One reason the server failed, over all rows: a stable ``kind``, how many rows show it, the
    evidence of the first one and the fix."""

    kind: str
    rows: int
    example: str
    evidence: str
    fix: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "rows": self.rows, "example": self.example, "evidence": self.evidence,
                "fix": self.fix}


@dataclass(frozen=True)
class RoundTripReport:
    host: str
    port: int
    results: tuple[CaseResult, ...] = field(default_factory=tuple)
    encoding: str | None = None   # the server's declared text encoding, if any
    stopped_early: bool = False   # nothing came back, not even ASCII: the other rows were not run

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results if r.counted)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    @property
    def causes(self) -> tuple[Cause, ...]:
        """The failure classes, most frequent first."""
        groups: dict[str, list[CaseResult]] = {}
        for r in self.results:
            if r.difference is not None and r.counted:
                groups.setdefault(r.difference.kind, []).append(r)
        out: list[Cause] = []
        for kind, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            first = rows[0]
            assert first.difference is not None  # grouped by it
            out.append(Cause(kind, len(rows), f"{first.case}/{first.chunking}", first.difference.explanation,
                             first.difference.fix))
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "codecscope.echo-test/1", "host": self.host, "port": self.port, "ok": self.ok,
                "encoding": self.encoding, "stopped_early": self.stopped_early,
                "results": [r.to_dict() for r in self.results], "causes": [c.to_dict() for c in self.causes]}

    def __str__(self) -> str:
        from .render import roundtrip_text

        return roundtrip_text(self)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from .render import roundtrip_rich

        yield from roundtrip_rich(self, options)

    def _repr_html_(self) -> str:
        from .render import html_of

        return html_of(self)


@dataclass
class _Seen:
    """What one client saw; filled as it goes, so a deadline keeps what arrived."""

    got: bytearray = field(default_factory=bytearray)
    ended: str = ""
    connected: bool = False
    first: float | None = None


async def _client(host: str, port: int, data: bytes, chunks: list[bytes], pause: float, timeout: float,
                  idle: float, lockstep: bool) -> tuple[bytes, str, float | None, float]:
    seen = _Seen()
    t0 = time.perf_counter()
    try:
        await asyncio.wait_for(_talk(seen, host, port, data, chunks, pause, idle, lockstep, t0), timeout)
    except asyncio.TimeoutError:
        if not seen.connected:
            raise EchoConnectError(Msg("cannot connect to {host}:{port}: no answer within {s:g} s", host=host,
                                       port=port, s=timeout)) from None
        seen.ended = "deadline"
    latency = (seen.first - t0) if seen.first is not None else None
    return bytes(seen.got), seen.ended, latency, time.perf_counter() - t0


async def _talk(seen: _Seen, host: str, port: int, data: bytes, chunks: list[bytes], pause: float, idle: float,
                lockstep: bool, t0: float) -> None:
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError as e:
        from .wire import connect_failure

        raise EchoConnectError(connect_failure(host, port, e)) from None
    seen.connected = True
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    got = seen.got
    limit = 4 * len(data) + 65536
    arrived = asyncio.Event()

    async def read() -> str:
        while len(got) < limit:
            try:
                chunk = await asyncio.wait_for(reader.read(65536), idle)
            except asyncio.TimeoutError:
                return "open" if got == data else "idle"
            except OSError:
                return "reset"
            if not chunk:
                return "eof"
            if seen.first is None:
                seen.first = time.perf_counter()
            got.extend(chunk)
            arrived.set()
        return "limit"

    task = asyncio.ensure_future(read())
    try:
        written = 0
        for c in chunks:
            if task.done():
                break
            writer.write(c)
            await writer.drain()
            written += len(c)
            if lockstep:  # wait for the echo, so the server reads each message on its own
                while len(got) < written and not task.done():
                    arrived.clear()
                    try:
                        await asyncio.wait_for(arrived.wait(), min(idle, 1.0))
                    except asyncio.TimeoutError:
                        break
            elif pause:
                await asyncio.sleep(pause)
        if not task.done() and writer.can_write_eof():
            writer.write_eof()
        seen.ended = await task
    except OSError:
        seen.ended = await task  # the server closed early; what came back tells the story
    finally:
        if not task.done():
            task.cancel()
        writer.transport.abort() if seen.ended == "" else writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), 2)
        except (OSError, asyncio.TimeoutError):
            pass


async def aroundtrip(host: str, port: int, *, cases: list[Case] | None = None,
                     chunkings: tuple[str, ...] = CHUNKINGS, clients: int = 1, timeout: float = 30.0,
                     idle: float = 3.0, seed: int = 0, pause: float = 0.002,
                     encoding: str | None = None) -> RoundTripReport:
    """Async form of :func:`roundtrip`."""
    if not isinstance(clients, int) or isinstance(clients, bool) or clients < 1:
        raise InputError(f"clients must be a positive integer, not {clients!r}")
    validation.number(timeout, "timeout")
    validation.number(idle, "idle")
    for c in chunkings:
        if c not in CHUNKINGS:
            raise InputError(f"unknown chunking {c!r}; choose from {', '.join(CHUNKINGS)}")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise InputError(Msg("port {port} is out of range (1–65535)", port=port))
    text_enc = registry.get(encoding).name if encoding is not None else None
    rng = random.Random(seed)
    results: list[CaseResult] = []
    echoed: bool | None = None   # does the server send anything back at all? learned from the rows, or a probe
    probed = False
    for case in cases if cases is not None else battery():
        if echoed is False:
            break   # nothing comes back, not even ASCII: every other row would only wait
        counted = text_enc is None or registry.decodes(case.data, text_enc)
        for chunking in chunkings:
            maybe = [chunk_plan(case.data, case.encoding, chunking, rng, case.messages) for _ in range(clients)]
            plans = [plan for plan in maybe if plan is not None]
            if len(plans) < len(maybe):   # the chunking does not apply to this case (the same for every client)
                continue
            p = pause if chunking == "split" else 0.0
            t0 = time.perf_counter()
            outs = await asyncio.gather(*(_client(host, port, case.data, plan, p, timeout, idle,
                                                  chunking == "messages") for plan in plans))
            wall = time.perf_counter() - t0
            if any(_echoes(case.data, o[0]) for o in outs):
                echoed = True
            elif echoed is None and not probed and not any(o[0] for o in outs):
                # nothing came back: is it this text, or does the server never answer? ask in ASCII
                # (bytes that are not our ASCII, such as a server sending garbage, leave it open)
                probed = True
                got = b"" if case.data.isascii() else \
                    (await _client(host, port, PROBE, [PROBE], 0.0, timeout, idle, False))[0]
                echoed = True if _echoes(PROBE, got) else None if got else False
            bad = next((o for o in outs if o[0] != case.data or o[1] != "eof"), None)
            worst = bad or outs[-1]
            edges = tuple(itertools.accumulate(len(c) for c in plans[outs.index(worst)]))[:-1]
            lat = [o[2] for o in outs if o[2] is not None]
            diff = explain_difference(case.data, bad[0], case.encoding, bad[1], edges, case.messages,
                                      echoed=echoed) if bad else None
            results.append(CaseResult(
                case.name, case.encoding, chunking, clients, len(plans[0]), len(case.data),
                min(len(o[0]) for o in outs), all(o[0] == case.data for o in outs), diff,
                statistics.median(lat) * 1000 if lat else 0.0, wall,
                sum(len(o[0]) for o in outs) / wall / (1 << 20) if wall else 0.0, worst[1], counted))
            if echoed is False:
                break
    return RoundTripReport(host, port, tuple(_quit_word_rows(results)), text_enc, stopped_early=echoed is False)


def _echoes(sent: bytes, got: bytes) -> bool:
    """Whether ``got`` holds the start of what we sent: an echo, perhaps after a greeting."""
    return bool(got) and sent[:16] in got


def _quit_word_rows(results: list[CaseResult]) -> list[CaseResult]:
    """A quit word the server acted on only when it arrived alone is a message-boundary bug when
    another chunking of the same case echoed it as ordinary data; the row says so under that name."""
    out = []
    for r in results:
        d = r.difference
        merged = [x.chunking for x in results if x.case == r.case and x.match]
        if d is not None and d.kind == "quit-on-message" and merged:
            why = Msg("{evidence}; with chunking {merged} the same bytes arrived merged with others or split, and "
                      "it echoed them as ordinary data", evidence=d.explanation,
                      merged=joined(merged))
            r = dataclasses.replace(r, difference=_diff(d.offset, d.sent, d.sent_char, d.got, "message-boundary",
                                                        why))
        out.append(r)
    return out


def roundtrip(host: str, port: int, **kwargs: Any) -> RoundTripReport:
    """Send the battery to an echo server at ``host:port`` and compare every byte that comes back.

    Works against any RFC 862 echo server.  Each row passes when every byte came back and the server
    closed after our half-close; a failing row names its cause (:class:`Difference` ``kind``) and
    :attr:`RoundTripReport.causes` groups them with the fix.  ``timeout`` is the deadline for each
    connection as a whole (connect, send, receive), ``idle`` how long a read waits for more.
    ``encoding`` declares the server a text server of that encoding: cases that are not valid text
    in it are still run but kept apart (not counted in ``ok``).  When a row gets nothing back and a
    line of plain ASCII gets nothing either, the row is ``no-echo`` and the run ends there
    (``stopped_early``).  Raises :class:`EchoConnectError` when it cannot connect.
    """
    return asyncio.run(aroundtrip(host, port, **kwargs))

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
import random
import signal
import socket
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import registry
from .errors import CodecscopeError, InputError
from .walk import split_run, walk

MODES = ("echo", "naive", "transcode")


class EchoConnectError(CodecscopeError, ConnectionError):
    """The round-trip tester could not connect to the echo server."""


def _check_server_args(mode, to, max_clients, idle_timeout, max_bytes) -> str:
    if mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    to = registry.get(to).name
    if not isinstance(max_clients, int) or max_clients < 1:
        raise InputError(f"max_clients must be a positive integer, not {max_clients!r}")
    if idle_timeout is not None and not idle_timeout > 0:
        raise InputError(f"idle_timeout must be positive seconds or None, not {idle_timeout!r}")
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
    bytes_in: int = 0
    bytes_out: int = 0


class _EchoProtocol(asyncio.Protocol):
    def __init__(self, core: _Core) -> None:
        self.core = core
        self.transport = None
        self.count = 0
        self.last = 0.0
        self.timer = None
        self.dec = self.enc = None

    def connection_made(self, transport) -> None:
        core = self.core
        if core.stats.active >= core.max_clients:
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
        if core.idle_timeout:
            self.last = core.loop.time()
            self.timer = core.loop.call_later(core.idle_timeout, self._idle)

    def _idle(self) -> None:
        left = self.last + self.core.idle_timeout - self.core.loop.time()
        if left > 0:
            self.timer = self.core.loop.call_later(left, self._idle)
            return
        self.core.stats.idle_closed += 1
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        core = self.core
        if self.timer is not None:
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
            data = self.enc.encode(self.dec.decode(data))
        core.stats.bytes_out += len(data)
        self.transport.write(data)
        if limit is not None and self.count >= limit:
            core.stats.limit_closed += 1
            self.transport.close()

    def eof_received(self):
        if self.enc is not None:
            tail = self.enc.encode(self.dec.decode(b"", True), True)
            if tail:
                self.transport.write(tail)
        return False  # close once everything is written: the client said it is done

    def pause_writing(self) -> None:
        self.transport.pause_reading()

    def resume_writing(self) -> None:
        self.transport.resume_reading()

    def connection_lost(self, exc) -> None:
        if self.transport is None:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.core.stats.active -= 1
        self.core.conns.discard(self)


class _Core:
    def __init__(self, host, port, mode, to, max_clients, idle_timeout, max_bytes) -> None:
        self.host, self.port, self.mode = host, port, mode
        self.to = _check_server_args(mode, to, max_clients, idle_timeout, max_bytes)
        self.max_clients, self.idle_timeout, self.max_bytes = max_clients, idle_timeout, max_bytes
        self.stats = ServerStats()
        self.conns: set[_EchoProtocol] = set()
        self.server = None
        self.loop = None

    async def start(self) -> tuple:
        self.loop = asyncio.get_running_loop()
        self.server = await self.loop.create_server(lambda: _EchoProtocol(self), self.host, self.port,
                                                    reuse_address=True, backlog=max(128, self.max_clients))
        return self.server.sockets[0].getsockname()[:2]

    async def stop(self) -> None:
        self.server.close()
        for p in list(self.conns):
            p.transport.abort()
        await self.server.wait_closed()
        await asyncio.sleep(0)  # let connection_lost callbacks run


class EchoServer:
    """The echo server in a background thread: ``with EchoServer() as srv: srv.address``.

    ``idle_timeout`` closes a connection silent for that many seconds; ``max_bytes`` closes one
    after echoing that many bytes; ``max_clients`` refuses (closes at once) connections beyond it.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, mode: str = "echo", to: str = "gbk", *,
                 max_clients: int = 1024, idle_timeout: float | None = 60.0,
                 max_bytes: int | None = 1 << 30) -> None:
        self._core = _Core(host, port, mode, to, max_clients, idle_timeout, max_bytes)
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self.address: tuple | None = None

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
        async def main():
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

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EchoServer(address={self.address}, mode={self.mode!r})"


async def serve(host: str = "127.0.0.1", port: int = 0, mode: str = "echo", to: str = "gbk", *,
                max_clients: int = 1024, idle_timeout: float | None = 60.0, max_bytes: int | None = 1 << 30,
                on_ready: Callable[[tuple], None] | None = None, stop: asyncio.Event | None = None) -> ServerStats:
    """Run the echo server until ``stop`` is set or SIGINT/SIGTERM arrives; returns the counters."""
    core = _Core(host, port, mode, to, max_clients, idle_timeout, max_bytes)
    stop = stop or asyncio.Event()
    address = await core.start()
    loop = asyncio.get_running_loop()
    installed = []
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


@dataclass(frozen=True)
class Case:
    name: str
    encoding: str
    data: bytes


def battery(big: int = (1 << 20) + 1) -> list[Case]:
    """The standard payloads: ASCII, Chinese in UTF-8 and GBK, 4-byte emoji, combining marks,
    a BOM, NUL bytes and a payload of at least ``big`` bytes."""
    zh = _ZH * 20
    n = -(-big // len(_ZH.encode()))
    return [
        Case("ascii", "ascii", ("The quick brown fox jumps over the lazy dog.\r\n" * 40).encode()),
        Case("zh-utf8", "utf-8", zh.encode("utf-8")),
        Case("zh-gbk", "gbk", zh.encode("gbk")),
        Case("emoji-4byte", "utf-8", ("😀👍🏽🇨🇳 👨‍👩‍👧 𠮷野家 " * 60).encode("utf-8")),
        Case("combining", "utf-8", ("e\u0301 a\u0308 n\u0303 A\u030a o\u0302\u0323 " * 60).encode("utf-8")),
        Case("bom", "utf-8", ("\ufeff" + zh).encode("utf-8")),
        Case("nul", "utf-8", ("a\x00b\x00黑\x00马\x00" * 100).encode("utf-8")),
        Case("big", "utf-8", (_ZH * n).encode("utf-8")),
    ]


CHUNKINGS = ("whole", "bytes", "split", "random")
BYTES_MAX = 64 * 1024      # one byte per write only for payloads up to this size
SPLIT_CUTS = 32            # characters cut on purpose per payload (each followed by a short pause)


def chunk_plan(data: bytes, encoding: str, chunking: str, rng: random.Random) -> list[bytes] | None:
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
    raise InputError(f"unknown chunking {chunking!r}; choose from {', '.join(CHUNKINGS)}")


@dataclass(frozen=True)
class Difference:
    """The first byte where the echo differs, with both sides explained."""

    offset: int
    sent: bytes
    sent_char: str
    got: bytes
    explanation: str

    def __str__(self) -> str:
        h = lambda b: b.hex(" ").upper() or "nothing"  # noqa: E731
        ch = f" {self.sent_char!r}" if self.sent_char else ""
        return f"at byte {self.offset}: sent {h(self.sent)}{ch}, got {h(self.got)}: {self.explanation}"

    def to_dict(self) -> dict:
        return {"offset": self.offset, "sent": self.sent.hex(" ").upper(), "sent_char": self.sent_char,
                "got": self.got.hex(" ").upper(), "explanation": self.explanation}


_CANDIDATES = ("utf-8", "gbk", "gb18030", "big5", "shift_jis", "euc_kr", "cp1252", "latin-1",
               "utf-16-le", "utf-16-be")


def explain_difference(sent: bytes, got: bytes, encoding: str = "utf-8", ended: str = "") -> Difference | None:
    """Where ``got`` first differs from ``sent`` and the likely reason; None when they are equal."""
    if sent == got:
        return None
    n = min(len(sent), len(got))
    i = next((k for k in range(n) if sent[k] != got[k]), n) if sent[:n] != got[:n] else n
    info = registry.get(encoding)
    if i == n and len(got) < len(sent):
        why = {"eof": "the server closed the connection", "idle": "nothing more arrived before the idle timeout",
               "limit": "the read limit was reached"}.get(ended, "the echo stopped")
        return Difference(i, sent[i:i + 3], "", b"", f"{len(sent) - len(got)} of {len(sent)} bytes never "
                          f"came back after byte {i}: {why}")
    if i == n:
        return Difference(i, b"", "", got[i:i + 8], f"{len(got) - len(sent)} extra bytes came back after "
                          "everything sent")
    # the sent character containing byte i
    unit = None
    for u in walk(sent, info.name):
        if u.offset <= i < u.end:
            unit = next((c for c in split_run(u) if c.offset <= i < c.end), u)
            break
    start = unit.offset if unit else i
    raw = unit.raw if unit else sent[i:i + 1]
    ch = unit.text if unit and unit.ok else ""
    rest = got[start:]
    if rest.startswith(b"\xef\xbf\xbd"):
        valid_utf8 = _valid(sent, "utf-8")
        why = ("a character cut at a recv edge was replaced (U+FFFD): the server decodes each chunk "
               "on its own" if valid_utf8 else
               "the server decoded bytes that are not UTF-8 as UTF-8 and replaced them (U+FFFD)")
        return Difference(start, raw, ch, rest[:3], why)
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
                return Difference(start, raw, ch, enc, f"that is {ch!r} in {label}: the server "
                                  f"re-encoded the text as {label}")
        if rest[:1] == b"?" and raw != b"?":
            return Difference(start, raw, ch, b"?", "the server could not encode the character and "
                              "replaced it with '?'")
    return Difference(start, raw, ch, rest[:max(len(raw), 1)], "the bytes differ")


def _valid(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


@dataclass(frozen=True)
class CaseResult:
    case: str
    encoding: str
    chunking: str
    clients: int
    writes: int
    sent: int                  # bytes per client
    received: int              # bytes received by the worst client
    match: bool
    difference: Difference | None
    latency_ms: float          # median time to the first echoed byte
    seconds: float             # wall time for all clients
    throughput: float          # MiB/s echoed, all clients
    ended: str                 # how the first failing (or the last) client's read ended

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("case", "encoding", "chunking", "clients", "writes", "sent",
                                           "received", "match", "latency_ms", "seconds", "throughput", "ended")}
        d["difference"] = self.difference.to_dict() if self.difference else None
        return d


@dataclass(frozen=True)
class RoundTripReport:
    host: str
    port: int
    results: tuple[CaseResult, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(r.match for r in self.results)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def to_dict(self) -> dict:
        return {"host": self.host, "port": self.port, "ok": self.ok,
                "results": [r.to_dict() for r in self.results]}

    def _rows(self):
        for r in self.results:
            yield (r.case, r.chunking, str(r.clients), str(r.sent), str(r.received),
                   "yes" if r.match else "NO", f"{r.latency_ms:.1f}", f"{r.throughput:.1f}",
                   str(r.difference) if r.difference else "")

    _HEAD = ("case", "chunking", "clients", "sent", "received", "byte-exact", "latency ms", "MiB/s",
             "first difference")

    def __str__(self) -> str:
        rows = [self._HEAD, *self._rows()]
        widths = [max(len(r[k]) for r in rows) for k in range(len(self._HEAD) - 1)]
        lines = [f"echo round trip against {self.host}:{self.port}"]
        for r in rows:
            lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])
        bad = sum(not r.match for r in self.results)
        lines.append(f"{len(self.results) - bad} of {len(self.results)} byte-exact"
                     + ("" if not bad else f"; {bad} mismatched"))
        return "\n".join(line.rstrip() for line in lines)

    def __rich_console__(self, console, options):
        from rich.table import Table

        t = Table(*self._HEAD, title=f"echo round trip against {self.host}:{self.port}")
        for row in self._rows():
            style = None if row[5] == "yes" else "red"
            t.add_row(*row, style=style)
        yield t
        bad = sum(not r.match for r in self.results)
        yield f"{len(self.results) - bad} of {len(self.results)} byte-exact"


async def _client(host, port, data: bytes, chunks: list[bytes], pause: float, timeout: float,
                  idle: float) -> tuple[bytes, str, float | None, float]:
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except (OSError, asyncio.TimeoutError) as e:
        raise EchoConnectError(f"cannot connect to {host}:{port}: {getattr(e, 'strerror', None) or e or 'timed out'}") from None
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    got = bytearray()
    limit = 4 * len(data) + 65536
    t0 = time.perf_counter()
    first: list[float] = []

    async def read() -> str:
        while len(got) < limit:
            try:
                chunk = await asyncio.wait_for(reader.read(65536), idle)
            except asyncio.TimeoutError:
                return "idle"
            except OSError:
                return "reset"
            if not chunk:
                return "eof"
            if not first:
                first.append(time.perf_counter())
            got.extend(chunk)
            if len(got) == len(data) and got == data:
                return "complete"
        return "limit"

    task = asyncio.ensure_future(read())
    try:
        for c in chunks:
            if task.done():
                break
            writer.write(c)
            await writer.drain()
            if pause:
                await asyncio.sleep(pause)
        if not task.done() and writer.can_write_eof():
            writer.write_eof()
    except OSError:
        pass  # the server closed early; what came back tells the story
    try:
        ended = await asyncio.wait_for(task, timeout + idle)
    except asyncio.TimeoutError:
        task.cancel()
        ended = "timeout"
    writer.close()
    try:
        await asyncio.wait_for(writer.wait_closed(), 2)
    except (OSError, asyncio.TimeoutError):
        pass
    latency = (first[0] - t0) if first else None
    return bytes(got), ended, latency, time.perf_counter() - t0


async def aroundtrip(host: str, port: int, *, cases: list[Case] | None = None,
                     chunkings: tuple[str, ...] = CHUNKINGS, clients: int = 1, timeout: float = 30.0,
                     idle: float = 3.0, seed: int = 0, pause: float = 0.002) -> RoundTripReport:
    """Async form of :func:`roundtrip`."""
    if not isinstance(clients, int) or clients < 1:
        raise InputError(f"clients must be a positive integer, not {clients!r}")
    for c in chunkings:
        if c not in CHUNKINGS:
            raise InputError(f"unknown chunking {c!r}; choose from {', '.join(CHUNKINGS)}")
    rng = random.Random(seed)
    results = []
    for case in cases if cases is not None else battery():
        for chunking in chunkings:
            plans = [chunk_plan(case.data, case.encoding, chunking, rng) for _ in range(clients)]
            if plans[0] is None:
                continue
            p = pause if chunking == "split" else 0.0
            t0 = time.perf_counter()
            outs = await asyncio.gather(*(_client(host, port, case.data, plan, p, timeout, idle)
                                          for plan in plans))
            wall = time.perf_counter() - t0
            bad = next((o for o in outs if o[0] != case.data), None)
            worst = bad or outs[-1]
            lat = [o[2] for o in outs if o[2] is not None]
            results.append(CaseResult(
                case.name, case.encoding, chunking, clients, len(plans[0]), len(case.data),
                min(len(o[0]) for o in outs), bad is None,
                explain_difference(case.data, bad[0], case.encoding, bad[1]) if bad else None,
                statistics.median(lat) * 1000 if lat else 0.0, wall,
                sum(len(o[0]) for o in outs) / wall / (1 << 20) if wall else 0.0, worst[1]))
    return RoundTripReport(host, port, tuple(results))


def roundtrip(host: str, port: int, **kwargs) -> RoundTripReport:
    """Send the battery to an echo server at ``host:port`` and compare every byte that comes back.

    Works against any RFC 862 echo server.  Raises :class:`EchoConnectError` when it cannot connect.
    """
    return asyncio.run(aroundtrip(host, port, **kwargs))

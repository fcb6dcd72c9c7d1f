"""Test helpers that need no hypothesis: readable diffs, a chunk-replaying socket, wire checks.

* :func:`assert_same_text` / :func:`assert_same_bytes` – on failure they explain the first
  difference (offsets, hex, the characters and their names, why bytes are invalid) instead of
  printing two opaque reprs;
* :func:`diff_text` / :func:`diff_bytes` – the same explanation as a string (``None`` if equal);
* :class:`ChunkedSocket` – a socket stand-in whose ``recv`` returns exactly the chunks you give
  it, so a recv loop can be tested against every chunking deterministically;
* :func:`exchange` – send chunks to a real server (e.g. the ``echo_server`` fixture), read its
  reply to the end, bounded in time and size;
* :func:`check_wire` / :func:`assert_wire_ok` – :func:`codecscope.wire.check` (encoding, validity,
  mojibake and cut characters in what a server sends) for a server object or an address.
"""

from __future__ import annotations

import select
import socket
import time
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from . import registry, validation
from .errors import InputError, InputTypeError
from .walking import Unit, units

if TYPE_CHECKING:
    from .wire import WireReport

__all__ = ["assert_same_text", "assert_same_bytes", "diff_text", "diff_bytes", "ChunkedSocket", "exchange",
           "check_wire", "assert_wire_ok"]

_WINDOW = 12  # characters / units of context shown on each side of the first difference


def _char(ch: str) -> str:
    from .explanation import char_name  # only on a failure: keeps importing the testing kit cheap

    return f"U+{ord(ch):04X} {ch!r} {char_name(ch)}"




def _encoded(ch: str, encoding: str) -> str:
    try:
        return ch.encode(registry.plain_codec(encoding)).hex(" ").upper()
    except UnicodeEncodeError:
        return "(not encodable)"


def _first_diff(a: Sequence[object], b: Sequence[object]) -> int:
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def _clip(s: str, i: int) -> str:
    lo, hi = max(0, i - _WINDOW), i + _WINDOW
    return ("…" if lo else "") + repr(s[lo:hi])[1:-1] + ("…" if hi < len(s) else "")


def diff_text(actual: str, expected: str, encoding: str = "utf-8") -> str | None:
    """Explain where two texts first differ, or ``None`` when they are equal."""
    if actual == expected:
        return None
    i = _first_diff(actual, expected)
    lines = [f"texts differ at character {i} (actual has {len(actual)} characters, expected {len(expected)})",
             f"  actual:   {_clip(actual, i)}",
             f"  expected: {_clip(expected, i)}"]
    lines.append(f"  character {i}:")
    for label, s in (("actual", actual), ("expected", expected)):
        if i < len(s):
            lines.append(f"    {label:9} {_char(s[i])}  ({encoding}: {_encoded(s[i], encoding)})")
        else:
            lines.append(f"    {label:9} ends here")
    if "\ufffd" in actual and "\ufffd" not in expected:
        lines.append("  hint: U+FFFD in the actual text: bytes were lost while decoding (a character cut at "
                     "a chunk edge, or the wrong encoding)")
    return "\n".join(lines)


def _unit_text(u: Unit) -> str:
    span = f"byte {u.offset}" if len(u.raw) == 1 else f"bytes {u.offset}–{u.end - 1}"
    if not u.ok:
        return f"{u.hex()} ({span}) {u.kind}: {u.reason}"
    if u.kind in ("shift", "bom") and not u.text:
        return f"{u.hex()} ({span}) {u.kind}"
    return f"{u.hex()} ({span}) = " + ", ".join(_char(c) for c in u.text)


def _around(data: bytes, encoding: str, i: int) -> tuple[list[Unit], Unit | None]:
    """The units near byte ``i`` and the unit that contains it (None past the end)."""
    before: deque[Unit] = deque(maxlen=4)
    it = units(data, encoding)  # lazily: the walk stops a few units after byte i
    for u in it:
        if u.offset <= i < u.end:
            return [*before, u, *islice(it, 3)], u
        before.append(u)
    return list(before), None


def _row(us: list[Unit], hit: Unit | None) -> str:
    parts = [(f"[{u.hex()}]" if u is hit else u.hex()) + ("" if u.ok else f" ({u.kind})") for u in us]
    return " | ".join(parts) or "(empty)"


def diff_bytes(actual: bytes, expected: bytes, encoding: str = "utf-8") -> str | None:
    """Explain where two byte strings first differ, read as ``encoding``; ``None`` when equal."""
    if actual == expected:
        return None
    enc = registry.get(encoding).name
    i = _first_diff(actual, expected)
    lines = [f"bytes differ at byte {i} (actual has {len(actual)} bytes, expected {len(expected)}), "
             f"read as {registry.get(enc).label}"]
    sides = [(label, *_around(data, enc, i)) for label, data in (("actual", actual), ("expected", expected))]
    for label, near, hit in sides:
        lines.append(f"  {label + ':':9} {_row(near, hit)}")
    lines.append(f"  the unit holding byte {i}:")
    for label, _near, hit in sides:
        lines.append(f"    {label:9} " + (_unit_text(hit) if hit else "ends here"))
    if actual[i:i + 3] == b"\xef\xbf\xbd" and expected[i:i + 3] != b"\xef\xbf\xbd":
        lines.append("  hint: EF BF BD is U+FFFD in UTF-8: something decoded these bytes with "
                     "errors='replace', e.g. one chunk at a time")
    return "\n".join(lines)


def assert_same_text(actual: str, expected: str, encoding: str = "utf-8") -> None:
    """``assert actual == expected`` for text, explaining the first difference on failure."""
    __tracebackhide__ = True
    if not isinstance(actual, str) or not isinstance(expected, str):
        raise InputError(f"assert_same_text() compares str, got {type(actual).__name__} and "
                         f"{type(expected).__name__}; use assert_same_bytes() for bytes")
    msg = diff_text(actual, expected, encoding)
    if msg:
        raise AssertionError(msg)


def assert_same_bytes(actual: bytes, expected: bytes, encoding: str = "utf-8") -> None:
    """``assert actual == expected`` for bytes, explaining the first difference unit by unit."""
    __tracebackhide__ = True
    if not isinstance(actual, (bytes, bytearray)) or not isinstance(expected, (bytes, bytearray)):
        raise InputError(f"assert_same_bytes() compares bytes, got {type(actual).__name__} and "
                         f"{type(expected).__name__}; use assert_same_text() for text")
    msg = diff_bytes(bytes(actual), bytes(expected), encoding)
    if msg:
        raise AssertionError(msg)


class ChunkedSocket:
    """A socket stand-in whose ``recv(n)`` hands out ``chunks`` one by one (never joining two).

    A chunk longer than ``n`` is split at ``n`` and the rest returned by the next call, as the
    kernel would.  After the last chunk ``recv`` returns ``b""`` (the peer closed).  What the code
    under test sends is collected in ``sent``.
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        given = list(chunks)
        for c in given:
            if not isinstance(c, (bytes, bytearray, memoryview)):
                # bytes("a") says "string argument without an encoding", which names no argument
                raise InputTypeError(f"ChunkedSocket takes byte chunks (what recv() returns), not {type(c).__name__}")
        self._chunks = [bytes(c) for c in given if c]
        self.sent = bytearray()
        self.recv_calls = 0
        self.closed = False

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if bufsize < 1:
            raise ValueError("negative or zero buffersize in recv")
        self.recv_calls += 1
        if not self._chunks:
            return b""
        head = self._chunks[0]
        if len(head) > bufsize:
            self._chunks[0] = head[bufsize:]
            return head[:bufsize]
        return self._chunks.pop(0)

    def recv_into(self, buffer: bytearray | memoryview, nbytes: int = 0, flags: int = 0) -> int:
        data = self.recv(nbytes or len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def sendall(self, data: bytes, flags: int = 0) -> None:
        self.sent += data

    def send(self, data: bytes, flags: int = 0) -> int:
        self.sent += data
        return len(data)

    def settimeout(self, value: float | None) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> ChunkedSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _address(server: object) -> tuple[str, int]:
    address = getattr(server, "address", server)
    if not isinstance(address, tuple) or len(address) < 2:
        raise InputError(f"need a (host, port) address or a server with .address, not {server!r}")
    host, port = address[:2]
    return host, port


def exchange(server: object, chunks: bytes | Iterable[bytes], *, lockstep: bool = False, settle: float = 1.0,
             timeout: float = 5.0, max_bytes: int = 16 << 20, deadline: float = 60.0) -> bytes:
    """Send ``chunks`` to ``server`` (an address or anything with ``.address``), then read until it
    closes: returns every byte it sent back.

    ``lockstep=True`` waits for the server to answer each chunk before sending the next one, so
    the server really receives the chunks separately (plain back-to-back sends are often merged
    by TCP); a server that answers nothing to a chunk (it holds half a character) costs ``settle``
    seconds.  Reading stops at ``max_bytes``, after ``timeout`` seconds without data, or when
    ``deadline`` seconds have passed in all.  A server that resets the connection or stops reading
    ends the exchange too: the bytes that came back are returned, so a test can show what differs.
    """
    validation.number(timeout, "timeout")
    validation.number(deadline, "deadline")
    if isinstance(chunks, (bytes, bytearray)):
        chunks = [bytes(chunks)]
    got = bytearray()
    end = time.monotonic() + deadline
    with socket.create_connection(_address(server), timeout=min(timeout, deadline)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            for chunk in chunks:
                if not chunk:
                    continue
                sock.settimeout(max(0.001, min(timeout, end - time.monotonic())))
                sock.sendall(chunk)
                if lockstep:
                    _read_available(sock, got, min(settle, max(0.0, end - time.monotonic())), max_bytes)
            sock.shutdown(socket.SHUT_WR)
            while len(got) < max_bytes:
                left = end - time.monotonic()
                if left <= 0:
                    break
                sock.settimeout(min(timeout, left))
                data = sock.recv(min(65536, max_bytes - len(got)))
                if not data:
                    break
                got += data
        except OSError:  # timeout, reset, broken pipe: the bytes that came back tell the story
            pass
    return bytes(got)


def _read_available(sock: socket.socket, got: bytearray, timeout: float, max_bytes: int) -> None:
    """Wait up to ``timeout`` for the server's answer, then take whatever else arrives at once."""
    wait = timeout
    while len(got) < max_bytes:
        ready, _, _ = select.select([sock], [], [], wait)
        if not ready:
            return
        data = sock.recv(65536)
        if not data:
            return
        got += data
        wait = 0.02


def check_wire(server: object, **kwargs: Any) -> WireReport:
    """:func:`codecscope.wire.check` for ``server`` (an address or anything with ``.address``).

    ``half_close`` defaults to True here: servers under test usually answer at end of input.
    """
    from .wire import check

    host, port = _address(server)
    kwargs.setdefault("half_close", True)
    return check(host, port, **kwargs)


def assert_wire_ok(server: object, **kwargs: Any) -> WireReport:
    """:func:`check_wire`, failing the test with the full wire report when an expectation fails."""
    __tracebackhide__ = True
    report = check_wire(server, **kwargs)
    if not report.ok:
        raise AssertionError(str(report))
    return report

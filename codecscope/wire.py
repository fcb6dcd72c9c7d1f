"""The wire checker: connect to a server, optionally send something, and say what came back.

``check(host, port, ...)`` reads until the server closes, goes quiet for ``timeout`` seconds, or
``max_bytes`` arrive; then diagnoses the bytes (encoding and validity, BOM, line endings, mojibake —
through :func:`codecscope.diagnosis.diagnose`) and lists which of the real receive edges cut a
character (through :func:`codecscope.stream.find_cuts`).  ``WireReport.ok`` is False when an
expectation fails, so ``codecscope wire`` can gate CI.
"""

from __future__ import annotations

import errno
import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import registry, validation
from .errors import CodecscopeError, InputError
from .i18n import N_, Msg, _, localize, os_reason
from .stream import Cut, _cut_tail, find_cuts

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from .diagnosis import Diagnosis, Finding, LineEndings, Validity
    from .echo import Difference

DEFAULT_MAX = 1 << 20
PREVIEW = 40   # characters of the reply shown before an ellipsis


class WireConnectError(CodecscopeError, ConnectionError):
    """The wire checker could not connect."""


def connect_failure(host: str, port: int, e: OSError) -> Msg:
    """One message for a failed connect, whichever socket API raised it (asyncio words a refused
    connection as "Connect call failed ('127.0.0.1', 7)", the socket module as "Connection refused")."""
    if isinstance(e, ConnectionRefusedError) or e.errno == errno.ECONNREFUSED:
        why = Msg("connection refused: nothing is listening on that port")
    elif isinstance(e, (TimeoutError, socket.timeout)):
        why = Msg("no answer (timed out)")
    elif isinstance(e, socket.gaierror):
        why = Msg("unknown host ({why})", why=os_reason(e))
    else:
        why = os_reason(e)   # the C library's text for its error number, translated where the catalog has it
    return Msg("cannot connect to {host}:{port}: {why}", host=host, port=port, why=why)


def _more(shown: int, total: int) -> list[str]:
    return ["  " + _("… {n} more (--json lists them all)").format(n=total - shown)] if total > shown else []


@dataclass(frozen=True)
class WireReport:
    host: str
    port: int
    sent: bytes
    received: bytes
    recv_sizes: tuple[int, ...]     # what each recv() returned, in order
    ended: str                      # "eof", "idle", "limit" or "reset"
    seconds: float
    encoding: str                   # the encoding the bytes were judged in
    expect_encoding: str | None
    diagnosis: Diagnosis            # of the bytes
    text_diagnosis: Diagnosis | None   # of the decoded text (mojibake findings), if valid
    cuts: tuple[Cut, ...]
    failures: tuple[str, ...]
    causes: tuple[Difference, ...] = ()   # what the server's behaviour shows
    to_send: int = 0                # bytes we meant to send (``sent`` is what the server took)
    notes: tuple[str, ...] = ()     # how our own limits shaped what is judged

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def validity(self) -> Validity:
        return self.diagnosis.validity[0]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The bytes' findings, then the text's of kinds the bytes did not report: a BOM or a
        U+FFFD is one fact, whether seen as bytes or as the character they decode to."""
        said = {f.kind for f in self.diagnosis.findings}
        text = self.text_diagnosis.findings if self.text_diagnosis else ()
        return (*self.diagnosis.findings, *(f for f in text if f.kind not in said))

    @property
    def layout(self) -> tuple[str | None, LineEndings]:
        """The BOM (hex) and the line breaks of what was received.  Read as UTF-8, UTF-16/32 has
        no UTF-8 BOM and a 0x0A byte in every other line break: theirs come from the detected text."""
        from .diagnosis import wide_line_endings

        v = self.validity
        endings = wide_line_endings(v, self.diagnosis.detection)
        if endings is not None:
            row = registry.sniff_bom(self.received)
            return (row[0].hex(" ").upper() if row else None), endings
        return (v.bom.hex() if v.bom else None), v.line_endings

    def to_dict(self) -> dict[str, Any]:
        v = self.validity
        bom, endings = self.layout
        return {
            "schema": "codecscope.wire/1", "host": self.host, "port": self.port, "ok": self.ok,
            "failures": list(self.failures), "sent": len(self.sent), "to_send": self.to_send,
            "received": len(self.received),
            "head_hex": self.received[:64].hex(" ").upper(), "recv_sizes": list(self.recv_sizes),
            "ended": self.ended, "seconds": round(self.seconds, 4), "encoding": self.encoding,
            "expect_encoding": self.expect_encoding, "valid": v.valid, "verdict": v.verdict,
            "bom": bom, "line_endings": endings.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "detection": self.diagnosis.to_dict().get("detection"),
            "edge_cuts": [c.to_dict() for c in self.cuts],
            "causes": [c.to_dict() for c in self.causes], "notes": list(self.notes),
        }

    def __str__(self) -> str:
        v = self.validity
        how = _({"eof": N_("the server closed"), "idle": N_("idle timeout"), "limit": N_("max-bytes reached"),
                 "reset": N_("connection reset"), "deadline": N_("deadline passed")}.get(self.ended, self.ended))
        sent = (str(len(self.sent)) if len(self.sent) >= self.to_send else
                _("{n} of {m}").format(n=len(self.sent), m=self.to_send))
        lines = [_("{host}:{port}: sent {sent} bytes, received {received} bytes in {calls} recv() call(s) "
                   "({how}, {seconds:.2f} s)").format(host=self.host, port=self.port, sent=sent,
                                                      received=len(self.received), calls=len(self.recv_sizes),
                                                      how=how, seconds=self.seconds)]
        if self.received:
            lines += self._judged(v)
        else:
            lines.append(_("nothing was received"))
        lines += [_("note: {note}").format(note=localize(n)) for n in self.notes]
        for c in self.causes:
            # next to OK a cause is something to know, not the reason for a failure
            lines.append((_("cause: {cause}") if not self.ok else _("note: {cause}")).format(cause=c))
            if c.fix:
                lines.append("  " + _("fix: {fix}").format(fix=localize(c.fix)))
        lines.append(_("OK") if self.ok else _("FAILED: {failures}").format(
            failures="; ".join(localize(f) for f in self.failures)))
        return "\n".join(lines)

    def _judged(self, v: Validity) -> list[str]:
        """What the bytes are: validity (leading with an encoding they are valid in), BOM, line
        endings, detection, findings and the receive edges that cut characters."""
        other = next((x for x in self.diagnosis.validity[1:] if x.valid), None) if not v.valid else None
        truth = ""
        if other is not None:
            text = self.received.decode(other.encoding)
            truth = _("these bytes are valid {label}: {text}; ").format(
                label=other.label, text=repr(text[:PREVIEW]) + ("…" if len(text) > PREVIEW else ""))
        bom, endings = self.layout
        lines = [truth + _("as {label}: {verdict}").format(label=registry.get(self.encoding).label,
                                                           verdict=localize(v.verdict)),
                 _("BOM: {bom}; {line_endings}").format(bom=bom or _("none"),
                                                        line_endings=localize(endings.describe()))]
        det = self.diagnosis.detection
        if det is not None:
            lines.append(_("detected: {detection}").format(detection=getattr(det, "summary", None) or det))
        found = self.findings
        lines += [f"  {f.kind} [{f.span[0]}:{f.span[1]}]: {localize(f.evidence)}" for f in found[:10]]
        lines += _more(10, len(found))
        if self.cuts:
            lines.append(_("{n} receive edge(s) cut a character (a per-recv decode breaks):").format(
                n=len(self.cuts)))
            lines += ["  " + localize(c.describe()) for c in self.cuts[:10]]
            lines += _more(10, len(self.cuts))
        else:
            lines.append(_("no receive edge cut a character"))
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        for line in str(self).split("\n"):
            yield Text(line, style="red" if line.startswith("FAILED") else "")

    def _repr_html_(self) -> str:
        from .render import html_of

        return html_of(self)


def _receive(sock: socket.socket, timeout: float, max_bytes: int, end: float) -> tuple[bytes, list[int], str]:
    """Read until close, a pause of ``timeout``, ``max_bytes`` or the monotonic time ``end``."""
    buf = bytearray()
    sizes: list[int] = []
    while len(buf) < max_bytes:
        left = end - time.monotonic()
        if left <= 0:
            return bytes(buf), sizes, "deadline"
        sock.settimeout(min(timeout, left))
        try:
            chunk = sock.recv(min(65536, max_bytes - len(buf)))
        except (socket.timeout, TimeoutError):
            if time.monotonic() >= end:
                return bytes(buf), sizes, "deadline"
            return bytes(buf), sizes, "idle"
        except OSError:  # reset, or any other end of the connection: what arrived still counts
            return bytes(buf), sizes, "reset"
        if not chunk:
            return bytes(buf), sizes, "eof"
        sizes.append(len(chunk))
        buf += chunk
    return bytes(buf), sizes, "limit"


def check(host: str, port: int, *, send: str | bytes | None = None, encoding: str | None = None,
          expect_encoding: str | None = None, timeout: float = 5.0, max_bytes: int = DEFAULT_MAX,
          half_close: bool = False, deadline: float = 30.0) -> WireReport:
    """Connect, send ``send`` (text is encoded in ``encoding``, default UTF-8), read, diagnose.

    The bytes are judged in ``expect_encoding`` if given, else ``encoding``, else UTF-8 (UTF-16 or
    UTF-32 when the reply starts with their byte order mark).  Failures:
    bytes invalid in the expected encoding, mojibake or replacement characters in the decoded text
    (when an encoding is expected), or nothing received after sending.  ``half_close`` shuts the
    write side after sending (for servers that answer at end of input).  ``timeout`` bounds the
    connect and each wait for more bytes; ``deadline`` the whole check, however slowly the server
    drips.  ``causes`` names what the server's behaviour shows (no close after a half-close, an
    echo cut short by a per-read decode, a reset).
    """
    from .detection import seven_bit_codec
    from .diagnosis import diagnose
    from .echo import _diff

    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise InputError(Msg("port {port} is out of range (1–65535)", port=port))
    validation.number(timeout, "timeout")
    validation.number(deadline, "deadline")
    if not isinstance(max_bytes, int) or max_bytes < 1:
        raise InputError(f"max_bytes must be a positive integer, not {max_bytes!r}")
    send_enc = registry.get(encoding).name if encoding else "utf-8"
    judge = registry.get(expect_encoding or encoding or "utf-8").name
    if isinstance(send, str):
        try:
            payload = send.encode(send_enc)
        except UnicodeEncodeError as e:
            raise InputError(Msg("cannot encode the text to send in {enc}: {why} ({chars!r})", enc=send_enc,
                                 why=e.reason, chars=send[e.start:e.end])) from None
    elif isinstance(send, (bytes, bytearray, memoryview)):
        payload = bytes(send)
    elif send is None:
        payload = b""
    else:
        raise InputError(f"send must be str or bytes, not {type(send).__name__}")
    t0 = time.perf_counter()
    end = time.monotonic() + deadline
    sock, reset = _connect(host, port, min(timeout, deadline))
    with sock:
        written, stalled, failed = _send(sock, payload, timeout, end)
        if half_close and failed is None:
            try:
                sock.shutdown(socket.SHUT_WR)
            except OSError as e:
                failed = e
        t1 = time.perf_counter()
        data, sizes, ended = _receive(sock, timeout, max_bytes, end)
    send_failed = failed is not None
    # once the connect or a send has met the reset, recv() gives what arrived and then b'': still a reset
    if ended == "eof" and (reset or isinstance(failed, (ConnectionResetError, BrokenPipeError))):
        ended = "reset"
    seconds = time.perf_counter() - t0
    waited = time.perf_counter() - t1
    # a character cut by our own limit (max_bytes, the deadline) is no fault of the server's encoding
    judged, notes = data, []
    row = registry.sniff_bom(data) if expect_encoding is None and encoding is None else None
    if row is not None and row[2] != "utf-8-sig":
        # nothing was expected, and the reply says what it is: UTF-16/32 judged as UTF-8 is two
        # invalid sequences and a U+FFFD nobody sees
        judge = registry.get(row[2]).name
        notes.append(Msg("the reply starts with a {label} byte order mark: judged as {label}",
                         label=registry.get(judge).label))
    if ended in ("limit", "deadline") and data:
        tail = _cut_tail(data, judge)
        if tail is not None:
            judged = data[:tail.offset]
            notes.append(Msg("{limit} cut the last character ({hex}): it is left out of the verdict",
                             limit=Msg("the read limit (--max-bytes)") if ended == "limit" else
                             Msg("the deadline"), hex=tail.hex()))
    diag = diagnose(judged, encoding=list(dict.fromkeys([judge, "utf-8", "gb18030"])))
    v = diag.validity[0]
    text_diag = None
    if v.valid and judged:
        text_diag = diagnose(judged.decode(judge))
    bounds = [0]
    for n in sizes:
        bounds.append(bounds[-1] + n)
    cuts = find_cuts(data, bounds, judge)[0]
    failures = []
    if stalled:
        failures.append(Msg("the server stopped reading after {n} of {m} bytes", n=written, m=len(payload)))
    elif ended == "reset":
        failures.append(Msg("the server reset the connection"))
    if not data:
        failures.append(Msg("nothing came back") if payload else Msg("nothing was received"))
    if expect_encoding:
        label = registry.get(judge).label
        if not v.valid:
            also = [x.label for x in diag.validity[1:] if x.valid and x.encoding != judge]
            failures.append(Msg("expected {label}, got {verdict} (valid {also})", label=label, verdict=v.verdict,
                                also=", ".join(also)) if also else
                            Msg("expected {label}, got {verdict}", label=label, verdict=v.verdict))
        shifted = seven_bit_codec(judged) if v.valid else None
        if shifted is not None and shifted != judge:
            # ISO-2022 and HZ are ASCII bytes too: valid in any ASCII-compatible codec, and read
            # as escape sequences and letter soup by a client that expects something else
            failures.append(Msg("expected {label}, got {other} (7-bit escape sequences switch character sets)",
                                label=label, other=registry.get(shifted).label))
        if text_diag is not None:
            bad = [f for f in text_diag.findings if f.kind not in ("bom", "control-char")]
            if bad:
                failures.append(Msg("{n} suspicious finding(s) in the text: {kinds}", n=len(bad),
                                    kinds=", ".join(sorted({f.kind for f in bad}))))
    causes = _causes(payload, written, data, send_enc, ended, half_close, deadline, waited, send_failed)
    if stalled:
        causes = (_diff(written, payload[written:written + 3], "", b"", "stopped-reading",
                        Msg("the server stopped reading after {n} of {m} bytes: our send waited with the socket "
                            "buffers full until {how}", n=written, m=len(payload),
                            how=Msg("the deadline") if time.monotonic() >= end else
                            Msg("the timeout of {s:g} s", s=timeout))), *causes)
    return WireReport(host, port, payload[:written], data, tuple(sizes), ended, seconds, judge,
                      expect_encoding and judge, diag, text_diag, tuple(cuts), tuple(failures), causes,
                      len(payload), tuple(notes))


def _connect(host: str, port: int, timeout: float) -> tuple[socket.socket, bool]:
    """A connected socket, like ``socket.create_connection``, except that a connection the server
    accepted and then reset is kept (and said so): what it sent before the reset can still be read."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise WireConnectError(connect_failure(host, port, e)) from None
    err: OSError | None = None
    for family, kind, proto, _name, addr in infos:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(addr)
            return sock, False
        except ConnectionResetError:
            return sock, True
        except OSError as e:
            err = e
            sock.close()
    assert err is not None   # getaddrinfo returns at least one address or raises
    raise WireConnectError(connect_failure(host, port, err))


def _send(sock: socket.socket, payload: bytes, timeout: float, end: float) -> tuple[int, bool, OSError | None]:
    """Send ``payload`` in pieces: ``(bytes the server took, whether it stopped taking them,
    the error that ended the connection)``.  Each wait is bounded by ``timeout`` and the deadline."""
    view, written = memoryview(payload), 0
    while written < len(payload):
        left = end - time.monotonic()
        if left <= 0:
            return written, True, None
        sock.settimeout(max(0.001, min(timeout, left)))
        try:
            written += sock.send(view[written:written + 65536])
        except (socket.timeout, TimeoutError):
            return written, True, None
        except OSError as e:
            return written, False, e   # the server may close before reading; what it sent still counts
    return written, False, None


# what an echo in another form shows on its own, even when its first bytes differ from ours
_ECHO_KINDS = ("re-encoded", "unencodable", "lossy-decode")


def _causes(to_send: bytes, written: int, data: bytes, enc: str, ended: str, half_close: bool, deadline: float,
            waited: float, send_failed: bool) -> tuple[Difference, ...]:
    from .echo import _SILENT, _diff, explain_difference

    payload = to_send[:written]   # an echo can only hold what the server took
    out: list[Difference] = []
    k = min(8, len(payload), len(data))
    if payload and k and data != payload:
        # the reply may be an echo of what we sent: the round-trip tester's reasoning applies
        d = explain_difference(payload, data, enc, ended)
        if d is not None and (data[:k] == payload[:k] or d.kind in _ECHO_KINDS):
            out.append(d)
    if not out and half_close and ended == "idle" and data:
        out.append(_diff(len(data), b"", "", b"", "no-close",
                         Msg("the server did not close the connection after we shut down our sending side: its "
                             "recv() returns b'' from then on, and a loop that does not stop on b'' spins or "
                             "never closes")))
    if ended == "reset" and not out:
        out.append(_diff(len(data), b"", "", b"", "reset", _reset_evidence(to_send, data, send_failed)))
    if not data and not out:
        how = Msg(_SILENT.get(ended, N_("the deadline passed")))
        out.append(_diff(0, b"", "", b"", "no-reply",
                         Msg("nothing came back for the {n} bytes we sent: {how} (after {s:.2f} s)",
                             n=len(payload), how=how, s=waited)) if to_send else
                   _diff(0, b"", "", b"", "silent",
                         Msg("nothing was received: {how} (after {s:.2f} s); a server that waits for "
                             "the client to speak first sends nothing until it gets a request", how=how,
                             s=waited)))
    if ended == "deadline" and not out:
        out.append(_diff(len(data), b"", "", b"", "deadline",
                         Msg("the server was still sending after the deadline of {s:g} s", s=deadline)))
    return tuple(out)


def _reset_evidence(payload: bytes, data: bytes, send_failed: bool) -> Msg:
    """Why the server may have reset the connection, saying only what the bytes show."""
    if payload and send_failed:
        return Msg("the server reset the connection before it had taken all we sent (our send failed): it "
                   "closed the socket with our bytes unread, typically after an exception in its handler")
    if payload and payload in data:
        return Msg("the server reset the connection after it had read everything we sent (it echoed all of it): "
                   "it aborted the connection (SO_LINGER 0, or a crash) instead of closing it")
    if not payload:
        return Msg("the server reset the connection: it aborted it (SO_LINGER 0, or a crash) instead of closing "
                   "it; we had sent nothing")
    return Msg("the server reset the connection instead of closing it: either it closed the socket with bytes "
               "still unread (typically after an exception in its handler) or it aborted it (SO_LINGER 0); the "
               "bytes alone do not tell which")

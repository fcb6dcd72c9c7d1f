"""The wire checker against real loopback servers."""

from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import threading
import time

import pytest

from codecscope.echo import EchoServer
from codecscope.errors import InputError
from codecscope.wire import WireConnectError, check


class LoopbackServer:
    """One connection on a loopback port the test chooses; ``serve(conn)`` is what the server does."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.address = self.sock.getsockname()[:2]
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        self.sock.settimeout(10)
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        self.serve(conn)

    def serve(self, conn):
        raise NotImplementedError

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.sock.close()
        self.thread.join(10)


class OneShotServer(LoopbackServer):
    """Sends ``chunks`` (pausing between them so they arrive as separate recv()s), then closes."""

    def __init__(self, chunks, pause=0.05):
        super().__init__()
        self.chunks, self.pause = chunks, pause

    def serve(self, conn):
        with conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                for c in self.chunks:
                    conn.sendall(c)
                    time.sleep(self.pause)
            except OSError:
                pass  # the client stopped reading (a deadline test): that is its right


class EchoNeverCloses(LoopbackServer):
    """Echoes what it reads and keeps its side open after the client's half-close, until the test
    is done with it."""

    def __init__(self):
        super().__init__()
        self.done = threading.Event()

    def serve(self, conn):
        with conn:
            while data := conn.recv(1024):
                conn.sendall(data)
            self.done.wait(10)

    def __exit__(self, *exc):
        self.done.set()
        super().__exit__(*exc)


def test_gbk_server_fails_a_utf8_expectation():
    with EchoServer(mode="transcode", to="gbk") as srv:
        r = check(*srv.address, send="黑马程序员\r\n", expect_encoding="utf-8", timeout=0.5)
    assert not r.ok and r.ended == "idle"
    assert r.failures[0].startswith("expected UTF-8, got not UTF-8") and "GB18030" in r.failures[0]
    assert r.received == "黑马程序员\r\n".encode("gbk")
    assert r.to_dict()["line_endings"]["style"] == "CRLF"
    json.dumps(r.to_dict(), ensure_ascii=False)


def test_clean_echo_passes():
    with EchoServer() as srv:
        r = check(*srv.address, send="黑马\n", expect_encoding="utf-8", timeout=0.3)
    assert r.ok and r.validity.valid and not r.cuts


def test_receive_edges_that_cut_characters_are_listed():
    data = "黑马程序员".encode()
    with OneShotServer([data[:4], data[4:8], data[8:]]) as srv:
        r = check(*srv.address, expect_encoding="utf-8", timeout=5)
    assert r.ended == "eof" and r.recv_sizes == (4, 4, 7)
    assert [(c.edge, c.char) for c in r.cuts] == [(4, "马"), (8, "程")]
    assert r.ok   # the bytes are fine; only a per-recv decode would break


def test_bom_and_max_bytes():
    with OneShotServer([b"\xef\xbb\xbfhello\r\nworld\n" * 10]) as srv:
        r = check(*srv.address, timeout=5, max_bytes=20)
    assert r.ended == "limit" and len(r.received) == 20 and r.validity.bom is not None
    assert r.to_dict()["line_endings"] == {"style": "mixed", "lf": 1, "crlf": 1, "cr": 0}


def test_a_utf16_reply_counts_its_own_line_breaks_and_bom():
    with OneShotServer(["你好\r\n世界\r\n".encode("utf-16")]) as srv:
        r = check(*srv.address, timeout=5)
    d = r.to_dict()
    # read as UTF-8, every other 0x0A would be a line break and FF FE no BOM at all
    assert d["line_endings"] == {"style": "CRLF", "lf": 0, "crlf": 2, "cr": 0} and d["bom"] == "FF FE"
    assert "BOM: FF FE; CRLF line endings (2)" in str(r)
    # nothing was expected and the reply says what it is: judged as UTF-16, a lost character shown
    assert r.encoding == "utf-16" and r.validity.valid and "judged as UTF-16" in str(r)
    with OneShotServer(["你\ufffd好".encode("utf-16")]) as srv:
        r = check(*srv.address, timeout=5)
    assert any(f.kind == "replacement-char" for f in r.findings)
    # an expectation still rules
    with OneShotServer(["你好".encode("utf-16")]) as srv:
        r = check(*srv.address, timeout=5, expect_encoding="utf-8")
    assert not r.ok and r.encoding == "utf-8"


@pytest.mark.parametrize("reply,kind", [("\ufeff你好\n", "bom"), ("你\ufffd好\n", "replacement-char")])
def test_a_bom_or_a_replacement_character_is_one_finding(reply, kind):
    with OneShotServer([reply.encode()]) as srv:
        r = check(*srv.address, timeout=5)
    assert [f.kind for f in r.findings].count(kind) == 1
    assert [f["kind"] for f in r.to_dict()["findings"]].count(kind) == 1


def test_connect_failure_and_bad_arguments():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(WireConnectError):
        check("127.0.0.1", port, timeout=1)
    with pytest.raises(InputError):
        check("127.0.0.1", 0)
    with pytest.raises(InputError):
        check("127.0.0.1", 7, send=3)
    with pytest.raises(InputError):
        check("127.0.0.1", 7, send="黑", encoding="latin-1")


def test_cli_wire_exit_codes():
    with EchoServer(mode="transcode") as srv:
        addr = f"{srv.address[0]}:{srv.address[1]}"
        run = lambda *a: subprocess.run([sys.executable, "-m", "codecscope.cli.main", "wire", addr, *a],  # noqa: E731
                                        capture_output=True, text=True, timeout=60)
        p = run("--send", "abc", "--expect-encoding", "utf-8", "--timeout", "0.3")
        assert p.returncode == 0, p.stdout + p.stderr
        p = run("--send-hex", "e9 bb 91", "--expect-encoding", "utf-8", "--timeout", "0.3", "--json")
        assert p.returncode == 1 and json.loads(p.stdout)["ok"] is False
        p = run("--send", "x", "--timeout", "0")
        assert p.returncode == 2
    p = subprocess.run([sys.executable, "-m", "codecscope.cli.main", "wire", "nonsense"],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 2 and "HOST:PORT" in p.stderr


def test_deadline_bounds_a_dripping_server():
    with OneShotServer([b"x"] * 400, pause=0.02) as srv:
        t0 = time.monotonic()
        r = check(*srv.address, timeout=2, deadline=1)
        assert time.monotonic() - t0 < 3
        assert r.ended == "deadline" and 0 < len(r.received) < 400
        assert [c.kind for c in r.causes] == ["deadline"]


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_wire_timeouts_must_be_finite_and_positive(bad):
    with pytest.raises(InputError):
        check("127.0.0.1", 9, timeout=bad)
    with pytest.raises(InputError):
        check("127.0.0.1", 9, deadline=bad)
    p = subprocess.run([sys.executable, "-m", "codecscope.cli.main", "wire", "127.0.0.1:9", "--timeout", str(bad)],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


class StrictDecodeServer(LoopbackServer):
    """The tutorial's loop: recv(1024).decode('utf-8') per read; on a cut it resets the connection."""

    def serve(self, conn):
        conn.settimeout(10)
        try:
            while data := conn.recv(1024):
                try:
                    conn.sendall(data.decode("utf-8").encode("utf-8"))
                except UnicodeDecodeError:
                    time.sleep(0.3)  # let the rest arrive unread, so closing resets the connection
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    break
        except OSError:
            pass
        conn.close()


def test_wire_names_a_strict_per_read_decode():
    text = "黑马程序员：TCP 是字节流。" * 200
    with StrictDecodeServer() as srv:
        r = check(*srv.address, send=text, half_close=True, timeout=2)
    assert 0 < len(r.received) < len(text.encode()) and r.ended in ("reset", "eof")
    assert [c.kind for c in r.causes] == ["strict-decode"], str(r)
    assert "recv(1024)" in str(r) and "incremental decoder" in str(r)


def test_exchange_returns_the_partial_echo_on_reset():
    from codecscope.testing import exchange

    data = ("黑马程序员：TCP 是字节流。" * 200).encode()
    with StrictDecodeServer() as srv:
        got = exchange(srv, data, timeout=3)
    assert 0 < len(got) < len(data) and data.startswith(got)


def test_wire_names_a_server_that_does_not_close_after_half_close():
    with EchoNeverCloses() as srv:
        r = check(*srv.address, send="你好", half_close=True, timeout=0.5)
    assert r.received == "你好".encode() and r.ended == "idle"
    assert [c.kind for c in r.causes] == ["no-close"]


class ResetServer(LoopbackServer):
    """Accepts, sends ``payload`` at once and resets the connection (SO_LINGER 0): the reset
    often reaches the client while it is still connecting."""

    def __init__(self, payload: bytes, times: int = 1):
        super().__init__()
        self.payload, self.times = payload, times

    def _run(self):
        self.sock.settimeout(10)
        for _ in range(self.times):
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.sendall(self.payload)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()


def test_a_server_that_accepts_and_resets_gets_a_report_not_cannot_connect():
    data = "黑马".encode()
    with ResetServer(data[:4], times=6) as srv:
        for _ in range(5):   # the reset races our connect and send: every run must say the same
            r = check(*srv.address, send="hello", timeout=2)
            assert r.ended == "reset" and not r.ok and r.received == data[:4]
            assert "reset" in [c.kind for c in r.causes]
        p = subprocess.run([sys.executable, "-m", "codecscope.cli.main", "wire",
                            f"{srv.address[0]}:{srv.address[1]}", "--send", "hello", "--timeout", "2"],
                           capture_output=True, text=True, timeout=60)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "cause: [reset]" in p.stdout and "cannot connect" not in p.stdout + p.stderr


def test_a_server_that_stops_reading_is_named_and_sent_counts_what_it_took():
    release = threading.Event()

    class NeverReads(LoopbackServer):
        def serve(self, conn):
            with conn:
                release.wait(15)

    payload = b"x" * (64 << 20)   # far more than loopback's socket buffers hold
    with NeverReads() as srv:
        t0 = time.monotonic()
        r = check(*srv.address, send=payload, timeout=0.5, deadline=3)
        elapsed = time.monotonic() - t0
        release.set()
    assert elapsed < 6   # bounded by the deadline, not by the size of the send
    d = r.to_dict()
    assert 0 < d["sent"] < len(payload) == d["to_send"] and len(r.sent) == d["sent"]
    assert r.causes[0].kind == "stopped-reading" and not r.ok
    assert f"stopped reading after {d['sent']} of {len(payload)} bytes" in r.failures[0]


def test_a_character_cut_by_our_own_limit_is_not_the_servers_fault():
    data = "黑".encode() * 40000   # valid UTF-8, 120000 bytes
    with OneShotServer([data]) as srv:
        r = check(*srv.address, expect_encoding="utf-8", timeout=5, max_bytes=100000)
    assert r.ended == "limit" and len(r.received) == 100000 and 100000 % 3
    assert r.ok and r.notes and "--max-bytes" in r.notes[0]
    with OneShotServer([data[:7]], pause=5) as srv:   # '黑黑' and one byte, then silence
        r = check(*srv.address, expect_encoding="utf-8", timeout=5, deadline=0.5)
    assert r.ended == "deadline" and r.ok and "deadline" in r.notes[0]


def test_a_cause_next_to_ok_reads_as_a_note_and_waits_are_real():
    with EchoNeverCloses() as srv:
        r = check(*srv.address, send="你好", half_close=True, timeout=0.5)
    text = str(r)
    assert r.ok and "note: [no-close]" in text and "cause:" not in text
    with OneShotServer([]) as srv:   # closes at once: we did not wait the whole timeout
        r = check(*srv.address, timeout=5)
    assert r.ended == "eof" and "waited 5" not in str(r) and r.seconds < 5


def test_an_ipv6_address_needs_brackets():
    from codecscope.cli.cmd_wire import parse_address
    from codecscope.cli.common import CliError

    with pytest.raises(CliError):
        parse_address("::1")
    assert parse_address("[::1]:7") == ("::1", 7)


def test_an_iso2022_reply_fails_a_utf8_expectation_though_its_bytes_are_ascii():
    with OneShotServer(["こんにちは漢字\n".encode("iso2022_jp")]) as srv:
        r = check(*srv.address, expect_encoding="utf-8", timeout=2)
    assert not r.ok and any("ISO-2022-JP" in f for f in r.failures)
    with OneShotServer([b"plain ascii ~ and \x1b escape-free text\n"]) as srv:
        assert check(*srv.address, expect_encoding="utf-8", timeout=2).ok


def test_an_unknown_host_is_worded_in_the_users_language():
    # the resolver's error as socket raises it (no lookup is made here)
    from codecscope import i18n
    from codecscope.wire import connect_failure

    msg = connect_failure("nowhere", 7, socket.gaierror(-2, "Name or service not known"))
    try:
        i18n.setup("zh")
        assert "未知的名称或服务" in i18n.localize(msg)
    finally:
        i18n.setup("en")

"""`echo test` and `wire` against servers written the way a student of a socket tutorial writes
them: a threaded accept loop on loopback and a few lines of handler, each with one mistake."""

from __future__ import annotations

import contextlib
import socket
import struct
import subprocess
import sys
import threading
import time

from codecscope import i18n
from codecscope.echo import READ_SIZES, battery, roundtrip
from codecscope.wire import check

CASES = {c.name: c for c in battery()}


@contextlib.contextmanager
def student_server(handle):
    """``handle(conn)`` in a thread per client, as the tutorials do; bound to 127.0.0.1:0."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop, conns = threading.Event(), []

    def run(conn):
        conn.settimeout(20)   # a handler that waits forever must still end with the test
        try:
            handle(conn)
        except (OSError, UnicodeDecodeError):
            pass              # the thread dies, as a student's would
        finally:
            conn.close()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conns.append(conn)
            threading.Thread(target=run, args=(conn,), daemon=True).start()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield server.getsockname()[:2]
    finally:
        stop.set()
        t.join(5)
        server.close()
        for c in conns:
            c.close()


def strict_echo(conn):           # the tutorial: recv(1024).decode('utf-8') per read
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.send(data.decode("utf-8").encode("utf-8"))


def sink(conn):                  # reads everything, never sends anything back
    while conn.recv(1024):
        pass


def never_reads(conn):           # accepts, then neither reads nor sends
    time.sleep(10)


def send_700(conn):              # send() instead of sendall(), as if the buffer took only 700 bytes
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.send(data[:700])


def echo_once(conn):             # echoes one read, then closes
    conn.sendall(conn.recv(1024))


def quit_on_886(conn):           # the chat server: compares one recv() with the quit word
    while True:
        data = conn.recv(1024)
        if not data or data.decode("utf-8") == "886":
            break
        conn.sendall(data)


def _causes(r):
    return [c.kind for c in r.causes]


def test_the_default_chinese_case_is_cut_by_the_tutorials_read_sizes():
    for name in ("zh-utf8", "bom"):
        data = CASES[name].data
        for n in (512, 1024, 2048):
            assert data[n] & 0xC0 == 0x80, (name, n)   # a continuation byte: the read ends inside a character
    assert 1024 in READ_SIZES


def test_a_strict_per_read_decode_fails_the_default_case_with_the_default_options():
    with student_server(strict_echo) as addr:
        r = roundtrip(*addr, cases=[CASES["ascii"], CASES["zh-utf8"]], chunkings=("whole",), idle=1, timeout=10)
    rows = {x.case: x for x in r.results}
    assert rows["ascii"].ok and not rows["zh-utf8"].ok
    d = rows["zh-utf8"].difference
    assert d.kind == "strict-decode" and "a recv(1024) from byte 0 ends at byte 1024" in d.explanation, d
    assert "incremental decoder" in d.fix


def test_a_server_that_echoes_nothing_is_named_and_the_run_ends_early():
    for handle in (sink, never_reads):
        with student_server(handle) as addr:
            t0 = time.monotonic()
            r = roundtrip(*addr, idle=0.5, timeout=5)   # the whole default battery
            took = time.monotonic() - t0
        assert took < 8, took
        assert r.stopped_early and len(r.results) == 1 and _causes(r) == ["no-echo"], str(r)
        assert "not even plain ASCII" in r.causes[0].evidence and "sendall" in r.causes[0].fix
        assert "strict-decode" not in str(r) and "the run ended early" in str(r)


def test_an_empty_echo_of_chinese_is_no_echo_when_ascii_gets_nothing_either():
    # only the Chinese case: the tester asks in ASCII before blaming a decode
    with student_server(sink) as addr:
        r = roundtrip(*addr, cases=[CASES["zh-utf8"]], idle=0.5, timeout=5)
    assert _causes(r) == ["no-echo"] and r.stopped_early, str(r)
    with student_server(strict_echo) as addr:
        r = roundtrip(*addr, cases=[CASES["zh-utf8"]], chunkings=("whole",), idle=0.5, timeout=5)
    assert _causes(r) == ["strict-decode"] and not r.stopped_early, str(r)


def test_send_instead_of_sendall_is_named_with_the_right_counts():
    with student_server(send_700) as addr:
        r = roundtrip(*addr, cases=[CASES["ascii"], CASES["zh-utf8"]], chunkings=("whole",), idle=1, timeout=10)
    rows = {x.case: x for x in r.results}
    for name, sent in (("ascii", 1840), ("zh-utf8", 2908)):
        d = rows[name].difference
        missing = sent - rows[name].received
        assert d.kind == "partial-send", str(r)
        assert f"{missing} of {sent} bytes are missing in all" in d.explanation, d.explanation
        assert "came back as its first 700 bytes" in d.explanation
    assert _causes(r) == ["partial-send"]
    assert "sendall" in r.causes[0].fix and "returns how many bytes it sent" in r.causes[0].fix


def test_every_failing_row_has_a_fix_and_more_rows_are_counted():
    with student_server(echo_once) as addr:
        r = roundtrip(*addr, cases=[CASES["ascii"]], chunkings=("whole",), idle=1, timeout=10)
    assert _causes(r) == ["stopped"] and r.causes[0].fix, str(r)
    assert "  fix: read until recv() returns b''" in str(r)
    with student_server(strict_echo) as addr:
        r = roundtrip(*addr, cases=[CASES["zh-utf8"], CASES["bom"]], chunkings=("whole", "bytes", "split"), idle=0.5,
                      timeout=10)
    bad = [x for x in r.results if x.difference is not None and x.difference.kind == "strict-decode"]
    assert len(bad) > 3, str(r)
    assert f"… {len(bad) - 3} more strict-decode row(s)" in str(r)


def test_the_quit_word_row_and_the_summary_use_one_name():
    with student_server(quit_on_886) as addr:
        r = roundtrip(*addr, cases=[CASES["chat"]], chunkings=("whole", "messages"), idle=1, timeout=10)
    row_kinds = {x.difference.kind for x in r.results if x.difference is not None}
    assert "message-boundary" in row_kinds and set(_causes(r)) == row_kinds, str(r)


def test_wire_names_an_echo_in_another_encoding():
    from codecscope.echo import EchoServer

    with EchoServer(mode="transcode", to="gbk") as srv:
        r = check(*srv.address, send="黑马", half_close=True, expect_encoding="utf-8", timeout=2)
    assert not r.ok and _causes(r) == ["re-encoded"]
    assert "fix: send the bytes back as they came, or agree on one encoding" in str(r)


def test_wire_says_nothing_was_received_and_does_not_pass():
    with student_server(never_reads) as addr:
        r = check(*addr, timeout=0.5)
        assert not r.ok and _causes(r) == ["silent"] and r.failures == ("nothing was received",)
        out = str(r)
        assert "nothing was received" in out and "empty input" not in out and "\nOK" not in out
        assert "--send" in r.causes[0].fix
        p = subprocess.run([sys.executable, "-m", "codecscope.cli.main", "wire", f"{addr[0]}:{addr[1]}", "--timeout",
                            "0.5"], capture_output=True, text=True, timeout=30)
        assert p.returncode == 1 and "FAILED: nothing was received" in p.stdout
        r = check(*addr, send="你好", timeout=0.5)
        assert _causes(r) == ["no-reply"] and "nothing came back for the 6 bytes we sent" in str(r)
        try:
            i18n.setup("zh")
            assert "什么也没收到" in str(check(*addr, timeout=0.5))
        finally:
            i18n.setup("en")


def test_wire_reset_wording_follows_the_evidence():
    def greet_and_leave(conn):   # sends a greeting and closes without reading what the client sent
        conn.sendall(b"hello\r\n")
        time.sleep(0.2)

    def echo_then_abort(conn):   # reads and echoes everything, then aborts the connection
        conn.sendall(conn.recv(1024))
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    with student_server(greet_and_leave) as addr:
        r = check(*addr, send="abc", timeout=2)
    assert r.ended == "reset" and _causes(r) == ["reset"], str(r)
    out = str(r)
    assert "sent nothing, got nothing" not in out and "the bytes alone do not tell which" in out
    with student_server(echo_then_abort) as addr:
        r = check(*addr, send="hello world", timeout=2)
    assert r.received == b"hello world" and _causes(r) == ["reset"], str(r)
    cause = next(line for line in str(r).splitlines() if line.startswith("cause:"))
    assert "after it had read everything we sent" in cause and "unread" not in cause
    assert "fix: " in str(r)


def test_wire_lists_at_most_ten_cuts_and_says_how_many_more():
    data = ("黑马程序员" * 10).encode()
    pieces = [data[i:i + 4] for i in range(0, len(data), 4)]

    def drip(conn):
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for p in pieces:
            conn.sendall(p)
            time.sleep(0.03)

    with student_server(drip) as addr:
        r = check(*addr, timeout=2)
    assert len(r.cuts) > 10, r.recv_sizes
    assert f"… {len(r.cuts) - 10} more" in str(r)


def test_wire_preview_ends_with_an_ellipsis_when_cut():
    text = "黑马程序员：TCP 提供的是字节流，不是字符流。" * 5

    def gbk_greeting(conn):
        conn.sendall(text.encode("gbk"))

    with student_server(gbk_greeting) as addr:
        r = check(*addr, expect_encoding="utf-8", timeout=2)
    line = str(r).splitlines()[1]
    assert line.startswith("these bytes are valid GB18030: '黑马程序员") and "'…; as UTF-8" in line, line


def test_connect_errors_read_the_same_in_both_commands():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    run = lambda *a: subprocess.run([sys.executable, "-m", "codecscope.cli.main", *a],  # noqa: E731
                                    capture_output=True, text=True, timeout=30)
    echo, wire = run("echo", "test", f"127.0.0.1:{port}"), run("wire", f"127.0.0.1:{port}")
    assert echo.returncode == wire.returncode == 2
    assert echo.stderr == wire.stderr == (f"codecscope: error: cannot connect to 127.0.0.1:{port}: connection "
                                          "refused: nothing is listening on that port\n")
    zh = run("--lang", "zh", "echo", "test", f"127.0.0.1:{port}")
    assert "连接被拒绝" in zh.stderr
    for cmd in (("echo", "test"), ("wire",)):
        p = run(*cmd, "127.0.0.1:99999")
        assert p.returncode == 2 and "port 99999 is out of range (1–65535)" in p.stderr


def ignore_echo(conn):           # the usual "fix": errors='ignore' per read
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.sendall(data.decode("utf-8", "ignore").encode("utf-8"))


def test_lost_characters_are_listed_with_the_languages_separator():
    with student_server(ignore_echo) as addr:
        r = roundtrip(*addr, cases=[CASES["zh-utf8"]], chunkings=("whole",), idle=1, timeout=10)
    d = r.results[0].difference
    assert d.kind == "lossy-decode" and "multiples of 1024 bytes" in d.explanation, str(r)
    assert "missing from the echo" in str(d) and "at byte 1023, '" in d.explanation
    try:
        i18n.setup("zh")
        assert "字节的 '黑'、第 " in str(r), str(r)
    finally:
        i18n.setup("en")

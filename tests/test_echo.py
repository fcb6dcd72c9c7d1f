"""The echo server and the round-trip tester, over real loopback sockets."""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest

from codecscope.echo import (Case, EchoConnectError, EchoServer, battery, explain_difference, roundtrip,
                             serve)
from codecscope.errors import InputError

ZH = ("黑马程序员：TCP 是字节流。" * 100).encode()


def echo_once(addr, data: bytes, chunks=None, timeout=10.0) -> bytes:
    with socket.create_connection(addr, timeout=timeout) as s:
        for c in chunks or [data]:
            s.sendall(c)
        s.shutdown(socket.SHUT_WR)
        out = bytearray()
        while chunk := s.recv(65536):
            out += chunk
    return bytes(out)


def test_echo_is_byte_exact_and_reports_address():
    with EchoServer() as srv:
        host, port = srv.address
        assert host == "127.0.0.1" and port > 0
        assert echo_once(srv.address, ZH) == ZH
        assert echo_once(srv.address, b"") == b""
    assert srv.stats.active == 0 and srv.stats.served == 2


def test_naive_mode_reproduces_the_recv_edge_bug():
    with EchoServer(mode="naive") as srv:
        data = "黑".encode()
        with socket.create_connection(srv.address, timeout=5) as s:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.sendall(data[:1])
            time.sleep(0.05)
            s.sendall(data[1:])
            s.shutdown(socket.SHUT_WR)
            got = b""
            while chunk := s.recv(100):
                got += chunk
    assert got == "\ufffd\ufffd\ufffd".encode()
    d = explain_difference(data, got)
    assert d.kind == "lossy-decode" and "errors='replace'" in d.explanation and "'黑' at byte 0" in d.explanation


def test_transcode_mode_sends_gbk_back():
    with EchoServer(mode="transcode", to="gbk") as srv:
        chunks = [ZH[i:i + 7] for i in range(0, len(ZH), 7)]
        assert echo_once(srv.address, ZH, chunks) == ZH.decode().encode("gbk")


def test_server_arguments_are_checked():
    with pytest.raises(InputError):
        EchoServer(mode="bogus")
    with pytest.raises(LookupError):
        EchoServer(mode="transcode", to="no-such-codec")
    with pytest.raises(InputError):
        EchoServer(max_clients=0)


def test_limits_idle_bytes_and_clients():
    with EchoServer(idle_timeout=0.3, max_bytes=10, max_clients=1) as srv:
        a = socket.create_connection(srv.address, timeout=5)
        time.sleep(0.1)
        b = socket.create_connection(srv.address, timeout=5)
        assert b.recv(10) == b""          # over max_clients: closed at once
        b.close()
        time.sleep(0.6)
        assert a.recv(10) == b""          # silent: closed by the idle timeout
        a.close()
        assert echo_once(srv.address, b"x" * 100) == b"x" * 10   # max_bytes per connection
    assert srv.stats.rejected == 1 and srv.stats.idle_closed >= 1 and srv.stats.limit_closed == 1


def test_roundtrip_against_our_server_all_modes():
    small = [c for c in battery() if c.name != "big"]
    with EchoServer() as srv:
        r = roundtrip(*srv.address, cases=small)
        assert r.ok and r.exit_code == 0 and len(r.results) >= 20
    with EchoServer(mode="naive") as srv:
        r = roundtrip(*srv.address, cases=small, chunkings=("split",))
        bad = {x.case: x for x in r.results if not x.match}
        assert "zh-utf8" in bad and r.exit_code == 1
        d = bad["zh-utf8"].difference
        assert d.kind == "lossy-decode", str(d)
        assert re.fullmatch(r"\[lossy-decode\] at byte \d+: sent E\w \w\w \w\w '.', got EF BF BD: \d+ character\(s\) "
                            r"came back as U\+FFFD .*cut by an edge of the pieces we wrote.*", str(d)), str(d)
    with EchoServer(mode="transcode") as srv:
        r = roundtrip(*srv.address, cases=small[1:2], chunkings=("whole",))
        assert "re-encoded the text as GBK" in r.results[0].difference.explanation
        assert r.results[0].difference.kind == "re-encoded"


def test_roundtrip_cannot_connect():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(EchoConnectError):
        roundtrip("127.0.0.1", port, cases=battery()[:1], timeout=2)


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def socat_echo():
    if shutil.which("socat") is None:
        pytest.skip("socat is not installed (apt-get install socat): needed to test against a foreign echo server")
    for _ in range(5):  # the free port may be taken between close() and socat's bind: retry
        port = _free_port()
        proc = subprocess.Popen(["socat", "-T", "10", f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork",
                                 "EXEC:cat"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        if proc.poll() is None:
            break
    else:
        pytest.fail("socat did not start")
    try:
        yield ("127.0.0.1", port)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def test_roundtrip_against_socat(socat_echo):
    r = roundtrip(*socat_echo, chunkings=("whole", "split", "random"), timeout=30)
    assert r.ok, str(r)
    assert {x.case for x in r.results} >= {"ascii", "zh-gbk", "emoji-4byte", "big"}


def test_cli_echo_serve_and_test():
    proc = subprocess.Popen([sys.executable, "-m", "codecscope.cli.main", "echo", "serve", "--mode", "naive"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "listening on 127.0.0.1:" in line
        addr = line.split()[-1]
        run = lambda *a: subprocess.run([sys.executable, "-m", "codecscope.cli.main", "echo", "test",  # noqa: E731
                                         addr, *a], capture_output=True, text=True, timeout=60)
        p = run("--case", "ascii", "--chunking", "whole")
        assert p.returncode == 0, p.stdout + p.stderr
        p = run("--case", "zh-utf8", "--chunking", "split")
        assert p.returncode == 1 and "cause: lossy-decode" in p.stdout and "came back as U+FFFD" in p.stdout
    finally:
        proc.terminate()   # SIGTERM: graceful shutdown
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and "stopped:" in err
    p = subprocess.run([sys.executable, "-m", "codecscope.cli.main", "echo", "test", f"127.0.0.1:{_free_port()}"],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 2 and "cannot connect" in p.stderr and "Traceback" not in p.stderr


def test_serve_stops_on_event():
    async def main():
        stop = asyncio.Event()
        ready = []
        task = asyncio.ensure_future(serve(on_ready=ready.append, stop=stop))
        while not ready:
            await asyncio.sleep(0.01)
        r, w = await asyncio.open_connection(*ready[0])
        w.write(b"hi")
        assert await r.readexactly(2) == b"hi"
        w.close()
        stop.set()
        return await asyncio.wait_for(task, 5)

    assert asyncio.run(main()).served == 1


def _fds() -> int:
    return len(os.listdir(f"/proc/{os.getpid()}/fd")) if os.path.isdir(f"/proc/{os.getpid()}/fd") else 0


def test_200_clients_1mib_random_chunking_with_misbehaving_clients():
    rng = random.Random(5)
    text = "黑马程序员😀é𠮷" * 42000
    data = text.encode()[: 1 << 20]
    data = data[:len(data.decode("utf-8", "ignore").encode())]
    before = _fds()
    # a generous idle timeout: on a loaded machine a client can wait seconds between writes
    with EchoServer(idle_timeout=15.0) as srv:
        stop, started = threading.Event(), threading.Event()

        def bad_clients():
            # one disconnects in the middle of a character, one connects and goes silent
            silent = socket.create_connection(srv.address, timeout=5)
            for _ in range(5):
                with socket.create_connection(srv.address, timeout=5) as s:
                    s.sendall("黑".encode()[:rng.randint(1, 2)])
            started.set()
            stop.wait(10)
            silent.close()

        t = threading.Thread(target=bad_clients, daemon=True)
        t.start()
        assert started.wait(10)
        r = roundtrip(*srv.address, cases=[Case("1mib", "utf-8", data)], chunkings=("random",),
                      clients=200, timeout=60, seed=3)
        stop.set()
        t.join(10)
        res = r.results[0]
        assert res.clients == 200 and res.match and res.received == len(data), str(r)
        deadline = time.monotonic() + 5
        while srv.stats.active and time.monotonic() < deadline:
            time.sleep(0.05)
        assert srv.stats.active == 0, srv.stats   # nothing left open on the server
        assert srv.stats.served == 206 and srv.stats.bytes_in >= 200 * len(data), srv.stats
    time.sleep(0.2)
    assert _fds() <= before + 2, (before, _fds())   # no leaked sockets in this process


def test_seed_demo_runs():
    demo = os.path.join(os.path.dirname(__file__), os.pardir, "docs", "examples", "seed_demo.py")
    p = subprocess.run([sys.executable, demo], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "recv_text(sock, 'gbk') -> '黑马程序员" in p.stdout
    assert "edge(s) cut a character" in p.stdout and "equals the message: True" in p.stdout


def test_idle_connections_cannot_lock_newcomers_out():
    with EchoServer(max_clients=8, idle_timeout=60) as srv:
        idle = [socket.create_connection(srv.address, timeout=5) for _ in range(10)]
        try:
            time.sleep(1.3)  # all of them silent for longer than EVICT_IDLE
            assert echo_once(srv.address, ZH) == ZH
            assert srv.stats.evicted >= 1
        finally:
            for s in idle:
                s.close()


def test_roundtrip_deadline_against_a_server_that_never_reads():
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)
    held = []
    stop = threading.Event()

    def accept():
        lsock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(lsock.accept()[0])  # accepted, never read
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        case = Case("huge", "ascii", b"x" * (64 << 20))
        t0 = time.monotonic()
        r = roundtrip(*lsock.getsockname(), cases=[case], chunkings=("whole",), timeout=2, idle=1)
        assert time.monotonic() - t0 < 10
        # nothing came back, not even this ASCII: named as such, not as a decode bug
        assert not r.ok and r.results[0].ended == "deadline" and r.results[0].difference.kind == "no-echo"
        assert "the deadline passed" in r.results[0].difference.explanation and r.stopped_early
    finally:
        stop.set()
        t.join(5)
        for s in held:
            s.close()
        lsock.close()


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_timeouts_must_be_finite_and_positive(bad):
    with pytest.raises(InputError):
        roundtrip("127.0.0.1", 9, cases=battery()[:1], timeout=bad)
    with pytest.raises(InputError):
        roundtrip("127.0.0.1", 9, cases=battery()[:1], idle=bad)
    p = subprocess.run([sys.executable, "-m", "codecscope.cli.main", "echo", "test", "127.0.0.1:9",
                        "--idle", str(bad)], capture_output=True, text=True, timeout=30)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "--idle" in p.stderr


def test_echo_serve_rejects_a_non_text_codec_up_front():
    p = subprocess.run([sys.executable, "-m", "codecscope.cli.main", "echo", "serve", "--mode", "transcode",
                        "--to", "idna"], capture_output=True, text=True, timeout=30)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


def test_a_server_sending_garbage_is_not_called_an_ascii_echo():
    lsock = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    rng = random.Random(7)

    def run():   # random bytes to the first client, nothing to the others; it never reads
        lsock.settimeout(0.2)
        first = True
        while not stop.is_set():
            try:
                conn, _ = lsock.accept()
            except OSError:
                continue
            with conn:
                if first:
                    conn.sendall(bytes(rng.randrange(256) for _ in range(3000)))
                first = False

    t = threading.Thread(target=run, daemon=True)
    t.start()
    try:
        cases = [c for c in battery() if c.name in ("ascii", "zh-utf8")]
        r = roundtrip(*lsock.getsockname(), cases=cases, chunkings=("whole",), timeout=5, idle=0.5)
    finally:
        stop.set()
        t.join(5)
        lsock.close()
    kinds = {x.case: x.difference.kind for x in r.results if x.difference is not None}
    # the ASCII row got bytes back, but not its ASCII: that is no evidence the server echoes
    assert kinds["ascii"] == "bytes-differ" and kinds["zh-utf8"] != "strict-decode"
    assert not any("echoes plain ASCII" in x.difference.explanation for x in r.results if x.difference)


def test_naive_mode_caps_the_bytes_it_echoes():
    with EchoServer(mode="naive", max_bytes=10) as srv:
        out = echo_once(srv.address, ("黑" * 10).encode())
    assert len(out) <= 10 and srv.stats.bytes_out == len(out)

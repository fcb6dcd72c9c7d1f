"""Sockets benchmarks, each against a named baseline measured in the same run (medians).

1. Stream decoding: codecscope.stream.iter_text over >= 100 MB in 1 KiB chunks vs a raw loop of a
   CPython `codecs` incremental decoder over the same reads.  Target: <= 1.2x.
2. Echo round trip: 64 MiB in 64 KiB writes through codecscope's asyncio EchoServer vs a minimal
   blocking-socket echo server (one thread per connection, recv/sendall) on loopback.  Target: >= 0.5x.

Text: Faker's zh_CN and en_US locale data (real text we did not write), repeated to size.

    python bench/sockets.py [--mb 100] [--echo-mib 64] [--repeats 5]
"""

from __future__ import annotations

import argparse
import codecs
import io
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codecscope.echo import EchoServer  # noqa: E402
from codecscope.stream import iter_text  # noqa: E402


def corpus(mb: int) -> bytes:
    from faker import Faker

    parts = []
    for loc in ("zh_CN", "en_US"):
        fk = Faker(loc)
        fk.seed_instance(1)
        parts += [fk.text(max_nb_chars=400) + "\n" for _ in range(800)]
    block = "".join(parts).encode("utf-8")
    return (block * (mb * (1 << 20) // len(block) + 1))[: mb * (1 << 20)].rsplit(b"\n", 1)[0] + b"\n"


def bench_stream(data: bytes, repeats: int) -> None:
    def raw():
        f = io.BytesIO(data)
        dec = codecs.getincrementaldecoder("utf-8")("strict")
        n = 0
        while chunk := f.read1(1024):
            n += len(dec.decode(chunk))
        return n + len(dec.decode(b"", True))

    def ours():
        n = 0
        for text in iter_text(io.BytesIO(data), "utf-8", chunk_size=1024):
            n += len(text)
        return n

    assert raw() == ours()
    t_raw, t_ours = [], []
    for _ in range(repeats):  # interleaved so machine noise hits both alike
        for fn, acc in ((raw, t_raw), (ours, t_ours)):
            t0 = time.perf_counter()
            fn()
            acc.append(time.perf_counter() - t0)
    mr, mo = statistics.median(t_raw), statistics.median(t_ours)
    mb = len(data) / 1e6
    print(f"stream decode {mb:.0f} MB utf-8 in 1 KiB chunks: raw codecs loop {mb / mr:.0f} MB/s, "
          f"iter_text {mb / mo:.0f} MB/s -> ratio {mo / mr:.2f}x (target <= 1.2x)")


def blocking_echo_server():
    srv = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def handle(conn):
        with conn:
            while chunk := conn.recv(65536):
                conn.sendall(chunk)

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    return srv.getsockname()[:2], lambda: (stop.set(), t.join(5), srv.close())


def round_trip(addr, total: int, write: int = 65536) -> float:
    payload = bytes(range(256)) * (write // 256)
    with socket.create_connection(addr, timeout=30) as s:
        got = [0]

        def reader():
            while got[0] < total:
                chunk = s.recv(1 << 20)
                if not chunk:
                    break
                got[0] += len(chunk)

        t = threading.Thread(target=reader)
        t0 = time.perf_counter()
        t.start()
        for _ in range(total // write):
            s.sendall(payload)
        t.join(60)
        dt = time.perf_counter() - t0
    assert got[0] == total, (got[0], total)
    return dt


def bench_echo(mib: int, repeats: int) -> None:
    total = mib << 20
    base_addr, base_stop = blocking_echo_server()
    t_base, t_ours = [], []
    with EchoServer(max_bytes=None) as srv:
        round_trip(srv.address, 1 << 20)
        round_trip(base_addr, 1 << 20)
        for _ in range(repeats):
            t_base.append(round_trip(base_addr, total))
            t_ours.append(round_trip(srv.address, total))
    base_stop()
    mb, mo = statistics.median(t_base), statistics.median(t_ours)
    print(f"echo round trip {mib} MiB in 64 KiB writes: blocking baseline {mib / mb:.0f} MiB/s, "
          f"codecscope EchoServer {mib / mo:.0f} MiB/s -> throughput ratio {mb / mo:.2f}x (target >= 0.5x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--echo-mib", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    bench_stream(corpus(a.mb), a.repeats)
    bench_echo(a.echo_mib, a.repeats)


if __name__ == "__main__":
    main()

"""The seed scenario: the two mistakes of the classic socket tutorial, reproduced and fixed.

    python docs/examples/seed_demo.py

Everything runs on loopback (127.0.0.1) with ports chosen by the OS.

1. A server sends GBK to a client that decodes UTF-8 (and the reverse: UTF-8 read as GBK, 榛戦┈).
2. A long Chinese message read with ``sock.recv(1024).decode("utf-8")``: the 1024-byte edges cut
   characters, so the decode raises, or with errors="replace" corrupts the text silently.

For each: the tutorial code, what goes wrong, what codecscope says, and the fix.
"""

from __future__ import annotations

import socket
import threading

import codecscope
from codecscope.echo import EchoServer, battery, roundtrip
from codecscope.stream import boundaries, iter_text, recv_text
from codecscope.wire import check

GREETING = "黑马程序员：欢迎来到网络编程！\n"
LONG = ("传输控制协议提供的是字节流而不是字符流，一次接收可能在一个汉字的中间结束。" * 40).encode("utf-8")


class TutorialServer:
    """The tutorial's server: accept, send one message, close.  Serves ``count`` connections."""

    def __init__(self, payload: bytes, count: int = 1) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.address = self.sock.getsockname()[:2]
        self.payload, self.count = payload, count
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.sock.settimeout(0.1)  # wake up now and then to notice close()
        served = 0
        while served < self.count and not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            with conn:
                conn.sendall(self.payload)
            served += 1

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(10)


def tutorial_client(address, errors="strict", size=1024) -> str:
    """The seed tutorial's client, mistakes included."""
    with socket.create_connection(address, timeout=5) as sock:
        out = []
        while True:
            data = sock.recv(size)
            if not data:
                break
            out.append(data.decode("utf-8", errors))  # <- assumes UTF-8 and whole characters
        return "".join(out)


def heading(text: str) -> None:
    print("\n" + "=" * 78 + "\n" + text + "\n" + "=" * 78)


def part1() -> None:
    heading("1. The server sends GBK; the client decodes UTF-8")
    srv = TutorialServer(GREETING.encode("gbk"), count=5)
    try:
        try:
            tutorial_client(srv.address)
        except UnicodeDecodeError as e:
            print(f"tutorial client (strict):  UnicodeDecodeError: {e}")
        print(f"tutorial client (replace): {tutorial_client(srv.address, 'replace')!r}")

        print("\ncodecscope wire check, expecting UTF-8:")
        report = check(*srv.address, expect_encoding="utf-8", timeout=2)
        print("  " + str(report).replace("\n", "\n  "))

        with socket.create_connection(srv.address, timeout=5) as sock:
            fixed = recv_text(sock, "gbk", timeout=5)
        print(f"\nfix: codecscope.stream.recv_text(sock, 'gbk') -> {fixed!r}")
        assert fixed == GREETING
    finally:
        srv.close()

    print("\nThe reverse mistake: a UTF-8 server read by a GBK client gives 古文码 mojibake:")
    garbled = GREETING.encode("utf-8").decode("gbk", "replace")
    print(f"  client shows {garbled!r}")
    rep = codecscope.repair(garbled)
    print(f"  codecscope.repair -> {rep.text!r}")
    print(f"  steps: {rep.steps}")


def part2() -> None:
    heading("2. A long Chinese message read with recv(1024)")
    print(f"message: {len(LONG)} bytes of UTF-8")
    report = boundaries(LONG, 1024, "utf-8")
    print("codecscope.boundaries(message, 1024):")
    print("  " + str(report).replace("\n", "\n  "))

    srv = TutorialServer(LONG, count=3)
    try:
        try:
            tutorial_client(srv.address)
            print("tutorial client (strict): no error this time (the kernel delivered different chunks)")
        except UnicodeDecodeError as e:
            print(f"\ntutorial client (strict):  UnicodeDecodeError: {e}")
        text = tutorial_client(srv.address, "replace")
        lost = text.count("\ufffd")
        print(f"tutorial client (replace): {lost} U+FFFD in the text, "
              f"{'not ' if text != LONG.decode() else ''}equal to what was sent")

        with socket.create_connection(srv.address, timeout=5) as sock:
            fixed = "".join(iter_text(sock, "utf-8", chunk_size=1024))
        print(f"fix: ''.join(codecscope.stream.iter_text(sock, chunk_size=1024)) equals the message: "
              f"{fixed == LONG.decode()}")
        assert fixed == LONG.decode()
    finally:
        srv.close()

    print("\nThe same bug inside a server: `codecscope echo serve --mode naive` decodes each recv chunk:")
    cases = [c for c in battery() if c.name == "zh-utf8"]
    with EchoServer(mode="naive") as naive:
        r = roundtrip(*naive.address, cases=cases, chunkings=("whole", "split"))
    print("  " + str(r).replace("\n", "\n  "))
    with EchoServer() as good:
        r = roundtrip(*good.address, cases=cases, chunkings=("whole", "split"))
    print(f"and against the correct echo server: {'all byte-exact' if r.ok else 'MISMATCH'}")


if __name__ == "__main__":
    part1()
    part2()

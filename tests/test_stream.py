"""Stream decoding: whatever the chunking, the text equals decoding all bytes at once."""

from __future__ import annotations

import asyncio
import io
import socket
import struct
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codecscope import registry
from codecscope.errors import InputError
from codecscope.stream import (FramingError, RecvTimeout, StreamDecodeError, StreamDecoder, aiter_lines, aiter_text,
                               aread_text, iter_lines, iter_messages, iter_text, read_text, recv_text)

ENCODINGS = registry.names()
# characters that stress each family: CJK (GBK 2-byte), GB18030 4-byte, astral (UTF-16 surrogate
# pairs, UTF-8 4-byte), kana (ISO-2022-JP shifts), Latin-1, combining marks, controls
SPICE = list("黑马程序员汉字中文€£éÅñßあいうアイウ한국어кирилица") + ["😀", "𠮷", "\u0301", "\x00", "\r", "\n", "~", "\x1b"]
TEXT = st.lists(st.one_of(st.sampled_from(SPICE), st.characters(blacklist_categories=("Cs",))), max_size=60).map("".join)


def encodable(text: str, enc: str) -> str:
    out = []
    for ch in text:
        try:
            ch.encode(enc)
        except UnicodeEncodeError:
            continue
        out.append(ch)
    return "".join(out)


def cut(data: bytes, points: list[int]) -> list[bytes]:
    pts = sorted({p % (len(data) + 1) for p in points})
    return [data[a:b] for a, b in zip([0, *pts], [*pts, len(data)])]


@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(ENCODINGS), st.lists(st.integers(0, 10_000), max_size=30))
def test_stream_equals_whole_decode(text, enc, points):
    text = encodable(text, enc)
    data = text.encode(enc)
    try:
        whole = data.decode(enc)
    except UnicodeDecodeError:  # e.g. a lone ESC encodes in ISO-2022-JP but does not decode
        with pytest.raises(StreamDecodeError):
            read_text(cut(data, points), enc)
        return
    stream = iter_text(cut(data, points), enc)
    assert "".join(stream) == whole
    assert stream.problems == [] and stream.tail is None
    assert stream.bytes_read == len(data)


@settings(deadline=None, max_examples=300)
@given(TEXT, st.sampled_from(ENCODINGS), st.lists(st.integers(0, 10_000), max_size=20),
       st.integers(1, 3))
def test_cut_streams_never_drop_the_tail(text, enc, points, drop):
    """A stream cut mid-character: 'replace' output equals whole decoding; strict raises."""
    data = encodable(text, enc).encode(enc)
    data = data[:max(0, len(data) - drop)]
    try:
        data.decode(enc)
        whole_ok = True
    except UnicodeDecodeError:
        whole_ok = False
    stream = iter_text(cut(data, points), enc, errors="replace")
    assert "".join(stream) == data.decode(enc, "replace")
    assert bool(stream.problems) == (not whole_ok)
    if not whole_ok:
        with pytest.raises(StreamDecodeError):
            read_text(cut(data, points), enc)


@pytest.mark.parametrize("enc,text", [
    ("utf-8", "黑马程序员"), ("gbk", "黑马程序员"), ("gb18030", "😀𠮷黑"), ("utf-16", "a😀b"),
    ("utf-16-be", "😀黑"), ("utf-32", "😀"), ("iso2022_jp", "abcこんにちは漢字xyz"), ("big5", "繁體中文"),
    ("shift_jis", "日本語ｶﾅ"), ("hz", "汉字 abc"),
])
def test_one_byte_at_a_time(enc, text):
    data = text.encode(enc)
    assert "".join(iter_text([data[i:i + 1] for i in range(len(data))], enc)) == text


def test_tail_is_reported_with_offset_and_reason():
    data = "黑马程序员".encode() * 100
    stream = iter_text(io.BytesIO(data[:-1]), errors="replace", chunk_size=7)
    text = stream.read()
    assert text.endswith("\ufffd") and text[:-1] == ("黑马程序员" * 100)[:-1]
    tail = stream.tail
    assert tail.kind == "truncated" and tail.offset == len(data) - 3 and tail.raw == data[-3:-1]
    assert "cut at a buffer boundary" in tail.reason


def test_strict_raises_a_unicode_decode_error_with_absolute_offset():
    with pytest.raises(StreamDecodeError) as e:
        read_text([b"ab", b"c\xff", b"d"])
    assert isinstance(e.value, UnicodeDecodeError) and e.value.offset == 3
    assert "0xFF" in str(e.value)
    with pytest.raises(StreamDecodeError) as e:
        read_text([b"ok \xe9\xbb"])
    assert e.value.unit.kind == "truncated" and e.value.offset == 3


def test_invalid_bytes_mid_stream_recorded_with_offsets():
    chunks = [b"ab\xe9", b"\xbb\x91\xff", b"x\xc3"]
    stream = iter_text(chunks, errors="replace")
    assert stream.read() == "ab黑\ufffdx\ufffd"
    assert [(u.kind, u.offset, u.raw) for u in stream.problems] == [
        ("invalid", 5, b"\xff"), ("truncated", 7, b"\xc3")]


def test_gbk_decoder_push_style():
    dec = StreamDecoder("cp936")
    data = "黑马".encode("gbk")
    assert dec.decode(data[:1]) == "" and dec.decode(data[1:3]) == "黑" and dec.decode(data[3:]) == "马"
    assert dec.finish() == "" and dec.encoding == "gbk"


def test_bad_arguments_raise_codecscope_errors():
    with pytest.raises(InputError):
        iter_text(b"x", chunk_size=0)
    with pytest.raises(InputError):
        iter_text(b"x", errors="no-such-handler")
    with pytest.raises(LookupError):
        iter_text(b"x", "no-such-encoding")
    with pytest.raises(InputError):
        list(iter_text(io.StringIO("text mode")))
    with pytest.raises(InputError):
        list(iter_text(42))
    with pytest.raises(InputError):
        read_text(io.BytesIO(b"x" * 100), max_bytes=10)


def _socketpair_with(payload_chunks):
    a, b = socket.socketpair()

    def feed():
        for c in payload_chunks:
            a.sendall(c)
        a.close()

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    return b, t


def test_recv_text_on_a_socket():
    data = ("长消息" * 2000).encode()
    sock, t = _socketpair_with([data[i:i + 1000] for i in range(0, len(data), 1000)])
    with sock:
        assert recv_text(sock, chunk_size=1024, timeout=5) == "长消息" * 2000
    t.join(5)


def test_asyncio_stream_reader():
    data = "黑马😀".encode("gb18030") * 500

    async def main():
        reader = asyncio.StreamReader()
        for i in range(0, len(data), 3):
            reader.feed_data(data[i:i + 3])
        reader.feed_eof()
        return await aread_text(reader, "gb18030", chunk_size=5)

    assert asyncio.run(main()) == "黑马😀" * 500


def test_lines_are_framed_then_decoded():
    data = "第一行\n第二行\r\n\nlast".encode()
    chunks = [data[i:i + 2] for i in range(0, len(data), 2)]
    assert list(iter_lines(chunks)) == ["第一行", "第二行\r", "", "last"]
    assert list(iter_lines(chunks, keepends=True))[0] == "第一行\n"


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig", "gbk", "iso2022_jp"])
def test_lines_in_wide_and_stateful_encodings(enc):
    lines = ["\u0a00\u0d0a漢字", "第二", "x"] if enc.startswith("utf-") else ["漢字", "第二", "x"]
    data = "\n".join(lines).encode(enc)
    assert list(iter_lines([data[i:i + 1] for i in range(len(data))], enc)) == lines


def test_line_cut_mid_character_is_reported():
    f = iter_lines([b"ok\n\xe9\xbb\n"], errors="replace")
    assert list(f) == ["ok", "\ufffd"]
    assert f.problems[0].offset == 3
    with pytest.raises(FramingError):
        list(iter_lines([b"x" * 100], max_line=10))


def test_length_prefixed_messages():
    msgs = ["黑马", "", "程序员😀"]
    data = b"".join(struct.pack("!I", len(m.encode())) + m.encode() for m in msgs)
    assert list(iter_messages([data[i:i + 1] for i in range(len(data))])) == msgs
    f = iter_messages([data[:-2]], errors="replace")
    assert list(f)[:2] == msgs[:2] and f.framing_problems and f.problems
    with pytest.raises(FramingError):
        list(iter_messages([data[:-2]]))


def test_async_lines():
    async def main():
        reader = asyncio.StreamReader()
        reader.feed_data("一\n二\n三".encode("gbk"))
        reader.feed_eof()
        return [x async for x in aiter_lines(reader, "gbk", chunk_size=1)]

    assert asyncio.run(main()) == ["一", "二", "三"]


def test_max_bytes_bounds_reading():
    s = iter_text(io.BytesIO(b"a" * 1000), max_bytes=10, chunk_size=3)
    assert s.read() == "a" * 10 and s.limited
    for source in (io.BytesIO(b"a" * 10), [b"a" * 4, b"", b"a" * 6], b"a" * 10):
        assert read_text(source, max_bytes=10) == "a" * 10
    for source in (io.BytesIO(b"a" * 11), [b"a" * 10, b"a"], b"a" * 11):
        with pytest.raises(InputError):
            read_text(source, max_bytes=10)


def test_aiter_text_max_bytes():
    async def main():
        reader = asyncio.StreamReader()
        reader.feed_data(b"abcdef")
        reader.feed_eof()
        return [x async for x in aiter_text(reader, max_bytes=4, chunk_size=3)]

    assert "".join(asyncio.run(main())) == "abcd"


def _request_response_server(greeting: bytes, pause_inside: bool = False):
    """The tutorials' request/response server: greet, wait for the client, answer, close."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)

    def run():
        conn, _ = lsock.accept()
        with conn:
            if pause_inside:  # the greeting's last character cut by a pause
                conn.sendall(greeting[:-1])
                time.sleep(0.6)
                conn.sendall(greeting[-1:])
            else:
                conn.sendall(greeting)
            name = conn.recv(1024)
            conn.sendall("你好，".encode() + name + "！再见。".encode())
        lsock.close()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return lsock.getsockname(), t


@pytest.mark.parametrize("pause_inside", [False, True])
def test_recv_text_against_a_request_response_server(pause_inside):
    greeting = "欢迎来到黑马聊天室！请输入你的名字：".encode()
    addr, t = _request_response_server(greeting, pause_inside)
    with socket.create_connection(addr, timeout=5) as sock:
        assert recv_text(sock, timeout=0.5) == greeting.decode()   # the server waits: a pause ends it
        sock.sendall("小明".encode())
        assert recv_text(sock, timeout=5) == "你好，小明！再见。"      # then it closes
    t.join(5)


def test_recv_text_timeouts_lose_nothing():
    a, b = socket.socketpair()
    with a, b:
        with pytest.raises(RecvTimeout) as e:
            recv_text(b, timeout=0.2)
        assert e.value.text == "" and e.value.pending == b""
        a.sendall("黑马".encode()[:-1])   # ends inside '马' and never completes
        with pytest.raises(RecvTimeout) as e:
            recv_text(b, timeout=0.2)
        assert e.value.text == "黑" and e.value.pending == "马".encode()[:2]
        assert isinstance(e.value, TimeoutError)


def test_recv_text_deadline_bounds_a_dripping_peer():
    a, b = socket.socketpair()
    stop = threading.Event()

    def drip():
        while not stop.is_set():
            try:
                a.sendall(b"x")
            except OSError:
                return
            time.sleep(0.05)

    t = threading.Thread(target=drip, daemon=True)
    t.start()
    try:
        t0 = time.monotonic()
        with pytest.raises(RecvTimeout) as e:
            recv_text(b, timeout=1, deadline=0.5)
        assert time.monotonic() - t0 < 2 and set(e.value.text) == {"x"}
    finally:
        stop.set()
        t.join(5)
        a.close()
        b.close()


def test_stream_error_carries_its_neighbourhood():
    data = "你好".encode() + "黑马程序员来了".encode("gbk")
    with pytest.raises(StreamDecodeError) as e:
        "".join(iter_text([data[:3], data[3:]], "utf-8"))
    err = e.value   # the bytes before the failing chunk and after the error come along
    assert err.object == data and err.object[err.start:err.end] == err.unit.raw
    assert err.context_start + err.start == err.offset == 6


def test_recv_text_keeps_a_sockets_own_timeout():
    a, b = socket.socketpair()
    with a, b:
        b.settimeout(0.3)
        a.sendall("你好".encode())
        assert recv_text(b) == "你好"          # the socket's timeout ends the reply like a pause
        assert b.gettimeout() == 0.3


def test_iter_text_stopped_by_max_bytes_inside_a_character_is_no_stream_error():
    import io

    from codecscope import iter_text

    stream = iter_text(io.BytesIO("黑马".encode() * 10), max_bytes=10)
    assert "".join(stream) == "黑马黑" and stream.limited   # the 4th character was cut by the cap


def test_many_handler_resumes_inside_units_in_one_chunk():
    # surrogateescape escapes the 0x80 of each invalid UTF-32 unit and decoding resumes one byte
    # later, thousands of times in one chunk: the same text as one decode, no recursion limit
    data = b"\x80\x00\x00\x00\x80" * 4000
    dec = StreamDecoder("utf-32-be", "surrogateescape")
    assert dec.decode(data) + dec.finish() == data.decode("utf-32-be", "surrogateescape")
    assert dec.problem_count == 4000


class _ResetAfterGo:
    """A loopback server that waits for the client's b'go', sends ``payload`` and resets the
    connection (SO_LINGER 0), so the reset always comes after the connection is up."""

    def __init__(self, payload: bytes):
        self.lsock = socket.create_server(("127.0.0.1", 0))
        self.lsock.settimeout(10)
        self.payload = payload
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            conn, _ = self.lsock.accept()
        except OSError:
            return
        conn.settimeout(10)
        conn.recv(2)
        conn.sendall(self.payload)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    def connect(self):
        sock = socket.create_connection(self.lsock.getsockname(), timeout=5)
        sock.sendall(b"go")
        return sock

    def close(self):
        self.lsock.close()
        self.thread.join(10)


@pytest.mark.parametrize("reader", ["recv_text", "read_text", "iter_text"])
def test_a_reset_loses_nothing_that_arrived(reader):
    from codecscope.stream import RecvReset

    server = _ResetAfterGo("黑马".encode()[:4])   # '黑' and the first byte of '马'
    try:
        with server.connect() as sock:
            pieces: list[str] = []
            with pytest.raises(RecvReset) as e:
                if reader == "recv_text":
                    recv_text(sock, "utf-8", timeout=5)
                elif reader == "read_text":
                    read_text(sock, "utf-8")
                else:
                    pieces.extend(iter_text(sock, "utf-8"))
    finally:
        server.close()
    assert "".join(pieces) + e.value.text == "黑" and e.value.pending == b"\xe9"
    assert isinstance(e.value, ConnectionResetError)   # code that caught the OS error still does


def test_lines_keep_the_unfinished_line_on_a_reset():
    from codecscope.stream import RecvReset

    server = _ResetAfterGo("一\n二".encode())
    try:
        with server.connect() as sock:
            lines: list[str] = []
            with pytest.raises(RecvReset) as e:
                lines.extend(iter_lines(sock))
    finally:
        server.close()
    assert lines == ["一"] and e.value.pending == "二".encode()


class _AsyncServer:
    """An asyncio loopback server that sends ``payload`` and keeps the connection open."""

    def __init__(self, payload: bytes):
        self.payload = payload
        self.writers: list[asyncio.StreamWriter] = []

    async def __aenter__(self):
        async def handle(reader, writer):
            writer.write(self.payload)
            await writer.drain()
            self.writers.append(writer)

        self.server = await asyncio.start_server(handle, "127.0.0.1", 0)
        reader, self.writer = await asyncio.open_connection(*self.server.sockets[0].getsockname()[:2])
        return reader

    async def __aexit__(self, *exc):
        self.writer.close()
        for w in self.writers:
            w.close()
        self.server.close()
        await self.server.wait_closed()


def test_async_readers_time_out_like_recv_text():
    from codecscope.stream import aiter_messages

    async def main():
        async with _AsyncServer("黑马".encode()) as reader:   # a pause between characters ends the text
            assert await aread_text(reader, timeout=0.3) == "黑马"
        async with _AsyncServer(b"") as reader:               # nothing at all
            with pytest.raises(RecvTimeout) as e:
                await aread_text(reader, timeout=0.2)
            assert (e.value.text, e.value.pending) == ("", b"")
        async with _AsyncServer("黑马".encode()[:4]) as reader:   # a pause inside '马' that never ends
            with pytest.raises(RecvTimeout) as e:
                await aread_text(reader, timeout=0.2)
            assert (e.value.text, e.value.pending) == ("黑", b"\xe9")
        async with _AsyncServer("黑马".encode()[:4]) as reader:   # the deadline bounds the whole read
            t0 = time.monotonic()
            pieces = []
            with pytest.raises(RecvTimeout) as e:
                async for piece in aiter_text(reader, deadline=0.3):
                    pieces.append(piece)
            assert time.monotonic() - t0 < 5
            assert "".join(pieces) + e.value.text == "黑" and e.value.pending == b"\xe9"
        async with _AsyncServer("一\n二".encode()) as reader:
            lines = []
            with pytest.raises(RecvTimeout) as e:
                async for line in aiter_lines(reader, timeout=0.2):
                    lines.append(line)
            assert lines == ["一"] and e.value.pending == "二".encode()
        async with _AsyncServer(struct.pack("!I", 6) + "黑马".encode()) as reader:
            messages = []
            with pytest.raises(RecvTimeout):
                async for m in aiter_messages(reader, deadline=0.3):
                    messages.append(m)
            assert messages == ["黑马"]

    asyncio.run(main())


def test_async_reset_keeps_what_arrived():
    from codecscope.stream import RecvReset

    class Resetting:   # a reader whose peer resets after '黑' and the first byte of '马'
        def __init__(self):
            self.chunks = [b"\xe9\xbb", b"\x91\xe9"]

        async def read(self, n):
            if self.chunks:
                return self.chunks.pop(0)
            raise ConnectionResetError(104, "Connection reset by peer")

    async def main():
        with pytest.raises(RecvReset) as e:
            await aread_text(Resetting())
        return e.value

    err = asyncio.run(main())
    assert (err.text, err.pending) == ("黑", b"\xe9")


@pytest.mark.parametrize("split", [False, True])
def test_max_line_holds_however_the_line_arrives(split):
    data = b"a" * 5000 + b"\nxy\n"
    chunks = [data[i:i + 100] for i in range(0, len(data), 100)] if split else [data]
    with pytest.raises(FramingError):
        list(iter_lines(chunks, max_line=1000))

    async def lines(**kw):
        reader = asyncio.StreamReader()
        for c in chunks:
            reader.feed_data(c)
        reader.feed_eof()
        return [x async for x in aiter_lines(reader, max_line=1000, **kw)]

    with pytest.raises(FramingError):
        asyncio.run(lines())
    # a lenient policy delivers the line in pieces of at most max_line bytes and records why
    frames = iter_lines(chunks, max_line=1000, errors="replace")
    got = list(frames)
    assert "".join(got[:-1]) == "a" * 5000 and got[-1] == "xy"
    assert all(len(x) <= 1000 for x in got) and len(frames.framing_problems) == 1
    assert asyncio.run(lines(errors="replace")) == got


def test_an_over_long_line_is_cut_between_characters():
    frames = iter_lines(["黑".encode() * 500 + b"\n"], max_line=1000, errors="replace")
    got = list(frames)
    assert "".join(got) == "黑" * 500 and frames.problems == []   # no character cut in two
    assert all(len(x.encode()) <= 1000 for x in got)


def test_a_finished_decoder_refuses_more_bytes():
    dec = StreamDecoder("utf-8")
    assert dec.finish() == ""
    with pytest.raises(InputError):
        dec.decode(b"a")

"""Does read_message() survive what TCP and real peers do?  Run: pytest [--receiver=naive_receiver]"""

import socket

import pytest
from hypothesis import given, settings, strategies as st

from codecscope.strategies import chunked, invalid_bytes, text_in
from codecscope.testing import ChunkedSocket, assert_same_text


# Every way the bytes can be cut into recv() results, favouring cuts inside characters.
@settings(deadline=None)
@given(case=chunked("utf-8"))
def test_any_chunking_utf8(read_message, case):
    text, chunks = case
    assert_same_text(read_message(ChunkedSocket(chunks)), text)


# The same for the Chinese and Japanese legacy encodings (2- and 4-byte characters).
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "shift_jis"])
@settings(deadline=None)
@given(data=st.data())
def test_any_chunking(read_message, encoding, data):
    text, chunks = data.draw(chunked(encoding), label="case")
    assert_same_text(read_message(ChunkedSocket(chunks), encoding), text, encoding)


# Broken input must not crash the receiver; it must show up as U+FFFD.
@settings(deadline=None)
@given(data=invalid_bytes("utf-8"))
def test_invalid_bytes_are_replaced_not_fatal(read_message, data):
    text = read_message(ChunkedSocket([data]))
    assert "\ufffd" in text


# The real thing: a TCP round trip through codecscope's echo server (pytest fixture).
@settings(deadline=None, max_examples=30)
@given(text=text_in("utf-8", min_size=1))
def test_round_trip_through_echo_server(echo_server, read_message, text):
    with socket.create_connection(echo_server.address, timeout=5) as sock:
        sock.sendall(text.encode("utf-8"))
        sock.shutdown(socket.SHUT_WR)
        assert_same_text(read_message(sock), text)


# A server that answers in GBK: the client must be told the right encoding.
@pytest.mark.parametrize("echo_server", [{"mode": "transcode", "to": "gbk"}], indirect=True)
@settings(deadline=None, max_examples=30)
@given(text=text_in("gbk", min_size=1))
def test_gbk_server(echo_server, read_message, text):
    with socket.create_connection(echo_server.address, timeout=5) as sock:
        sock.sendall(text.encode("utf-8"))
        sock.shutdown(socket.SHUT_WR)
        assert_same_text(read_message(sock, "gbk"), text, "gbk")

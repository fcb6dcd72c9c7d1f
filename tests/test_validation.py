"""The validation layer: what each check accepts and refuses, the error hierarchy users catch, and
reads that stop at their cap instead of running on."""

from __future__ import annotations

import io
import math

import pytest

import codecscope
from codecscope import validation
from codecscope.errors import InputError, InputTooLargeError, InputTypeError, UnknownEncodingError


@pytest.mark.parametrize("name", ["idna", "punycode", "undefined", "rot13", "unicode-escape", "base64"])
def test_non_text_codecs_are_refused_with_what_is_accepted(name):
    with pytest.raises(UnknownEncodingError) as e:
        validation.encoding(name)
    assert "not a text encoding" in str(e.value) and "utf-8" in e.value.accepted and "gbk" in str(e.value)


def test_encodings():
    assert validation.encodings(None) is None
    assert validation.encodings("CP936") == ["gbk"]
    assert validation.encodings(["utf8", "UTF-8", "gbk"]) == ["utf-8", "gbk"]
    for bad in (123, b"utf-8", [1], [None]):
        with pytest.raises(TypeError):
            validation.encodings(bad)
    with pytest.raises(ValueError, match="empty encoding name"):
        validation.encodings([" "])
    with pytest.raises(LookupError, match="klingon"):
        validation.encodings(["klingon"])


def test_integer():
    assert validation.integer(5, "n") == 5 and validation.integer(None, "n", none=True) is None
    for bad in (None, True, 2.0, "3", float("nan")):
        with pytest.raises(InputTypeError):
            validation.integer(bad, "n")
    with pytest.raises(InputError, match="at least 1"):
        validation.integer(0, "n", minimum=1)
    with pytest.raises(InputError, match="at most"):
        validation.integer(10 ** 20, "n")


def test_number():
    assert validation.number(0.5, "t") == 0.5 and validation.number(0, "t", positive=False) == 0
    for bad in (math.nan, math.inf, -math.inf, 0, -1):
        with pytest.raises(InputError):
            validation.number(bad, "t")
    with pytest.raises(InputTypeError):
        validation.number("1", "t")
    with pytest.raises(InputError, match="at most 1"):
        validation.number(2, "p", positive=False, maximum=1)


@pytest.mark.parametrize("text,n", [("1500", 1500), ("64K", 64 << 10), ("64M", 64 << 20), ("2g", 2 << 30),
                                     ("1 GiB", 1 << 30), ("5MB", 5_000_000)])
def test_parse_size(text, n):
    assert validation.parse_size(text) == n


@pytest.mark.parametrize("text", ["", "0", "-5", "lots", "12Q", "1.5M", "9" * 30 + "G"])
def test_parse_size_refuses(text):
    with pytest.raises(InputError):
        validation.parse_size(text)


class Endless(io.RawIOBase):
    """A stream that never ends, counting what was read from it."""

    def __init__(self, byte: bytes = b"\0") -> None:
        self.byte, self.read_so_far = byte, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        b[:] = self.byte * len(b)
        self.read_so_far += len(b)
        return len(b)


def test_capped_read_stops_just_past_the_cap():
    src = Endless()
    with pytest.raises(InputTooLargeError) as e:
        validation.read_capped(src, 3 << 20, "pipe")
    assert e.value.limit == 3 << 20 and "more than 3 MiB" in str(e.value)
    assert src.read_so_far <= (3 << 20) + 1


@pytest.mark.parametrize("byte", [b"\0", b"\xff"])
def test_diagnose_ends_an_endless_stream(byte):
    src = Endless(byte)
    with pytest.raises(InputTooLargeError):
        codecscope.diagnose(src, max_bytes=256 << 10)
    assert src.read_so_far <= (256 << 10) + 1


def test_diagnose_stream_under_the_cap_and_uncapped():
    data = "黑马\n".encode() * 1000
    assert codecscope.diagnose(io.BytesIO(data), max_bytes=len(data)).size == len(data)
    assert codecscope.diagnose(io.BytesIO(data), max_bytes=None).size == len(data)
    with pytest.raises(InputTooLargeError):
        codecscope.diagnose(io.BufferedReader(io.BytesIO(data)), max_bytes=len(data) - 1)


def test_a_regular_file_is_read_to_its_end_past_the_cap(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 5000)
    assert codecscope.diagnose(p, max_bytes=100).size == 5000
    with open(p, "rb") as f:
        assert codecscope.diagnose(f, max_bytes=100).size == 5000


# What the probe of issue 16 found raising from deep inside now raises at the entry point.
LIBRARY = [
    (lambda: codecscope.diagnose(b"\xff", keep=None), InputTypeError),
    (lambda: codecscope.diagnose(b"\xff", keep=-1), InputError),
    (lambda: codecscope.diagnose(b"\xff", encoding=123), InputTypeError),
    (lambda: codecscope.diagnose(b"\xff", encoding="idna"), UnknownEncodingError),
    (lambda: codecscope.diagnose(b"\xff", max_bytes=0), InputError),
    (lambda: codecscope.explain(b"\xff", 123), InputTypeError),
    (lambda: codecscope.explain(b"a.b", "idna"), UnknownEncodingError),
    (lambda: codecscope.explain("abc", "undefined"), UnknownEncodingError),
    (lambda: codecscope.explain(b"\xff", limit=10 ** 20), InputError),
    (lambda: codecscope.explain(b"\xff", limit=True), InputTypeError),
    (lambda: codecscope.explain(None), InputTypeError),
    (lambda: codecscope.detect(b"\xff", candidates=["undefined"]), UnknownEncodingError),
    (lambda: codecscope.detect(b"\xff", candidates=["idna", "punycode"]), UnknownEncodingError),
    (lambda: codecscope.detect(b"\xff", candidates=123), InputTypeError),
    (lambda: codecscope.detect_file(None), InputTypeError),
    (lambda: codecscope.detect_stream(123), InputTypeError),
    (lambda: list(codecscope.walk("text", "utf-8")), InputTypeError),
    (lambda: list(codecscope.units(123, "utf-8")), InputTypeError),
    (lambda: codecscope.StreamDecoder([]), UnknownEncodingError),
    (lambda: codecscope.registry.get("utf-8\0"), UnknownEncodingError),
]


@pytest.mark.parametrize("call,error", LIBRARY, ids=range(len(LIBRARY)))
def test_library_errors_at_the_entry_point(call, error):
    with pytest.raises(error):
        call()


def test_cli_option_types():
    import argparse

    from codecscope.cli.common import int_option, number_option, size_option

    assert int_option(1)("3") == 3 and number_option()("0.5") == 0.5 and size_option("1K") == 1024
    for parse, text in ((int_option(1), "0"), (int_option(), "1e3"), (number_option(), "nan"),
                        (number_option(), "inf"), (number_option(), "0"), (size_option, "1X")):
        with pytest.raises(argparse.ArgumentTypeError):
            parse(text)


def test_stream_decoder_follows_a_handler_that_resumes_inside_a_unit():
    """surrogateescape takes the bytes >= 0x80 of a unit and declines the rest, as one decode of
    the whole does: nothing of the unit is silently dropped."""
    from codecscope.stream import StreamDecodeError, StreamDecoder

    with pytest.raises(UnicodeDecodeError):
        b"\x80\x00".decode("utf-32", "surrogateescape")
    d = StreamDecoder("utf-32", "surrogateescape")
    with pytest.raises(StreamDecodeError):
        d.decode(b"\x80") + d.decode(b"\x00") + d.finish()
    d = StreamDecoder("utf-8", "surrogateescape")
    assert d.decode(b"a\xff\xfeb") + d.finish() == b"a\xff\xfeb".decode("utf-8", "surrogateescape")

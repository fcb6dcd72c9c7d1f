"""Detection answers a program acts on (``scan --fix``, ``--fail-on``): valid UTF-8 is UTF-8, a
chunk cut at either end is still its encoding, and a wrong reading is never given with the
confidence that makes ``scan --fix`` convert a file."""

from __future__ import annotations

import io

import pytest

import codecscope
from codecscope import detect

SURE = 0.9   # scan --fix acts from here


def _cuts(data: bytes, width: int):
    """Every window of ``width`` bytes: what a recv() of that size may hand over."""
    for i in range(0, max(1, len(data) - width + 1)):
        yield data[i:i + width]


def _lead(chunk: bytes) -> int:
    n = 0
    while n < len(chunk) and 0x80 <= chunk[n] <= 0xBF:
        n += 1
    return n


# -- a chunk that starts inside a character --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "जनवरी फ़रवरी मार्च अप्रैल मई जून",           # Devanagari, three bytes a character
    "Привет, как дела? Хорошо, спасибо.",          # Cyrillic, two
    "黑马程序员，欢迎来到网络编程的世界。",          # Han, three
    "Größe, Maß und Gewicht für Übergrößen",       # Latin with a few two-byte letters
])
@pytest.mark.parametrize("width", [12, 24, 40])
def test_a_utf8_chunk_cut_at_both_ends_is_utf8(text, width):
    data = text.encode()
    for chunk in _cuts(data, width):
        if chunk.isascii():
            continue
        det = detect(chunk)
        whole = chunk[_lead(chunk):].decode("utf-8", "ignore")
        if whole.isascii():   # only the pieces of cut characters: every reading is the same text
            assert det.encoding == "utf-8" or "utf-8" in det.equivalent, (chunk, det)
            continue
        assert det.encoding == "utf-8", (chunk, det)
        starts_cut = 0x80 <= chunk[0] <= 0xBF
        assert det.best.cut_start == starts_cut, chunk
        if starts_cut:
            assert not det.best.valid
            assert det.best.to_dict()["cut_start"] is True


def test_a_cut_first_character_is_named_and_left_out_of_the_reading():
    data = "Привет, мир".encode()[1:]
    det = detect(data)
    assert det.encoding == "utf-8" and det.confidence >= SURE
    assert det.text == "ривет, мир"
    assert "starts inside a character" in str(det) or "cut first" in str(det)


def test_four_continuation_bytes_are_not_a_cut_character():
    # UTF-8 characters have at most three continuation bytes: four are invalid, not a cut
    det = detect(b"\x80\x80\x80\x80" + "Привет, мир".encode())
    assert det.best is None or not det.best.cut_start


def test_a_stream_that_starts_mid_character_is_utf8():
    data = ("Привет, как дела? Хорошо. " * 2000).encode()
    for skip in (1, 3):
        det = codecscope.detect_stream(io.BytesIO(data[skip:]))
        assert det.encoding == "utf-8" and det.best.cut_start, skip
        assert det.confidence >= SURE
    # invalid further on: the cut first character does not hide it
    det = codecscope.detect_stream(io.BytesIO(data[1:] + b"\xff"))
    utf8 = next(c for c in det.candidates if c.encoding == "utf-8")
    assert utf8.invalid >= 2

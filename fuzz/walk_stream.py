"""Coverage-guided fuzzing (atheris) of the decode walk, the stream decoder and diagnose's pass.

    pip install atheris
    python fuzz/walk_stream.py -runs=200000 [-max_len=4096] [corpus_dir]

The first input byte picks the encoding, the second the chunk size; the rest is the data.  Each
input must keep the invariants users rely on: the walk's units tile the data exactly, offsets
ascending; the stream decoder fed in chunks gives what one ``bytes.decode(errors="replace")`` of the
whole gives; ``validity`` counts the same whatever the chunking, with or without a unit per
error (``keep``); and nothing raises but
codecscope's documented errors.  A failure stops the run with the input that caused it.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from codecscope import registry
    from codecscope.diagnosis import validity
    from codecscope.stream import StreamDecoder
    from codecscope.walking import walk

NAMES = registry.names()


def _strict_ok(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def one_input(buf: bytes) -> None:
    if len(buf) < 2:
        return
    enc = NAMES[buf[0] % len(NAMES)]
    chunk = 1 + buf[1] % 97
    data = buf[2:]
    pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)]

    units = list(walk(data, enc))
    assert b"".join(u.raw for u in units) == data, enc
    pos = 0
    for u in units:
        assert u.offset == pos, (enc, u)
        pos = u.end

    dec = StreamDecoder(enc, "replace")
    streamed = "".join(dec.decode(p) for p in pieces) + dec.finish()
    whole = data.decode(enc, "replace")
    # A bad escape in ISO-2022/HZ: one decode of the whole swallows everything after it as one
    # "incomplete multibyte sequence", while CPython's incremental decoder gives up on it ("pending
    # buffer overflow"); the walk reports the escape and carries on.  Equal for valid stateful data.
    if not registry.get(enc).stateful or _strict_ok(data, enc):
        assert streamed == whole, (enc, chunk, streamed, whole)

    # Counting only (keep=0) and the full unit walk agree, whatever the chunking.
    counted, walked = validity(pieces or [b""], enc, keep=0), validity(data, enc, keep=1 << 30)
    fields = ("size", "chars", "non_ascii", "cjk", "invalid", "invalid_bytes", "truncated", "bom", "line_endings")
    assert [getattr(counted, f) for f in fields] == [getattr(walked, f) for f in fields], enc
    assert walked.size == len(data)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

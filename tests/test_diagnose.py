"""diagnose(): whole-input verdict, streaming validity pass, extension points."""

import codecs
import io
import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from codecscope import diagnose
from codecscope.diagnosis import Finding, LineEndings, register_text_analyzer, validity
from codecscope.errors import InputError, UnknownEncodingError
import sys

DMOD = sys.modules["codecscope.diagnosis"]


@pytest.fixture
def core(monkeypatch):
    """diagnose without the detectors/analyzers other modules register: the core verdict only."""
    DMOD._load_plugins()
    monkeypatch.setattr(DMOD, "_detectors", [])
    monkeypatch.setattr(DMOD, "_analyzers", [])


def _fields(v):
    d = v.to_dict()
    d["first_invalid"] = [u["offset"] for u in d["first_invalid"]]
    return d


@given(data=st.binary(max_size=300), cuts=st.lists(st.integers(0, 300), max_size=8),
       enc=st.sampled_from(["utf-8", "gbk", "gb18030", "big5", "cp932", "utf-16", "latin-1", "hz"]))
@settings(max_examples=200)
def test_streaming_validity_equals_whole(data, cuts, enc):
    edges = sorted({c % (len(data) + 1) for c in cuts})
    chunks = [data[a:b] for a, b in zip([0, *edges], [*edges, len(data)])]
    assert _fields(validity(chunks, enc)) == _fields(validity(data, enc))


@given(text=st.text(alphabet=st.sampled_from("ab\r\n黑"), max_size=40),
       cuts=st.lists(st.integers(0, 200), max_size=6), enc=st.sampled_from(["utf-8", "gbk", "utf-16-le"]))
@settings(max_examples=200)
def test_counts_and_line_endings(text, cuts, enc):
    data = text.encode(enc)
    edges = sorted({c % (len(data) + 1) for c in cuts})
    chunks = [data[a:b] for a, b in zip([0, *edges], [*edges, len(data)])]
    v = validity(chunks, enc)
    assert v.valid and v.chars == len(text)
    assert v.cjk == text.count("黑") == v.non_ascii
    crlf = text.count("\r\n")
    assert v.line_endings == LineEndings(text.count("\n") - crlf, crlf, text.count("\r") - crlf)


def test_validity_facts():
    v = validity(codecs.BOM_UTF8 + "黑\r\nA\n".encode() + b"\xff" * 9 + "黑".encode()[:2], "utf-8", keep=3)
    assert v.bom is not None and v.chars == 5 and v.cjk == 1
    assert v.invalid == 9 and v.invalid_bytes == 9 and len(v.first_invalid) == 3
    assert v.truncated is not None and "buffer boundary" in v.truncated.reason
    assert v.line_endings.style == "mixed"
    assert v.verdict == "not UTF-8: 9 invalid sequences and a truncated tail"
    assert validity(b"abc").verdict == "ASCII only, 3 chars"
    assert validity("黑马".encode()).verdict == "valid UTF-8, 2 chars, 2 CJK"


def test_diagnose_bytes_and_several_encodings(core):
    d = diagnose("静夜思，床前明月光".encode("gbk"), encoding=["utf-8", "gbk"])
    assert d.source == "bytes" and not d.ok
    assert d.verdict.startswith("not UTF-8") and "valid GBK" in d.verdict
    assert [v.encoding for v in d.validity] == ["utf-8", "gbk"]
    assert {f.kind for f in d.findings} <= {"invalid-sequence", "truncated-tail"}
    assert d.detection is None  # nothing is guessed without a registered detector
    good = diagnose("黑马\n".encode())
    assert good.ok and good.verdict == "valid UTF-8, 3 chars, 2 CJK; LF line endings (1)"
    json.dumps(good.to_dict())


def test_diagnose_file_and_stream_match_bytes(tmp_path, core):
    data = ("第一行\r\n" * 50_000).encode() + b"\xe9\xbb"   # > 1 block, truncated tail
    p = tmp_path / "f.txt"
    p.write_bytes(data)
    a, b, c = diagnose(data), diagnose(p), diagnose(io.BytesIO(data))
    assert a.validity == b.validity == c.validity
    assert b.source == "file" and b.name == str(p) and b.size == len(data)
    assert [f.kind for f in b.findings] == ["truncated-tail"]
    assert b.validity[0].line_endings.crlf == 50_000


def test_diagnose_text(core):
    d = diagnose("ok\ufffd\ufffd and a\ufeffb")
    assert d.source == "text" and d.text.chars == 12
    kinds = [f.kind for f in d.findings]
    assert kinds == ["replacement-char", "bom-mid-text"]
    assert d.findings[0].span == (2, 4)
    assert not d.ok
    assert diagnose("clean 中文").ok


def test_text_analyzer_hook(core):
    def fake(text):
        return [Finding("test-kind", (0, 1), "because", True)] if text.startswith("!") else []

    register_text_analyzer(fake)
    try:
        assert [f.kind for f in diagnose("!x").findings] == ["test-kind"]
        assert diagnose("x").findings == ()
    finally:
        DMOD._analyzers.remove(fake)


def test_bad_arguments(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        diagnose(tmp_path / "missing")
    with pytest.raises(InputError, match="directory"):
        diagnose(tmp_path)
    with pytest.raises(UnknownEncodingError):
        diagnose(b"x", encoding="gbk2")
    with pytest.raises(InputError):
        diagnose(3.5)
    with pytest.raises(InputError, match="binary file object"):
        diagnose(io.StringIO("text mode"))


def test_many_carriage_returns():
    v = validity(b"a\r\n" * 1000 + b"\r" * 600 + "黑\n".encode(), "utf-8")
    assert v.line_endings == LineEndings(1, 1000, 600)
    assert validity("x\r\n".encode("gbk") * 3, "gbk").line_endings == LineEndings(0, 3, 0)


def test_bytes_detector_hook(core):
    seen = []

    def fake(ctx):
        seen.append((ctx.size, ctx.head, ctx.validity[0].valid, ctx.path))
        return "DETECTED", [Finding("test-kind", (0, 2), "because", None)]

    DMOD.register_bytes_detector(fake)
    d = diagnose(b"\xe9x")
    assert d.detection == "DETECTED" and [f.kind for f in d.findings] == ["invalid-sequence", "test-kind"]
    assert seen == [(2, b"\xe9x", False, None)]
    assert d.to_dict()["detection"] == "DETECTED"


def test_bytes_valid_in_the_detected_encoding_say_so_first():
    d = diagnose("黑马程序员，你好".encode("gbk"))
    assert d.verdict.startswith("these bytes are valid GB18030: '黑马程序员，你好'; as UTF-8: not UTF-8")
    assert diagnose(b"plain ascii").verdict.startswith("ASCII only")


def test_a_named_pipe_is_read_once_and_never_waits_forever(tmp_path, monkeypatch):
    import os
    import threading

    from codecscope import fsutil

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes("黑马".encode("gbk")))
    writer.start()
    d = diagnose(fifo, encoding=["utf-8", "gbk"])
    writer.join(5)
    assert d.size == 4 and d.validity[1].valid and d.name == str(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(b"x" * 5000))
    writer.start()
    with pytest.raises(InputError, match=f"^{re.escape(str(fifo))}: more than"):  # named, not "stream"
        diagnose(fifo, max_bytes=1000)
    writer.join(5)
    monkeypatch.setattr(fsutil, "FIFO_WAIT", 0.2)
    with pytest.raises(InputError, match="named pipe with nothing written"):
        diagnose(fifo)


def test_utf16_bytes_say_their_own_line_breaks_not_those_of_a_utf8_reading():
    d = diagnose("你好\r\n世界\r\n".encode("utf-16"))
    assert d.verdict.startswith("these bytes are valid UTF-16") and d.verdict.endswith("CRLF line endings (2)")
    # bytes of a one-byte code page count their line breaks as they are
    assert diagnose("你好\r\n世界\n".encode("gbk")).verdict.endswith("mixed line endings: 1 LF, 1 CRLF")

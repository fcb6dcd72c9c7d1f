"""Big inputs: the streamed paths (detect_file / detect_stream, diagnose of a file) give the answers
the in-memory paths give, every byte is validated, a block boundary inside a character is never
an error, and the decoded text stays out of JSON unless asked for.  No timing here: speed is
measured in bench/detect.py files."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codecscope import diagnose
from codecscope.detection import detect, detect_file, detect_stream
from codecscope.diagnosis import validity

BLOCK = 1 << 20   # the block size files are read in

ZH = "北京市朝阳区建国路八十八号，电话：一二三四五六七。这是一封来自旧系统的邮件。\n"
JA = "東京都千代田区丸の内一丁目、お問い合わせはこちらまでどうぞ。日本語の文章です。\n"
RU = "Москва, улица Тверская, дом семь. Это письмо из старой системы учёта заказов.\n"


def _big(text: str, encoding: str, size: int, prefix: bytes = b"") -> bytes:
    unit = text.encode(encoding)
    data = prefix + unit * (size // len(unit) + 1)
    return data[:data.rfind(b"\n", 0, size) + 1]


@pytest.mark.parametrize("text, encoding, family", [(ZH, "gbk", "gb18030"), (JA, "shift_jis", "cp932"),
                                                    (RU, "cp1251", "cp1251")])
def test_a_big_file_gets_the_verdict_of_its_first_lines(tmp_path, text, encoding, family):
    data = _big(text, encoding, 3 * BLOCK + 12345)
    p = tmp_path / "big.txt"
    p.write_bytes(data)
    small = detect(data[:data.index(b"\n", 2000) + 1])
    big = detect_file(p)
    assert small.encoding == big.encoding == family
    assert big.best is not None and big.best.valid and big.best.invalid == 0
    assert big.confidence >= 0.9 and big.size == len(data) and big.text is None


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "shift_jis"])
def test_a_character_cut_by_the_block_boundary_is_not_invalid(tmp_path, encoding):
    text = JA if encoding == "shift_jis" else ZH
    cuts = 0
    for pad in range(3):   # ASCII in front shifts the characters across the block boundary
        data = _big(text, encoding, 2 * BLOCK + 100, b"a" * pad)
        dec = codecs.getincrementaldecoder(encoding)()
        dec.decode(data[:BLOCK])
        cuts += bool(dec.getstate()[0])   # the first block ends inside a character
        p = tmp_path / f"cut{pad}.txt"
        p.write_bytes(data)
        det = detect_file(p)
        assert det.best is not None and det.best.valid and det.best.invalid == 0, det.note
        v = diagnose(p, encoding=encoding).validity[0]
        assert v.invalid == 0 and v.truncated is None and v.size == len(data)
    assert cuts   # the case this test is about did occur


def test_chunks_cut_anywhere_give_the_whole_inputs_answer():
    data = _big(ZH, "gbk", 20_000)
    whole = detect_stream([data])
    for n in (1, 3, 7, 1000, 4097):
        det = detect_stream([data[i:i + n] for i in range(0, len(data), n)])
        assert (det.encoding, det.best.valid, det.best.invalid) == (whole.encoding, True, 0)


def test_the_sample_finds_text_far_into_a_long_line():
    # the first non-ASCII byte after a megabyte of ASCII on the same line
    data = b"x" * (BLOCK + 5) + "汉字编码检测，".encode("gbk") * 400 + b"\n"
    det = detect(data)
    assert det.encoding == "gb18030" and det.best.valid


@pytest.mark.parametrize("short", [1, 2, 3, 5000])
def test_a_long_ascii_line_before_the_text_is_not_the_sample(short):
    # a first line of almost a block of ASCII: the sample must not be made of it (it was: 'ascii')
    data = b"a" * (BLOCK - short) + ("中文测试文本\n" * 2000).encode("gbk")
    det = detect(data)
    assert det.encoding == "gb18030" and det.best.valid and det.confidence > 0.9


def test_long_lines_without_spaces_are_sampled_on_character_boundaries():
    line = ("中文测试文本，" * 900).encode("gbk")   # 12.6 kB, no byte below 0x30
    for prefix in (b"", b"a", b"ab"):
        det = detect((prefix + line + b"\n") * 8)
        assert det.encoding == "gb18030" and det.best.valid and det.best.invalid == 0


def test_an_invalid_byte_deep_in_a_big_file_is_counted():
    data = _big(ZH, "gbk", 2 * BLOCK)
    bad = data[:BLOCK + 7] + b"\xff" + data[BLOCK + 7:]
    det = detect_stream([bad[i:i + 65536] for i in range(0, len(bad), 65536)])
    assert det.encoding == "gb18030" and not det.best.valid and det.best.invalid >= 1


def test_diagnose_streams_a_big_legacy_file_and_says_what_it_is(tmp_path):
    data = _big(ZH, "gbk", 2 * BLOCK)
    p = tmp_path / "legacy.txt"
    p.write_bytes(data)
    d = diagnose(p)
    assert d.detection is not None and d.detection.encoding == "gb18030" and d.detection.text is None
    assert d.validity[0].encoding == "utf-8" and d.validity[0].invalid > 0
    assert "valid GB18030" in d.verdict and "北京市" in d.verdict


def test_diagnose_finds_mixed_lines_in_a_file_bigger_than_the_sample(tmp_path):
    data = ZH.encode("gbk") * 400 + ZH.encode("utf-8") * 400
    assert len(data) > 16 << 10
    p = tmp_path / "mixed.log"
    p.write_bytes(data)
    d = diagnose(p)
    assert d.detection is not None and d.detection.mixed
    assert [f.encoding for f in d.findings if f.kind == "mixed-encoding"] == ["gb18030", "utf-8"]


def test_random_bytes_get_an_answer(tmp_path):
    data = random.Random(7).randbytes(64 << 10)
    p = tmp_path / "random.bin"
    p.write_bytes(data)
    d = diagnose(p)
    assert d.validity[0].invalid > 1000 and d.validity[0].size == len(data)
    assert detect(data).confidence < 0.5


def test_json_leaves_the_text_out_unless_asked():
    data = _big(ZH, "gbk", 100_000)
    det = detect(data)
    assert det.text is not None and det.to_dict()["text"] is None
    assert det.to_dict(text=True)["text"] == data.decode("gb18030")
    assert len(json.dumps(det.to_dict())) < 20_000
    assert diagnose(data).to_dict()["detection"]["text"] is None
    lean = detect(data, text=False)   # the verdict alone: no decode of the whole input
    assert lean.text is None and (lean.encoding, lean.confidence) == (det.encoding, det.confidence)
    assert detect(data[:100], text=False).text is None


def test_detect_cli_json_has_text_only_with_the_option(tmp_path, capsys):
    from codecscope.cli.main import main

    p = tmp_path / "big.txt"
    p.write_bytes(_big(ZH, "gbk", 100_000))
    assert main(["detect", "--json", str(p)]) == 0
    assert json.loads(capsys.readouterr().out)["text"] is None
    assert main(["detect", "--json", "--with-text", str(p)]) == 0
    assert json.loads(capsys.readouterr().out)["text"].startswith("北京市")


_PIECES = [s.encode("utf-8") for s in ("abc", "\r\n", "\r", "\n", "中文", "한국", "𠀀", "é", "\ufffd")] + [
    b"\xff", b"\xe4\xb8", b"\xba\xba", b"\xc3", b"\xf0\x9f", b"\x80", b"\xed\xa0\x80"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80), st.integers(1, 70), st.integers(0, 6))
def test_the_fast_utf8_count_agrees_with_the_unit_walk(parts, chunk, keep):
    data = b"".join(parts)
    fast = validity([data[i:i + chunk] for i in range(0, len(data), chunk)] or [b""], "utf-8", keep=keep)
    walked = validity(data, "utf-8", keep=10 ** 9)   # every invalid sequence as a unit
    fields = ("size", "chars", "non_ascii", "cjk", "invalid", "invalid_bytes", "line_endings")
    assert [getattr(fast, f) for f in fields] == [getattr(walked, f) for f in fields]
    assert [(u.offset, u.raw) for u in fast.first_invalid] == [(u.offset, u.raw) for u in walked.first_invalid[:keep]]
    assert (fast.truncated is None) == (walked.truncated is None)


def test_the_fast_count_over_big_blocks_agrees_with_the_unit_walk():
    rng = random.Random(3)
    data = b"".join(rng.choice(_PIECES) for _ in range(40_000))   # ~100 kB, pieces of 32 KiB and 1 KiB
    fast = validity([data[i:i + BLOCK] for i in range(0, len(data), BLOCK)], "utf-8")
    walked = validity(data, "utf-8", keep=10 ** 9)
    fields = ("size", "chars", "non_ascii", "cjk", "invalid", "invalid_bytes", "line_endings")
    assert [getattr(fast, f) for f in fields] == [getattr(walked, f) for f in fields]


def test_files_read_by_diagnose_are_not_held(tmp_path):
    # a file over the whole-read limit is streamed: the detection has no text, sizes are exact
    p = tmp_path / "huge.txt"
    data = _big(RU, "cp1251", 3 * BLOCK)
    p.write_bytes(data)
    d = diagnose(Path(p))
    assert d.size == len(data) and d.detection is not None and d.detection.encoding == "cp1251"
    assert d.detection.streamed and d.detection.text is None

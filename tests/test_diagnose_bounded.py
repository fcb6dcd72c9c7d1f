"""diagnose of a big file that is clearly not UTF-8: the UTF-8 count of invalid sequences stops after
a bounded prefix, says so everywhere a user reads it, and stands only where the detection has
validated every byte as another encoding; everything else stays exact."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codecscope.diagnosis as dg
from codecscope import diagnose
from codecscope.diagnosis import CLEARLY_NOT, COUNT_PREFIX, validity

ZH = "北京市朝阳区建国路八十八号，电话：一二三四五六七。这是一封来自旧系统的邮件。\r\n"


def _big(text: str, encoding: str, size: int) -> bytes:
    unit = text.encode(encoding)
    return unit * (size // len(unit) + 1)


@pytest.fixture(scope="module")
def gbk_file(tmp_path_factory):
    data = _big(ZH, "gbk", 3 * COUNT_PREFIX)
    p = tmp_path_factory.mktemp("bounded") / "legacy.txt"
    p.write_bytes(data)
    return p, data


def test_a_file_valid_in_its_detected_encoding_stops_counting_utf8_and_says_so(gbk_file):
    p, data = gbk_file
    d = diagnose(p)
    exact = validity(data, "utf-8")
    v = d.validity[0]
    assert d.detection is not None and d.detection.encoding == "gb18030" and d.detection.best.valid
    assert not v.exact and COUNT_PREFIX - 4 <= v.counted_bytes <= COUNT_PREFIX + (64 << 10)
    assert CLEARLY_NOT <= v.invalid < exact.invalid
    # what stays exact: the size, the line endings, the first invalid sequences and their reasons
    assert (v.size, v.line_endings, v.bom) == (exact.size, exact.line_endings, exact.bom) == (len(data), v.line_endings, None)
    assert v.line_endings.crlf == data.count(b"\r\n") and v.line_endings.lf == v.line_endings.cr == 0
    assert [(u.offset, u.raw, u.reason) for u in v.first_invalid] == \
        [(u.offset, u.raw, u.reason) for u in exact.first_invalid]
    assert not v.valid and not d.ok
    said = f"not UTF-8: {v.invalid} invalid sequences in the first 1 MiB; the rest not counted (--count-all)"
    assert said in v.verdict and said in d.verdict and "valid GB18030" in d.verdict
    assert "more invalid sequences in the first 1 MiB; the rest not counted" in str(d)
    js = json.loads(json.dumps(d.to_dict()))["validity"][0]
    assert js["exact"] is False and js["counted_bytes"] == v.counted_bytes and js["invalid"] == v.invalid


def test_count_all_counts_every_invalid_sequence(gbk_file):
    p, data = gbk_file
    v = diagnose(p, count_all=True).validity[0]
    exact = validity(data, "utf-8")
    assert v.exact and v.counted_bytes is None and v.invalid == exact.invalid
    assert diagnose(p, count_all=True).to_dict()["validity"][0]["exact"] is True


def test_bytes_in_memory_are_bounded_alike(gbk_file):
    _, data = gbk_file
    v = diagnose(data).validity[0]
    assert not v.exact and v.size == len(data) and v.invalid >= CLEARLY_NOT


def test_a_file_no_encoding_validates_is_counted_exactly(tmp_path):
    # GBK with a stray byte deep inside: the detection has an invalid sequence, so nothing else
    # validated every byte, and UTF-8's count must be whole
    data = _big(ZH, "gbk", 3 * COUNT_PREFIX)
    data = data[:2 * COUNT_PREFIX + 5] + b"\xff" + data[2 * COUNT_PREFIX + 5:]
    p = tmp_path / "broken.txt"
    p.write_bytes(data)
    d = diagnose(p)
    assert d.detection is not None and not d.detection.best.valid
    v = d.validity[0]
    assert v.exact and v.invalid == validity(data, "utf-8").invalid
    assert "not counted" not in str(d)


def test_utf8_with_a_few_stray_bytes_is_counted_exactly(tmp_path):
    # fewer invalid sequences than "clearly not UTF-8" in the first MiB: every one is counted
    good = ("日本語のテキスト、ここは正しい UTF-8 です。\n" * 40_000).encode()
    data = good[:COUNT_PREFIX // 2] + b"\xe9" + good[COUNT_PREFIX // 2:] + b"\xe9\n" + good[:COUNT_PREFIX]
    p = tmp_path / "strays.txt"
    p.write_bytes(data)
    v = diagnose(p).validity[0]
    assert v.exact and v.invalid == 2


def test_other_encodings_asked_for_are_counted_exactly(gbk_file):
    p, data = gbk_file
    d = diagnose(p, encoding=["gbk", "utf-8"])
    assert d.validity[0].valid and d.validity[1].exact
    assert d.validity[1].invalid == validity(data, "utf-8").invalid


def test_the_command_says_counting_stopped_in_english_and_chinese(gbk_file, capsys, monkeypatch):
    from codecscope import i18n
    from codecscope.cli.main import main

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(name, "")   # restored afterwards, though --lang sets LANGUAGE
        monkeypatch.delenv(name)
    p, _ = gbk_file
    try:
        assert main(["--lang", "en", "diagnose", str(p)]) == 0
        out = capsys.readouterr().out
        assert "invalid sequences in the first 1 MiB; the rest not counted (--count-all)" in out
        assert main(["--lang", "zh", "diagnose", str(p)]) == 0
        out = capsys.readouterr().out
        assert "前 1 MiB 中有" in out and "其余未计数（--count-all）" in out
        assert main(["--lang", "en", "diagnose", "--count-all", "--json", str(p)]) == 0
        assert json.loads(capsys.readouterr().out)["validity"][0]["exact"] is True
    finally:
        i18n.setup("en")


_PIECES = [b"abc", b"\r\n", b"\r", b"\n", "中文".encode(), b"\xff", b"\xe4\xb8", b"\xc3", b"\x80", b"\xef\xbb\xbf"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=400), st.integers(1, 300),
       st.integers(0, 1), st.integers(1, 40))
def test_a_bounded_count_keeps_size_line_endings_and_first_errors_exact(parts, chunk, bom, enough):
    data = b"\xef\xbb\xbf" * bom + b"".join(parts)
    chunks = [data[i:i + chunk] for i in range(0, len(data), chunk)]
    exact = validity(data, "utf-8", keep=3)
    # a small prefix, so the stop falls anywhere in the input
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dg, "COUNT_PREFIX", 64)
        mp.setattr(dg, "CLEARLY_NOT", enough)
        got = validity(chunks, "utf-8", keep=3, bounded=True)
    assert (got.size, got.line_endings, got.bom) == (exact.size, exact.line_endings, exact.bom)
    assert [(u.offset, u.raw) for u in got.first_invalid] == [(u.offset, u.raw) for u in exact.first_invalid]
    if got.exact:
        assert (got.invalid, got.chars, got.truncated is None) == (exact.invalid, exact.chars, exact.truncated is None)
    else:
        assert enough <= got.invalid <= exact.invalid and got.counted_bytes <= len(data)
        assert validity(data[:got.counted_bytes], "utf-8").invalid >= got.invalid - 1


def test_random_bytes_stay_linear_and_exact_without_a_valid_detection(tmp_path):
    data = random.Random(5).randbytes(2 * COUNT_PREFIX)
    p = tmp_path / "random.bin"
    p.write_bytes(data)
    v = diagnose(p).validity[0]
    assert v.exact and v.invalid == validity(data, "utf-8").invalid

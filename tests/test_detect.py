"""Encoding detection: short CJK input, superset names, BOMs, streams, evidence, bad arguments."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codecscope.detection import Detection, detect, detect_file, detect_stream
from codecscope.errors import InputError, UnknownEncodingError


def roundtrips(text: str, enc: str) -> bool:
    data = text.encode(enc)
    got = detect(data).encoding
    return got is not None and data.decode(got) == text


@pytest.mark.parametrize("text,enc", [
    ("你好，世界", "gbk"),                 # 10 bytes of simplified Chinese
    ("繁體中文測試", "big5"),
    ("こんにちは世界", "cp932"),
    ("こんにちは世界", "euc_jp"),
    ("안녕하세요 여러분", "cp949"),
    ("Привет, мир", "cp1251"),
    ("Привет, мир", "koi8_r"),
    ("Καλημέρα κόσμε", "iso8859_7"),
    ("שלום עולם", "cp1255"),
    ("Straße café", "cp1252"),
])
def test_short_input_in_each_family(text, enc):
    assert roundtrips(text, enc)


@pytest.mark.parametrize("text,enc,name", [
    ("张喆是我的朋友", "gbk", "gb18030"),          # 喆 is GBK-only: a gb2312 answer would fail
    ("김똠방씨", "cp949", "cp949"),                # 똠 is outside EUC-KR
    ("髙橋さんの電話番号は①です", "cp932", "cp932"),  # IBM/NEC extensions outside Shift_JIS
    ("香港𡃁仔", "big5hkscs", "big5hkscs"),        # an HKSCS character
])
def test_family_named_by_the_superset_that_decodes_it(text, enc, name):
    data = text.encode(enc)
    det = detect(data)
    assert det.encoding == name
    assert data.decode(det.encoding) == text == det.text


def test_plain_big5_is_named_big5_not_hkscs():
    det = detect("臺北市信義區市府路".encode("big5"))
    assert det.encoding == "big5"


def test_valid_utf8_is_utf8():
    for text in ("é", "黑", "naïve café", "Привет", "日本語のテキスト"):
        det = detect(text.encode("utf-8"))
        assert det.encoding == "utf-8" and det.text == text and det.confidence > 0.9


def test_boms_and_utf16_without_bom():
    assert detect(b"\xef\xbb\xbfhello").encoding == "utf-8-sig"
    assert detect("hello".encode("utf-16")).encoding == "utf-16"
    assert detect("hello wide world".encode("utf-16-le")).encoding == "utf-16-le"
    assert detect("hello wide world".encode("utf-16-be")).encoding == "utf-16-be"


def test_ascii_empty_and_binary():
    assert detect(b"plain text").encoding == "ascii"
    empty = detect(b"")
    assert empty.encoding is None and empty.confidence == 0.0
    assert detect(bytes(range(0, 16)) * 4).encoding is None


def test_iso2022_jp_escapes():
    data = "こんにちは".encode("iso2022_jp")
    det = detect(data)
    assert det.encoding == "iso2022_jp" and det.text == "こんにちは"


def test_candidates_limit_and_evidence():
    data = "Съешь же ещё этих мягких французских булок".encode("koi8_r")  # ы, э, ё: Russian
    det = detect(data, candidates=["cp1251", "koi8-r"])
    assert {c.encoding for c in det.candidates} <= {"cp1251", "koi8_r"}
    assert det.encoding == "koi8_r"
    best = det.candidates[0]
    assert best.valid and best.invalid == 0 and best.script == "Cyrillic" and best.language == "Russian"
    assert det.candidates[0].score > det.candidates[1].score


def test_invalid_counts_come_from_the_walk():
    data = "中文".encode("utf-8") + b"\xff" + "测试".encode("utf-8")
    det = detect(data, candidates=["utf-8"])
    c = det.candidates[0]
    assert not c.valid and c.invalid == 1


def test_truncated_tail_is_not_valid():
    data = "你好世界".encode("gbk")[:-1]
    det = detect(data, candidates=["gbk"])
    assert det.candidates[0].truncated and not det.candidates[0].valid


def test_ambiguity_is_reported_in_confidence():
    det = detect("é".encode("cp1252"))   # one byte: many code pages read it
    assert det.confidence < 1.0 and len(det.candidates) > 1


def test_result_object_renders():
    det = detect("中文编码检测".encode("gbk"))
    d = det.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["encoding"] == "gb18030" and d["candidates"][0]["encoding"] == "gb18030"
    assert "gb18030" in str(det)
    from rich.console import Console

    console = Console(record=True, width=100)
    console.print(det)
    assert "gb18030" in console.export_text()


def test_bad_arguments_raise_documented_errors():
    with pytest.raises(InputError):
        detect("text")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        detect(12)  # type: ignore[arg-type]
    with pytest.raises(UnknownEncodingError):
        detect(b"abc", candidates=["no-such-codec"])
    with pytest.raises(InputError):
        detect_file("/nonexistent/file/here")
    with pytest.raises(InputError):
        detect_stream(io.StringIO("text"))


@settings(deadline=None, max_examples=150)
@given(st.binary(max_size=200))
def test_any_bytes_give_an_answer_that_decodes(data):
    det = detect(data)
    assert isinstance(det, Detection)
    if det.encoding is not None and det.candidates and det.candidates[0].valid and det.text is not None:
        assert data.decode(det.encoding) == det.text


# -- streaming ---------------------------------------------------------------------------------

def test_stream_checks_utf8_validity_over_every_byte(tmp_path):
    # 2 MB of valid UTF-8 and one bad byte at the very end: sampling the head would say UTF-8.
    body = ("日本語のテキスト。" * 80 + "\n").encode("utf-8")
    data = body * (2_000_000 // len(body)) + b"\xff"
    p = tmp_path / "big.txt"
    p.write_bytes(data)
    det = detect_file(p)
    assert det.streamed and det.text is None and det.size == len(data)
    best = det.candidates[0]
    assert best.encoding == "utf-8" and not best.valid and best.invalid == 1
    good = tmp_path / "good.txt"
    good.write_bytes(data[:-1])
    assert detect_file(good).encoding == "utf-8"


def test_stream_of_chunks_in_a_legacy_encoding():
    line = "简体中文的文本，用于检测编码。\n".encode("gbk")
    chunks = [line * 500 for _ in range(20)]   # ~300 KB in 20 chunks, split mid-character below
    joined = b"".join(chunks)
    odd = [joined[i:i + 4097] for i in range(0, len(joined), 4097)]
    det = detect_stream(iter(odd))
    assert det.encoding == "gb18030" and det.size == len(joined)
    assert detect_stream(io.BytesIO(joined)).encoding == "gb18030"


def test_big_bytes_take_the_streaming_path_but_keep_text():
    text = "Съешь же ещё этих мягких французских булок.\n" * 3000
    det = detect(text.encode("cp1251"))
    assert det.encoding == "cp1251" and det.text == text

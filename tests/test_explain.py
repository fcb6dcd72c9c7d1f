"""explain(): built on the one decode walk, never raises on content, renders lazily and safely."""

import codecs
import io
import json

import codecscope

import pytest
from hypothesis import given, settings, strategies as st

from codecscope import explain, registry
from codecscope.diagnosis import count_text, is_cjk
from codecscope.errors import InputError, UnknownEncodingError
from codecscope.explanation import _rows_total, char_script, char_width, scan_suspicious

ENCODINGS = registry.names()


def _cpython_errors(data: bytes, enc: str) -> list[tuple[int, int]]:
    found = []

    def handler(exc):
        found.append((exc.start, exc.end))
        return ("", exc.end)

    codecs.register_error("test.explain.collect", handler)
    data.decode(enc, "test.explain.collect")
    return found


@pytest.mark.parametrize("enc", ENCODINGS)
@given(data=st.binary(max_size=48))
@settings(max_examples=40)
def test_explain_bytes_tiles_and_matches_cpython(enc, data):
    _check_tiles(enc, data)


def test_a_code_of_two_characters_is_one_row():
    # Big5-HKSCS b'\x88\xa3' is 'ê' + U+0304: one row, and the omitted-row count agrees
    _check_tiles("big5hkscs", b"ab\x88\xa3c")


def _check_tiles(enc, data):
    e = explain(data, [enc], limit=None)
    (r,) = e.readings
    rows = r.rows(None)
    pos, last = 0, None
    for row in rows:
        if not row.raw and row.kind == "char" and last is not None:   # a UTF-7 run's next character
            assert row.offset == last
            continue
        assert row.offset == pos
        assert data[pos:pos + len(row.raw)] == row.raw
        last = pos
        pos += len(row.raw)
    assert pos == len(data)
    assert len(rows) == _rows_total(r)          # the omitted-row count is exact
    assert r.validity.chars == sum(len(x.char) for x in rows if x.kind == "char")
    try:
        expected = data.decode(enc)
    except UnicodeDecodeError:
        assert not r.validity.valid
        assert all(x.reason for x in rows if x.kind in ("invalid", "truncated"))
    else:
        assert r.validity.valid
        assert "".join(x.char for x in rows) == expected
    if registry.get(enc).family != "stateful" and enc not in ("utf-16", "utf-32"):
        bad = [(x.offset, x.offset + len(x.raw)) for x in rows if x.kind in ("invalid", "truncated")]
        assert bad == _cpython_errors(data, enc)
    str(e)
    json.dumps(e.to_dict())


@given(data=st.binary(max_size=200))
@settings(max_examples=150)
def test_default_candidates_never_raise_and_start_with_utf8(data):
    e = explain(data)
    assert e.readings[0].encoding == "utf-8"
    assert 1 <= len(e.readings) <= 3
    assert len({r.encoding for r in e.readings}) == len(e.readings)
    assert e.verdict
    str(e)
    e._repr_html_()


@given(text=st.text(alphabet=st.characters(), max_size=40))
@settings(max_examples=150)
def test_explain_text_rows(text):
    e = explain(text, limit=None)
    rows = e.char_rows()
    assert "".join(r.char for r in rows) == text
    for r in rows:
        for enc, raw in r.encoded:
            try:
                assert raw == r.char.encode(enc)
            except UnicodeEncodeError:
                assert raw is None
    json.dumps(e.to_dict())
    str(e)


@given(text=st.text(st.characters(exclude_categories=()), max_size=60))   # lone surrogates too
@settings(max_examples=200)
def test_fast_counters_agree_with_per_char(text):
    assert count_text(text) == (sum(not c.isascii() for c in text), sum(is_cjk(c) for c in text))


def test_acceptance_hex_example():
    e = explain(bytes.fromhex("e6 a6 9b e6 88 a6 e2 94 88"))
    utf8 = e.readings[0]
    assert utf8.encoding == "utf-8" and utf8.validity.valid
    assert [r.char for r in utf8.rows()] == ["榛", "戦", "┈"]
    assert e.verdict.startswith("valid UTF-8, 3 chars, 2 CJK")
    out = str(e)
    assert "U+699B" in out and "E6 A6 9B" in out and "BOX DRAWINGS" in out


def test_acceptance_truncated_tail_names_cause():
    e = explain("黑马".encode()[:4])
    out = str(e)
    assert "TRUNCATED" in out
    assert "cut at a buffer boundary" in out
    assert "cut short" in e.verdict
    assert e.readings[0].validity.truncated.offset == 3


def test_verdicts():
    assert explain(b"hello").verdict == "ASCII only, 5 chars"
    gbk = "你好世界".encode("gbk")
    assert explain(gbk).verdict.startswith("these bytes are valid GBK: '你好世界'; as UTF-8: not UTF-8: ")
    assert "valid GBK" in explain(gbk).verdict
    assert "gbk" in [r.encoding for r in explain(gbk).readings]


def test_bom_is_reported():
    e = explain(codecs.BOM_UTF8 + "hé".encode())
    assert e.bom is not None and e.bom.hex() == "EF BB BF"
    assert e.to_dict()["bom"] == {"encoding": "utf-8", "hex": "EF BB BF"}
    assert "utf-16" in [r.encoding for r in explain("hi".encode("utf-16")).readings]


def test_large_input_is_lazy_and_capped():
    data = ("abc黑" * 300_000).encode()   # 1.8 MB
    e = explain(data, ["utf-8"], limit=10)
    d = e.to_dict()
    assert len(d["readings"][0]["units"]) == 10
    assert d["readings"][0]["units_omitted"] == 1_200_000 - 10
    assert "1199990 more rows not shown" in str(e)


def test_text_flags():
    e = explain("ok 锟斤拷 Ã© \ufffd\x85 a\ufeffb \ue000 烫烫烫")
    kinds = {k for k, _, _ in e.flags}
    assert {"mojibake-signature", "replacement-char", "control-char", "bom-mid-text", "private-use",
            "uninitialised-memory"} <= kinds
    assert not scan_suspicious("Clean text, 干净的中文，日本語テキスト", signatures=True)
    lone = explain("a\udce9b")
    assert any(k == "lone-surrogate" for k, _, _ in lone.flags)


def test_char_facts():
    assert char_script("黑") == "Han" and char_script("ж") == "Cyrillic" and char_script("a") == "Latin"
    assert char_script("カ") == "Katakana" and char_script("1") == "Common"
    assert char_width("黑") == 2 and char_width("a") == 1 and char_width("\u0301") == 0


def test_decode_error_cut_at_boundary():
    try:
        ("x" * 10 + "黑马").encode()[:-1].decode("utf-8")
    except UnicodeDecodeError as exc:
        e = explain(exc)
    assert e.kind == "decode-error"
    assert e.error.start == 13
    assert "chunk boundary" in e.error.cause and "incremental decoder" in e.error.cause
    assert "TRUNCATED" in str(e)


def test_decode_error_wrong_codec():
    try:
        "中文和English".encode("gbk").decode("utf-8")
    except UnicodeDecodeError as exc:
        e = explain(exc)
    assert e.error.cause.startswith("these bytes are valid GBK: '中文和English'; they are not utf-8")
    assert "gbk" in e.error.suggestions
    assert e.error.reason.startswith("0xD6")


@given(data=st.binary(min_size=1, max_size=64), enc=st.sampled_from(["utf-8", "gbk", "big5", "cp1252", "ascii"]))
@settings(max_examples=100)
def test_decode_errors_never_raise(data, enc):
    try:
        data.decode(enc)
    except UnicodeDecodeError as exc:
        e = explain(exc)
        assert e.error.start == exc.start and e.error.cause
        str(e)
        json.dumps(e.to_dict())


def test_encode_errors():
    try:
        "黑马 ok".encode("latin-1")
    except UnicodeEncodeError as exc:
        e = explain(exc)
    assert "not in the target code page" in e.error.cause
    assert "utf-8" in e.error.suggestions and "gbk" in e.error.suggestions
    try:
        "a\udce9".encode("utf-8")
    except UnicodeEncodeError as exc:
        e = explain(exc)
    assert "surrogate" in e.error.cause
    str(e)


def test_rendering_html_escapes_and_rich():
    import re

    tags = re.compile(r"</?(?:div|p|b|pre|table|thead|tbody|tr|th|td)(?: class='codecscope')?>")
    for obj in ("<script>alert(1)</script>&", b"<b>\xff<i>", "\u0430<\ufffd>"):
        h = explain(obj)._repr_html_()
        assert "<" not in tags.sub("", h)
        assert "&lt;" in h
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=120).print(explain("黑马".encode()[:4]))
    assert "TRUNCATED" in buf.getvalue()


def test_to_dict_schema():
    d = explain(b"a\xff").to_dict()
    assert d["schema"] == "codecscope.explanation/1"
    assert {"kind", "size", "verdict", "limit", "error", "bom", "readings"} <= d.keys()
    r = d["readings"][0]
    assert {"encoding", "label", "valid", "verdict", "chars", "cjk", "invalid", "units", "units_omitted"} <= r.keys()
    bad = r["units"][1]
    assert bad["kind"] == "invalid" and bad["hex"] == "FF" and bad["reason"]
    t = explain("é").to_dict()
    assert t["chars"][0]["bytes"]["utf-8"] == "C3 A9" and t["chars"][0]["codepoint"] == "U+00E9"


def test_bad_arguments_raise_documented_errors():
    with pytest.raises(UnknownEncodingError) as info:
        explain(b"x", ["utf9"])
    assert "utf-8" in info.value.suggestions
    with pytest.raises(InputError):
        explain(12)
    with pytest.raises(InputError):
        explain(b"x", limit=-1)


def test_public_functions_and_submodules_never_share_a_name():
    import importlib
    import types

    for sub in ("detection", "diagnosis", "explanation", "scanning", "walking", "stream", "registry"):
        assert isinstance(importlib.import_module(f"codecscope.{sub}"), types.ModuleType)
    for name in codecscope.__all__:
        value = getattr(codecscope, name)
        if name != "registry":
            assert not isinstance(value, types.ModuleType), name
    assert callable(codecscope.diagnose) and callable(codecscope.explain)
    assert codecscope.explain.__module__ == "codecscope.explanation"
    assert type(codecscope) is types.ModuleType  # no module-class swap


def test_invalid_utf8_that_is_valid_gbk_says_so_first():
    e = explain(bytes.fromhex("c0b4"))
    assert e.verdict.startswith("these bytes are valid GBK: '来'")
    rows = e.readings[0].rows()
    assert rows[0].reason.startswith("valid GBK here: '来' (C0 B4); as UTF-8: ")


def test_a_streaming_exception_is_judged_with_its_neighbourhood():
    from codecscope.stream import iter_text

    data = "你好，黑马程序员来了，今天学习网络编程".encode("gbk")
    with pytest.raises(UnicodeDecodeError) as info:
        "".join(iter_text([data[:11], data[11:]]))
    e = explain(info.value)
    assert e.size > 1 and e.error.suggestions[0] == "gbk"
    assert e.error.cause.startswith("these bytes are valid GBK: ")


def _per_chunk_replace(data: bytes, n: int) -> bytes:
    return b"".join(data[i:i + n].decode("utf-8", "replace").encode() for i in range(0, len(data), n))


def test_replacement_characters_in_bytes_are_reported_with_the_read_size():
    from codecscope import diagnose

    text = ("黑马程序员：TCP 提供的是字节流，不是字符流。一次 recv 可能在一个汉字的中间结束" * 60).encode()
    received = _per_chunk_replace(text, 1024)
    e = explain(received)
    assert "U+FFFD" in e.verdict and "multiples of 1024 bytes" in e.verdict
    d = diagnose(received)
    kinds = [f.kind for f in d.findings]
    assert "replacement-char" in kinds and not d.ok
    assert "per-chunk decoding with errors='replace'" in d.findings[kinds.index("replacement-char")].evidence
    assert "U+FFFD" not in explain(text).verdict and diagnose(text).ok


def test_a_decode_errors_likely_cause_is_no_guess_without_evidence():
    # four bytes always decode as UTF-16, and cp932 reads 0xFF as a private use character
    try:
        b"abc\xff".decode("ascii")
    except UnicodeDecodeError as e:
        cause = str(codecscope.explain(e).error.cause)
    assert "UTF-16" not in cause and "cp932" not in cause and "Windows-1252" in cause


@pytest.mark.parametrize("text, encoding", [("aこんにちは漢字b", "iso2022_jp"), ("a黑马b", "hz")])
def test_seven_bit_stateful_bytes_are_not_called_plain_ascii(text, encoding):
    e = explain(text.encode(encoding))
    assert [r.encoding for r in e.readings] == ["utf-8", encoding]
    assert "ASCII only" not in str(e).splitlines()[0] and text in str(e).splitlines()[0]


def test_explain_agrees_with_detect_on_utf16_without_a_bom():
    data = "ab黑马".encode("utf-16-le")
    e = explain(data)
    assert e.readings[1].encoding == "utf-16-le" and "UTF-16LE: 'ab黑马'" in str(e).splitlines()[0]


def test_a_utf32_bom_is_named_as_one():
    e = explain("黑马😀".encode("utf-32"))
    first = e.readings[0].rows()[0]
    assert "UTF-32 byte order mark" in first.reason and "its byte order mark (FF FE 00 00)" in first.reason


def test_a_likely_cause_is_never_a_reading_full_of_control_characters():
    try:
        b"\x00\x00\x11\x00".decode("utf-32-le")   # a unit above U+10FFFF
    except UnicodeDecodeError as e:
        cause = str(codecscope.explain(e).error.cause)
    assert "valid UTF-8" not in cause and "not valid utf-32-le" in cause


def test_a_characters_bytes_in_a_bom_writing_codec_leave_the_bom_out():
    d = explain("😀", ["utf-32", "utf-16", "utf-8-sig"]).to_dict()
    assert d["chars"][0]["bytes"] == {"utf-32": "00 F6 01 00", "utf-16": "3D D8 00 DE", "utf-8-sig": "F0 9F 98 80"}


def test_a_utf7_run_shows_a_row_per_character():
    rows = explain(b"a+ZeVnLA-b", "utf-7").readings[0].rows()
    assert [r.char for r in rows] == ["a", "日", "本", "b"]
    assert rows[1].raw == b"+ZeVnLA-" and rows[2].raw == b"" and rows[2].name.startswith("CJK UNIFIED")


def test_limit_zero_shows_every_row_as_the_command_line_does():
    e = explain(b"abc", limit=0)
    assert e.limit is None and "not shown" not in str(e) and str(e).count("LATIN SMALL LETTER") == 3

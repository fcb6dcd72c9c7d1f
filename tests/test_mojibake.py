"""One test group per taxonomy detector, and the wiring into diagnose()."""

import pytest

import codecscope
from codecscope.mojibake import DETECTORS, analyze, readings
from codecscope.repairing import apply_steps


def kinds(text):
    return [f.kind for f in analyze(text)]


def test_every_detector_is_registered_once():
    names = [k for k, _ in DETECTORS]
    assert len(names) == len(set(names))
    assert {"replacement-read-as-gbk", "replacement-read-as-big5", "uninitialised-memory",
            "question-mark-loss", "bom-as-text", "utf-16-as-8-bit", "chains"} <= set(names)


# -- 锟斤拷 / 嚙踝蕭 ------------------------------------------------------------------------------
def test_kunjinkao():
    (f,) = [f for f in analyze("name: 锟斤拷锟斤拷 ok") if f.kind == "replacement-read-as-gbk"]
    assert f.span == (6, 12) and f.repairable is False and "EF BF BD" in f.evidence
    # the same bytes, made on purpose: U+FFFD twice in UTF-8, read as GBK
    assert ("\ufffd\ufffd".encode().decode("gbk")) == "锟斤拷"


def test_big5_twin():
    assert "\ufffd\ufffd".encode().decode("big5") == "嚙踝蕭"
    (f,) = [f for f in analyze("嚙踝蕭嚙踝蕭") if f.kind == "replacement-read-as-big5"]
    assert f.span == (0, 6) and not f.repairable


def test_unrecoverable_kinds_are_not_also_reported_as_repairable_chains():
    found = analyze("锟斤拷锟斤拷")
    assert [f.kind for f in found] == ["replacement-read-as-gbk"]


def test_a_long_log_of_unrecoverable_lines_keeps_only_its_real_chain_findings():
    # thousands of 锟斤拷 and 烫烫烫 lines (each restated by a repairable chain finding, which is
    # dropped) with 古文码 lines among them, which stay: the same answer however many there are
    garbled = "黑马程序员写代码".encode("utf-8").decode("gbk")   # 榛戦┈绋嬪簭鍛樺啓浠ｇ爜
    lines = [f"{i} 锟斤拷烫烫烫 user=锟斤拷" if i % 500 else f"{i} name={garbled}" for i in range(1, 3001)]
    text = "\n".join(lines)
    found = analyze(text)
    chains = [f for f in found if f.repairable]
    assert [text[f.span[0]:f.span[1]] for f in chains] == [garbled] * 6
    assert {f.kind for f in found} == {"replacement-read-as-gbk", "uninitialised-memory", "utf-8-read-as-gbk"}


# -- 烫烫烫 / 屯屯屯 -----------------------------------------------------------------------------
@pytest.mark.parametrize("fill,what", [(0xCC, "stack"), (0xCD, "heap")])
def test_uninitialised_memory(fill, what):
    text = bytes([fill] * 8).decode("gbk")
    (f,) = analyze(text)
    assert f.kind == "uninitialised-memory" and what in f.evidence and f.repairable is False


def test_single_tang_is_just_a_word():
    assert "uninitialised-memory" not in kinds("这汤很烫")


# -- '?' loss --------------------------------------------------------------------------------
def test_question_marks_next_to_cjk():
    (f,) = [f for f in analyze("你好???世界") if f.kind == "question-mark-loss"]
    assert f.span == (2, 5)


@pytest.mark.parametrize("text", ["What?", "Really?? yes", "a ? b", "你好吗? 好"])
def test_ordinary_question_marks(text):
    assert "question-mark-loss" not in kinds(text)


def test_long_question_mark_runs():
    assert "question-mark-loss" in kinds("name: ????")


# -- BOM as text -----------------------------------------------------------------------------
def test_bom_read_as_latin1():
    text = "\ufeffid,name".encode().decode("cp1252")
    (f,) = [f for f in analyze(text) if f.kind == "bom-as-text"]
    assert f.span == (0, 3)
    assert codecscope.repair(text).text == "id,name"


def test_bom_read_as_gbk():
    text = "\ufeffid".encode().decode("gbk", "replace")
    assert "bom-as-text" in kinds(text)


# -- UTF-16 as 8-bit -------------------------------------------------------------------------
@pytest.mark.parametrize("codec,order", [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_as_8bit(codec, order):
    text = "Hello, world".encode(codec).decode("latin-1")
    (f,) = [f for f in analyze(text) if f.kind == "utf-16-as-8-bit"]
    assert f.encoding == order and f.repairable
    assert codecscope.repair(text).text == "Hello, world"


def test_a_few_nuls_are_not_utf16():
    assert "utf-16-as-8-bit" not in kinds("a\x00bcdefgh")


# -- chains ----------------------------------------------------------------------------------
@pytest.mark.parametrize("original,codec,read_as,kind", [
    ("黑马程序", "utf-8", "gbk", "utf-8-read-as-gbk"),
    ("你好，世界", "gbk", "latin-1", "gbk-read-as-cp1252"),
    ("Привет, как дела?", "utf-8", "cp1251", "utf-8-read-as-cp1251"),
    ("こんにちは世界", "utf-8", "cp932", "utf-8-read-as-cp932"),
])
def test_chain_findings_carry_replayable_steps(original, codec, read_as, kind):
    garbled = original.encode(codec).decode(read_as)
    (f,) = [f for f in analyze(garbled) if f.repairable]
    assert f.kind == kind or f.kind.split("-read-as-")[0] == kind.split("-read-as-")[0]
    a, b = f.span
    assert garbled[:a] + apply_steps(garbled[a:b], f.steps) + garbled[b:] == original


def test_double_encoding_kind():
    twice = "déjà vu".encode().decode("cp1252").encode().decode("cp1252")
    assert "double-encoding" in kinds(twice)


def test_ambiguous_short_string_reports_both_readings():
    # GBK '重庆' read as Windows-1252, or Windows-1256 Arabic letters
    (f,) = analyze("ÖØÇì")
    assert f.kind == "ambiguous" and "重庆" in f.evidence and "reads two ways" in f.evidence
    rs = readings("ÖØÇì")
    assert rs[0][0] == "重庆" and len(rs) == 2 and rs[1][0] != "重庆"


@pytest.mark.parametrize("text", ["黑马程序员", "Москва", "naïve café", "東京の会社", "", "plain"])
def test_clean_text_has_no_findings(text):
    assert analyze(text) == []


def test_diagnose_reads_utf8_files_as_text(tmp_path):
    p = tmp_path / "m.txt"
    p.write_text("ok\n" + "黑马程序".encode().decode("gbk") + "\n", "utf-8")
    d = codecscope.diagnose(p)
    (f,) = [f for f in d.findings if f.kind == "utf-8-read-as-gbk"]
    raw = p.read_bytes()
    assert raw[f.span[0]:f.span[1]].decode() == "黑马程序".encode().decode("gbk")


def test_diagnose_shows_the_kinds_for_text():
    d = codecscope.diagnose("烫烫烫烫 and 榛戦┈")
    got = {f.kind for f in d.findings}
    assert {"uninitialised-memory", "utf-8-read-as-gbk"} <= got
    assert "utf-8-read-as-gbk" in str(d)

"""repair() and apply_steps(): the labelled cases, the API users rely on, the codec variants."""

import codecs
import json
from pathlib import Path

import pytest

import codecscope
from codecscope import InputError, UnknownEncodingError
from codecscope.repairing import Repair, apply_steps, describe_chain, repair

CASES = json.loads((Path(__file__).parent / "data" / "repair_cases.json").read_text("utf-8"))["cases"]


KNOWN_GAPS: set = set()  # cases repair does not yet undo; each must at least stay unchanged


@pytest.mark.parametrize("case", CASES, ids=[c["comment"][:60] for c in CASES])
def test_labelled_case(case):
    if any(case["comment"].startswith(k) for k in KNOWN_GAPS):
        assert repair(case["garbled"]).text == case["garbled"]
        pytest.xfail("known gap: " + case["comment"])
    r = repair(case["garbled"])
    assert r.text == case["expect"]
    assert r.changed == (case["garbled"] != case["expect"])
    assert apply_steps(case["garbled"], r.steps) == r.text
    if case.get("negative"):
        assert r.steps == () and r.fixes == ()
    if "lost" in case:
        assert len(r.lost) == case["lost"]
        assert all(r.text[a:b] == "\ufffd" * (b - a) for a, b in r.lost)


def test_public_exports():
    assert codecscope.repair is repair
    assert codecscope.apply_steps is apply_steps
    assert codecscope.Repair is Repair


def test_repair_object():
    r = repair("榛戦┈绋嬪簭鍛")
    assert r.text == "黑马程序\ufffd"
    assert r.steps == (("encode", "gbk-web", "codecscope.lost"), ("decode", "utf-8", "codecscope.lost"))
    assert "UTF-8 text read as GBK (古文码)" in r.explanation
    assert "last character's final byte was lost" in r.explanation
    assert r.lost == ((4, 5),)
    assert 0 < r.confidence <= 1
    d = r.to_dict()
    assert d["text"] == r.text and d["changed"] is True and d["lost"] == [[4, 5]]
    assert d["steps"] == [["encode", "gbk-web", "codecscope.lost"], ["decode", "utf-8", "codecscope.lost"]]
    json.dumps(d, ensure_ascii=False)
    assert "黑马程序" in str(r)


def test_rich_rendering():
    from rich.console import Console

    console = Console(record=True, width=100)
    console.print(repair("cafÃ© au lait"))
    console.print(repair("clean"))
    out = console.export_text()
    assert "café au lait" in out and "Windows-1252" in out and "unchanged" in out


def test_unchanged_result_is_explicit():
    r = repair("黑马程序员")
    assert not r.changed and r.text == "黑马程序员" and r.steps == () and r.confidence == 0.0
    assert "unchanged" in str(r)


def test_mixed_text_keeps_clean_parts_byte_for_byte():
    garbled = "2024-01-01 ok 中文\n" + "黑马".encode().decode("gbk") + " ¡Hola! naïve\n"
    r = repair(garbled)
    assert r.text == "2024-01-01 ok 中文\n黑马 ¡Hola! naïve\n"
    (step,) = r.steps
    assert step[0] == "segments"
    assert apply_steps(garbled, r.steps) == r.text


def test_ambiguous_short_string_names_both_readings():
    # GBK '重庆' read as Windows-1252; Windows-1256 reads the same four bytes as Arabic letters
    r = repair("ÖØÇì")
    (fix,) = r.fixes
    assert r.text == "重庆"
    assert fix.ambiguous and fix.alternatives[0][0] != "重庆"
    assert "ambiguous" in r.explanation
    assert r.confidence <= 0.5


def test_real_frequencies_settle_short_cjk_readings():
    # GBK '你好' read as Windows-1252 is also Big5 '斕疑', two characters of Big5's frequent block,
    # which the code pages' own blocks cannot tell from real ones; real frequencies can
    r = repair("ÄãºÃ")
    assert r.text == "你好" and not any(f.ambiguous for f in r.fixes)


def test_max_depth_and_encodings_limit_the_search():
    twice = "été".encode().decode("cp1252").encode().decode("cp1252")
    assert repair(twice).text == "été"
    assert repair(twice, max_depth=1).text != "été"
    gbk = "黑马程序".encode().decode("gbk")
    assert repair(gbk, encodings=["utf-8", "gbk"]).text == "黑马程序"
    assert repair(gbk, encodings=["utf-8", "latin-1"]).text == gbk


def test_bad_arguments_raise_documented_errors():
    with pytest.raises(InputError):
        repair(b"bytes")
    with pytest.raises(InputError):
        repair("x", max_depth=0)
    with pytest.raises(UnknownEncodingError):
        repair("x", encodings=["no-such-codec"])


@pytest.mark.parametrize("steps", [
    [("frobnicate", "x")], [("decode", "utf-8")], [("encode", "utf-8")], ["nonsense"],
    [("encode", "ascii"), ("decode", "ascii")],
])
def test_apply_steps_rejects_what_does_not_apply(steps):
    with pytest.raises(InputError):
        apply_steps("中文", steps)


def test_apply_steps_replays_segments_and_removal():
    steps = [("segments", ((0, 3, (("encode", "gbk"), ("decode", "utf-8"))),)), ("remove", "\ufeff")]
    assert apply_steps("榛戦┈ and \ufeffmore", steps) == "黑马 and more"


def test_lost_policy_never_invents_characters():
    # the cut lead bytes of 程 (E7 A8) and the '?' a Windows program put in their place become one U+FFFD
    steps = [("encode", "gbk", "codecscope.lost"), ("decode", "utf-8", "codecscope.lost")]
    assert apply_steps("榛戦┈绋?", steps) == "黑马\ufffd"
    assert apply_steps("榛戦┈绋\ufffd", steps) == "黑马\ufffd"


def test_describe_chain():
    assert describe_chain("gbk-web", "utf-8") == "UTF-8 text read as GBK (古文码)"
    assert describe_chain("latin-1", "gbk") == "GBK text read as Latin-1 (拼音码)"
    assert "кракозябры" in describe_chain("koi8_r", "cp1251")


def test_variant_codecs_behave_like_windows_and_browsers():
    import codecscope.variants  # noqa: F401

    # the five bytes Python leaves undefined pass through as C1 controls
    assert b"\x81\x8d\x8f\x90\x9d".decode("cp1252-web") == "\x81\x8d\x8f\x90\x9d"
    assert "\x81€".encode("cp1252-web") == b"\x81\x80"
    assert b"\x80".decode("gbk-web") == "€" and "€".encode("cp936-web") == b"\x80"
    assert b"\x80\xc4\xe3".decode("gbk-web") == "€你"
    assert b"\x80\xff".decode("gbk-web", "replace") == "€\ufffd"
    assert codecs.lookup("latin-1-web").name == "cp1252-web"
    # identical to the strict codec wherever that one is defined
    for b in range(256):
        try:
            expect = bytes([b]).decode("cp1251")
        except UnicodeDecodeError:
            continue
        assert bytes([b]).decode("cp1251-web") == expect
    # cp932 has some characters twice; the variants encode to the other code
    assert "≡".encode("cp932") == b"\x81\xdf" and "≡".encode("cp932-nec") == b"\x87\x91"
    assert b"\xfa\xd1".decode("cp932").encode("cp932-ibm") == b"\xfa\xd1"
    # Windows code page 936 maps the user-defined areas to private use
    assert b"\xa7\x84".decode("gbk-web") == "\ue749" and "\ue749".encode("gbk-web") == b"\xa7\x84"
    dec = codecs.getincrementaldecoder("gbk-web")()
    assert dec.decode(b"\xc4") + dec.decode(b"\xe3\x80", final=True) == "你€"


def test_diagnose_reports_mojibake_with_the_repair():
    d = codecscope.diagnose("榛戦┈")
    (f,) = [f for f in d.findings if f.kind == "utf-8-read-as-gbk"]
    assert f.repairable and f.span == (0, 3) and "黑马" in f.evidence
    assert apply_steps("榛戦┈", f.steps) == "黑马"


# --- evidence and speed-ups added for the CJK families and throughput --------------------------


@pytest.mark.parametrize("name", ["陈静", "周杰"])
def test_short_utf8_name_read_as_cp932_is_repaired(name):
    # two characters carry little evidence alone; a strict UTF-8 decode of the bytes does
    garbled = name.encode("utf-8").decode("cp932")
    r = repair(garbled)
    assert r.text == name
    assert apply_steps(garbled, r.steps) == name


@pytest.mark.parametrize("original", ["Привет, мир", "Καλημέρα κόσμε", "температура 25°", "Zürich Straße"])
def test_two_byte_utf8_read_as_gbk_is_repaired(original):
    # Cyrillic, Greek and Latin letters are two bytes in UTF-8, which GBK reads as one Han
    # character each: a word of such characters, or one glued inside a Latin word, is the evidence
    garbled = original.encode("utf-8").decode("gbk")
    r = repair(garbled)
    assert r.text == original
    assert apply_steps(garbled, r.steps) == original


@pytest.mark.parametrize("text", ["iPhone手机", "A股B股", "在莫斯科", "住在雅典的希腊人", "第2季度"])
def test_han_beside_latin_or_digits_stays(text):
    assert repair(text).changed is False


@pytest.mark.parametrize("original,chain", [
    ("ошибка при слиянии веток", ("koi8_r", "cp866")),      # all box drawing
    ("соединение разорвано", ("cp866", "cp1251")),          # symbols and no-break spaces inside words
    ("привет, как дела", ("cp1251", "cp866")),              # letters of the alphabet's second half only
    ("привет, как дела", ("cp866", "koi8_r")),
])
def test_lower_case_russian_through_cp866_is_repaired(original, chain):
    garbled = original.encode(chain[0]).decode(chain[1])
    r = repair(garbled)
    assert r.text == original
    assert apply_steps(garbled, r.steps) == original


@pytest.mark.parametrize("text", ["╔══════╗", "╠══╬══╣", "├─┼─┤", "[████░░░░] 40%", "[█▓▓▓▓▓▓▓▓] 65%",
                                  "│ имя │ тип │", "└── main.py", "в\xa0Москве и\xa0области", "уют, рысь и суть"])
def test_line_art_and_clean_cyrillic_stay(text):
    assert repair(text).changed is False


@pytest.mark.parametrize("text", ["李瑜在北京工作", "张睿在上海", "王路Q座", "史明, 教师/讲师", "ｷｬﾝｾﾙ", "ﾃﾞｰﾀ",
                                  "日本語のテキスト、ちゃんと", "Spółdzielnia Łój i syn"])
def test_clean_text_with_single_swappable_characters_stays(text):
    # Big5 read as GBK and the like turn one common character into another; inside a run of
    # clean CJK text that is no evidence of mojibake
    assert repair(text).changed is False


def test_heavily_lossy_line_is_recovered_not_reinvented():
    # '——李白《静夜思》' as UTF-8, read as GBK with errors='replace': most of it is damaged, but what
    # survives must come back and nothing may be made up from another chain
    original = "——李白《静夜思》"
    garbled = original.encode("utf-8").decode("gbk", "replace")
    r = repair(garbled)
    kept = [ch for ch in r.text if ch != "\ufffd"]
    assert all(ch in original for ch in kept), r.text
    assert "李白" in r.text and "静夜" in r.text
    assert r.lost


def test_cp932_duplicate_codes_are_chosen_per_character():
    # GBK bytes read as cp932: one character came from an IBM-extension code (0xFA-0xFC), another
    # from a NEC-selected one (0xED/0xEE), so neither whole-text variant gives the bytes back
    text = "国际的话对于关系如何比较软件."
    garbled = text.encode("gbk").decode("cp932")
    assert all(garbled.encode(v) != text.encode("gbk") for v in ("cp932", "cp932-ibm", "cp932-nec"))
    r = repair(garbled)
    assert r.text == text
    assert r.steps[0][0] == "segments" and apply_steps(garbled, r.steps) == text
    assert r.explanation.startswith("GBK text read as Shift_JIS")

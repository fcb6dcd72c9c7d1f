"""What `scan --fix` and `repair --in-place` may write: a repair at confidence >= 0.9.  A reading
that explains only part of a stretch, or leaves undone what its own reading undoes elsewhere, is
no sure repair; several stretches that all read one way are surer than one (docs/repair.md)."""

import pytest

from codecscope import repair

SURE = 0.9


def web1252(data: bytes) -> str:
    """Bytes as a browser shows them through Windows-1252 (its five undefined bytes as C1 controls)."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data)


def not_sure_unless_right(original: str, garbled: str) -> None:
    r = repair(garbled)
    assert r.text == original or r.confidence < SURE, (r.text, r.confidence)


@pytest.mark.parametrize("original", ["Home김성호", "Home박영철"])
def test_utf8_pairs_inside_a_legacy_stretch_are_no_sure_repair(original):
    # EUC-KR glued to a Latin word, read as Windows-1252: some of its byte pairs are UTF-8 by
    # chance ('Home±è¼ºÈ£' read as UTF-8 in part is 'Home±輺ȣ'), the rest Latin-1 debris
    not_sure_unless_right(original, web1252(original.encode("cp949")))


def test_a_legacy_word_left_beside_the_repaired_ones_is_a_half_repair():
    # the particle glued to 'Python' is the same Korean read as Windows-1252 as the words beside it
    original = "Python을 설치하기"
    garbled = web1252(original.encode("cp949"))
    r = repair(garbled)
    assert r.text == original or r.confidence < SURE, (r.text, r.confidence)


@pytest.mark.parametrize("original", ["①①가!! ①. .", "㉠㉠한글 ㉠.", "㈜㈜회사 ㈜."])
def test_a_garbled_form_left_of_a_character_repaired_elsewhere_is_a_half_repair(original):
    # double UTF-8: the sign standing alone keeps one layer of mojibake that the same sign
    # beside the words lost
    garbled = web1252(web1252(original.encode()).encode())
    not_sure_unless_right(original, garbled)


def test_utf8_of_an_alphabet_read_as_cjk_left_with_cjk_is_a_half_repair():
    original = "người Việt Nam"
    not_sure_unless_right(original, original.encode().decode("cp932"))


@pytest.mark.parametrize("original", ["Home或者", "Home状态"])
def test_a_combining_mark_on_a_sign_is_no_sure_reading(original):
    # GBK read as Windows-1252 reads as UTF-8 Latin or Hebrew punctuation carrying a combining mark
    not_sure_unless_right(original, web1252(original.encode("gbk")))


@pytest.mark.parametrize("original", ["谢梅", "劉"])
def test_a_short_gbk_text_read_as_latin1_is_no_sure_reading(original):
    # 'Ð»Ã·' is no 'л÷' (one letter glued to a sign), '\x84¢' no '„¢' (a control and a sign)
    not_sure_unless_right(original, original.encode("gbk").decode("latin-1"))


@pytest.mark.parametrize("garbled, fixed", [("\x93quoted\x94", "“quoted”"), ("Roy – employer\x85", "Roy – employer…")])
def test_windows_1252_punctuation_read_as_latin1_stays_sure(garbled, fixed):
    r = repair(garbled)
    assert r.text == fixed and r.confidence >= SURE


def test_kaomoji_accents_on_ascii_punctuation_stay_sure():
    original = "ok (ง'̀⌣'́)ง"
    r = repair(web1252(original.encode()))
    assert r.text == original and r.confidence >= SURE


@pytest.mark.parametrize("codec", ["gbk", "cp932", "big5", "cp949"])
def test_several_distinct_stray_stretches_make_a_sure_repair(codec):
    original = "Zürich und Genève"
    r = repair(original.encode().decode(codec))
    assert r.text == original and r.confidence >= SURE


@pytest.mark.parametrize("codec", ["gbk", "cp932"])
def test_one_stray_stretch_repeated_is_still_one(codec):
    original = "Müller und Müller"
    r = repair(original.encode().decode(codec))
    assert r.text == original and r.confidence < SURE

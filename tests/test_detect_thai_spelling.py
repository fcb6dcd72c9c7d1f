"""Thai spelling as detection evidence: a vowel written before its consonant is followed by one,
vowel signs sit on consonants, tone marks on consonants or vowel signs.  Words written for these
tests (none from the benchmark sources)."""

from __future__ import annotations

import pytest

from codecscope.detection import _sb_pair, detect

THAI_WORDS = ["สวัสดีครับ", "ภาษาไทย", "เชียงใหม่", "น้ำ", "ที่นี่", "กรุงเทพมหานคร", "โรงเรียน",
              "แม่น้ำ", "ไก่", "ใจดี", "ปั้น", "เก็บ", "ก็", "สิ่งของ", "ประเทศ"]


def _cost(text: str) -> float:
    return sum(_sb_pair(a, b) for a, b in zip(text, text[1:]))


@pytest.mark.parametrize("word", THAI_WORDS)
def test_thai_spelling_costs_real_words_nothing(word):
    assert _cost(word) == 0.0


@pytest.mark.parametrize("text", ["หีัเ",      # a vowel sign stacked on another
                                  "เี",        # a leading vowel before a vowel sign
                                  "าี",        # a vowel sign on a vowel letter
                                  "เ่",        # a tone mark on a leading vowel
                                  "่้"])       # a tone mark on a tone mark
def test_signs_on_signs_are_no_thai(text):
    assert _cost(text) < 0


@pytest.mark.parametrize("word", ["重庆", "朋友", "徐丽", "刘洋"])
def test_chinese_whose_gbk_bytes_stack_thai_signs_is_chinese(word):
    # each of these reads in TIS-620 as Thai with a sign on a sign, which the Thai reading pays
    # for; repeated as a test payload and cut anywhere, it is one Chinese word
    assert _cost(word.encode("gbk").decode("cp874")) < 0
    for n in (1, 4):
        data = (word * n).encode("gbk")
        for end in {len(data), len(data) - 1}:
            det = detect(data[:end])
            assert det.encoding == "gb18030", (n, end, det.encoding)


@pytest.mark.parametrize("word", [w for w in THAI_WORDS if len(w) > 2])
def test_thai_in_its_code_page_is_still_thai(word):
    det = detect((word + " " + word).encode("cp874"))
    assert det.encoding in ("cp874", "tis_620"), det.encoding

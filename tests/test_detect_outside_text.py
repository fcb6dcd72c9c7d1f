"""Confident mistakes on real text from outside the project: byte structure a reading must
respect (GB18030's four-byte characters, ISO-2022-KR's designation, EUC-KR's make-up sequences)
and encodings that are no candidate (Johab), which may be misread but never with confidence."""

from __future__ import annotations

import pytest

from codecscope.detection import detect, seven_bit_codec

SURE = 0.9   # scan --fix acts from here


@pytest.mark.parametrize("text", [
    "파이썬은 강력한 프로그래밍 언어입니다",          # Hangul: every syllable four bytes
    "ภาษาไทยเป็นภาษาราชการ",                          # Thai
    "مرحبا بالعالم",                                  # Arabic
    "नमस्ते दुनिया",                                    # Devanagari
])
def test_gb18030_four_byte_text_is_gb18030(text):
    data = text.encode("gb18030")
    det = detect(data)
    assert det.encoding == "gb18030" and det.text == text and det.confidence >= SURE


@pytest.mark.parametrize("start", [1, 2, 3])
def test_gb18030_four_byte_chunk_cut_at_the_start_is_no_sure_code_page(start):
    # a chunk of a stream may start on any byte of a four-byte character: a single-byte code
    # page reading its letters glued to digits ('Г5«1Г3Ъ3') is never a sure answer
    data = "파이썬은 강력한 프로그래밍 언어입니다".encode("gb18030")[start:]
    det = detect(data)
    assert det.encoding == "gb18030" or det.confidence < SURE


def test_digits_after_letters_in_a_code_page_stay_that_code_page():
    text = "Квартира 5, дом 12, подъезд 3"
    det = detect(text.encode("cp1251"))
    assert det.encoding == "cp1251" and det.text == text


def test_iso2022_kr_is_found_from_its_designation():
    text = "안녕하세요 세계\n한국어 문서입니다.\n"
    data = text.encode("iso2022_kr")
    assert b"\x0e" in data and b"\x0f" in data   # SO/SI shifts: C0 controls
    det = detect(data)
    assert det.encoding == "iso2022_kr" and det.confidence >= SURE and det.text == text
    assert seven_bit_codec(data) == "iso2022_kr"


def test_iso2022_kr_file_is_text_to_scan(tmp_path):
    from codecscope.scanning import scan_file

    path = tmp_path / "kr.txt"
    path.write_bytes(("한국어 문서입니다. " * 30 + "\n").encode("iso2022_kr"))
    report = scan_file(str(path))
    assert report.status == "text" and report.encoding == "iso2022_kr"


@pytest.mark.parametrize("text", ["똠방각하 펲시콜라", "쓔 쓆 똠방", "뜽금없이 무슨 일이야"])
def test_euc_kr_make_up_sequences_read_composed(text):
    # syllables outside KS X 1001's 2,350 are written as the filler and three jamo
    data = text.encode("euc_kr")
    assert b"\xa4\xd4" in data
    det = detect(data)
    assert det.encoding == "euc_kr" and det.text == text


def test_euc_kr_chunk_starting_inside_a_make_up_sequence_stays_korean():
    # the filler cut off: the chunk starts with the syllable's jamo, then whole make-up sequences
    text = "똠 뜽금없이"
    data = text.encode("euc_kr")
    assert data.startswith(b"\xa4\xd4")
    det = detect(data[2:])
    assert det.encoding == "euc_kr" and det.text.endswith(" 뜽금없이")


def test_korean_without_make_up_sequences_stays_cp949():
    text = "대한민국 서울특별시 종로구"
    det = detect(text.encode("euc_kr"))
    assert det.encoding == "cp949" and det.text == text


@pytest.mark.parametrize("text", ["파이썬은 강력한 프로그래밍 언어입니다", "김철수", "오늘 날씨가 좋습니다. 내일 만나요!",
                                  "대한민국 서울특별시"])
def test_johab_is_no_candidate_and_gets_no_sure_answer(text):
    det = detect(text.encode("johab"))
    assert det.confidence < SURE


def test_rare_han_only_reading_is_unsure_common_one_sure():
    # the same code page: a reading of nothing but rare characters is no sure answer
    assert detect("輹堡匐伏".encode("cp949")).confidence < SURE
    assert detect("대한민국 서울특별시".encode("cp949")).confidence >= SURE

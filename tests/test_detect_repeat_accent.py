"""Repeated payloads and one accented letter among ASCII words: the inputs where evidence is thinnest.
Strings written for these tests (none from the benchmark sources)."""

from __future__ import annotations

import codecs

import pytest

from codecscope.detection import detect


def _reads(data: bytes, enc: str, got: str | None) -> bool:
    """``got`` gives back every complete character ``enc`` does (another code page giving the
    identical text is as right)."""
    if got is None:
        return False
    want = codecs.getincrementaldecoder(enc)().decode(data, final=False)
    try:
        return codecs.getincrementaldecoder(got)().decode(data, final=False) == want
    except UnicodeDecodeError:
        return False


@pytest.mark.parametrize("word,enc", [
    # Greek words end in final sigma, which the letter-pair tables' word lists spell as 'σ':
    # looked up as it is written, 'ς' had no context at all and the word lost to a CJK reading
    ("Λεμεσός", "cp1253"), ("Αθήνας", "iso8859_7"), ("Καλός", "cp1253"), ("Πάτρας", "iso8859_7"),
    # the glue between units ('םש', 'øÆ', 'žT') is no evidence against the reading
    ("שלום", "cp1255"), ("Ærø", "cp1252"), ("Tomaž", "cp1250"),
])
@pytest.mark.parametrize("cut", [13, 24, 37, 50, 99, 200, 401])
def test_a_repeated_word_is_read_in_its_own_code_page(word, enc, cut):
    data = (word * 60).encode(enc)[:cut]
    det = detect(data)
    assert _reads(data, enc, det.encoding), (det.encoding, det.note)


def test_repeated_gbk_that_lines_up_as_utf8_is_not_sure_utf8():
    # '太原' in GBK is two well-formed UTF-8 sequences ('̫ԭ'); repeating it repeats that one
    # observation, it does not make "several multibyte characters"
    data = ("太原" * 80).encode("gbk")
    for n in (16, 37, 100, 301):
        det = detect(data[:n])
        assert det.encoding == "gb18030", (n, det.encoding, det.note)


@pytest.mark.parametrize("text,enc", [
    # Polish 'ł' is '³' in cp1252: a superscript with a letter after it is no unit ('m³' is)
    ("ulica Piłsudskiego 5", "iso8859_2"), ("Park Miejski w Chełmnie", "cp1250"),
])
def test_one_central_european_letter_among_ascii_words(text, enc):
    data = text.encode(enc)
    det = detect(data)
    assert _reads(data, enc, det.encoding), (det.encoding, det.note)
    assert det.text == text


def test_units_and_ordinals_still_read_as_western():
    for text in ("Die Fläche misst 20 m² insgesamt", "la 2ª edición"):
        det = detect(text.encode("cp1252"))
        assert det.text == text, det.encoding


def test_vietnamese_never_writes_d_with_stroke_after_a_letter():
    # Lithuanian 'š' is cp1258's 'đ': with no letter-pair table for Vietnamese, 'Auđra' used to
    # pass as Vietnamese; 'đ' only starts a Vietnamese syllable
    det = detect("Aušra".encode("cp1257"), candidates=["cp1257", "cp1258"])
    assert det.encoding == "cp1257"
    # and Vietnamese itself stays Vietnamese (tone marks after vowels, 'đ' starting a syllable)
    text = "Đi\u0300nh đa\u0301 nô\u0301i đươ\u0300ng"
    assert detect(text.encode("cp1258")).encoding == "cp1258"


def test_german_sharp_s_is_letter_context_not_a_penalty():
    # the word lists spell 'ß' as 'ss'; looked up as written it cost every German reading
    # two impossible pairs, and 'Weiß' repeated lost to Big5
    for word in ("Weiß", "Fußball", "groß"):
        data = (word * 50).encode("cp1252")
        for n in (11, 40, 150):
            det = detect(data[:n])
            assert _reads(data[:n], "cp1252", det.encoding), (word, n, det.encoding)


@pytest.mark.parametrize("word,enc", [("Tomaž ", "cp1250"), ("Kraków ", "iso8859_2"), ("Москва, ", "cp1251"),
                                      ("שלום, ", "cp1255")])
def test_a_short_chunk_of_a_payload_is_as_sure_as_the_whole(word, enc):
    # one unit and the first bytes of the next is the same one observation as fifty units: the
    # repeated bytes are no extra evidence, whether the chunk holds two units or fewer
    data = (word * 50).encode(enc)
    unit = len(word.encode(enc))
    whole = detect(data[:200])
    for n in (unit + 4, unit + 5, 2 * unit + 1):
        det = detect(data[:n])
        assert det.encoding == whole.encoding == enc
        assert abs(det.confidence - whole.confidence) < 0.01, (n, det.confidence, whole.confidence)

"""Short legacy text: a label, a weekday row, a name.  A program acts on an answer given at
confidence >= 0.9 (``scan --fix`` does by default), so on a few bytes the answer is either right
or below 0.9.  The strings are real text (weekday, month, language and country names as CLDR and
the C library's locales write them), none from the development set the constants were tuned on."""

from __future__ import annotations

import pytest

from codecscope import scanning as S
from codecscope.detection import detect

SHORT = [
    ("cp1251", "Вс Пн Вт Ср Чт Пт Сб"),
    ("cp1251", "ВС ПН ВТ СР ЧТ ПТ СБ"),
    ("cp1251", "Вск;Пнд;Втр;Срд;Чтв;Птн;Сбт"),
    ("cp1251", "понедельник"),
    ("cp1251", "Ср;Чт"),
    ("cp1251", "нд пн вт ср чт пт сб"),
    ("koi8_r", "вс, пн, вт, ср, чт, пт, сб"),
    ("koi8_r", "январь"),
    ("koi8_u", "неділя"),
    ("cp1251", "неделя"),          # Bulgarian
    ("cp1252", "Lunedì, martedì, mercoledì"),
    ("cp1252", "venerdì;martedì;mercoledì"),
    ("cp1252", "sì"),
    ("cp1250", "środa"),
    ("cp1250", "čtvrtek"),
    ("cp1253", "Δευτέρα"),
    ("cp1253", "ΚΥΡ ΔΕΥ ΤΡΊ ΤΕΤ"),
    ("cp1255", "יום א׳"),
    ("cp874", "จันทร์"),
    ("cp1256", "الأحد"),
    ("cp1257", "svētdiena"),
    ("cp1257", "otrdiena, trešdiena"),
    ("koi8_r", "кыргызча"),        # four Han in GB18030, two of them rare
]


def _right(det, data: bytes, text: str) -> bool:
    return det.encoding is not None and data.decode(det.encoding, "replace") == text


@pytest.mark.parametrize("encoding,text", SHORT)
def test_short_legacy_text_is_right_or_unsure(encoding, text):
    data = text.encode(encoding)
    det = detect(data)
    assert _right(det, data, text) or det.confidence < 0.9, (det.encoding, det.confidence)


@pytest.mark.parametrize("text", [
    "Sardigna: lunis, martis, mèrcuris, giòbia, chenàbura",
    "Giòrgio Mòrbidelli",
    "gòbbo, sògno, còrpo",
    "Dòlores Pòrtas, Bàrcelona",
])
def test_a_marked_vowel_before_a_consonant_no_syllable_ends_in_is_not_vietnamese(text):
    # cp1258 reads ò as o + a combining dot below; a Vietnamese syllable ends after its vowels in
    # nothing or in c, ch, m, n, ng, nh, p, t, never in 'b' or 'r' ("gọbbo", "Mọrbidelli")
    data = text.encode("cp1252")
    det = detect(data)
    assert det.encoding != "cp1258" and (_right(det, data, text) or det.confidence < 0.9), (det.encoding, det.confidence)


def test_vietnamese_stays_vietnamese():
    import unicodedata

    def cp1258_form(ch: str) -> str:
        # cp1258 has the vowels with their shape marks (ô, ư) but writes the tone apart
        try:
            ch.encode("cp1258")
            return ch
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tone = next(m for m in d if m in "\u0300\u0301\u0303\u0309\u0323")
            return unicodedata.normalize("NFC", d.replace(tone, "")) + tone

    text = "".join(map(cp1258_form, "Thành phố Hồ Chí Minh, Hà Nội, Đà Nẵng và Huế"))
    data = text.encode("cp1258")
    det = detect(data)
    assert det.encoding == "cp1258" and det.confidence >= 0.9, (det.encoding, det.confidence)


def test_a_letter_alone_or_a_two_letter_word_is_not_evidence_enough():
    # single capitals of a calendar's narrow weekday row: no letter has a neighbour
    for encoding, text in (("cp1251", "В П В С Ч П С"), ("koi8_r", "Я Ф М А М И И А С О Н Д")):
        data = text.encode(encoding)
        det = detect(data)
        assert _right(det, data, text) or det.confidence < 0.9, (text, det.encoding, det.confidence)


def test_a_mark_with_no_letter_before_it_counts_against_a_reading():
    # cp1255 reads the first byte of each Cyrillic word as a Hebrew point: no Hebrew word starts so
    data = "Вск;Пнд;Втр;Срд;Чтв;Птн;Сбт".encode("cp1251")
    det = detect(data)
    assert det.encoding != "cp1255"


def test_long_text_stays_sure():
    text = "Понедельник, вторник, среда, четверг, пятница, суббота и воскресенье — дни недели."
    det = detect(text.encode("cp1251"))
    assert det.encoding == "cp1251" and det.confidence >= 0.9


@pytest.mark.parametrize("encoding,text", [(e, t) for e, t in SHORT if len(t) <= 30])
def test_scan_fix_never_rewrites_a_short_file_wrongly(tmp_path, encoding, text):
    p = tmp_path / "days.txt"
    data = (text + "\n").encode(encoding)
    p.write_bytes(data)
    (r,) = S.scan([str(p)], fix=True, jobs=1)
    after = p.read_bytes()
    if r.fix.action == "fixed":
        assert after.decode("utf-8") == text + "\n"
    else:
        assert r.fix.action == "refused" and after == data, str(r)


@pytest.mark.parametrize("encoding,text", [
    ("cp1252", "Les élèves sont très contents de la fête."),
    ("cp1251", "Привет, как дела? Всё хорошо."),
    ("koi8_r", "Привет, как дела? Всё хорошо."),
])
def test_scan_fix_still_fixes_a_short_sentence(tmp_path, encoding, text):
    # the context a sentence holds is enough: short is not by itself a reason to refuse
    p = tmp_path / "note.txt"
    p.write_bytes((text + "\n").encode(encoding))
    (r,) = S.scan([str(p)], fix=True, jobs=1)
    assert r.fix.action == "fixed", str(r)
    assert p.read_bytes().decode("utf-8") == text + "\n"

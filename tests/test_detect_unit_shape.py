"""A repeated payload is one observation, wherever a chunk of it starts and however many units it
holds; a cut last character does not turn a right answer wrong.  Strings written for these tests
(none from the benchmark sources)."""

from __future__ import annotations

import codecs

import pytest

from codecscope.detection import _unit_start, detect
from test_detect_repeat_accent import _reads   # the bench's notion of a right answer


def _reads_from(data: bytes, enc: str, got: str | None, skip: int) -> bool:
    """``got`` reads ``data`` as ``enc`` does after the first ``skip`` bytes (a leading piece of
    a character, which no codec reads as the text)."""
    return _reads(data[skip:], enc, got)


def _boundary(unit: bytes, enc: str, off: int) -> int:
    """Bytes from ``off`` to the next character boundary of ``unit`` in ``enc``."""
    ends, at = [0], 0
    for ch in unit.decode(enc):
        at += len(ch.encode(enc))
        ends.append(at)
    return min(e for e in ends if e >= off) - off


# Units whose characters straddle units in some double-byte reading (an odd number of bytes, or a
# last byte that is a lead byte in Big5 or Shift_JIS) and units that line up in every codec.
UNITS = [("mac_roman", "Café"), ("cp1252", "Grüße"), ("cp1252", "São Paulo"), ("cp1250", "Kraków"),
         ("cp1251", "Москва"), ("koi8_r", "Привет"), ("cp1253", "Αθήνα"), ("cp1255", "שלום"),
         ("big5", "臺灣"), ("big5", "資料庫"), ("cp932", "日本語"), ("cp932", "カタカナ"), ("gbk", "北京市")]


@pytest.mark.parametrize("enc,word", UNITS)
def test_the_answer_does_not_depend_on_how_many_units_a_chunk_holds(enc, word):
    # one unit and three bytes of the next, or nine units: the same one observation.  Scored on
    # the bytes at hand, a character straddling the second and third units was paid half
    # ('Café' * 2 in Mac Roman was Shift_JIS, 'Café' * 4 Mac Roman) and Big5 '資料庫' went from
    # 0.899 to 1.0 as units were added
    unit = word.encode(enc)
    for off in range(len(unit)):
        got = {(d.encoding, d.confidence)
               for d in (detect((unit * 12)[off:off + k * len(unit) + 3]) for k in (1, 2, 3, 5, 9))}
        assert len(got) == 1, (off, got)


@pytest.mark.parametrize("enc,word", [("koi8_r", "Привет"), ("koi8_r", "Жёлтый"), ("cp1251", "Москва"),
                                      ("cp1257", "Šiauliai"), ("cp1252", "São Paulo"),
                                      ("cp1255", "ירושלים"), ("cp1253", "Αθήνα")])
def test_a_chunk_of_a_repeated_word_is_read_from_its_word_start(enc, word):
    # a later chunk of a payload starts anywhere in its unit: 'ёлтыйЖёлтыйЖ…' scored from its
    # first byte is a word with its capital at the end, and was GB18030 at 1.0; a single-byte
    # reading scores the unit from where its own letters start a word
    unit = word.encode(enc)
    if "ё" not in word:   # (from its second byte, 'Жёлтый' in KOI8-R is a full-width letter and
        offsets = range(len(unit))   # two common GBK Han, which the model prefers: see below)
    else:
        offsets = range(0, len(unit), 2)
    for off in offsets:
        data = (unit * 20)[off:off + 4 * len(unit)]
        det = detect(data)
        assert _reads(data, enc, det.encoding), (off, det.encoding, det.note)


def test_where_the_model_prefers_another_reading_of_a_repeated_unit_it_says_it_is_unsure():
    # 'Жёлтый' * n in KOI8-R from its second byte reads as 'Ｌ再述' in GBK, which the model
    # scores higher; the confidence is that of one unit (it was 1.0, its unit alone 0.899)
    unit = "Жёлтый".encode("koi8_r")
    alone = detect((unit * 2)[1:len(unit) + 1])
    for n in (len(unit) + 3, 40, 400):
        data = (unit * 80)[1:1 + n]
        det = detect(data)
        assert _reads(data, "koi8_r", det.encoding) or det.confidence < 0.9, (n, det.encoding, det.confidence)
        assert det.encoding != alone.encoding or det.confidence == pytest.approx(alone.confidence, abs=0.02)


@pytest.mark.parametrize("enc,word", [(e, w) for e, w in UNITS] + [("cp874", "สวัสดี"), ("euc_jp", "東京都"),
                                                                    ("cp949", "한국어"), ("cp1257", "ačiū")])
def test_no_chunk_of_a_repeated_payload_is_wrong_at_confidence_09(enc, word):
    # a repeated payload has the evidence of one unit, whatever its length: a wrong reading of a
    # short unit may win, but never with the confidence a program acts on (Thai 'สวัสดี' from
    # its third byte was GB18030 at 1.0)
    unit = word.encode(enc)
    for off in range(len(unit)):
        skip = _boundary(unit, enc, off)
        for k in (1, 3, 9):
            data = (unit * 12)[off:off + k * len(unit) + 3]
            det = detect(data)
            assert det.confidence < 0.9 or _reads_from(data, enc, det.encoding, skip), (off, k, det.encoding)


def test_the_word_start_is_the_readings_own():
    # one capitalised word after a lower-case letter, or a letter after a final form, marks where
    # the reading's word starts; none, or more than one, leaves the unit as it comes
    assert _unit_start("иветПр".encode("cp1251"), "cp1251") == 4
    assert _unit_start("\u05d5\u05dd\u05e9\u05dc".encode("cp1255"), "cp1255") == 2   # "וםשל"
    assert _unit_start("Москва".encode("cp1251"), "cp1251") == 0
    assert _unit_start("McDonald".encode("cp1252"), "cp1252") == 0      # two places: no evidence
    assert _unit_start("лСЕБ".encode("cp1251"), "cp1251") == 0          # a capital, no capitalised word
    assert _unit_start("你好".encode("gbk"), "gb18030") == 0             # single-byte readings only


# Text of each codec's own script, written for this test.
NATURAL = [("euc_jp", "東京都千代田区丸の内"), ("euc_jp", "天気予報によると明日は雨です"), ("cp932", "株式会社東京商事"),
           ("cp932", "横浜市中区本町通り"), ("gbk", "上海市浦东新区世纪大道"), ("gbk", "请在明天下午三点以前回复"),
           ("big5", "高雄市前鎮區中山二路"), ("big5", "自由軟體基金會的網站"), ("cp949", "서울특별시 강남구 테헤란로"),
           ("cp949", "오늘 날씨가 아주 좋습니다")]


@pytest.mark.parametrize("enc,text", NATURAL)
def test_a_cut_last_character_does_not_turn_a_right_answer_wrong(enc, text):
    # the lead byte of a cut character is evidence for the codecs whose decoder accepts it: a
    # chunk cut anywhere is read as its complete characters are (from three of them on)
    data = text.encode(enc)
    for end in range(6, len(data)):
        chunk = data[:end]
        whole = codecs.getincrementaldecoder(enc)().decode(chunk, final=False).encode(enc)
        if whole != chunk and _reads(whole, enc, detect(whole).encoding):
            det = detect(chunk)
            assert _reads(chunk, enc, det.encoding), (end, det.encoding, det.note)

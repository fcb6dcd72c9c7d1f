"""Cut and repeated input: a chunk that starts or ends inside a character, a payload repeated and
cut anywhere.  Strings written for these tests (none from the benchmark sources)."""

from __future__ import annotations

import pytest

from codecscope.detection import detect
from test_detect_repeat_accent import _reads   # the bench's notion of a right answer

_FAMILY = {"euc_jis_2004": "euc_jp", "cp950": "big5", "big5hkscs": "big5"}


SENTENCES = [
    ("gbk", "黑马程序员是一家培训机构，今天下午三点开会。"),
    ("big5", "中文的測試資料，請勿回覆這封郵件。"),
    ("cp932", "日本語のテキストを送信します。よろしくお願いします。"),
    ("euc_jp", "東京の天気は明日も晴れるでしょう。"),
    ("cp949", "한국어 텍스트를 보냅니다. 감사합니다."),
]


@pytest.mark.parametrize("enc,text", SENTENCES)
def test_a_chunk_that_starts_on_a_trail_byte_is_read_in_its_codec(enc, text):
    # the second chunk of a stream may start on the second byte of a character: read from its
    # first byte, every character after it is misread (GBK from its second byte was UHC)
    data = text.encode(enc)
    for end in (len(data), len(data) - 1):
        det = detect(data[1:end])
        assert _FAMILY.get(det.encoding, det.encoding) == {"gbk": "gb18030"}.get(enc, enc), (end, det.encoding)
        assert det.candidates[0].cut_start
        assert det.text is not None and text[1:].startswith(det.text) and len(det.text) >= len(text) - 3


@pytest.mark.parametrize("enc,text", SENTENCES + [("gbk", "你好世界"), ("big5", "台北市"), ("cp949", "서울")])
def test_a_chunk_that_starts_on_a_character_is_read_from_its_first_byte(enc, text):
    data = text.encode(enc)
    det = detect(data)
    assert not det.candidates[0].cut_start
    assert det.text == text


def test_big5_whose_first_trail_byte_is_ascii_keeps_its_first_character():
    # '繁' is C1 63 in Big5: reading from the second byte would trade it for a free 'c'
    det = detect("繁體中文的測試資料".encode("big5"))
    assert det.text == "繁體中文的測試資料" and not det.candidates[0].cut_start


@pytest.mark.parametrize("word,enc", [("Жёлтый", "cp1251"), ("Жёлтый", "koi8_r"), ("Лётчик", "koi8_r"),
                                      ("دمشق", "cp1256"), ("ประเทศไทย", "cp874"), ("ภูเขา", "cp874")])
def test_a_word_of_an_alphabet_is_not_two_han_for_being_no_latin(word, enc):
    # a single-byte reading in another alphabet than Latin pays for the switch from Latin; a CJK
    # reading now pays it too, so a few common Han no longer win by those nats alone
    data = word.encode(enc)
    det = detect(data)
    assert _reads(data, enc, det.encoding), (det.encoding, det.note)


@pytest.mark.parametrize("word,enc", [("Жёлтый", "cp1251"), ("Жёлтый", "koi8_r"), ("Лётчик", "koi8_r"),
                                      ("دمشق", "cp1256")])
def test_a_repeated_word_of_an_alphabet_is_read_in_its_code_page(word, enc):
    data = (word * 60).encode(enc)
    unit = len(word.encode(enc))
    for n in (unit + 3, 2 * unit + 1, 50, 200):
        det = detect(data[:n])
        assert _reads(data[:n], enc, det.encoding), (n, det.encoding, det.note)


def test_a_reading_with_an_invalid_sequence_pays_for_it_in_a_repeated_payload():
    # 'Лётчик' in KOI8-R read as UHC has one invalid sequence at the start, after which its
    # units fall in step: a third unit adds none, yet the reading is broken and must pay
    data = ("Лётчик" * 10).encode("koi8_r")[:13]
    det = detect(data)
    assert _reads(data, "koi8_r", det.encoding), (det.encoding, det.note)
    broken = [c for c in det.candidates if c.invalid]
    assert broken and all(c.score < det.candidates[0].score for c in broken)


@pytest.mark.parametrize("word,enc", [("Москва", "cp1251"), ("Жёлтый", "cp1251"), ("Ελλάδα", "cp1253")])
def test_a_unit_and_three_bytes_of_the_next_are_a_repetition(word, enc):
    # the capital that starts the next unit, glued to the last letter of this one, is an
    # artefact of the repetition, not evidence against the reading
    data = (word * 50).encode(enc)
    unit = len(word.encode(enc))
    whole = detect(data[:200])
    det = detect(data[:unit + 3])
    assert det.encoding == whole.encoding and _reads(data[:unit + 3], enc, det.encoding)
    assert abs(det.confidence - whole.confidence) < 0.01, (det.confidence, whole.confidence)


@pytest.mark.parametrize("enc,word", [("gbk", "黑马程序员，"), ("cp949", "안녕하세요"), ("big5", "中文測試資料")])
@pytest.mark.parametrize("start,end", [(1, 37), (1, 1025), (3, 200)])
def test_a_repeated_payload_from_a_trail_byte_is_read_in_its_codec(enc, word, start, end):
    # a later chunk of a test payload starts wherever the one before it ended: from the second
    # byte of a character, the payload is read from its next character on
    data = (word * 300).encode(enc)[start:end]
    det = detect(data)
    assert _FAMILY.get(det.encoding, det.encoding) == {"gbk": "gb18030"}.get(enc, enc), det.note
    assert det.candidates[0].cut_start
    assert det.text is not None and det.text[:len(word)] in word * 2


@pytest.mark.parametrize("enc,word", [("gbk", "黑马程序"), ("gb18030", "服务器返"), ("gbk", "你好世界"),
                                      ("big5", "中文測試"), ("euc_jp", "日本語の"), ("cp949", "서울특별")])
@pytest.mark.parametrize("end", [37, 200, 1025])
def test_a_short_repeated_payload_from_a_trail_byte_is_read_in_its_codec(enc, word, end):
    # four characters a unit: read from its first byte, the chunk was rare characters of another
    # double-byte codec, given at up to 0.99
    data = (word * 300).encode(enc)[1:end]
    det = detect(data)
    assert _FAMILY.get(det.encoding, det.encoding) == {"gbk": "gb18030"}.get(enc, enc), det.note
    assert det.text is not None and det.text[:len(word)] in word * 2


@pytest.mark.parametrize("enc,text", [("cp1252", "Treffpunkt an der Hauptstraß"), ("mac_roman", "Rendez-vous au café"),
                                      ("mac_roman", "Une tasse de thé")])
def test_a_last_accented_letter_is_no_cut_character_of_another_script(enc, text):
    # read as UTF-8, German 'ß' is the lead byte of an N'Ko letter; read as Shift_JIS, MacRoman
    # 'é' starts a kanji: a cut character pays for starting a word in another script, as a
    # whole one does
    data = text.encode(enc)
    det = detect(data)
    assert _reads(data, enc, det.encoding), (det.encoding, det.note)


@pytest.mark.parametrize("enc,text", [("gbk", "Hello 你好世界"), ("cp932", "Meeting in 東京都新宿区"),
                                      ("utf-8", "Hello 你好世界"), ("utf-8", "Привет, мир"),
                                      ("cp949", "Welcome to 서울특별시")])
def test_a_cut_character_after_words_of_its_own_or_latin_still_reads_in_its_codec(enc, text):
    data = text.encode(enc)
    for end in (len(data) - 1, len(data) - 3):
        det = detect(data[:end])
        assert _reads(data[:end], enc, det.encoding), (end, det.encoding, det.note)


@pytest.mark.parametrize("unit", ["ꌎ", "лβ", "Թ", "ູ"])
def test_repeating_a_utf8_unit_adds_no_confidence(unit):
    # A unit whose own UTF-8 structure is no evidence (one letter of a script no code page here
    # writes, two scripts in one word) says no more when repeated: the payload is one
    # observation, its structure judged on one unit as its score is (it was 1.0 from two units on)
    one = detect(unit.encode())
    for n in (2, 5, 9):
        det = detect(unit.encode() * n)
        assert det.encoding == one.encoding == "utf-8"
        assert det.confidence == pytest.approx(one.confidence, abs=1e-9) and det.confidence < 0.9, n


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW", "ja_JP", "ko_KR"])
def test_a_utf8_chunk_of_cjk_cut_at_both_ends_is_never_another_code_page_at_high_confidence(locale):
    # every recv() chunk of a UTF-8 reply may start and end inside a character: whatever its
    # answer, a reading of another code page (Thai cp874 reads UTF-8's lead and continuation
    # bytes as Thai letters) must not be given at >= 0.9; a chunk holding whole characters that
    # is answered at >= 0.9 is UTF-8
    import random

    faker = pytest.importorskip("faker")
    fake = faker.Faker(locale)
    fake.seed_instance(3)
    stream = " ".join(" ".join(f"{fake.address()} {fake.name()} {fake.company()}".split()) for _ in range(40)).encode()
    rng = random.Random(locale)
    for _ in range(120):
        size = rng.choice((5, 8, 13, 24, 60, 300))
        at = rng.randrange(len(stream) - size)
        chunk = stream[at:at + size]
        if chunk.isascii():
            continue
        det = detect(chunk)
        assert det.encoding == "utf-8" or det.confidence < 0.9, (chunk, det.encoding, det.confidence)


@pytest.mark.parametrize("word", ["Чернетка", "промяна", "Промяна"])
@pytest.mark.parametrize("cut", [1, 2])
def test_legacy_bytes_that_line_up_as_utf8_onto_unassigned_characters_are_no_utf8(word, cut):
    # cp866 puts lower-case letters at 0xA0-0xAF and 0xE0-0xEF, a UTF-8 lead and its continuations:
    # a word cut after a letter can be well-formed UTF-8, but of characters no Unicode assigns
    data = word.encode("cp866")[cut:]
    det = detect(data)
    assert det.encoding == "cp866" or det.confidence < 0.9

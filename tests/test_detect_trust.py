"""Detection answers a program acts on (``scan --fix``, ``--fail-on``): valid UTF-8 is UTF-8, a
chunk cut at either end is still its encoding, and a wrong reading is never given with the
confidence that makes ``scan --fix`` convert a file."""

from __future__ import annotations

import io

import pytest

import codecscope
from codecscope import detect

SURE = 0.9   # scan --fix acts from here


def _cuts(data: bytes, width: int):
    """Every window of ``width`` bytes: what a recv() of that size may hand over."""
    for i in range(0, max(1, len(data) - width + 1)):
        yield data[i:i + width]


def _lead(chunk: bytes) -> int:
    n = 0
    while n < len(chunk) and 0x80 <= chunk[n] <= 0xBF:
        n += 1
    return n


# -- a chunk that starts inside a character --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "जनवरी फ़रवरी मार्च अप्रैल मई जून",           # Devanagari, three bytes a character
    "Привет, как дела? Хорошо, спасибо.",          # Cyrillic, two
    "黑马程序员，欢迎来到网络编程的世界。",          # Han, three
    "Größe, Maß und Gewicht für Übergrößen",       # Latin with a few two-byte letters
])
@pytest.mark.parametrize("width", [12, 24, 40])
def test_a_utf8_chunk_cut_at_both_ends_is_utf8(text, width):
    data = text.encode()
    for chunk in _cuts(data, width):
        if chunk.isascii():
            continue
        det = detect(chunk)
        whole = chunk[_lead(chunk):].decode("utf-8", "ignore")
        if whole.isascii():   # only the pieces of cut characters: nothing to be sure of
            assert det.confidence < SURE or det.encoding == "utf-8" or "utf-8" in det.equivalent, (chunk, det)
            continue
        assert det.encoding == "utf-8", (chunk, det)
        starts_cut = 0x80 <= chunk[0] <= 0xBF
        assert det.best.cut_start == starts_cut, chunk
        if starts_cut:
            assert not det.best.valid
            assert det.best.to_dict()["cut_start"] is True


def test_a_cut_first_character_is_named_and_left_out_of_the_reading():
    data = "Привет, мир".encode()[1:]
    det = detect(data)
    assert det.encoding == "utf-8" and det.confidence >= SURE
    assert det.text == "ривет, мир"
    assert "starts inside a character" in str(det) or "cut first" in str(det)


def test_four_continuation_bytes_are_not_a_cut_character():
    # UTF-8 characters have at most three continuation bytes: four are invalid, not a cut
    det = detect(b"\x80\x80\x80\x80" + "Привет, мир".encode())
    assert det.best is None or not det.best.cut_start


def test_a_stream_that_starts_mid_character_is_utf8():
    data = ("Привет, как дела? Хорошо. " * 2000).encode()
    for skip in (1, 3):
        det = codecscope.detect_stream(io.BytesIO(data[skip:]))
        assert det.encoding == "utf-8" and det.best.cut_start, skip
        assert det.confidence >= SURE
    # invalid further on: the cut first character does not hide it
    det = codecscope.detect_stream(io.BytesIO(data[1:] + b"\xff"))
    utf8 = next(c for c in det.candidates if c.encoding == "utf-8")
    assert utf8.invalid >= 2


# -- valid UTF-8 is UTF-8 ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The parameter ´timeout´ must be numeric",      # CPython's ftplib.py
    "# T(0, a) = 1/2π * arctan(a)",                  # a Greek letter in code
    "assert parse_expr('α') == Symbol('α')",
    "        - `±HH:MM`\n        - `±HHMM`",
    '("Koʻk", "#0000FF"), ("Qizgʻish binafsha", "#C71585")',
    "Hello\x85world \x90 \x9f end\n",                 # C1 controls: text decoded as Latin-1, saved again
    "ï»¿Ð\x89Ð\x8aÐ\x88Ð\x81Ð\x82",                    # mojibake stored as UTF-8 (test_doctest2.txt)
    "नमस्ते",                                          # a script no legacy code page here covers
    "გამარჯობა",
])
def test_valid_multibyte_utf8_is_utf8(text):
    det = detect(text.encode())
    assert det.encoding == "utf-8", det
    assert det.confidence >= SURE


def test_a_lone_stray_byte_before_ascii_is_not_a_cut_utf8_character():
    # 0x8A is Š in cp1250: nothing after it is multibyte UTF-8, so nothing says UTF-8
    det = detect("Španjolska S".encode("cp1250"))
    assert det.encoding != "utf-8"


# -- wrong readings are not given with confidence ---------------------------------------------------

def _right_or_unsure(data: bytes, text: str) -> None:
    det = detect(data)
    right = det.encoding is not None and data.decode(det.encoding, "replace") == text
    assert right or det.confidence < SURE, det
    if not right:
        assert len(det.candidates) > 1


@pytest.mark.parametrize("text", [
    "Привет, как дела? Хорошо.\n",
    "Таблица 1. Результаты измерений\n",
    "αβγ 角度 θ = 30°",
])
def test_russian_and_greek_in_gbk_read_as_gbk(text):
    data = text.encode("gbk")
    det = detect(data)
    assert data.decode(det.encoding) == text, det


def test_a_repeated_russian_gbk_payload_cut_anywhere():
    data = ("Привет" * 200).encode("gbk")
    for n in (100, 301, 1024):
        det = detect(data[:n])
        assert det.encoding in ("gb18030", "euc_jp"), det   # both read GB2312's Cyrillic row alike
        assert det.text.startswith("ПриветПривет")


@pytest.mark.parametrize("text", ["Þetta er íslenska. Ég heiti Jón og bý í Reykjavík.\n",
                                  "Við búum á Íslandi og tölum íslensku."])
def test_icelandic_in_cp1252_is_right_or_unsure(text):
    _right_or_unsure(text.encode("cp1252"), text)


@pytest.mark.parametrize("text", ["3月  4月  5月", "1月 2月 3月 4月 5月 6月", "sr Gb 7月 kb"])
def test_big5_dates_are_not_confident_hiragana(text):
    # Big5's commonest Han row (0xA4: 一 人 月 …) is EUC-JP's hiragana row
    _right_or_unsure(text.encode("big5"), text)


@pytest.mark.parametrize("data, text", [
    ("ср чт пт сб нд\n".encode("cp1251"), "ср чт пт сб нд\n"),
    ("пн вт ср чт пт сб нд".encode("cp1251"), "пн вт ср чт пт сб нд"),
    ("Le prix est de 5 € pour le café.\n".encode("iso8859_15"), "Le prix est de 5 € pour le café.\n"),
])
def test_short_ambiguous_text_is_right_or_unsure(data, text):
    _right_or_unsure(data, text)


def test_hebrew_and_greek_orthography():
    for text, enc in (("שלום עולם, מה נשמע? אני בסדר גמור.", "cp1255"),
                      ("Καλημέρα σας, τι κάνετε;", "cp1253")):
        det = detect(text.encode(enc))
        assert det.text == text and det.confidence >= SURE, det


@pytest.mark.parametrize("text", ["Le prix est de 5 € pour le café.\n", "Œuvres complètes, 12 € le volume.\n"])
def test_latin9_is_named_only_where_its_own_bytes_differ(text):
    # ISO-8859-15 moves eight of Latin-1's symbols (€ for ¤, Œ for ¼ …); where none occurs the
    # text is cp1252's, where one does the Latin-9 reading is the one that reads it
    assert detect(text.encode("iso8859_15")).encoding == "iso8859_15"
    assert detect(text.encode("cp1252")).encoding == "cp1252"
    assert detect("Les élèves très contents.\n".encode("iso8859_15")).encoding == "cp1252"


@pytest.mark.parametrize("text,codec", [
    ("เบนิน", "tis-620"),    # its bytes are Lao 'ູ' and Armenian 'Թ' in UTF-8
    ("Бельгия", "cp866"),    # one Hangul syllable between a cut first and a cut last character
    ("Латвия", "cp866"),
])
def test_short_legacy_words_that_happen_to_be_valid_utf8_are_not_sure_utf8(text, codec):
    # a few legacy bytes line up into one or two UTF-8 sequences by chance: that is no structure
    # to be sure of when the characters are of unrelated scripts or most bytes are left to cuts
    det = detect(text.encode(codec))
    assert not (det.encoding == "utf-8" and det.confidence >= 0.9), det


def test_legacy_bytes_that_line_up_as_utf8_of_unrelated_scripts_are_not_sure_utf8():
    # cp866 puts lower-case Cyrillic at 0xA0-0xAF and 0xE0-0xEF: a word of it can read as a chunk
    # of UTF-8 cut at both ends, here Batak beside a Samaritan mark; no writer's text looks so
    d = detect("Эсперанто".encode("cp866"))
    assert not (d.encoding == "utf-8" and d.confidence >= 0.9)
    # EUC-KR Cyrillic reads as Arabic, Armenian and Cyrillic letters in turn
    d = detect("Видливо".encode("euc_kr"))
    assert not (d.encoding == "utf-8" and d.confidence >= 0.9)
    # real UTF-8 cut at both ends stays sure
    for text in ("日本語のテキスト", "नमस्ते दुनिया", "Привет, мир"):
        d = detect(text.encode()[1:-1])
        assert d.encoding == "utf-8" and d.confidence >= 0.9


def test_an_answer_held_under_the_line_never_prints_as_ninety_percent():
    from codecscope.i18n import shown_confidence

    assert shown_confidence(0.899) == 0.89 and shown_confidence(0.9) == 0.9 and shown_confidence(0.996) == 1.0
    d = detect(b"abc \xe9 def")
    if d.confidence < 0.9:
        assert "confidence 90%" not in str(d)


@pytest.mark.parametrize("text,enc", [("[ Frédéric Brière ]", "gbk"), ("as “deleted” in “git status”.", "big5"),
                                      ("He said “hello” to me", "gbk")])
def test_a_cjk_reading_with_no_cjk_writing_to_judge_is_never_sure(text, enc):
    # accented Latin letters or curly quotes are in every CJK code page, and read in another one as
    # Han inside Latin words or as other signs: nothing of CJK writing tells the codecs apart
    d = detect(text.encode(enc))
    assert d.confidence < 0.9 or (d.text == text)


def test_cjk_text_itself_stays_sure():
    for text, enc in (("黑马程序员", "gbk"), ("中華民國", "big5"), ("“你好”，世界", "gbk")):
        d = detect(text.encode(enc))
        assert d.confidence >= 0.9 and d.text == text

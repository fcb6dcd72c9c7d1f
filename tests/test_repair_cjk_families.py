"""CJK chain families: the parts of a garbled text that carry little evidence on their own (a lone
sign, a one-letter word, a double-byte code page's own signs, the rest of a half-repaired word)
follow the reading the rest of the text shows; lossy readings recover what survives and mark the
rest; and clean text beside such things stays as it is.  Every example is constructed here."""

from __future__ import annotations

import pytest

import codecscope.variants  # noqa: F401  (registers cp1252-web, gbk-web, ...)
from codecscope import apply_steps, repair

SURE = 0.9   # what scan --fix and repair --in-place act on


def _garble(text: str, enc: str, dec: str, errors: str = "strict") -> str:
    return text.encode(enc).decode(dec, errors)


def _check(original: str, enc: str, dec: str, sure: bool = True) -> None:
    garbled = _garble(original, enc, dec)
    r = repair(garbled)
    assert r.text == original, (garbled, r.text)
    assert apply_steps(garbled, r.steps) == r.text
    if sure:
        assert r.confidence >= SURE, r.confidence


@pytest.mark.parametrize("original, enc, dec", [
    ("© 2011 百货零售", "utf-8", "gbk-web"),        # the sign alone, a space from the garbled words
    ("南極大陸: 48,52 ¥", "utf-8", "gbk-web"),
    ("© 2010 威望", "utf-8", "cp949"),
])
def test_a_lone_sign_follows_the_reading_the_text_shows(original, enc, dec):
    _check(original, enc, dec, sure=False)


def test_a_lone_sign_is_no_evidence_by_itself():
    # '漏' and '楼' are Chinese words ('leak', 'floor'); beside other Chinese, or where no sign
    # stands (a floor's count, a word alone), they stay
    for text in ("漏", "漏 2011年", "北京 楼 3", "© 2011 百货零售", "楼 3", "3楼", "漏水 5"):
        assert repair(text).text == text


@pytest.mark.parametrize("original, enc, dec", [
    # a text of another script whose every CJK character reads back as its letters and signs
    ("янв.", "utf-8", "gbk-web"), ("пн", "utf-8", "gbk-web"), ("октябрь", "utf-8", "gbk-web"),
    ("26 янв.", "utf-8", "gbk-web"), ("595 руб.", "utf-8", "gbk-web"), ("Ιαν", "utf-8", "gbk-web"),
    ("εβδομάδα", "utf-8", "gbk-web"), ("21 Ιαν", "utf-8", "cp932"),
    ("été", "utf-8", "gbk-web"), ("Größe", "utf-8", "gbk-web"), ("Österreich", "utf-8", "cp949"),
    ("über", "utf-8", "cp950"), ("Tomé", "utf-8", "gbk-web"),
    ("465°C", "utf-8", "gbk-web"), ("599°C", "utf-8", "cp949"), ("855 µg", "utf-8", "gbk-web"),
    ("37×", "utf-8", "gbk-web"), ("© 1997", "utf-8", "gbk-web"), ("© 2024 soluta totam", "utf-8", "cp932"),
    ("¥39,397.19", "utf-8", "gbk-web"), ("fugiat® 894", "utf-8", "cp949"), ("nobis\xa0293", "utf-8", "cp949"),
])
def test_a_short_text_of_another_script_read_through_a_cjk_code_page_is_repaired(original, enc, dec):
    garbled = _garble(original, enc, dec)
    r = repair(garbled)
    assert r.text == original, (garbled, r.text)
    assert apply_steps(garbled, r.steps) == r.text
    assert r.confidence < SURE   # a short text: never written back unasked


@pytest.mark.parametrize("text", [
    # clean short CJK text: words, units, counters, names, a lone character
    "克", "写", "谢谢", "公斤", "千克", "摄氏度", "小时", "人民币", "张伟", "星期一", "3楼", "5个", "100元",
    "下午3:45", "¥1,234.56", "1월", "월요일", "킬로그램", "짜장면", "째", "3째", "짱", "iPhone 짱", "5분",
    "後藤", "東京", "円", "キロ", "ドル", "第3号", "约5", "总100", "Python的", "新iPhone", "没app",
])
def test_clean_short_cjk_text_stays(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original, enc, dec", [
    ("¥100", "utf-8", "cp949"),            # '짜100': a syllable alone is no word, nor part of an amount
    ("¥94,039.05", "utf-8", "cp949"),
    ("Price: £5", "utf-8", "cp949"),       # '짙5'
])
def test_the_one_non_ascii_character_before_an_amount_is_its_currency_sign(original, enc, dec):
    _check(original, enc, dec, sure=False)
    assert repair(_garble(original, enc, dec)).confidence < SURE   # never written back unasked


@pytest.mark.parametrize("text", ["楼100", "3楼", "북경 짜100", "짜 100", "A짜100", "第1", "총100", "짜장면 5000원", "5짜100"])
def test_a_cjk_character_beside_a_number_in_cjk_text_a_han_word_or_after_it_stays(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original, enc, dec", [
    ("影响 87°", "gbk", "latin-1"),                        # '¡ã' is GBK's own degree sign
    ("加拿大 — π × 53 ≥ 782", "gbk", "latin-1"),           # 'π' is no Big5 '羽' beside GBK words
    ("「云南省柳州县牧野街x座 726497」", "gbk", "latin-1"),
    ("58× 中川水産合同会社", "cp932", "cp1252-web"),          # a Shift_JIS trail byte can be ASCII
    ("マカオ 14°", "cp932", "cp1252-web"),
    ("58× 리비아", "cp949", "cp1252-web"),
    ("世界 起来 一起 20°", "gbk", "cp950"),
    ("文件 最大 說明 34°", "cp950", "gbk-web"),
])
def test_a_double_byte_readings_signs_follow_its_words(original, enc, dec):
    _check(original, enc, dec, sure=False)


def test_undefined_c1_controls_are_no_windows_1252_punctuation():
    # '\x81c' is Shift_JIS '…' read as Windows-1252, which leaves 0x81 undefined
    _check("トリビュート普通の職人。 (0 … ∞)", "cp932", "cp1252-web", sure=False)


def test_rare_han_that_decodes_to_common_characters_and_a_sign_is_repaired():
    # the model prices '®' beside Han high and knows no real frequencies; these do
    _check("中山® 318", "utf-8", "cp950", sure=False)


@pytest.mark.parametrize("original", ["¥82,078.13", "JP¥1,331.50", "144.52 μg"])
def test_a_rare_character_where_utf8_puts_a_sign_beside_a_number(original):
    _check(original, "utf-8", "cp950", sure=False)


def test_common_characters_beside_numbers_stay():
    for text in ("楼82", "12楼", "第3号", "中山路318号", "째 5"):
        assert repair(text).text == text


def test_big5_read_as_gbk_shows_common_han_as_private_use_and_is_repaired():
    _check("的人 一下 一個", "cp950", "gbk-web")
    _check("人員 可能", "cp950", "gbk-web")


@pytest.mark.parametrize("text", [
    "菜单 \ue6b3", "\ue612\ue173\ue5e9 下载", "\ue056\ue4f0\ue1ed", "\ue600 Home", "\ue0f7\ue5f1 設定",
])
def test_icon_font_glyphs_are_no_big5_text(text):
    # private use characters next to clean words: icon fonts put glyphs there
    assert repair(text).text == text


def test_c1_controls_that_read_as_common_han_are_not_sure():
    r = repair(_garble("個人", "gbk", "latin-1"))
    assert r.confidence < SURE
    r = repair("\x93déjà vu\x94")
    assert r.text == "“déjà vu”" and r.confidence >= SURE


@pytest.mark.parametrize("original, enc, dec", [
    ("Růžička", "utf-8", "iso8859-2"),                 # 'č' shows the reading, 'ůž' follow in the word
    ("к. Звенигород", "utf-8", "iso8859-2"),           # a one-letter word of the alphabet the reading wrote
    ("г. Черемхово", "utf-8", "gbk-web"),
    ("Балтський 3-й", "utf-8", "gbk-web"),
    ("п. Тольятти", "utf-8", "cp932"),
])
def test_the_rest_of_a_word_and_one_letter_words_follow_the_reading(original, enc, dec):
    _check(original, enc, dec)


@pytest.mark.parametrize("original", ["119度", "21日", "523个", "¥99,271.01", "2°C"])
def test_cp932_shows_one_utf8_character_as_a_lone_half_width_katakana(original):
    _check(original, "utf-8", "cp932", sure=False)


@pytest.mark.parametrize("text", ["株式会社ｱｲｳ", "ｺｰﾋｰ 2杯", "日本 ｶﾀｶﾅ", "ﾂｱｰ 119", "東ｱ"])
def test_clean_half_width_katakana_stays(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original", ["こんにちは世界", "ありがとう", "これは日本語の文章です", "東京タワー"])
def test_japanese_written_in_gbk_read_as_latin_1(original):
    _check(original, "gbk", "latin-1")


@pytest.mark.parametrize("original, reader", [
    ("臺北市信義區市府路1號", "cp950"), ("台北市中山區", "cp950"), ("中华人民共和国", "cp949"),
    ("台北市中山區", "cp949"),
])
def test_a_lossy_reading_recovers_what_survives_and_marks_the_rest(original, reader):
    garbled = _garble(original, "utf-8", reader, "replace")
    r = repair(garbled)
    assert r.text != garbled and r.lost
    assert apply_steps(garbled, r.steps) == r.text
    # what comes back is the original's own characters, in order, with at most one mark for
    # each character lost and none invented
    kept = iter(original)
    assert all(ch == "\ufffd" or ch in kept for ch in r.text), r.text
    assert len(r.text) <= len(original)
    assert sum(ch != "\ufffd" for ch in r.text) >= 2


@pytest.mark.parametrize("text", [
    "文言\ufffd\ufffd\ufffd", "具有\ufffd\ufffd\ufffd 這種 主要", "山田通信株式会社: √57\ufffd\ufffd\ufffd ≈ 7.550",
    "東京\ufffd都", "서울\ufffd\ufffd 시청",
])
def test_clean_cjk_beside_loss_markers_stays(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original, reader", [
    ("quaerat facilis fuga 🙆", "gbk-web"), ("great 👍", "gb18030"), ("great 👍", "cp932"),
    ("Hello 👍🏼 world", "gbk-web"), ("🇯🇵 日本", "gbk-web"),
])
def test_an_emoji_read_as_a_cjk_code_page_is_repaired(original, reader):
    # GBK reads every emoji's first two bytes (0xF0 0x9F) as '馃', which no text uses
    _check(original, "utf-8", reader, sure=False)


@pytest.mark.parametrize("text", ["馃", "馃 马", "北京 😀", "ok 👍🏼", "東京タワー🗼"])
def test_emoji_and_rare_han_in_clean_text_stay(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original", ["张", "토", "蒋\xa0721", "鞠: 69,95 ₽"])
def test_cp932s_private_use_for_an_undefined_byte_is_a_lost_continuation_recovered(original):
    # cp932 reads UTF-8's continuation byte 0xA0 as U+F8F0, which no text holds ('蠑\uf8f0' is '张')
    garbled = _garble(original, "utf-8", "cp932")
    assert "\uf8f0" in garbled
    r = repair(garbled)
    assert r.text == original
    assert apply_steps(garbled, r.steps) == r.text


@pytest.mark.parametrize("original", ["後藤", "斉藤"])
def test_real_frequencies_settle_a_near_tie_of_the_model(original):
    # '蠕瑚陸' and '後藤' both sit in JIS X 0208's blocks; real Japanese uses the second far more
    _check(original, "utf-8", "cp932", sure=False)


@pytest.mark.parametrize("text", ["\uf8f0", "設定 \uf8f0", "后藤", "陸軍", "譁芽"])
def test_clean_text_with_a_private_use_character_or_rare_han_stays(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original, enc, dec", [
    ("12月", "gbk", "latin-1"), ("2002年", "gbk", "latin-1"), ("1月15日", "gbk", "cp1252-web"),
    ("2024年1月5日", "gbk", "latin-1"), ("2024년", "cp949", "cp1252-web"),
])
def test_accented_letters_glued_to_numbers_that_read_as_common_counters_are_repaired(original, enc, dec):
    # '12ÔÂ': no Western word is accented letters alone glued to a number; GBK's '月' is common
    _check(original, enc, dec, sure=False)


def test_a_double_byte_code_pages_sign_glued_to_a_number_is_repaired():
    _check("465°C", "gbk", "latin-1", sure=False)      # '465¡ãC': no Spanish '¡' follows a digit


@pytest.mark.parametrize("text", ["1ère", "2ème", "3ºC", "¡Hola!", "x¡ãy", "5¡ ok", "ÀÂÇÉÈÊËÎÏÔÛÙÜŸ", "äöüß ÄÖÜ"])
def test_western_text_with_accents_beside_numbers_stays(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original", ["公斤", "中文", "日文", "118公斤"])
def test_big5_read_as_gbk_into_kana_no_japanese_writes_is_repaired(original):
    # Big5's commonest characters land in GBK's kana rows: '公斤' is 'そょ', a small 'yo' after 'so'
    _check(original, "cp950", "gbk-web", sure=False)


@pytest.mark.parametrize("text", ["ンジャメナ", "きょう", "しゃしん", "ティッシュ", "コンピューター", "ヴュー", "ゃ", "東京ゅ"])
def test_japanese_with_small_kana_stays(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original", ["育英", "教育", "汶萊"])
def test_big5_read_as_gbk_into_box_drawing_glued_to_han_is_repaired(original):
    # Big5's commonest characters land in GBK's box drawing row: '育英' is '▅璣'
    _check(original, "cp950", "gbk-web", sure=False)


@pytest.mark.parametrize("text", ["│中文│", "┃中国┃", "├─ 中文", "│名前│値│", "█中", "■東京"])
def test_box_drawing_beside_clean_cjk_stays(text):
    assert repair(text).text == text

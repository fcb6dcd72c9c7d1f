"""Two chain families that were below target: lower-case Cyrillic read between the Russian code
pages (Windows-1251 and KOI8-R make it all capitals) and UTF-8 read as cp949 (whose reading of
Korean holds Cyrillic, Greek, signs and compatibility Hanja besides Hangul), and the clean text
beside them that must stay as it is.  Every example is written here, not taken from a corpus."""

from __future__ import annotations

import pytest

import codecscope.variants  # noqa: F401  (registers cp1251-web, gbk-web, ...)
from codecscope import apply_steps, repair


def _check(original: str, enc: str, dec: str) -> None:
    garbled = original.encode(enc).decode(dec)
    r = repair(garbled)
    assert r.text == original, (garbled, r.text)
    assert apply_steps(garbled, r.steps) == r.text


@pytest.mark.parametrize("original", [
    "„(вграден)“", "„(потребителски)“",   # Bulgarian quotes around a bracketed word
    "„изтрит“",
])
@pytest.mark.parametrize("chain", [("cp1251", "koi8_r"), ("cp1251", "cp866")])
def test_a_closing_low_high_quote_after_brackets_closes_the_quote(original, chain):
    # '“' opens a quote in English and closes one in Bulgarian, German and Ukrainian: cut at the
    # brackets it stands alone, and must close the '„' before the word, not open another
    _check(original, *chain)


@pytest.mark.parametrize("original, enc, dec", [
    ("кувейт", "cp1251", "koi8_r"), ("венесуела", "cp1251", "koi8_r"),
    ("бахрейн", "koi8_r", "cp1251"), ("бенин", "koi8_r", "cp1251"), ("текущий таймер", "koi8_r", "cp1251"),
])
def test_lower_case_text_read_as_all_capitals_is_repaired(original, enc, dec):
    # Windows-1251 and KOI8-R put each other's lower case at their capitals' bytes, so lower-case
    # text read between them is all capitals ('кувейт' is 'ЙСБЕИР'): real text is written in lower
    # case far more often than in capitals, and one word of a country's name must be enough
    _check(original, enc, dec)


@pytest.mark.parametrize("text", ["ВНИМАНИЕ", "ОШИБКА", "ЗАВДАННЯ", "ДТП", "МГУ", "ООО", "ЧП", "РФ",
                                  "ИНН", "ГОСТ", "НАТО", "ЮНЕСКО", "ПРЕДУПРЕЖДЕНИЕ: ИЗРАЗ"])
def test_clean_capitals_and_abbreviations_stay(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original", ["구문", "구문 분석 종료", "명령 구문:", "注解", "位图", "체크"])
def test_utf8_cjk_read_as_cp949_is_repaired(original):
    # cp949 reads a UTF-8 continuation byte 0xA1-0xAC before a lead byte as a sign or a letter of
    # its own rows ('구문' is '援щЦ', Cyrillic beside Hanja) and many lead bytes as compatibility
    # Hanja ('注解' is '力②㎗'); a short CJK word it wrote is no second layer of mojibake
    _check(original, "utf-8", "cp949")


@pytest.mark.parametrize("text", ["位图", "체크", "MacPaint 位图", "注解", "구문"])
def test_clean_cjk_words_are_no_utf8_of_letters(text):
    # '位图' through GBK is UTF-8 'λͼ' (an archaic Greek sign), '체크' through cp949 'üũ' (no
    # language writes a word of only non-ASCII Latin letters): no reading of clean text
    assert repair(text).text == text


@pytest.mark.parametrize("original", ["144.52 μg", "144.52μs", "144.52°", "144.52 Ω", "144,52 Ω"])
@pytest.mark.parametrize("reader", ["cp949", "gbk-web"])
def test_a_units_sign_after_an_amount_read_as_cjk_is_repaired(original, reader):
    # a counter or an ordinal follows a count, never an amount with decimals ('3째' is Korean
    # '3rd', '144.52째' is '144.52°'); the Greek mu between an amount and a unit's letters and the
    # ohm's omega after one are the unit's signs
    _check(original, "utf-8", reader)


@pytest.mark.parametrize("text", ["3째", "3廓", "3 惟", "10 惟", "Ω 惟", "5個g", "價格 144.52關g"])
def test_a_cjk_character_after_a_count_stays(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original", ["JP¥1,235", "CN¥1,234.50", "A£1,234.50"])
@pytest.mark.parametrize("reader", ["cp949", "gbk-web", "cp950"])
def test_a_currency_sign_after_a_country_code_read_as_cjk_is_repaired(original, reader):
    # CLDR writes a foreign yen or yuan with the country's capitals before the sign: the sign still
    # stands before an amount, where no counter or floor does
    _check(original, "utf-8", reader)


@pytest.mark.parametrize("text", ["CN楼82", "ABC짜1,235", "J짜12"])
def test_a_cjk_character_after_capitals_before_a_count_stays(text):
    assert repair(text).text == text

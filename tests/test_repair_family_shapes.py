"""Shapes that kept two chain families below target: lower-case Cyrillic read between the Russian
code pages (a quoted name closed before an ellipsis, a month cut short with a full stop) and Chinese
read through a Western code page or Big5 read as GBK (a word of accented letters alone, the choice
between two Han readings of the same characters), with the clean text beside them that must stay.
Every example is written here, not taken from a corpus."""

from __future__ import annotations

import pytest

import codecscope.variants  # noqa: F401  (registers cp1251-web, gbk-web, ...)
from codecscope import apply_steps, repair


def _check(original: str, enc: str, dec: str) -> None:
    garbled = original.encode(enc).decode(dec)
    r = repair(garbled)
    assert r.text == original, (garbled, r.text)
    assert apply_steps(garbled, r.steps) == r.text


@pytest.mark.parametrize("original", ["свързване към „data.txt“…", "файл «config.ini»… не найден"])
@pytest.mark.parametrize("chain", [("cp1251", "koi8_r"), ("cp1251", "cp866")])
def test_a_quoted_name_closed_before_an_ellipsis_is_repaired(original, chain):
    # Windows-1251 keeps the quotes and the ellipsis at bytes KOI8-R and cp866 show as box
    # drawing: the reading writes a quote that closes, then an ellipsis, which is punctuation
    _check(original, *chain)


@pytest.mark.parametrize("original", ["февр.", "окт.", "7 окт. 2024"])
def test_a_lower_case_month_cut_short_is_repaired(original):
    # lower-case Windows-1251 read as KOI8-R is all capitals ('окт.' is 'НЙР.'); capitals of an
    # abbreviation take no full stop, a word cut short does
    _check(original, "cp1251", "koi8_r")


@pytest.mark.parametrize("text", ["ДТП.", "МГУ.", "В МГУ.", "ФГБУ НПК.", "ДТП", "НПК"])
def test_abbreviations_with_a_full_stop_stay(text):
    assert repair(text).text == text


@pytest.mark.parametrize("original", ["中文", "星期日", "周日", "打开 42 项"])
@pytest.mark.parametrize("reader", ["latin-1", "cp1252-web"])
def test_gbk_read_as_a_western_code_page_as_accented_capitals_is_repaired(original, reader):
    # every GBK byte is above 0x7F: a Western code page shows each character as two accented
    # letters or signs, and a word of three or more of them holds no ASCII letter, as no Western
    # word does ('ÖÐÎÄ' is '中文')
    _check(original, "gbk", reader)


@pytest.mark.parametrize("text", ["Öö", "Él", "Ça va", "ÉTÉ", "Åre", "Øre", "À", "ÀÉ", "Über", "Çà bientôt"])
def test_short_western_words_with_accents_stay(text):
    assert repair(text).text == text


def test_big5_read_as_gbk_is_told_from_gbk_read_as_big5_by_frequency():
    # '秅ら' is Big5 '週日' read as GBK, or GBK '亭祈' read as Big5: both readings are Han, and the
    # likelier text decides whichever code page showed it
    _check("週日", "cp950", "gbk-web")

"""Clean text that looks like a reading of mojibake and is none: repair leaves it as it is, and
the garbled text of each family still comes back.  (The clean strings are of the kinds a pass
over real program messages found changed: abbreviations in capitals, units after numbers,
French spacing, a soft hyphen after an accented capital.)"""

from __future__ import annotations

import pytest

from codecscope import repair
from codecscope.repairing import evidence


# --- short words in capitals: abbreviations as often as garbled words -------------------------

@pytest.mark.parametrize("text", ["ФЛП", "ЙРБ", "МСКС", "ЧЭР", "ОСББ", "ФОП", "ТОВ", "СНГ", "ГОСТ", "ЖКГ", "ПДВ"])
def test_a_short_word_in_capitals_stays(text):
    assert not repair(text).changed


@pytest.mark.parametrize("word, written, read_as", [("май", "cp1251", "koi8_r"), ("мир", "koi8_r", "cp1251"),
                                                     ("дом", "cp1251", "koi8_r"), ("кто", "koi8_r", "cp1251")])
def test_a_common_word_whose_garbled_form_is_no_likely_abbreviation_is_still_repaired(word, written, read_as):
    # 'ЛЮИ', 'НЙТ': initials that start few words make an unlikely abbreviation
    r = repair(word.encode(written).decode(read_as))
    assert r.text == word and r.confidence < 0.9


def test_an_abbreviation_is_judged_by_its_initials():
    # common initials ('ФЛП') are a likely abbreviation; 'Ъ' starts almost no word ('ЪМБ' for 'янв')
    assert evidence.abbreviation_odds("ФЛП", "тко") < evidence.CLEAN_ODDS
    assert evidence.abbreviation_odds("ЛЮИ", "май") >= evidence.CLEAN_ODDS
    # a reading in capitals is one abbreviation for another
    assert evidence.abbreviation_odds("ЧЭР", "ЗНА") < evidence.CLEAN_ODDS


# --- units after numbers --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["8 кБ", "по 5 мВт", "220 кВт и 10 мА", "64 кБ, 2 МБ", "> 8 кБ, < 64 кБ FLASH",
                                  "RAM 512 кБ"])
def test_a_unit_after_a_number_keeps_its_case_and_stays(text):
    assert not repair(text).changed


@pytest.mark.parametrize("text", ["ошибка при слиянии", "сегодня хорошая погода"])
@pytest.mark.parametrize("written, read_as", [("cp1251", "koi8_r"), ("koi8_r", "cp1251")])
def test_a_garbled_cyrillic_sentence_is_still_repaired(text, written, read_as):
    r = repair(text.encode(written).decode(read_as))
    assert r.text == text and r.confidence >= 0.9


# --- French spacing and a soft hyphen: clean Latin text that is valid UTF-8 through cp1252 ----

@pytest.mark.parametrize("text", ["le mot «\xa0été\xa0» est", "une «\xa0idée\xa0», puis", "non «\xa0commité\xa0», modifications",
                                  "la ‹\xa0clé\xa0› du texte", "je plná\xa0– čeká se", "un café\xa0— puis"])
def test_a_no_break_space_before_a_closing_guillemet_or_a_dash_stays(text):
    # 'é\xa0»' is E9 A0 BB in Windows-1252: valid UTF-8 for a Han character ('á\xa0–' for U+1816)
    assert not repair(text).changed


@pytest.mark.parametrize("text", ["Vous avez dit «\xa0oui\xa0», très bien", "le mot «\xa0été\xa0» est joli",
                                  "Une «\xa0entrée\xa0» créée", "tabulka je plná\xa0– hotovo"])
def test_garbled_text_with_spaced_guillemets_and_dashes_is_repaired_once_and_twice(text):
    once = text.encode("utf-8").decode("cp1252")
    twice = once.encode("utf-8").decode("cp1252")
    for garbled in (once, twice):
        r = repair(garbled)
        assert r.text == text and r.confidence >= 0.9


@pytest.mark.parametrize("text", ["CONTENÍ\xadU", "ESTÍ\xadMULO", "INFORMACIÓN CONTENÍ\xadDA"])
def test_a_soft_hyphen_after_an_accented_capital_stays(text):
    # 'Í\xad' is CD AD: valid UTF-8 for a combining Latin small letter, which no modern text writes
    assert not repair(text).changed


def test_a_combining_overlay_from_utf8_is_still_repaired():
    # strike-through written with U+0336 after each character, read as Windows-1252
    text = "price 6\u03363\u0336 now 49"
    assert repair(text.encode("utf-8").decode("cp1252")).text == text

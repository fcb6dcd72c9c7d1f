"""Cyrillic read through another Cyrillic code page, judged by what real words look like
(codecscope/data/cyrillic_words.json, from wordfreq's word lists).  The texts here are everyday
phrases written for these tests: neither the benchmark's tuning source (Faker) nor its held-out
sources (CLDR, iso-codes)."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from codecscope import repair
from codecscope.repairing import evidence

# Windows-1251 and KOI8-R keep the two cases at each other's bytes: lower-case text read through
# the other is all capitals, and no case flip inside a word gives it away
CHAINS = [("cp1251", "koi8_r"), ("koi8_r", "cp1251"), ("cp866", "cp1251"), ("cp1251", "cp866"),
          ("koi8_r", "cp866"), ("cp866", "koi8_r")]
LOWER_CASE = [
    "ошибка при слиянии",
    "сегодня хорошая погода",
    "последние новости дня",
    "завтра будет дождь",
    "улица ленина",
    "в понедельник",
    "здравствуйте",
    "пожалуйста",
    "хлебопекарня",
    "молоко",
    "погода",
    "добрий вечір",       # Ukrainian
    "столиця",
    "днес е хубав ден",   # Bulgarian
    "благодаря",
]


@pytest.mark.parametrize("written, read_as", CHAINS)
@pytest.mark.parametrize("text", LOWER_CASE)
def test_lower_case_text_read_through_another_cyrillic_code_page_is_repaired(text, written, read_as):
    try:
        garbled = text.encode(written).decode(read_as)
    except UnicodeError:
        pytest.skip("this code page cannot write the text")
    assert repair(garbled).text == text


@pytest.mark.parametrize("text", [
    "ДТП", "МГУ", "ГОСТ", "ЧТПЗ", "НАТО", "ЗСУ", "НБУ", "СССР",   # abbreviations
    "СЕГОДНЯ", "ВНИМАНИЕ", "НОВОСТИ", "СРЕДА", "КНИГА",          # words in capitals
    "ООО «Ромашка»", "ДОБРИЙ ДЕНЬ", "КИЇВ — СТОЛИЦЯ УКРАЇНИ",
    "јануар", "ЈАНУАР", "Његош", "ЊЕГОШ", "Србија",                # Serbian
    "Ѓорѓи Петров", "МАКЕДОНИЈА", "ќе",                            # Macedonian
    "ўсё будзе добра", "мінск", "ЎСЁ",                             # Belarusian
    "╔══╗", "│ ├── src",
])
def test_clean_cyrillic_is_left_alone(text):
    assert not repair(text).changed


def test_a_short_word_is_judged_by_whether_it_is_a_word():
    # 'янв' is a word and 'ЪМБ' (its Windows-1251 bytes read as KOI8-R) none; 'ДТП' is a word
    # too (the lists hold abbreviations), and its reading 'дро' is less of one
    assert evidence.pair_surprise("янв")[0] < evidence.pair_surprise("ЪМБ")[0] - 4
    assert evidence.pair_surprise("ДТП")[0] < evidence.pair_surprise("дро")[0]


def test_a_reading_gains_from_real_words_and_loses_to_letter_soup():
    gain, pairs, _ = evidence.reading_gain("НЬХАЙЮ ОПХ ЯКХЪМХХ", "ошибка при слиянии")
    assert gain > 10 and pairs >= 10
    gain, _, _ = evidence.reading_gain("ошибка при слиянии", "НЬХАЙЮ ОПХ ЯКХЪМХХ")
    assert gain < -10


def test_the_word_table_declares_its_source_and_licence():
    raw = json.loads(files("codecscope").joinpath("data").joinpath("cyrillic_words.json").read_text("utf-8"))
    assert "wordfreq" in raw["source"] and raw["licence"].startswith("CC-BY-SA 4.0")
    assert {"pairs", "triples", "words", "short"} <= raw.keys()

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


# single lower-case words: only whether the reading is a word the languages use tells a word from
# the same letters through a swapped alphabet ('деревня' through KOI8-R read as Windows-1251 is
# 'ДЕТЕЧОС', letters in orders words use often enough)
@pytest.mark.parametrize("written, read_as", CHAINS)
@pytest.mark.parametrize("text", ["деревня", "здоровье", "мороженое", "телевизор", "крепость", "варенье", "училище"])
def test_a_single_lower_case_word_is_repaired(text, written, read_as):
    garbled = text.encode(written).decode(read_as)
    assert repair(garbled).text == text


def test_the_word_table_holds_longer_words_too():
    from codecscope.repairing.cyrillic_words import SHORT, ZIPF

    assert {"деревня", "телевизор", "батьківщина", "училище"} <= ZIPF.keys()
    assert all(len(w) > SHORT for w in ("деревня", "телевизор"))
    # a word the table holds costs less than the same letters through a swapped alphabet, by
    # more than the letters alone say
    assert evidence.pair_surprise("деревня")[0] < evidence.pair_surprise("ДЕТЕЧОС")[0] - 4


@pytest.mark.parametrize("text, written, read_as", [
    ("п’ятниця", "cp1251", "koi8_r"),    # a Ukrainian apostrophe inside a word
    ("об’єкт", "cp1251", "koi8_r"),
    ("п’ять", "cp1251", "cp866"),
    ("молоко™", "cp1251", "koi8_r"),     # a sign glued to a word
    ("кофе® 250", "cp1251", "cp866"),
    ("мука\xa0500", "cp1251", "cp866"),  # a number's no-break space, which cp866 shows as 'а'
    ("лодка", "cp866", "cp1251"),        # cp866's 'л' is Windows-1251's '«'
    ("полка", "cp866", "cp1251"),
])
def test_words_with_apostrophes_signs_and_numbers_are_repaired(text, written, read_as):
    garbled = text.encode(written).decode("cp1251-web" if read_as == "cp1251" else read_as)
    assert repair(garbled).text == text


@pytest.mark.parametrize("text", [
    "СКЛАД\xa07", "ДОМ\xa012", "КХАН\xa0462",      # a word in capitals, a no-break space, a number
    "ФГБУ ДПО", "ФГБОУ ДПО «МИРЭА»",             # abbreviations, one of which reads as a word ('дон')
    "слово\xa0«цитата»", "в\xa0«Москве»",         # no-break spaces beside quotes
    "ТОВАР™", "КОФЕ® 250", "© ООО «ЛАДА»", "кар’єра", "КАР’ЄРА",
    "қазақ тілі", "ҚАЗАҚСТАН", "кыргыз тили", "монгол улс", "МОНГОЛ УЛС", "татар теле",   # other Cyrillic languages
    "Монгол Улс 2024", "беларуская мова", "БЕЛАРУСЬ", "српски језик", "македонски јазик",
    "ЖБИ и ЖБИ", "ПСБ и ПСБ", "МВД и ФСБ", "ООО и ЗАО",  # abbreviations and a conjunction: the reading
])                                                      # that swaps the cases writes a lone capital
def test_clean_cyrillic_with_signs_numbers_and_abbreviations_is_left_alone(text):
    assert not repair(text).changed


def test_abbreviations_count_only_when_the_reading_makes_a_word_of_every_one():
    # 'ДПО' reads as the word 'дон', 'ФГБУ' as no word: no evidence either way
    gain, pairs, _ = evidence.reading_gain("ФГБУ ДПО", "ФГБУ ДПО".encode("cp1251").decode("koi8_r"))
    assert pairs == 0 and gain == 0
    # a no-break space before a number is the number's space, not a character glued to the word
    assert evidence.reading_gain("КХАН\xa0462", "КХАН\xa0462".encode("koi8_r").decode("cp1251"))[0] < 3


def test_a_quote_closed_after_a_number_closes_the_one_opened_before_a_word():
    text = "«г. бавлы, пр. путейский, д. 5, 366480»"
    garbled = text.encode("cp1251").decode("koi8_r")   # '╚Ц. АЮБКШ, ... 366480╩'
    assert repair(garbled).text == text


# a text of two- and three-letter words alone: the letters say too little, whether the reading
# is one of the commonest words of the languages, and the input no word at all, says enough to
# repair it, never enough to write it back unasked (an abbreviation the table lacks looks alike)
@pytest.mark.parametrize("text", ["май", "год", "кто", "час", "мир", "мы", "вы тут", "где сад"])
@pytest.mark.parametrize("written, read_as", [("cp1251", "koi8_r"), ("koi8_r", "cp1251"), ("cp866", "cp1251")])
def test_short_words_read_through_another_code_page_are_never_sure(text, written, read_as):
    assert repair(text.encode(written).decode(read_as)).confidence < 0.9


def test_most_short_common_words_are_repaired():
    # (a few read as another common word through the other code page as well: 'ЛШ' is 'мы' or 'шы';
    # and a few are left because their garbled form, of common initials, is as likely an
    # abbreviation: 'ЗПД' for 'год', 'ДПН' for 'дом', see evidence.abbreviation_odds)
    words = ["май", "год", "кто", "час", "мир", "мы", "где", "она", "сад", "дом", "лес", "вы", "ден", "так"]
    done = sum(repair(w.encode(o).decode("cp1251-web" if r == "cp1251" else r)).text == w for w in words
               for o, r in [("cp1251", "koi8_r"), ("koi8_r", "cp1251"), ("cp866", "cp1251")])
    assert done >= 0.75 * 3 * len(words)


@pytest.mark.parametrize("text", ["ЧП", "РФ", "ЕС", "МГУ", "США", "ООН", "ТВ", "ДТП", "ВВС", "ЛЭП", "МКС", "ГЭС",
                                  "да", "нет", "так", "ДА", "НЕТ", "и", "ъ", "сша", "ЮАР ЕС"])
def test_short_abbreviations_and_words_stay(text):
    assert not repair(text).changed


def test_a_text_of_short_words_is_read_only_where_every_word_reads_as_a_common_one():
    # 'НЩ' is 'мы' (KOI8-R read as Windows-1251), 'ЮАР' is no word of that reading
    assert evidence.common_short_words("НЩ", "НЩ".encode("cp1251").decode("koi8_r"))
    assert not evidence.common_short_words("НЩ ЮАР", "НЩ ЮАР".encode("cp1251").decode("koi8_r"))
    assert not evidence.common_short_words("ЧП", "ЧП".encode("cp1251").decode("koi8_r"))   # 'ЧП' is a word of the table


# a sentence of short words in capitals: a word or two may read as no likelier than the
# abbreviation it could be ('ЛШ' for 'мы', 'МЕ', itself a word, for 'не') where the rest read as
# words plainly; the words on average decide (evidence.abbreviations_known)
@pytest.mark.parametrize("text, written, read_as", [
    ("не може да се", "cp1251", "koi8_r"),       # Bulgarian
    ("как мы тут", "cp1251", "koi8_r"),
    ("он был там же", "cp1251", "koi8_r"),
    ("мы все тут", "koi8_r", "cp1251"),
    ("все как есть", "koi8_r", "cp1251"),
])
def test_a_sentence_of_short_lower_case_words_read_as_capitals_is_repaired(text, written, read_as):
    garbled = text.encode(written).decode("cp1251-web" if read_as == "cp1251" else read_as)
    assert repair(garbled).text == text


@pytest.mark.parametrize("text", ["СЛ.ОБ.", "ПР.ОБ.", "СЛ. ОБ.", "ФГБУ ДПО"])
def test_abbreviations_whose_readings_are_short_words_by_chance_are_left_alone(text):
    # ('СЛ' and 'ОБ' read as 'як' and 'на' through KOI8-R, each less than 10**2.5 likelier)
    assert not repair(text).changed


def test_capitals_that_spell_no_word_read_as_a_common_word_are_repaired():
    # lower-case 'номер' in KOI8-R read as Windows-1251 is 'ОПНЕТ', no word of the table; its
    # reading is a common one, just under the bar by its letters and its case alone
    assert repair("номер".encode("koi8_r").decode("cp1251")).text == "номер"

"""One Cyrillic code page read as another (кракозябры): Windows-1251, KOI8-R and cp866 put the same
letters at different bytes, so every reading of one as another is a letter-for-letter substitution.
Lower-case text leaves no case flip to go on ('ошибка при слиянии' in Windows-1251 read as KOI8-R
is 'НЬХАЙЮ ОПХ ЯКХЪМХХ', all capitals, all letters): repair judges such a reading by how much
likelier its letter pairs make the whole text.  Clean text in any Cyrillic language, capitals,
acronyms and names included, must never change.

The examples are written for these tests (everyday messages, headings, names), not taken from the
benchmark corpora.
"""

from __future__ import annotations

import pytest

from codecscope import apply_steps, repair

# (original code page, the code page a program read it with)
CHAINS = [("cp1251", "koi8_r"), ("koi8_r", "cp1251"), ("cp1251", "cp866"),
          ("cp866", "cp1251"), ("koi8_r", "cp866"), ("cp866", "koi8_r")]

GARBLED = [
    "ошибка при слиянии",
    "файл не найден, проверьте путь",
    "сохранить изменения перед выходом?",
    "пароль введён неверно",
    "помилка під час злиття",             # Ukrainian ('і' is box drawing in cp866's reading)
    "грешка при сливането на клоновете",  # Bulgarian
    "Отчёт за третий квартал",
    "Уважаемый клиент, ваш заказ отправлен",
    "итого: 1\xa0234\xa0567 руб.",        # a number's no-break spaces come back too
    "ООО «Ромашка» подписала договор",    # one letter repeated ('ннн', '╬╬╬') follows the reading
    # a quoted token of no letter, a stop or a comma after its closing quote: no unclosed quote
    "натисніть клавішу «Y», щоб зберегти зміни",
    "відповідь сервера була «404».",
    "введите команду «-q», чтобы выйти",
]


def _garble(text: str, original: str, read_as: str) -> str | None:
    try:
        data = text.encode(original)
    except UnicodeEncodeError:
        return None   # (Ukrainian 'і' is not in KOI8-R)
    return data.decode(read_as)


@pytest.mark.parametrize("chain", CHAINS, ids=lambda c: f"{c[0]}-as-{c[1]}")
@pytest.mark.parametrize("original", GARBLED)
def test_cyrillic_read_as_cyrillic_is_repaired(original, chain):
    garbled = _garble(original, *chain)
    if garbled is None or garbled == original:
        pytest.skip("this code page cannot write the text")
    r = repair(garbled)
    assert r.text == original, (garbled, r.text)
    assert apply_steps(garbled, r.steps) == original


def test_the_issue_example_all_capitals_all_letters():
    # no C1 control, no symbol, no case flip: the letter pairs are the only evidence
    garbled = "ошибка при слиянии".encode("cp1251").decode("koi8_r")
    assert garbled == "НЬХАЙЮ ОПХ ЯКХЪМХХ"
    r = repair(garbled)
    assert r.text == "ошибка при слиянии"
    assert r.steps == (("encode", "cp1251"), ("decode", "koi8_r")) or apply_steps(garbled, r.steps) == r.text


CLEAN = [
    # Russian: capitals, acronyms, names, typography
    "СССР и США подписали договор", "ВНИМАНИЕ! ОПАСНО ДЛЯ ЖИЗНИ", "ООО «Ромашка»", "ГИБДД", "ЦСКА",
    "МГУ им. Ломоносова", "Щёлково", "т.\xa0е. всё в\xa0порядке", "ДТП на МКАД", "ЧП", "НДС 20%",
    "Ёлка", "«Ёлки-палки»", "1\xa0234\xa0567 руб.", "Счёт № 15",
    # capitals before a space are the ends of words, not UTF-8 leads whose no-break space became a
    # space ('ЗАО «' is no 'ЗАΠ«')
    "ЗАО «ВЕКТОР И ПАРТНЁРЫ»", "ОТЧЁТ О ПРИБЫЛЯХ И УБЫТКАХ ЗА ГОД",
    # Ukrainian
    "ЗСУ", "Їжак і ґудзик", "ЄВРОПА", "Львів — місто лева", "НБУ", "Ґанок", "ОБСЄ",
    # Bulgarian
    "БАН", "Пловдив", "ЩЪРКЕЛ", "НАТФИЗ", "Вълчан", "ДПС и ГЕРБ",
    # Serbian
    "Ђорђе Балашевић", "ЈНА", "Њујорк", "ћевапчићи", "ЂАЧКИ ДОМ", "Љубљана", "РТС",
    # Macedonian
    "Скопје", "ВМРО-ДПМНЕ", "Ѓорѓи", "Охридско Езеро", "ЌЕРКА", "СДСМ",
    # Belarusian
    "Беларусь", "ЎЗВЫШША", "Мінск", "дзякуй", "ЭРЫТРЭЯ",
    # line art and tables around Cyrillic
    "┌──────┐\n│ Итог │\n└──────┘", "║ Имя ║ Фамилия ║", "├─ src\n└─ docs", "├── документы",
    "┌─┬─┐", "│ а │ б │", "╔═╦═╗", "▓▓▒▒░░ 50%", "╚═ конец", "Итог ═ 15",
]


@pytest.mark.parametrize("text", CLEAN + [t.lower() for t in CLEAN] + [t.upper() for t in CLEAN])
def test_clean_cyrillic_stays(text):
    assert repair(text).changed is False, repr(repair(text).text)


def test_a_lone_symbol_or_letter_is_no_evidence():
    # one character read as a letter, or a letter between digits alone, says nothing
    for text in ("Press ├ to expand", "25╟C", "дом 2а, кв. 17", "кв. 12б", "╬╬╬ Results", "ннн", "ЋЋЋ ЋЋЋ"):
        assert repair(text).changed is False, text


@pytest.mark.parametrize("reader", ["cp866", "koi8_r"])
@pytest.mark.parametrize("original", ["Я живу в Москве и работаю с утра", "София е столицата на България"])
def test_utf8_cyrillic_with_one_letter_words(original, reader):
    # UTF-8 read as cp866 makes a one-letter word box drawing beside box drawing ('и' is '╨╕'):
    # no evidence alone, but the rest of the text shows the reading
    garbled = original.encode("utf-8").decode(reader)
    r = repair(garbled)
    assert r.text == original
    assert apply_steps(garbled, r.steps) == original

"""Long lists of short clean words come back unchanged.

In Windows-1251, lower-case 'а'-'п' are the bytes UTF-8 leads three-byte characters with and
'і', 'ї', 'є', 'ё', 'ј', 'ћ', 'љ' are continuation bytes, so a word ending such as 'кі' before a
space looks like a three-byte character cut where a no-break space (0xA0) became a space ('кі '
for '고').  In cp866 'р'-'я' are such leads and 'а'-'п' continuations, so 'хиляди' spells two
three-byte characters by chance.  A long list of everyday words holds hundreds of both, and repair
must take none of them for evidence of a wrong decode."""

import json
import random

import pytest

from codecscope import repair, repair_text

# everyday words (general knowledge of the languages), many ending in the pairs above
UKRAINIAN = ("які такі всі усі зі ці дві три мені тобі собі йому її неї свої мої твої далі тоді взагалі "
             "хлопці українські армії історії країні людині школі роботі вулиці місті ніч день сьогодні "
             "завжди тільки можна треба дуже добре мова вода земля небо хліб молоко місто село").split()
RUSSIAN = ("её ещё всё моё твоё своё хорошо только список сильно совсем светлый много мало город "
           "дорога работа человек время жизнь слово дело рука глаз голова сторона место вопрос").split()
BULGARIAN = ("хиляди според сметка сега още може трябва нещо някой всички когато защото вече тук там "
             "добре хубаво голям малък книга къща").split()
SERBIAN = ("већ кућа ноћ моћ ће још свој мој твој који која које ћерка шећер вечерас љубав њега ђак "
           "овај тај онај нешто никад").split()
MACEDONIAN = "кој тој овој број некој секој кај тоа зошто исто како само многу".split()
WORDS = UKRAINIAN + RUSSIAN + BULGARIAN + SERBIAN + MACEDONIAN


def _line(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


@pytest.mark.parametrize("n", [50, 500, 2000, 7000])
def test_a_long_line_of_short_cyrillic_words_is_left_alone(n):
    text = _line(n, n)
    r = repair(text)
    assert not r.changed and r.text == text and r.fixes == ()


def test_word_counts_as_json_are_left_alone():
    rng = random.Random(3)
    counts = {w + str(k): rng.randrange(1, 9) for k in range(60) for w in WORDS}
    text = json.dumps(counts, ensure_ascii=False)
    r = repair(text)
    assert not r.changed and r.text == text


@pytest.mark.parametrize("word", ["які", "већ", "её", "її", "хиляди", "зі"])
def test_each_word_alone_and_between_others_is_left_alone(word):
    for text in (word, f"{word} ", f"{word} {word} {word} слово"):
        assert repair(text).text == text


def test_a_cut_character_still_follows_a_reading_the_text_shows():
    # '⚠' (E2 9A A0) through Windows-1252 is 'âš' and a no-break space, here become a space: two
    # Latin letters before a space, taken because the rest of the text shows the reading
    garbled = "⚠ Atenção: inscrições até amanhã".encode().decode("cp1252").replace("\xa0", " ")
    assert garbled.startswith("âš ")
    assert repair_text(garbled) == "⚠ Atenção: inscrições até amanhã"

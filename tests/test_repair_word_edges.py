"""What stands at the edges of a word does not hide its reading, and clean text with the same edges
stays as it is.

* Cyrillic read as Cyrillic: ASCII brackets and '=' glued to words (command-line help, messages:
  'функция(и)'), and short words that KOI8-R and cp866 write in box drawing of one style ('─┴' for
  'да', '╝║' for 'об').
* Chinese and Korean read as Windows-1252: the signs of their own code page at a word's ends
  ('「保存」', '설정®') and full-width punctuation.
* UTF-8 read as GBK: a Belarusian word whose letters only the word model finds in words, and an
  emoji that GBK shows as '馃' and a Greek or Cyrillic letter.

The examples are written for these tests, not taken from the benchmark corpora.
"""

from __future__ import annotations

import pytest

from codecscope import apply_steps, repair

GARBLED = [
    # (text, its code page, the code page a program read it with)
    ("функция(и) не найдена в библиотеке", "cp1251", "koi8_r"),
    ("функция(и) не найдена в библиотеке", "koi8_r", "cp866"),
    ("файл не найден, да и путь не задан", "koi8_r", "cp866"),
    ("сведения об ошибке не записаны", "cp866", "koi8_r"),
    ("「保存」", "gbk", "cp1252"),
    ("（完成）", "gbk", "cp1252"),
    ("설정®", "cp949", "cp1252"),
    ("확인™", "cp949", "cp1252"),
    ("“확인”", "cp949", "cp1252"),
    ("тэрмінал", "utf-8", "gbk"),
    # an emoji's four bytes that GBK shows as '馃' and a Greek or Cyrillic letter of its own rows
    ("不允许空名称 🦯", "utf-8", "gbk"),
    ("关闭 🧮", "utf-8", "gbk"),
]

_READER = {"cp1251": "cp1251-web", "cp1252": "cp1252-web"}


@pytest.mark.parametrize(("text", "original", "read_as"), GARBLED)
def test_reading_is_found_whatever_stands_at_the_word_edges(text, original, read_as):
    garbled = text.encode(original).decode(_READER.get(read_as, read_as))
    assert garbled != text
    r = repair(garbled)
    assert r.text == text
    assert apply_steps(garbled, r.steps) == r.text


CLEAN = [
    "функция(и)", "ДА[=НЕТ]", "(да)", "[нет]", "--mode[=режим]",
    "├── файлы\n└── папки", "─┴─┴─ да", "│ да │ нет │", "╔══╗ об ╚══╝",
    # C1 controls Windows-1251 never shows (it shows 'Ђ' for 0x80) are no Windows-1251 reading
    "abc~\x7f\x80\x81\x82\x83\x84",
    "「保存」", "（完成）", "설정®", "확인™", "“확인”", "тэрмінал", "Зачыніць акно",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_with_those_edges_is_unchanged(text):
    for t in (text, text.upper(), text.lower()):
        assert repair(t).text == t

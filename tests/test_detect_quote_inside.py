"""A quotation mark with a letter on either side is next to never written: what a code page reads
there is another code page's letter (MacRoman 'ë' is cp1252 '‘').  Words written for these tests
(none from the benchmark sources)."""

from __future__ import annotations

import pytest

from codecscope import detection as D
from codecscope.detection import detect


@pytest.mark.parametrize("text", ["l’homme", "aujourd’hui", "“quoted” words", "a „b“ c", "word—word",
                                  "pages 10–12", "«Bonjour»", "wait…", "‘single’"])
def test_quotes_where_text_writes_them_cost_nothing(text):
    assert D._quotes_ll(text) == 0.0


@pytest.mark.parametrize("text", ["Jo‘l", "ma”tre", "Ga‘l", "x…y"])
def test_a_quote_inside_a_word_costs(text):
    assert D._quotes_ll(text) == -D.QUOTE_INSIDE


@pytest.mark.parametrize("word", ["Joël", "Gaël", "Staël", "Raphaël", "Joëlle"])
def test_macroman_e_diaeresis_repeated_is_macroman(word):
    # cp1252 reads MacRoman 'ë' (0x91) as '‘': 'Jo‘l' is no word, however each pair looks
    for n in (2, 3):
        data = (word * n).encode("mac_roman")
        for chunk in (data, data[:-1]):
            assert detect(chunk).encoding == "mac_roman", (n, chunk)


@pytest.mark.parametrize("codec", ["cp1252", "cp1250", "cp1251", "mac_roman"])
def test_the_byte_tables_find_the_quotes_the_text_holds(codec):
    data = bytes(range(0x41, 0x5b)) + bytes(range(0x80, 0x100)) + b"a\x91b c\x93d \x94e"
    text = data.decode(codec, "replace")
    tags = D._quote_tags(codec)
    found = len(D._QUOTE_TAGS.findall(data.translate(tags))) if tags is not None else 0
    assert -D.QUOTE_INSIDE * found == D._quotes_ll(text)

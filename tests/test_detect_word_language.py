"""One word is written in one language: a code page's mixture of languages does not explain a
word letter pair by letter pair, and a letter a language writes only in a few loans is rare in
it.  Words written for these tests (none from the benchmark sources)."""

from __future__ import annotations

import math

import pytest

from codecscope import detection as D
from codecscope.detection import detect
from test_detect_repeat_accent import _reads   # the bench's notion of a right answer

SLOVENE_SURNAMES = ["Petrič", "Horvatič", "Novakovič", "Zupančič", "Kovačič"]


@pytest.mark.parametrize("enc", ["cp1250", "iso8859_2"])
@pytest.mark.parametrize("word", SLOVENE_SURNAMES)
def test_a_slovene_surname_is_central_european_alone_repeated_and_cut(word, enc):
    # cp1252 reads 'č' as 'è': 'Petriè' took 'iè' from French and 'è ' from Italian, and Dutch
    # had 'è' as often as any letter beyond its list
    one = word.encode(enc)
    for data in (one, one * 3, (one * 3)[:-1], (word + " " + word).encode(enc)):
        det = detect(data)
        assert _reads(data, enc, det.encoding), (data, det.encoding)


@pytest.mark.parametrize("word", ["Zürich", "Málaga", "Genève", "Québec", "Göteborg", "café", "São Paulo", "Noël"])
def test_western_words_stay_western(word):
    data = word.encode("cp1252")
    det = detect(data)
    assert _reads(data, "cp1252", det.encoding), det.encoding


def test_the_mixture_needs_two_words_with_non_ascii_letters():
    assert not D._may_mix("Petrič") and not D._may_mix(" Petrič d.o.o. ")
    assert D._may_mix("Petrič in Kovačič") and D._may_mix(b"Petri\xe8 Kova\xe8i\xe8")
    assert not D._may_mix(b"abc def") and not D._may_mix(b"Kova\xe8i\xe8")


def test_a_language_s_rare_letters_are_rare_in_its_model():
    dutch = D._lang("Dutch")[0]
    assert dutch["è"] < dutch["é"] < math.log(D.EXTRA_MAX) + 1e-9
    assert D._lang("Spanish")[0]["ü"] == pytest.approx(math.log(D.EXTRA_MIN))
    # a letter the word lists spell otherwise keeps its place ('ß' is listed as 'ss')
    assert D._lang("German")[0]["ß"] == pytest.approx(math.log(D.EXTRA_MAX))

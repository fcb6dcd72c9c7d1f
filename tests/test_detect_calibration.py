"""The confidence is a probability a program can act on: the calibration maps keep their order,
an answer resting on a byte without neighbours is never sure, and context makes it sure.

The texts are written for these tests (not the benchmark corpora)."""

from __future__ import annotations

import pytest

from codecscope import detect
from codecscope import detection


def test_more_evidence_never_means_less_confidence():
    knots = detection.CALIBRATION
    assert knots[0] == (0.0, 0.0)
    assert all(a[0] < b[0] and a[1] <= b[1] for a, b in zip(knots, knots[1:]))
    assert all(0.0 <= y <= 1.0 for _, y in knots)
    grid = [detection._calibrate(i / 1000) for i in range(1001)]
    assert grid == sorted(grid)


def test_a_thin_answer_is_never_sure():
    # 0.9 is where scan --fix acts: nothing but a byte or two without neighbours stays below it,
    # however large a share of the evidence the best reading has
    det = detect(b"abc \xe9 def\n")
    assert det.encoding == "cp1252" and det.confidence < 0.9
    best, other = (detection._candidate(encoding=e, invalid=0, language=None) for e in ("cp1252", "cp1251"))
    scored = [(0.0, best, "abc é def"), (-60.0, other, "abc й def")]     # the share is all but 1
    assert detection._confidence(scored, nonascii=1, evidence=1)[0] < 0.9
    assert detection._confidence(scored, nonascii=1, evidence=2)[0] >= 0.9


@pytest.mark.parametrize("template", [b"abc %c def\n", b"%c", b"Report %c.txt", b"x = %c;"])
def test_one_non_ascii_byte_among_ascii_stays_unsure(template):
    for byte in range(0x80, 0x100):
        det = detect(template.replace(b"%c", bytes([byte])))
        assert det.confidence < 0.9, (hex(byte), det.encoding, det.confidence)


@pytest.mark.parametrize("word,enc", [("Пн", "cp1251"), ("Пт", "koi8_r"), ("Çt", "cp1254"), ("Ďa", "cp1250")])
def test_a_two_letter_label_stays_unsure(word, enc):
    assert detect(word.encode(enc)).confidence < 0.9


@pytest.mark.parametrize("text,enc", [
    ("Привет! Сегодня мы идём гулять в парк, если не будет дождя.", "cp1251"),
    ("Dzisiaj idziemy do kina, a jutro pojedziemy nad jezioro.", "cp1250"),
    ("Nous irons à la plage demain si le temps le permet, après le déjeuner.", "cp1252"),
    ("Αύριο θα πάμε στη θάλασσα με τους φίλους μας.", "cp1253"),
])
def test_a_sentence_is_answered_with_confidence(text, enc):
    det = detect(text.encode(enc))
    assert det.text == text and det.confidence >= 0.9


def test_the_same_word_is_surer_with_context():
    word = "Понедельник".encode("cp1251")
    alone, in_sentence = detect(word[:2]), detect(word + " начинается рабочая неделя".encode("cp1251"))
    assert in_sentence.encoding == "cp1251"
    assert alone.confidence < 0.9 <= in_sentence.confidence

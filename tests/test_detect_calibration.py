"""The confidence is a probability a program can act on: the calibration maps keep their order,
an answer resting on a byte without neighbours is never sure, and context makes it sure.

The texts are written for these tests (not the benchmark corpora)."""

from __future__ import annotations

import pytest

from codecscope import detect
from codecscope import detection


@pytest.mark.parametrize("knots", [detection.CALIBRATION, detection.CALIBRATION_THIN],
                         ids=["context", "thin"])
def test_more_evidence_never_means_less_confidence(knots):
    assert knots[0] == (0.0, 0.0)
    assert all(a[0] < b[0] and a[1] <= b[1] for a, b in zip(knots, knots[1:]))
    assert all(0.0 <= y <= 1.0 for _, y in knots)
    for thin in (False, True):
        grid = [detection._calibrate(i / 1000, thin) for i in range(1001)]
        assert grid == sorted(grid)


def test_a_thin_answer_is_never_sure():
    # 0.9 is where scan --fix acts: nothing but a byte or two without neighbours stays below it
    assert detection._calibrate(1.0, thin=True) < 0.9
    assert max(y for _, y in detection.CALIBRATION_THIN) < 0.9


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

"""Detection reads a letter by its neighbours: one accented byte, cut and repeated input.

The texts are everyday sentences written for these tests (not the benchmark corpora)."""

from __future__ import annotations

import codecs

import pytest

from codecscope import detect


def _reads(data: bytes, written: str, guessed: str | None) -> bool:
    """The guessed codec gives back every complete character the writer's codec put in ``data``."""
    if guessed is None:
        return False
    want = codecs.getincrementaldecoder(written)().decode(data, final=False)
    return codecs.getincrementaldecoder(guessed)().decode(data, final=False) == want


@pytest.mark.parametrize("text,enc", [
    ("El niño come pan con queso", "cp1252"),          # ñ before a vowel: Spanish, not Polish ń
    ("Mañana vamos al mercado", "cp1252"),
    ("Eu não sei", "cp1252"),                           # ã before o, not Romanian ă
    ("Kupiłem chleb i mleko", "cp1250"),                # ł inside a word, not a superscript ³
    ("Jutro idziemy na spacer z psem, jeśli nie pada", "cp1250"),   # ś, not cp1252's œ
    ("Sveikas, kaip tau sekasi šiandien", "cp1257"),
    ("Tänk om det regnar imorgon", "cp1252"),
    ("Kävin kaupassa eilen illalla", "cp1252"),
])
def test_a_single_accented_letter_is_read_by_its_neighbours(text, enc):
    assert sum(c > "\x7f" for c in text) == 1
    data = text.encode(enc)
    det = detect(data)
    assert _reads(data, enc, det.encoding), (det.encoding, det.note)
    # one byte is little evidence: the other readings are still listed
    assert len({c.reading for c in det.candidates}) > 1


def test_a_superscript_read_as_a_letter_is_not_a_confident_answer():
    # 0xB3 is ³ in cp1252 and ł in ISO-8859-2; "mł" is a possible Polish syllable, so whichever
    # wins, the answer must say it is unsure and keep the other reading among the candidates
    data = "Der Tank fasst 5 m³ Wasser".encode("cp1252")
    det = detect(data)
    assert det.confidence < 0.9
    assert any(c.reading == "Der Tank fasst 5 m³ Wasser" for c in det.candidates)


@pytest.mark.parametrize("text,enc", [
    ("Dobré ráno, jak se máš? Dnes je pěkně", "cp1250"),
    ("Köszönöm szépen, jó napot kívánok", "iso8859_2"),
    ("Šis ir latviešu valodas teikums", "cp1257"),
    ("Tere hommikust, kuidas läheb? Õues on täna ilus ilm", "cp1257"),   # Estonian: no list of its own
    ("Београд је главни град Србије и највећи град у земљи", "cp1251"),  # Serbian Cyrillic
    ("Türkiye’nin başkenti Ankara’dır", "cp1254"),    # ’ is 0x92: cp1254, not ISO-8859-9's C1 control
    ("Łódź", "cp1250"),                                 # four bytes, no full-width letter glued to 'd'
])
def test_short_text_in_each_alphabet_reads_back(text, enc):
    data = text.encode(enc)
    det = detect(data)
    assert _reads(data, enc, det.encoding), (det.encoding, det.note)


@pytest.mark.parametrize("enc", ["big5", "gbk"])
def test_a_lone_han_character_among_ascii_is_not_read_as_kana(enc):
    # 月 in Big5 is る in EUC-JP: a single kana between ASCII words is not Japanese
    data = "Release date: 7月".encode(enc)
    det = detect(data)
    assert _reads(data, enc, det.encoding), det.encoding


@pytest.mark.parametrize("unit,enc", [
    ("Καλημέρα σας ", "iso8859_7"), ("Привет ", "koi8_r"), ("Dzień dobry ", "cp1250"),
    ("Labas rytas, ačiū ", "cp1257"), ("שלום עולם ", "cp1255"), ("Crème brûlée ", "cp1252"),
    ("Ελλάδα", "iso8859_7"), ("Україна", "koi8_u"), ("你好世界", "gbk"), ("こんにちは", "shift_jis"),
])
@pytest.mark.parametrize("cut", [12, 97, 301, 1024])
def test_a_repeated_payload_cut_anywhere_is_read_like_any_other(unit, enc, cut):
    data = (unit * 200).encode(enc)[:cut]
    det = detect(data)
    assert _reads(data, enc, det.encoding), (det.encoding, det.note)

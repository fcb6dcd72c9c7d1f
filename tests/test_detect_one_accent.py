"""One non-ASCII byte among ASCII words: every Latin code page reads it as some letter, so the
answer rests on which letter fits its word.  The examples are made up from general knowledge of
the languages, or (the Sardinian weekday row) real text of a locale no bench source holds."""

from __future__ import annotations

import codecs

import pytest

from codecscope import detection as D
from codecscope.detection import detect


def _reads(data: bytes, text: str) -> bool:
    det = detect(data)
    return det.encoding is not None and data.decode(det.encoding, "replace") == text


@pytest.mark.parametrize("encoding,text", [
    # ® and ™ follow the name they mark
    ("cp1252", "Acme® brand"),
    ("cp1252", "Windows® and Office™"),
    # cp1258 reads 'ò' as 'i' plus a dot below, and no Vietnamese syllable goes on with a 'b'
    ("cp1252", "Sardigna: lunis, martis, mèrcuris, giòbia, chenàbura"),
    ("cp1252", "Paris, Genève"),
    ("cp1252", "Hello from Malmö"),
])
def test_one_accent_reads_as_the_letter_that_fits_its_word(encoding, text):
    assert _reads(text.encode(encoding), text)


@pytest.mark.parametrize("text", ["Joyeux Noël", "Citroën", "Île-de-France, Noël"])
def test_a_quote_between_two_letters_is_no_reading_of_a_word(text):
    # Mac Roman's ë (0x91) is cp1252's opening quote: 'No‘l' is no word of any language, and the
    # cp1252 reading pays for it, so the Mac Roman one is named (under 0.9: one byte is thin)
    data = text.encode("mac_roman")
    det = detect(data)
    assert det.encoding == "mac_roman" and det.text == text
    assert det.confidence < 0.9


def test_only_the_apostrophe_stands_inside_a_word():
    assert D._glued_quotes_ll("No‘l") == D._glued_quotes_ll("r“c") == -D.GLUED_QUOTE
    # quotes open after a space and close before one (German closes with “ and ‘); ’ is an apostrophe
    assert D._glued_quotes_ll("„Hallo“ sagte er, ‚ja‘ and «oui» — don’t, l’homme") == 0.0


def test_a_lone_accent_is_cp1252_first_and_unsure_with_the_alternatives_listed():
    det = detect(b"abc \xe9 def")
    assert det.encoding == "cp1252"
    assert det.confidence < 0.9
    assert {"cp1250", "iso8859_2"} <= {c.encoding for c in det.candidates}
    assert "little evidence" in str(det)


def test_a_d_with_stroke_after_a_tone_mark_is_inside_a_syllable():
    # cp1258 writes the tone after its vowel; 'đ' only starts a syllable, tone or no tone
    assert D._vietnamese_pair("\u0323", "đ") == D._vietnamese_pair("a", "đ") < 0
    assert D._vietnamese_pair(" ", "đ") == 0.0


@pytest.mark.parametrize("a,b,fits", [
    ("ơ", "n", True), ("ư", "ơ", True), ("\u0301", "t", True), ("ơ", "r", False), ("\u0323", "b", False),
])
def test_a_vietnamese_vowel_is_followed_by_a_vowel_or_a_final_consonant(a, b, fits):
    assert (D._vietnamese_pair(a, b) == 0.0) is fits


def test_marks_that_follow_or_start_a_unit_or_a_name():
    # ® and ™ end the name they mark; the micro sign starts a unit (µs, 10 µm), after a digit or
    # on its own, and a letter before it is a word it does not belong to (Slovak 'ľ', which
    # ISO-8859-2 writes where cp1250 has 'µ')
    assert D._sb_pair("e", "®") == D._sb_pair("e", "™") == 0.0
    assert D._sb_pair("®", "x") < 0
    assert D._sb_pair("1", "\u00b5") == D._sb_pair("\u00b5", "s") == 0.0
    assert D._sb_pair("e", "\u00b5") < 0
    assert D._sb_pair("\u03b5", "\u03bc") == 0.0     # Greek mu inside a Greek word is a letter


@pytest.mark.parametrize("text", ["Meet at the café at noon", "Hauptstraße 12, Berlin", "Año nuevo party",
                                  "Price: 20 € per seat"])
def test_one_western_byte_in_ascii_text_is_cp1252_first_unsure_with_alternatives(text):
    # é, ß, ñ and € are one byte in cp1252, and other code pages read that byte as another letter:
    # cp1252 is named first, the confidence stays under scan --fix's 0.9, and the other readings
    # are listed for the user to choose from
    data = text.encode("cp1252")
    det = detect(data)
    assert det.encoding == "cp1252" and det.text == text
    assert det.confidence < 0.9
    others = {data.decode(c.encoding, "replace") for c in det.candidates} - {text}
    assert others, "the readings that differ are listed"
    assert "little evidence" in str(det)


@pytest.mark.parametrize("text", [
    # a unit's or a currency's name with no number beside it: 'ł', 'ľ', 'Ą' to cp1250/ISO-8859-2
    "Unit: m³", "cm³", "Time unit µs", "µm", "Currency CN¥ yuan", "JP¥",
    # a sign standing alone among words: 'ą', 'Ž', 'ź', 'ž' to ISO-8859-2
    "tolerance ± 2", "the ± value", "Acme ® brand", "add ¼ cup", "about ¾ done",
])
def test_a_western_sign_without_a_number_reads_as_that_sign(text):
    assert _reads(text.encode("cp1252"), text)


@pytest.mark.parametrize("text", ["mł", "ľs", "CNĄ yuan"])
def test_a_central_european_letter_where_a_label_writes_a_sign_pays(text):
    assert D._sign_slots_ll(text) < 0
    assert D._SIGN_BYTES.search(text.encode("iso8859_2"))


@pytest.mark.parametrize("text", ["Unit: m³", "Tank 12 of the plant, its volume in m³", "Time unit µs, run 2024",
                                  "Currency CN¥ yuan, and 10 more"])
def test_the_readings_shared_sign_search_sees_a_sign_without_a_number(text):
    # the single-byte readings of a snippet share one search of the bytes around its digits and
    # its labels' signs (_sign_context): a sign's place far from any number is among them
    data = text.encode("cp1252")
    context, where = D._sign_context(data)
    for codec in ("cp1252", "iso8859_2"):
        reading = data.decode(codec)
        shared = D._sign_slots_ll(reading, codecs.charmap_decode(context, "strict", D._sign_skeleton(codec))[0], where)
        assert shared == D._sign_slots_ll(reading)
    assert D._sign_slots_ll(data.decode("iso8859_2")) < 0


def _lone_cost(text: str, encoding: str) -> int:
    """How many bytes of ``text`` stand alone where ``encoding`` reads a letter that pays."""
    return sum(D._lone_pays(encoding, m[0]) for m in D._LONE_BYTE.findall(text.encode(encoding)))


@pytest.mark.parametrize("text", ["the ą value", "Ž alone", "add ź here"])
def test_a_latin_letter_standing_alone_pays(text):
    # the same bytes are '±', '®', '¼' to cp1252, which pay nothing
    assert _lone_cost(text, "iso8859_2") == 1
    assert _lone_cost(text.encode("iso8859_2").decode("cp1252"), "cp1252") == 0


@pytest.mark.parametrize("text,encoding", [("à Paris", "cp1252"), ("bo å se", "cp1252"), ("Ž. Novák", "cp1250"),
                                           ("A.Ş", "cp1254"), ("Konsultant ś", "cp1250")])
def test_a_one_letter_word_an_initial_or_a_cut_word_does_not_pay(text, encoding):
    # French 'à' and Norwegian 'å' are words; an initial stands before its period; a text cut
    # after a word's first letter ends on it
    assert _lone_cost(text, encoding) == 0


def test_readings_of_one_text_are_named_by_the_most_used_code_page():
    # ISO-8859-9 reads 'Zürich' as cp1252 does: the answer is the same text and is named cp1252;
    # a word whose letters say which language it is keeps that language's code page
    det = detect("Zürich HB".encode("cp1252"))
    assert det.encoding == "cp1252" and "iso8859_9" in det.equivalent
    det = detect(("Tomaž " * 3).encode("cp1250"))
    assert det.encoding == "cp1250" and det.text == "Tomaž " * 3


@pytest.mark.parametrize("text, encoding", [
    ("Pojedu se mě zeptat", "cp1250"), ("z mą", "cp1250"), ("Idę z mą siostrą do domu", "cp1250"),
])
def test_a_short_word_after_m_is_no_unit_sign(text, encoding):
    # without a number, 'm' and a byte is also a short word (Czech 'mě', Polish 'mą'): a reading
    # that writes another script's letter ('mμ') or a sign no unit takes ('m¹') gains nothing
    det = detect(text.encode(encoding))
    assert det.text == text


@pytest.mark.parametrize("text,encoding", [
    ("Name: 女士 ok", "gbk"),          # UTF-8 'Ůʿ'
    ("Tokyo 動 Osaka", "euc_jp"),      # UTF-8 'ư'
    ("ID 女 ok", "gb18030"),
])
def test_a_lone_two_byte_utf8_sequence_that_is_also_a_common_cjk_character_is_unsure(text, encoding):
    data = text.encode(encoding)
    data.decode("utf-8")   # the bytes are valid UTF-8 too
    det = detect(data)
    assert det.confidence < 0.9
    # the CJK reading is listed among the alternatives
    assert any(c.reading == text for c in det.candidates)


@pytest.mark.parametrize("text", ["café au lait", "Mr Müller and Sons", "Ahmet Yılmaz"])
def test_a_two_byte_utf8_letter_inside_a_latin_word_stays_sure(text):
    # the CJK reading of the same bytes is a Han glued to Latin letters: no CJK writing
    det = detect(text.encode("utf-8"))
    assert det.encoding == "utf-8" and det.confidence >= 0.9


@pytest.mark.parametrize("text", ["Model X α 10", "x = π r", "Model ж 7"])
def test_a_lone_utf8_sequence_with_only_rare_cjk_readings_stays_sure(text):
    # no double-byte reading makes these two bytes a common character: the structure keeps its word
    det = detect(text.encode("utf-8"))
    assert det.encoding == "utf-8" and det.confidence >= 0.9


@pytest.mark.parametrize("text", ["Jean Léon Dupont", "Mme Hélène Martin", "Jean Désiré"])
def test_a_capital_after_a_capital_and_before_a_small_letter_is_no_spelling(text):
    # Mac Roman's small 'é' (0x8E) is cp1250's and cp1252's capital 'Ž': 'LŽon' capitalises a word
    # from its second letter for one letter, which no writing does
    data = text.encode("mac_roman")
    det = detect(data)
    assert det.encoding == "mac_roman" and det.text == text
    assert det.confidence < 0.9


def test_capitals_inside_a_word_cost_only_between_a_capital_and_a_small_letter():
    assert D._capitals_inside_ll("LŽon") < 0
    for text in ("ŽIVOT", "Žena", "ŽENa", "OÜ Tallinn", "Émile", "aŽ"):
        assert D._capitals_inside_ll(text) == 0, text


@pytest.mark.parametrize("text,encoding", [
    ("L km² J cm", "cp949"),         # Big5 reads the mark as '昌' glued to the 'm'
    ("W Pa ft²", "cp949"),
    ("MB cm³ ha", "cp949"),
    ("ms °C kg", "euc_jp"),
])
def test_a_cjk_code_page_writes_unit_marks_against_their_letters(text, encoding):
    # KS X 1001 and JIS X 0208 hold '²', '³' and '°' for the units CJK text writes, glued to
    # their letters as Western text glues them
    assert _reads(text.encode(encoding), text)


@pytest.mark.parametrize("text,codec", [("Vytautas Petrauskas ir Jonas Gaižauskas", "cp1257"),
                                        ("Marek Horvath z Bratislavy, Ľubica", "cp1250")])
def test_the_ascii_words_letter_pairs_pick_the_code_page_of_their_language(text, codec):
    # one accented byte: 'ž' is Turkish 'ş' in ISO-8859-9, 'Ľ' is '¥' in ISO-8859-15; the ASCII
    # words' pairs ('au', 'as ', 'sk', 'vy') are Lithuanian and Slovak, not Turkish or Western
    det = detect(text.encode(codec))
    assert det.text == text

"""Repair trust: readings that need two layers, drawing that is no text, and mixed text whose one
pair reads two ways.  Each case is a real string put through the chain it names."""

import pytest

import codecscope.variants  # noqa: F401  (registers the web code pages used to garble below)
from codecscope import apply_steps, repair


def latin1_saved_read_as_cp1252(text: str) -> str:
    """UTF-8 read as Latin-1, saved as UTF-8, read as Windows-1252 (as a browser shows it)."""
    return text.encode("utf-8").decode("latin-1").encode("utf-8").decode("cp1252-web")


@pytest.mark.parametrize("text", [
    "Côte d’Ivoire", "São Tomé – Príncipe", "Preis: 12 € netto", "It’s “quoted” … done",
    "Curaçao — Ñuñoa", "Zürich • Genève",
])
def test_latin1_saved_then_read_as_cp1252_is_undone_in_both_layers(text):
    garbled = latin1_saved_read_as_cp1252(text)
    assert garbled != text
    r = repair(garbled)
    assert r.text == text
    assert r.confidence >= 0.9
    assert apply_steps(garbled, r.steps) == text


def test_a_c1_control_that_spells_no_next_layer_is_no_evidence():
    # 'Â€' alone would write U+0080 and nothing around it makes a UTF-8 character of it
    assert repair("Â€").text == "Â€"
    assert repair("price 5 Â€ only").text == "price 5 Â€ only"


def cp1252_twice(text: str) -> str:
    return text.encode("utf-8").decode("cp1252-web").encode("utf-8").decode("cp1252-web")


@pytest.mark.parametrize("text", ["Sr Čt", "Česká republika", "Łódź Žilina", "Ŝi ĉiam"])
def test_double_mojibake_whose_inner_layer_is_a_letter_pair_is_undone_fully(text):
    # the inner layer ('ÄŒ' for 'Č') is a pair of capitals the first look takes for letters; the
    # layer that wrote it is the evidence, and the repair is as sure as that layer
    garbled = cp1252_twice(text)
    r = repair(garbled)
    assert r.text == text
    assert r.confidence >= 0.9
    assert apply_steps(garbled, r.steps) == text


def test_a_half_undone_repair_is_never_sure():
    garbled = cp1252_twice("Sr Čt")
    r = repair(garbled, max_depth=1)
    assert r.text == "Sr ÄŒt"
    assert r.confidence < 0.9


def test_a_letter_pair_alone_is_still_no_evidence():
    assert repair("ÄŒt").text == "ÄŒt"
    # a legacy reading is no sign of UTF-8 read as that code page in the next layer: the Cyrillic
    # the reading wrote stays as it is
    garbled = "ёєфрэё№ър рЁрсё№ър"   # 'суданська арабська' in Windows-1251 read as cp866
    assert repair(garbled).text == "суданська арабська"


# Box drawing and blocks as tools print them: trees, tables, frames, bars, shade ramps, and the
# pseudo-graphics rows of the DOS code pages themselves.
DRAWING = [
    "├── src", "│   └── main.py", "┌────┬────┐", "│ id │ nm │", "├────┼────┤", "└────┴────┘",
    "┏━━━┳━━━┓", "┃ a ┃ b ┃", "┗━━━┻━━━┛", "████░░░░ 50%", "╔══╗", "║  ║", "╚══╝", "╒═══╤═══╕",
    "╞═══╪═══╡", "╘═══╧═══╛", "│ ╟─╢", "▒▒▓▓██", "░▒▓█▓▒░", "╭─╮ ╰─╯", "▁▂▃▄▅▆▇█", "═╪═", "╠═╣",
    "╓╖╙╜", "▄▀▄▀", "║▌║█║▌│█│║▌║", "╟═─╚", "┌┐█╗╫░",
    bytes(range(0xB0, 0xE0)).decode("cp437"),
]


@pytest.mark.parametrize("text", DRAWING)
def test_box_drawing_is_left_as_it_is(text):
    assert repair(text).text == text


def test_no_run_of_box_drawing_is_read_as_letters_with_confidence():
    # every pair of the DOS pseudo-graphics block and a fixed sample of longer runs: letter pairs
    # cannot tell a short reading of them from chance, so none is ever sure
    import random

    block = bytes(range(0xB0, 0xE0)).decode("cp437")
    rng = random.Random(7)
    runs = [a + b for a in block for b in block]
    runs += ["".join(rng.choice(block) for _ in range(rng.randint(3, 8))) for _ in range(400)]
    sure = [(s, r.text) for s in runs for r in [repair(s)] if r.changed and r.confidence >= 0.9]
    assert sure == []


@pytest.mark.parametrize("word", ["Привет, как дела?", "ошибка при слиянии файлов", "северносаамский язык"])
def test_koi8_r_read_as_cp866_is_still_repaired(word):
    # KOI8-R's lower case read as cp866 is box drawing and nothing else; words that long are
    # evidence enough
    garbled = word.lower().encode("koi8_r").decode("cp866")
    assert repair(garbled).text == word.lower()


@pytest.mark.parametrize("text", [
    "MISUTÂ\xa0AJIKKO",                      # a title in capitals with a no-break space
    "Bremer/Mccoy – DrÃ¥ber",                # one pair, Latin-1 'å' or MacRoman, beside a real dash
    "Prix – cafÃ©",                          # the same shape: mixed text shows no reading to follow
])
def test_text_with_no_reading_of_its_own_is_left_as_it_is(text):
    assert repair(text).text == text


@pytest.mark.parametrize("garbled, expect", [
    ("cafÃ©", "café"),                                       # one reading all through
    ("cafÃ© crÃ¨me – bar", "café crème – bar"),              # two sequences agree
    ("Itâ€™s – ok", "It’s – ok"),                            # three bytes: one code page reads them
    ("100Â\xa0km", "100\xa0km"), ("wordÂ\xa0Word", "word\xa0Word"),
])
def test_mojibake_beside_those_shapes_is_still_repaired(garbled, expect):
    assert repair(garbled).text == expect


def test_a_later_layer_writes_no_rare_character_the_model_refuses():
    # 'CAFÉ\xa0BAR' garbled twice: after one pass 'É\xa0' would read as UTF-8 'ɠ' once more
    garbled = cp1252_twice("CAFÉ\xa0BAR")
    assert repair(garbled).text == "CAFÉ\xa0BAR"


def _utf8_as_cp1252(word):
    return word.encode("utf-8").decode("cp1252")


@pytest.mark.parametrize("before, word, after", [
    ("Le ", "café", " est prêt"),                  # French
    ("Ça va ", "très", " bien"),
    ("O ", "pão", " está quente"),                  # Portuguese
    ("Der ", "Bär", " ist müde"),                   # German
    ("El ", "niño", " está aquí"),                  # Spanish
    ("To je ", "máma", ", ne táta"),                # Czech
    ("Han ", "gå", "r hjem i år"),                  # Danish / Norwegian, the pair inside a word
])
def test_one_garbled_word_beside_a_right_accented_word_is_repaired(before, word, after):
    # text appended to by two programs: one word read through Windows-1252, one decoded right;
    # the letter decoded right shows the alphabet, and the reading that writes a letter of it wins
    garbled = before + _utf8_as_cp1252(word) + after
    r = repair(garbled)
    assert r.text == before + word + after
    assert r.confidence >= 0.9


def test_a_garbled_line_beside_a_clean_accented_line_is_repaired():
    r = repair("cafÃ© au lait\nclean line été\n")
    assert r.text == "café au lait\nclean line été\n"
    assert r.confidence >= 0.9


@pytest.mark.parametrize("text", [
    "Letra Ã maiúscula",                      # 'Ã' before a space is a Portuguese letter here
    "São Paulo – 25 °C",
    "Ñandú, ©2024 — señor",
    "Crème brûlée à la française",
    "Příliš žluťoučký kůň úpěl ďábelské ódy",
    "Straße № 5 – 10 €",
    "ÉCOLE’s année",
    "Ã is a letter; é is too",
])
def test_clean_accented_text_with_signs_is_left_as_it_is(text):
    assert repair(text).text == text


@pytest.mark.parametrize("text", [
    "associé à l'option",
    "Il est prêt à partir",
    "C'est déjà là, à côté",
])
def test_french_a_with_its_no_break_space_read_as_cp1251_is_repaired_whole(text):
    # 'à' is C3 A0: 'Г' and a no-break space in Windows-1251; a lone Cyrillic letter in a French
    # text the same reading repaired elsewhere is that reading's lead byte, not a word
    garbled = text.encode("utf-8").decode("cp1251")
    r = repair(garbled)
    assert r.text == text
    assert "Г" not in r.text


@pytest.mark.parametrize("text", ["Привет, Г\xa0 это буква", "Раздел Г\xa0— итоги"])
def test_a_cyrillic_letter_before_a_no_break_space_in_cyrillic_text_is_left(text):
    assert repair(text).text == text


def test_a_repair_that_leaves_a_piece_of_its_own_chain_behind_is_not_sure():
    # a Cyrillic word elsewhere makes the lone 'Г\xa0' ('à' read as Windows-1251) a possible
    # letter, so it stays; the repair of 'café' beside it must then not be written as sure
    garbled = "Москва " + "associé à l'option".encode("utf-8").decode("cp1251")
    r = repair(garbled)
    assert r.text.startswith("Москва associé")
    assert "Г\xa0" not in r.text or r.confidence < 0.9


def _twice_as_cp1252(text: str) -> str:
    return text.encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252")


@pytest.mark.parametrize("before, word, after", [
    ("Zoë met ", "né", " yesterday"), ("Inês visitou ", "São", " Tomé"), ("Müller sagt ", "schön", " und gut"),
    ("François a ", "reçu", " la lettre"), ("Renée and ", "Noël", " arrived"), ("Ana López compró ", "piñas", " ayer"),
])
def test_a_double_encoded_word_beside_a_letter_decoded_right_is_undone_in_both_layers(before, word, after):
    # the first layer shows the code page the text was read through: the letter decoded right
    # beside the word that is left makes it no mixed text of two readings
    garbled = before + _twice_as_cp1252(word) + after
    r = repair(garbled)
    assert r.text == before + word + after, (garbled, r.text)
    assert r.confidence >= 0.9


def test_a_text_that_still_reads_as_utf8_through_the_same_code_page_is_half_undone():
    from codecscope.repairing import chains
    assert chains.utf8_left("Zoë met nÃ© yesterday", {"cp1252-web": 1.0})
    assert not chains.utf8_left("Zoë met né yesterday", {"cp1252-web": 1.0})
    assert not chains.utf8_left("Дім і сад, ґанок", {"cp1251-web": 1.0})   # ('Ді' is a pair of UTF-8 bytes in cp1251)


@pytest.mark.parametrize("text", ["設定を保存しました", "Sigurðardóttir", "Jón Guðmundsson á Akureyri"])
def test_a_cjk_reading_leaves_no_single_byte_search_behind(text):
    # the layer before read UTF-8 through a CJK code page (Latin letters read as half-width
    # katakana): only single-byte code pages are searched for what is left
    garbled = text.encode("utf-8").decode("cp932")
    r = repair(garbled)
    assert r.text == text or r.confidence < 0.9


@pytest.mark.parametrize("text, chain", [
    ("Чай", ("utf-8", "big5")), ("Завжди", ("utf-8", "cp932")), ("Чай.", ("utf-8", "big5")),
])
def test_a_legacy_reading_whose_han_still_reads_as_utf8_words_is_not_sure(text, chain):
    # 'Чай' in UTF-8 read as Big5 is also GBK read as Big5 ('效邪泄'), whose Han are UTF-8 read as
    # GBK once more: a repair that stops there is half done
    garbled = text.encode(chain[0]).decode(chain[1])
    r = repair(garbled)
    assert r.text == text or r.confidence < 0.9, (garbled, r.text, r.confidence)


def test_a_word_of_two_scripts_besides_latin_is_no_sure_repair():
    from codecscope.repairing import chains
    assert chains.mixed_words("(ê\x90²ýÙ¾)", "(ꐲýپ)")           # Yi, Latin and Arabic in one word
    assert chains.mixed_words("Ñ\x80ÐºÐ°", "Жa離г")                # Han inside a Cyrillic word
    for clean in ("iPhone手机", "дарданелаton", "東京タワーへ行く", "서울大學校", "Ελλάδα and Россия"):
        assert not chains.mixed_words("", clean), clean
    assert not chains.mixed_words("ꐲپ", "ꐲپ")                       # (left as it was: not the repair's doing)


@pytest.mark.parametrize("text", ["Сир", "прізвище", "Перший крок"])
def test_a_c1_control_inside_a_word_read_another_way_is_no_sure_windows_1252_sign(text):
    # UTF-8 'р' is D1 80; Shift_JIS reads D1 as a half-width katakana and leaves 80 as U+0080:
    # that control is a byte of the word, not a Windows-1252 '€'
    garbled = text.encode("utf-8").decode("cp932")
    r = repair(garbled)
    assert r.text == text or r.confidence < 0.9, (garbled, r.text, r.confidence)


def test_windows_1252_signs_read_as_latin1_are_still_sure():
    r = repair("It\x92s a caf\xe9 \x96 open \x93daily\x94")
    assert r.text == "It’s a café – open “daily”"
    assert r.confidence >= 0.9


@pytest.mark.parametrize("text", ["檔案 不 存在", "設定 檔 已 經 儲存", "你 們 好 嗎", "網路 連線 中斷", "記憶體 不足"])
def test_c1_controls_in_double_byte_text_read_as_latin1_are_no_sure_signs(text):
    # GBK's trail bytes 0x80-0x9F are C1 controls in Latin-1: Windows-1252's signs in their place
    # leave Latin-1 soup, not Western text
    garbled = text.encode("gbk").decode("latin-1")
    r = repair(garbled)
    assert r.text == text or r.confidence < 0.9, (garbled, r.text, r.confidence)


@pytest.mark.parametrize("text", ["“Grüße aus Köln” – Jörg", "Préférences… enregistrées – OK", "Señor Ibáñez’s “niño”"])
def test_windows_1252_text_with_letters_read_as_latin1_is_still_sure(text):
    garbled = text.encode("cp1252").decode("latin-1")
    r = repair(garbled)
    assert r.text == text
    assert r.confidence >= 0.9

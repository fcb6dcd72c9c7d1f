"""Readings repair must not be sure of: where two readings of the same bytes stand, the one the
structure of the text supports wins, and a reading of rare characters or a combining mark is never
confident enough for ``repair --in-place`` (0.9)."""

from codecscope import repair

SURE = 0.9


def test_utf8_reading_of_a_whole_greek_word_beats_rare_gbk_han():
    # 'ϊ' is a rare letter to the model, but seven UTF-8 sequences in a row decode to one
    # alphabet: GBK's reading of the same bytes is a run of rare Han
    for word in ("Ταϊβάν", "Αθηναϊκός"):
        r = repair(word.encode().decode("cp1252"))
        assert r.text == word and r.confidence >= SURE


def test_cyrillic_written_in_gbk_is_read_as_gbk_not_big5():
    for word in ("Пловдив", "Москва", "здравствуйте", "ул. Садовая"):
        r = repair(word.encode("gbk").decode("latin-1"))
        assert r.text == word


def test_greek_written_in_gbk_is_read_as_gbk_and_not_sure_without_letter_pairs():
    r = repair("πολιτεια".encode("gbk").decode("latin-1"))
    assert r.text == "πολιτεια" and r.confidence < SURE


def test_cyrillic_written_in_euc_kr_is_not_read_as_gbk_han():
    for word in ("Новосибирск", "Екатеринбург"):
        r = repair(word.encode("euc-kr").decode("cp1252"))
        assert r.text == word or r.confidence < SURE


def test_common_chinese_still_read_as_gbk_with_confidence():
    for word in ("北京大学", "上海市"):
        r = repair(word.encode("gbk").decode("latin-1"))
        assert r.text == word and r.confidence >= SURE


def test_a_cjk_reading_of_rare_han_is_not_sure():
    # Serbian Windows-1251 read as Windows-1252: GBK reads the bytes as three rare Han
    r = repair("Кувајт".encode("cp1251").decode("cp1252"))
    assert r.confidence < SURE


def test_letter_beats_combining_mark_and_neither_is_sure():
    # 'Ã°' is 'ð' through Windows-1252 and a hook below through MacRoman
    for word in ("Vaðlaheiði", "Hreiðar"):
        r = repair(word.encode().decode("cp1252"))
        assert r.text == word and r.confidence < SURE
        assert all("\u0300" > ch or ch > "\u036f" for ch in r.text)


def test_kana_written_in_gbk_is_not_confidently_big5_han():
    r = repair("スケジュール".encode("gbk").decode("latin-1"))
    assert r.text == "スケジュール" or r.confidence < SURE

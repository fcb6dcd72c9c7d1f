"""One Han code page read as another (繁简乱码, GBK read as Shift_JIS): short everyday words come
back, clean Chinese and Japanese stay as they are.  Every text here was written for these tests
(everyday words and phrases), none is taken from a benchmark corpus."""

from __future__ import annotations

import random
import re
import sysconfig
from pathlib import Path

import pytest

import codecscope.variants  # noqa: F401  (registers gbk-web, cp932-ibm, ...)
from codecscope import apply_steps, plausibility, repair

# GBK (Simplified) text read as Big5: what a Big5 reader shows is real Traditional characters,
# many of them from Big5's less-frequent block
SIMPLIFIED = ["学校", "银行", "因为", "需要", "出租车", "星期一", "问题 方法 结果", "非常 已经 还是",
              "我们今天下午在图书馆见面吧", "董事会决定明年扩大生产"]
# Big5 (Traditional) text read as GBK: common simplified forms mixed with the traditional forms
# GBK added, kana and Greek letters from Big5's lead bytes 0xA4-0xA6
TRADITIONAL = ["圖書館", "問題", "經濟", "飛機場", "新臺幣", "電腦網路連線中斷", "明天早上八點開會"]


@pytest.mark.parametrize("text,written,read", [*((t, "gbk", "cp950") for t in SIMPLIFIED),
                                                *((t, "cp950", "gbk-web") for t in TRADITIONAL)])
def test_one_han_code_page_read_as_another_comes_back(text, written, read):
    garbled = text.encode(written).decode(read)
    r = repair(garbled)
    assert r.text == text, (garbled, r.text)
    assert apply_steps(garbled, r.steps) == text


@pytest.mark.parametrize("text", ["林宏瑋", "王家瑋的報告", "臺灣大學", "我們的老師很喜歡唱歌", "中华人民共和国",
                                  "东京", "月曜日", "ありがとうございます"])
def test_clean_chinese_and_japanese_stay(text):
    # (瑋, a name character, is in Big5's less-frequent block)
    assert repair(text).text == text


def _real_cjk_windows() -> list[str]:
    """Every two- and three-character stretch of Han and kana in CPython's CJK codec test texts
    (Lib/test/cjkencodings: Traditional, Simplified and Japanese prose none of repair's data or
    tuning comes from), and in the words of this file."""
    here = Path(sysconfig.get_paths()["stdlib"]) / "test" / "cjkencodings"
    lines = [*SIMPLIFIED, *TRADITIONAL]
    for name in ("big5", "big5hkscs", "gb2312", "gbk", "gb18030", "euc_jp", "shift_jis"):
        path = here / f"{name}-utf8.txt"
        if path.is_file():
            lines += path.read_text(encoding="utf-8").splitlines()
    out = set()
    for line in lines:
        for run in re.findall("[\u3041-\u30ff\u4e00-\u9fff]+", line):
            out.update(run[i:i + k] for k in (2, 3) for i in range(len(run) - k + 1))
    return sorted(out)


def test_short_clean_han_words_stay():
    # two and three characters of real text, the length of a name: no reading of one Han code
    # page as another may take them for mojibake
    windows = _real_cjk_windows()
    assert len(windows) > 100
    assert [w for w in windows if repair(w).text != w] == []


@pytest.mark.parametrize("tier", ["hant1", "hans1", "ja1"])
def test_random_han_pairs_are_never_sure(tier):
    # two or three characters drawn at random from one tradition's common set are what a garbled
    # name looks like too (GBK bytes read as Big5 land in Big5's frequent block): real
    # frequencies tell most of them apart, but no such repair is ever sure enough to be written
    # back by scan --fix or repair --in-place
    pool = sorted(plausibility._tiers()[tier])
    rng = random.Random(f"short-{tier}")
    sure = []
    for _ in range(400):
        text = "".join(rng.choice(pool) for _ in range(rng.choice((2, 3))))
        r = repair(text)
        if r.text != text and r.confidence >= 0.9:
            sure.append((text, r.text, r.confidence))
    assert not sure


def test_cyrillic_read_as_cyrillic_is_not_read_as_han():
    # GB2312 and Big5 hold Cyrillic, so a Cyrillic text encodes in GBK and decodes as Big5 to
    # common-looking Han; a Han code page's bytes read as another's show Han, never Cyrillic
    garbled = "съешь же ещё этих мягких французских булок".encode("cp866").decode("koi8_r")
    out = repair(garbled).text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in out), out


def test_a_reading_is_judged_as_its_own_tradition():
    # text written in GBK is Simplified Chinese: a Traditional reading of the same characters is
    # costlier when scored as Simplified than as whatever suits it
    trad = "經濟圖書館"
    assert plausibility.cost(trad, "hans") > plausibility.cost(trad) == plausibility.cost(trad, "hant")
    for flavour in plausibility.FLAVOURS:
        assert plausibility.cost("我们今天下午", flavour) >= plausibility.cost("我们今天下午")


@pytest.mark.parametrize("text", ["历史地理数学", "老师学生朋友", "他们什么怎么"])
def test_gbk_read_as_cp932_picks_each_duplicate_code(text):
    # cp932 decodes an IBM extension (0xFA-0xFC) and its NEC-selected twin (0xED/0xEE) to one
    # character; the GBK bytes that were read came back only through the right code for each
    garbled = text.encode("gbk").decode("cp932")
    assert garbled.encode("cp932") != text.encode("gbk")
    r = repair(garbled)
    assert r.text == text
    assert apply_steps(garbled, r.steps) == text
    assert r.explanation.startswith("GBK text read as Shift_JIS")


@pytest.mark.parametrize("text", ["こんにちは", "日本語", "東京都", "月曜日", "名前", "時間", "ありがとう すみません",
                                  "カナダ ドル", "タイ"])
def test_shift_jis_read_as_windows_1252_comes_back(text):
    # kana and the common kanji have lead bytes 0x81-0x9F, which Windows-1252 shows as typographic
    # marks ('‚±‚ñ‚É‚¿‚Í', '“ú–{Œê'): cheap characters to the model, but glued inside words
    garbled = text.encode("cp932").decode("cp1252")
    r = repair(garbled)
    assert r.text == text, (garbled, r.text)


@pytest.mark.parametrize("text", ["rock‘n’roll", "Žižek", "„Ja“–„Nein“", "“A”B", "L’Œuvre", "Köln–Bonn",
                                  "„Anführungszeichen“", "œuvre", "•Item•List"])
def test_typographic_marks_in_western_text_stay(text):
    assert repair(text).text == text


@pytest.mark.parametrize("text", ["学校", "什么", "为什么", "医院", "英语 银行 医院"])
def test_gbk_read_as_latin_1_beats_a_rare_utf_8_reading(text):
    # 'Ñ§Ð£' is also UTF-8 for 'ѧУ' (an Old Church Slavonic letter before a capital) and
    # 'Ê²Ã´' for 'ʲô' (a modifier letter): a UTF-8 reading that writes such characters is
    # weighed against reading the whole text as GBK
    garbled = text.encode("gbk").decode("latin-1")
    assert repair(garbled).text == text


@pytest.mark.parametrize("text", ["下午3:45", "3.5公斤", "第3季度", "每小时 120 公里"])
def test_digits_inside_cjk_words_do_not_dilute_the_evidence(text):
    # Chinese writes numbers into its words; the digits cost nothing garbled or not, so the
    # evidence is weighed over the characters the reading changes
    garbled = text.encode("gbk").decode("latin-1")
    assert repair(garbled).text == text


def test_one_character_over_and_over_is_no_han_reading():
    # ftfy's crossed-out price: U+0336 in UTF-8 read as Latin-1 ('Ì¶') also reads as GBK 潭,
    # three times between digits; a pattern, not Chinese
    text = "hotel $49 $\u00cc\u00b66\u00cc\u00b63\u00cc\u00b6 updated 2018"
    assert "潭" not in repair(text).text


# --- real character frequencies (codecscope/repairing/frequency.py) -----------------------------
# Names and words typed for these tests (everyday given names and surnames, place words); none is
# taken from a benchmark corpus or from the word lists the frequency table is built from.

NAMES_SIMPLIFIED = ["王伟", "张敏", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "周杰", "吴刚", "郑爽", "孙悦", "马云飞"]
NAMES_TRADITIONAL = ["陳美玲", "林志豪", "黃淑芬", "張家豪", "李雅婷", "王建國", "劉德華", "蔡依林"]
NAMES_KOREAN = ["김민수", "이지은", "박서준", "최유진", "정우성", "강동원", "윤아름", "한지민"]


@pytest.mark.parametrize("name", NAMES_SIMPLIFIED)
def test_short_gbk_names_read_as_big5_mostly_come_back(name):
    # a GBK name read as Big5 writes characters of Big5's frequent block, sorted by strokes: only
    # real frequencies tell it from a real Traditional name.  Never sure enough to be written back
    # on its own (two characters are too few), but read right.
    garbled = name.encode("gbk").decode("cp950")
    r = repair(garbled)
    assert r.text in (name, garbled)
    if r.changed:
        assert apply_steps(garbled, r.steps) == name


def test_most_short_gbk_names_read_as_big5_come_back():
    back = [n for n in NAMES_SIMPLIFIED if repair(n.encode("gbk").decode("cp950")).text == n]
    assert len(back) >= 0.75 * len(NAMES_SIMPLIFIED), back


@pytest.mark.parametrize("name", NAMES_SIMPLIFIED + NAMES_TRADITIONAL + NAMES_KOREAN)
def test_clean_names_stay(name):
    assert repair(name).text == name


@pytest.mark.parametrize("name", NAMES_KOREAN)
def test_korean_names_read_as_windows_1252_come_back_as_korean(name):
    # EUC-KR bytes read as Windows-1252 are GBK and Big5 bytes too; the per-character model prices
    # Hangul and Han differently, real frequencies judge them on one scale
    garbled = name.encode("cp949").decode("cp1252")
    assert repair(garbled).text in (name, garbled)
    assert not any("\u4e00" <= c <= "\u9fff" for c in repair(garbled).text)


def test_most_korean_names_read_as_windows_1252_come_back():
    back = [n for n in NAMES_KOREAN if repair(n.encode("cp949").decode("cp1252")).text == n]
    assert len(back) >= 0.75 * len(NAMES_KOREAN), back


@pytest.mark.parametrize("clean", ["第3章", "3号楼", "5楼B室", "2024年", "A座", "3째 주", "기온 25도", "東京3丁目"])
def test_a_common_character_beside_a_number_stays(clean):
    assert repair(clean).text == clean


@pytest.mark.parametrize("text,reader", [("25°C", "cp950"), ("10 m²", "cp949"), ("5 µg", "cp949")])
def test_a_rare_character_beside_a_number_is_a_utf8_sign(text, reader):
    # '簞' (U+7C1E) is Big5 C2 B0, which is UTF-8 for '°'; real text hardly uses it
    garbled = text.encode().decode(reader)
    r = repair(garbled)
    assert r.text == text and r.confidence < 0.9


@pytest.mark.parametrize("word", ["café", "Zürich", "Français", "naïve", "Kraków", "Tromsø", "Bokmål"])
def test_utf8_latin_read_as_cp932_comes_back(word):
    # a two-byte UTF-8 letter read as cp932 is two half-width katakana glued to the Latin word
    garbled = word.encode().decode("cp932")
    assert repair(garbled).text == word


@pytest.mark.parametrize("clean", ["PCｿﾌﾄ", "USBｹｰﾌﾞﾙ", "ABCﾃｽﾄ", "ｶﾀｶﾅtest", "ﾃｨｯｼｭ"])
def test_half_width_katakana_beside_latin_stays(clean):
    # old Japanese systems write half-width katakana straight after Latin letters; only pairs that
    # are a UTF-8 letter's bytes (a lead 0xC2-0xDF, then 0xA1-0xBF) glued to the word count
    assert repair(clean).text == clean


def test_two_characters_that_another_code_page_reads_as_a_word_are_not_sure():
    # GBK '归档' read as Windows-1252 is '¹éµµ', whose bytes EUC-KR reads as the Korean word '백도':
    # both readings are words of their writing system, and two characters' frequencies cannot
    # tell which was written
    r = repair("归档".encode("gbk").decode("cp1252"))
    assert r.text in ("归档", "백도") and r.confidence < 0.9, (r.text, r.confidence)


@pytest.mark.parametrize("text", ["你好", "北京", "文件", "时间", "首页"])
def test_short_gbk_words_no_other_code_page_reads_as_words_stay_sure(text):
    # the other code pages' readings of these bytes are rare characters ('ÄãºÃ' is Big5 '斕疑')
    r = repair(text.encode("gbk").decode("cp1252"))
    assert r.text == text and r.confidence >= 0.9, (r.text, r.confidence)

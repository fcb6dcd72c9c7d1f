"""The plausibility model: clean text of every script scores near 0, mojibake well below."""

import pytest

from codecscope import plausibility as P

CLEAN = [
    "黑马程序员是一家培训机构", "臺灣繁體中文的資料", "東京都渋谷区の会社です", "서울특별시 강남구 테헤란로",
    "Москва — столица России.", "Київ, вулиця Хрещатик", "Αθήνα, Ελλάδα", "שלום עולם",
    "İstanbul'da güzel bir gün", "Győr és Pécs között", "Ça va très bien, merci", "Größe und Übermaß",
]
GARBLED = [
    "榛戦┈绋嬪簭鍛樻槸", "ÄãºÃ£¬ÊÀ½ç", "cafÃ© au lait", "Itâ€™s", "РџСЂРёРІРµС‚ РјРёСЂ", "Ïðèâåò ìèð",
    "縺薙ｓ縺ｫ縺｡縺ｯ", "羉砰いゅ", "ä½\xa0å¥½", "чЩЛЙОХФШ ОБЪОБЮЙФШ ТПУЛПЫОЩК",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_scores_high(text):
    assert P.score(text) > -0.6


@pytest.mark.parametrize("text", GARBLED)
def test_mojibake_scores_low(text):
    assert P.score(text) < -0.6


def test_each_garbled_scores_below_its_repair():
    pairs = [("榛戦┈", "黑马"), ("Ã©tÃ©", "été"), ("РџСЂРёРІРµС‚", "Привет"), ("羉砰いゅ", "繁體中文")]
    for bad, good in pairs:
        assert P.score(bad) < P.score(good) - 0.5, (bad, good)


def test_score_is_a_mean_comparable_across_lengths():
    assert P.score("黑马程序员" * 20) == pytest.approx(P.score("黑马程序员"), abs=0.05)
    assert P.score("") == 0.0


def test_han_tiers_come_from_the_codecs():
    assert P.han_tier("的")["hans"] == 0          # common in every tradition
    assert P.han_tier("们")["hans"] == 1          # common simplified only
    assert P.han_tier("們")["hant"] == 1 and P.han_tier("們")["hans"] == 3
    assert P.han_tier("鑫")["hans"] == 2          # GB2312 level 2
    assert P.han_tier("\u9fa5")["hans"] == 3      # outside GB2312 altogether


@pytest.mark.parametrize("codec,leads,first,last", [
    ("gb2312", range(0xB0, 0xD8), 0, 0xFFFF), ("big5", range(0xA4, 0xC7), 0xA440, 0xC67E),
    ("euc_jp", range(0xD0, 0xF5), 0xD0A1, 0xF4A6), ("big5", range(0x81, 0xA5), 0, 0xA3FF),   # invalid codes too
])
def test_a_tier_holds_what_each_code_decodes_to_alone(codec, leads, first, last):
    trails = [range(0x40, 0x7F), range(0xA1, 0xFF)]
    want = set()
    for lead in leads:
        for trail in (t for tr in trails for t in tr):
            if first <= lead << 8 | trail <= last:
                try:
                    ch = bytes((lead, trail)).decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(ch) == 1:
                    want.add(ch)
    assert P._decode_block(codec, leads, trails, first, last) == want


@pytest.mark.parametrize("ch,cls", [
    ("a", "ascii-letter"), ("é", "latin"), ("\x85", "c1"), ("\ue000", "private"), ("┈", "box"),
    ("ｱ", "halfwidth-katakana"), ("丂", "han"), ("\u3400", "han-ext"), ("\uf900", "han-compat"),
    ("Ж", "cyrillic"), ("Ђ", "cyrillic-rare"), ("©", "latin1-symbol"), ("«", "quote"), ("\ufffd", "replacement"),
])
def test_char_class(ch, cls):
    assert P.char_class(ch) == cls


def test_pair_rules():
    # Latin-1 symbol glued to a letter, lower-to-upper flips in Cyrillic, two alphabets in a word
    assert P.cost("Ã©") > P.cost("Ã") + P.cost("©")
    assert P.cost("рТ") > P.cost("р") + P.cost("Т")
    assert P.cost("abв") > P.cost("abc") + 1


@pytest.mark.parametrize("text,script", [
    ("Привет", "Cyrillic"), ("黑马", "Han"), ("東京の会社", "Japanese"), ("안녕", "Hangul"),
    ("hello", "Latin"), ("123 !", "Common"), ("Αθήνα", "Greek"),
])
def test_script_of(text, script):
    assert P.script_of(text) == script


def test_hot_marks_out_of_place_characters_only():
    assert P.hot("plain café text") == []
    assert P.hot("cafÃ© x") == [3, 4]


def test_small_ya_yu_yo_need_an_i_column_kana():
    from codecscope.plausibility import cost

    assert cost("かゃ") > cost("きゃ") + 1
    assert cost("ｶｭ") > cost("ｷｭ") + 1
    assert cost("ｷﾞｬ") < cost("ｶｬ")   # a voicing mark between them is fine


def test_punctuation_of_other_scripts_is_rare():
    from codecscope.plausibility import char_class

    assert char_class("\u0707") == "punct-rare"   # Syriac
    assert char_class("\u2014") == "punct"


def test_big5_common_but_gb2312_level_2_is_rare():
    from codecscope.plausibility import cost

    # 灞 is in Big5's frequent block but GB2312 files the same form in level 2
    assert cost("灞") > cost("隸") + 0.5

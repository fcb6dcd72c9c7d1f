"""The Unicode Script property of a character, from the ``regex`` module's Unicode tables.

Python's ``unicodedata`` has no Script property, and guessing it from character names goes wrong
in both directions ('µ' is MICRO SIGN but Common; 'ª' is FEMININE ORDINAL INDICATOR but Latin;
a Thai vowel sign is a mark of the Thai script). ``regex`` ships the Unicode Character Database,
keeps it current, and answers ``\\p{Script=…}`` in C, so one pattern of named alternatives maps a
character to the long name Unicode gives its script ('Latin', 'Han', 'Common', 'Inherited', …;
'Unknown' for unassigned code points). The package ships that mapping as runs of code points
(``codecscope/data/scripts.json``, written by tools/build_script_table.py from the pattern; a test
holds it to the installed regex): importing regex and building the pattern cost a command's
start-up more than most of its work, and legacy bytes read as UTF-8 make characters of rare
scripts, which need the whole pattern. Answers are cached: the callers ask about the same few
hundred characters over and over.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

from .fsutil import package_data

if TYPE_CHECKING:
    import regex

# The long names of Unicode's Script property values (PropertyValueAliases.txt, sc), the everyday
# ones first so that most characters match early. Names the installed regex does not know yet are
# skipped; their characters read as 'Unknown' until it does.
_NAMES = (
    "Common", "Latin", "Han", "Inherited", "Cyrillic", "Greek", "Hiragana", "Katakana", "Hangul",
    "Arabic", "Hebrew", "Thai", "Devanagari", "Armenian", "Georgian", "Bopomofo",
    "Adlam", "Ahom", "Anatolian_Hieroglyphs", "Avestan", "Balinese", "Bamum", "Bassa_Vah", "Batak",
    "Bengali", "Beria_Erfe", "Bhaiksuki", "Brahmi", "Braille", "Buginese", "Buhid",
    "Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Chakma", "Cham", "Cherokee",
    "Chorasmian", "Coptic", "Cuneiform", "Cypriot", "Cypro_Minoan", "Deseret", "Dives_Akuru",
    "Dogra", "Duployan", "Egyptian_Hieroglyphs", "Elbasan", "Elymaic", "Ethiopic", "Garay",
    "Glagolitic", "Gothic", "Grantha", "Gujarati", "Gunjala_Gondi", "Gurmukhi", "Gurung_Khema",
    "Hanifi_Rohingya", "Hanunoo", "Hatran", "Imperial_Aramaic", "Inscriptional_Pahlavi",
    "Inscriptional_Parthian", "Javanese", "Jurchen", "Kaithi", "Kannada", "Kawi", "Kayah_Li",
    "Kharoshthi", "Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi", "Kirat_Rai", "Lao",
    "Lepcha", "Limbu", "Linear_A", "Linear_B", "Lisu", "Lycian", "Lydian", "Mahajani", "Makasar",
    "Malayalam", "Mandaic", "Manichaean", "Marchen", "Masaram_Gondi", "Medefaidrin",
    "Meetei_Mayek", "Mende_Kikakui", "Meroitic_Cursive", "Meroitic_Hieroglyphs", "Miao", "Modi",
    "Mongolian", "Mro", "Multani", "Myanmar", "Nabataean", "Nag_Mundari", "Nandinagari",
    "New_Tai_Lue", "Newa", "Nko", "Nushu", "Nyiakeng_Puachue_Hmong", "Ogham", "Ol_Chiki",
    "Ol_Onal", "Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic", "Old_Persian",
    "Old_Sogdian", "Old_South_Arabian", "Old_Turkic", "Old_Uyghur", "Oriya", "Osage", "Osmanya",
    "Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau", "Phags_Pa", "Phoenician", "Proto_Cuneiform",
    "Psalter_Pahlavi", "Rejang", "Runic", "Samaritan", "Saurashtra", "Seal", "Sharada", "Shavian",
    "Siddham", "Sidetic", "SignWriting", "Sinhala", "Sogdian", "Sora_Sompeng", "Soyombo",
    "Sundanese", "Sunuwar", "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le", "Tai_Tham",
    "Tai_Viet", "Tai_Yo", "Takri", "Tamil", "Tangsa", "Tangut", "Telugu", "Thaana", "Tibetan",
    "Tifinagh", "Tirhuta", "Todhri", "Tolong_Siki", "Toto", "Tulu_Tigalari", "Ugaritic", "Vai",
    "Vithkuqi", "Wancho", "Warang_Citi", "Yezidi", "Yi", "Zanabazar_Square",
)


@lru_cache(maxsize=1)
def _pattern() -> tuple[regex.Pattern[str], tuple[str, ...]]:
    import regex   # on first use: importing it costs more than building the pattern

    def compile_(names: tuple[str, ...]) -> regex.Pattern[str]:
        return regex.compile("|".join(rf"(\p{{Script={n}}})" for n in names))

    try:
        return compile_(_NAMES), _NAMES
    except regex.error:   # an older regex: keep the names it knows
        known = []
        for name in _NAMES:
            try:
                compile_((name,))
            except regex.error:
                continue
            known.append(name)
        return compile_(tuple(known)), tuple(known)


# scripts that one word writes together: Japanese mixes Han and kana, Korean Han and Hangul
ONE_WRITING = {"Hiragana": "Han", "Katakana": "Han", "Hangul": "Han"}


@lru_cache(maxsize=1 << 16)
def char_script(ch: str) -> str:
    """The Unicode Script property of ``ch`` by its long name: 'Latin', 'Han', 'Cyrillic',
    'Katakana', … 'Common' for characters every script uses (digits, punctuation, spaces),
    'Inherited' for combining marks that take the script of their base, 'Unknown' for unassigned
    code points."""
    table = _table()
    if table is None:
        return pattern_script(ch)
    starts, scripts = table
    return scripts[bisect_right(starts, ord(ch)) - 1]


TABLE_FILE = "scripts.json"


@lru_cache(maxsize=1)
def _table() -> tuple[list[int], list[str]] | None:
    """(the first code point of each run of one script, the script of each run) as shipped, or
    None when the package was installed without the table."""
    raw = package_data(TABLE_FILE)
    if raw is None:
        return None
    table = json.loads(raw)
    names, runs = table["names"], table["runs"]
    return runs[0::2], [names[i] for i in runs[1::2]]


def pattern_script(ch: str) -> str:
    """:func:`char_script` from the installed regex's pattern (what the shipped table is built from)."""
    pattern, names = _pattern()
    m = pattern.match(ch)
    if m is None or m.lastindex is None:
        return "Unknown"
    return names[m.lastindex - 1]


@lru_cache(maxsize=1 << 16)
def letter_script(ch: str) -> str | None:
    """The script of a letter, or None for anything else, including the letters every script
    shares ('µ' is Common)."""
    if not ch.isalpha():
        return None
    s = char_script(ch)
    return None if s in ("Common", "Inherited", "Unknown") else s


__all__ = ["char_script", "letter_script"]

"""codecscope.scripts: the Unicode Script property, as the explain table and the detectors read it."""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

import pytest

from codecscope import plausibility
from codecscope.scripts import char_script, letter_script


@pytest.mark.parametrize("ch,script", [
    ("a", "Latin"), ("é", "Latin"), ("ª", "Latin"),          # ª is a Latin letter, whatever its name says
    ("µ", "Common"), ("1", "Common"), (" ", "Common"), ("—", "Common"), ("😀", "Common"),
    ("\u0301", "Inherited"),                                 # a combining acute takes its base's script
    ("ж", "Cyrillic"), ("Ω", "Greek"), ("ש", "Hebrew"), ("ب", "Arabic"),
    ("黑", "Han"), ("か", "Hiragana"), ("カ", "Katakana"), ("ｶ", "Katakana"), ("한", "Hangul"),
    ("ー", "Common"),                                        # the long-vowel mark is shared by both kana
    ("\u0e34", "Thai"), ("\u093f", "Devanagari"),            # vowel signs belong to their script
    ("\u0378", "Unknown"), ("\ue000", "Unknown"),            # unassigned, private use
])
def test_char_script(ch, script):
    assert char_script(ch) == script


def test_letter_script_is_for_letters_of_one_script():
    assert letter_script("ж") == "Cyrillic" and letter_script("黑") == "Han"
    assert letter_script("µ") is None and letter_script("1") is None and letter_script("\u0301") is None


def test_every_assigned_character_has_a_script():
    # the list of script names must cover every script this Python's Unicode database assigns
    lookup = char_script.__wrapped__            # uncached: a million look-ups would evict the cache
    missing = [f"U+{o:04X}" for o in range(sys.maxunicode + 1)
               if unicodedata.category(chr(o)) not in ("Cn", "Cs", "Co") and lookup(chr(o)) == "Unknown"]
    assert not missing, missing[:20]


@pytest.mark.parametrize("text,script", [
    ("สวัสดีครับ", "Thai"), ("Բարեւ", "Armenian"), ("ᏣᎳᎩ", "Cherokee"),
    ("カタカナだけ", "Japanese"), ("5 µ ²", "Common"),
])
def test_script_of_names_every_script(text, script):
    assert plausibility.script_of(text) == script


def test_the_shipped_script_table_is_the_installed_regexs():
    # char_script reads a table built from regex's pattern (tools/build_script_table.py): it must
    # give the pattern's answer for every code point
    from codecscope.scripts import TABLE_FILE, pattern_script

    data = json.loads((Path(__file__).resolve().parents[1] / "codecscope" / "data" / TABLE_FILE).read_text("utf-8"))
    same_build = data["source"].split(",")[0] == f"regex {metadata.version('regex')}"
    lookup = char_script.__wrapped__
    # a newer regex may know a newer Unicode, whose new characters the table still calls Unknown;
    # every character the table knows keeps its script
    differ = [f"U+{o:04X}" for o in range(sys.maxunicode + 1)
              if (mine := lookup(chr(o))) != pattern_script(chr(o)) and (same_build or mine != "Unknown")]
    assert not differ, differ[:20]

"""Build ``codecscope/data/letter_pairs.json``: which letters stand next to the accented ones, per
language, for the detector's context evidence (``codecscope.detection._pair_tables``).

    pip install wordfreq && python tools/build_letter_pairs.py
    python tools/build_letter_pairs.py --gettext-only     # Albanian alone, into the table as it is

A single accented byte is read as a different letter by each Latin code page (``ń`` in cp1250,
``ñ`` in cp1252, ``ų`` in cp1257, ``ø`` in Danish ...).  Which one the text holds shows in its
neighbours: ``ñ`` stands before a vowel in Spanish, ``ų`` ends Lithuanian words, ``ł`` follows
almost any Polish letter.  For every language the table keeps, from the language's most frequent
words weighted by their frequency, the probability of each letter, of a word boundary, and of
each adjacent pair (word boundaries included) in which one side is a non-ASCII letter.

Source: the ``wordfreq`` package's word lists (code Apache-2.0; data CC-BY-SA 4.0, which the
table inherits: see the ``licence`` field of the file); for Albanian, which wordfreq lacks, the
words of the translated messages of the system's gettext catalogs (``GETTEXT_LANGUAGES``).  Lowercase letters only; Romanian's comma
letters are stored with the cedilla the legacy code pages have (``ș`` → ``ş``).
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "codecscope" / "data" / "letter_pairs.json"
ASCII_OUT = OUT.with_name("ascii_pairs.json")
WORDS = 40_000
MIN_PAIR = 2e-7        # pairs rarer than this are left out (read as unseen)
# charset-normalizer's language names (the detector's profiles) -> wordfreq's codes.  Serbian is
# written in Cyrillic in the code pages: its table is the Serbo-Croatian list in Vuk's alphabet
# (a letter-for-letter transliteration).  Estonian, Thai and Vietnamese (tone marks as combining
# characters in cp1258) have no table.
LANGUAGES = {
    "English": "en", "German": "de", "French": "fr", "Dutch": "nl", "Italian": "it", "Spanish": "es",
    "Portuguese": "pt", "Swedish": "sv", "Norwegian": "nb", "Finnish": "fi", "Danish": "da",
    "Polish": "pl", "Czech": "cs", "Hungarian": "hu", "Slovak": "sk", "Slovene": "sl", "Croatian": "sh",
    "Romanian": "ro", "Turkish": "tr", "Lithuanian": "lt", "Latvian": "lv",
    "Russian": "ru", "Serbian": "sh", "Ukrainian": "uk", "Bulgarian": "bg", "Greek": "el", "Hebrew": "he",
    "Arabic": "ar", "Farsi": "fa", "Icelandic": "is",
}
# Languages wordfreq has no list for, counted in the translated messages of the system's gettext
# catalogs instead (each word once per occurrence)
GETTEXT_LANGUAGES = {"Albanian": "sq"}
# languages written in another alphabet: their ASCII letters are borrowed words, no evidence
# Vietnamese has a list, but its tone marks are combining characters in cp1258, which the letter
# context cannot pair; its ASCII letters it can
ASCII_EXTRA = {"Vietnamese": "vi"}
ASCII_SKIP = {"Russian", "Serbian", "Ukrainian", "Bulgarian", "Greek", "Hebrew", "Arabic", "Farsi"}
GETTEXT_ROOT = "/usr/share/locale"
_LEGACY = str.maketrans({"ș": "ş", "ț": "ţ"})
_VUK = {"lj": "љ", "nj": "њ", "dž": "џ", **dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж"))}


def cyrillic(word: str) -> str | None:
    """A Serbo-Croatian word in Serbian Cyrillic, or None if it has a letter Vuk's alphabet lacks."""
    out, i = [], 0
    while i < len(word):
        two = word[i:i + 2]
        if two in _VUK:
            out.append(_VUK[two])
            i += 2
        elif word[i] in _VUK:
            out.append(_VUK[word[i]])
            i += 1
        else:
            return None
    return "".join(out)


def wordfreq_words(lang: str, code: str) -> Iterator[tuple[str, float]]:
    from wordfreq import top_n_list, word_frequency

    for word in top_n_list(code, WORDS):
        w = unicodedata.normalize("NFC", word).lower().translate(_LEGACY)
        if lang == "Serbian":
            w = cyrillic(w) or ""
        yield w, word_frequency(word, code)


def gettext_words(code: str) -> Iterator[tuple[str, float]]:
    """Every word of the translated messages of the system's gettext catalogs in ``code``, once
    per occurrence.  The iso-codes catalogues (``iso_*.mo``) are left out: they are the text of
    the benchmark's held-out pycountry source."""
    import gettext
    import re

    found: Counter[str] = Counter()
    for mo in sorted(Path(GETTEXT_ROOT, code, "LC_MESSAGES").glob("*.mo")):
        if mo.name.startswith("iso_"):
            continue
        with open(mo, "rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog   # msgid -> msgstr, plural forms keyed by tuples
        for msg in catalog.values():
            if isinstance(msg, str):
                found.update(re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", msg).lower()))
    yield from found.items()


def table(words: Iterable[tuple[str, float]]) -> dict:
    uni: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for w, f in words:
        if not w.isalpha():
            continue
        s = " " + w + " "            # a space stands for either word boundary
        for i, ch in enumerate(s[:-1]):
            uni[ch] += f
            pair = s[i:i + 2]
            if any(c > "\x7f" for c in pair):
                pairs[pair] += f
    total = sum(uni.values())
    return {"letters": {c: round(math.log(n / total), 2) for c, n in sorted(uni.items()) if n / total > 1e-6},
            "pairs": {p: round(math.log(n / total), 2) for p, n in sorted(pairs.items()) if n / total > MIN_PAIR}}


def ascii_table(words: Iterable[tuple[str, float]]) -> dict[str, float]:
    """log P of each pair of ASCII letters (a space for a word boundary) met in ``words``, of all
    adjacent pairs: what the ASCII words around an accented byte say of their language."""
    pairs: Counter[str] = Counter()
    for w, f in words:
        if not w.isalpha():
            continue
        s = " " + w + " "
        for i in range(len(s) - 1):
            pairs[s[i:i + 2]] += f
    total = sum(pairs.values())
    return {p: round(math.log(n / total), 2) for p, n in sorted(pairs.items())
            if p.isascii() and p != "  " and n / total > 1e-6}


def main() -> int:
    from importlib.metadata import version

    if sys.argv[1:2] == ["--ascii"]:
        # the ASCII letter pairs of the Latin-script languages, a table of their own
        latin = {**{lang: code for lang, code in LANGUAGES.items() if lang not in ASCII_SKIP}, **ASCII_EXTRA}
        out = {"source": f"wordfreq {version('wordfreq')}: top {WORDS} words per language, weighted by frequency",
               "licence": "CC-BY-SA 4.0 (derived from the wordfreq data; https://creativecommons.org/licenses/by-sa/4.0/)",
               "languages": {lang: ascii_table(wordfreq_words(lang, code)) for lang, code in latin.items()}}
        ASCII_OUT.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        print(f"{ASCII_OUT}: {ASCII_OUT.stat().st_size} bytes")
        return 0
    if sys.argv[1:2] == ["--gettext-only"]:
        # the languages wordfreq lacks, into the table as it is (no wordfreq needed)
        out = json.loads(OUT.read_text(encoding="utf-8"))
    else:
        out = {"source": f"wordfreq {version('wordfreq')}: top {WORDS} words per language, weighted by frequency",
               "licence": "CC-BY-SA 4.0 (derived from the wordfreq data; https://creativecommons.org/licenses/by-sa/4.0/)",
               "languages": {lang: table(wordfreq_words(lang, code)) for lang, code in LANGUAGES.items()}}
    for lang, code in GETTEXT_LANGUAGES.items():
        out["languages"][lang] = table(gettext_words(code))
    out["source_gettext"] = (f"{', '.join(GETTEXT_LANGUAGES)}: every word of the system's gettext catalogs' "
                             "translated messages (iso-codes catalogues left out)")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size} bytes, "
          f"{sum(len(t['pairs']) for t in out['languages'].values())} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build ``codecscope/data/cyrillic_words.json``: what real Cyrillic words look like, for repairing
one Cyrillic code page read as another (``codecscope.repairing.evidence``).

    pip install wordfreq && python tools/build_cyrillic_words.py

Windows-1251 and KOI8-R put the two cases of the alphabet at each other's bytes, so a lower-case
word read through the other code page is a word in capitals (``янв`` becomes ``ЪМБ``), and only
whether the letters spell a word tells the two apart.  The file holds three tables, lower case:

* ``pairs``: how often each pair of letters stands next to each other in a word ('^' and '$' mark
  its ends), in parts per million of all pairs, over the ``WORDS`` most frequent words of each
  language, each word counted once (a word list, not running text: the pairs of the rarer words
  count as much as those of ``и`` and ``на``).  Pairs rarer than ``MIN_PPM`` are left out.
* ``triples``: in how many of the same words each run of three letters stands ('^^' before the
  first letter), those in fewer than ``MIN_TRIPLE`` left out; one string, each triple followed by
  its count.
* ``words``: the short words (``SHORT`` letters or fewer, abbreviations such as ``дтп`` and
  ``сша`` included, since the lists are lower case) used at least ``MIN_ZIPF`` on the Zipf scale
  (log10 of uses per billion words) in any of the languages, and the longer ones used at least
  ``LONG_ZIPF``, by their highest Zipf value rounded to a tenth, grouped by that value.  The
  letter pairs of so short a word say little; whether it is a word at all says much.  A longer
  word's letters say more, yet a swapped alphabet can spell letters in orders words use
  ('вербепц' for 'четверг'), and whether the reading is a word the languages use settles it.

Languages: Russian, Ukrainian, Bulgarian, Macedonian, and Serbian (wordfreq's Serbo-Croatian list,
which is in Latin letters, written in Vuk's alphabet letter for letter).  wordfreq has no
Belarusian list.

Source: the ``wordfreq`` package's word lists (code Apache-2.0; data CC-BY-SA 4.0, which the
tables inherit: see the ``licence`` field of the file).  The benchmark's held-out sources (CLDR,
iso-codes) and its tuning source (Faker) are not used.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from build_letter_pairs import cyrillic   # Serbo-Croatian in Vuk's alphabet (tools/, beside this file)

OUT = Path(__file__).resolve().parent.parent / "codecscope" / "data" / "cyrillic_words.json"
LANGUAGES = ("ru", "uk", "bg", "mk", "sh")
WORDS = 30_000      # words per language for the letter pairs and triples
MIN_TRIPLE = 2      # letter triples seen in fewer words than this are left out
MIN_PPM = 1         # pairs rarer than this many parts per million are left out
SHORT = 4           # words of at most this many letters go into the word table ...
MIN_ZIPF = 3.0      # ... when used at least this often (once per million words)
LONG_ZIPF = 3.5     # longer words go in when used at least this often (the table stays near 1.5 MB)
_LETTERS = re.compile("[\u0400-\u045f\u0490\u0491]+")


def words(code: str):
    """(Cyrillic word, Zipf frequency) of one language, most frequent first."""
    from wordfreq import iter_wordlist, zipf_frequency

    for word in iter_wordlist(code):
        w = unicodedata.normalize("NFC", word).lower()
        if code == "sh":
            w = cyrillic(w) or ""
        if _LETTERS.fullmatch(w):
            yield w, zipf_frequency(word, code)


def main() -> int:
    from importlib.metadata import version

    pairs: Counter[str] = Counter()
    triples: Counter[str] = Counter()
    known: dict[str, float] = {}
    for code in LANGUAGES:
        n = 0
        for w, zipf in words(code):
            if n < WORDS:
                n += 1
                s = "^" + w + "$"
                pairs.update(s[k:k + 2] for k in range(len(s) - 1))
                s = "^" + s
                triples.update(s[k:k + 3] for k in range(len(s) - 2))
            if zipf >= (MIN_ZIPF if len(w) <= SHORT else LONG_ZIPF):
                known[w] = max(known.get(w, 0.0), zipf)
            elif n >= WORDS and zipf < min(MIN_ZIPF, LONG_ZIPF):
                break
    total = sum(pairs.values())
    ppm = {p: round(c * 1e6 / total) for p, c in pairs.most_common() if c * 1e6 / total >= MIN_PPM}
    kept = [t for t, c in triples.most_common() if c >= MIN_TRIPLE]
    by_zipf: defaultdict[str, list[str]] = defaultdict(list)
    for w, z in sorted(known.items()):
        by_zipf[f"{z:.1f}"].append(w)
    out = {"source": f"wordfreq {version('wordfreq')}: {', '.join(LANGUAGES)} (sh in Serbian Cyrillic); pairs from "
                     f"the top {WORDS} words of each, each counted once; words of at most {SHORT} letters used "
                     f"at least {MIN_ZIPF} on the Zipf scale, longer ones at least {LONG_ZIPF}",
           "licence": "CC-BY-SA 4.0 (derived from the wordfreq data; https://creativecommons.org/licenses/by-sa/4.0/)",
           "pairs": ppm,
           "short": SHORT,
           "triples": " ".join(f"{t}{triples[t]}" for t in kept),
           "words": {z: " ".join(ws) for z, ws in sorted(by_zipf.items(), reverse=True)}}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {OUT.stat().st_size} bytes, {len(ppm)} pairs, {len(kept)} triples, {len(known)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What real Cyrillic words look like, from ``codecscope/data/cyrillic_words.json`` (built by
``tools/build_cyrillic_words.py`` from wordfreq's Russian, Ukrainian, Bulgarian, Macedonian and
Serbian word lists; CC-BY-SA 4.0, see the file's ``licence``).

``PPM``: letter pair (lower case; '^' and '$' mark the ends of a word) -> parts per million of all
pairs.  ``TRIPLES``: three letters ('^^' before a word's first letter) -> in how many of the words
they stand.  ``ZIPF``: word (lower case; the short ones and the more used longer ones) -> how
often it is used, on the Zipf scale (log10 of uses per billion words).  Loaded on first use: only
the readings of one Cyrillic code page as another ask (:func:`.evidence.reading_gain`).
(``.letter_pairs`` is the older pair table from the tuning source that the other Cyrillic checks
still use.)
"""

from __future__ import annotations

from ..fsutil import package_table

_RAW = package_table("cyrillic_words.json")
PPM: dict[str, int] = _RAW["pairs"]
ZIPF: dict[str, float] = {w: float(z) for z, ws in _RAW["words"].items() for w in ws.split()}
SHORT: int = _RAW["short"]   # words of this many letters or fewer are "short" (see evidence._word_cost)
TRIPLES: dict[str, int] = {item[:3]: int(item[3:]) for item in _RAW["triples"].split()}

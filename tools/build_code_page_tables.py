"""Build ``codecscope/data/code_pages.bin``: the detector's model tables, precomputed — for every
single-byte code page it scores (``codecscope.detection.PROFILES``) its byte tables, word and
orthography tags, letter context and pair penalties, and for every CJK profile the log P of each
character one or two bytes of its codecs make — so that a fresh process (every ``codecscope
detect``) reads them in one call instead of building them from the model.

    python tools/build_code_page_tables.py            # write the file
    python tools/build_code_page_tables.py --check    # exit 1 when the file differs from a new build

Run it after any change to the model's numbers (letter, pair or CJK character probabilities and
their constants, the letter-context table, the pair penalties, word and orthography tags);
tests/test_code_page_tables.py fails until the shipped file matches.  Derived from
``codecscope/data/letter_pairs.json`` and ``codecscope/data/cjk_frequency.json`` (wordfreq's word
lists, CC-BY-SA 4.0) and ``codecscope/data/letter_frequencies.json`` (charset-normalizer, MIT).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "codecscope" / "data" / "code_pages.bin"
sys.path.insert(0, str(ROOT))   # the model of this tree, whatever is installed


def build() -> bytes:
    from codecscope import detection

    return detection._write_tables(sorted(detection.PROFILES))


def main(argv: list[str]) -> int:
    data = build()
    if "--check" in argv:
        same = OUT.is_file() and OUT.read_bytes() == data
        print(f"{OUT.relative_to(OUT.parents[2])}: {'up to date' if same else 'differs from a new build'}")
        return 0 if same else 1
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(OUT.parents[2])} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

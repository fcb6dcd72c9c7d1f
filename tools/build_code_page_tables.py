"""Build ``codecscope/data/code_pages.bin``: the single-byte model's tables for every code page
the detector scores (``codecscope.detection.PROFILES``), precomputed, so that a fresh process
(every ``codecscope detect``) reads them in one call instead of building them from the model.

    python tools/build_code_page_tables.py            # write the file
    python tools/build_code_page_tables.py --check    # exit 1 when the file differs from a new build

Run it after any change to the single-byte model (letter or pair probabilities, the letter-context
table, the pair penalties, word and orthography tags); tests/test_code_page_tables.py fails until
the shipped file matches.  Derived from ``codecscope/data/letter_pairs.json`` (wordfreq's word
lists, CC-BY-SA 4.0) and ``codecscope/data/letter_frequencies.json`` (charset-normalizer, MIT).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "codecscope" / "data" / "code_pages.bin"


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

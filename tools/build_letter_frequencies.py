"""Build ``codecscope/data/letter_frequencies.json``: the letters (and CJK characters) of each
language by frequency rank, as charset-normalizer orders them, for the detector's character model
(``codecscope.detection._lang``, ``_cjk_top``, ``_kana``).

    python tools/build_letter_frequencies.py

A copy in the package, rather than ``charset_normalizer.constant`` at run time: importing that
module imports the whole charset-normalizer package (its detector, logging), which cost every
``codecscope detect`` command more than the table itself; and the detector's answers no longer
move with charset-normalizer's releases.  Source: ``charset_normalizer.constant.FREQUENCIES``
(charset-normalizer, MIT licence, by TAHRI Ahmed R.; the version is recorded in the file).
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "codecscope" / "data" / "letter_frequencies.json"


def build() -> dict:
    from charset_normalizer.constant import FREQUENCIES

    return {"source": f"charset-normalizer {metadata.version('charset-normalizer')}, charset_normalizer.constant.FREQUENCIES",
            "licence": "MIT (charset-normalizer, Copyright (c) 2025 TAHRI Ahmed R.)",
            "languages": {lang: "".join(chars) for lang, chars in FREQUENCIES.items()}}


def main() -> int:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(OUT.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

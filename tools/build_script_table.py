"""Build ``codecscope/data/scripts.json``: the Unicode Script property of every code point, as
runs, for ``codecscope.scripts.char_script``.

    python tools/build_script_table.py

Source: the installed ``regex`` module's Unicode tables, read through the pattern of every script
name (``codecscope.scripts.pattern_script``; its version is recorded in the file).  A table in the
package, rather than the pattern at run time: importing regex and building the pattern (on a regex
that lacks a name, probing each name) cost every ``codecscope detect`` command more than most of
its work, and the readings of legacy bytes as UTF-8 make characters of rare scripts, which only
the whole pattern names.  tests/test_scripts.py holds the table to the installed regex.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "codecscope" / "data" / "scripts.json"


def build() -> dict:
    sys.path.insert(0, str(ROOT))
    from codecscope.scripts import pattern_script

    names: dict[str, int] = {}
    runs: list[int] = []
    last = None
    for o in range(sys.maxunicode + 1):
        script = pattern_script(chr(o))
        if script != last:
            runs += [o, names.setdefault(script, len(names))]
            last = script
    return {"source": f"regex {metadata.version('regex')}, the Unicode Script property (scx not used)",
            "names": list(names), "runs": runs}


def main() -> int:
    OUT.write_text(json.dumps(build(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Clean text repair was never tuned on, for the rule that clean text is never changed.

Three sets, none of them read while tuning:

* CLDR data (through Babel) of every locale whose language the held-out benchmark does not use:
  names of territories, languages, scripts and currencies (every seventh), currency symbols,
  months and days, and a formatted date, amount and two units per locale;
* every symbol, number sign and punctuation mark of U+00A0-U+2FFF outside box drawing and blocks
  (Unicode categories Sm, Sc, So, No, Pd, Pi, Pf, Po), each in three short templates;
* box drawing and blocks: tool output (trees, tables, frames, bars), every pair of the DOS
  pseudo-graphics block (cp437/cp866 0xB0-0xDF) and 3,000 random runs of two to eight of them
  (seed 1) - text of box drawing alone may be read as a short Cyrillic word, never with a
  confidence of 0.9 or more.

    python bench/repair_extra_clean.py [--show N]
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import babel  # noqa: E402
import babel.localedata  # noqa: E402
from babel import Locale, dates, numbers, units  # noqa: E402

import codecscope  # noqa: E402
from bench import repair_corpus  # noqa: E402

TOOLS = [
    "├── README.md\n├── src\n│   ├── __init__.py\n│   └── cli.py\n└── tests",
    "┏━━━━━━┳━━━━━━━┓\n┃ Name ┃ Value ┃\n┡━━━━━━╇━━━━━━━┩\n│ a    │ 1     │\n└──────┴───────┘",
    "╭─────────────╮\n│ Hello, 世界 │\n╰─────────────╯", "+----+-------+\n| id | név   |\n+----+-------+",
    "[████████░░░░░░░░] 50%  12.3 MB/s", "CPU[|||||||||||    45.2%]", "▁▂▃▅▇ sparkline",
    "═══ Résumé ═══", "║ Größe: 5 m² ║", "╔═══════╗\n║ Меню  ║\n╚═══════╝", "│ 東京 │ 大阪 │",
    "▶ play ■ stop ● rec", "⠋ Loading… ⠙ ⠹ ⠸", "░▒▓ Ελληνικά ▓▒░", "─── ✂ ───", "└─$ ls -la",
    "┌──(user㉿host)-[~]", "»» Weiter ««", "❯ npm test", "┌────┬────┐", "│ id │ nm │", "├────┼────┤",
    "└────┴────┘", "╒═══╤═══╕", "╞═══╪═══╡", "╘═══╧═══╛", "│ ╟─╢", "▒▒▓▓██", "░▒▓█▓▒░", "╭─╮ ╰─╯",
    "▁▂▃▄▅▆▇█", "║▌║█║▌│█│║▌║", "╟═─╚", "┌┐█╗╫░",
]


def cldr_other() -> list[str]:
    used = {v[0].split("_")[0] for v in repair_corpus.LANGS.values()}
    out: set[str] = set()
    when = datetime.datetime(2024, 3, 5, 14, 7)
    for lid in babel.localedata.locale_identifiers():
        if lid.split("_")[0] in used:
            continue
        try:
            loc = Locale.parse(lid)
        except (ValueError, babel.UnknownLocaleError):
            continue
        for table in (loc.territories, loc.languages, loc.scripts, loc.currencies, loc.currency_symbols):
            out.update(list(table.values())[::7])
        for width in ("wide", "abbreviated"):
            out.update(loc.months["format"][width].values())
            out.update(loc.days["format"][width].values())
        try:
            out.add(dates.format_datetime(when, locale=loc))
            out.add(numbers.format_currency(1234.5, "EUR", locale=loc))
            out.add(units.format_unit(12.5, "speed-kilometer-per-hour", locale=loc))
            out.add(units.format_unit(3, "temperature-celsius", locale=loc))
        except (KeyError, ValueError, babel.UnknownLocaleError):
            pass
    return sorted(out)


def symbols() -> list[str]:
    out = []
    for cp in range(0xA0, 0x3000):
        ch = chr(cp)
        if unicodedata.category(ch) in ("Sm", "Sc", "So", "No", "Pd", "Pi", "Pf", "Po") and not 0x2500 <= cp <= 0x25A0:
            out += [f"value 5{ch} ok", f"Le prix {ch}12 est élevé", ch * 3]
    return out


def drawing() -> list[str]:
    block = bytes(range(0xB0, 0xE0)).decode("cp437")
    rng = random.Random(1)
    runs = ["".join(rng.choice(block) for _ in range(rng.randint(2, 8))) for _ in range(3000)]
    return TOOLS + [a + b for a in block for b in block] + runs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=5, help="changed texts listed per set")
    args = ap.parse_args()
    print(f"Babel {babel.__version__}")
    for name, texts in (("CLDR, other locales", cldr_other()), ("symbols", symbols()), ("box drawing", drawing())):
        changed = [(t, r) for t in texts for r in [codecscope.repair(t)] if r.text != t]
        sure = [(t, r) for t, r in changed if r.confidence >= 0.9]
        print(f"{name:22} {len(texts):6} texts: changed {len(changed)}, at confidence >= 0.9 {len(sure)}")
        for t, r in (sure or changed)[:args.show]:
            print(f"    {t!r} -> {r.text!r} ({r.confidence})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build ``codecscope/data/cjk_frequency.json``: how common each Han, kana and Hangul character is
in Simplified Chinese, Traditional Chinese, Japanese and Korean, for repair's judgement of one
legacy code page read as another (``codecscope.repairing.frequency``).

    pip install wordfreq && python tools/build_cjk_frequency.py

The code pages cannot say this themselves: GB2312's level 1 is sorted by pinyin, Big5's frequent
block by strokes, KS X 1001's Hangul by spelling, so a garbled name made of characters from those
blocks looks as ordinary to them as a real one.

A character's frequency is the sum of the frequencies of the words that hold it, each occurrence
counted, over the word lists of the ``wordfreq`` package (code Apache-2.0; data CC-BY-SA 4.0, which
the table inherits: see the ``licence`` field of the file), normalised over the characters of the
writing system.  wordfreq's Chinese list is written in Simplified Chinese (it folds Traditional
text into Simplified before counting), so the Traditional table is derived from it: each character
Big5 holds takes the frequency of its Simplified form, shared equally among the Big5 characters
that fold to that form (``後`` and ``后`` both fold to ``后``), with wordfreq's own folding table.
Characters Big5 lacks (``们``) have no Traditional frequency at all.

The file keeps, per writing system, the ``TOP`` most frequent characters, grouped by their
frequency rounded to a tenth of a decimal order (key: -log10 of the frequency, times ten).
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "codecscope" / "data" / "cjk_frequency.json"
TOP = {"hans": 6000, "hant": 6000, "ja": 4000, "ko": 2400}
LANGS = {"hans": "zh", "ja": "ja", "ko": "ko"}


def writing(ch: str) -> bool:
    """Han (URO, Extension A, compatibility), kana or Hangul syllables."""
    o = ord(ch)
    return (0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0 or 0xF900 <= o < 0xFB00
            or 0x3041 <= o < 0x3100 or 0xAC00 <= o < 0xD7A4)


def counts(code: str) -> Counter[str]:
    from wordfreq import get_frequency_dict

    out: Counter[str] = Counter()
    for word, f in get_frequency_dict(code, "best").items():
        for ch in word:
            if writing(ch):
                out[ch] += f
    return out


def folding() -> dict[str, str]:
    """wordfreq's Traditional -> Simplified character table (read directly: the module that loads
    it also imports a tokenizer the build does not need)."""
    import msgpack
    import wordfreq

    path = Path(wordfreq.__file__).parent / "data" / "_chinese_mapping.msgpack.gz"
    with gzip.open(path) as f:
        raw = msgpack.load(f, raw=False, strict_map_key=False)
    return {chr(k): chr(v) if isinstance(v, int) else v for k, v in raw.items()}


def big5_han() -> set[str]:
    out = set()
    for lead in range(0xA1, 0xFA):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                ch = bytes((lead, trail)).decode("cp950")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and writing(ch) and not 0x3041 <= ord(ch) < 0x3100:
                out.add(ch)
    return out


def traditional(hans: Counter[str]) -> Counter[str]:
    fold = folding()
    big5 = big5_han()
    sharers: defaultdict[str, list[str]] = defaultdict(list)
    for ch in big5:
        sharers[fold.get(ch, ch)].append(ch)
    out: Counter[str] = Counter()
    for simple, chars in sharers.items():
        for ch in chars:
            out[ch] = hans.get(simple, 0.0) / len(chars)
    return +out


def table(c: Counter[str], top: int) -> dict[str, str]:
    total = sum(c.values())
    groups: defaultdict[int, list[str]] = defaultdict(list)
    for ch, n in c.most_common(top):
        groups[round(-10 * math.log10(n / total))].append(ch)
    return {str(k): "".join(sorted(v)) for k, v in sorted(groups.items())}


def main() -> int:
    from importlib.metadata import version

    raw = {name: counts(code) for name, code in LANGS.items()}
    raw["hant"] = traditional(raw["hans"])
    out = {"source": f"wordfreq {version('wordfreq')}: character frequencies summed over the 'best' word lists "
                     "of zh, ja and ko; Traditional Chinese folded from zh through Big5 (see tools/build_cjk_frequency.py)",
           "licence": "CC-BY-SA 4.0 (derived from the wordfreq data; https://creativecommons.org/licenses/by-sa/4.0/)",
           "key": "-10 * log10(frequency) of the characters in each string, rounded",
           "tables": {name: table(raw[name], TOP[name]) for name in ("hans", "hant", "ja", "ko")}}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size} bytes; "
          + ", ".join(f"{k} {sum(map(len, t.values()))} characters" for k, t in out["tables"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

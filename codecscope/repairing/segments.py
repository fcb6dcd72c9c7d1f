"""Mixed text: where the stretches are that repair judges one by one, and how the fixes of one
pass become replayable steps.

A *region* is a maximal stretch of non-ASCII characters (a '?' between or right after them
belongs to it: garbling programs write '?' where they lost a byte).  UTF-8 never puts an ASCII
byte inside a multi-byte character, so ASCII splits any text read with the wrong code page into
independent regions, and each is judged on its own evidence.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Iterator, Sequence

from .result import Fix, Steps, apply_steps

# (a byte order mark glued to the first word is no byte of it: no code page reads a byte as U+FEFF)
_REGION = re.compile(r"[^\x00-\x7f\ufeff]+(?:\?+[^\x00-\x7f\ufeff]+)*\?*")


class Regions:
    """The regions of a text as two compact arrays (a long text can have tens of thousands):
    indexing and iterating give ``(start, end)``."""

    __slots__ = ("starts", "ends")

    def __init__(self, text: str) -> None:
        # (every start and end in one array filled in C, then split: no Python step per region)
        both = array("q", itertools.chain.from_iterable(map(re.Match.span, _REGION.finditer(text))))
        self.starts, self.ends = both[0::2], both[1::2]

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, k: int) -> tuple[int, int]:
        return self.starts[k], self.ends[k]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends)


def regions(text: str) -> Regions:
    return Regions(text)


def assemble(text: str, fixes: Sequence[Fix]) -> tuple[str, Steps]:
    """The text with ``fixes`` applied (they do not overlap) and the steps that replay it: the
    fix's own steps when one fix covers the whole text, else one ``segments`` step."""
    fixes = sorted(fixes, key=lambda f: f.start)
    parts: list[str] = []
    pos = 0
    for f in fixes:
        parts.append(text[pos:f.start])
        parts.append(f.new)
        pos = f.end
    parts.append(text[pos:])
    out = "".join(parts)
    if len(fixes) == 1 and fixes[0].start == 0 and fixes[0].end == len(text):
        return out, fixes[0].steps
    first = fixes[0].steps
    if len({f.steps for f in fixes}) == 1 and not any(s[0] == "replace" for s in first):
        try:
            if apply_steps(text, first) == out:
                return out, first
        except Exception:  # the steps need the stretches apart: fall through to segments
            pass
    return out, (("segments", tuple((f.start, f.end, f.steps) for f in fixes)),)


def lost_spans(out: str) -> tuple[tuple[int, int], ...]:
    """The spans of a repaired text where information is gone for good: its U+FFFD characters."""
    return tuple((m.start(), m.end()) for m in _LOST.finditer(out))


_LOST = re.compile("\ufffd")

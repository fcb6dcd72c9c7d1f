"""Undo mojibake: find the encode/decode chain that garbled a text and run it backwards.

``repair(text)`` tries every practical chain (UTF-8 read as GBK, GBK read as Latin-1, Big5 read
as GBK, cp1251 read as KOI8-R, ...) on every garbled stretch of the text, and keeps a result only
when the plausibility model (:mod:`codecscope.plausibility`) says it is clearly more like real
writing.  Clean text, and the clean parts of mixed text, come back unchanged.

Repairs are data.  ``Repair.steps`` replays with :func:`apply_steps`:

* ``("encode", codec)`` / ``("decode", codec)`` – text to bytes / bytes to text, strict;
* ``("encode", codec, "codecscope.lost")`` – a U+FFFD in the text becomes the marker byte 0xFF
  (never valid in UTF-8, GBK, Big5 or EUC-KR), so the loss stays in place;
* ``("decode", codec, "codecscope.lost")`` – every undecodable sequence becomes one U+FFFD, which
  swallows a marker byte or a '?' directly after it (what the garbling program put where it lost
  bytes); nothing else is invented;
* ``("segments", ((start, end, substeps), ...))`` – apply ``substeps`` to ``text[start:end]`` of
  the current text, for mixed text where only some stretches were garbled;
* ``("remove", "\\ufeff")`` – delete every occurrence of a string (a stray byte order mark).

Codec names may be the Windows/browser variants of :mod:`codecscope.variants` (``cp1252-web``,
``gbk-web``, ...).
"""

from __future__ import annotations

import bisect
import codecs
import re
from itertools import accumulate
from dataclasses import dataclass, field
from functools import lru_cache

from . import plausibility, registry, variants
from .errors import InputError
from .walk import walk

variants.register()

MARK = 0xFF
_LOST = "codecscope.lost"
_LOSSY_ORIGINALS = frozenset({"utf-8", "gbk", "cp950", "big5", "cp949", "euc_kr"})


def _lost_handler(exc):
    if isinstance(exc, UnicodeEncodeError):
        if set(exc.object[exc.start:exc.end]) == {"\ufffd"}:
            return bytes([MARK]) * (exc.end - exc.start), exc.end
        raise exc
    if isinstance(exc, UnicodeDecodeError):
        obj, end = exc.object, exc.end
        if end < len(obj) and (obj[end] == MARK or obj[end] == 0x3F and MARK not in obj[exc.start:end]):
            end += 1
        return "\ufffd", end
    raise exc


codecs.register_error(_LOST, _lost_handler)

# --- the chains -----------------------------------------------------------------------------
# (read as, original): the text was ORIGINAL bytes decoded as READ-AS; undo = encode READ-AS,
# decode ORIGINAL.  Order breaks ties: the more common mistake first.
_WEST = ("cp1252-web", "latin-1")
CHAINS: tuple[tuple[str, str], ...] = (
    *(((r, "utf-8") for r in ("gbk-web", "gb18030", "cp950", "cp932", "cp932-nec", "cp949", *_WEST, "cp1251-web",
                               "cp1250-web", "cp1254-web", "cp1253-web", "mac_roman", "cp437", "cp850",
                               "koi8_r", "cp866", "iso8859_2"))),
    *(((r, "gbk") for r in (*_WEST, "cp950", "cp932-ibm", "cp932"))),
    *(((r, "cp950") for r in ("gbk-web", *_WEST))),
    *(((r, "cp932") for r in ("gbk-web", *_WEST))),
    *(((r, "cp949") for r in _WEST)),
    *(((r, "cp1251") for r in (*_WEST, "koi8_r", "cp866", "iso8859_5", "mac_cyrillic"))),
    *(((r, "koi8_r") for r in ("cp1251-web", *_WEST, "cp866"))),
    *(((r, "cp866") for r in ("cp1251-web", "koi8_r", *_WEST))),
    *(((r, o) for o in ("cp1250", "cp1253", "cp1254") for r in _WEST)),
    *(((r, o) for o in ("utf-16-le", "utf-16-be") for r in ("latin-1",))),
)

_LABELS = {
    "utf-8": "UTF-8", "gbk": "GBK", "gbk-web": "GBK", "gb18030": "GB18030", "cp950": "Big5", "big5": "Big5",
    "cp932": "Shift_JIS (cp932)", "cp932-ibm": "Shift_JIS (cp932)", "cp932-nec": "Shift_JIS (cp932)", "cp949": "EUC-KR (cp949)", "latin-1": "Latin-1",
    "cp1252-web": "Windows-1252", "cp1251-web": "Windows-1251", "cp1251": "Windows-1251",
    "cp1250-web": "Windows-1250", "cp1250": "Windows-1250", "cp1253-web": "Windows-1253",
    "cp1253": "Windows-1253", "cp1254-web": "Windows-1254", "cp1254": "Windows-1254",
    "mac_roman": "MacRoman", "cp437": "cp437", "cp850": "cp850", "koi8_r": "KOI8-R", "cp866": "cp866",
    "iso8859_2": "ISO-8859-2", "iso8859_5": "ISO-8859-5", "mac_cyrillic": "MacCyrillic",
    "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE",
}
_NICKNAMES = {
    ("gbk-web", "utf-8"): "古文码", ("gb18030", "utf-8"): "古文码", ("cp1252-web", "utf-8"): "符号码",
    ("latin-1", "utf-8"): "符号码", ("cp1252-web", "gbk"): "拼音码", ("latin-1", "gbk"): "拼音码",
    ("cp932", "utf-8"): "文字化け", ("gbk-web", "cp950"): "繁简乱码", ("cp950", "gbk"): "繁简乱码",
}
_CYRILLIC = {"cp1251", "cp1251-web", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic"}


def _label(name: str) -> str:
    return _LABELS.get(name) or registry.get(name).label


def describe_chain(read_as: str, original: str) -> str:
    """'UTF-8 text read as GBK (古文码)'."""
    nick = _NICKNAMES.get((read_as, original))
    if nick is None and (read_as in _CYRILLIC or original in _CYRILLIC):
        nick = "кракозябры"
    if original.startswith("utf-16"):
        return f"{_label(original)} text read as an 8-bit code page ({_label(read_as)})"
    return f"{_label(original)} text read as {_label(read_as)}" + (f" ({nick})" if nick else "")


# --- replay ---------------------------------------------------------------------------------


def _check_step(step) -> None:
    if not isinstance(step, (tuple, list)) or not step or step[0] not in ("encode", "decode", "segments", "remove"):
        raise InputError(f"not a repair step: {step!r}")


def apply_steps(text: str, steps) -> str:
    """Replay repair steps (see the module docstring) on ``text``.

    Raises :class:`InputError` when a step is malformed or does not apply to this text.
    """
    value: str | bytes = text
    for step in steps:
        _check_step(step)
        op = step[0]
        try:
            if op == "encode":
                if not isinstance(value, str):
                    raise InputError("an 'encode' step needs text, the previous step produced bytes")
                value = value.encode(step[1], *step[2:3])
            elif op == "decode":
                if not isinstance(value, (bytes, bytearray)):
                    raise InputError("a 'decode' step needs bytes, the previous step produced text")
                value = bytes(value).decode(step[1], *step[2:3])
            elif op == "remove":
                value = str(value).replace(step[1], "")
            else:
                s = str(value)
                for start, end, sub in sorted(step[1], key=lambda x: x[0], reverse=True):
                    s = s[:start] + apply_steps(s[start:end], sub) + s[end:]
                value = s
        except (UnicodeError, LookupError) as e:
            raise InputError(f"step {tuple(step)!r} does not apply: {e}") from None
    if not isinstance(value, str):
        raise InputError("the steps end with bytes; the last step must produce text")
    return value


# --- result ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """One repaired stretch: ``text[start:end]`` of the input became ``new``."""

    start: int
    end: int
    old: str
    new: str
    steps: tuple
    gain: float
    lost: int = 0
    cut_end: bool = False
    alternatives: tuple = ()   # ((text, steps), ...): other readings nearly as plausible

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "old": self.old, "new": self.new,
                "steps": _jsonable(self.steps), "gain": round(self.gain, 3), "lost": self.lost,
                "alternatives": [{"text": t, "steps": _jsonable(s)} for t, s in self.alternatives]}


@dataclass(frozen=True)
class Repair:
    """What :func:`repair` found: the repaired text and how to get there again."""

    original: str
    text: str
    steps: tuple = ()
    confidence: float = 0.0
    lost: tuple[tuple[int, int], ...] = ()
    fixes: tuple[Fix, ...] = field(default=(), repr=False)
    explanation: str = "no mojibake found; the text is unchanged"

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_dict(self) -> dict:
        return {
            "text": self.text, "changed": self.changed, "steps": _jsonable(self.steps),
            "confidence": round(self.confidence, 3), "lost": [list(s) for s in self.lost],
            "explanation": self.explanation, "fixes": [f.to_dict() for f in self.fixes],
        }

    def __str__(self) -> str:
        if not self.changed:
            return self.explanation
        lines = [self.explanation, f"repaired: {self.text}", f"confidence: {self.confidence:.2f}",
                 f"steps: {_jsonable(self.steps)}"]
        if self.lost:
            lines.append("lost (output spans): " + ", ".join(f"{a}-{b}" for a, b in self.lost))
        return "\n".join(lines)

    def __rich_console__(self, console, options):
        from rich.table import Table
        from rich.text import Text

        if not self.changed:
            yield Text(self.explanation, style="green")
            return
        yield Text(self.explanation, style="bold")
        t = Table(show_header=False, box=None, pad_edge=False)
        t.add_row("before", Text(self.original, style="red"))
        out = Text(self.text, style="green")
        for a, b in self.lost:
            out.stylize("reverse yellow", a, b)
        t.add_row("after", out)
        t.add_row("confidence", f"{self.confidence:.2f}")
        t.add_row("steps", str(_jsonable(self.steps)))
        yield t


def _jsonable(steps) -> list:
    out = []
    for s in steps:
        if s[0] == "segments":
            out.append(["segments", [[a, b, _jsonable(sub)] for a, b, sub in s[1]]])
        else:
            out.append(list(s))
    return out


# --- the search -----------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _cost(text: str) -> float:
    # the same stretches are judged under many chains; the model is pure, so remember it
    return plausibility.cost(text)


def _mean_delta(text: str, i: int, j: int, new: str) -> tuple[float, float, float]:
    """Mean cost of text[i:j] and of ``new`` in its place (one character of context each side)."""
    # Judge only what differs: the shared head and tail (ASCII that every chain keeps) dilutes.
    old = text[i:j]
    k = 0
    m = min(len(old), len(new))
    while k < m and old[k] == new[k]:
        k += 1
    e = 0
    while e < m - k and old[-1 - e] == new[-1 - e]:
        e += 1
    i, j, new = i + k, j - e, new[k:len(new) - e]
    a = text[i - 1] if i > 0 else ""
    b = text[j] if j < len(text) else ""
    # Judge what was recovered: markers of loss are there before and after, and a byte order mark
    # that comes out of the repair is removed afterwards.
    old = text[i:j].replace("\ufffd", "")
    new = new.replace("\ufffd", "").replace("\ufeff", "")
    base = _cost(a) + _cost(b)
    old_c = _cost(a + old + b) - base
    new_c = _cost(a + new + b) - base
    # a repair that comes out longer than the garbled text is judged per garbled character
    return old_c / max(1, len(old)), new_c / max(1, min(len(new), len(old))), old_c - new_c


# Chains people rarely meet must show more evidence than the everyday ones.
_RARE_READS = {"cp1250-web", "cp1253-web", "cp1254-web", "cp850", "iso8859_2",
               "iso8859_5", "mac_cyrillic", "cp866", "gb18030"}
_RARE_ORIGINALS = {"cp1250", "cp1253", "cp1254", "cp866"}
DEPTH_COST = 0.4


@lru_cache(maxsize=4096)
def _prior(steps) -> float:
    """Extra per-character evidence a chain needs: rarer codecs and longer chains need more."""
    p = 0.0
    for k in range(0, len(steps) - 1, 2):
        r, o = steps[k][1], steps[k + 1][1]
        # UTF-8 is what nearly everything is written in today: other originals need a little more
        p += 0.3 * (r in _RARE_READS) + 0.3 * (o in _RARE_ORIGINALS) + 0.1 * (o in ("gbk", "cp950", "cp932", "cp949"))
    return p + DEPTH_COST * (len(steps) // 2 - 1)


MARGIN = 0.4        # the repaired stretch must be this much more plausible per character …
SHORT_BONUS = 1.0   # … plus this divided by its length: short stretches need stronger evidence


def o_of(steps) -> str:
    return steps[-1][1]


def _misfit(original: str, new: str) -> float:
    """Per-character cost of output the original codec's users rarely write."""
    if original == "gbk":
        # Korean read as Latin-1 re-decodes as GBK into rows 0xB0-0xC8 only: the byte range of
        # KS X 1001's Hangul; real Chinese uses those rows for less than half its characters
        han = [ch for ch in new if "\u4e00" <= ch <= "\u9fff"]
        if len(han) >= 5 and all(0xB0 <= ch.encode("gbk")[0] <= 0xC8 for ch in han):
            return 0.5
    if original == "cp949":
        # Korean text is Hangul; KS X 1001's hanja decode out of random bytes far more often
        han = sum(1 for ch in new if "\u4e00" <= ch <= "\u9fff")
        return 2.5 * han / max(1, len(new))
    return 0.0


def _rank(text: str, i: int, j: int, new: str, steps) -> float:
    """How much better the text gets, comparable between candidates for overlapping stretches:
    mean cost over the whole stretch (not just the differing core) times its length."""
    a = text[i - 1] if i > 0 else ""
    b = text[j] if j < len(text) else ""
    old = text[i:j].replace("\ufffd", "")
    nw = new.replace("\ufffd", "").replace("\ufeff", "")
    base = _cost(a) + _cost(b)
    old_m = (_cost(a + old + b) - base) / max(1, len(old))
    new_m = (_cost(a + nw + b) - base) / max(1, len(nw)) + _prior(steps) + _misfit(o_of(steps), nw)
    rank = (old_m - new_m) * (j - i) + 0.3 * (j - i) + _prior(steps) * (j - i) - _prior(steps) * _core_len(old, nw)
    # a stretch that ends inside a run of other non-ASCII letters is a less likely explanation
    for k in (i - 1, j):
        if 0 <= k < len(text) and not text[k].isascii() and text[k].isalpha():
            rank -= 1.0
    return rank - 0.01 * len(steps)


_CJK_CODECS = frozenset({"gbk", "gbk-web", "gb18030", "cp950", "big5", "cp932", "cp932-ibm", "cp932-nec",
                         "cp949", "euc_kr"})


def _credible(text: str, i: int, j: int, new: str, steps, hot: list) -> bool:
    """Can a stretch of a longer text be mojibake at all?  The characters it changes must include
    one that looks out of place, and a stretch cut out of a run of CJK letters by a CJK-to-CJK
    chain (Big5 read as GBK, ...) must be a few characters long: a single common character
    swapped for another is what clean text looks like under those chains."""
    k, e = common_ends(text[i:j], new)
    if not _any_in(hot, i + k, max(i + k + 1, j - e)):
        return False
    r, o = steps[0][1], steps[1][1]
    if r in _CJK_CODECS and o in _CJK_CODECS and j - i - k - e < 3:
        for n in (i - 1, j):
            if 0 <= n < len(text) and not text[n].isascii() and text[n].isalpha():
                return False
    return True


def common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix of two strings: what a
    fix left as it was around the part it changed."""
    k, m = 0, min(len(old), len(new))
    while k < m and old[k] == new[k]:
        k += 1
    e = 0
    while e < m - k and old[-1 - e] == new[-1 - e]:
        e += 1
    return k, e


def _core_len(old: str, new: str) -> int:
    k, e = common_ends(old, new)
    return max(1, len(new) - k - e)


def _accept_parts(text: str, parts, steps) -> tuple[bool, float]:
    """A stretch of words under one chain: the changed characters together must clear the
    margin, and no single word may get clearly worse (a clean word among garbled ones)."""
    old_t = new_t = 0.0
    n_old = n_new = 0
    p = _prior(steps)
    for i, j, new in parts:
        old_m, new_m, _ = _mean_delta(text, i, j, new)
        new_m += p
        if new_m > old_m + 0.6:
            return False, 0.0
        k = _core_len(text[i:j], new)
        ko = max(1, k + (j - i) - len(new))
        old_t += old_m * ko
        new_t += new_m * k
        n_old += ko
        n_new += k
    delta = old_t / max(1, n_old) - new_t / max(1, n_new)
    return _accept(old_t / max(1, n_old), new_t / max(1, n_new), n_new), delta


def _no_worse(text: str, part, steps) -> bool:
    i, j, new = part
    old_m, new_m, _ = _mean_delta(text, i, j, new)
    return new_m + _prior(steps) <= old_m + 0.6


def _accept(old_m: float, new_m: float, n_new: int) -> bool:
    return old_m - new_m >= MARGIN + SHORT_BONUS / max(1, n_new)


def _still_garbled(word: str) -> bool:
    core = "".join(ch for ch in word if not ch.isascii())
    return bool(core) and _cost(word) / len(core) > 1.2


_DEEP_READS = {"cp1252-web", "latin-1", "gbk-web"}


def _deeper(word: str, depth: int, chains) -> list[tuple[str, tuple]]:
    """Strict whole-string chains on an already re-decoded stretch (double UTF-8 and the like)."""
    out: list = []
    if depth <= 0 or word.isascii():
        return out
    seen = {word}
    for r, o in chains:
        if o not in ("utf-8", "gbk") or r not in _DEEP_READS:
            continue
        try:
            new = word.encode(r).decode(o)
        except UnicodeError:
            continue
        if new in seen:
            continue
        seen.add(new)
        steps = (("encode", r), ("decode", o))
        out.append((new, steps))
        if _still_garbled(new):
            out.extend((t, steps + s) for t, s in _deeper(new, depth - 1, chains))
    return out


# Words are split at whitespace and at ASCII punctuation below 0x40: those bytes never sit inside
# a multibyte character of any codec here (trail bytes start at 0x40), so words line up.
_SEPARATORS = " \t\r\n!\"#$%&'()*+,-./:;<=>?"
_WS = re.compile(r"([ \t\r\n!-/:-?]+)")
_GOOD = re.compile(r"[^\x00-\x7f\ufffd]")
_GOOD2 = re.compile(r"[^\x00-\x7f\ufffd]{2}|[^\x00-\x7f\ufffd][\x21-\x7e]|[\x21-\x7e][^\x00-\x7f\ufffd]")


def _spans_for_chain(text: str, r: str, o: str, chains, max_depth: int, hot=None):
    """Candidate fixes of ``text`` under one chain: (start, end, new, steps, lost, cut_end, parts)."""
    lossy = o in _LOSSY_ORIGINALS and r != "gb18030"
    utf16 = o.startswith("utf-16")
    if utf16 and "\x00" not in text:
        return []
    whole = None
    alpha = _alphabet(r)
    if alpha is None or _chars(text).issubset(alpha):   # (the alphabets are exact)
        try:
            whole = text.encode(r).decode(o)
        except UnicodeError:
            pass
    if whole is not None:
        # Fast path: the whole text re-decodes.  Whitespace bytes are never part of a multibyte
        # character in these codecs, so words line up one to one.
        if whole == text:
            return []
        if not utf16:
            a, b = _WS.split(text), _WS.split(whole)
            if len(a) == len(b):
                return _token_candidates(text, a, b, r, o, chains, max_depth)
        return [(0, len(text), whole, (("encode", r), ("decode", o)), 0, False, ())]
    if registry.get(o).multibyte and not utf16:
        # Cheap test before the careful walk: does anything non-ASCII survive the re-decode?
        probe = _probe(text, r, o)
        if not _GOOD2.search(probe) and not (lossy and ("\ufffd" in text or "?" in text) and _GOOD.search(probe)):
            return []
    lens = text.translate(_byte_lengths(r, lossy))
    out = []
    # a piece: a maximal run of characters the READ-AS codec can encode
    for m in _PIECE.finditer(lens):
        start, i = m.span()
        if i - start < 2 or hot is not None and not _any_in(hot, start, i):
            continue
        buf = text[start:i].encode(r, _LOST if lossy else "strict")
        if buf.isascii() and b"\0" not in buf:
            continue
        offsets = accumulate(lens[start:i].encode("latin-1"), initial=0)
        bounds = dict(zip(offsets, range(start, i + 1)))
        out.extend(_align(text, buf, bounds, start, r, o, lossy, chains, max_depth))
    return out


_PIECE = re.compile(r"[^\x00]+")


class _Lengths(dict):
    """code point -> chr(bytes it encodes to in one codec), chr(0) when it cannot be encoded."""

    def __init__(self, codec: str, lossy: bool):
        super().__init__()
        self.codec, self.lossy = codec, lossy

    def __missing__(self, o: int) -> str:
        if len(self) > 65536:
            self.clear()   # bounded memory, whatever the input
        ch = chr(o)
        if ch == "\ufffd":
            v = "\x01" if self.lossy else "\x00"
        else:
            try:
                v = chr(len(ch.encode(self.codec)))
            except UnicodeEncodeError:
                v = "\x00"
        self[o] = v
        return v


@lru_cache(maxsize=None)
def _byte_lengths(codec: str, lossy: bool) -> _Lengths:
    return _Lengths(codec, lossy)


def _any_in(sorted_idx: list, a: int, b: int) -> bool:
    k = bisect.bisect_left(sorted_idx, a)
    return k < len(sorted_idx) and sorted_idx[k] < b


def _non_ascii(text: str, i: int, j: int) -> int:
    return sum(1 for ch in text[i:j] if ord(ch) > 0x7F)


def _changed_words(a: list, b: list) -> list:
    """(start, end, new word) for each word of ``a`` (a text split by _WS) that ``b`` (its
    reading, split the same way) changes."""
    out, pos = [], 0
    for old, new in zip(a, b):
        i, pos = pos, pos + len(old)
        if old != new:
            out.append((i, pos, new))
    return out


def _token_candidates(text, a, b, r, o, chains, max_depth):
    steps = (("encode", r), ("decode", o))
    single = _single_byte(r)
    out = []
    for i, j, new in _changed_words(a, b):
        lone = single and _non_ascii(text, i, j) < 2
        out.append((i, j, new, steps, 0, False, "lone" if lone else ()))
        if max_depth > 1 and _still_garbled(new):
            out.extend((i, j, t, steps + s, 0, False, ()) for t, s in _deeper(new, max_depth - 1, chains))
    return out + _all_stretches(text, out)


def _items(data: bytes, o: str):
    """(byte start, byte end, text or None for an error, error kind) over ``data`` decoded as ``o``."""
    items = []
    lengths = _byte_lengths(o, False)
    for u in walk(data, o):
        if u.kind == "run" or u.kind == "char" or u.kind == "bom":
            offs = list(accumulate(u.text.translate(lengths).encode("latin-1"), initial=u.offset))
            items.extend(zip(offs, offs[1:], u.text))
        else:
            items.append((u.offset, u.end, None))
    return items


def _single_byte(codec: str) -> bool:
    if codec in variants.NAMES:
        return codec.endswith("-web") and codec != "gbk-web"
    return registry.get(codec).family == registry.SINGLE


def _edge(text: str, k: int) -> bool:
    if k < 0 or k >= len(text):
        return True
    ch = text[k]
    return ch.isascii() and not ch.isalnum()


def _align(text, data, bounds, base, r, o, lossy, chains, max_depth):
    utf16 = o.startswith("utf-16")
    single = _single_byte(r)
    strict = (("encode", r), ("decode", o))
    lossy_steps = (("encode", r, _LOST), ("decode", o, _LOST))
    items = _items(data, o)
    n = len(data)
    # a cut last character: only at the end of the text or of a line
    after = bounds[n]
    j_end_ok = after >= len(text) or text[after] in "\r\n"
    # which errors can be bridged (a loss the garbling program already marked, or a cut end)
    words: list[list] = []
    cur: list = []
    k = 0
    while k < len(items):
        b0, b1, ch = items[k]
        if ch is None:
            explained = False
            if lossy:
                raw = data[b0:b1]
                if MARK in raw:
                    explained = True
                elif b1 < n and data[b1] in (MARK, 0x3F):
                    explained = True
                    if k + 1 < len(items):
                        nb0, nb1, nch = items[k + 1]
                        if nch == "?" or nch is None and nb1 == b1 + 1:
                            k += 1
                            b1 = nb1
                elif b1 == n and o == "utf-8" and j_end_ok:
                    explained = True
            if explained:
                cur.append((b0, b1, None))
            else:
                if cur:
                    words.append(cur)
                cur = []
        elif ch in _SEPARATORS and not utf16:
            if cur:
                words.append(cur)
            cur = []
        else:
            cur.append((b0, b1, ch))
        k += 1
    if cur:
        words.append(cur)
    out = []
    for w in words:
        # shrink to boundaries the garbled text and the re-decoded bytes share
        while w and w[0][0] not in bounds:
            w = w[1:]
        while w and w[-1][1] not in bounds:
            w = w[:-1]
        if not w:
            continue
        lost = sum(1 for x in w if x[2] is None)
        good = sum(1 for x in w if x[2] is not None and (utf16 or ord(x[2]) >= 0x80))
        if good == 0 or lost > 1 + good // 4:
            continue
        i, j = bounds[w[0][0]], bounds[w[-1][1]]
        if single and not (_edge(text, i - 1) and _edge(text, j)):
            # text read as a single-byte code page is garbled word by word, never half a word
            continue
        lone = single and _non_ascii(text, i, j) < 2
        steps = lossy_steps if lost else strict
        try:
            new = apply_steps(text[i:j], steps)
        except InputError:
            continue
        if new == text[i:j]:
            continue
        cut = lost > 0 and w[-1][2] is None and w[-1][1] == len(data) and j == len(text)
        out.append((i, j, new, steps, new.count("\ufffd"), cut, "lone" if lone else ()))
        if max_depth > 1 and _still_garbled(new):
            for t, s in _deeper(new, max_depth - 1, chains):
                out.append((i, j, t, steps + s, 0, cut, ()))
    return out + _all_stretches(text, out)


def _all_stretches(text: str, cands: list) -> list:
    by_steps: dict = {}
    for c in cands:
        key = tuple(st[:2] for st in c[3])   # lossy and strict forms of one chain group together
        by_steps.setdefault(key, []).append(c)
    out = []
    for group in by_steps.values():
        if len(group) > 1:
            out.extend(_stretches(text, group))
    return out


def _stretches(text: str, words: list) -> list:
    """Runs of word candidates on one line separated only by spaces, as one candidate each:
    short words carry little evidence alone, a line of them does."""
    out = []
    k = 0
    words = sorted(words, key=lambda c: c[0])
    while k < len(words):
        g = k
        while g + 1 < len(words) and _gap_is_space(text, words[g][1], words[g + 1][0]):
            g += 1
        if g > k and any(c[6] != "lone" for c in words[k:g + 1]):
            group = words[k:g + 1]
            i, j = group[0][0], group[-1][1]
            steps = group[0][3]
            for c in group:
                if len(c[3][0]) > 2:
                    steps = c[3]
            try:
                new = apply_steps(text[i:j], steps)
            except InputError:
                new = None
            if new is not None:
                out.append((i, j, new, steps, new.count("\ufffd") if len(steps[0]) > 2 else 0, group[-1][5],
                            tuple((c[0], c[1], c[2]) for c in group)))
        k = g + 1
    return out


def _gap_is_space(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return a < b and gap.isascii() and "\n" not in gap and "\r" not in gap


def _resolve_chains(encodings) -> tuple:
    if encodings is None:
        return CHAINS
    allowed = set()
    for name in encodings:
        canon = registry.get(name).name
        allowed.add(canon)
        allowed.add(canon + "-web")
        if canon == "gbk":
            allowed.add("gbk-web")
        if canon in ("big5", "big5hkscs"):
            allowed.add("cp950")
        if canon == "euc_kr":
            allowed.add("cp949")
        if canon == "shift_jis":
            allowed.add("cp932")
    return tuple((r, o) for r, o in CHAINS if r in allowed and o in allowed)


def repair(text: str, *, max_depth: int = 3, encodings=None) -> Repair:
    """Find and undo the mojibake in ``text``; clean text and clean parts come back unchanged.

    ``encodings`` limits the search to chains between the named encodings.  Raises
    :class:`InputError` for a non-str ``text`` or a ``max_depth`` below 1.
    """
    if not isinstance(text, str):
        raise InputError(f"repair() needs str, not {type(text).__name__}; decode bytes first or use diagnose()")
    if not isinstance(max_depth, int) or max_depth < 1:
        raise InputError("max_depth must be an integer >= 1")
    chains = _resolve_chains(encodings)
    for memo in _PER_CALL:
        memo.cache_clear()   # within one call only: a benchmark must not time a warm cache
    if text.isascii() and "\x00" not in text:
        return Repair(text, text)
    hot = _Hot(plausibility.hot_iter(text))
    if (not hot and _HAN.search(text) and plausibility.rough(text) > MARGIN / 4
            and _cost(text) > len(text) * MARGIN):
        # every character is plausible on its own but not together (one word in two
        # traditions of Han, so only text with Han): treat them all as suspects.  (The careful
        # model costs such text at most about three times the characters' own costs, so a cheap
        # look rules most out.)
        hot, suspect_as_whole = list(range(len(text))), True
    else:
        suspect_as_whole = False
    if not hot and "\ufeff" not in text or _sparse_rare(text, hot):
        # nothing looks out of place (or only the odd rare character of otherwise ordinary
        # Chinese or Japanese), so no repair could clear the margin
        return Repair(text, text)
    if hot and all(_seam(text, k) for k in hot):
        # nothing is out of place but where Han meets a Latin letter ('路r座'): no stretch of
        # this text, nor the whole of it, is garbled
        return Repair(text, text)
    quick, utf8 = _whole_text_fix(text, chains, max_depth)
    if quick is not None:
        new, steps, gain, alts = quick
        lossy = len(steps[0]) > 2
        fix = Fix(0, len(text), text, new, steps, gain, new.count("\ufffd") if lossy else 0,
                  lossy and new.endswith("\ufffd"), alternatives=alts)
        out = new.replace("\ufeff", "")
        if out != new:
            steps = steps + (("remove", "\ufeff"),)
        return Repair(text, out, steps, _confidence((fix,), [(0, 0, 0, new, 0, 0, 0, gain)]),
                      _lost_spans(out, (fix,)), (fix,),
                      _explain((fix,), steps, out, text))
    if not utf8 and (suspect_as_whole or _one_cjk_word(text)):
        # The careful search looks for garbled words among clean ones; this text is one word of
        # Han and kana, or suspect only as a whole, which the whole-text search has judged
        # under every chain.  Only a strict UTF-8 reading, which it weighs with its loss markers
        # ('锟斤拷' is two U+FFFD), may still be worth the careful look.  (On both benchmark
        # splits the careful search never repaired such a text otherwise; it only took time.)
        return Repair(text, text)
    hot = hot.all() if isinstance(hot, _Hot) else hot
    cands = []
    hot_chars = {text[k] for k in hot}
    for r, o in _likely_chains(text, hot_chars, chains):
        for i, j, new, steps, lost, cut, parts in _spans_for_chain(text, r, o, chains, max_depth, hot):
            if not _any_in(hot, i, j):
                continue
            if parts == "lone":
                continue   # one non-ASCII character is too little evidence for a word on its own
            if parts:
                ok, delta = _accept_parts(text, parts, steps)
                if ok:
                    cands.append((_rank(text, i, j, new, steps), i, j, new, steps, lost, cut, delta))
                continue
            if not _credible(text, i, j, new, steps, hot):
                continue
            old_m, new_m, gain = _mean_delta(text, i, j, new)
            new_m += _prior(steps) + _misfit(o_of(steps), new)
            if _accept(old_m, new_m, _core_len(text[i:j], new)):
                cands.append((_rank(text, i, j, new, steps), i, j, new, steps, lost, cut, old_m - new_m))
    cands.sort(key=lambda c: (-c[0], c[1]))
    taken: list = []
    starts: list = []   # sorted starts of the taken stretches, for the overlap test
    by_span: dict = {}
    for c in cands:
        by_span.setdefault((c[1], c[2]), []).append(c)
        k = bisect.bisect_right(starts, c[1])
        if k > 0 and taken[k - 1][2] > c[1] or k < len(starts) and starts[k] < c[2]:
            continue
        starts.insert(k, c[1])
        taken.insert(k, c)
    fixes = tuple(Fix(i, j, text[i:j], new, steps, g, new.count("\ufffd"), cut,
                      _rivals(by_span[(i, j)], i, j, new, g))
                  for g, i, j, new, steps, lost, cut, _ in taken)
    out, steps = text, ()
    if fixes:
        parts, pos = [], 0
        for f in fixes:
            parts.append(text[pos:f.start])
            parts.append(f.new)
            pos = f.end
        parts.append(text[pos:])
        out = "".join(parts)
        steps = _summarise_steps(text, out, fixes)
    if "\ufeff" in out and (fixes or out.startswith("\ufeff")):
        out = out.replace("\ufeff", "")
        steps = steps + (("remove", "\ufeff"),)
    if out == text:
        return Repair(text, text)
    lost = _lost_spans(out, fixes)
    conf = _confidence(fixes, taken)
    return Repair(text, out, steps, conf, lost, fixes, _explain(fixes, steps, out, text))


class _Hot:
    """The hot indexes of a text, computed only as far as they are read: on garbled text the
    first one or two settle the early tests, and only the careful search needs them all."""

    __slots__ = ("read", "_rest")

    def __init__(self, it):
        self.read: list = []
        self._rest = it

    def _more(self) -> bool:
        k = next(self._rest, None)
        if k is None:
            return False
        self.read.append(k)
        return True

    def __bool__(self) -> bool:
        return bool(self.read) or self._more()

    def __iter__(self):
        k = 0
        while k < len(self.read) or self._more():
            yield self.read[k]
            k += 1

    def all(self) -> list:
        self.read.extend(self._rest)
        return self.read


def _one_cjk_word(text: str) -> bool:
    """No separator, no loss marker, nothing but Han and kana beside ASCII."""
    return (not _WS.search(text) and "\ufffd" not in text
            and all(plausibility.char_class(ch) in _CJK_CLASSES for ch in _chars(text)))


def _seam(text: str, k: int) -> bool:
    """Is text[k] out of place only as one side of a Han/kana-to-Latin seam, being an ordinary
    character itself?"""
    ch = text[k]
    for n in (k - 1, k + 1):
        if 0 <= n < len(text):
            a, b = (text[n], ch) if n < k else (ch, text[n])
            if _cjk_latin(a, b) and plausibility.hot(a + b) == [1] and plausibility.hot(ch, 0.5) == []:
                return True
    return False


_LATIN_CLASSES = frozenset({"ascii-letter", "latin", "latin-rare"})
_CJK_CLASSES = frozenset({"han", "han-ext", "han-compat", "hiragana", "katakana", "halfwidth-katakana"})


def _cjk_latin(a: str, b: str) -> bool:
    kinds = {plausibility.char_class(a), plausibility.char_class(b)}
    return not kinds.isdisjoint(_LATIN_CLASSES) and not kinds.isdisjoint(_CJK_CLASSES)


CAREFUL = 4   # chains the careful search walks, the likeliest by a whole-text look


def _likely_chains(text: str, hot_chars: set, chains) -> list:
    """The chains worth the careful (segment by segment) search.  A chain can only repair what
    its READ-AS codec can encode; of those, a rough look at the whole text re-decoded with
    replacement (two C calls) keeps the likeliest few."""
    hot_ascii = not hot_chars.isdisjoint(_ASCII)
    out = []
    for r, o in chains:
        lossy = o in _LOSSY_ORIGINALS and r != "gb18030"
        alpha = _alphabet(r)
        if not (o.startswith("utf-16") or hot_ascii or alpha is None or not hot_chars.isdisjoint(alpha)
                or lossy and "\ufffd" in hot_chars):
            continue
        out.append((r, o))
    if len(out) <= CAREFUL:
        return out
    looks: dict = {}   # (bytes, original) -> rough look: two READ-AS codecs often give the same bytes
    n_q = text.count("?")
    def look(chain):
        r, o = chain
        data = _replaced(text, r)
        key = (data, o)
        v = looks.get(key)
        if v is None:
            probe = _probe(text, r, o)
            # what the READ-AS codec could not encode came out as '?': as bad as a lost character
            unencodable = probe.count("?") - n_q
            v = looks[key] = (plausibility.rough(probe),
                              plausibility.COSTS["replacement"] * unencodable / max(1, len(text)))
        return v[0] + _prior((("encode", r), ("decode", o))) + v[1]
    # the everyday chains always get the careful look: their first step may itself still look
    # garbled (double UTF-8), which a one-step look cannot see
    keep = [c for c in out if c[1] == "utf-8" and c[0] in _DEEP_READS]
    rest = sorted((c for c in out if c not in keep), key=look)
    return keep + rest[:CAREFUL]


AMBIGUOUS = 0.1   # per-character cost within which two readings count as equally good
SHORT = 12         # only strings this short are called ambiguous; longer ones carry enough evidence


def _rivals(cands, i, j, new, rank) -> tuple:
    if j - i > SHORT:
        return ()
    out, seen = [], {new}
    for c in cands:
        if c[1] == i and c[2] == j and c[3] not in seen and rank - c[0] < AMBIGUOUS * (j - i):
            seen.add(c[3])
            out.append((c[3], c[4]))
    return tuple(out[:2])


_ASCII = frozenset(map(chr, range(0x80)))
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Characters some codecs encode but never decode to (one-way mappings): probe these ranges too.
_PROBE = "".join(map(chr, (*range(0x80, 0x3400), *range(0xFE30, 0xFFF0))))


@lru_cache(maxsize=None)
def _alphabet(codec: str) -> frozenset | None:
    """Every non-ASCII character ``codec`` can encode (None: all of Unicode).  Lets the search
    skip a chain with one C-speed subset test instead of a failing encode."""
    if codec == "gb18030" or codec.startswith("utf"):
        return None
    if codec in ("cp932-ibm", "cp932-nec"):
        return _alphabet("cp932")   # the same characters, only some of their codes differ
    chars = set(bytes(range(0x80, 0x100)).decode(codec, "ignore"))
    if _multibyte(codec):
        chars.update(_all_pairs().decode(codec, "ignore"))
        rest = "".join(ch for ch in _PROBE if ch not in chars)
        failed: list = []
        _FAILED.append(failed)
        try:
            rest.encode(codec, "codecscope.unencodable")
        finally:
            _FAILED.pop()
        chars.update(set(rest).difference(failed))
    return frozenset(chars - _ASCII)


@lru_cache(maxsize=1)
def _all_pairs() -> bytes:
    # every two-byte sequence, each followed by a newline so a bad pair cannot eat the next
    return b"".join(bytes((lead, trail, 0x0A)) for lead in range(0x81, 0xFF) for trail in range(0x40, 0xFF))


_FAILED: list = []


def _record_handler(exc):
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    _FAILED[-1].extend(exc.object[exc.start:exc.end])
    return b"", exc.end


codecs.register_error("codecscope.unencodable", _record_handler)


def _multibyte(codec: str) -> bool:
    if codec in variants.NAMES:
        return not _single_byte(codec)
    return bool(registry.get(codec).multibyte)


UTF8_EVIDENCE = 1.0   # per character: what a strict UTF-8 decode of a multibyte sequence is worth


def _utf8_evidence(new: str, steps) -> float:
    """Mean per-character credit for a strict UTF-8 decode of the whole text.  Bytes of real text
    in another encoding almost never form valid UTF-8 multibyte sequences (in the clean corpus:
    2 texts in 2,000 CJK ones), so each one decoded is evidence of its own, which a short name
    needs: its characters alone say little."""
    last = steps[-1]
    if last[1] != "utf-8" or len(last) > 2 or not new:
        return 0.0
    multi = len(new) - len(new.encode("ascii", "ignore"))
    return UTF8_EVIDENCE * multi / len(new)


SURE_SAVED = 1   # characters a strict UTF-8 reading must save: at least one multibyte sequence


def _sure_utf8(cur: str, seen: dict):
    """A strict UTF-8 decode of a longer text with multibyte sequences in it almost never happens
    by chance (every non-ASCII byte must fall into a valid sequence): when exactly one reading
    decodes so and looks clean, the other chains need not be tried."""
    strict = [t for t, st in seen.items() if len(st[-1]) == 2]
    if len(strict) != 1 or len(cur) <= SHORT:
        return None
    new = strict[0]
    st = seen[new]
    if len(cur) - len(new) < SURE_SAVED or not _looks_clean(new):
        return None
    return None, new, st   # unscored, as a lone reading of the quick search's first step is


# Per-call memos (cleared by repair(), like _cost): the careful search looks at one text under
# many chains, and several steps of it re-encode the text the same way.
@lru_cache(maxsize=64)
def _chars(text: str) -> frozenset:
    return frozenset(text).difference(_ASCII)


@lru_cache(maxsize=64)
def _replaced(text: str, codec: str) -> bytes:
    return text.encode(codec, "replace")


@lru_cache(maxsize=256)
def _probe(text: str, r: str, o: str) -> str:
    return _replaced(text, r).decode(o, "replace")


@lru_cache(maxsize=64)
def _plan(chains: tuple) -> tuple:
    """The chains in search order, in two phases (UTF-8 originals first), with their steps built
    once; and the READ-AS codecs they use."""
    def phase(cs):
        return tuple((r, o, (("encode", r), ("decode", o)), (("encode", r, _LOST), ("decode", o, _LOST)),
                      o in _LOSSY_ORIGINALS and r != "gb18030") for r, o in cs)
    return (phase(c for c in chains if c[1] == "utf-8"), phase(c for c in chains if c[1] != "utf-8"),
            tuple(dict.fromkeys(r for r, _ in chains)))


def _encode_as(cur: str, r: str, chars: set, lost_only) -> tuple | None:
    """``cur`` encoded by READ-AS codec ``r``: (strict bytes or None, marked bytes or None), or
    None when ``r`` cannot encode it at all."""
    strict = marked = None
    alpha = _alphabet(r)
    # subset tests stop at the first character the codec lacks (most codecs, on mojibake)
    if alpha is None or chars.issubset(alpha):
        try:
            strict = cur.encode(r)
        except UnicodeError:
            pass
        may_mark = strict is None and (alpha is not None or chars <= {"\ufffd"})
    else:
        may_mark = lost_only is not None and lost_only.issubset(alpha)
    if may_mark and r != "gb18030":
        try:
            marked = cur.encode(r, _LOST)
        except UnicodeError:
            pass
    return None if strict is None and marked is None else (strict, marked)


ROUGH_GAP = 0.8
ROUGH_ERROR = 0.5 / plausibility.ROUGH_SCALE   # the cheap look rounds each character's cost
_BOX = re.compile("[\u2500-\u257f]")
BOX_RUN = 0.5   # what a box-drawing character after another takes off (plausibility's pair rule)


def _level(cur: str, steps: tuple, chains, lossy: bool = False, early: bool = False) -> list:
    """One step of the quick search: every chain on the whole of ``cur``, best first."""
    seen: dict[str, tuple] = {}
    # losses the garbling program marked (U+FFFD, '?') or a cut end allow this many U+FFFD out
    allowance = 2 * (cur.count("\ufffd") + cur.count("?")) + 1
    chars = set(cur)
    chars.difference_update(_ASCII)
    # the characters bar U+FFFD, when there is one: what a marked (lossy) encode must manage
    lost_only = chars - {"\ufffd"} if "\ufffd" in chars else None
    utf8_plan, rest_plan, reads = _plan(chains)
    encoded = {r: _encode_as(cur, r, chars, lost_only) for r in reads}
    done: set = set()
    for plan in (utf8_plan, rest_plan):
        if plan is rest_plan and early and plan:
            sure = _sure_utf8(cur, seen)
            if sure is not None:
                return [sure]
        for r, o, strict_st, lost_st, lossy_ok in plan:
            enc = encoded[r]
            if enc is None:
                continue   # READ-AS cannot encode this text at all
            strict, marked = enc
            # two READ-AS codecs often give the same bytes (Latin-1 and Windows-1252 on most
            # text): the same bytes decoded the same way add nothing
            key = (strict if strict is not None else marked, o)
            if key in done:
                continue
            done.add(key)
            new = None
            if strict is not None:
                try:
                    new = strict.decode(o)
                    st = strict_st
                except UnicodeError:
                    marked = strict
            if new is None:
                if marked is None or not lossy or not lossy_ok:
                    continue
                # every loss marker the handler cannot swallow shows up in a C-speed 'replace'
                # decode
                if marked.decode(o, "replace").count("\ufffd") - marked.count(MARK) > allowance:
                    continue
                try:
                    new = marked.decode(o, _LOST)
                except UnicodeError:
                    continue
                n_lost = new.count("\ufffd")
                # every lost character must be owed to a loss the input shows (see allowance)
                if n_lost > allowance:
                    continue
                st = lost_st
            if new != cur and new not in seen:
                seen[new] = steps + st if steps else st
    # a cheap look at the non-ASCII characters picks the few worth the careful model
    rough = plausibility.rough
    looks = {t: rough(t.replace("\ufeff", "") if "\ufeff" in t else t) + _prior(st) for t, st in seen.items()}
    quick = sorted(seen, key=looks.__getitem__)
    strict_utf8 = [t for t in quick[1:] if seen[t][-1][1] == "utf-8" and len(seen[t][-1]) == 2][:1]
    if len(quick) > 1:
        # a reading far behind the best on the cheap look will not win on the careful one; but
        # a strict UTF-8 reading always stays: it may be the first step of a repeated chain,
        # which looks worse than the garbage around it until the next step
        floor = looks[quick[0]] + ROUGH_GAP
        quick = [quick[0]] + [t for t in quick[1:3] if looks[t] <= floor and t not in strict_utf8] + strict_utf8
    if early and len(quick) == 1:
        # one reading: its careful score matters only if the search must go deeper, and the
        # caller computes it then
        return [(None, quick[0], seen[quick[0]])]
    # The careful cost is never below the characters' own costs (the cheap look, to its
    # rounding) less half a point for each box-drawing character (a run of box drawing is a
    # frame), so a reading whose bound is already behind the best careful score cannot win: it
    # keeps that bound as its score, and the careful model is spared.
    slack = AMBIGUOUS if len(cur) <= SHORT else 0.0   # short texts report near ties
    scored = []
    best = None
    for new in quick:
        st = seen[new]
        if best is not None and "\ufeff" not in new:
            bound = looks[new] - ROUGH_ERROR - BOX_RUN * len(_BOX.findall(new)) / max(1, len(new))
            if bound >= best + slack:
                scored.append((bound, new, st))
                continue
        c = _score(new, st)
        best = c if best is None else min(best, c)
        scored.append((c, new, st))
    scored.sort(key=lambda x: x[0])
    return scored


def _score(new: str, steps) -> float:
    """The careful per-character cost of a reading, with what its chain must show besides."""
    return _cost(new.replace("\ufeff", "")) / max(1, len(new)) + _prior(steps) + _misfit(o_of(steps), new)


def _visible(text: str) -> str:
    return text.replace("\ufeff", "").replace("\ufffd", "")


def _whole_text_fix(text: str, chains, max_depth: int):
    """The common case first: the whole text went through one chain (or a chain repeated).
    Strict re-decodes only, at C speed; accepted only when the result has nothing left that
    looks out of place and clears the margin.  Otherwise the careful search runs.  Returns the
    fix or None, and whether some chain decoded the text as strict UTF-8."""
    scored = _level(text, (), chains, lossy=True, early=True)
    utf8 = any(len(st) == 2 and st[1] == ("decode", "utf-8") for _, _, st in scored)
    if not scored:
        return None, utf8
    best = scored[0]
    chosen = _choose_codes(text, best[1], best[2])
    if chosen is not None:
        best = (best[0], chosen[0], best[2])
    garbled = not _looks_clean(best[1])   # kept up to date as best changes
    if garbled and max_depth > 1:
        # still garbled: follow the two best readings a step or two further (double UTF-8 and
        # the like), with the chains that actually repeat
        if scored[0][0] is None:
            c0 = _score(scored[0][1], scored[0][2])
            scored, best = [(c0,) + scored[0][1:]], (c0,) + best[1:]
        deep = tuple(c for c in chains if c[1] in ("utf-8", "gbk") and c[0] in _DEEP_READS)
        # the first step of a repeated chain is itself garbage, so a strict UTF-8 decode (strong
        # evidence by itself) always stays in the beam
        beam = scored[:2] + [x for x in scored[2:] if x[2][-1][1] == "utf-8"][:1]
        for _ in range(max_depth - 1):
            nxt = []
            for c, t, st in beam:
                nxt.extend(_level(t, st, deep))
            if not nxt:
                break
            nxt.sort(key=lambda x: x[0])
            beam = nxt[:2]
            top = nxt[0]
            if _looks_clean(top[1]):
                best, garbled = top, False
                break
            if top[0] < best[0]:
                best = top
        scored = [best]
    cur, steps = best[1], best[2]
    if garbled:
        return None, utf8
    replay = chosen[1] if chosen is not None and cur == chosen[0] else steps
    old_m, new_m, gain = _mean_delta(text, 0, len(text), cur)
    new_m += _prior(steps) + _misfit(o_of(steps), cur) - _utf8_evidence(cur, steps)
    if not _accept(old_m, new_m, _core_len(text, cur)):
        # a long text with a few garbled words is judged word by word, as the careful search
        # would judge this reading: the unchanged words between them only dilute the mean
        parts = _word_parts(text, cur) if len(steps) == 2 and len(steps[0]) == 2 else None
        if not parts:
            return None, utf8
        ok, delta = _accept_parts(text, parts, steps)
        if not ok:
            return None, utf8
        return (cur, replay, delta, ()), utf8
    alts = tuple((t, st) for c, t, st in scored[1:]
                 if len(text) <= SHORT and c - best[0] < AMBIGUOUS and not plausibility.hot(t))
    return (cur, replay, old_m - new_m, alts), utf8


# cp932 has some 400 characters twice (NEC's and IBM's extensions): bytes of another codec read
# as cp932 may have used either code for each of them, so a whole-text variant can be right for
# one character and wrong for the next.
_DUPLICATED = ("cp932", "cp932-ibm", "cp932-nec")
MAX_CHOICES = 8


@lru_cache(maxsize=1)
def _duplicated_chars() -> frozenset:
    return frozenset(ch for v in _DUPLICATED[1:] for ch in variants.alt_codes(v))


def _choose_codes(text: str, cur: str, steps) -> tuple | None:
    """Choose cp932's code character by character: keep another code for a character when the
    reading becomes more plausible.  Returns (reading, steps as segments of variants), or None
    when no choice beats the whole-text one or the choices cannot be replayed."""
    if len(steps) != 2 or len(steps[0]) != 2 or steps[0][1] not in _DUPLICATED:
        return None
    dup = _duplicated_chars()
    pos = [k for k, ch in enumerate(text) if ch in dup]
    if not pos or len(pos) > MAX_CHOICES:
        return None
    r0, o = steps[0][1], steps[1][1]
    codes = [ch.encode(r0) for ch in text]
    choice = dict.fromkeys(pos, r0)
    best, best_cost = cur, _cost(cur)
    for k in pos:
        for v in _DUPLICATED:
            b = text[k].encode(v)
            if b == codes[k]:
                continue
            trial = codes[:k] + [b] + codes[k + 1:]
            try:
                new = b"".join(trial).decode(o)
            except UnicodeDecodeError:
                continue
            c = _cost(new)
            if c < best_cost:
                best, best_cost, codes, choice[k] = new, c, trial, v
    if best == cur:
        return None
    segs = _variant_segments(codes, choice, r0, o)
    if segs is None:
        return None
    replay = (("segments", segs),)
    try:
        return (best, replay) if apply_steps(text, replay) == best else None
    except InputError:
        return None


def _variant_segments(codes: list, choice: dict, r0: str, o: str) -> tuple | None:
    """Tile the text with segments, one variant each, cut where the original codec's characters
    start, so that each segment re-decodes on its own."""
    data = b"".join(codes)
    starts = set(accumulate(data.decode(o).translate(_byte_lengths(o, False)).encode("latin-1"), initial=0))
    offs = list(accumulate(map(len, codes), initial=0))
    segs, start, cur = [], 0, r0
    prev = -1
    for k in sorted(choice):
        v = choice[k]
        if v != cur:
            cut = next((i for i in range(max(prev + 1, start + 1), k + 1) if offs[i] in starts), None)
            if cut is None:
                return None
            segs.append((start, cut, (("encode", cur), ("decode", o))))
            start, cur = cut, v
        prev = k
    segs.append((start, len(codes), (("encode", cur), ("decode", o))))
    return tuple(segs)


def _word_parts(text: str, new: str) -> list | None:
    """The words a whole-text reading changes, as (start, end, new word), when the words line up
    and all sit on one line; else None."""
    a, b = _WS.split(text), _WS.split(new)
    if len(a) != len(b):
        return None
    parts = _changed_words(a, b)
    span = text[parts[0][0]:parts[-1][1]] if parts else "\n"
    if "\n" in span or "\r" in span:
        return None
    return parts


@lru_cache(maxsize=64)
def _looks_clean(text: str) -> bool:
    """Is nothing left out of place in a reading but what clean text shows too: ASCII (every
    chain here keeps it as it was: 'KGaA'), Han/Latin seams ('路r座') and the odd rare character
    of ordinary Chinese or Japanese?"""
    text = _visible(text)
    rest = (k for k in plausibility.hot_iter(text)
            if not (text[k].isascii() and (k == 0 or text[k - 1].isascii())) and not _seam(text, k))
    return _sparse_rare(text, rest)   # (which reads them only as far as it must)


_SYLLABIC = re.compile("[\u4e00-\u9fff\uac00-\ud7a3]")   # Han and Hangul syllables
_RARE_CLASSES = frozenset({"han", "hangul", "hangul-rare"})


def _sparse_rare(text: str, hot) -> bool:
    """Are the hot characters (any iterable, read only as far as needed) no more than the odd
    rare Han character or Hangul syllable, one in eight at most, none beside another?"""
    limit = None
    prev = -2
    for n, k in enumerate(hot, 1):
        if limit is None:
            limit = len(_SYLLABIC.findall(text))
        if n * 8 > limit or k == prev + 1 or plausibility.char_class(text[k]) not in _RARE_CLASSES:
            return False
        prev = k
    return True


def _summarise_steps(text: str, out: str, fixes) -> tuple:
    first = fixes[0].steps
    if all(f.steps == first for f in fixes):
        try:
            if apply_steps(text, first) == out:
                return first
        except InputError:
            pass
    return (("segments", tuple((f.start, f.end, f.steps) for f in fixes)),)


def _lost_spans(out: str, fixes) -> tuple:
    spans = []
    shift = 0
    for f in fixes:
        start = f.start + shift
        if f.lost > 0:
            seg = out[start:start + len(f.new)]
            for k, ch in enumerate(seg):
                if ch == "\ufffd":
                    spans.append((start + k, start + k + 1))
        shift += len(f.new) - (f.end - f.start)
    return tuple(spans)


def _confidence(fixes, taken) -> float:
    import math

    if not fixes:
        return 0.0
    if any(f.alternatives for f in fixes):
        return 0.5
    total_chars = sum(len(f.new) for f in fixes)
    mean_gain = sum(t[7] * len(t[3]) for t in taken) / max(1, total_chars)
    return round(min(0.99, 1 - math.exp(-mean_gain * min(total_chars, 8) / 4)), 3)


def _pairs(steps) -> list:
    """(read as, original) for each encode/decode pair; a fix made of segments of one chain's
    variants (cp932's duplicate codes chosen per character) is described by its first."""
    if steps and steps[0][0] == "segments" and len(steps) == 1 and steps[0][1]:
        steps = steps[0][1][0][2]
    return [(steps[k][1], steps[k + 1][1]) for k in range(0, len(steps) - 1, 2)
            if steps[k][0] == "encode" and steps[k + 1][0] == "decode"]


def _chain_words(steps) -> str:
    pairs = _pairs(steps)
    if not pairs:
        return "mojibake"
    if len(pairs) > 1 and len(set(pairs)) == 1:
        return describe_chain(*pairs[0]) + f", {len(pairs)} times over (double encoding)"
    return "; then ".join(describe_chain(r, o) for r, o in pairs)


def _chain_slug(steps) -> str:
    """A finding kind for a chain: 'utf-8-read-as-gbk', 'double-encoding'."""
    pairs = _pairs(steps)
    if not pairs:
        return "mojibake"
    if len(pairs) > 1:
        return "double-encoding"
    r, o = pairs[0]
    def norm(n):
        return {"gbk-web": "gbk", "cp932-ibm": "cp932", "cp932-nec": "cp932", "cp950": "big5", "cp949": "euc-kr", "cp1252-web": "cp1252",
                "cp1251-web": "cp1251", "cp1250-web": "cp1250", "cp1253-web": "cp1253",
                "cp1254-web": "cp1254", "koi8_r": "koi8-r", "mac_roman": "macroman",
                "mac_cyrillic": "maccyrillic", "iso8859_2": "iso-8859-2", "iso8859_5": "iso-8859-5",
                "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(n, n)
    return f"{norm(o)}-read-as-{norm(r)}"


def _explain(fixes, steps, out, text) -> str:
    if not fixes:
        return "a stray byte order mark (U+FEFF) was removed"
    kinds = list(dict.fromkeys(_chain_words(f.steps) for f in fixes))
    msg = "; ".join(kinds)
    if steps and steps[0][0] == "segments":
        msg += f" (in {len(fixes)} stretch{'es' if len(fixes) > 1 else ''}; the rest was left alone)"
    for f in fixes:
        for t, s in f.alternatives[:1]:
            msg += f"; ambiguous: '{f.old}' could also be '{t}' ({_chain_words(s)})"
    lost = sum(f.lost for f in fixes)
    if lost:
        if any(f.cut_end for f in fixes) and lost == 1:
            msg += "; the last character's final byte was lost (marked U+FFFD)"
        else:
            msg += f"; {lost} character{'s' if lost > 1 else ''} could not be recovered (marked U+FFFD)"
    return msg


# what repair() clears on entry (see _chars)
_PER_CALL = (_cost, _chars, _replaced, _probe, _looks_clean)

__all__ = ["CHAINS", "Fix", "Repair", "apply_steps", "describe_chain", "repair"]

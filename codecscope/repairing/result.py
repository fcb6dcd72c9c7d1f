"""What a repair is: :class:`Fix` and :class:`Repair`, the step language and its replay.

Repairs are data.  ``Repair.steps`` replays with :func:`apply_steps`:

* ``("encode", codec)`` / ``("decode", codec)`` – text to bytes / bytes to text, strict;
* ``("encode", codec, "codecscope.lost")`` – a U+FFFD in the text becomes the marker byte 0xFF
  (never valid in UTF-8, GBK, Big5 or EUC-KR), so the loss stays in place;
* ``("decode", codec, "codecscope.lost")`` – every undecodable sequence becomes one U+FFFD; a
  sequence whose continuation was replaced by a marker byte or a '?' (what the garbling program
  put where it lost bytes) becomes one U+FFFD as a whole.  Nothing else is invented;
* ``("replace", old, new)`` – replace every ``old`` in the text with ``new`` (a non-breaking space
  that became a plain space, '\\u00c3 ' back to '\\u00c3\\u00a0');
* ``("segments", ((start, end, substeps), ...))`` – apply ``substeps`` to ``text[start:end]`` of
  the current text, for mixed text where only some stretches were garbled;
* ``("remove", "\\ufeff")`` – delete every occurrence of a string (a stray byte order mark).

Codec names may be the Windows/browser variants of :mod:`codecscope.variants` (``cp1252-web``,
``gbk-web``, ``utf-8-cesu``, ...).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import registry, variants
from ..errors import InputError, InputTypeError
from ..i18n import Msg, _, localize
from ..notebook import FieldsHTML

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

variants.register()

# One step of the language above.  Its parts differ by operation (a codec name, an error policy,
# a tuple of segments), so the parts are Any here and _check_step checks them at replay.
Step = tuple[Any, ...]
Steps = tuple[Step, ...]

MARK = 0xFF
LOST = "codecscope.lost"
_QMARK = 0x3F
MAX_NESTING = 4   # segments inside segments: repair itself writes two levels at most


def _seq_len(codec: str, lead: int) -> int:
    """How many bytes a character starting with ``lead`` takes in ``codec`` (1 if unknown)."""
    if codec.replace("_", "-").startswith("utf-8"):
        return 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1
    return 2 if lead >= 0x81 else 1


def _utf8(codec: str | None) -> bool:
    return (codec or "").replace("_", "-").startswith("utf-8")


def _lost_handler(exc: UnicodeError) -> tuple[str | bytes, int]:
    if isinstance(exc, UnicodeEncodeError):
        if set(exc.object[exc.start:exc.end]) == {"\ufffd"}:
            return bytes([MARK]) * (exc.end - exc.start), exc.end
        raise exc
    if isinstance(exc, UnicodeDecodeError):
        obj, start, end = exc.object, exc.start, exc.end
        need = _seq_len(exc.encoding or "", obj[start])
        tail = obj[start + 1:start + need]
        if (need > 1 and len(tail) == need - 1 and any(b in (MARK, _QMARK) for b in tail)
                and all(b in (MARK, _QMARK) or b >= 0x80 for b in tail)):
            # a whole character whose continuation the garbling program replaced
            return "\ufffd", start + need
        if need == 1 and _utf8(exc.encoding) and (obj[start] == MARK or 0x80 <= obj[start] <= 0xBF):
            # bytes with no lead before them: a character whose lead the garbling program replaced
            # (a CJK code page writes one U+FFFD, here MARK, a byte it cannot read), and perhaps
            # more; a run of such bytes is as many characters as the text's own characters are long
            end = start
            while end < len(obj) and (obj[end] == MARK or 0x80 <= obj[end] <= 0xBF):
                end += 1
            if MARK in obj[start:end] and any(0x80 <= b <= 0xBF for b in obj[start:end]):
                width = 3 if any(0xE0 <= b <= 0xEF for b in obj) else 2
                return "\ufffd" * -(-(end - start) // width), end
            # (markers alone are the text's own: one each, as below)
        if end < len(obj) and (obj[end] == MARK or obj[end] == _QMARK and MARK not in obj[start:end]):
            end += 1
        return "\ufffd", end
    raise exc


codecs.register_error(LOST, _lost_handler)

_OPS = ("encode", "decode", "segments", "remove", "replace")


def _check_step(step: object) -> None:
    if not isinstance(step, (tuple, list)) or not step or step[0] not in _OPS:
        raise InputError(f"not a repair step: {step!r}")
    if step[0] in ("encode", "decode"):
        if len(step) not in (2, 3) or not all(isinstance(s, str) for s in step[1:]):
            raise InputError(f"not a repair step: {step!r}")
        if len(step) == 3 and step[2] not in ("strict", LOST, "surrogatepass"):
            raise InputError(f"unknown error policy in {step!r}; use 'strict', 'surrogatepass' or {LOST!r}")
        registry.get(step[1])   # refuses unknown and non-text codecs
    elif step[0] == "replace" and (len(step) != 3 or not all(isinstance(s, str) for s in step[1:]) or not step[1]):
        raise InputError(f"not a repair step: {step!r}")
    elif step[0] == "remove" and (len(step) != 2 or not isinstance(step[1], str) or not step[1]):
        raise InputError(f"not a repair step: {step!r}")
    elif step[0] == "segments" and (len(step) != 2 or not isinstance(step[1], (tuple, list))):
        raise InputError(f"not a repair step: {step!r}")


GROWTH = 16   # how many times its input a replay may grow: encodings take at most 4 bytes a character


def apply_steps(text: str, steps: Sequence[Sequence[Any]], _depth: int = 0) -> str:
    """Replay repair steps (see the module docstring) on ``text``.

    Raises :class:`InputError` when a step is malformed, does not apply to this text, or would
    grow it more than :data:`GROWTH` times (no repair does; a hostile list of steps could).
    """
    if not isinstance(text, str):
        raise InputTypeError(f"apply_steps() needs str, not {type(text).__name__}")
    if not isinstance(steps, (tuple, list)):
        raise InputTypeError(f"steps must be a list or tuple, not {type(steps).__name__}")
    limit = GROWTH * len(text) + 1024
    if _depth > MAX_NESTING:
        raise InputError(f"segments nested more than {MAX_NESTING} deep")
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
            elif not isinstance(value, str):
                raise InputError(f"a {op!r} step needs text, the previous step produced bytes")
            elif op == "remove":
                value = value.replace(step[1], "")
            elif op == "replace":
                value = value.replace(step[1], step[2])
            else:
                value = _apply_segments(value, step[1], _depth)
        except (UnicodeError, LookupError) as e:
            raise InputError(f"step {tuple(step)!r} does not apply: {e}") from None
        if len(value) > limit:
            raise InputError(f"the steps grow the text past {GROWTH} times its length; no repair does that")
    if not isinstance(value, str):
        raise InputError("the steps end with bytes; the last step must produce text")
    return value


def _apply_segments(s: str, segs: Iterable[Any], depth: int) -> str:
    parts: list[str] = []
    pos = 0
    try:
        ordered = sorted(segs, key=lambda x: x[0])
    except (TypeError, IndexError, KeyError):
        raise InputError("a segment is (start, end, steps)") from None
    for seg in ordered:
        if not isinstance(seg, (tuple, list)) or len(seg) != 3:
            raise InputError("a segment is (start, end, steps)")
        start, end, sub = seg
        if not (isinstance(start, int) and isinstance(end, int) and pos <= start <= end <= len(s)):
            raise InputError(f"segment {start!r}-{end!r} is out of order or outside the text")
        parts.append(s[pos:start])
        parts.append(apply_steps(s[start:end], sub, depth + 1))
        pos = end
    parts.append(s[pos:])
    return "".join(parts)


def jsonable(steps: Iterable[Sequence[Any]]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for s in steps:
        if s[0] == "segments":
            out.append(["segments", [[a, b, jsonable(sub)] for a, b, sub in s[1]]])
        else:
            out.append(list(s))
    return out


# --- naming chains --------------------------------------------------------------------------

_LABELS = {
    "utf-8": "UTF-8", "utf-8-cesu": "UTF-8 (with CESU-8 surrogate pairs)", "gbk": "GBK", "gbk-web": "GBK",
    "gb18030": "GB18030", "cp950": "Big5", "big5": "Big5", "cp932": "Shift_JIS (cp932)",
    "cp932-ibm": "Shift_JIS (cp932)", "cp932-nec": "Shift_JIS (cp932)", "cp949": "EUC-KR (cp949)",
    "latin-1": "Latin-1", "cp1252-web": "Windows-1252", "cp1251-web": "Windows-1251", "cp1251": "Windows-1251",
    "cp1250-web": "Windows-1250", "cp1250": "Windows-1250", "cp1253-web": "Windows-1253",
    "cp1253": "Windows-1253", "cp1254-web": "Windows-1254", "cp1254": "Windows-1254",
    "cp1257-web": "Windows-1257", "mac_roman": "MacRoman", "cp437": "cp437", "cp850": "cp850",
    "koi8_r": "KOI8-R", "cp866": "cp866", "iso8859_2": "ISO-8859-2", "iso8859_5": "ISO-8859-5",
    "mac_cyrillic": "MacCyrillic", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE",
}
_NICKNAMES = {
    ("gbk-web", "utf-8"): "古文码", ("gb18030", "utf-8"): "古文码", ("cp1252-web", "utf-8"): "符号码",
    ("latin-1", "utf-8"): "符号码", ("cp1252-web", "gbk"): "拼音码", ("latin-1", "gbk"): "拼音码",
    ("cp932", "utf-8"): "文字化け", ("gbk-web", "cp950"): "繁简乱码", ("cp950", "gbk"): "繁简乱码",
}
_CYRILLIC = {"cp1251", "cp1251-web", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic"}


def _label(name: str) -> str:
    return _LABELS.get(name) or registry.get(name).label


@lru_cache(maxsize=256)   # every repair explains itself with a few of these: built once each
def describe_chain(read_as: str, original: str) -> str:
    """'UTF-8 text read as GBK (古文码)' (a :class:`~codecscope.i18n.Msg`: renderers translate it)."""
    original = "utf-8" if original == "utf-8-cesu" else original
    nick = _NICKNAMES.get((read_as, original))
    if nick is None and (read_as in _CYRILLIC or original in _CYRILLIC):
        nick = "кракозябры"
    if original == read_as:
        return Msg("UTF-16 surrogate pairs kept as two characters each (emoji from JSON or Java strings)")
    if original.startswith("utf-16"):
        return Msg("{original} text read as an 8-bit code page ({read_as})", original=_label(original),
                   read_as=_label(read_as))
    if nick:
        return Msg("{original} text read as {read_as} ({nick})", original=_label(original),
                   read_as=_label(read_as), nick=nick)
    return Msg("{original} text read as {read_as}", original=_label(original), read_as=_label(read_as))


def chain_pairs(steps: Iterable[Sequence[Any]]) -> list[tuple[str, str]]:
    """The (read as, original) pairs of encode/decode steps, in order, segments included."""
    out: list[tuple[str, str]] = []
    enc = None
    for s in steps:
        if s[0] == "segments":
            for _start, _end, sub in s[1]:
                for p in chain_pairs(sub):
                    if p not in out:
                        out.append(p)
        elif s[0] == "encode":
            enc = s[1]
        elif s[0] == "decode" and enc is not None:
            out.append((_SAME_READING.get(enc, enc), s[1]))
            enc = None
    return out


# variants that differ only in which of two duplicate codes they write: one reading to a reader
_SAME_READING = {"cp932-ibm": "cp932", "cp932-nec": "cp932"}


def chain_words(steps: Sequence[Sequence[Any]]) -> str:
    pairs = chain_pairs(steps)
    if not pairs:
        return Msg("C1 controls read as Windows-1252") if any(s[0] == "segments" for s in steps) else Msg("mojibake")
    if len(pairs) > 1 and len(set(pairs)) == 1:
        return Msg("{chain}, {n} times over (double encoding)", chain=describe_chain(*pairs[0]), n=len(pairs))
    out = describe_chain(*pairs[0])
    for r, o in pairs[1:]:
        out = Msg("{first}; then {then}", first=out, then=describe_chain(r, o))
    return out


_SLUG = {"gbk-web": "gbk", "cp932-ibm": "cp932", "cp932-nec": "cp932", "cp950": "big5", "cp949": "euc-kr",
         "cp1252-web": "cp1252", "cp1251-web": "cp1251", "cp1250-web": "cp1250", "cp1253-web": "cp1253",
         "cp1254-web": "cp1254", "cp1257-web": "cp1257", "koi8_r": "koi8-r", "mac_roman": "macroman",
         "mac_cyrillic": "maccyrillic", "iso8859_2": "iso-8859-2", "iso8859_5": "iso-8859-5",
         "utf-8-cesu": "utf-8"}


def chain_slug(steps: Sequence[Sequence[Any]]) -> str:
    """A finding kind for a chain: 'utf-8-read-as-gbk', 'double-encoding'."""
    pairs = chain_pairs(steps)
    if not pairs:
        return "c1-controls" if any(s[0] == "segments" for s in steps) else "mojibake"
    if len(pairs) > 1 and len({o for _, o in pairs}) == 1 and len(pairs) == len(set(pairs)) == 1:
        pass
    if len(pairs) > 1:
        return "double-encoding" if len(set(pairs)) < len(pairs) else "mixed-chains"
    r, o = pairs[0]
    if o == "cp1252-web" and r == "latin-1":
        return "c1-controls"
    if o == r:
        return "surrogate-pairs"
    return f"{_SLUG.get(o, o)}-read-as-{_SLUG.get(r, r)}"


def common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix of two strings."""
    k = 0
    n = min(len(old), len(new))
    while k < n and old[k] == new[k]:
        k += 1
    e = 0
    while e < n - k and old[len(old) - 1 - e] == new[len(new) - 1 - e]:
        e += 1
    return k, e


# --- results --------------------------------------------------------------------------------


UNCHANGED = Msg("no mojibake found; the text is unchanged")


@dataclass(frozen=True, slots=True)
class Fix(FieldsHTML):
    """One repaired stretch: ``text[start:end]`` of the input became ``new``.

    ``evidence`` is how strongly the input showed mojibake there (see docs/repair.md), ``gain``
    how much more plausible the new text is than the old under :mod:`codecscope.plausibility`.
    """

    start: int
    end: int
    old: str
    new: str
    steps: Steps
    gain: float
    lost: int = 0
    cut_end: bool = False
    alternatives: tuple[tuple[str, Steps], ...] = ()   # ((text, steps), ...): other readings the evidence supports as well
    evidence: float = 0.0

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives)

    def with_evidence(self, evidence: float) -> Fix:
        """This fix with another evidence (dataclasses.replace, without its generic field walk:
        a long text's passes re-weigh thousands of fixes)."""
        if evidence == self.evidence:
            return self
        return Fix(self.start, self.end, self.old, self.new, self.steps, self.gain, self.lost, self.cut_end,
                   self.alternatives, evidence)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "old": self.old, "new": self.new,
                "steps": jsonable(self.steps), "gain": round(self.gain, 3), "lost": self.lost,
                "evidence": round(self.evidence, 2),
                "alternatives": [{"text": t, "steps": jsonable(s)} for t, s in self.alternatives]}


@dataclass(frozen=True)
class Repair:
    """What :func:`repair` found: the repaired text and how to get there again."""

    original: str
    text: str
    steps: Steps = ()
    confidence: float = 0.0
    lost: tuple[tuple[int, int], ...] = ()
    fixes: tuple[Fix, ...] = field(default=(), repr=False)
    explanation: str = UNCHANGED
    # the explanation's sentences, kept apart so a renderer can translate each one
    parts: tuple[str, ...] = field(default=(UNCHANGED,), repr=False, compare=False)

    def _explained(self) -> str:
        return "; ".join(localize(p) for p in self.parts)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "codecscope.repair/1", "text": self.text, "changed": self.changed, "steps": jsonable(self.steps),
            "confidence": round(self.confidence, 3), "lost": [list(s) for s in self.lost],
            "explanation": self.explanation, "fixes": [f.to_dict() for f in self.fixes],
        }

    def __str__(self) -> str:
        if not self.changed:
            return self._explained()
        lines = [self._explained(), _("repaired: {text}").format(text=self.text),
                 _("confidence: {p}").format(p=f"{self.confidence:.2f}"),
                 _("steps: {steps}").format(steps=jsonable(self.steps))]
        if self.lost:
            # inclusive, as a person counts: (4, 5) is the one character at 4, not "4-5"
            spans = ", ".join(str(a) if b - a == 1 else f"{a}–{b - 1}" for a, b in self.lost)
            lines.append(_("lost (output characters): {spans}").format(spans=spans))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from html import escape

        if not self.changed:
            return f"<p>{escape(self._explained())}</p>"
        rows = [(_("before"), self.original), (_("after"), self.text), (_("confidence"), f"{self.confidence:.2f}"),
                (_("steps"), str(jsonable(self.steps)))]
        body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
        return f"<p>{escape(self._explained())}</p><table>{body}</table>"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.table import Table
        from rich.text import Text

        if not self.changed:
            yield Text(self._explained(), style="green")
            return
        yield Text(self._explained(), style="bold")
        t = Table(show_header=False, box=None, pad_edge=False)
        t.add_row(_("before"), Text(self.original, style="red"))
        out = Text(self.text, style="green")
        for a, b in self.lost:
            out.stylize("reverse yellow", a, b)
        t.add_row(_("after"), out)
        t.add_row(_("confidence"), f"{self.confidence:.2f}")
        t.add_row(_("steps"), str(jsonable(self.steps)))
        yield t

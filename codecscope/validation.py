"""Checks on the values callers hand to codecscope: encoding names, counts, sizes and durations,
and reads bounded by a size cap.

The library calls these at its entry points and the CLI builds its option parsers on them, so a
bad value gets the same message from both, raised before any work starts, as a documented error
(:mod:`codecscope.errors`): :class:`InputTypeError` (also a ``TypeError``) for a wrong type,
:class:`InputError` (a ``ValueError``) for a value out of range, :class:`UnknownEncodingError`
(a ``LookupError`` and a ``ValueError``) for a name that is not a text encoding.
"""

from __future__ import annotations

import math
import operator
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import Literal, Protocol, overload

from . import registry
from .errors import InputError, InputTooLargeError, InputTypeError, format_size
from .i18n import Msg, os_reason

# Whole-input work (explain, repair, boundaries) holds the input in memory: refuse past this.
MAX_HELD = 64 << 20
# Streamed work (diagnose, detect) holds a block at a time; the cap only ends endless input
# (/dev/zero, a pipe that never closes).  Regular files may be larger: they end.
MAX_STREAM = 1 << 30
BLOCK = 1 << 20
# The largest count an option takes: more is a typo, and would overflow C-sized arguments.
MAX_OPTION_INT = 2 ** 31 - 1


class BinaryReader(Protocol):
    """What codecscope reads from: any object with ``read(size) -> bytes`` (a file opened 'rb',
    ``io.BytesIO``, ``socket.makefile('rb')``, ``sys.stdin.buffer`` ...)."""

    def read(self, size: int, /) -> bytes: ...

_UNITS = {"": 1, "k": 1 << 10, "kb": 1000, "kib": 1 << 10, "m": 1 << 20, "mb": 1000 ** 2,
          "mib": 1 << 20, "g": 1 << 30, "gb": 1000 ** 3, "gib": 1 << 30}


def encoding(name: object, what: str = "encoding") -> str:
    """The canonical name of the text encoding ``name`` (see :func:`codecscope.registry.get`)."""
    if not isinstance(name, str):
        raise InputTypeError(f"{what} must be an encoding name (str), not {type(name).__name__}")
    if not name.strip():
        raise InputError(f"{what}: empty encoding name")
    return registry.get(name).name


@overload
def encodings(value: None, what: str = ...) -> None: ...
@overload
def encodings(value: str | Iterable[str], what: str = ...) -> list[str]: ...
@overload
def encodings(value: object, what: str = ...) -> list[str] | None: ...
def encodings(value: object, what: str = "encodings") -> list[str] | None:
    """``None`` stays ``None``; one name or an iterable of names becomes a list of canonical names,
    duplicates dropped, order kept."""
    if value is None:
        return None
    if isinstance(value, str):
        return [encoding(value, what)]
    if isinstance(value, (bytes, bytearray, memoryview)) or not isinstance(value, Iterable):
        raise InputTypeError(f"{what} must be an encoding name or a list of names, not {type(value).__name__}")
    return list(dict.fromkeys(encoding(v, what) for v in value))


def byte_data(value: object, what: str = "data") -> bytes:
    """bytes, bytearray or memoryview as bytes; text and anything else is refused."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        raise InputTypeError(f"{what} must be bytes, not str; encode the text first")
    raise InputTypeError(f"{what} must be bytes, not {type(value).__name__}")


def path(value: object, what: str = "path") -> str:
    """A file name given as str, bytes or os.PathLike, as str."""
    if not isinstance(value, (str, bytes, os.PathLike)):
        raise InputTypeError(f"{what} must be a path (str or os.PathLike), not {type(value).__name__}")
    value = os.fspath(value)
    return os.fsdecode(value) if isinstance(value, bytes) else value


def iterable(value: object, what: str) -> Iterable[object]:
    """``value`` itself if it can be iterated over, else :class:`InputTypeError`."""
    if not isinstance(value, Iterable):
        raise InputTypeError(f"{what} must be a binary file object or an iterable of bytes, "
                             f"not {type(value).__name__}")
    return value


@overload
def integer(value: object, what: str, *, minimum: int = ..., maximum: int = ...,
            none: Literal[False] = ...) -> int: ...
@overload
def integer(value: object, what: str, *, minimum: int = ..., maximum: int = ..., none: bool) -> int | None: ...
def integer(value: object, what: str, *, minimum: int = 0, maximum: int = sys.maxsize, none: bool = False) -> int | None:
    """``value`` as an int in ``[minimum, maximum]``; ``None`` passes when ``none`` is true.

    ``True``/``False`` and floats are refused: ``limit=True`` or ``keep=2.5`` is a mistake.
    """
    if value is None and none:
        return None
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        kind = "an integer or None" if none else "an integer"
        raise InputTypeError(f"{what} must be {kind}, not {type(value).__name__} {value!r}")
    value = operator.index(value)
    if value < minimum:
        raise InputError(Msg("{what} must be at least {minimum}, not {value}", what=what, minimum=minimum,
                             value=value))
    if value > maximum:
        raise InputError(Msg("{what} must be at most {maximum}, not {value}", what=what, maximum=maximum,
                             value=value))
    return value


@overload
def number(value: object, what: str, *, minimum: float = ..., positive: bool = ...,
           maximum: float | None = ..., none: Literal[False] = ...) -> float: ...
@overload
def number(value: object, what: str, *, minimum: float = ..., positive: bool = ...,
           maximum: float | None = ..., none: bool) -> float | None: ...
def number(value: object, what: str, *, minimum: float = 0.0, positive: bool = True,
           maximum: float | None = None, none: bool = False) -> float | None:
    """``value`` as a finite float; above ``minimum`` when ``positive``, else at least it.

    NaN and infinity are refused: a timeout of ``nan`` or ``inf`` is never what was meant.
    """
    if value is None and none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputTypeError(f"{what} must be a number, not {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise InputError(Msg("{what} must be a finite number, not {value}", what=what, value=value))
    if positive and value <= minimum:
        raise InputError(Msg("{what} must be more than {minimum:g}, not {value:g}", what=what, minimum=minimum,
                             value=value))
    if not positive and value < minimum:
        raise InputError(Msg("{what} must be at least {minimum:g}, not {value:g}", what=what, minimum=minimum,
                             value=value))
    if maximum is not None and value > maximum:
        raise InputError(Msg("{what} must be at most {maximum:g}, not {value:g}", what=what, maximum=maximum,
                             value=value))
    return value


def parse_size(text: str, what: str = "size") -> int:
    """``"64M"``, ``"1GiB"``, ``"1500"`` -> bytes (K/M/G are powers of 1024; KB/MB/GB of 1000)."""
    s = text.strip().lower().replace(" ", "")
    digits = s.rstrip("kmgib")
    unit = s[len(digits):]
    if not digits.isdigit() or unit not in _UNITS:
        raise InputError(Msg("{what}: {text!r} is not a size; write e.g. 1048576, 64M or 1G", what=what, text=text))
    n = int(digits) * _UNITS[unit]
    if not 1 <= n <= sys.maxsize:
        raise InputError(Msg("{what}: {text!r} is out of range (1 byte to {max})", what=what, text=text,
                             max=format_size(1 << 62)))
    return n


def cap_for(f: object, limit: int) -> int:
    """The cap for reading the open file ``f``: ``limit``, or a regular file's own size if larger
    (a regular file ends; only streams and devices can go on forever)."""
    try:
        st = os.fstat(getattr(f, "fileno")())  # any reader may come: no fileno is caught below
    except (AttributeError, OSError, ValueError):
        return limit
    return max(limit, st.st_size) if stat.S_ISREG(st.st_mode) else limit


def capped_blocks(f: BinaryReader, limit: int | None, name: str, *, block: int = BLOCK, hint: str = "") -> Iterator[bytes]:
    """The bytes of the binary file object ``f`` in blocks, raising :class:`InputTooLargeError`
    as soon as more than ``limit`` bytes have come (``None``: no cap)."""
    total = 0
    while True:
        want = block if limit is None else min(block, limit - total + 1)
        try:
            chunk = f.read(want)
        except OSError as e:
            raise InputError(Msg("{name}: cannot read ({why})", name=name, why=os_reason(e))) from None
        if not chunk:
            return
        total += len(chunk)
        if limit is not None and total > limit:
            raise InputTooLargeError(name, limit, hint)
        yield bytes(chunk)


def read_capped(f: BinaryReader, limit: int | None, name: str, *, hint: str = "") -> bytes:
    """All of ``f``, holding at most ``limit`` + one block before refusing."""
    return b"".join(capped_blocks(f, limit, name, hint=hint))


__all__ = ["MAX_HELD", "MAX_STREAM", "encoding", "encodings", "byte_data", "path", "iterable", "integer", "number", "parse_size",
           "cap_for", "capped_blocks", "read_capped", "format_size"]

"""Exceptions codecscope raises.  All derive from :class:`CodecscopeError`.

The library never raises because of the *content* of bytes or text it is asked to inspect; these
exceptions are for invalid arguments and for I/O that cannot be done.  Every error about an argument
is also a ``ValueError`` (a bad value) or a ``TypeError`` (a wrong type), so code that already
catches those keeps working; docs/errors.md lists which function raises what.
"""

from __future__ import annotations

from .i18n import Msg


class CodecscopeError(Exception):
    """Base class of every exception codecscope raises on purpose."""


class UnknownEncodingError(CodecscopeError, LookupError, ValueError):
    """An encoding name that neither codecscope nor Python knows, or a codec that is not a text
    encoding (idna, punycode, rot13, undefined, the escape codecs).

    A ``LookupError`` like the one :func:`codecs.lookup` raises, and a ``ValueError``.
    ``suggestions`` holds the closest registered names; ``accepted``, for a refused codec, the
    registry's names (any other Python text codec is accepted too).
    """

    def __init__(self, name: str, suggestions: list[str] | None = None, note: str = "",
                 accepted: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        self.accepted = list(accepted or [])
        # a Msg: English text that the command line renders in the user's language
        msg = Msg("unknown encoding {name!r}", name=name) if not note else Msg("{name!r} {note}", name=name, note=Msg(note))
        if self.suggestions:
            msg = Msg("{msg}; did you mean {names}?", msg=msg, names=", ".join(repr(s) for s in self.suggestions))
        if self.accepted:
            msg = Msg("{msg}; use a text encoding: {names} or another Python text codec", msg=msg,
                      names=", ".join(self.accepted))
        super().__init__(msg)


class InvalidHexError(CodecscopeError, ValueError):
    """A hex string that cannot be parsed; ``position`` is the offending character's index."""

    def __init__(self, text: str, position: int, why: str) -> None:
        self.text = text
        self.position = position
        super().__init__(Msg("invalid hex at character {n}: {why}", n=position + 1, why=why))


class InputError(CodecscopeError, ValueError):
    """An input or option that cannot be read or used: a missing file, a directory, a number out
    of range, an empty input where one is needed."""


class InputTypeError(InputError, TypeError):
    """An argument of a type the function does not take (``keep=None``, ``encodings=123``).

    An :class:`InputError` (so a ``ValueError``) and a ``TypeError``.
    """


class InputTooLargeError(InputError):
    """A stream or file longer than the size cap it was read under; ``limit`` is the cap in bytes.

    Endless input (``/dev/zero``, a pipe that never closes) ends here instead of filling memory or
    running forever; raise the cap (``max_bytes=``, ``--max-input``) for larger real inputs.
    """

    def __init__(self, name: str, limit: int, hint: str = "") -> None:
        self.name = name
        self.limit = limit
        msg = Msg("{name}: more than {size} of input", name=name, size=format_size(limit))
        if hint:
            msg = Msg("{msg}; {hint}", msg=msg, hint=hint if isinstance(hint, Msg) else Msg(hint))
        super().__init__(msg)


def format_size(n: int) -> str:
    """``1073741824`` -> ``"1 GiB"``; ``1500`` -> ``"1500 bytes"``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return Msg("{n} byte", n=n) if n == 1 else Msg("{n} bytes", n=n)

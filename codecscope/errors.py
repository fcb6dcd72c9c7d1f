"""Exceptions codecscope raises.  All derive from :class:`CodecscopeError`.

The library never raises because of the *content* of bytes or text it is asked to inspect; these
exceptions are for invalid arguments and for I/O that cannot be done.
"""

from __future__ import annotations


class CodecscopeError(Exception):
    """Base class of every exception codecscope raises on purpose."""


class UnknownEncodingError(CodecscopeError, LookupError):
    """An encoding name that neither codecscope nor Python knows.

    ``suggestions`` holds the closest registered names.
    """

    def __init__(self, name: str, suggestions: list[str] | None = None, note: str = "") -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"unknown encoding {name!r}" if not note else f"{name!r} {note}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)


class InvalidHexError(CodecscopeError, ValueError):
    """A hex string that cannot be parsed; ``position`` is the offending character's index."""

    def __init__(self, text: str, position: int, why: str) -> None:
        self.text = text
        self.position = position
        super().__init__(f"invalid hex at character {position + 1}: {why}")


class InputError(CodecscopeError, ValueError):
    """An input that cannot be read or used: a missing file, a directory, an unsupported type."""

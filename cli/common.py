"""What every subcommand shares: reading input, parsing hex, choosing output, failing cleanly.

Subcommands raise :class:`CliError` (or any :class:`codecscope.CodecscopeError`) for bad input;
``main`` turns it into one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias

from codecscope import validation
from codecscope.errors import CodecscopeError, InvalidHexError, format_size
from codecscope.fsutil import open_binary
from codecscope.i18n import N_, Msg, _, localize
from codecscope.validation import MAX_HELD

BLOCK = 1 << 20
# what each subcommand's register() gets from main (a string: argparse's class is generic only to checkers)
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class Result(Protocol):
    """A result object as emit() renders it: JSON from to_dict(), text from str(), rich from itself."""

    def to_dict(self) -> dict[str, Any]: ...


class CliError(CodecscopeError):
    """A user-facing error: printed as one line, exit code 2."""


@dataclass
class Source:
    """Where the input came from: exactly one of path / hex / text / stdin."""

    label: str
    path: str | None = None
    data: bytes | None = None
    text: str | None = None
    max_input: int = MAX_HELD   # the --max-input cap on stdin, devices and pipes

    def read_bytes(self, *, allow_empty: bool = False) -> bytes:
        """The whole input, refused past ``max_input`` bytes and, unless ``allow_empty``, when
        there is nothing in it."""
        if self.data is not None:
            data = self.data
        elif self.text is not None:
            data = self.text.encode("utf-8", "surrogateescape")  # raw bytes typed on the command line
        elif self.path is None:
            data = validation.read_capped(sys.stdin.buffer, self.max_input, Msg("standard input"), hint=_HELD_HINT)
        else:
            with open_binary(self.path) as f:
                data = validation.read_capped(f, self.max_input, self.path, hint=_HELD_HINT)
        if not data and not allow_empty:
            raise CliError(Msg("{label}: empty input, nothing to inspect", label=self.label))
        return data

    def blocks(self, block: int = BLOCK) -> Iterator[bytes]:
        """Yield the input in bounded blocks (for streaming commands), at most ``max_input`` bytes
        from a stream or device; a regular file is read to its end."""
        if self.data is not None or self.text is not None:
            yield self.read_bytes(allow_empty=True)
            return
        f = sys.stdin.buffer if self.path is None else open_binary(self.path)
        try:
            cap = validation.cap_for(f, self.max_input)
            yield from validation.capped_blocks(f, cap, self.label, block=block, hint=_CAP_HINT)
        finally:
            if self.path is not None:
                f.close()


_CAP_HINT = N_("an endless stream? raise --max-input for a larger input")
_HELD_HINT = N_("this command holds its input in memory; raise --max-input if you mean it")


def int_option(minimum: int = 0, maximum: int = validation.MAX_OPTION_INT) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number in ``[minimum, maximum]``: a bad one is a usage
    error (one line, exit 2) with the library's wording."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
        try:
            return validation.integer(value, Msg("the value"), minimum=minimum, maximum=maximum)
        except CodecscopeError as e:
            raise argparse.ArgumentTypeError(localize(e.args[0])) from None
    return parse


def number_option(minimum: float = 0.0, *, positive: bool = True,
                  maximum: float | None = None) -> Callable[[str], float]:
    """An argparse ``type`` for a finite number (above ``minimum`` when ``positive``)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text!r} is not a number").format(text=text)) from None
        try:
            return validation.number(value, Msg("the value"), minimum=minimum, positive=positive, maximum=maximum)
        except CodecscopeError as e:
            raise argparse.ArgumentTypeError(localize(e.args[0])) from None
    return parse


def size_option(text: str) -> int:
    """An argparse ``type`` for a size: ``1048576``, ``64M``, ``1G``."""
    try:
        return validation.parse_size(text, Msg("the size"))
    except CodecscopeError as e:
        raise argparse.ArgumentTypeError(localize(e.args[0])) from None


_HEX_SEP = re.compile(r"(?:\\x|0x|[\s:,\-])", re.IGNORECASE)


def parse_hex(text: str) -> bytes:
    """Parse ``"e9 bb 91"``, ``"e9:bb:91"``, ``"\\xe9\\xbb\\x91"``, ``"0xe9 0xbb"`` or ``"e9bb91"``.

    Raises :class:`InvalidHexError` pointing at the first bad character.
    """
    digits: list[str] = []
    positions: list[int] = []
    i = 0
    while i < len(text):
        m = _HEX_SEP.match(text, i)
        if m and m.end() > i:
            i = m.end()
            continue
        ch = text[i]
        if ch not in "0123456789abcdefABCDEF":
            raise InvalidHexError(text, i, Msg("{ch!r} is not a hex digit", ch=ch))
        digits.append(ch)
        positions.append(i)
        i += 1
    if len(digits) % 2:
        raise InvalidHexError(text, positions[-1], Msg("odd number of hex digits (each byte needs two)"))
    return bytes.fromhex("".join(digits))


def add_input_args(p: argparse.ArgumentParser, *, text_help: str = N_("inspect this text (encoded as UTF-8 unless the command says otherwise)"),
                   max_input: int = MAX_HELD, streamed: bool = False) -> None:
    """PATH / - / --hex / --text, and --max-input: the cap on what a whole-input command holds, or
    (``streamed``) on how much of standard input or a device a streaming command reads."""
    p.add_argument("path", nargs="?", help=_("a file to read, or - for standard input"))
    p.add_argument("--hex", dest="hex", metavar="HEX", help=_('bytes as hex: "e9 bb 91", "e9:bb:91", "\\xe9\\xbb\\x91"'))
    p.add_argument("--text", dest="text", metavar="TEXT", help=_(text_help))
    default = format_size(max_input).replace(" ", "")
    what = (_("stop with an error after SIZE bytes of standard input or a device (an endless stream); "
              "regular files are read to their end") if streamed else _("refuse input larger than SIZE"))
    p.add_argument("--max-input", type=size_option, default=max_input, metavar="SIZE",
                   help=_("{what}; e.g. 64M, 2G (default: {default})").format(what=what, default=default))


def get_source(args: argparse.Namespace) -> Source:
    """The one input the arguments name; :class:`CliError` for none, several, bad hex, a missing
    file or an empty --hex/--text."""
    given = [x for x in (args.path, args.hex, args.text) if x is not None]
    if len(given) > 1:
        raise CliError(Msg("give one input: a PATH, - for stdin, --hex or --text"))
    if args.hex is not None:
        try:
            src = Source("--hex", data=parse_hex(args.hex))
        except InvalidHexError as e:
            # Point at the bad character: the hex with a marker just before it.
            marked = e.text[:e.position] + "\u25b6" + e.text[e.position:]
            raise CliError(Msg("--hex: {error} (at \u25b6 in {marked!r})", error=e.args[0], marked=marked)) from None
    elif args.text is not None:
        src = Source("--text", text=args.text)
    elif args.path in (None, "-"):
        if args.path is None and sys.stdin.isatty():
            raise CliError(Msg("no input: give a PATH, - for stdin, --hex or --text"))
        src = Source("<stdin>")
    else:
        if os.path.isdir(args.path):
            raise CliError(Msg("{path}: is a directory, not a file", path=args.path))
        if not os.path.exists(args.path):
            raise CliError(Msg("{path}: no such file", path=args.path))
        src = Source(args.path, path=args.path)
    if src.data == b"" or src.text == "":
        raise CliError(Msg("{label}: empty input, nothing to inspect", label=src.label))
    src.max_input = getattr(args, "max_input", MAX_HELD)
    return src


def check_encodings(names: str | list[str] | None) -> list[str]:
    """Canonical names for user-given encodings; unknown ones raise with suggestions."""
    return validation.encodings(names or []) or []


def want_rich(args: argparse.Namespace) -> bool:
    """Rich colour and tables only on a terminal, never for --json or when piped."""
    return not getattr(args, "json", False) and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(args: argparse.Namespace, result: Result) -> None:
    """Render a result object: JSON, rich on a terminal, plain text otherwise."""
    if getattr(args, "json", False):
        import json

        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif want_rich(args):
        from rich.console import Console

        Console().print(result)
    else:
        sys.stdout.write(str(result).rstrip("\n") + "\n")

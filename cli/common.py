"""What every subcommand shares: reading input, parsing hex, choosing output, failing cleanly.

Subcommands raise :class:`CliError` (or any :class:`codecscope.CodecscopeError`) for bad input;
``main`` turns it into one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

from codecscope import registry
from codecscope.errors import CodecscopeError, InvalidHexError
from codecscope.fsutil import open_binary, read_blocks
from codecscope.i18n import N_, Msg, _

MAX_READ = 1 << 30  # whole-input commands refuse more than 1 GiB; streaming commands read in blocks
BLOCK = 1 << 20


class CliError(CodecscopeError):
    """A user-facing error: printed as one line, exit code 2."""


@dataclass
class Source:
    """Where the input came from: exactly one of path / hex / text / stdin."""

    label: str
    path: str | None = None
    data: bytes | None = None
    text: str | None = None

    def read_bytes(self, limit: int = MAX_READ) -> bytes:
        if self.data is not None:
            return self.data
        if self.text is not None:
            return self.text.encode("utf-8")
        if self.path is None:
            return _read_limited(sys.stdin.buffer, limit, "standard input")
        with open_binary(self.path) as f:
            return _read_limited(f, limit, self.path)

    def blocks(self, block: int = BLOCK):
        """Yield the input in bounded blocks (for streaming commands)."""
        if self.data is not None or self.text is not None:
            yield self.read_bytes()
            return
        f = sys.stdin.buffer if self.path is None else open_binary(self.path)
        try:
            yield from read_blocks(f, block, self.label)
        finally:
            if self.path is not None:
                f.close()


def _read_limited(f, limit: int, name: str) -> bytes:
    try:
        data = f.read(limit + 1)
    except OSError as e:
        raise CliError(Msg("{name}: cannot read ({why})", name=name, why=e.strerror or str(e))) from None
    if len(data) > limit:
        raise CliError(Msg("{name}: larger than {n} MiB; use a streaming command such as 'diagnose'", name=name,
                           n=limit // (1 << 20)))
    return data


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
            raise InvalidHexError(text, i, f"{ch!r} is not a hex digit")
        digits.append(ch)
        positions.append(i)
        i += 1
    if len(digits) % 2:
        raise InvalidHexError(text, positions[-1], "odd number of hex digits (each byte needs two)")
    return bytes.fromhex("".join(digits))


def add_input_args(p, *, text_help: str = N_("inspect this text (encoded as UTF-8 unless the command says otherwise)")) -> None:
    p.add_argument("path", nargs="?", help=_("a file to read, or - for standard input"))
    p.add_argument("--hex", dest="hex", metavar="HEX", help=_('bytes as hex: "e9 bb 91", "e9:bb:91", "\\xe9\\xbb\\x91"'))
    p.add_argument("--text", dest="text", metavar="TEXT", help=_(text_help))


def get_source(args, *, allow_empty: bool = False) -> Source:
    given = [x for x in (args.path, args.hex, args.text) if x is not None]
    if len(given) > 1:
        raise CliError(Msg("give one input: a PATH, - for stdin, --hex or --text"))
    if args.hex is not None:
        try:
            src = Source("--hex", data=parse_hex(args.hex))
        except InvalidHexError as e:
            # Point at the bad character: the hex with a marker just before it.
            marked = e.text[:e.position] + "\u25b6" + e.text[e.position:]
            raise CliError(Msg("--hex: {error} (at \u25b6 in {marked!r})", error=str(e), marked=marked)) from None
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
    if not allow_empty and (src.data == b"" or src.text == ""):
        raise CliError(Msg("{label}: empty input, nothing to inspect", label=src.label))
    return src


def check_encodings(names) -> list[str]:
    """Canonical names for user-given encodings; unknown ones raise with suggestions."""
    return [registry.get(n).name for n in names or []]


def want_rich(args) -> bool:
    """Rich colour and tables only on a terminal, never for --json or when piped."""
    return not getattr(args, "json", False) and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(args, result) -> None:
    """Render a result object: JSON, rich on a terminal, plain text otherwise."""
    if getattr(args, "json", False):
        import json

        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif want_rich(args):
        from rich.console import Console

        Console().print(result)
    else:
        sys.stdout.write(str(result).rstrip("\n") + "\n")

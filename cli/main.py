"""``codecscope`` / ``codescope``: argument parsing and rendering only.

Each subcommand lives in ``cmd_<name>.py`` with ``register(subparsers)``; the parser it adds sets
``func`` to a ``run(args) -> int``.  Everything a command does, the library can do.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from codecscope import __version__
from codecscope.errors import CodecscopeError

# Order is the order of `codecscope --help`.
COMMANDS = ["diagnose", "explain", "detect", "repair", "boundaries", "echo", "wire", "scan", "demo"]


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line on stderr and exit code 2, like every other bad input."""

    def error(self, message: str):
        self.exit(2, _printable(f"{self.prog}: error: {message} (see '{self.prog} --help')") + "\n")


# Control characters (a file name may hold a newline) shown escaped, so an error stays one line.
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F] if c != 0x09}


def _printable(message: str) -> str:
    """``message`` as one printable line: lone surrogates (undecodable bytes of a command line)
    escaped as the interpreter's own stderr would, so a strict stream cannot make a traceback of
    it, and control characters escaped."""
    return message.encode("utf-8", "backslashreplace").decode("utf-8").translate(_CONTROLS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="codecscope",
        description="See exactly what happened to text on its way through bytes - and put it right.",
    )
    parser.add_argument("--version", action="version", version=f"codecscope {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"codecscope.cli.cmd_{name}")
        except ModuleNotFoundError as e:
            if e.name != f"codecscope.cli.cmd_{name}":
                raise
            continue
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # usage errors, --help, --version: a status to return, like a command's
        return e.code if isinstance(e.code, int) else 2
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except CodecscopeError as e:
        print(_printable(f"codecscope: error: {e}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("codecscope: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed: not an error of ours.
        try:
            sys.stdout = None  # type: ignore[assignment]
        finally:
            return 0
    except OSError as e:
        print(f"codecscope: error: {e.strerror or e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

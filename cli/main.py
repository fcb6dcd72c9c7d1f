"""``codecscope`` / ``codescope``: argument parsing and rendering only.

Each subcommand lives in ``cmd_<name>.py`` with ``register(subparsers)``; the parser it adds sets
``func`` to a ``run(args) -> int``.  Everything a command does, the library can do.
"""

from __future__ import annotations

import argparse
import codecs
import gettext
import importlib
import io
import os
import re
import sys
from typing import Any, NoReturn

from codecscope import __version__, i18n
from codecscope.errors import CodecscopeError
from codecscope.i18n import _, localize, os_reason

from .common import check_arguments, error_line, missing_command, printable, prog

# Order is the order of `codecscope --help`.
COMMANDS = ["diagnose", "explain", "detect", "repair", "boundaries", "echo", "wire", "scan", "demo"]


class _Formatter(argparse.HelpFormatter):
    """argparse wraps help by ``len``; a Chinese character takes two terminal columns, so lines
    are filled by display width instead (and a CJK run may break between any two characters)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrap(self._whitespace_matcher.sub(" ", text).strip(),
                                                        width - len(indent)))


_NO_LINE_START = set("，。、；：！？）」』”’》〉】")
_NO_LINE_END = set("（「『“‘《〈【")


def _wrap(text: str, width: int) -> list[str]:
    from rich.cells import cell_len

    width = max(width, 10)
    # words of ASCII stay whole; every wide character is a place to break
    tokens = re.findall(r"[ ]+|[\x00-\x7f]+?(?= |$|[^\x00-\x7f])|[^\x00-\x7f]", text)
    lines, cur = [], ""
    for tok in tokens:
        # Chinese line breaking: closing punctuation never starts a line, opening never ends one
        if cell_len(cur + tok) > width and cur.strip() and tok not in _NO_LINE_START \
                and cur[-1:] not in _NO_LINE_END:
            lines.append(cur.rstrip())
            cur = tok.lstrip()
        else:
            cur += tok
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line on stderr and exit code 2, like every other bad input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def format_help(self) -> str:
        # argparse puts an ASCII colon after a section heading; a translated heading takes the
        # colon of its language
        return re.sub(r"^([^\s\x00-\x7f][^\n]*):$", lambda m: _("{label}: {text}").format(label=m[1], text="").rstrip(), super().format_help(),
                      flags=re.M)

    def error(self, message: str) -> NoReturn:
        self.exit(2, printable(_("{prog}: error: {message} (see '{prog} --help')").format(prog=self.prog, message=message))
                  + "\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with the command ``only`` alone: each command imports
    the library modules it needs, so a run that names its command pays for no other."""
    parser = _Parser(
        prog=prog(),
        description=_("See exactly what happened to text on its way through bytes - and put it right."),
    )
    parser.add_argument("--version", action="version", version=f"codecscope {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--lang", metavar="LANG",
                        help=_("language of the messages: en or zh (default: from LANGUAGE, LC_ALL, "
                               "LC_MESSAGES or LANG)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only in COMMANDS else COMMANDS:
        try:
            mod = importlib.import_module(f"codecscope.cli.cmd_{name}")
        except ModuleNotFoundError as e:
            if e.name != f"codecscope.cli.cmd_{name}":
                raise
            continue
        mod.register(sub)
    return parser


def _lang(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--lang`` and the arguments without it.  It is read before the parser is built, so that
    its help is in that language too, and taken from anywhere before ``--``, so that it works
    after the subcommand as well (where people type it)."""
    for k, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and k + 1 < len(argv):
            return argv[k + 1], argv[:k] + argv[k + 2:]
        if a.startswith("--lang="):
            return a.split("=", 1)[1], argv[:k] + argv[k + 1:]
    return None, argv


def _setup_language(lang: str | None) -> None:
    """Messages in ``lang`` (or the locale's language): ours, and argparse's through the same
    catalog, which carries argparse's own messages ("usage:", "invalid choice", …)."""
    if lang:
        os.environ["LANGUAGE"] = lang.replace("-", "_")  # gettext's first choice, for argparse too
    i18n.setup(lang)
    gettext.bindtextdomain(i18n.DOMAIN, i18n.LOCALEDIR)
    gettext.textdomain(i18n.DOMAIN)


def _u_escape(e: UnicodeError) -> tuple[str, int]:
    r"""What a stream cannot hold, as ``\uXXXX`` (a surrogate pair past U+FFFF): readable, and
    still valid JSON in ``--json`` output, which ``\xe9`` or ``\U0001f600`` would not be."""
    if not isinstance(e, UnicodeEncodeError):
        raise e
    out = []
    for ch in e.object[e.start:e.end]:
        n = ord(ch)
        out.append(f"\\u{n:04x}" if n < 0x10000 else
                   f"\\u{0xD800 + ((n - 0x10000) >> 10):04x}\\u{0xDC00 + ((n - 0x10000) & 0x3FF):04x}")
    return "".join(out), e.end


codecs.register_error("codecscope-u-escape", _u_escape)


def _escape_what_stdout_cannot_hold() -> None:
    """Output goes to a stream that may not hold every character (PYTHONIOENCODING=ascii, a
    Windows console or a redirect in a legacy code page): escape what it cannot take rather than
    end in a UnicodeEncodeError traceback half-way through.  A strict UTF-8 stream (a UTF-8
    locale's terminal) cannot take a lone surrogate either, which is how a file name's undecodable
    bytes arrive: it gets them as \\udcXX.  (repair writes its text as UTF-8 bytes there instead:
    it is data, not a report.)"""
    out = sys.stdout
    try:
        if out is not None and (codecs.lookup(out.encoding).name != "utf-8" or out.errors == "strict"):
            out.reconfigure(errors="codecscope-u-escape")   # type: ignore[union-attr]
    except (AttributeError, LookupError, TypeError, ValueError, io.UnsupportedOperation):
        pass   # not a TextIOWrapper (a test's capture, a replaced stream): leave it


def _chosen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The innermost (sub)command parser the arguments chose: ``codecscope echo test`` for
    ``echo test …``."""
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        name = getattr(args, subs[0].dest, None) if subs else None
        if name is None or name not in subs[0].choices:
            return parser
        parser = subs[0].choices[name]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _escape_what_stdout_cannot_hold()
    lang, argv = _lang(argv)
    if lang is not None and lang.replace("-", "_").split("_")[0].lower() not in i18n.LANGUAGES:
        _setup_language(None)   # said in the locale's language
        print(_("{prog}: error: --lang {lang!r}: choose from {names}").format(
            prog=prog(), lang=lang, names=", ".join(i18n.LANGUAGES)), file=sys.stderr)
        return 2
    _setup_language(lang)
    try:
        check_arguments(argv)
    except CodecscopeError as e:
        print(error_line(e), file=sys.stderr)
        return 2
    parser = build_parser(argv[0] if argv else None)
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            # said by the (sub)command that was given them, with its own --help to look at
            _chosen(parser, args).error(gettext.gettext("unrecognized arguments: %s") % " ".join(extra))
    except SystemExit as e:  # usage errors, --help, --version: a status to return, like a command's
        return e.code if isinstance(e.code, int) else 2
    if not getattr(args, "func", None):
        return missing_command(parser)
    try:
        rc = int(args.func(args) or 0)
        for note in getattr(args, "deprecations", ()):
            print(note, file=sys.stderr)
        return rc
    except CodecscopeError as e:
        print(error_line(e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("{prog}: interrupted").format(prog=prog()), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed: not an error of ours.
        try:
            sys.stdout = None
        finally:
            return 0
    except OSError as e:
        print(_("{prog}: error: {message}").format(prog=prog(), message=localize(os_reason(e))), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

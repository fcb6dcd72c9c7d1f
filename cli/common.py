"""What every subcommand shares: reading input, parsing hex, choosing output, failing cleanly.

Subcommands raise :class:`CliError` (or any :class:`codecscope.CodecscopeError`) for bad input;
``main`` turns it into one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import re
import stat
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from codecscope import validation
from codecscope.errors import CodecscopeError, InvalidHexError, UnknownEncodingError, format_size
from codecscope.fsutil import open_binary
from codecscope.i18n import N_, Msg, _, localize
from codecscope.validation import MAX_HELD

if TYPE_CHECKING:
    from rich.console import Console

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
            yield from validation.capped_blocks(f, cap, self.label, block=block, hint=CAP_HINT)
        finally:
            if self.path is not None:
                f.close()


CAP_HINT = N_("an endless stream? raise --max-input for a larger input")
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

    Raises :class:`InvalidHexError` pointing at the first bad character.  Each group between
    separators holds whole bytes: ``"4 1"`` is refused, not read as 0x41 (nor as 04 01).
    """
    digits: list[str] = []
    positions: list[int] = []
    group = 0   # digits since the last separator
    i = 0
    while i < len(text):
        m = _HEX_SEP.match(text, i)
        if m and m.end() > i:
            if group % 2:
                raise InvalidHexError(text, positions[-1], Msg("odd number of hex digits (each byte needs two)"))
            group = 0
            i = m.end()
            continue
        ch = text[i]
        if ch not in "0123456789abcdefABCDEF":
            raise InvalidHexError(text, i, Msg("{ch!r} is not a hex digit", ch=ch))
        digits.append(ch)
        positions.append(i)
        group += 1
        i += 1
    if len(digits) % 2:
        raise InvalidHexError(text, positions[-1], Msg("odd number of hex digits (each byte needs two)"))
    return bytes.fromhex("".join(digits))


def add_input_args(p: argparse.ArgumentParser, *, text_help: str = N_("inspect this text (encoded as UTF-8 unless the command says otherwise)"),
                   max_input: int = MAX_HELD, streamed: bool = False, many: bool = False) -> None:
    """PATH / - / --hex / --text, and --max-input: the cap on what a whole-input command holds, or
    (``streamed``) on how much of standard input or a device a streaming command reads.  With
    ``many`` several PATHs are accepted (see :func:`several`)."""
    if many:
        p.add_argument("path", nargs="*", metavar="PATH",
                       help=_("files to read (several: one line each), or - for standard input"))
    else:
        p.add_argument("path", nargs="?", help=_("a file to read, or - for standard input"))
    p.add_argument("--hex", dest="hex", metavar="HEX", help=_('bytes as hex: "e9 bb 91", "e9:bb:91", "\\xe9\\xbb\\x91"'))
    p.add_argument("--text", dest="text", metavar="TEXT", help=_(text_help))
    default = format_size(max_input).replace(" ", "")
    if streamed:
        # None: the default cap, chosen per input by get_source (a device gets the smaller one)
        default = _("{size}; {device} from a device").format(size=default, device=format_size(MAX_HELD).replace(" ", ""))
        what = _("stop with an error after SIZE bytes of standard input or a device (an endless stream); "
                 "regular files are read to their end")
    else:
        what = _("refuse input larger than SIZE")
    p.add_argument("--max-input", type=size_option, default=None if streamed else max_input, metavar="SIZE",
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
            if os.path.lexists(args.path):
                raise CliError(Msg("{path}: a symbolic link that leads nowhere (broken, or a loop)", path=args.path))
            raise CliError(Msg("{path}: no such file", path=args.path))
        src = Source(args.path, path=args.path)
    if src.data == b"" or src.text == "":
        raise CliError(Msg("{label}: empty input, nothing to inspect", label=src.label))
    cap = getattr(args, "max_input", MAX_HELD)
    if cap is None:   # a streaming command without --max-input
        # A character device is endless more often than not (/dev/zero, /dev/urandom, a serial
        # line) and never holds gigabytes of text: reading a GiB of it takes minutes, so it gets
        # the cap of the commands that hold their input.  A pipe may carry a big real log.
        cap = MAX_HELD if _is_device(src.path) else validation.MAX_STREAM
    src.max_input = cap
    return src


def _is_device(path: str | None) -> bool:
    """Whether the file at ``path`` (``None``: standard input) is a character device."""
    try:
        st = os.stat(path) if path is not None else os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):   # a closed or replaced stdin has no descriptor
        return False
    return stat.S_ISCHR(st.st_mode)


def check_encodings(names: Sequence[str] | None, option: str = "-e/--encoding") -> list[str]:
    """Canonical names for user-given encodings (each value may be a comma-separated list);
    unknown ones raise with suggestions."""
    if not names:
        return []
    split = [n.strip() for v in names for n in v.split(",")]
    if not any(split):
        raise CliError(Msg("{option} needs at least one encoding name", option=option))
    for v in names:
        if not all(n.strip() for n in v.split(",")):
            # 'utf-8,,gbk' is a typo more often than a wish: say so rather than guess
            raise CliError(Msg("{option} {value!r}: an empty name in the list", option=option, value=v))
    return validation.encodings(split) or []


def check_encoding(name: str, option: str) -> str:
    """The canonical name of one user-given encoding, for an option that takes one name."""
    if "," in name:
        raise CliError(Msg("{option} takes one encoding name, not {value!r}", option=option, value=name))
    return check_encodings([name], option)[0]


def console(file: IO[str] | None = None, *, stderr: bool = False) -> Console:
    """A rich console on ``file`` (standard output by default).  rich itself reads the
    environment: ``NO_COLOR`` turns colour off (the tables stay), ``FORCE_COLOR`` renders for a
    terminal even when piped, ``COLUMNS`` sets the width."""
    from rich.console import Console

    return Console(file=file, stderr=stderr)


def want_rich(args: argparse.Namespace) -> bool:
    """Rich tables on a terminal (or with FORCE_COLOR), never for --json or when piped."""
    if getattr(args, "json", False):
        return False
    if "FORCE_COLOR" not in os.environ and "TTY_COMPATIBLE" not in os.environ and not _isatty(sys.stdout):
        return False   # what rich would say, without the cost of importing it
    return console().is_terminal


def _isatty(f: IO[str]) -> bool:
    try:
        return f.isatty()
    except (AttributeError, ValueError):   # no such method, or closed
        return False


def emit(args: argparse.Namespace, result: Result) -> None:
    """Render a result object: JSON, rich on a terminal, plain text otherwise."""
    if getattr(args, "json", False):
        print(json_document(result.to_dict()))
    elif want_rich(args):
        console().print(result)
    else:
        sys.stdout.write(str(result).rstrip("\n") + "\n")


def add_progress_args(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help=_("show a progress bar over {what} even when standard error is not a terminal").format(what=what))
    p.add_argument("--no-progress", dest="progress", action="store_false", help=_("never show a progress bar"))


_T = TypeVar("_T")


def with_progress(items: Iterable[_T], total: int, show: bool | None, label: str) -> Iterator[_T]:
    """``items``, with a progress bar of ``total`` steps on standard error: on a terminal by
    default (``show=None``), always with ``show=True`` (a pipe then gets the bar's redraws), never
    with ``show=False``.  Lines printed meanwhile go above the bar on a terminal."""
    if show is None:
        # a real terminal, not FORCE_COLOR: CI sets that for colour, and its log is no place for redraws
        show = sys.stderr.isatty()
    if not show or not total:
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    err = console(stderr=True)
    if not err.is_terminal:   # asked for with --progress: drawn even into a pipe
        err = Console(stderr=True, force_terminal=True)
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # standard output goes above the bar only when it is the terminal too; piped, it stays apart
    with Progress(*columns, console=err, transient=True, redirect_stdout=sys.stdout.isatty(),
                  redirect_stderr=False) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


def json_document(doc: dict[str, Any]) -> str:
    """One indented JSON document.  A file name's (or a command line's) undecodable bytes, lone
    surrogates, go out as \\udcXX escapes: written as they are they raised UnicodeEncodeError on a
    strict UTF-8 stdout, and a lenient one wrote raw bytes that made the document invalid UTF-8."""
    import json

    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace").decode("utf-8")


def json_line(doc: dict[str, Any]) -> str:
    """One JSON document on one line (JSON lines, for several inputs); a file name's undecodable
    bytes (lone surrogates) go out as \\udcXX escapes."""
    import json

    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")


# Control characters (a file name may hold a newline) shown escaped, so a message stays one line:
# C0, DEL, C1 (U+0085 is a line break to str.splitlines) and the Unicode line and paragraph separators;
# and the bidirectional embedding, override and isolate controls, which a file name can use to show
# the rest of the line reversed ('\u202etxt.exe' printed as 'exe.txt').
_CONTROLS = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
             for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
                       *range(0x2066, 0x206A)] if c != 0x09}


def printable(message: str) -> str:
    """``message`` as one printable line: lone surrogates (undecodable bytes of a command line or
    a file name) escaped as the interpreter's own stderr would, so a strict stream cannot make a
    traceback of it, and control characters escaped."""
    return message.encode("utf-8", "backslashreplace").decode("utf-8").translate(_CONTROLS)


class Deprecated(argparse.Action):
    """An old spelling of an option that keeps working: it stores into the new option's ``dest``
    (appending when ``append``) and leaves a note of what to write instead, which the command line
    prints once the command has run (an error stays the one line on stderr)."""

    def __init__(self, option_strings: Sequence[str], dest: str, *, instead: str, append: bool = False,
                 **kwargs: Any) -> None:
        kwargs.setdefault("help", argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)
        self.instead, self.append = instead, append
        self._said = False

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        if not self._said:
            self._said = True
            notes = [*getattr(namespace, "deprecations", ()),
                     _("{prog}: note: {old} is deprecated; use {new}").format(prog=prog(), old=option_string,
                                                                        new=self.instead)]
            setattr(namespace, "deprecations", notes)
        if self.append:
            setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), values])
        else:
            setattr(namespace, self.dest, values)


def add_encoding_arg(p: argparse.ArgumentParser, help: str, *, many: bool = True) -> None:
    """``-e/--encoding NAME``, the one spelling every subcommand uses for the encoding(s) of its
    input; with ``many`` it is repeatable and each value may be a comma-separated list."""
    p.add_argument("-e", "--encoding", action="append" if many else "store", metavar="NAME", help=help)


def add_fail_on_arg(p: argparse.ArgumentParser, kinds: Iterable[str]) -> None:
    p.add_argument("--fail-on", metavar="KINDS", default=None,
                   help=_("exit 1 when the result has one of these comma-separated kinds: {kinds}, or "
                          "'any' (exit 0 otherwise, 2 on bad usage)").format(kinds=", ".join(kinds)))


# One name per problem across the subcommands: the spellings another subcommand uses for the same
# kind are accepted as well (scan's "invalid" is diagnose's "invalid-sequence", its "lost" is
# diagnose's "replacement-char").
FAIL_ON_SYNONYMS = {"invalid": "invalid-sequence", "invalid-sequence": "invalid",
                    "lost": "replacement-char", "replacement-char": "lost"}


def fail_on_kinds(value: str | None, known: Collection[str]) -> frozenset[str]:
    """The comma-separated kinds of a ``--fail-on`` that was given, each in the spelling ``known``
    uses; none at all is a usage error (``--fail-on ''`` would otherwise check nothing and always
    pass)."""
    if value is None:
        return frozenset()
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    if not kinds:
        raise CliError(Msg("--fail-on needs at least one kind (or 'any')"))
    return frozenset(FAIL_ON_SYNONYMS[k] if k not in known and FAIL_ON_SYNONYMS.get(k) in known else k
                     for k in kinds)


def parse_fail_on(value: str | None, known: Collection[str], *, open_ended: bool = False) -> frozenset[str]:
    """The kinds ``--fail-on`` names; an unknown one is a usage error.  With ``open_ended``, chain
    kinds (``<original>-read-as-<codec>``, e.g. utf-8-read-as-gbk) are accepted too."""
    kinds = fail_on_kinds(value, known)
    for k in kinds:
        if k != "any" and k not in known and not (open_ended and "-read-as-" in k):
            raise CliError(Msg("--fail-on: unknown kind {kind!r}; use any, {known}", kind=k,
                               known=", ".join(sorted(known))))
    return kinds


def several(args: argparse.Namespace) -> list[str] | None:
    """The paths when a command that takes several (detect, diagnose) was given more than one;
    with one or none, ``args.path`` becomes that one (or ``None``) as for every other command."""
    paths = list(args.path or [])
    if len(paths) > 1:
        if args.hex is not None or args.text is not None:
            raise CliError(Msg("give one input: a PATH, - for stdin, --hex or --text"))
        if paths.count("-") > 0:
            raise CliError(Msg("- (standard input) cannot be one of several inputs"))
        return paths
    args.path = paths[0] if paths else None
    return None


def missing_command(parser: argparse.ArgumentParser) -> int:
    """``codecscope`` or ``codecscope echo`` without the command it needs: one line naming the
    choices, as every other missing argument gets, not the whole help."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    names = ", ".join(subs[0].choices) if subs else ""
    message = _("a command is needed: {names}").format(names=names)
    print(printable(_("{prog}: error: {message} (see '{prog} --help')").format(prog=parser.prog, message=message)),
          file=sys.stderr)
    return 2


def prog() -> str:
    """The name the command was run by (it is installed as ``codecscope`` and ``codescope``), which
    starts every line it writes to standard error."""
    name = os.path.basename(sys.argv[0]) if sys.argv else ""
    return name if name in ("codecscope", "codescope") else "codecscope"


# options whose values are text or names, never a file's path (which may hold any bytes)
_TEXT_OPTIONS = frozenset({"--text", "--send", "--hex", "--send-hex", "-e", "--encoding", "--expect-encoding", "-i",
                           "--input-encoding", "--via", "--to"})


def check_arguments(argv: Sequence[str]) -> None:
    """Text arguments must be text: Python keeps argument bytes the locale's encoding cannot read
    as lone surrogates, and a repair, an explanation or a host name of those would be of U+FFFD
    (or a '\\udce9' in a message), not of what was typed.  A path may hold any bytes (POSIX file
    names are bytes), so only the values of text options, and every argument of the network
    commands, which take no path, are checked."""
    network = bool(argv) and argv[0] in ("wire", "echo")
    for k, a in enumerate(argv):
        bad = re.search("[\udc80-\udcff]", a)
        if bad is None:
            continue
        option, eq, _value = a.partition("=")
        if eq and option in _TEXT_OPTIONS:
            where, pos = option, bad.start() - len(option)
        elif k and argv[k - 1] in _TEXT_OPTIONS:
            where, pos = argv[k - 1], bad.start() + 1
        elif network:
            where, pos = Msg("argument {n}", n=k + 1), bad.start() + 1
        else:
            continue
        raise CliError(Msg("{where}: byte 0x{byte:02X} at character {pos} is not {enc}, the encoding arguments "
                           "are read in; give the bytes with --hex or in a file", where=where,
                           byte=ord(bad[0]) - 0xDC00, pos=pos, enc=sys.getfilesystemencoding()))


def error_message(e: Exception) -> str:
    """What a codecscope error says, in the chosen language."""
    if isinstance(e, UnknownEncodingError) and str(e).startswith("unknown encoding"):
        msg = Msg("unknown encoding {name!r}", name=e.name)
        if e.suggestions:
            msg = Msg("{msg}; did you mean {names}?", msg=msg, names=", ".join(repr(x) for x in e.suggestions))
        return localize(msg)
    return localize(e.args[0]) if len(e.args) == 1 and isinstance(e.args[0], str) else str(e)


def error_line(e: Exception) -> str:
    """The one stderr line for an error the command line reports."""
    return printable(_("{prog}: error: {message}").format(prog=prog(), message=error_message(e)))


def each_file(args: argparse.Namespace, paths: list[str], work: Callable[[Source], None]) -> bool:
    """``work`` on each of several paths, with the progress bar: a file that cannot be read
    (missing, a directory, empty, unreadable, too large) is one error line on standard error and
    the others go on, as chardetect does.  Whether any failed (the command then exits 2)."""
    failed = False
    for path in with_progress(paths, len(paths), args.progress, _("reading files")):
        args.path = path
        try:
            work(get_source(args))
        except CodecscopeError as e:
            print(error_line(e), file=sys.stderr, flush=True)
            failed = True
    return failed

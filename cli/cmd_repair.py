"""``codecscope repair``: undo mojibake in text or files; the repaired text goes to stdout."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from codecscope.repairing import Repair, repair

from codecscope.i18n import N_, Msg, _, codec_reason, os_reason

from codecscope.scanning import DEFAULT_MIN_CONFIDENCE

from .common import (CliError, Subparsers, add_fail_on_arg, add_input_args, check_encoding, check_encodings, emit,
                     get_source, int_option, number_option, parse_fail_on, prog)

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

# what --fail-on can ask about a repair: mojibake found (and repaired), characters that could not
# be recovered, a stretch with more than one plausible repair
KINDS = ("mojibake", "lost", "ambiguous")

BLOCK_CHARS = 1 << 18   # larger inputs are repaired in blocks of whole lines


def register(sub: Subparsers) -> None:
    p = sub.add_parser("repair", help=_("undo mojibake (古文码, 拼音码, Ã©, РџСЂ...) in text or a file"),
                       description=_("Find the encode/decode chain that garbled the text and run it backwards. "
                                   "Clean text and clean parts are left exactly as they were. The repaired "
                                   "text goes to stdout; --in-place rewrites the file atomically. Exit status: "
                                   "0 done, 1 a --fail-on kind was found, 2 bad usage."))
    add_input_args(p, text_help=N_("repair this text"))
    # -e/--encoding names the input's encoding, as in every other command (-i: its older spelling)
    p.add_argument("-e", "--encoding", "-i", "--input-encoding", dest="input_encoding", default="utf-8",
                   metavar="NAME", help=_("how to read (and, with --in-place, write) the file (default utf-8)"))
    p.add_argument("--via", action="append", metavar="NAME",
                   help=_("only consider chains between these encodings; repeatable, or comma-separated"))
    add_fail_on_arg(p, KINDS)
    p.add_argument("--max-depth", type=int_option(minimum=1, maximum=8), default=3, metavar="N", help=_("longest chain to undo (default 3, at most 8)"))
    p.add_argument("--in-place", action="store_true", help=_("rewrite PATH atomically (only if something changed)"))
    p.add_argument("--min-confidence", type=number_option(0.0, positive=False, maximum=1.0), default=DEFAULT_MIN_CONFIDENCE, metavar="P",
                   help=_("with --in-place, write only repairs at least this confident (default 0.9)"))
    p.add_argument("--force", action="store_true",
                   help=_("with --in-place, also write unsure, ambiguous and lossy repairs"))
    p.add_argument("--backup", metavar="SUFFIX", help=_("with --in-place, keep the original as FILE+SUFFIX"))
    p.add_argument("--explain", action="store_true", help=_("print what was found and the replayable steps"))
    p.add_argument("--json", action="store_true", help=_("print the Repair as JSON"))
    p.set_defaults(func=run)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> list[str]:
    """The lines of a file, ends kept: broken at CR and LF only.  str.splitlines also breaks at
    U+0085 and U+2028, which UTF-8 read as Latin-1 holds inside garbled characters (0x85 is a
    continuation byte), so a line cut there would be repaired in halves."""
    return _LINE.findall(text)


def _blocks(text: str) -> Iterator[str]:
    if len(text) <= BLOCK_CHARS:
        yield text
        return
    buf: list[str] = []
    size = 0
    for line in _lines(text):
        buf.append(line)
        size += len(line)
        if size >= BLOCK_CHARS:
            yield "".join(buf)
            buf, size = [], 0
    if buf:
        yield "".join(buf)


def _write(path: str, original: bytes, new: bytes, backup: str | None) -> tuple[str, ...]:
    """Replace ``path`` with ``new`` the way ``scan --fix`` does: only while it still holds
    ``original``, atomically, keeping owner and mode, and never over an existing backup (a free
    name beside it is used and named).  Returns the notes to print."""
    from codecscope import fsutil

    try:
        fd, _st = fsutil.open_regular(path)
    except fsutil.NotRegular as e:
        raise CliError(Msg("{path}: not a regular file ({kind}); nothing written", path=path, kind=str(e))) from None
    except OSError as e:
        raise CliError(Msg("{path}: cannot write ({why})", path=path, why=os_reason(e))) from None
    try:
        snapshot = fsutil.Snapshot.of(os.fstat(fd))
        if fsutil.read_fd(fd, len(original) + 1) != original:
            raise CliError(Msg("{path}: the file changed while it was being repaired; nothing written", path=path))
        done = fsutil.replace_checked(path, new, fd=fd, snapshot=snapshot, original=original, backup_suffix=backup)
    except fsutil.Refused as e:
        raise CliError(Msg("{path}: nothing written: {why}", path=path, why=str(e))) from None
    except OSError as e:
        raise CliError(Msg("{path}: cannot write ({why})", path=path, why=os_reason(e))) from None
    finally:
        os.close(fd)
    return tuple(str(n) for n in done.notes)


def run(args: argparse.Namespace) -> int:
    encodings = check_encodings(args.via, "--via") or None
    fail_on = parse_fail_on(args.fail_on, KINDS)
    in_enc = check_encoding(args.input_encoding, "-e/--encoding")
    if (args.force or args.backup) and not args.in_place:
        raise CliError(Msg("--force and --backup only make sense with --in-place"))
    if args.backup is not None and (not args.backup or "/" in args.backup or "\\" in args.backup):
        raise CliError(Msg("--backup needs a plain suffix such as .orig"))
    src = get_source(args)
    if args.in_place:
        if src.path is None:
            raise CliError(Msg("--in-place needs a PATH (not --text, --hex or stdin)"))
        _check_writable(src.path)
    if src.text is not None:
        text = src.text
    else:
        data = src.read_bytes()
        try:
            text = data.decode(in_enc)
        except UnicodeDecodeError as e:
            raise CliError(Msg("{src}: not valid {enc} at byte {at} ({why}); give -e/--encoding, or run "
                               "'codecscope diagnose' on it", src=src.label, enc=in_enc, at=e.start, why=codec_reason(e.reason))) from None
    # block by block, keeping only what is needed: the repaired text, and the results themselves only
    # when they are to be shown (a large file's results hold a fix per garbled stretch)
    keep = args.json or args.explain
    results: list[Repair] = []
    pieces: list[str] = []
    notes: dict[str, None] = {}   # the explanations, in order, once each
    found: set[str] = set()
    held: list[str] = []    # why a block's repair was not written (--in-place without --force)
    judge = args.in_place and not args.force
    for block in _blocks(text):
        for r, piece in _repaired(block, args, encodings, judge):
            why = _unsure(r, args.min_confidence) if judge else None
            pieces.append(r.text if why is None else piece)
            if why is not None:
                held.append(why)
            elif r.changed:
                notes.setdefault(r._explained(), None)
            if r.changed:
                found.add("mojibake")
            if r.lost:
                found.add("lost")
            if any(f.ambiguous for f in r.fixes):
                found.add("ambiguous")
            if keep:
                results.append(r)
    del text
    fixed = "".join(pieces)
    del pieces
    rc = 1 if found & fail_on or "any" in fail_on and found else 0
    if args.in_place:
        assert src.path is not None  # --in-place was refused above without one
        for why in dict.fromkeys(held):
            print(f"{prog()}: {src.path}: " + _("left as it is: {why} (use --force to write it)").format(why=why),
                  file=sys.stderr)
        if notes:   # something confident enough to write
            try:
                new = fixed.encode(in_enc)
            except UnicodeEncodeError as e:
                raise CliError(Msg("{path}: the repaired text has {ch}, which {enc} cannot store; use "
                                   "-e utf-8", path=src.path, ch=repr(e.object[e.start]), enc=in_enc)) from None
            notes.update(dict.fromkeys(_write(src.path, data, new, args.backup)))
        note = "; ".join(notes) or (_("nothing written") if held else _("nothing to repair"))
        print(f"{prog()}: {src.path}: {note}", file=sys.stderr)
        if args.json:
            emit(args, results[0] if len(results) == 1 else _Many(results))
        return rc
    if args.json or args.explain:
        emit(args, results[0] if len(results) == 1 else _Many(results))
        return rc
    if src.text is not None and not fixed.endswith("\n"):
        fixed += "\n"
    try:
        fixed.encode(sys.stdout.encoding or "utf-8")   # (strict: the stream's own handler may escape)
    except (UnicodeEncodeError, LookupError):
        # the repaired text is data: a stream that cannot hold it gets it as UTF-8 bytes, not escaped
        sys.stdout.flush()
        sys.stdout.buffer.write(fixed.encode("utf-8", "surrogateescape"))
        return rc
    sys.stdout.write(fixed)
    return rc


def _check_writable(path: str) -> None:
    """--in-place replaces the file: not through a symbolic link (that would replace the link with
    a copy and leave its target as it was), not a file its owner made read-only, and not a file
    with other hard links (as scan --fix)."""
    import os
    import stat

    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise CliError(Msg("{path}: a symbolic link; repair the file it points to by its own name", path=path))
    if not stat.S_ISREG(st.st_mode):
        raise CliError(Msg("{path}: not a regular file; --in-place rewrites regular files only", path=path))
    if not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise CliError(Msg("{path}: read-only; --in-place leaves it as it is", path=path))
    if st.st_nlink > 1:
        # the atomic replace gives this name a new file: the other names would keep the old bytes
        raise CliError(Msg("{path}: the file has {n} hard links; --in-place leaves it as it is (replacing it "
                           "would leave the other names with the old bytes)", path=path, n=st.st_nlink))


def _repaired(block: str, args: argparse.Namespace, encodings: list[str] | None,
              judge: bool) -> Iterator[tuple[Repair, str]]:
    """(repair, the text it repairs) for a block; a block whose repair may not be written is
    judged again line by line, as scan --fix judges a file: one unsure stretch must not hold back
    the sure ones around it."""
    r = repair(block, max_depth=args.max_depth, encodings=encodings)
    if not judge or _unsure(r, args.min_confidence) is None or "\n" not in block.rstrip("\r\n"):
        yield r, block
        return
    for line in _lines(block):
        yield repair(line, max_depth=args.max_depth, encodings=encodings), line


def _unsure(r: Repair, minimum: float) -> str | None:
    """Why a repair must not be written to a file without --force, or None: writing acts on the
    verdict, so it needs the same confidence scan --fix asks for."""
    if not r.changed:
        return None
    if any(f.ambiguous for f in r.fixes):
        return _("two readings are about equally likely")
    if r.confidence < minimum:
        return _("repair not confident ({p}, minimum {min})").format(p=f"{r.confidence:.2f}", min=f"{minimum:.2f}")
    if r.lost:
        return _("the repair marks lost characters with U+FFFD")
    return None


class _Many:
    """Several blocks of one large input, rendered together."""

    def __init__(self, results: list[Repair]) -> None:
        self.results = results

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "codecscope.repair-blocks/1", "text": "".join(r.text for r in self.results),
                "changed": any(r.changed for r in self.results),
                "blocks": [r.to_dict() for r in self.results]}

    def __str__(self) -> str:
        return "\n".join(str(r) for r in self.results if r.changed) or _("no mojibake found; the text is unchanged")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for r in self.results:
            if r.changed:
                yield r


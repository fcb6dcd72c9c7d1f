"""``codecscope diagnose``: the verdict over a whole input, streamed with bounded memory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from codecscope import diagnose
from codecscope.i18n import N_, Msg, _
from codecscope.validation import MAX_STREAM

from .common import CliError, Subparsers, add_input_args, check_encodings, emit, get_source, int_option

if TYPE_CHECKING:
    from codecscope.validation import BinaryReader


def register(sub: Subparsers) -> None:
    p = sub.add_parser("diagnose", help=_("what is wrong with this input (the main command)"),
                       description=_("Validity in the encoding(s), invalid sequences with reasons, a truncated "
                                   "tail, BOM, line endings and character counts, over the whole input. "
                                   "Files and stdin are streamed in 1 MiB blocks."))
    add_input_args(p, text_help=N_("diagnose this text (as text: suspicious characters, mojibake)"),
                   max_input=MAX_STREAM, streamed=True)
    p.add_argument("-e", "--encoding", action="append", metavar="NAME",
                   help=_("encoding to check (default utf-8); repeatable"))
    p.add_argument("--json", action="store_true", help=_("print the to_dict() schema as JSON"))
    p.add_argument("--limit", type=int_option(), default=5, metavar="N",
                   help=_("invalid sequences listed per encoding (default 5; all are counted)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    encodings = check_encodings(args.encoding) or None
    src = get_source(args)
    if src.text is not None:
        result = diagnose(src.text, encoding=encodings, keep=args.limit)
    elif src.data is not None:
        result = diagnose(src.data, encoding=encodings, keep=args.limit)
    elif src.path is not None:
        result = diagnose(Path(src.path), encoding=encodings, keep=args.limit, max_bytes=args.max_input)
        if result.size == 0:
            raise CliError(Msg("{path}: empty file, nothing to diagnose", path=src.path))
    else:
        stdin = sys.stdin.buffer
        first = stdin.read(min(1 << 20, args.max_input + 1))
        if not first:
            raise CliError(Msg("<stdin>: empty input, nothing to diagnose"))
        result = diagnose(_Prepend(first, stdin), encoding=encodings, keep=args.limit, max_bytes=args.max_input)
    emit(args, result)
    return 0


class _Prepend:
    """A reader that gives back the block already read, then the rest of the stream."""

    name = "<stdin>"

    def __init__(self, first: bytes, rest: BinaryReader) -> None:
        self._first, self._rest = first, rest

    def read(self, n: int = -1) -> bytes:
        if self._first:
            out, self._first = self._first, b""
            return out
        return self._rest.read(n)

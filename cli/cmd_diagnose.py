"""``codecscope diagnose``: the verdict over a whole input, streamed with bounded memory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from codecscope import diagnose
from codecscope.errors import InputTooLargeError
from codecscope.i18n import N_, Msg, _, localize
from codecscope.validation import MAX_STREAM

from .common import (CAP_HINT, CliError, Source, Subparsers, add_encoding_arg, add_fail_on_arg, add_input_args,
                     add_progress_args, check_encodings, each_file, emit, get_source, int_option, json_line,
                     parse_fail_on, printable, several)

if TYPE_CHECKING:
    from codecscope.diagnosis import Diagnosis
    from codecscope.validation import BinaryReader

# finding kinds --fail-on accepts; chain kinds (utf-8-read-as-gbk, ...) are accepted too, and
# 'mojibake' stands for every mojibake kind
KINDS = ("invalid-sequence", "truncated-tail", "bom", "bom-as-text", "bom-mid-text", "replacement-char",
         "control-char", "private-use", "lone-surrogate", "mixed-encoding", "mojibake", "mojibake-signature",
         "double-encoding", "ambiguous", "uninitialised-memory", "question-mark-loss", "utf-16-as-8-bit",
         "replacement-read-as-gbk", "replacement-read-as-big5")
_MOJIBAKE = frozenset(KINDS[KINDS.index("mojibake"):])


def register(sub: Subparsers) -> None:
    p = sub.add_parser("diagnose", help=_("what is wrong with this input (the main command)"),
                       description=_("Validity in the encoding(s), invalid sequences with reasons, a truncated "
                                   "tail, BOM, line endings and character counts, over the whole input. "
                                   "Files and stdin are streamed in 1 MiB blocks. Several files: one line "
                                   "each, 'PATH: VERDICT' (JSON lines with --json). Exit status: 0 done, 1 a "
                                   "--fail-on kind was found, 2 bad usage or an unreadable file."))
    add_input_args(p, text_help=N_("diagnose this text (as text: suspicious characters, mojibake)"),
                   max_input=MAX_STREAM, streamed=True, many=True)
    add_encoding_arg(p, _("encoding to check (default utf-8); repeatable, or comma-separated"))
    add_fail_on_arg(p, (*KINDS, "<x>-read-as-<y>"))
    p.add_argument("--json", action="store_true", help=_("print the to_dict() schema as JSON"))
    add_progress_args(p, _("several files"))
    p.add_argument("--limit", type=int_option(), default=5, metavar="N",
                   help=_("invalid sequences listed per encoding (default 5; all are counted, but see --count-all)"))
    p.add_argument("--count-all", action="store_true",
                   help=_("count every invalid UTF-8 sequence even in a file that is clearly another "
                          "encoding (by default counting stops after about 1 MiB once every byte is "
                          "valid in the detected encoding)"))
    p.set_defaults(func=run)


def failed(d: Diagnosis, fail_on: frozenset[str]) -> bool:
    """Whether the diagnosis shows a kind --fail-on names ('any': anything that needs attention)."""
    if not fail_on:
        return False
    if "any" in fail_on and not d.ok:
        return True
    kinds = {f.kind for f in d.findings}
    # --limit only bounds the invalid sequences listed; the gate must see the count.
    if d.validity and d.validity[0].invalid:
        kinds.add("invalid-sequence")
    if "mojibake" in fail_on and any(k in _MOJIBAKE or "-read-as-" in k for k in kinds):
        return True
    return bool(kinds & fail_on)


def run(args: argparse.Namespace) -> int:
    encodings = check_encodings(args.encoding) or None
    fail_on = parse_fail_on(args.fail_on, KINDS, open_ended=True)
    paths = several(args)
    if paths is None:
        result = _diagnose(args, get_source(args), encodings)
        emit(args, result)
        return 1 if failed(result, fail_on) else 0
    rc = 0

    def one(src: Source) -> None:
        nonlocal rc
        result = _diagnose(args, src, encodings)
        if args.json:
            print(json_line(result.to_dict()), flush=True)
        else:
            print(printable(_("{path}: {verdict}").format(path=src.label, verdict=one_line(result))), flush=True)
        if rc == 0 and failed(result, fail_on):
            rc = 1

    return 2 if each_file(args, paths, one) else rc


def one_line(d: Diagnosis) -> str:
    """The verdict, and what the findings are when there are any (a file can be valid UTF-8 and
    still hold lost characters or mojibake)."""
    verdict = localize(d.verdict)
    if not d.findings:
        return verdict
    kinds = ", ".join(dict.fromkeys(f.kind for f in d.findings))
    return (_("{verdict}; {n} finding: {kinds}") if len(d.findings) == 1 else
            _("{verdict}; {n} findings: {kinds}")).format(verdict=verdict, n=len(d.findings), kinds=kinds)


def _diagnose(args: argparse.Namespace, src: Source, encodings: list[str] | None) -> Diagnosis:
    try:
        return _diagnose_input(args, src, encodings)
    except InputTooLargeError as e:   # the library's hint names its max_bytes; here the option is the way
        raise InputTooLargeError(e.name, e.limit, CAP_HINT) from None


def _diagnose_input(args: argparse.Namespace, src: Source, encodings: list[str] | None) -> Diagnosis:
    if src.text is not None:
        return diagnose(src.text, encoding=encodings, keep=args.limit)
    if src.data is not None:
        return diagnose(src.data, encoding=encodings, keep=args.limit, count_all=args.count_all)
    if src.path is not None:
        result = diagnose(Path(src.path), encoding=encodings, keep=args.limit, max_bytes=src.max_input,
                          count_all=args.count_all)
        if result.size == 0:
            raise CliError(Msg("{path}: empty file, nothing to diagnose", path=src.path))
        return result
    stdin = sys.stdin.buffer
    first = stdin.read(min(1 << 20, src.max_input + 1))
    if not first:
        raise CliError(Msg("<stdin>: empty input, nothing to diagnose"))
    return diagnose(_Prepend(first, stdin), encoding=encodings, keep=args.limit, max_bytes=src.max_input)


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

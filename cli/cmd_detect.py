"""``codecscope detect``: which encoding the bytes are in, with the evidence for each candidate,
and the segments of a file whose lines are in different encodings.  Several files: one line each,
``path: encoding with confidence X`` as chardetect prints them (JSON lines with --json)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from codecscope.detection import Detection, detect, detect_stream
from codecscope.i18n import N_, Msg, _
from codecscope.validation import MAX_STREAM

from .common import (CliError, Deprecated, Source, Subparsers, add_encoding_arg, add_fail_on_arg, add_input_args,
                     add_progress_args, check_encodings, each_file, emit, get_source, json_document, json_line,
                     parse_fail_on, printable, several)

WHOLE = 16 << 20   # inputs up to this size are held (text and mixed segments); larger ones stream
UTF8ISH = frozenset({"utf-8", "utf-8-sig", "ascii"})
LOW_CONFIDENCE = 0.9   # as scan --fix: answers from 0.9 on are right >= 99% of the time
# what --fail-on can ask about a detection: no encoding (empty or binary input), not UTF-8 or ASCII,
# lines in different encodings, two or more encodings fitting about equally, invalid sequences
# even in the best encoding, confidence below LOW_CONFIDENCE
KINDS = ("unknown", "legacy", "mixed", "ambiguous", "invalid", "low-confidence")


def register(sub: Subparsers) -> None:
    p = sub.add_parser("detect", help=_("detect the encoding of bytes, with evidence"),
                       description=_("Detect the encoding of files, standard input or --hex bytes: ranked "
                                   "candidates with their evidence (validity, script, language, score), "
                                   "and the segments of input whose lines are in different encodings. "
                                   "Several files: one line each, 'PATH: ENCODING with confidence X' "
                                   "(JSON lines with --json). Exit status: 0 detected, 1 a --fail-on kind "
                                   "was found, 2 bad usage or an unreadable file."))
    add_input_args(p, text_help=N_("detect this text encoded as UTF-8 (mostly useful for trying things out)"),
                   max_input=MAX_STREAM, streamed=True, many=True)
    add_encoding_arg(p, _("an encoding to choose from (repeatable, or comma-separated; default: "
                          "codecscope's own list)"))
    p.add_argument("-c", "--candidates", dest="encoding", action=Deprecated, append=True, instead="-e/--encoding")
    add_fail_on_arg(p, KINDS)
    p.add_argument("--json", action="store_true", help=_("print the to_dict() schema as JSON"))
    add_progress_args(p, _("several files"))
    p.add_argument("--with-text", action="store_true",
                   help=_("with --json, embed the decoded text (left out by default: it is as large as the input)"))
    p.set_defaults(func=run)


def kinds_of(det: Detection) -> set[str]:
    """The --fail-on kinds a detection shows."""
    if det.encoding is None:
        return {"unknown"}
    out: set[str] = set()
    if det.encoding not in UTF8ISH and not det.mixed:
        out.add("legacy")
    if det.mixed:
        out.add("mixed")
    if det.ambiguous:
        out.add("ambiguous")
    if det.best is not None and not det.best.valid:
        out.add("invalid")
    if det.confidence < LOW_CONFIDENCE:
        out.add("low-confidence")
    return out


def failed(det: Detection, fail_on: frozenset[str]) -> bool:
    kinds = kinds_of(det)
    return bool(kinds & fail_on or "any" in fail_on and kinds - {"legacy"})


def run(args: argparse.Namespace) -> int:
    candidates = check_encodings(args.encoding) or None
    fail_on = parse_fail_on(args.fail_on, KINDS)
    paths = several(args)
    if paths is None:
        src = get_source(args)
        det = _detect(src, candidates, args.with_text)
        _emit(args, det)
        return 1 if failed(det, fail_on) else 0
    rc = 0

    def one(src: Source) -> None:
        nonlocal rc
        det = _detect(src, candidates, args.with_text)
        path = src.label   # several() takes files only: a file's label is its path
        if args.json:
            print(json_line({**det.to_dict(text=args.with_text), "path": path}), flush=True)
        else:
            print(printable(one_line(path, det)), flush=True)
        if rc == 0 and failed(det, fail_on):
            rc = 1

    return 2 if each_file(args, paths, one) else rc


def one_line(path: str, det: Detection) -> str:
    """chardetect's line: ``path: encoding with confidence 0.99``, ``path: no result`` when none."""
    if det.encoding is None:
        return _("{path}: no result").format(path=path)
    line = _("{path}: {encoding} with confidence {confidence}").format(
        path=path, encoding=det.encoding, confidence=round(det.confidence, 2))
    if det.mixed:
        line += " " + _("(mixed: {encodings})").format(encodings=", ".join(dict.fromkeys(s.encoding for s in det.segments)))
    elif det.ambiguous:
        line += " " + _("(ambiguous)")
    return line


def _detect(src: Source, candidates: list[str] | None, text: bool = False) -> Detection:
    """The detection of one input: held whole up to WHOLE bytes, streamed past that; its decoded
    text only when it is to be printed (--with-text)."""
    blocks = src.blocks()
    held: list[bytes] = []   # joined once: a big file is copied once, not at every block
    size = 0
    for chunk in blocks:
        held.append(chunk)
        size += len(chunk)
        if size > WHOLE:
            break
    else:
        if not size:
            raise CliError(Msg("{label}: empty input, nothing to detect", label=src.label))
        data = b"".join(held)
        held.clear()   # the blocks go as soon as they are joined
        return detect(data, candidates=candidates, text=text)

    def rest() -> Iterator[bytes]:  # src.blocks() stops an endless stream at --max-input
        first = b"".join(held)
        held.clear()
        yield first
        yield from blocks

    return detect_stream(rest(), candidates=candidates)


def _emit(args: argparse.Namespace, det: Detection) -> None:
    if args.json:
        print(json_document(det.to_dict(text=args.with_text)))
    else:
        emit(args, det)

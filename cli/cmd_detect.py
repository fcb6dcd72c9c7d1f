"""``codecscope detect``: which encoding the bytes are in, with the evidence for each candidate,
and the segments of a file whose lines are in different encodings."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from codecscope.detection import Detection, detect, detect_stream

from codecscope.i18n import N_, Msg, _
from codecscope.validation import MAX_STREAM

from .common import CliError, Subparsers, add_input_args, check_encodings, emit, get_source

WHOLE = 16 << 20   # inputs up to this size are held (text and mixed segments); larger ones stream


def register(sub: Subparsers) -> None:
    p = sub.add_parser("detect", help=_("detect the encoding of bytes, with evidence"),
                       description=_("Detect the encoding of a file, standard input or --hex bytes: ranked "
                                   "candidates with their evidence (validity, script, language, score), "
                                   "and the segments of input whose lines are in different encodings."))
    add_input_args(p, text_help=N_("detect this text encoded as UTF-8 (mostly useful for trying things out)"),
                   max_input=MAX_STREAM, streamed=True)
    p.add_argument("-c", "--candidates", metavar="NAMES",
                   help=_("comma-separated encodings to choose from (default: codecscope's own list)"))
    p.add_argument("--json", action="store_true", help=_("print the to_dict() schema as JSON"))
    p.add_argument("--with-text", action="store_true",
                   help=_("with --json, embed the decoded text (left out by default: it is as large as the input)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    candidates = None
    if args.candidates is not None:
        names = [n.strip() for n in args.candidates.split(",") if n.strip()]
        if not names:
            raise CliError(Msg("--candidates needs at least one encoding name"))
        candidates = check_encodings(names)
    src = get_source(args)
    blocks = src.blocks()
    held = bytearray()
    for chunk in blocks:
        held += chunk
        if len(held) > WHOLE:
            break
    else:
        if not held:
            raise CliError(Msg("{label}: empty input, nothing to detect", label=src.label))
        _emit(args, detect(bytes(held), candidates=candidates))
        return 0

    def rest() -> Iterator[bytes]:  # src.blocks() stops an endless stream at --max-input
        yield bytes(held)
        yield from blocks

    _emit(args, detect_stream(rest(), candidates=candidates))
    return 0


def _emit(args: argparse.Namespace, det: Detection) -> None:
    if args.json:
        import json

        print(json.dumps(det.to_dict(text=args.with_text), ensure_ascii=False, indent=2))
    else:
        emit(args, det)

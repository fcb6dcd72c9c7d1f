"""``codecscope boundaries``: which edges of a given recv/read size cut a character."""

from __future__ import annotations

import argparse

from codecscope.i18n import N_, Msg, _, codec_reason

from .common import CliError, Subparsers, add_input_args, check_encodings, emit, get_source, int_option

MAX_BOUNDARY_INPUT = 256 << 20


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "boundaries",
        help=_("show where a chunk size (e.g. recv(1024)) cuts characters"),
        description=_("Split the input into chunks of --chunk bytes, as sock.recv(N) or f.read(N) might, "
                    "and list every edge that cuts a character: the character, the bytes on each side, "
                    "the exception a naive per-chunk decode raises and what errors='replace' gives. "
                    "Exit status: 0 no edge cuts a character, 1 some edge does, 2 bad usage."),
    )
    add_input_args(p, text_help=N_("inspect this text, encoded in --encoding"), max_input=MAX_BOUNDARY_INPUT)
    p.add_argument("--chunk", type=int_option(minimum=1), default=1024, metavar="N",
                   help=_("chunk size in bytes (default: 1024)"))
    p.add_argument("--encoding", "-e", metavar="ENC",
                   help=_("encoding of the bytes (default: UTF-8 if they are valid UTF-8, else the encoding "
                        "that decodes them best; --text is encoded in UTF-8 unless given)"))
    p.add_argument("--json", action="store_true", help=_("print the to_dict() schema as JSON"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from codecscope.stream import boundaries

    names = check_encodings([args.encoding]) if args.encoding is not None else []
    if len(names) > 1:   # the cuts are those of one encoding's characters
        raise CliError(Msg("boundaries takes one encoding, not {n} ({names})", n=len(names), names=", ".join(names)))
    enc = names[0] if names else None
    src = get_source(args)
    if src.text is not None:
        try:
            data = src.text.encode(enc or "utf-8")
        except UnicodeEncodeError as e:
            raise CliError(Msg("--text cannot be encoded in {enc}: {chars!r} ({why})", enc=enc or "utf-8",
                               chars=src.text[e.start:e.end], why=codec_reason(e.reason))) from None
    else:
        data = src.read_bytes()
    report = boundaries(data, args.chunk, enc if enc or src.text is None else "utf-8")
    emit(args, report)
    return 0 if report.ok else 1

"""``codecscope explain``: every unit of the bytes (or every character of --text), in each
plausible encoding, with the reason each invalid unit is rejected."""

from __future__ import annotations

import argparse

from codecscope import explain
from codecscope.i18n import N_, _

from .common import add_encoding_arg, add_input_args, check_encodings, emit, get_source, int_option


def register(sub: Subparsers) -> None:
    p = sub.add_parser("explain", help=_("show every byte unit / character and why a decode breaks"),
                       description=_("Show the input unit by unit in UTF-8 and the encodings that decode it "
                                   "best (or the ones you name), with the reason for every invalid unit."))
    add_input_args(p, text_help=N_("explain this text character by character (code points, names, bytes)"))
    add_encoding_arg(p, _("a reading (bytes) or a byte column (--text) to show; repeatable, or comma-separated"))
    p.add_argument("--json", action="store_true", help=_("print the to_dict() schema as JSON"))
    p.add_argument("--limit", type=int_option(), default=200, metavar="N", help=_("rows per table (0 = all; default 200)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    encodings = check_encodings(args.encoding) or None
    src = get_source(args)
    obj = src.text if src.text is not None else src.read_bytes()
    emit(args, explain(obj, encodings, limit=args.limit or None))
    return 0

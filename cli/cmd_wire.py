"""``codecscope wire HOST:PORT``: what does this server really send?"""

from __future__ import annotations

import argparse

from codecscope.i18n import Msg, _

from .common import CliError, Subparsers, check_encoding, emit, int_option, number_option, parse_hex


def parse_address(value: str) -> tuple[str, int]:
    """``HOST:PORT``, ``[::1]:PORT`` or ``:PORT`` (loopback)."""
    host, sep, port = value.rpartition(":")
    # an IPv6 address without brackets ('::1') would read as host ':' and port 1
    if not sep or not port.isdigit() or (":" in host and not (host.startswith("[") and host.endswith("]"))):
        raise CliError(Msg("{value!r}: expected HOST:PORT, e.g. 127.0.0.1:7 or [::1]:7", value=value))
    if not 0 < int(port) < 65536:
        raise CliError(Msg("{value!r}: port {port} is out of range (1–65535)", value=value, port=int(port)))
    host = host.strip("[]") or "127.0.0.1"
    return host, int(port)


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "wire",
        help=_("connect to a server and diagnose the bytes it sends"),
        description=_("Connect, optionally send something, read until the server closes, goes quiet for "
                    "--timeout seconds or --max-bytes arrive, then report encoding and validity, BOM, "
                    "line endings, mojibake and which receive edges cut characters. Exit status: 0 OK, "
                    "1 an expectation failed (e.g. --expect-encoding), 2 cannot connect or bad usage."),
    )
    p.add_argument("address", metavar="HOST:PORT")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--send", metavar="TEXT", help=_("send this text (encoded in --encoding)"))
    g.add_argument("--send-hex", metavar="HEX", help=_("send these bytes"))
    p.add_argument("--encoding", "-e", metavar="ENC", help=_("encoding for --send (default: utf-8)"))
    p.add_argument("--expect-encoding", metavar="ENC", help=_("fail unless the reply is clean text in ENC"))
    p.add_argument("--timeout", type=number_option(), default=5.0, metavar="S", help=_("connect and idle timeout (default: 5)"))
    p.add_argument("--deadline", type=number_option(), default=30.0, metavar="S",
                   help=_("stop after S seconds in all, however slowly the server sends (default: 30)"))
    p.add_argument("--max-bytes", type=int_option(1), default=1 << 20, metavar="N", help=_("stop after N bytes (default: 1 MiB)"))
    p.add_argument("--half-close", action="store_true", help=_("shut down the sending side after --send"))
    p.add_argument("--json", action="store_true", help=_("print the to_dict() schema as JSON"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from codecscope.wire import check

    host, port = parse_address(args.address)
    if args.encoding is not None:
        check_encoding(args.encoding, "--encoding")
    if args.expect_encoding is not None:
        check_encoding(args.expect_encoding, "--expect-encoding")
    send = parse_hex(args.send_hex) if args.send_hex is not None else args.send
    report = check(host, port, send=send, encoding=args.encoding, expect_encoding=args.expect_encoding,
                   timeout=args.timeout, max_bytes=args.max_bytes, half_close=args.half_close,
                   deadline=args.deadline)
    emit(args, report)
    return 0 if report.ok else 1

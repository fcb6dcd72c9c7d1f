"""``codecscope echo serve`` (a TCP echo server) and ``codecscope echo test HOST:PORT``."""

from __future__ import annotations

import argparse
import sys

from codecscope.i18n import Msg, _, os_reason

from .cmd_wire import parse_address
from .common import CliError, Subparsers, check_encoding, emit, int_option, missing_command, number_option


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("echo", help=_("a TCP echo server and a byte-exact round-trip tester"),
                              description=_("'serve' runs an RFC 862 echo server; 'test' checks any echo "
                                          "server byte for byte."))
    sub = p.add_subparsers(dest="echo_command", metavar="serve|test")
    s = sub.add_parser("serve", help=_("run an asyncio echo server (Ctrl-C stops it)"),
                       description=_("Run an echo server and print the bound address. --mode naive and "
                                   "--mode transcode reproduce real bugs on purpose."))
    s.add_argument("--host", default="127.0.0.1", help=_("address to bind (default: 127.0.0.1, loopback)"))
    s.add_argument("--port", type=int_option(0, 65535), default=0, help=_("port (default: 0, any free port)"))
    s.add_argument("--mode", choices=("echo", "naive", "transcode"), default="echo",
                   help=_("echo: byte-exact; naive: decode each recv chunk with errors='replace'; "
                        "transcode: decode UTF-8, send back --to"))
    s.add_argument("--to", default="gbk", metavar="ENC", help=_("encoding for --mode transcode (default: gbk)"))
    s.add_argument("--max-clients", type=int_option(1, 1 << 20), default=1024, metavar="N",
                   help=_("connections served at once; past it the one idle the longest is closed, or a newcomer refused (default: 1024)"))
    s.add_argument("--idle-timeout", type=number_option(), default=60.0, metavar="S",
                   help=_("close connections silent this long (default: 60)"))
    s.add_argument("--max-bytes", type=int_option(1), default=1 << 30, metavar="N",
                   help=_("close a connection after echoing N bytes (default: 1 GiB)"))
    s.set_defaults(func=run_serve)
    t = sub.add_parser("test", help=_("send a battery of payloads and compare every byte that comes back"),
                       description=_("Each row passes when every byte comes back and the server closes after our "
                                   "half-close; failures are named with their cause and fix. Exit status: "
                                   "0 all counted rows pass, 1 any fails, 2 cannot connect or bad usage."))
    t.add_argument("address", metavar="HOST:PORT")
    t.add_argument("--clients", type=int_option(1, 10000), default=1, metavar="N", help=_("concurrent clients per case"))
    t.add_argument("--chunking", action="append", choices=("whole", "bytes", "split", "random", "messages"),
                   help=_("only these chunkings (repeatable; default: all)"))
    t.add_argument("--case", action="append", metavar="NAME", help=_("only these cases (repeatable)"))
    t.add_argument("--timeout", type=number_option(), default=30.0, metavar="S",
                   help=_("deadline for each connection as a whole: connect, send, receive (default: 30)"))
    t.add_argument("--idle", type=number_option(), default=3.0, metavar="S",
                   help=_("stop reading after S seconds without data (default: 3)"))
    t.add_argument("--seed", type=int, default=0, help=_("seed for the random chunking"))
    t.add_argument("--encoding", "-e", metavar="ENC",
                   help=_("the server handles text in ENC: cases that are not ENC text are kept apart "
                        "(shown, not counted in the exit status)"))
    t.add_argument("--json", action="store_true", help=_("print the to_dict() schema as JSON"))
    t.set_defaults(func=run_test)

    def usage(args: argparse.Namespace) -> int:
        return missing_command(p)

    p.set_defaults(func=usage)


def run_serve(args: argparse.Namespace) -> int:
    import asyncio

    from codecscope.echo import serve

    check_encoding(args.to, "--to")

    def ready(addr: tuple[str, int]) -> None:
        host = f"[{addr[0]}]" if ":" in addr[0] else addr[0]   # the form HOST:PORT arguments take
        print(_("codecscope echo ({mode}) listening on {host}:{port}").format(mode=args.mode, host=host,
                                                                            port=addr[1]), flush=True)

    try:
        stats = asyncio.run(serve(args.host, args.port, args.mode, args.to, max_clients=args.max_clients,
                                  idle_timeout=args.idle_timeout, max_bytes=args.max_bytes, on_ready=ready))
    except OSError as e:
        raise CliError(Msg("cannot listen on {host}:{port}: {why}", host=args.host, port=args.port,
                           why=os_reason(e))) from None
    print(_("stopped: {served} connection(s), {bytes_in} bytes in, {bytes_out} bytes out").format(
        served=stats.served, bytes_in=stats.bytes_in, bytes_out=stats.bytes_out),
          file=sys.stderr)
    return 0


def run_test(args: argparse.Namespace) -> int:
    from codecscope.echo import CHUNKINGS, battery, roundtrip

    host, port = parse_address(args.address)
    cases = battery()
    if args.case:
        names = {c.name for c in cases}
        unknown = [c for c in args.case if c not in names]
        if unknown:
            raise CliError(Msg("unknown case {case!r}; choose from {names}", case=unknown[0],
                               names=", ".join(sorted(names))))
        cases = [c for c in cases if c.name in args.case]
    encoding = check_encoding(args.encoding, "--encoding") if args.encoding else None
    report = roundtrip(host, port, cases=cases, chunkings=tuple(args.chunking or CHUNKINGS),
                       clients=args.clients, timeout=args.timeout, idle=args.idle, seed=args.seed,
                       encoding=encoding)
    emit(args, report)
    return report.exit_code

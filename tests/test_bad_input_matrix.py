"""Every subcommand against every class of bad value: one line on stderr naming the problem, exit
status 2, no traceback, and quickly.

The whole matrix runs in-process through ``main()`` (fast); a sample runs as real processes under
both program names, ``codecscope`` and ``codescope``, to prove the same holds outside pytest.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

import codecscope
from codecscope.cli.main import main

HUGE = "99999999999999999999"
NOT_TEXT = ["idna", "punycode", "undefined", "rot13", "unicode-escape"]

# Each command: the arguments that make an otherwise valid call, and its options by kind.
# `enc`: an encoding name; `encs`: a comma-separated list; `int`/`float`: numbers; `size`: --max-input.
COMMANDS = {
    "diagnose": (["--hex", "ff"], {"-e": "enc", "--limit": "int", "--max-input": "size"}),
    "explain": (["--hex", "ff"], {"-e": "enc", "--limit": "int", "--max-input": "size"}),
    "detect": (["--hex", "ff"], {"-e": "encs", "--max-input": "size"}),
    "repair": (["--text", "abc"], {"--via": "encs", "-i": "enc", "--max-depth": "int1", "--max-input": "size"}),
    "boundaries": (["--hex", "ff"], {"-e": "enc", "--chunk": "int1", "--max-input": "size"}),
    "scan": (["{empty_dir}"], {"--to": "enc", "--jobs": "int1", "--max-size": "int",
                               "--min-confidence": "prob"}),
    "echo serve": (["--port", "0"], {"--to": "enc", "--port": "port", "--max-clients": "int1",
                                     "--max-bytes": "int1", "--idle-timeout": "float"}),
    "echo test": (["127.0.0.1:{closed_port}"], {"--clients": "int1", "--timeout": "float", "--idle": "float"}),
    "wire": (["127.0.0.1:{closed_port}"], {"-e": "enc", "--expect-encoding": "enc", "--timeout": "float",
                                          "--max-bytes": "int1"}),
}

# Bad values per kind of option, with what the message must mention.
BAD = {
    "enc": [("klingon", "klingon"), *[(n, n) for n in NOT_TEXT], ("", "encoding name")],
    "encs": [("klingon", "klingon"), ("idna,punycode", "idna"), ("undefined", "undefined"), (",", "encoding name")],
    "int": [(HUGE, HUGE), ("-1", "-1"), ("abc", "abc"), ("1.5", "1.5")],
    "int1": [(HUGE, HUGE), ("-1", "-1"), ("0", "0"), ("abc", "abc"), ("nan", "nan")],
    "port": [("70000", "70000"), ("-1", "-1"), (HUGE, HUGE)],
    "float": [("nan", "nan"), ("inf", "inf"), ("-1", "-1"), ("0", "0"), ("abc", "abc"), ("1e999", "inf")],
    "prob": [("nan", "nan"), ("2", "2"), ("-0.5", "-0.5"), ("abc", "abc")],
    "size": [("0", "0"), ("-5", "-5"), ("lots", "lots"), ("12Q", "12Q"), (HUGE + "G", HUGE)],
}

# Owned by other work in progress (scan's options).  Listed, not hidden: each is reported as xfail
# until that work lands; the ones that would start a server or a client for ever are not run.
PENDING: set = set()
HANGS: set = set()


def _option_cases():
    for cmd, (base, options) in COMMANDS.items():
        for opt, kind in options.items():
            for value, says in BAD[kind]:
                case = (cmd, opt, value)
                marks = [pytest.mark.xfail(reason="option check pending in the network/scan work", strict=False,
                                           run=case not in HANGS)] if case in PENDING | HANGS else []
                # A number is named by its option (a digit alone would match anything), a name by itself.
                name = opt.lstrip("-")
                says = (says,) if kind in ("enc", "encs") else (name, name.replace("-", "_"))
                yield pytest.param(cmd, [*base, f"{opt}={value}"], says,
                                   id=f"{cmd}-{opt}={value}", marks=marks)


INPUT_COMMANDS = ["diagnose", "explain", "detect", "repair", "boundaries"]


def _input_cases():
    """Bad or hostile input for the commands that read one."""
    for cmd in INPUT_COMMANDS:
        yield cmd, ["{empty_file}"], "empty"
        yield cmd, ["/dev/null"], "empty"
        yield cmd, ["-"], "empty"                      # empty standard input
        yield cmd, ["--hex", ""], "empty"
        yield cmd, ["--text", ""], "empty"
        yield cmd, ["{missing}"], "no such file"
        yield cmd, ["{empty_dir}"], "directory"
        yield cmd, ["--hex", "zz"], "hex"
        yield cmd, ["--hex", "abc"], "odd number"
        yield cmd, ["--hex", "ff", "--text", "x"], "give one input"
        yield cmd, ["/dev/zero", "--max-input", "64K"], "more than 64 KiB"
        yield cmd, ["{big_file}", "--max-input", "1K"] if cmd not in ("diagnose", "detect") else \
            ["-", "--max-input", "1K"], "more than 1 KiB"
        yield cmd, ["--no-such-option"], "unrecognized"


def _global_cases():
    yield "", [], "a command is needed: diagnose, explain"
    yield "", ["frobnicate"], "invalid choice"
    yield "", ["--no-such-option"], "unrecognized"
    yield "echo", [], "codecscope echo: error: a command is needed: serve, test"
    yield "echo", ["--no-such-option"], "codecscope echo: error: unrecognized arguments"
    yield "echo test", ["127.0.0.1:1", "--no-such-option"], "codecscope echo test: error: unrecognized"
    yield "diagnose", ["--hex", "ff", "--no-such-option"], "see 'codecscope diagnose --help'"
    yield "wire", ["nowhere"], "HOST:PORT"
    yield "wire", ["127.0.0.1:99999"], "out of range (1–65535)"
    yield "echo test", ["127.0.0.1:0"], "out of range (1–65535)"
    yield "echo test", ["127.0.0.1:{closed_port}", "--case", "nope"], "unknown case"
    yield "scan", ["{missing}"], "no such"
    yield "scan", ["--fail-on", "nonsense", "{empty_dir}"], "nonsense"
    yield "scan", ["--backup", ".orig", "{empty_dir}"], "--fix"
    yield "repair", ["--in-place", "--text", "x"], "--in-place"
    yield "diagnose", ["a\nb.txt"], "a\\x0ab.txt: no such file"          # a newline in a file name
    yield "explain", [b"\xff.txt".decode("utf-8", "surrogateescape")], "\\udcff.txt: no such file"
    yield "explain", ["x", "y\r"], "unrecognized arguments: y\\x0d"
    yield "demo", ["--no-such-option"], "unrecognized"


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    root = tmp_path_factory.mktemp("matrix")
    (root / "empty.txt").write_bytes(b"")
    (root / "big.txt").write_bytes(b"x" * 4096)
    (root / "dir").mkdir()
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))   # bound, never listening: connections to it are refused
    port = s.getsockname()[1]
    yield {"empty_file": str(root / "empty.txt"), "big_file": str(root / "big.txt"), "empty_dir": str(root / "dir"),
           "missing": str(root / "missing.txt"), "closed_port": str(port)}
    s.close()


def _fill(argv, places):
    return [a.format(**places) for a in argv]


class _Stdin(io.TextIOWrapper):
    def isatty(self) -> bool:
        return False


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang("still running after 30 s")


def _run_inprocess(argv, monkeypatch, capsys, stdin: bytes):
    monkeypatch.setattr(sys, "stdin", _Stdin(io.BytesIO(stdin)))
    start = time.monotonic()
    old = signal.signal(signal.SIGALRM, _alarm)   # a case that starts serving fails instead of hanging
    signal.alarm(30)
    try:
        code = main(argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    return code, out, err, elapsed


def _check(code, err, says, elapsed):
    assert "Traceback" not in err, err
    assert code == 2, (code, err)
    assert err.count("\n") == 1 and err.endswith("\n"), err
    says = (says,) if isinstance(says, str) else says   # the value, or the option's name
    assert any(s.lower() in err.lower() for s in says), err
    assert elapsed < 10, elapsed   # "a few seconds", loosely: the machine is shared


@pytest.mark.parametrize("cmd,args,says", list(_option_cases()))
def test_bad_option_values(cmd, args, says, places, monkeypatch, capsys):
    code, _, err, elapsed = _run_inprocess(cmd.split() + _fill(args, places), monkeypatch, capsys, b"")
    _check(code, err, says, elapsed)


@pytest.mark.parametrize("cmd,args,says", [pytest.param(*c, id=f"{c[0]}-{' '.join(c[1])}") for c in _input_cases()])
def test_bad_input(cmd, args, says, places, monkeypatch, capsys):
    stdin = b"y" * 4096 if args[:1] == ["-"] and "--max-input" in args else b""
    code, _, err, elapsed = _run_inprocess([cmd, *_fill(args, places)], monkeypatch, capsys, stdin)
    _check(code, err, says, elapsed)


@pytest.mark.parametrize("cmd,args,says", [pytest.param(*c, id=f"{c[0] or '-'}-{' '.join(c[1])}") for c in _global_cases()])
def test_bad_usage(cmd, args, says, places, monkeypatch, capsys):
    code, _, err, elapsed = _run_inprocess(cmd.split() + _fill(args, places), monkeypatch, capsys, b"")
    assert code == 2 and "Traceback" not in err and says.lower() in err.lower(), err
    _check(code, err, says, elapsed)   # a missing command too: one line naming the choices, not the help


def test_matrix_covers_every_subcommand():
    from codecscope.cli.main import COMMANDS as ALL

    covered = {c.split()[0] for c in COMMANDS} | set(INPUT_COMMANDS) | {c for c, _, _ in _global_cases()}
    assert set(ALL) <= covered


# -- as real processes, under both names ----------------------------------------------------------

SAMPLE = [
    (["explain", "--hex", "ff", "--limit", HUGE], HUGE),
    (["diagnose", "--hex", "ff", "-e", "idna"], "idna"),
    (["detect", "-e", "idna,punycode", "--hex", "ff"], "idna"),
    (["repair", "/dev/null"], "empty"),
    (["repair", "-"], "empty"),
    (["boundaries", "{empty_file}"], "empty"),
    (["diagnose", "/dev/zero", "--max-input", "1M"], "more than 1 MiB"),
    (["detect", "-", "--max-input", "64K"], "more than 64 KiB"),
    (["explain", "-", "--max-input", "64K"], "more than 64 KiB"),
    (["repair", "-", "--max-input", "64K"], "more than 64 KiB"),
    # (either refusal will do: the undecodable --text byte is named before the encoding is looked up)
    (["detect", "--text", b"\xff".decode("utf-8", "surrogateescape"), "-e", "rot13"], ("rot13", "byte 0xff")),
    (["scan", "--jobs", "0", "{empty_dir}"], "--jobs"),
]


def _programs():
    """Both names: the installed scripts when they are on PATH next to this Python, else the module."""
    here = os.path.dirname(sys.executable)
    for name in ("codecscope", "codescope"):
        script = shutil.which(name, path=here)
        yield name, [script] if script else [sys.executable, "-m", "codecscope.cli.main"]


@pytest.mark.parametrize("name,prog", list(_programs()), ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("argv,says", SAMPLE, ids=[" ".join(a) for a, _ in SAMPLE])
def test_as_a_process(name, prog, argv, says, places):
    stdin = subprocess.DEVNULL
    feed = None
    if argv[1:2] == ["-"] and "--max-input" in argv:
        stdin, feed = subprocess.PIPE, b"z" * (1 << 20)   # more than the cap, as an endless pipe would be
    start = time.monotonic()
    p = subprocess.run([*prog, *_fill(argv, places)], input=feed, stdin=None if feed else stdin,
                       capture_output=True, timeout=60)
    elapsed = time.monotonic() - start
    err = p.stderr.decode("utf-8", "replace")
    _check(p.returncode, err, says, elapsed)


@pytest.mark.parametrize("call", [
    lambda: codecscope.detect(None), lambda: codecscope.detect(123), lambda: codecscope.detect("text"),
    lambda: codecscope.segments(None), lambda: codecscope.boundaries(None, 4),
    lambda: list(codecscope.iter_text(None)), lambda: codecscope.recv_text(None, "utf-8"),
    lambda: codecscope.explain(None), lambda: codecscope.diagnose(None), lambda: codecscope.repair(b"x"),
    lambda: list(codecscope.walk(None, "utf-8")), lambda: list(codecscope.scan(None)),
    lambda: codecscope.detect_file(None), lambda: codecscope.detect_stream(None),
])
def test_an_argument_of_the_wrong_type_is_a_type_error(call):
    """docs/errors.md: a wrong type is InputTypeError, which is both a TypeError and an InputError."""
    with pytest.raises(codecscope.InputTypeError) as e:
        call()
    assert isinstance(e.value, TypeError) and isinstance(e.value, codecscope.InputError)


def test_a_symlink_loop_and_several_boundaries_encodings_are_named(tmp_path, capsys):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert main(["diagnose", str(loop)]) == 2
    assert "symbolic link that leads nowhere" in capsys.readouterr().err
    assert main(["boundaries", "-e", "gbk,utf-8", "--text", "黑马"]) == 2
    assert "one encoding" in capsys.readouterr().err

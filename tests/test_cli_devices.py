"""Devices and endless input on the streaming commands (detect, diagnose): a character device
such as /dev/zero is stopped at the smaller cap of the commands that hold their input, unless
--max-input says otherwise, while a pipe keeps the large one (a real log may be piped in); the
error names the option, not the library's parameter."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from codecscope.cli import common
from codecscope.cli.main import main

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")


@pytest.fixture
def small_device_cap(monkeypatch):
    """The device cap made 1 MiB, so that reaching it is quick."""
    monkeypatch.setattr(common, "MAX_HELD", 1 << 20)


@pytest.mark.parametrize("cmd", ["detect", "diagnose"])
def test_device_without_max_input_stops_at_the_device_cap(cmd, small_device_cap, capsys):
    assert main([cmd, "/dev/zero"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "more than 1 MiB of input" in err[0], err
    assert "--max-input" in err[0] and "max_bytes" not in err[0]


@pytest.mark.parametrize("cmd", ["detect", "diagnose"])
def test_max_input_given_overrides_the_device_cap(cmd, small_device_cap, capsys):
    assert main([cmd, "--max-input", "2M", "/dev/zero"]) == 2
    assert "more than 2 MiB of input" in capsys.readouterr().err


@pytest.mark.parametrize("cmd", ["detect", "diagnose"])
def test_a_pipe_keeps_the_stream_cap(cmd):
    # 2 MiB through a pipe, the device cap made 1 MiB in the child: read to its end, no error
    code = ("import sys; from codecscope.cli import common; common.MAX_HELD = 1 << 20; "
            "from codecscope.cli.main import main; sys.exit(main(sys.argv[1:]))")
    p = subprocess.run([sys.executable, "-c", code, cmd, "-"], input=b"plain text line\n" * (1 << 17),
                       capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")


def test_device_from_standard_input_gets_the_device_cap(small_device_cap, capsys, monkeypatch):
    with open("/dev/zero", "rb") as f:
        monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": f, "fileno": f.fileno, "isatty": lambda self: False})())
        assert main(["detect", "-"]) == 2
    assert "more than 1 MiB of input" in capsys.readouterr().err


def test_help_names_both_defaults(capsys):
    try:
        main(["detect", "--help"])
    except SystemExit:
        pass
    out = " ".join(capsys.readouterr().out.split())
    assert "1GiB; 64MiB from a device" in out

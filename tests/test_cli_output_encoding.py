"""Standard output that cannot hold every character (PYTHONIOENCODING=ascii, a legacy Windows
console or redirect): reports are escaped (JSON stays valid JSON with the right text), repair's
text, which is data, comes out as UTF-8 bytes, and nothing ends in a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

COMMAND = [sys.executable, "-m", "codecscope"]


def run(*args, encoding="ascii"):
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    p = subprocess.run([*COMMAND, *args], capture_output=True, timeout=120, env=env)
    assert b"Traceback" not in p.stderr, p.stderr.decode("utf-8", "replace")
    return p


@pytest.mark.parametrize("args", [["explain", "--text", "黑"], ["detect", "--hex", "e9bb91"],
                                  ["--lang", "zh", "diagnose", "--hex", "e9bb91"], ["boundaries", "--text", "黑马"]])
@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_reports_are_escaped_not_a_traceback(args, encoding):
    p = run(*args, encoding=encoding)
    assert p.returncode in (0, 1)
    assert p.stdout and p.stdout.decode(encoding)   # what was written fits the stream


def test_json_stays_valid_with_the_right_text():
    p = run("detect", "--json", "--with-text", "--text", "黑 😀 é")
    assert p.returncode == 0
    assert json.loads(p.stdout.decode("ascii"))["text"] == "黑 😀 é"


def test_repair_writes_its_text_as_utf8_bytes():
    p = run("repair", "--text", "CafÃ© 黑 😀")
    assert p.returncode == 0
    assert p.stdout == "Café 黑 😀\n".encode("utf-8")

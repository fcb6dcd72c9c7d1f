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


# -- file names that are not valid UTF-8 ---------------------------------------------------------

posix_names = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="needs a file system that takes any bytes in a name")


def _odd_file(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")   # Latin-1 'café.txt' on a UTF-8 system
    with open(name, "wb") as f:
        f.write("déjà vu, naïve café\n".encode("cp1252"))
    return os.fsdecode(name)


@posix_names
@pytest.mark.parametrize("args", [["diagnose"], ["detect"], ["explain"], ["boundaries"]])
def test_an_undecodable_file_name_on_a_strict_utf8_stdout_is_escaped_not_a_traceback(tmp_path, args):
    # a UTF-8 locale's terminal is strict: the name's lone surrogate ended in UnicodeEncodeError
    p = run(*args, _odd_file(tmp_path), encoding="utf-8:strict")
    assert p.returncode == 0 and p.stdout.decode("utf-8")


@posix_names
@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
@pytest.mark.parametrize("command", ["diagnose", "detect", "explain"])
def test_json_with_an_undecodable_file_name_is_valid_utf8_json(tmp_path, command, errors):
    # written raw, the name's byte 0xE9 made the document invalid UTF-8 (or raised, on a strict stream)
    path = _odd_file(tmp_path)
    p = run(command, "--json", path, encoding="utf-8:" + errors)
    assert p.returncode == 0
    doc = json.loads(p.stdout.decode("utf-8"))
    assert command != "diagnose" or doc["name"].endswith("caf\udce9.txt")   # the one that names its input


@posix_names
@pytest.mark.parametrize("command", ["diagnose", "detect"])
def test_a_bidi_override_in_a_file_name_is_shown_escaped(tmp_path, command):
    # '\u202e' would show the rest of the line reversed: one line per file must say what it is
    (tmp_path / "\u202etxt.exe").write_bytes("café\n".encode("cp1252"))
    (tmp_path / "plain.txt").write_bytes(b"plain\n")
    p = run(command, str(tmp_path / "\u202etxt.exe"), str(tmp_path / "plain.txt"), encoding="utf-8")
    out = p.stdout.decode("utf-8")
    assert "\u202e" not in out and "\\u202etxt.exe" in out

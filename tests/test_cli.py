"""The CLI through the installed entry points, both names, including every bad-input case."""

import json
import os
import shutil
import subprocess
import sys

import pytest

NAMES = ["codecscope", "codescope"]


def command(name):
    """The installed script next to this Python, else the module: the tests never skip."""
    exe = shutil.which(name, path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "codecscope"]


def run(name, *args, stdin=b"", env=None):
    p = subprocess.run([*command(name), *args], input=stdin, capture_output=True, timeout=120,
                       env={**os.environ, "NO_COLOR": "1", **(env or {})})
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def bad(name, *args, stdin=b"", needle=""):
    rc, out, err = run(name, *args, stdin=stdin)
    assert rc == 2, (rc, out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("name", NAMES)
def test_acceptance_explain_hex(name):
    rc, out, err = run(name, "explain", "--hex", "e6 a6 9b e6 88 a6 e2 94 88")
    assert rc == 0, err
    assert "valid UTF-8, 3 chars, 2 CJK" in out
    for piece in ("E6 A6 9B", "榛", "U+699B", "戦", "U+6226", "┈", "U+2508"):
        assert piece in out
    assert "\x1b[" not in out  # piped: plain text, no colour


def test_acceptance_python_c():
    p = subprocess.run([sys.executable, "-c", "import codecscope; print(codecscope.explain('黑马'.encode()[:4]))"],
                       capture_output=True, timeout=120)
    out = p.stdout.decode()
    assert p.returncode == 0
    assert "TRUNCATED" in out and "cut at a buffer boundary" in out


@pytest.mark.parametrize("name", NAMES)
def test_diagnose_file_stdin_and_json(name, tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("床前明月光\r\n".encode("gbk"))
    rc, out, _ = run(name, "diagnose", str(f), "-e", "utf-8", "--encoding", "cp936")
    assert rc == 0 and "not UTF-8" in out and "valid GBK" in out
    rc, out, _ = run(name, "diagnose", "-", "--json", stdin="黑马".encode()[:4])
    d = json.loads(out)
    assert d["schema"] == "codecscope.diagnosis/1"
    assert d["validity"][0]["truncated"]["offset"] == 3
    rc, out, _ = run(name, "diagnose", "--text", "a\ufffdb")
    assert rc == 0 and "replacement-char" in out


def test_explain_text_json_and_limit():
    rc, out, _ = run("codecscope", "explain", "--text", "黑马ab", "--json", "--limit", "2")
    d = json.loads(out)
    assert [c["char"] for c in d["chars"]] == ["黑", "马"] and d["chars_omitted"] == 2
    assert d["chars"][0]["bytes"]["gbk"] == "BA DA"
    rc, out, _ = run("codecscope", "explain", "--hex", "\\xe9\\xbb\\x91", "-e", "gb18030", "--limit", "0")
    assert rc == 0 and "GB18030" in out


@pytest.mark.parametrize("name", NAMES)
def test_demo(name):
    rc, out, err = run(name, "demo")
    assert rc == 0, err
    assert "valid GBK" in out and "buffer boundary" in out and "TRUNCATED" in out
    rc, out, _ = run(name, "demo", "--json")
    doc = json.loads(out)
    assert doc["schema"] == "codecscope.demo/1" and len(doc["examples"]) >= 3


@pytest.mark.parametrize("name,cmd", [("codecscope", "explain"), ("codescope", "diagnose")])
def test_bad_input(name, cmd, tmp_path):
    bad(name, cmd, str(tmp_path / "missing.txt"), needle="no such file")
    bad(name, cmd, str(tmp_path), needle="is a directory")
    line = bad(name, cmd, "--hex", "e9 bg 91", needle="invalid hex at character 5")
    assert "▶g" in line  # points at the bad character
    bad(name, cmd, "--hex", "e9b", needle="odd number of hex digits")
    bad(name, cmd, "--hex", "e9", "-e", "utf9", needle="did you mean 'utf-8'")
    bad(name, cmd, "--hex", "", needle="empty")
    bad(name, cmd, "--text", "", needle="empty")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    bad(name, cmd, str(empty), needle="empty")
    bad(name, cmd, "-", stdin=b"", needle="empty")
    bad(name, cmd, "--no-such-option", needle="unrecognized arguments")
    bad(name, cmd, "--limit", "x", "--hex", "e9", needle="argument --limit: 'x' is not a whole number")
    bad(name, cmd, str(empty), "--hex", "e9", needle="give one input")


@pytest.mark.parametrize("name", NAMES)
def test_error_lines_start_with_the_name_the_command_was_run_by(name):
    line = bad(name, "detect", "--hex", "41", "-e", "nope", needle="unknown encoding")
    assert line.startswith(f"{name}: error: ")


@pytest.mark.parametrize("value", ["utf-8,,gbk", "utf-8,", ","])
def test_an_empty_encoding_name_in_a_list_is_refused(value):
    bad("codecscope", "detect", "--hex", "41", "-e", value, needle="encoding")


@pytest.mark.parametrize("args", [["repair", "--text"], ["explain", "--text"], ["wire", "127.0.0.1:9", "--send"],
                                  ["wire"]])
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX arguments are bytes; Windows passes text")
def test_argument_bytes_the_locale_cannot_read_are_refused_not_replaced(args):
    # Python hands such bytes over as lone surrogates; printing U+FFFD for them would hide the input
    p = subprocess.run([*command("codecscope"), *args, b"caf\xe9"], capture_output=True, timeout=120,
                       env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"})
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 2 and len(err.strip().splitlines()) == 1 and "0xE9" in err and "--hex" in err
    assert "\ufffd" not in p.stdout.decode("utf-8", "replace") and "udce9" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_a_file_name_that_is_not_utf8_is_still_a_file(tmp_path):
    # a path may hold any bytes: only text options' values are refused so
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as f:
        f.write("café\n".encode())
    p = subprocess.run([*command("codecscope"), "repair", name], capture_output=True, timeout=120,
                       env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"})
    assert p.returncode == 0 and p.stdout.decode() == "café\n"


@pytest.mark.parametrize("args", [["wire", "127.0.0.1:9", "--expect-encoding", "utf-8,"],
                                  ["repair", "--text", "x", "-e", "utf-8,gbk"],
                                  ["echo", "test", "127.0.0.1:9", "--encoding", "gbk,"]])
def test_an_option_of_one_encoding_names_itself_when_given_a_list(args):
    line = bad("codecscope", *args, needle="takes one encoding name")
    assert args[-2] in line


@pytest.mark.parametrize("cmd", ["explain", "diagnose"])
def test_unreadable_file(cmd, tmp_path):
    if os.path.exists("/proc/self/mem"):  # opens fine, read() fails with EIO: works even as root
        bad("codecscope", cmd, "/proc/self/mem", needle="cannot read")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        f = tmp_path / "secret.txt"
        f.write_bytes(b"x")
        f.chmod(0)
        bad("codecscope", cmd, str(f), needle="permission denied")


def test_usage_errors_are_one_line():
    bad("codecscope", "no-such-command", needle="invalid choice")
    bad("codescope", "--bogus", needle="unrecognized arguments")


def test_python_dash_m_runs_the_command_line():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "codecscope", "repair", "--text", "cafÃ©"],
                       capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "café"
    r = subprocess.run([sys.executable, "-m", "codecscope", "repair", "--text", ""],
                       capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_every_subpackage_is_packaged():
    # setuptools installs only the packages pyproject.toml names: a new subpackage missing there
    # works in an editable install and breaks a normal one
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib")   # Python 3.11+
    root = Path(__file__).resolve().parents[1]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "codecscope").rglob("__init__.py")}
    assert found <= listed, found - listed


@pytest.mark.parametrize("name", NAMES)
def test_usage_names_the_command_as_it_was_run(name):
    rc, out, _ = run(name, "--help")
    assert rc == 0 and out.startswith(f"usage: {name} ")

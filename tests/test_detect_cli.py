"""`codecscope detect` through the installed entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest


def run(*args, stdin=b""):
    # the installed script next to this Python, else the module: the tests never skip
    exe = shutil.which("codecscope", path=os.path.dirname(sys.executable))
    p = subprocess.run([*([exe] if exe else [sys.executable, "-m", "codecscope"]), "detect", *args], input=stdin, capture_output=True, timeout=120,
                       env={**os.environ, "NO_COLOR": "1"})
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def test_file_json(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("中文编码检测：这是一个测试文件。\n".encode("gbk") * 3)
    rc, out, err = run(str(p), "--json")
    assert rc == 0, err
    d = json.loads(out)
    assert d["encoding"] == "gb18030" and d["candidates"][0]["valid"] is True
    assert d["text"] is None                      # the text only when asked
    rc, out, err = run(str(p), "--json", "--with-text")
    assert rc == 0, err and json.loads(out)["text"].startswith("中文编码检测")


def test_hex_plain_text_and_stdin():
    rc, out, err = run("--hex", "c4 e3 ba c3 a3 ac ca c0 bd e7")
    assert rc == 0 and out.startswith("encoding: gb18030") and "\x1b[" not in out
    rc, out, err = run("-", stdin="Привет, мир".encode("cp1251"))
    assert rc == 0 and "cp1251" in out.splitlines()[0]


@pytest.mark.parametrize("spelling", [["-e", "koi8-r,cp1251"], ["-e", "koi8-r", "--encoding", "cp1251"],
                                      ["--candidates", "koi8-r,cp1251"]])
def test_encodings_to_choose_from(spelling):
    rc, out, err = run("--hex", "f0 d2 c9 d7 c5 d4", *spelling, "--json")
    assert rc == 0, err
    assert {c["encoding"] for c in json.loads(out)["candidates"]} <= {"koi8_r", "cp1251"}
    # the old spelling still works, with a one-line note
    assert err.strip() == ("codecscope: note: --candidates is deprecated; use -e/--encoding"
                           if "--candidates" in spelling else "")


def test_mixed_file_shows_segments(tmp_path):
    p = tmp_path / "mixed.log"
    p.write_bytes("第一行中文日志记录\n".encode("gbk") * 3 + "第二部分是UTF-8编码\n".encode("utf-8") * 3)
    rc, out, err = run(str(p))
    assert rc == 0, err
    assert "mixed encodings" in out and "lines 1-3" in out and "lines 4-6" in out


@pytest.mark.parametrize("args,needle", [
    (["/no/such/file"], "no such file"),
    (["--hex", "zz"], "hex"),
    (["--hex", "41", "-e", "nope"], "unknown encoding"),
    (["--hex", "41", "-e", ","], "-e/--encoding needs at least one encoding name"),
])
def test_bad_input_is_one_line_exit_2(args, needle):
    rc, out, err = run(*args)
    assert rc == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and needle in err


def test_empty_stdin_is_an_error():
    rc, out, err = run("-", stdin=b"")
    assert rc == 2 and "empty" in err

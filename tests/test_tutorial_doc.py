"""docs/tutorial.md is run, block by block: each tutorial program is started on loopback, each
command shown is run, and each output line shown must appear in what it prints ('…' matches any
text, PORT the port the program chose)."""

from __future__ import annotations

import re
import select
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "tutorial.md"
TUTORIAL = "docs/examples/tutorial/"
BLOCK = re.compile(r"<!-- run: (.*?) -->\n```console\n(.*?)```", re.S)


def _argv(words: list[str], port: str) -> list[str]:
    out = []
    for w in words:
        w = w.replace("127.0.0.1:PORT", f"127.0.0.1:{port}")
        if w.startswith(TUTORIAL):
            w = str(ROOT / w)
        out.append(w)
    if out[0] == "codecscope":
        return [sys.executable, "-m", "codecscope.cli.main", *out[1:]]
    if out[0] == "python":
        return [sys.executable, *out[1:]]
    return [sys.executable, str(ROOT / TUTORIAL / out[0]), *out[1:]]


def _matches(expected: str, lines: list[str]) -> bool:
    rx = re.compile(".*?".join(re.escape(p) for p in expected.strip().split("…")))
    return any(rx.fullmatch(line.strip()) for line in lines)


def _blocks():
    return [pytest.param(run, body, id=f"{k}-{run.split()[0]}")
            for k, (run, body) in enumerate(BLOCK.findall(DOC.read_text(encoding="utf-8")))]


def test_the_walkthrough_has_blocks_for_every_program():
    runs = {run.split()[0] for run, _ in BLOCK.findall(DOC.read_text(encoding="utf-8"))}
    programs = {p.name for p in (ROOT / TUTORIAL).glob("*.py") if not p.name.startswith("_")
                and not p.name.endswith("_client.py")}
    assert programs <= runs


@pytest.mark.parametrize("run,body", _blocks())
def test_walkthrough_block(run, body, tmp_path):
    server = subprocess.Popen(_argv(shlex.split(run), "0"), cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        ready, _, _ = select.select([server.stdout], [], [], 20)
        assert ready, f"{run} printed no address"
        first = server.stdout.readline()
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", first)
        assert m, first
        port = m.group(1)
        output: list[str] = [first]
        checked = 0
        for line in body.splitlines():
            if line.startswith("$ "):
                cmd = line[2:].strip()
                if cmd.endswith("&"):   # the server itself, already started
                    output = [first]
                    continue
                p = subprocess.run(_argv(shlex.split(cmd), port), cwd=tmp_path, capture_output=True,
                                   text=True, timeout=180, env=_env())
                output = (p.stdout + p.stderr).splitlines()
                assert "Traceback" not in p.stderr, p.stderr
            elif line.strip() and line.strip() != "…":
                expected = line.replace("PORT", port)
                assert _matches(expected, output), f"not in the output of this block:\n{expected}\n---\n" + \
                    "\n".join(output)
                checked += 1
        assert checked
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def _env():
    import os

    env = dict(os.environ)
    for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):   # English unless a block asks for --lang
        env.pop(k, None)
    return env

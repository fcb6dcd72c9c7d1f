"""Every console example of docs/scan.md prints what the page says, run in a fresh copy of the
project docs/examples/scan_project.py writes."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs/scan.md").read_text(encoding="utf-8")
BLOCKS = [b for b in re.findall(r"```console\n(.*?)```", DOC, re.S)
          if b.startswith("$ codecscope scan") and b.count("\n") > 1]


@pytest.mark.skipif(sys.platform == "win32", reason="the examples are POSIX shell lines")
@pytest.mark.parametrize("block", BLOCKS, ids=[b.split("\n", 1)[0][2:60] for b in BLOCKS])
def test_console_example_reproduces(tmp_path, block):
    command, expected = block.split("\n", 1)
    subprocess.run([sys.executable, str(ROOT / "docs/examples/scan_project.py"), str(tmp_path)], check=True)
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "NO_COLOR": "1"}
    p = subprocess.run(command[2:], shell=True, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert p.stdout == expected, p.stdout + p.stderr

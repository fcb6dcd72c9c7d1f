"""Every ```python block of the README and docs/*.md runs, as a reader would run it.

A page is read top to bottom: its blocks share one namespace, in order, and run in a fresh copy of
the small project docs/examples/scan_project.py writes (so 'data/' and 'logs/' exist). A block is
run according to what it is:

* ``>>>`` sessions go through doctest (``...`` in an expected output matches anything);
* a program with an ``if __name__ == "__main__":`` guard runs as a script in a child Python;
* a block marked ``<!-- doc-test: pytest -->`` is a test module: it runs under pytest (with the
  codecscope plugin) and must pass; ``<!-- doc-test: pytest fails -->`` must fail, because the page
  shows the failure;
* anything else is executed as it stands;
* ``<!-- doc-test: skip: why -->`` right before a block leaves it out; the reason is mandatory
  (signatures, fragments that stand for the reader's own socket, ...).

Blocks that need sockets use loopback only, as the pages say.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"(?:<!-- doc-test: (?P<mark>[^>]*?) -->\n)?```python\n(?P<code>.*?)```", re.S)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _blocks(page: Path) -> list[tuple[int, str, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start("code")) + 1, (m.group("mark") or "").strip(), m.group("code"))
            for m in BLOCK.finditer(text)]


def test_every_skip_says_why():
    for page in PAGES:
        for line, mark, _ in _blocks(page):
            if mark.startswith("skip"):
                assert re.fullmatch(r"skip: \S.{8,}", mark), f"{page.name}:{line}: say why the block is skipped"
            else:
                assert mark in ("", "pytest", "pytest fails"), f"{page.name}:{line}: unknown mark {mark!r}"


def _pytest(path: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p)], ids=lambda p: p.name)
def test_page_examples_run(page, tmp_path, monkeypatch):
    subprocess.run([sys.executable, str(ROOT / "docs/examples/scan_project.py"), str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):   # English messages, as the pages show
        monkeypatch.delenv(k, raising=False)
    namespace: dict = {"__name__": "__doc_example__"}
    ran = 0
    for line, mark, code in _blocks(page):
        where = f"{page.name}:{line}"
        if mark.startswith("skip"):
            continue
        ran += 1
        if mark.startswith("pytest"):
            module = tmp_path / f"test_doc_{line}.py"
            module.write_text(code, encoding="utf-8")
            p = _pytest(module, tmp_path)
            if mark == "pytest fails":
                assert p.returncode == 1 and " failed" in p.stdout, f"{where} should fail:\n{p.stdout}{p.stderr}"
            else:
                assert p.returncode == 0, f"{where}:\n{p.stdout}{p.stderr}"
        elif code.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(code, namespace, where, str(page), line - 1)
            runner = doctest.DocTestRunner(optionflags=FLAGS)
            report: list[str] = []
            runner.run(test, out=report.append, clear_globs=False)
            namespace.update(test.globs)   # doctest ran on a copy
            assert runner.failures == 0, f"{where}:\n" + "".join(report)
        elif 'if __name__ == "__main__":' in code:
            script = tmp_path / f"doc_example_{line}.py"
            script.write_text(code, encoding="utf-8")
            p = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                               timeout=600, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
            assert p.returncode == 0, f"{where}:\n{p.stdout}{p.stderr}"
        else:
            exec(compile(code, where, "exec"), namespace)
    assert ran, f"{page.name}: every example is skipped"

"""The public API is typed: ``mypy --strict`` passes on the package and on a user's script.

The package is checked as the wheel lays it out: ``cli/`` installs as ``codecscope.cli``
(``[tool.setuptools.package-dir]`` in pyproject.toml), which neither an editable install nor the
source tree shows a type checker, so the test copies both into one tree first.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
USER_SCRIPT = ROOT / "tests" / "data" / "typed_user.py"
# source folder -> where the wheel puts it (pyproject.toml: packages and package-dir)
LAYOUT = {"codecscope": "codecscope", "cli": "codecscope/cli"}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package laid out as in the wheel, with the user's script beside it."""
    dest = tmp_path_factory.mktemp("wheel-tree")
    for src, target in LAYOUT.items():
        shutil.copytree(ROOT / src, dest / target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (dest / "user").mkdir()
    shutil.copy2(USER_SCRIPT, dest / "user" / USER_SCRIPT.name)
    (dest / ".mypy-cache").mkdir()   # shared by the runs below: the second reuses the package's analysis
    return dest


def _mypy(tree: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tree / ".mypy-cache"), "--no-error-summary", "--hide-error-context", *targets],
        cwd=tree, capture_output=True, text=True, timeout=600)


def test_package_and_user_script_pass_mypy_strict(tree: Path) -> None:
    proc = _mypy(tree, "codecscope", f"user/{USER_SCRIPT.name}")
    assert proc.returncode == 0, f"mypy --strict found errors:\n{proc.stdout}{proc.stderr}"


def test_mypy_catches_a_wrong_read(tree: Path) -> None:
    # the check above means something only if the types are precise enough to fail
    (tree / "wrong.py").write_text(
        "import codecscope\n"
        "encoding: str = codecscope.detect(b'').encoding\n"   # str | None: may be None
        "codecscope.repair(b'bytes')\n"                       # repair takes str
        "codecscope.detcet(b'')\n",                           # no such name
        encoding="utf-8")
    proc = _mypy(tree, "wrong.py")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert [e.split(":")[1] for e in errors] == ["2", "3", "4"], proc.stdout


def test_user_script_runs() -> None:
    proc = subprocess.run([sys.executable, str(USER_SCRIPT)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stdout + proc.stderr


def test_py_typed_ships() -> None:
    assert (ROOT / "codecscope" / "py.typed").is_file()
    data = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"py.typed"' in data   # listed in [tool.setuptools.package-data]

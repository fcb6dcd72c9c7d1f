"""The project's packages as they were at a git ref, for the A/B benches.

``git archive`` copies the files out of the repository's history into a directory: nothing of the
repository is run, and the working tree is not touched.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def packages_at(ref: str, dest: Path, *paths: str) -> Path:
    """``paths`` (default ``codecscope``) as they were at ``ref``, extracted under ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, *(paths or ("codecscope",))],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def installed_layout(dest: Path, root: Path = ROOT) -> Path:
    """The packages of the source tree at ``root`` (the working tree, edits included) copied under
    ``dest`` as an installed package lays them out, the command-line package inside ``codecscope``,
    for PYTHONPATH.  In the source tree ``cli/`` sits beside ``codecscope/``: with PYTHONPATH on the
    tree alone, ``codecscope.cli`` comes from wherever the package is installed (an editable
    install of another checkout, say), not from this tree."""
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copytree(root / "codecscope", dest / "codecscope", ignore=skip)
    shutil.copytree(root / "cli", dest / "codecscope" / "cli", ignore=skip)
    return dest

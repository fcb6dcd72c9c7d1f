"""The project's packages as they were at a git ref, for the A/B benches.

``git archive`` copies the files out of the repository's history into a directory: nothing of the
repository is run, and the working tree is not touched.
"""

from __future__ import annotations

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

"""ftfy's own public test cases, the anchor for repair: fetched at benchmark time, never committed.

The cases are ``tests/test_cases.json`` in the ftfy 6.3.1 source distribution (ftfy is MIT
licensed; the cases were collected by its authors from Twitter, the Common Crawl and synthetic
examples).  The sdist is downloaded with pip's ordinary client into ``bench/.cache/ftfy`` (git
ignores ``bench/.cache``) and the JSON is read straight out of the tarball; none of its text is
copied into this repository.

Each case has a ``label``, the ``original`` text, the ``fixed`` text ``ftfy.fix_text`` should give
and, where ``ftfy.fix_encoding`` alone gives something else, ``fixed-encoding``.  Repair only undoes
encoding mistakes, so the expected output here is ``fixed-encoding`` if present, else ``fixed``.
``expect`` is ``pass`` for cases ftfy gets right and ``fail`` for known failures kept as a record.

    python bench/ftfy_suite.py       # fetch (once) and print a summary
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

VERSION = "6.3.1"
CACHE = Path(__file__).resolve().parent / ".cache" / "ftfy"
_MEMBER = f"ftfy-{VERSION}/tests/test_cases.json"


class FetchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Case:
    label: str
    original: str
    expected: str
    expect: str        # "pass" or "fail", as ftfy labels it
    comment: str

    @property
    def negative(self) -> bool:
        """Text that must come out unchanged."""
        return self.expected == self.original


def sdist(cache: Path = CACHE) -> Path:
    """The ftfy sdist, downloaded once through pip (no dependencies, source only)."""
    tarball = cache / f"ftfy-{VERSION}.tar.gz"
    if not tarball.exists():
        cache.mkdir(parents=True, exist_ok=True)
        # ftfy's sdist only: ':all:' would also make pip build ftfy's build backend from source,
        # which fails, so the fetch hung for its whole timeout
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", "ftfy",
               f"ftfy=={VERSION}", "-d", str(cache)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired as e:
            raise FetchError(f"pip download of ftfy {VERSION} timed out") from e
        if done.returncode != 0 or not tarball.exists():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise FetchError(f"pip download of ftfy {VERSION} failed: {last}")
    return tarball


def load(cache: Path = CACHE) -> list[Case]:
    with tarfile.open(sdist(cache), "r:gz") as tar:
        f = tar.extractfile(_MEMBER)
        if f is None:
            raise FetchError(f"{_MEMBER} is not in the ftfy {VERSION} sdist")
        data = json.loads(f.read().decode("utf-8"))
    return [Case(d["label"], d["original"], d.get("fixed-encoding", d["fixed"]), d["expect"],
                 d.get("comment", "")) for d in data]


def main() -> None:
    cs = load()
    passing = [c for c in cs if c.expect == "pass"]
    print(f"ftfy {VERSION} test cases: {len(cs)} ({len(passing)} expected to pass, "
          f"{sum(c.negative for c in passing)} of them negatives; {len(cs) - len(passing)} expected to fail)")


if __name__ == "__main__":
    main()

"""Build (or remove) the optional compiled modules: codecscope's hot modules compiled with mypyc
into C extension modules next to their sources, as charset-normalizer ships its own.

    pip install -e '.[test]'                    # mypy (and with it mypyc) is in the test extra
    python tools/build_compiled.py              # compile in place (needs a C compiler, Python headers)
    python tools/build_compiled.py --check      # say which modules are compiled; exit 1 if none
    python tools/build_compiled.py --clean      # remove them: back to pure Python

Nothing else changes: ``pip install .`` and ``pip install -e .`` stay pure Python and need no
compiler.  Python imports an extension module (``detection.cpython-311-x86_64-linux-gnu.so``) in
preference to the ``.py`` beside it, so an editable install of this tree runs the compiled modules
as soon as they are built and the pure-Python ones again once they are removed.  The extensions
are built for the Python that runs this script, from the sources as they are now: rebuild after
editing a compiled module (``--check`` reports an extension older than its source), or the
extension keeps running the old code.  The results are identical either way: check with
``bench/detect_snapshot.py`` and ``tools/repair_snapshot.py`` (see docs/detect.md).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.machinery
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# where the time goes (cProfile of snippet detection and of repair on garbled text): detection's
# scoring, the plausibility model both use, and repair's chain search and evidence
MODULES = (
    "codecscope/detection.py",
    "codecscope/plausibility.py",
    "codecscope/repairing/chains.py",
    "codecscope/repairing/evidence.py",
)
# mypyc puts the runtime the compiled modules share into one more extension module; inside the
# package it is found by every kind of install (an editable one puts only the package on sys.path)
GROUP = "codecscope._compiled"


def _built() -> list[Path]:
    """Every extension module this script builds that exists now."""
    found = []
    for stem in [m[:-3] for m in MODULES] + [GROUP.replace(".", "/") + "__mypyc"]:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            p = ROOT / (stem + suffix)
            if p.exists():
                found.append(p)
    return found


def build() -> int:
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("build_compiled: mypyc is not installed (it comes with mypy: pip install -e '.[test]')",
              file=sys.stderr)
        return 2
    from setuptools import Distribution

    os.chdir(ROOT)   # mypy reads [tool.mypy] of pyproject.toml, and module names follow the paths
    exts = mypycify(list(MODULES), opt_level="3", group_name=GROUP, target_dir="build/mypyc")
    # the build_ext command alone: setup() would also read pyproject.toml's [project] table, which
    # the setuptools of an environment need not understand (the wheel's is pinned by build-system)
    dist = Distribution({"name": "codecscope-compiled", "ext_modules": exts})
    cmd = dist.get_command_obj("build_ext")
    cmd.inplace = True
    cmd.build_temp = "build/mypyc/temp"
    cmd.parallel = os.cpu_count() or 1
    dist.run_command("build_ext")
    return check()


def check() -> int:
    built = _built()
    for p in built:
        print(p.relative_to(ROOT))
    # the compiled code of every module is in the group's shared library
    lib = [p for p in built if p.name.startswith(GROUP.rsplit(".", 1)[1] + "__mypyc")]
    stale = [m for m in MODULES if lib and (ROOT / m).stat().st_mtime > lib[0].stat().st_mtime]
    if stale:
        print(f"OLDER than their sources (rebuild): {', '.join(stale)}")
    sys.path.insert(0, str(ROOT))
    names = [m[:-3].replace("/", ".") for m in MODULES]
    compiled = [n for n in names if importlib.import_module(n).__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))]
    print(f"compiled: {', '.join(compiled) or 'none'} ({len(compiled)} of {len(names)})")
    return 0 if compiled else 1


def clean() -> int:
    for p in _built():
        p.unlink()
        print(f"removed {p.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--check", action="store_true", help="list the compiled modules; exit 1 if none")
    g.add_argument("--clean", action="store_true", help="remove the compiled modules")
    args = ap.parse_args(argv)
    return check() if args.check else clean() if args.clean else build()


if __name__ == "__main__":
    sys.exit(main())

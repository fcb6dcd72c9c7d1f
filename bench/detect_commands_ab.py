"""The ``codecscope detect`` command, this tree against an earlier commit and against chardetect,
on the big files of ``bench/detect.py files``: the three commands take turns round by round.

    python bench/detect_commands_ab.py [--base REF] [--rounds N] [--sizes 1,16]

The files are those ``bench/detect.py files`` makes (CLDR strings of zh_Hans, ja and ru in GBK,
Shift_JIS and cp1251, repeated to 1 and 16 MB).  ``REF``'s ``codecscope`` package and its
command-line package are taken out of git into a temporary directory (``git archive``: nothing of
the repository is run but those packages); this tree's, edits included, are copied into another,
laid out as installed (with PYTHONPATH on the source tree, ``codecscope.cli`` would come from
wherever the package is installed).  Each command runs once per file untimed (bytecode
cached, the file in the page cache), then ``--rounds`` times, the order of the three rotating
from round to round; each run is a fresh process, as a user's is.  Reported: median wall time
and median CPU time (user + system) per command, and chardetect's time over each tree's (above 1:
faster than chardetect).  CPU time steadies the comparison on a loaded machine, where wall time
stretches with others' work; both are shown.  A speed change should leave every answer
unchanged: see ``bench/detect_snapshot.py``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import heldout  # noqa: E402
from tree_at import installed_layout, packages_at  # noqa: E402
from detect import _installed_env, _repeat_to  # noqa: E402

TEXTS = {"gbk": "zh_Hans", "shift_jis": "ja", "cp1251": "ru"}


def _files(tmp: str, sizes: list[int]) -> list[str]:
    out = []
    for enc, locale in TEXTS.items():
        # as bench/detect.py files builds them
        lines = [t for t in (heldout.in_codepage(s, enc) for s in heldout.strings("cldr", locale)) if t]
        body = ("\n".join(" ".join(lines[i:i + 8]) for i in range(0, len(lines), 8)) + "\n").encode(enc)
        out += [_repeat_to(os.path.join(tmp, f"{enc}-{mb}.txt"), body, mb * 1_000_000) for mb in sizes]
    return out


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=True, timeout=600, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="main", help="git ref to compare against (default main)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[1, 16])
    args = ap.parse_args(argv)
    chardetect = os.path.join(os.path.dirname(sys.executable), "chardetect")
    if not os.path.exists(chardetect):
        print("chardetect is not installed next to this Python", file=sys.stderr)
        return 2
    env = _installed_env()
    with tempfile.TemporaryDirectory() as tmp:
        base = packages_at(args.base, Path(tmp, "base"), "codecscope", "cli")
        # the command-line package sits where an installed package has it
        shutil.move(str(base / "cli"), str(base / "codecscope" / "cli"))
        this = installed_layout(Path(tmp, "this"))
        command = [sys.executable, "-m", "codecscope.cli.main", "detect"]
        commands = {"base": (command, {**env, "PYTHONPATH": str(base)}),
                    "this": (command, {**env, "PYTHONPATH": str(this)}),
                    "chardetect": ([chardetect], env)}
        files = _files(tmp, args.sizes)
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for f in files:
            for name, (cmd, cenv) in commands.items():
                _run(cmd + [f], cenv)
        names = list(commands)
        for r in range(args.rounds):
            order = names[r % 3:] + names[:r % 3]
            for f in files:
                for name in order:
                    cmd, cenv = commands[name]
                    times.setdefault((name, f), []).append(_run(cmd + [f], cenv))
    print(f"codecscope detect: this tree and {args.base} against chardetect; {args.rounds} rounds, medians")
    for f in files:
        wall = {n: statistics.median(w for w, _ in times[(n, f)]) for n in names}
        cpu = {n: statistics.median(c for _, c in times[(n, f)]) for n in names}
        print(f"{os.path.basename(f):>17}: " + "; ".join(f"{n} {wall[n]:.3f} s (CPU {cpu[n]:.3f} s)" for n in names))
        print(f"{'':>17}  chardetect / base {wall['chardetect'] / wall['base']:.2f}x (CPU {cpu['chardetect'] / cpu['base']:.2f}x), "
              f"chardetect / this {wall['chardetect'] / wall['this']:.2f}x (CPU {cpu['chardetect'] / cpu['this']:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

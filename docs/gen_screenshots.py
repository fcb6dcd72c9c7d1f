"""Terminal screenshots for the docs, taken from real runs of the CLI.

    python docs/gen_screenshots.py            # writes docs/img/screens/*.svg

Each command below runs in a pseudo-terminal of a fixed size (so the CLI draws what it draws on a
terminal: colour and tables), with English messages, and its output is replayed into rich's
recording console and saved as SVG. docs/screenshots.md shows each picture under its command.
POSIX only (it needs a pseudo-terminal).
"""

from __future__ import annotations

import os
import pty
import select
import shlex
import struct
import subprocess
import sys
import tempfile
from fcntl import ioctl
from pathlib import Path
from termios import TIOCSWINSZ

from rich.console import Console
from rich.text import Text

DOCS = Path(__file__).resolve().parent
OUT = DOCS / "img" / "screens"
WIDTH, HEIGHT = 100, 60

# (file name, command line as shown in the docs); {project} is a fresh copy of the project that
# docs/examples/scan_project.py writes.
SHOTS = [
    ("diagnose-text", "codecscope diagnose --text '榛戦┈绋嬪簭鍛樺啓浠ｇ爜'"),
    ("diagnose-hex", "codecscope diagnose --hex 'e9 bb 91 e9 a9 ac e7 a8'"),
    ("explain-cut", "codecscope explain --hex 'e9 bb 91 e9 a9'"),
    ("detect", "codecscope detect --hex 'c4 e3 ba c3 a3 ac ca c0 bd e7'"),
    ("repair", "codecscope repair --explain --text 'Le barÃ¨me permet l’Ã©valuation'"),
    ("scan", "codecscope scan --jobs 1 ."),
]


def run_in_terminal(argv: list[str], cwd: str, timeout: float = 120.0) -> str:
    """Run argv with its stdout on a pseudo-terminal; return what it wrote there. (Standard error
    is kept apart: a progress bar drawn there would not replay as it looked.)"""
    leader, follower = pty.openpty()
    ioctl(follower, TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(COLUMNS=str(WIDTH), LINES=str(HEIGHT), TERM="xterm-256color", LANG="C.UTF-8")
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=follower, stderr=err,
                            env=env, close_fds=True)
    os.close(follower)
    chunks = []
    try:
        while True:   # bounded: the child ends, or the timeout kills it
            ready, _, _ = select.select([leader], [], [], timeout)
            if not ready:
                proc.kill()
                raise SystemExit(f"{shlex.join(argv)}: no output for {timeout:.0f} s")
            try:
                data = os.read(leader, 65536)
            except OSError:   # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
        proc.wait(timeout)
    if proc.returncode not in (0, 1):   # 1: the command's own verdict (problems found)
        err.seek(0)
        raise SystemExit(f"{shlex.join(argv)} exited {proc.returncode}: {err.read().decode(errors='replace')}")
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as project:
        subprocess.run([sys.executable, str(DOCS / "examples" / "scan_project.py"), project], check=True)
        for name, command in SHOTS:
            words = shlex.split(command)
            argv = [sys.executable, "-m", "codecscope.cli.main", *words[1:]]
            output = run_in_terminal(argv, cwd=project)
            console = Console(record=True, width=WIDTH, force_terminal=True, color_system="truecolor",
                              file=open(os.devnull, "w", encoding="utf-8"))
            console.print(Text.from_ansi(output.rstrip("\n")), soft_wrap=True)
            console.save_svg(str(OUT / f"{name}.svg"), title=command)
            print(f"{OUT.relative_to(DOCS.parent) / (name + '.svg')}: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Opening input files with one-line errors, and writing files so that a crash leaves either the
old content or the new one, never a mix."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator

from .errors import InputError


def open_binary(path: str):
    """``open(path, "rb")``, with :class:`InputError` saying in a few words why it failed."""
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None


def read_blocks(f, block: int = 1 << 20, name: str = "input") -> Iterator[bytes]:
    """The bytes of the binary file object ``f`` in blocks of at most ``block`` bytes, until EOF."""
    while True:
        try:
            chunk = f.read(block)
        except OSError as e:
            raise InputError(f"{name}: cannot read ({e.strerror or e})") from None
        if not chunk:
            return
        yield bytes(chunk)


def atomic_write(path: str | os.PathLike, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` atomically.

    The bytes go to a temporary file in the same directory (so the final rename stays on one file
    system), are flushed and fsynced, get the mode bits of the file they replace (or ``mode``), and
    are then renamed over the target with :func:`os.replace`.  If anything fails before the rename
    the temporary file is removed and the original is untouched.
    """
    path = os.fspath(path)
    directory = os.path.dirname(path) or "."
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(directory)


def _fsync_dir(directory: str) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old

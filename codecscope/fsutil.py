"""Opening input files with one-line errors, and replacing files so that a crash leaves either the
old content or the new one, never a mix, and the new file keeps everything the old one had."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from .errors import CodecscopeError, InputError
from .i18n import N_, Msg, os_reason

if TYPE_CHECKING:
    from .validation import BinaryReader

TEMP_MARK = ".codecscope-"   # in the names of the temporary files a replace makes (".NAME.codecscope-…")


def package_table(name: str) -> Any:
    """The JSON table ``codecscope/data/NAME`` as the installed package ships it: the file next
    to this module, else through importlib.resources (a zip; importing it, and the tempfile module
    it pulls in, cost every command more than reading the table)."""
    path = os.path.join(os.path.dirname(__file__), "data", name)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    from importlib.resources import files

    return json.loads(files("codecscope").joinpath("data").joinpath(name).read_text("utf-8"))


def package_data(name: str) -> bytes | None:
    """The bytes of ``codecscope/data/NAME`` as :func:`package_table` finds it; None when the
    package was installed without it."""
    path = os.path.join(os.path.dirname(__file__), "data", name)
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        pass
    from importlib.resources import files

    try:
        return files("codecscope").joinpath("data").joinpath(name).read_bytes()
    except OSError:
        return None


def is_temp_name(name: str) -> bool:
    """Whether a file name is one a replace makes: ``.NAME.codecscope-XXXX.tmp`` while writing, or
    ``[.]NAME[.N].codecscope-old`` for a file kept for a reader (not any name holding the mark, such
    as an editable install's ``__editable__.codecscope-0.1.0.pth``)."""
    return name.endswith(TEMP_MARK + "old") or name.startswith(".") and TEMP_MARK in name and name.endswith(".tmp")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def open_binary(path: str) -> BinaryIO:
    """``open(path, "rb")``, with :class:`InputError` saying in a few words why it failed."""
    if os.path.isdir(path):
        raise InputError(Msg("{path}: is a directory, not a file", path=path))
    try:
        if stat.S_ISFIFO(os.stat(path).st_mode):
            return _open_fifo(path)
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(Msg("{path}: no such file", path=path)) from None
    except PermissionError:
        raise InputError(Msg("{path}: permission denied", path=path)) from None
    except OSError as e:
        raise InputError(Msg("{path}: cannot read ({why})", path=path, why=os_reason(e))) from None


FIFO_WAIT = 10.0  # seconds a named pipe may stay without data before we stop waiting for its writer


class _FifoReader(io.RawIOBase):
    """A named pipe's reading end that waits at most ``FIFO_WAIT`` seconds for each read.  A
    writer that opens the pipe, writes a line and then neither writes nor closes (a program that
    hung, a ``tail -f``) would otherwise hold a command that was given a file, not a stream, for
    ever: the reader stops and says so instead."""

    def __init__(self, fd: int, path: str) -> None:
        super().__init__()
        self._fd, self.name = fd, path

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def readinto(self, buffer: Any) -> int:
        import select

        ready, _, _ = select.select([self._fd], [], [], FIFO_WAIT)
        if not ready:
            raise InputError(Msg("{path}: the named pipe's writer sent nothing for {s:g} seconds and did not "
                                 "close it", path=self.name, s=FIFO_WAIT))
        data = os.read(self._fd, len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


def _open_fifo(path: str) -> BinaryIO:
    """A named pipe, opened without blocking on a writer that may never come (a plain ``open`` would
    wait forever); refused when nothing arrives within ``FIFO_WAIT`` seconds, at the start or
    between two reads."""
    import select

    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    try:
        ready, _, _ = select.select([fd], [], [], FIFO_WAIT)
        if not ready:
            raise InputError(Msg("{path}: a named pipe with nothing written to it after {s:g} seconds",
                                 path=path, s=FIFO_WAIT))
        os.set_blocking(fd, True)
        raw = _FifoReader(fd, path)
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(raw)


def read_blocks(f: BinaryReader, block: int = 1 << 20, name: str = "input") -> Iterator[bytes]:
    """The bytes of the binary file object ``f`` in blocks of at most ``block`` bytes, until EOF."""
    from .validation import capped_blocks

    return capped_blocks(f, None, name, block=block)


# -- reading a file that will perhaps be replaced ---------------------------------------------------

class NotRegular(Exception):
    """The path is a symbolic link, a directory, a FIFO, a device…: ``str(e)`` says which."""


@dataclass(frozen=True)
class Snapshot:
    """What identifies a file's content at one moment: a replace goes ahead only while it holds."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> "Snapshot":
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def open_regular(path: str) -> tuple[int, os.stat_result]:
    """Open a regular file for reading without following a symbolic link and without blocking on
    a FIFO; return the descriptor and its ``fstat``.  Raises :class:`NotRegular` or ``OSError``."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular(_kind(st.st_mode))
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the lstat and the open
            raise NotRegular(_kind(st.st_mode))
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, N_("a symbolic link")), (stat.S_ISDIR, N_("a directory")),
                       (stat.S_ISFIFO, N_("a FIFO")), (stat.S_ISSOCK, N_("a socket")),
                       (stat.S_ISCHR, N_("a character device")), (stat.S_ISBLK, N_("a block device"))):
        if test(mode):
            return name
    return N_("not a regular file")


def read_fd(fd: int, limit: int, block: int = 1 << 20) -> bytes:
    """Up to ``limit`` bytes from the start of ``fd`` (read with ``pread``: the offset is not used)."""
    parts, got = [], 0
    if not hasattr(os, "pread"):  # Windows
        os.lseek(fd, 0, os.SEEK_SET)
    while got < limit:
        want = min(block, limit - got)
        chunk = os.pread(fd, want, got) if hasattr(os, "pread") else os.read(fd, want)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


# -- replacing ----------------------------------------------------------------------------------------

class Refused(CodecscopeError):
    """The replace did not happen, on purpose: ``str(e)`` says why.  Nothing was changed."""


@dataclass(frozen=True)
class Replaced:
    """What :func:`replace_checked` did besides writing: where the old file was kept, and notes."""

    backup: str | None = None
    notes: tuple[str, ...] = ()


def replace_checked(path: str, data: bytes, *, fd: int, snapshot: Snapshot, original: bytes,
                    backup_suffix: str | None = None, keep_mtime: bool = False) -> Replaced:
    """Replace the regular file ``path`` — open for reading as ``fd``, read as ``original`` when it
    looked like ``snapshot`` — with ``data``, atomically, only if nothing changed it since.

    * The file must still be the same file with the same size, times and bytes; where the
      platform has file leases (Linux) no other process may hold it open, and one that opens it
      during the replace is caught: its handle would point at the old file.
    * The new file gets the old one's owner, group, mode bits and extended attributes (and with
      ``keep_mtime`` its access and modification times) before it is renamed over the old one.
    * With ``backup_suffix`` the old file itself (a hard link, so owner, mode and times are its
      own) stays at ``path + backup_suffix``, or at a free name beside it when that exists.

    Raises :class:`Refused` (nothing changed) or ``OSError`` (nothing changed: the temporary file
    and any backup made are removed before the error propagates).
    """
    lease = _take_lease(fd)
    try:
        return _replace(path, data, fd, snapshot, original, backup_suffix, keep_mtime, lease)
    finally:
        if lease:
            _release_lease(fd)


def _replace(path: str, data: bytes, fd: int, snapshot: Snapshot, original: bytes, backup_suffix: str | None,
             keep_mtime: bool, lease: bool) -> Replaced:
    _check_unchanged(path, fd, snapshot, original)
    st = os.fstat(fd)
    directory = os.path.dirname(path) or "."
    written = _write_temp(directory, os.path.basename(path), data, st, fd, keep_mtime)
    tmp: str | None = written  # None once renamed: nothing left to remove
    made: list[str] = []           # names to remove if the replace does not happen
    kept: str | None = None
    notes: list[str] = []
    try:
        # The last look before the links (a link changes the file's ctime) and the rename.
        _check_unchanged(path, fd, snapshot, None)
        if backup_suffix:
            kept = _keep_old(path, path + backup_suffix, fd, st, original)
            made.append(kept)
            if kept != path + backup_suffix:
                notes.append(Msg("{wanted} exists; the backup is {kept}", wanted=path + backup_suffix, kept=kept))
        elif lease:
            # A process that opens the file while it is being replaced waits for the lease and
            # then holds the old file: keep that file reachable until we know nobody did.
            kept = _link_free(path, os.path.join(directory, "." + os.path.basename(path) + TEMP_MARK + "old"))
            if kept:
                made.append(kept)
        if lease and _lease_broken(fd):
            raise Refused(Msg("another process opened the file during the fix; nothing was changed"))
        _check_same_file(path, snapshot)
        os.replace(written, path)
        tmp = None
    except BaseException:
        for name in made:
            _unlink(name)
        raise
    finally:
        if tmp is not None:
            _unlink(tmp)
    _fsync_dir(directory)
    # Someone who opened the file in the instant of the rename holds the old file and writes
    # there: it stays, under a name the report gives.
    late = lease and _lease_broken(fd)
    if backup_suffix:
        if late:
            notes.append(Msg("another process opened the file while it was replaced; what it writes goes to {kept}",
                              kept=kept))
        return Replaced(kept, tuple(notes))
    if kept and late:
        visible = _link_free(kept, path + ".codecscope-old") or kept
        if visible != kept:
            _unlink(kept)
        notes.append(Msg("another process opened the file while it was replaced; what it writes goes to the old "
                         "file, kept as {kept}", kept=visible))
        return Replaced(visible, tuple(notes))
    if kept:
        _unlink(kept)
    return Replaced(None, tuple(notes))


def _check_same_file(path: str, snapshot: Snapshot) -> None:
    try:
        now = os.lstat(path)
    except FileNotFoundError:
        raise Refused(Msg("the file was removed or renamed while it was being scanned")) from None
    if (now.st_dev, now.st_ino) != (snapshot.dev, snapshot.ino) or not stat.S_ISREG(now.st_mode):
        raise Refused(Msg("the file was replaced while it was being scanned (it is another file now)"))


def _check_unchanged(path: str, fd: int, snapshot: Snapshot, original: bytes | None) -> None:
    _check_same_file(path, snapshot)
    if Snapshot.of(os.fstat(fd)) != snapshot:
        raise Refused(Msg("the file was modified while it was being scanned (size or times changed)"))
    if original is not None and read_fd(fd, len(original) + 1) != original:
        raise Refused(Msg("the file was modified while it was being scanned (its bytes changed)"))


def _write_temp(directory: str, name: str, data: bytes, st: os.stat_result, src_fd: int,
                keep_mtime: bool) -> str:
    import tempfile   # here: importing it costs every command, and only writers need it

    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + name + TEMP_MARK, suffix=".tmp")
    _write_like(fd, tmp, data, st, src_fd, keep_mtime)
    return tmp


def _write_like(fd: int, name: str, data: bytes, st: os.stat_result, src_fd: int | None, keep_mtime: bool) -> None:
    """Write ``data`` to the new file ``fd`` (``name``) with the metadata of ``st`` and sync it;
    on any failure the new file is removed."""
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            _copy_metadata(f.fileno(), st, src_fd)
            if keep_mtime:
                os.utime(f.fileno(), ns=(st.st_atime_ns, st.st_mtime_ns))
            os.fsync(f.fileno())
    except BaseException:
        _unlink(name)
        raise


def _copy_metadata(fd: int, st: os.stat_result, src_fd: int | None) -> None:
    """Owner, group, mode bits and extended attributes of ``st`` / ``src_fd`` onto ``fd``."""
    if hasattr(os, "fchown"):
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
            try:
                os.fchown(fd, st.st_uid, st.st_gid)
            except PermissionError:
                raise Refused(Msg("cannot keep the file's owner and group ({ids}): not permitted for this user",
                                  ids=f"{st.st_uid}:{st.st_gid}")) from None
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(st.st_mode))  # after the chown, which may clear set-id bits
    if src_fd is not None and hasattr(os, "listxattr"):
        try:
            names = os.listxattr(src_fd)
        except OSError:
            names = []
        for attr in names:
            try:
                value = os.getxattr(src_fd, attr)
                try:
                    if os.getxattr(fd, attr) == value:  # e.g. a security label the folder gives anyway
                        continue
                except OSError:
                    pass
                os.setxattr(fd, attr, value)
            except OSError as e:
                raise Refused(Msg("cannot keep the extended attribute {attr} ({why})", attr=attr,
                                  why=os_reason(e))) from None


def _keep_old(path: str, wanted: str, fd: int, st: os.stat_result, original: bytes) -> str:
    """Keep the old file at ``wanted`` or the first free name like it; never replace a file."""
    for name in _free_names(wanted):
        try:
            os.link(path, name, follow_symlinks=False)
            return name
        except FileExistsError:
            continue
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
                raise
        # No hard links here: a copy, created exclusively so it cannot replace anything either.
        try:
            out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
        except FileExistsError:
            continue
        _write_like(out, name, original, st, fd, keep_mtime=True)
        return name
    raise Refused(Msg("no free backup name like {wanted}", wanted=wanted))


def _free_names(wanted: str, tries: int = 1000) -> Iterator[str]:
    """``a.txt.orig``, then ``a.txt.1.orig``, ``a.txt.2.orig``… (still ending in the suffix, so an
    exclude glob for the suffix keeps matching)."""
    yield wanted
    head, dot, tail = wanted.rpartition(".")
    for n in range(1, tries):
        yield f"{head}.{n}.{tail}" if dot and head else f"{wanted}.{n}"


def _link_free(src: str, wanted: str) -> str | None:
    for name in _free_names(wanted):
        try:
            os.link(src, name, follow_symlinks=False)
            return name
        except FileExistsError:
            continue
        except OSError:
            return None
    return None


# -- leases: is another process holding the file open? -----------------------------------------------

def _take_lease(fd: int) -> bool:
    """Take a write lease on ``fd`` (Linux): granted only when no other descriptor has the file
    open.  True when held, False where leases are unavailable; raises :class:`Refused` when
    another process has the file open."""
    try:
        import fcntl
        import signal
    except ImportError:
        return False
    if not hasattr(fcntl, "F_SETLEASE"):
        return False
    try:
        # A lease break is signalled; SIGURG is ignored by default, SIGIO would kill us.
        fcntl.fcntl(fd, fcntl.F_SETSIG, signal.SIGURG)
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_WRLCK)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EBUSY):
            raise Refused(Msg("another process has the file open; a writer would go on writing to the old "
                          "file after the replace — close it and run again")) from None
        return False  # not supported here (file system, permissions, leases disabled)
    return True


def _lease_broken(fd: int) -> bool:
    import fcntl

    try:
        return fcntl.fcntl(fd, fcntl.F_GETLEASE) != fcntl.F_WRLCK
    except OSError:
        return True


def _release_lease(fd: int) -> None:
    import fcntl

    try:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
    except OSError:
        pass


# -- plain atomic write ---------------------------------------------------------------------------

def atomic_write(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` atomically.

    The bytes go to a temporary file in the same directory (so the final rename stays on one file
    system), get the owner, group and mode bits of the file they replace (or ``mode``), are flushed
    and fsynced, and are then renamed over the target with :func:`os.replace`.  If anything fails
    before the rename the temporary file is removed and the original is untouched.
    """
    path = os.fspath(path)
    directory = os.path.dirname(path) or "."
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + TEMP_MARK, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if st is not None:
                _copy_metadata(f.fileno(), st, None)
            if mode is not None or st is None:
                os.chmod(f.fileno(), mode if mode is not None else 0o666 & ~_umask())
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise
    _fsync_dir(directory)


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass


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

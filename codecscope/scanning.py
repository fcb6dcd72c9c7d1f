"""Scan a tree of files for encoding problems and fix them safely.

``scan(paths)`` yields one :class:`FileReport` per file: encoding and confidence, BOM,
mixed-encoding segments, invalid byte sequences and mojibake lines (line:column, kind, suggested
repair).  With ``fix=True`` legacy-encoded files are converted to the target encoding and mojibake
lines repaired, each file written atomically — or refused, with the reasons, when detection is not
confident or the conversion would lose information.

Scanning never runs anything a scanned repository configures (no git: ``.gitignore`` files are
matched with pathspec) and never follows a symbolic link.  A fix is decided on every byte of the
file (strict C-speed decode, re-encode check, read-back check of the new bytes) and written by
:func:`codecscope.fsutil.replace_checked`, which keeps owner, group, mode and extended attributes
and refuses when the file changed or another process holds it open.

The per-file function :func:`scan_file` is a plain module-level function taking a path and a
picklable :class:`ScanOptions`, and its results are frozen dataclasses, so it can run as a task on
any process pool or distributed engine (see docs/scan.md for Dask).

Detection and segmentation come from :mod:`codecscope.detection`, mojibake findings from
:mod:`codecscope.mojibake`, repairs from :mod:`codecscope.repairing`, decoding from the one decode
walk; this module only walks trees, decides and writes.
"""

from __future__ import annotations

import bisect
import difflib
import fnmatch
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias

from . import fsutil, registry
from .errors import CodecscopeError, InputError, InputTypeError, UnknownEncodingError
from .i18n import N_, Msg, _, os_reason, shown_confidence
from .i18n import localize as L
from .walking import walk
from .notebook import FieldsHTML

if TYPE_CHECKING:
    import pathspec
    from rich.console import Console, ConsoleOptions, RenderResult

    from .diagnosis import Finding as TextFinding
    from .repairing import Repair
    from .repairing.result import Steps

# Problem kinds a file can have (``FileReport.kinds``); mojibake findings add their own kind names.
KINDS = {
    "legacy": "the file is not in UTF-8",
    "mixed": "parts of the file are in different encodings",
    "invalid": "byte sequences that are invalid in the file's encoding",
    "mojibake": "lines that are mojibake (text decoded with the wrong encoding)",
    "bom": "the file starts with a byte order mark",
    "low-confidence": "the encoding could not be detected with confidence",
    "binary": "the file is binary and was skipped",
    "error": "the file could not be read or written",
    "refused": "--fix refused to rewrite the file",
    "lost": "characters an earlier decode lost for good (U+FFFD written in the file)",
    "replacement-char": "U+FFFD in the file: characters an earlier decode lost for good",
    "unchecked": "lines the mojibake search did not reach (past its budget of characters per file)",
}
# The taxonomy's kinds that are not chains (codecscope.mojibake); chains are <original>-read-as-<codec>.
MOJIBAKE_KINDS = ("ambiguous", "double-encoding", "replacement-read-as-gbk", "replacement-read-as-big5",
                  "uninitialised-memory", "question-mark-loss", "bom-as-text", "utf-16-as-8-bit")
UTF8ISH = frozenset({"utf-8", "utf-8-sig", "ascii"})
# what a legacy-encoded file needs before --fix converts it: non-ASCII bytes, plus one for every
# two ASCII letters (the words around an accented letter are evidence too)
MIN_EVIDENCE = 16
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
DEFAULT_MIN_CONFIDENCE = 0.9   # answers at >= 0.9 are right >= 99% of the time (bench/detect.py calibration)
DEFAULT_MAX_SIZE = 64 << 20
_VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs"})
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", N_("PNG image")), (b"GIF87a", N_("GIF image")), (b"GIF89a", N_("GIF image")),
    (b"\xff\xd8\xff", N_("JPEG image")), (b"PK\x03\x04", N_("ZIP archive")), (b"%PDF-", N_("PDF document")),
    (b"\x7fELF", N_("ELF executable")), (b"\x1f\x8b", N_("gzip data")), (b"BZh", N_("bzip2 data")),
    (b"\xfd7zXZ\x00", N_("xz data")), (b"\x00asm", "WebAssembly"), (b"SQLite format 3\x00", N_("SQLite database")),
    (b"\xca\xfe\xba\xbe", N_("Java class / Mach-O")), (b"7z\xbc\xaf\x27\x1c", N_("7-Zip archive")),
)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
# UTF-8 read as Latin-1: its continuation bytes 0x80-0x9F show as C1 controls
_UTF8_AS_LATIN1 = re.compile("[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _controls(text: str) -> int:
    """Control characters in ``text`` that binary data would show: C1 controls inside a UTF-8
    sequence read as Latin-1 are mojibake to repair, not a sign of binary."""
    n = len(_CONTROL_CHARS.findall(text))
    if n and re.search("[\x80-\x9f]", text):
        n -= sum(len(re.findall("[\x80-\x9f]", m[0])) for m in _UTF8_AS_LATIN1.finditer(text))
    return n


_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b\x08")


# -- options and results ------------------------------------------------------------------------

@dataclass(frozen=True)
class ScanOptions:
    """What :func:`scan_file` does with each file.  Picklable, so it travels to worker processes."""

    fix: bool = False
    to: str = "utf-8"
    force: bool = False
    dry_run: bool = False
    backup: str | None = None
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    max_size: int = DEFAULT_MAX_SIZE
    max_items: int = 200          # invalid sequences / findings kept per file (all are counted)
    root: str | None = None       # paths in reports are shown relative to this
    mojibake: bool = True         # look for mojibake lines (the slow part)
    mojibake_budget: int | None = 1_000_000  # characters of non-ASCII lines searched per file
    read_only: bool = False       # --fix may rewrite read-only files (keeping their mode)
    keep_mtime: bool = False      # the rewritten file keeps its access and modification times


@dataclass(frozen=True)
class Segment(FieldsHTML):
    """A run of lines (1-based, inclusive) in one encoding."""

    start_line: int
    end_line: int
    encoding: str
    confidence: float = 1.0
    start: int = 0                # byte offsets of the segment in the file
    end: int | None = None
    invalid: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class InvalidSequence:
    """Bytes the file's encoding rejects, at a 1-based line and column (in characters)."""

    line: int
    column: int
    offset: int
    hex: str
    reason: str
    encoding: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finding(FieldsHTML):
    """A mojibake span: where, which kind, what it says now, and the suggested repair of its line."""

    line: int
    column: int
    kind: str
    text: str
    suggestion: str = ""
    repairable: bool = False
    steps: Steps = ()
    confidence: float = 0.0
    evidence: str = ""
    lossy: bool = False           # the repair marks lost characters with U+FFFD
    replacement: str = ""         # what the repair writes for the stretch holding this span (``suggestion``: the line)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["steps"] = [list(s) for s in self.steps]
        return d


@dataclass(frozen=True)
class FixOutcome:
    """What ``--fix`` did to a file.

    ``action`` is ``fixed`` (written), ``would-fix`` (dry run), ``unchanged`` (nothing to do),
    ``refused`` (``reasons`` say why) or ``failed`` (an I/O error; ``reasons`` has it).
    """

    action: str
    source: str = ""
    target: str = ""
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    repaired_lines: int = 0
    diff: str = ""
    backup: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["reasons"], d["notes"] = list(self.reasons), list(self.notes)
        return d


@dataclass(frozen=True)
class FileReport:
    """Everything scan found about one file.  ``status`` is text, binary, skipped or error."""

    path: str
    size: int = 0
    status: str = "text"
    reason: str = ""
    encoding: str = ""
    confidence: float = 0.0
    candidates: tuple[str, ...] = ()     # ranked encodings detection considered
    bom: str = ""
    lines: int = 0
    segments: tuple[Segment, ...] = ()
    invalid_count: int = 0
    invalid: tuple[InvalidSequence, ...] = ()
    mojibake_count: int = 0
    findings: tuple[Finding, ...] = ()
    fix: FixOutcome | None = None
    notes: tuple[str, ...] = ()
    # the first line the mojibake search did not reach (0: it searched every line); the file was
    # then not fully checked, which a person must learn from more than a note
    unchecked_from: int = 0

    @property
    def mixed(self) -> bool:
        return len({s.encoding for s in self.segments}) > 1

    @property
    def kinds(self) -> frozenset[str]:
        """Problem kinds present, for ``--fail-on``: see :data:`KINDS` plus each mojibake kind."""
        k: set[str] = set()
        if self.status == "binary":
            k.add("binary")
        elif self.status == "error":
            k.add("error")
        if self.status == "text":
            if self.encoding not in UTF8ISH and not self.mixed:
                k.add("legacy")
            if self.mixed:
                k.add("mixed")
            if self.invalid_count:
                k.add("invalid")
            if self.bom:
                k.add("bom")
            if self.confidence < DEFAULT_MIN_CONFIDENCE and self.encoding not in UTF8ISH:
                k.add("low-confidence")
            # U+FFFD in the file is loss, not a wrong decode: its own problem, never repaired
            if any(f.kind != "replacement-char" for f in self.findings):
                k.add("mojibake")
            if any(f.kind == "replacement-char" for f in self.findings):
                k.add("lost")
            if self.unchecked_from:
                k.add("unchecked")
            k.update(f.kind for f in self.findings)
        if self.fix and self.fix.action == "refused":
            k.add("refused")
        if self.fix and self.fix.action == "failed":
            k.add("error")
        return frozenset(k)

    @property
    def problems(self) -> list[str]:
        """The kinds worth showing a person (BOM and binary are information, not problems)."""
        order = ["error", "legacy", "mixed", "invalid", "mojibake", "lost", "low-confidence", "unchecked", "refused"]
        return [k for k in order if k in self.kinds]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "size": self.size,
            "status": self.status,
            "reason": self.reason,
            "encoding": self.encoding,
            "confidence": round(self.confidence, 4),
            "candidates": list(self.candidates),
            "bom": self.bom,
            "lines": self.lines,
            "segments": [s.to_dict() for s in self.segments],
            "invalid_count": self.invalid_count,
            "invalid": [i.to_dict() for i in self.invalid],
            "mojibake_count": self.mojibake_count,
            "findings": _findings_dicts(self.findings),
            "kinds": sorted(self.kinds),
            "fix": self.fix.to_dict() if self.fix else None,
            "notes": list(self.notes),
            "unchecked_from": self.unchecked_from,
        }

    def headline(self) -> str:
        if self.status != "text":
            status = _(self.status)
            text = _("{status} ({reason})").format(status=status, reason=L(self.reason)) if self.reason else status
            return _escape(_("{label}: {text}").format(label=self.path, text=text))
        enc = "+".join(dict.fromkeys(s.encoding for s in self.segments)) if self.mixed else self.encoding
        bits = [f"{enc} {shown_confidence(self.confidence):.0%}"]
        if self.bom:
            bits.append(f"BOM {self.bom}")
        if self.problems:
            bits.append(_(", ").join(_(p) for p in self.problems))
        return _escape(_("{label}: {text}").format(label=self.path, text=_("; ").join(bits)))

    def detail_lines(self) -> list[str]:
        out = []
        if self.mixed:
            for s in self.segments:
                where = (_("line {n}").format(n=s.start_line) if s.start_line == s.end_line else
                         _("lines {a}-{b}").format(a=s.start_line, b=s.end_line))
                out.append("  " + _("{label}: {text}").format(
                    label=where, text=s.encoding + (_(", {n} invalid").format(n=s.invalid) if s.invalid else "")))
        for i in self.invalid:
            out.append("  " + _("{line}:{column} invalid {enc}: {why}").format(line=i.line, column=i.column,
                                                                              enc=i.encoding, why=L(i.reason)))
        if self.invalid_count > len(self.invalid):
            out.append("  ... " + _("{n} more invalid sequences").format(n=self.invalid_count - len(self.invalid)))
        for f in self.findings:
            line = f"  {f.line}:{f.column} {f.kind}: {_clip(f.text)!r}"
            if f.suggestion:
                line += f" -> {_clip(f.replacement or f.suggestion)!r}"
            elif not f.repairable:
                line += " " + _("(not repairable)")
            out.append(line)
        causes = dict.fromkeys(f.evidence for f in self.findings if f.kind == "replacement-char" and f.evidence)
        out.extend("  " + _("likely cause: {cause}").format(cause=L(c)) for c in causes)
        if self.mojibake_count > len(self.findings):
            out.append("  ... " + _("{n} more mojibake findings").format(n=self.mojibake_count - len(self.findings)))
        out.extend("  " + _("note: {note}").format(note=L(n)) for n in self.notes)
        if self.fix and (self.fix.action != "unchanged" or self.fix.notes):
            fx = self.fix
            conv = f"{fx.source} -> {fx.target}" if fx.source != fx.target else fx.target
            if fx.repaired_lines:
                conv += _(", ") + (_("{n} line repaired") if fx.repaired_lines == 1 else
                                   _("{n} lines repaired")).format(n=fx.repaired_lines)
            out.append("  " + _("fix: {action} ({conv})").format(action=_(fx.action), conv=conv))
            out.extend("    " + _("refused: {why}").format(why=L(r)) for r in fx.reasons)
            out.extend("    " + _("note: {note}").format(note=L(n)) for n in fx.notes)
            if fx.backup:
                out.append("    " + _("backup: {path}").format(path=fx.backup))
        out = [_escape(line) for line in out]
        if self.fix and self.fix.diff:
            # the file's own lines: shown, never interpreted by the terminal
            diff = L(self.fix.diff) if isinstance(self.fix.diff, Msg) else self.fix.diff   # a Msg: no diff, a note
            out.extend("    " + _escape(d, tabs=False) for d in diff.rstrip("\n").split("\n"))
        return out

    def __str__(self) -> str:
        return "\n".join([self.headline(), *self.detail_lines()])

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        yield Text(self.headline(), style="bold" if self.problems else "")
        for line in self.detail_lines():
            yield Text(line, style="red" if _alarming(line) else "")

    def _repr_html_(self) -> str:
        from .render import html_of

        return html_of(self)


_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                     "\ufeff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(s: str, *, tabs: bool = True) -> str:
    """``s`` safe to print on a terminal: control characters (escape sequences, line breaks),
    bidirectional and invisible format marks, and the bytes of a file name that are not valid
    in the file system's encoding, shown as Python-style escapes (``\\n``, ``\\x1b``, ``\\u202e``)."""
    def one(m: re.Match[str]) -> str:
        c = m.group()
        o = ord(c)
        if 0xDC80 <= o <= 0xDCFF:   # os.fsdecode's stand-in for an undecodable byte
            return f"\\x{o - 0xDC00:02x}"
        return _NAMED.get(c) or (f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")

    out = _UNSAFE.sub(one, s)
    return out.replace("\t", "\\t") if tabs else out


def _alarming(line: str) -> bool:
    """A detail line to show in red: a refusal or invalid bytes, in whichever language."""
    return any(w in line for w in ("refused", "invalid", _("refused"), _("invalid")))


# What the renderers show for status, problem kinds and fix actions (the codes stay English).
N_("text"), N_("binary"), N_("skipped"), N_("error"), N_("legacy"), N_("mixed"), N_("invalid"), N_("mojibake")
N_("lost")
N_("low-confidence"), N_("refused"), N_("fixed"), N_("would-fix"), N_("unchanged"), N_("failed"), N_("bom")
N_("replacement-char"), N_("unchecked")


def _clip(s: str, n: int = 60) -> str:
    s = s.rstrip("\r\n")
    return s if len(s) <= n else s[: n - 1] + "…"


@dataclass(frozen=True)
class ScanReport:
    """All file reports of one scan, with a summary: what the CLI renders."""

    reports: tuple[FileReport, ...]
    fixing: bool = False
    dry_run: bool = False

    def counts(self) -> dict[str, Any]:
        enc = Counter(r.encoding for r in self.reports if r.status == "text" and not r.mixed)
        enc.update("mixed" for r in self.reports if r.status == "text" and r.mixed)
        kinds = Counter(k for r in self.reports for k in r.kinds)
        fixes = Counter(r.fix.action for r in self.reports if r.fix)
        return {"files": len(self.reports), "encodings": dict(enc.most_common()),
                "kinds": dict(sorted(kinds.items())), "fix": dict(sorted(fixes.items()))}

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "codecscope.scan/1", "summary": self.counts(), "files": [r.to_dict() for r in self.reports]}

    def summary_lines(self) -> list[str]:
        c = self.counts()
        comma = _(", ")
        encodings = comma.join(f"{n} {_(e) if e == 'mixed' else e}" for e, n in c["encodings"].items())
        out = [(_("{n} file: {encodings}") if c["files"] == 1 else _("{n} files: {encodings}")).format(
            n=c["files"], encodings=encodings or _("no text files"))]
        k = c["kinds"]
        bits = [f"{k[x]} {_(x)}" for x in ("legacy", "mixed", "invalid", "mojibake", "lost", "low-confidence",
                                           "unchecked", "error") if x in k]
        if bits:
            out.append(_("problems: {list}").format(list=comma.join(bits)))
        other = sum(r.status == "skipped" for r in self.reports)
        skipped = ([_("{n} binary").format(n=k["binary"])] if "binary" in k else []) + \
            ([_("{n} not read").format(n=other)] if other else [])
        if skipped:
            what = comma.join(skipped)
            if other:
                what = _("{list} (links, special or large files)").format(list=what)
            out.append(_("skipped: {list}").format(list=what))
        if c["fix"]:
            out.append(_("fix: {list}").format(list=comma.join(f"{n} {_(a)}" for a, n in c["fix"].items())))
        refused = [r for r in self.reports if r.fix and r.fix.action == "refused"]
        for r in refused:
            assert r.fix is not None  # refused holds reports with a fix outcome only
            out.append(_escape(_("refused {path}: {why}").format(path=r.path,
                                                                 why=_("; ").join(L(x) for x in r.fix.reasons))))
        return out

    def __str__(self) -> str:
        blocks = [str(r) for r in self.reports]
        return "\n".join(blocks + [""] + self.summary_lines())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        from .render import fits, table_or_records

        headers = [_("file"), _("encoding"), _("conf"), "BOM", _("problems")]
        rows: list[list[str | Text]] = []
        for r in self.reports:
            # Text, not str: a '[' in a file name is not rich markup
            if r.status != "text":
                rows.append([Text(_escape(r.path)), Text(_(r.status), style="dim"), "", "",
                             Text(_escape(L(r.reason)), style="dim")])
                continue
            enc = "+".join(dict.fromkeys(s.encoding for s in r.segments)) if r.mixed else r.encoding
            rows.append([Text(_escape(r.path)), enc, f"{shown_confidence(r.confidence):.0%}", r.bom,
                         Text(_(", ").join(_(p) for p in r.problems), style="bold red" if r.problems else "")])
        if not fits(options, len(headers)):   # a narrow terminal: a record per file, no cell cut
            yield from table_or_records(options, headers, rows, title="codecscope scan")
        else:
            table = Table(title="codecscope scan", show_lines=False, box=box.HEAVY_HEAD)
            table.add_column(headers[0], overflow="fold", ratio=3, min_width=8)
            table.add_column(headers[1], overflow="fold", ratio=1)
            table.add_column(headers[2], justify="right", no_wrap=True)
            table.add_column(headers[3], overflow="fold")
            table.add_column(headers[4], overflow="fold", ratio=1)
            for row in rows:
                table.add_row(*row)
            yield table
        for r in self.reports:
            details = r.detail_lines()
            if details:
                yield Text(_escape(r.path), style="bold")
                for line in details:
                    yield Text(line, style="red" if _alarming(line) else "")
        for line in self.summary_lines():
            yield Text(line)

    def to_sarif(self) -> dict[str, Any]:
        return to_sarif(self.reports)

    def _repr_html_(self) -> str:
        from .render import html_of

        return html_of(self)


# -- walking the tree ---------------------------------------------------------------------------

def iter_files(paths: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str] = (), gitignore: bool = True) -> Iterator[str]:
    """The files to scan under ``paths``, sorted per directory, each once.

    Directories are walked without running anything: no git (a repository's configuration can
    run programs: ``core.fsmonitor``, hooks, attribute filters), no symbolic links followed
    (a link is listed, and scan reports it as skipped), VCS folders skipped.  With ``gitignore``
    the ``.gitignore`` files met on the way, those of the directories above it up to the
    repository root (the first folder with a ``.git``) and ``.git/info/exclude`` leave out what
    they exclude — inside a git checkout or not.  Files named explicitly are always scanned unless
    an ``exclude`` glob matches them.  Globs match the path relative to the directory given, the
    file name, or any folder name on the way.
    """
    globs = list(exclude)
    seen: set[str] = set()
    folders: dict[str, str] = {}

    def key(full: str) -> str:
        # One file under two spellings (`a.txt` and `/abs/a.txt`, `.` and the same folder by its
        # full name) is one file: scanned twice, --fix would race itself.  The folder is resolved,
        # the last component not, so a symbolic link stays a link.
        head, tail = os.path.split(full)
        if head not in folders:
            folders[head] = os.path.realpath(head or ".")
        return os.path.join(folders[head], tail)

    for p in paths:
        p = os.fspath(p)
        if os.path.isdir(p) and not os.path.islink(p):
            for rel in _walk_files(p, gitignore):
                full = os.path.normpath(os.path.join(p, rel))
                if not _excluded(rel, globs) and (k := key(full)) not in seen:
                    seen.add(k)
                    yield full
        elif os.path.lexists(p):
            full = os.path.normpath(p)
            if not _excluded(p, globs) and (k := key(full)) not in seen:
                seen.add(k)
                yield full
        else:
            raise InputError(Msg("{path}: no such file or directory", path=_escape(p)))


def _walk_files(directory: str, gitignore: bool) -> list[str]:
    """Relative paths of the entries under ``directory`` that are not directories (symbolic links
    included, never followed), minus what the ignore rules exclude.  A folder that cannot be
    listed is returned itself, so that scan reports it as an error."""
    rules = _outer_rules(directory) if gitignore else []
    out: list[str] = []
    stack = [("", rules)]
    while stack:
        rel_dir, rules = stack.pop()
        full = os.path.join(directory, rel_dir) if rel_dir else directory
        try:
            with os.scandir(full) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            out.append(rel_dir or ".")
            continue
        if gitignore:
            rules = rules + _rules_in(full, rel_dir)
        subdirs: list[str] = []
        for e in entries:
            rel = f"{rel_dir}/{e.name}" if rel_dir else e.name
            try:
                is_dir = e.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir and e.name in _VCS_DIRS:
                continue
            if rules and _ignored(rules, rel, is_dir):
                continue
            (subdirs if is_dir else out).append(rel)
        stack.extend((d, rules) for d in reversed(subdirs))
    return sorted(out, key=lambda r: r.split("/"))


_IGNORE_FILE_LIMIT = 1 << 20


# ignore rules: (the folder they apply to, relative to the walk's root (an _Outer from above it), the spec)
_Rules: TypeAlias = "list[tuple[str, pathspec.GitIgnoreSpec]]"


def _rules_in(folder: str, rel: str, name: str = ".gitignore") -> _Rules:
    """``(base, spec)`` for the ignore file ``name`` in ``folder`` (relative path ``rel`` to the
    walk's root, "" for the root), read only when it is a regular file."""
    import pathspec

    path = os.path.join(folder, name)
    try:
        fd, _ = fsutil.open_regular(path)
    except (OSError, fsutil.NotRegular):
        return []
    try:
        data = fsutil.read_fd(fd, _IGNORE_FILE_LIMIT)
    except OSError:
        return []
    finally:
        os.close(fd)
    lines = data.decode("utf-8", "surrogateescape").splitlines()
    return [(rel, pathspec.GitIgnoreSpec.from_lines(lines))] if lines else []


def _outer_rules(directory: str) -> _Rules:
    """The ignore rules that apply to ``directory`` from above it: the root's
    ``.git/info/exclude`` (lowest precedence) and the ``.gitignore`` files of the folders from the
    repository root down to, not including, ``directory``."""
    here = os.path.abspath(directory)
    chain = [here]
    while not os.path.lexists(os.path.join(chain[-1], ".git")):
        parent = os.path.dirname(chain[-1])
        if parent == chain[-1]:
            return []  # not in a repository: only the ignore files inside the tree count
        chain.append(parent)
    root = chain[-1]
    found = [(root, _rules_in(os.path.join(root, ".git", "info"), "", "exclude"))]
    found += [(folder, _rules_in(folder, "")) for folder in reversed(chain[1:])]
    rules: _Rules = []
    for folder, specs in found:
        prefix = os.path.relpath(here, folder).replace(os.sep, "/")
        rules += [("" if prefix == "." else _Outer(prefix), spec) for _, spec in specs]
    return rules


class _Outer(str):
    """The base of a rule from above the walk's root: the root's path seen from the rule's folder."""


def _ignored(rules: _Rules, rel: str, is_dir: bool) -> bool:
    """git's answer: the deepest ignore file with a matching pattern decides, and within a file
    the last matching pattern."""
    for base, spec in reversed(rules):
        if isinstance(base, _Outer):
            sub = f"{base}/{rel}"
        elif not base:
            sub = rel
        elif rel.startswith(base + "/"):
            sub = rel[len(base) + 1:]
        else:
            continue
        hit = spec.check_file(sub + "/" if is_dir else sub).include
        if hit is not None:
            return hit
    return False


def _excluded(rel: str, globs: list[str]) -> bool:
    if not globs:
        return False
    rel = rel.replace(os.sep, "/")
    parts = rel.split("/")
    for g in globs:
        g = g.rstrip("/")
        if fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(parts[-1], g):
            return True
        if any(fnmatch.fnmatch(part, g) for part in parts[:-1]):
            return True
        if any(fnmatch.fnmatch("/".join(parts[:i]), g) for i in range(1, len(parts))):
            return True
    return False


# -- one file -----------------------------------------------------------------------------------

def binary_reason(data: bytes) -> str:
    """Why ``data`` looks binary, or ``""`` when it looks like text (in any encoding)."""
    if registry.sniff_bom(data):
        return ""
    head = data[:8192]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if b"\0" in head:
        if _looks_utf16_or_32(head):
            return ""
        return Msg("contains NUL bytes")
    if head and len(head) - len(head.translate(None, _CONTROL)) > len(head) * 0.3:
        return Msg("mostly control bytes")
    return ""


def _looks_utf16_or_32(head: bytes) -> bool:
    # UTF-16/32 text without a BOM: its NUL bytes sit at regular positions, binary's do not.
    n = len(head) - len(head) % 4
    nul = head[:n].count(0)
    if n < 4 or not nul:
        return False
    if any(head[p:n:4].count(0) == n // 4 for p in (0, 3)):  # UTF-32: the top byte is always 0
        return True
    return max(head[0:n:2].count(0), head[1:n:2].count(0)) >= 0.95 * nul


def _ascii_reads_like_text(text: str) -> bool:
    """Text whose every character is ASCII reads like text when it has word and line structure:
    a space or line break at least every 20 characters and no line longer than 1,000.  16-bit
    or 32-bit numbers that happen to lie in the ASCII range have neither."""
    spaces = sum(text.count(c) for c in " \t\n\r")
    return spaces * 20 >= len(text) and all(len(ln) <= 1000 for ln in text.splitlines())


def scan_file(path: str, options: ScanOptions = ScanOptions()) -> FileReport:
    """Scan (and with ``options.fix``, fix) one file.  Never raises for a file's content or I/O.

    The file is opened without following a symbolic link and without blocking (a link, FIFO or
    device is reported as skipped, never read), read whole, and held open until any fix is done,
    so that the fix can tell whether the file changed in between.
    """
    shown = os.path.relpath(path, options.root) if options.root else path
    if fsutil.is_temp_name(os.path.basename(path)):
        return FileReport(shown, 0, "skipped", Msg("a temporary file left by an interrupted codecscope --fix; "
                                                   "compare it with the file it is named after, then delete it"))
    try:
        fd, st = fsutil.open_regular(path)
    except fsutil.NotRegular as e:
        if str(e) == "a directory":   # the walk hands over a folder it could not list
            try:
                os.listdir(path)
            except OSError as err:
                return FileReport(shown, 0, "error", Msg("cannot list this folder: {why}", why=os_reason(err)))
        if str(e) != "a symbolic link":
            why = Msg("{what}, not a regular file", what=Msg(str(e)))
        elif os.path.exists(path):
            why = Msg("symbolic link, not followed; scan the file it points to by its own name")
        else:   # (a loop or a missing target: there is no file to send the user to)
            why = Msg("symbolic link to nothing (its target is missing, or links lead back to it); not followed")
        return FileReport(shown, 0, "skipped", why)
    except OSError as e:
        return FileReport(shown, 0, "error", os_reason(e))
    try:
        if st.st_size > options.max_size:
            return FileReport(shown, st.st_size, "skipped", Msg("larger than {n} bytes", n=options.max_size))
        try:
            data = fsutil.read_fd(fd, options.max_size + 1)
            snapshot = fsutil.Snapshot.of(os.fstat(fd))
        except OSError as e:
            return FileReport(shown, 0, "error", os_reason(e))
        if len(data) > options.max_size:
            return FileReport(shown, len(data), "skipped", Msg("larger than {n} bytes", n=options.max_size))
        if snapshot != fsutil.Snapshot.of(st) or len(data) != st.st_size:
            return FileReport(shown, len(data), "error", Msg("the file changed while it was being read"))
        try:
            report, decoded = _analyze(data, shown, options)
            if options.fix and report.status == "text":
                report = replace(report, fix=_fix(path, data, decoded, report, options, fd, snapshot))
        except CodecscopeError:
            raise
        except Exception as e:  # a bug on one file must not lose the report on ten thousand others
            return FileReport(shown, len(data), "error", Msg("internal error: {type}: {e}", type=type(e).__name__, e=str(e)))
        return report
    finally:
        os.close(fd)


def analyze(data: bytes, path: str = "<bytes>", options: ScanOptions = ScanOptions()) -> FileReport:
    """The report for ``data`` as if it were a file's content (no fixing, no I/O)."""
    return _analyze(data, path, options)[0]


@dataclass(frozen=True)
class _Decoded:
    """The whole file's text, and what the fix must know about how it was obtained."""

    text: str = ""
    not_reversible: str = ""      # why re-encoding the text does not give the file's bytes back


def _replacement_findings(data: bytes, max_items: int) -> list[Finding]:
    """U+FFFD written in the file: characters an earlier decode lost for good, with the likely
    cause (per-chunk decoding with errors='replace' when they sit at multiples of one read size)."""
    from .stream import replacement_loss

    loss = replacement_loss(data)
    if loss is None:
        return []
    out = []
    for off, n in loss.runs[:max_items]:
        line = data.count(b"\n", 0, off) + 1
        start = data.rfind(b"\n", 0, off) + 1
        column = len(data[start:off].decode("utf-8", "replace")) + 1
        out.append(Finding(line, column, "replacement-char", "\ufffd" * n, evidence=loss.cause, lossy=True))
    return out


def _analyze(data: bytes, path: str, options: ScanOptions) -> tuple[FileReport, _Decoded]:
    """The report and the decoded text of every byte (invalid sequences as U+FFFD)."""
    why = binary_reason(data)
    if why:
        return FileReport(path, len(data), "binary", why), _Decoded()
    if not data:
        return FileReport(path, 0, "text", "", "ascii", 1.0, ("ascii",), "", 0, (Segment(1, 1, "ascii"),)), _Decoded()
    hit = registry.sniff_bom(data)
    bom = hit[1] if hit else ""
    det = _detect(data)
    if det.encoding is None:
        return FileReport(path, len(data), "binary", det.note or Msg("no text encoding fits")), _Decoded()
    if b"\0" in data[:8192] and not det.encoding.startswith("utf-16") and not det.encoding.startswith("utf-32"):
        return FileReport(path, len(data), "binary", Msg("contains NUL bytes")), _Decoded()
    encoding, confidence = det.encoding, det.confidence
    if bom and not encoding.startswith(bom[:6]):
        assert hit is not None  # bom came from it
        encoding = hit[2]  # a BOM is the file saying what it is
        confidence = 1.0
    segs = _whole_file_segments(data, det, encoding)
    if len(segs) == 1:
        segs = [Segment(1, 1, encoding, confidence, 0, len(data))]
    else:
        # Detection's confidence is about one encoding for the whole file; each segment's is
        # how sure detection is of that segment's bytes alone.
        segs = [replace(s, confidence=_segment_confidence(data[s.start:s.end], s.encoding)
                        if k < _MAX_SCORED_SEGMENTS else 0.0) for k, s in enumerate(segs)]
        confidence = min(s.confidence for s in segs)
    text, invalid, invalid_count, unreversed = _decode(data, segs, options.max_items)
    head = text[:4096]
    if head and _controls(head) > len(head) * 0.1:
        return FileReport(path, len(data), "binary", Msg("reads as control characters in {enc}", enc=encoding)), _Decoded()
    if not bom and encoding.startswith(("utf-16", "utf-32")) and text.isascii() and not _ascii_reads_like_text(text):
        return FileReport(path, len(data), "binary", Msg("numbers in the ASCII range, not {enc} text", enc=encoding)), _Decoded()
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    if len(segs) == 1:
        segs = [Segment(1, max(lines, 1), encoding, confidence, 0, len(data), invalid_count)]
    findings, count, stopped, unchecked_from = _findings(text, options.max_items, options.mojibake_budget) \
        if options.mojibake else ([], 0, "", 0)
    notes = [stopped] if stopped else []
    if unreversed:
        notes.append(unreversed)
    if encoding in UTF8ISH:
        lost = _replacement_findings(data, options.max_items)
        findings, count = lost + list(findings), count + len(lost)
    return FileReport(
        path, len(data), "text", "", encoding, confidence, tuple(det.candidates), bom, lines,
        tuple(segs), invalid_count, tuple(invalid), count, tuple(findings), None, tuple(notes), unchecked_from,
    ), _Decoded(text, unreversed)


def _tiles(segs: list[Segment], size: int) -> bool:
    """Do the segments cover bytes 0..size and lines 1.. exactly, one after another?"""
    at, line = 0, 1
    for s in segs:
        if s.start != at or s.end is None or s.end <= s.start or s.start_line != line:
            return False
        at, line = s.end, s.end_line + 1
    return at == size


def _whole_file_segments(data: bytes, det: "_Det", encoding: str) -> list[Segment]:
    """The segments to decode: detection's when they cover every byte of the file; otherwise
    (detection looked at a sample) runs of whole lines found over the whole file: non-ASCII lines
    that are valid UTF-8 against the others, which are in the legacy encoding detection named.
    When a non-ASCII line reads strictly in both, only a model could tell which it is: then the
    file is decoded in one encoding, and whatever does not fit is reported invalid (and a fix
    refused) rather than guessed."""
    segs = list(det.segments)
    if len({s.encoding for s in segs}) < 2:
        return [Segment(1, 1, encoding, det.confidence, 0, len(data))]
    if _tiles(segs, len(data)):
        return segs
    legacy = next((s.encoding for s in segs if s.encoding not in UTF8ISH), None)
    if legacy is None:
        legacy = encoding if encoding not in UTF8ISH else next(
            (c for c in det.candidates if c not in UTF8ISH), None)
    if legacy is None:
        return [Segment(1, 1, encoding, det.confidence, 0, len(data))]
    runs: list[list[Any]] = []   # [encoding, first line, last line, start byte, end byte]
    at = 0
    for n, line in enumerate(data.splitlines(keepends=True), 1):
        enc = None
        if not line.isascii():
            enc = "utf-8" if _strict(line, "utf-8") is not None else legacy
            if enc == "utf-8" and _strict(line, legacy) is not None:
                return [Segment(1, 1, encoding, det.confidence, 0, len(data))]
        if runs and (enc is None or enc == runs[-1][0] or runs[-1][0] is None):
            run = runs[-1]
            run[0], run[2], run[4] = run[0] or enc, n, at + len(line)   # ASCII lines join the run
        else:
            runs.append([enc, n, n, at, at + len(line)])
        at += len(line)
    if len(runs) < 2:
        return [Segment(1, 1, encoding, det.confidence, 0, len(data))]
    return [Segment(a, b, e or legacy, det.confidence, s, t) for e, a, b, s, t in runs]


def _decode(data: bytes, segs: list[Segment], max_items: int) -> tuple[str, list[InvalidSequence], int, str]:
    """Decode every byte, segment by segment: strictly, at C speed, when the segment is valid in
    its encoding (and then check that the text re-encodes to the same bytes); through the one
    decode walk otherwise, each invalid unit becoming one U+FFFD.

    Returns the text, the first ``max_items`` invalid sequences, their count, and a note when a
    valid segment's text does not re-encode to its bytes."""
    parts: list[str] = []
    invalid: list[InvalidSequence] = []
    count = 0
    unreversed = ""
    line, col = 1, 1
    for seg, chunk, base in _segment_bytes(data, segs):
        piece = _strict(chunk, seg.encoding)
        if piece is not None:
            if not unreversed:
                at = _reencode_differs(piece, chunk, seg.encoding)
                if at is not None:
                    unreversed = Msg("re-encoding the text in {enc} does not give the file's bytes back (first "
                                     "difference at byte {at}): two byte sequences read as the same character",
                                     enc=seg.encoding, at=base + at)
            parts.append(piece)
            line, col = _advance(piece, line, col)
            continue
        for u in walk(chunk, seg.encoding):   # the walk's runs are C-decoded stretches
            if u.ok:
                piece = u.text
            else:
                count += 1
                if len(invalid) < max_items:
                    invalid.append(InvalidSequence(line, col, base + u.offset, u.hex(), u.reason, seg.encoding))
                piece = "\ufffd"
            parts.append(piece)
            line, col = _advance(piece, line, col)
    return "".join(parts), invalid, count, unreversed


def _advance(piece: str, line: int, col: int) -> tuple[int, int]:
    nl = piece.count("\n")
    if nl:
        return line + nl, len(piece) - piece.rfind("\n")
    return line, col + len(piece)


_BOM_AWARE = frozenset({"utf-8-sig", "utf-16", "utf-32"})


def _strict(chunk: bytes, encoding: str) -> str | None:
    try:
        return chunk.decode(encoding)
    except UnicodeDecodeError:
        return None


def _reencode_differs(text: str, chunk: bytes, encoding: str) -> int | None:
    """Where re-encoding ``text`` in ``encoding`` first differs from ``chunk``, or None."""
    name = registry.get(encoding).name
    hit = registry.sniff_bom(chunk) if name in _BOM_AWARE else None
    codec = hit[1] if hit else registry.plain_codec(name)
    head = hit[0] if hit else b""
    try:
        again = head + text.encode(codec)
    except UnicodeEncodeError as e:
        return len(head + text[:e.start].encode(codec))
    if again == chunk:
        return None
    step, at = 1 << 16, 0
    while again[at:at + step] == chunk[at:at + step]:
        at += step
    n = min(len(again), len(chunk), at + step)
    return next((i for i in range(at, n) if again[i] != chunk[i]), n)


def _segment_bytes(data: bytes, segs: list[Segment]) -> Iterator[tuple[Segment, bytes, int]]:
    """``(segment, bytes, offset)`` for each segment."""
    for s in segs:
        end = len(data) if s.end is None else s.end
        yield s, data[s.start:end], s.start


def _split_lines(text: str) -> list[str]:
    """Lines with their endings, split at "\\n" only: the line numbers every report uses."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _line_index(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


# -- fixing -------------------------------------------------------------------------------------

def _fix(path: str, data: bytes, decoded: _Decoded, report: FileReport, options: ScanOptions,
         fd: int, snapshot: fsutil.Snapshot) -> FixOutcome:
    """Decide on the whole file's text whether to rewrite it, and rewrite it atomically.

    Two kinds of reasons stop a fix: judgements ``--force`` may override (detection not
    confident, invalid bytes that would become U+FFFD, a text that does not re-encode to the
    same bytes) and facts it may not (the target cannot hold a character, the new bytes would
    not read back as the text, the file is read-only, has other hard links, or changed)."""
    target = options.to
    source = "+".join(dict.fromkeys(s.encoding for s in report.segments)) if report.mixed else report.encoding
    text = decoded.text
    reasons: list[str] = []
    notes: list[str] = []

    def refuse(*why: str) -> FixOutcome:
        return FixOutcome("refused", source, target, why, tuple(notes))

    declared = _declared_encoding(text)
    if declared is not None and _codec_name(declared) != _codec_name(target):
        # bytes in one encoding under a declaration of another are read wrong by everything that
        # honours it (Python's coding cookie, XML parsers, browsers): a fact, not a judgement
        return refuse(Msg("the file declares its encoding as {declared}; writing it as {enc} would "
                          "contradict that (change the declaration first)", declared=declared, enc=target))

    if not report.mixed and report.encoding not in UTF8ISH and not data.isascii() and _strict(data, "utf-8") is not None:
        # Every byte is valid UTF-8: reading it as another encoding changes what it says, which
        # is not a conversion (mojibake lines are repaired line by line, on their own evidence).
        return refuse(Msg("every byte is valid UTF-8 already; re-reading it as {enc} ({p:.0%}) would change "
                          "the text, not its encoding", enc=report.encoding, p=shown_confidence(report.confidence)))
    low = [s for s in report.segments if s.confidence < options.min_confidence]
    if report.encoding not in UTF8ISH and not report.mixed and registry.get(report.encoding).unit == 1:
        n = len(data) - len(data.translate(None, _HIGH_BYTES))
        if n + (len(data) - len(data.translate(None, _ASCII_LETTERS))) / 2 < MIN_EVIDENCE:
            # A code page is told by its non-ASCII bytes and, in Latin text, by the words around
            # them.  A name or two (a one-line file of 'Пн Вт Ср' or '丹麥文') fits several code
            # pages' words, and detection is sure of such snippets wrongly more often than of
            # longer text, so a rewrite waits for more text (or --force).
            reasons.append(Msg("only {n} non-ASCII byte: too little text to be sure it is {enc}", n=n, enc=report.encoding)
                           if n == 1 else
                           Msg("only {n} non-ASCII bytes: too little text to be sure it is {enc}", n=n, enc=report.encoding))
    if report.encoding not in UTF8ISH and report.confidence < options.min_confidence and not report.mixed:
        alts = ", ".join(e for e in report.candidates[1:3] if e != report.encoding)
        why = Msg("detection not confident: {enc} at {p:.0%} (minimum {min:.0%})", enc=report.encoding,
                  p=shown_confidence(report.confidence), min=options.min_confidence)
        reasons.append(Msg("{why}; also {alts}", why=why, alts=alts) if alts else why)
    elif report.mixed and low:
        listed = [Msg("{a}-{b} ({enc} {p:.0%})", a=s.start_line, b=s.end_line, enc=s.encoding,
                      p=shown_confidence(s.confidence)) for s in low]
        lines = listed[-1]
        for part in reversed(listed[:-1]):   # Msgs, so that the brackets and commas are the language's
            lines = Msg("{a}, {b}", a=part, b=lines)
        reasons.append(Msg("detection not confident for lines {lines}", lines=lines))
    if report.invalid_count:
        first = report.invalid[0] if report.invalid else None
        n = report.invalid_count
        why = (Msg("{n} invalid byte sequence would be replaced by U+FFFD", n=n) if n == 1 else
               Msg("{n} invalid byte sequences would be replaced by U+FFFD", n=n))
        reasons.append(Msg("{why}, first at {line}:{column}", why=why, line=first.line, column=first.column)
                       if first else why)
    if decoded.not_reversible:
        reasons.append(decoded.not_reversible)
    new_text, repaired, repair_notes, lossy = _repair_lines(text, report, options)
    notes.extend(repair_notes)
    if lossy:
        notes.append(Msg("lines {lines}: information was already lost; U+FFFD marks what cannot come back",
                         lines=", ".join(map(str, lossy[:10]))))
    keep_bom = report.bom == "utf-8" and target in ("utf-8", "utf-8-sig")
    out_codec = "utf-8-sig" if keep_bom else target
    # what is written is what the report names: a kept BOM is utf-8-sig, and "utf-8-sig -> utf-8"
    # would say the BOM goes
    target = out_codec
    try:
        new = new_text.encode(out_codec)
    except UnicodeEncodeError:
        bad = [(i, ch) for i, ch in enumerate(new_text) if not _encodable(ch, out_codec)]
        starts = _line_index(new_text)
        shown = ", ".join(f"{ch!r} at {':'.join(map(str, _position(starts, i)))}" for i, ch in bad[:3])
        return refuse(Msg("{n} character cannot be written in {enc}: {chars}", n=1, enc=target, chars=shown)
                      if len(bad) == 1 else
                      Msg("{n} characters cannot be written in {enc}: {chars}", n=len(bad), enc=target, chars=shown))
    # The write's own proof: the new bytes read back as exactly the text, line for line.
    if _strict(new, out_codec) != new_text or new_text.count("\n") != text.count("\n"):
        return refuse(Msg("the text written in {enc} would not read back as the same text", enc=target))
    if new == data:
        return FixOutcome("unchanged", source, target, (), tuple(notes))
    if reasons and not options.force:
        return FixOutcome("refused", source, target, tuple(reasons), tuple(notes), repaired)
    if reasons:
        notes.extend(Msg("forced despite: {why}", why=r) for r in reasons)
    st = os.fstat(fd)
    if not options.read_only and (not st.st_mode & 0o222 or not os.access(path, os.W_OK)):
        return refuse(Msg("the file is read-only (mode {mode}); --fix-read-only rewrites it (keeping the mode)",
                          mode=f"{stat.S_IMODE(st.st_mode):04o}"))
    if st.st_nlink > 1:
        return refuse(Msg("the file has {n} hard links; replacing it would leave the other names with the old "
                          "bytes", n=st.st_nlink))
    if options.dry_run:
        diff = "".join(difflib.unified_diff(
            _split_lines(text), _split_lines(new_text),
            f"{report.path} ({source})", f"{report.path} ({target})"))
        if diff and not diff.endswith("\n"):
            diff += "\n"
        if not diff:
            diff = Msg("# re-encode only: {source} -> {target}, text unchanged\n", source=source, target=target)
        return FixOutcome("would-fix", source, target, (), tuple(notes), repaired, diff)
    try:
        done = fsutil.replace_checked(path, new, fd=fd, snapshot=snapshot, original=data,
                                      backup_suffix=options.backup, keep_mtime=options.keep_mtime)
    except fsutil.Refused as e:
        return FixOutcome("refused", source, target, (e.args[0] if e.args else str(e),), tuple(notes), repaired)
    except OSError as e:
        return FixOutcome("failed", source, target, (Msg("could not write: {why}; the file is unchanged",
                                                             why=os_reason(e)),),
                          tuple(notes), repaired)
    notes.extend(done.notes)
    return FixOutcome("fixed", source, target, (), tuple(notes), repaired, "", done.backup)


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# PEP 263's coding cookie (first two lines), an XML declaration, an HTML meta charset
_DECLARATIONS = (
    re.compile(r"\A(?:[^\n]*\n)?[ \t\f]*#[^\n]*?coding[:=][ \t]*([-\w.]+)"),
    re.compile(r"\A\ufeff?<\?xml[^>]*?\bencoding[ \t]*=[ \t]*[\"']([-\w.:]+)[\"']"),
    re.compile(r"<meta\b[^>]*?\bcharset[ \t]*=[ \t]*[\"']?([-\w.:]+)", re.IGNORECASE),
)


def _declared_encoding(text: str) -> str | None:
    """The encoding the file's own text declares, if any (looked for in its first 2 KiB)."""
    head = text[:2048]
    for rx in _DECLARATIONS:
        m = rx.search(head)
        if m:
            return m.group(1)
    return None


def _codec_name(name: str) -> str:
    """The registry's name for a declared encoding; an unknown one compares as itself."""
    try:
        return registry.canonical(name)
    except UnknownEncodingError:
        return name.lower()


def _repair_lines(text: str, report: FileReport, options: ScanOptions) -> tuple[str, int, list[str], list[int]]:
    """Replace the lines that have mojibake findings with their confident repairs."""
    if not report.mojibake_count:
        return text, 0, [], []
    findings = report.findings
    if report.mojibake_count > len(findings):  # the report kept only the first ones
        findings = tuple(_findings(text, report.mojibake_count, options.mojibake_budget)[0])
    lines = _split_lines(text)
    by_line: dict[int, list[Finding]] = {}
    f: Finding | None
    for f in findings:
        by_line.setdefault(f.line, []).append(f)
    repaired = 0
    notes: list[str] = []
    lossy: list[int] = []
    for n, fs in sorted(by_line.items()):
        f = next((x for x in fs if x.suggestion), None)
        if n > len(lines) or f is None:
            continue
        line = lines[n - 1]
        body = line.rstrip("\r\n")
        if f.suggestion == body:  # a "repair" that changes nothing is no repair
            continue
        if any(x.kind == "ambiguous" for x in fs) and not options.force:
            notes.append(Msg("line {n}: ambiguous, two readings are about equally likely; left as it is", n=n))
            continue
        if f.confidence < options.min_confidence and not options.force:
            notes.append(Msg("line {n}: repair not confident ({p:.0%}), left as it is", n=n, p=shown_confidence(f.confidence)))
            continue
        if f.lossy:
            if not options.force:
                notes.append(Msg("line {n}: the repair marks lost characters with U+FFFD; left as it is "
                                 "(use --force to apply)", n=n))
                continue
            lossy.append(n)
        if "\n" in f.suggestion:
            notes.append(Msg("line {n}: the repair would split the line; left as it is", n=n))
            continue
        lines[n - 1] = f.suggestion + line[len(body):]
        repaired += 1
    return "".join(lines), repaired, notes, lossy


# -- the many-files driver ----------------------------------------------------------------------

def scan(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    exclude: Iterable[str] = (),
    gitignore: bool = True,
    fix: bool = False,
    to: str = "utf-8",
    force: bool = False,
    dry_run: bool = False,
    backup: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    max_size: int = DEFAULT_MAX_SIZE,
    root: str | None = None,
    mojibake: bool = True,
    read_only: bool = False,
    keep_mtime: bool = False,
) -> Iterator[FileReport]:
    """Scan files and directories; yield a :class:`FileReport` per file, in path order.

    ``jobs`` worker processes (default: the machine's cores; 1 scans in this process).  Raises
    :class:`~codecscope.errors.InputError` for a missing path or bad option and
    :class:`~codecscope.errors.UnknownEncodingError` for an unknown ``to``; never for content.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, (bytes, bytearray)) or not isinstance(paths, Iterable):
        raise InputTypeError(f"scan() needs a path or paths, not {type(paths).__name__}")
    options = make_options(fix=fix, to=to, force=force, dry_run=dry_run, backup=backup,
                           min_confidence=min_confidence, max_size=max_size, root=root, mojibake=mojibake,
                           read_only=read_only, keep_mtime=keep_mtime)
    files = list(iter_files(paths, exclude=exclude, gitignore=gitignore))
    yield from scan_files(files, options, jobs=jobs)


def make_options(**kw: Any) -> ScanOptions:
    """:class:`ScanOptions` with the arguments checked (raises InputError / UnknownEncodingError)."""
    opts = ScanOptions(**kw)
    to = target_encoding(opts.to)
    if not 0 <= opts.min_confidence <= 1:
        raise InputError(f"min_confidence must be between 0 and 1, not {opts.min_confidence}")
    if opts.backup is not None and (not opts.backup or "/" in opts.backup or os.sep in opts.backup):
        raise InputError(f"backup suffix {opts.backup!r} must be a non-empty file name suffix such as '.orig'")
    if opts.max_size < 0:
        raise InputError("max_size must not be negative")
    return replace(opts, to=to)


_PROBE = "Line 1\tA-Z a-z 0-9 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\r\nLine 2\n"


def target_encoding(name: str) -> str:
    """The canonical name of ``name`` as an encoding ``--fix`` may write, checked before any file
    is read: :func:`codecscope.registry.get` refuses unknown names and codecs that are not text
    encodings (idna, punycode, rot13, undefined, …), and the codec must write plain text (ASCII
    letters, digits, punctuation, tabs and line breaks) so that it reads back exactly.  Whether
    it can hold each file's other characters is checked file by file.  Raises
    :class:`~codecscope.errors.UnknownEncodingError`."""
    import codecs

    enc = registry.get(name)
    try:
        ok = codecs.decode(codecs.encode(_PROBE, enc.name), enc.name) == _PROBE
    except (UnicodeError, TypeError, ValueError, LookupError):
        ok = False
    if not ok:
        raise UnknownEncodingError(name, [], note=N_("cannot be a target for --fix: it does not write plain "
                                                      "text so that it reads back exactly"))
    return enc.name


def scan_files(files: list[str], options: ScanOptions = ScanOptions(), *, jobs: int | None = None) -> Iterator[FileReport]:
    """Scan exactly these files (no tree walk), in order, with ``jobs`` processes."""
    jobs = os.cpu_count() or 1 if jobs is None else jobs
    if not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs must be a positive integer, not {jobs!r}")
    if jobs == 1 or len(files) < 2:
        for f in files:
            yield scan_file(f, options)
        return
    jobs = min(jobs, len(files))
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    with ProcessPoolExecutor(jobs) as pool:
        yield from pool.map(partial(scan_file, options=options), files, chunksize=chunk)


# -- SARIF --------------------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RULES = {
    "legacy-encoding": (N_("The file is not encoded in UTF-8."), "note"),
    "mixed-encoding": (N_("Parts of the file are in different encodings."), "warning"),
    "invalid-sequence": (N_("A byte sequence is invalid in the file's encoding."), "error"),
    "low-confidence": (N_("The file's encoding could not be detected with confidence."), "note"),
    "fix-refused": (N_("codecscope refused to rewrite the file."), "warning"),
    "replacement-char": (N_("U+FFFD is written in the file: characters an earlier decode lost for good."), "warning"),
    "unchecked": (N_("Part of the file was not checked for mojibake."), "note"),
}


def _artifact(path: str) -> dict[str, str]:
    from pathlib import Path
    from urllib.parse import quote

    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(Path(path).as_posix()), "uriBaseId": "%SRCROOT%"}


def to_sarif(reports: Iterable[FileReport], *, version: str | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one rule per problem kind, one result per location.

    Relative paths are given against ``%SRCROOT%`` (the directory the scan ran in), as
    code-scanning uploads expect.  Messages are in the current language (English unless
    :func:`codecscope.i18n.setup` chose another), which the run's ``language`` names.
    """
    from . import __version__

    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def rule(rid: str, text: str, level: str) -> int:
        if rid not in index:
            index[rid] = len(rules)
            rules.append({"id": rid, "name": "".join(w.title() for w in re.split(r"[-/_]", rid)),
                          "shortDescription": {"text": text}, "fullDescription": {"text": text},
                          "defaultConfiguration": {"level": level},
                          "help": {"text": _("{text} Run `codecscope scan --fix` to convert or repair it.").format(
                              text=text)}})
        return index[rid]

    results: list[dict[str, Any]] = []

    def add(rid: str, r: FileReport, msg: str, line: int = 1, col: int = 1, end_line: int | None = None,
            fix_text: str | None = None, end_col: int | None = None) -> None:
        text, level = _RULES.get(rid, (KINDS["mojibake"], "warning"))
        text = _(text)
        if rid.startswith("mojibake/"):
            text = _("Mojibake: {kind}.").format(kind=rid.split('/', 1)[1])
        i = rule(rid, text, level)
        region = {"startLine": line, "startColumn": col}
        if end_line:
            region["endLine"] = end_line
        if end_col:
            region["endColumn"] = end_col
        loc = {"physicalLocation": {"artifactLocation": _artifact(r.path), "region": region}}
        res = {"ruleId": rid, "ruleIndex": i, "level": level, "message": {"text": msg}, "locations": [loc]}
        if fix_text is not None and end_col:
            res["fixes"] = [{"description": {"text": _("repair the mojibake")}, "artifactChanges": [{
                "artifactLocation": loc["physicalLocation"]["artifactLocation"],
                "replacements": [{"deletedRegion": dict(region), "insertedContent": {"text": fix_text}}]}]}]
        results.append(res)

    for r in reports:
        if r.status != "text":
            continue
        if "legacy" in r.kinds:
            add("legacy-encoding", r, _("{path} is encoded in {enc} ({p:.0%} confidence), not UTF-8.").format(
                path=r.path, enc=r.encoding, p=shown_confidence(r.confidence)))
        if r.mixed:
            for s in r.segments:
                add("mixed-encoding", r, _("Lines {a}-{b} are in {enc}.").format(a=s.start_line, b=s.end_line,
                                                                                enc=s.encoding),
                    s.start_line, 1, s.end_line)
        if "low-confidence" in r.kinds:
            add("low-confidence", r, _("Best guess {enc} at only {p:.0%} confidence.").format(enc=r.encoding,
                                                                                             p=shown_confidence(r.confidence)))
        for inv in r.invalid:
            add("invalid-sequence", r, f"{inv.hex}: {L(inv.reason)}", inv.line, inv.column)
        for f in r.findings:
            msg = (_("{kind}: {text!r} should read {fixed!r}") if f.suggestion else
                   _("{kind}: {text!r} (not repairable)")).format(kind=f.kind, text=_clip(f.text),
                                                                  fixed=_clip(f.suggestion))
            add(f"mojibake/{f.kind}", r, msg, f.line, f.column)
        if r.unchecked_from:
            add("unchecked", r, _("Not checked for mojibake from line {n} on: the search stopped at its budget.").format(
                n=r.unchecked_from), r.unchecked_from, 1)
        if r.fix and r.fix.action == "refused":
            add("fix-refused", r, _("Fix refused: {why}").format(why=_("; ").join(L(x) for x in r.fix.reasons)))
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "codecscope", "version": version or __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "language": _("en-US"),   # the catalog names its own language (RFC 5646)
            "results": results,
        }],
    }


# -- integration with detect / mojibake / repair -------------------------------------------------
# These adapters are the only places that know the shapes of codecscope.detect, codecscope.mojibake
# and codecscope.repair results; everything else works on the plain values they return.

@dataclass(frozen=True)
class _Det:
    encoding: str | None
    confidence: float
    candidates: tuple[str, ...] = ()
    segments: tuple[Segment, ...] = ()
    note: str = ""


def _detect(data: bytes) -> _Det:  # INTEGRATION: codecscope.detection.detect
    from .detection import detect

    d = detect(data)
    conf = float(d.confidence)
    segs = tuple(Segment(s.lines[0], s.lines[1], s.encoding, conf, s.span[0], s.span[1], s.invalid)
                 for s in d.segments)
    return _Det(d.encoding, conf, tuple(c.encoding for c in d.candidates), segs, d.note)


_MAX_SCORED_SEGMENTS = 64   # a file switching encodings more often than this is not fixed unforced


def _segment_confidence(chunk: bytes, encoding: str) -> float:  # INTEGRATION: codecscope.detection.detect
    from .detection import detect

    d = detect(chunk)
    same = d.encoding is not None and registry.get(d.encoding).name == registry.get(encoding).name
    return float(d.confidence) if same else 0.0


def _findings(text: str, max_items: int, budget: int | None = None) -> tuple[list[Finding], int, str, int]:
    """Mojibake findings, line by line, from the taxonomy's detectors (codecscope.mojibake), each
    repairable one with the repairer's version of its line as the suggestion.

    ``budget`` caps the characters of lines searched (the repairer is the slow part); the third
    value says where the search stopped, if it did, and the fourth is that line's number (0: none).
    """  # INTEGRATION: codecscope.mojibake.analyze + codecscope.repairing.repair
    from .mojibake import analyze as detect_mojibake

    out: list[Finding] = []
    count, spent = 0, 0
    seen: dict[str, tuple[list[TextFinding], Repair | None]] = {}
    for n, line in enumerate(text.split("\n"), 1):
        line = line[:-1] if line.endswith("\r") else line
        if line.isascii() and "????" not in line:  # pure ASCII can only be '?' loss
            continue
        if budget is not None and spent + len(line) > budget:
            return out, count, Msg("mojibake search stopped at line {n}: it and the lines after it were not "
                                   "checked for mojibake (searched {spent} of at most {budget} characters; that "
                                   "line alone has {size})", n=n, spent=spent, budget=budget, size=len(line)), n
        found = seen.get(line)
        if found is None:
            spent += len(line)
            hits = detect_mojibake(line)
            rep = _repair(line) if any(h.repairable for h in hits) else None
            found = seen[line] = (hits, rep)  # logs repeat lines: look at each distinct one once
        hits, rep = found
        for h in hits:
            count += 1
            if len(out) >= max_items:
                continue
            a, b = h.span
            fixed = bool(h.repairable and rep is not None and rep.changed and rep.text != line)
            fixed_rep = rep if fixed else None
            out.append(Finding(n, a + 1, h.kind, line[a:b], fixed_rep.text if fixed_rep else "", bool(h.repairable),
                               tuple(h.steps or ()), float(fixed_rep.confidence) if fixed_rep else 0.0, h.evidence,
                               bool(fixed_rep and fixed_rep.lost), _replacement(fixed_rep, a, b)))
    return out, count, "", 0


def _findings_dicts(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """The findings as JSON objects, a line's repaired text on its first finding only: the
    findings of one long line would otherwise each carry all of it (quadratic output)."""
    out, last = [], None
    for f in findings:
        d = f.to_dict()
        if (f.line, f.suggestion) == last:
            d["suggestion"] = ""
        last = (f.line, f.suggestion)
        out.append(d)
    return out


def _replacement(rep: Repair | None, a: int, b: int) -> str:
    """What the repair writes for the stretch(es) of its line that hold the span ``a:b``, or ""
    when no repaired stretch covers it."""
    if rep is None:
        return ""
    hit = [f for f in rep.fixes if f.start < b and a < f.end]
    if not (hit and hit[0].start <= a and b <= hit[-1].end):
        return ""
    if len(hit) > 1:
        return "".join(f.new for f in hit)
    # A stretch is often the whole line ('cafÃ© au lait'); shown beside the span ('Ã©') its new
    # text read as if the span became the line.  What the two share before and after the span is
    # left out, so 'Ã©' -> 'é'.
    f = hit[0]
    old, new = f.old, f.new
    p = 0
    while p < min(len(old), len(new), a - f.start) and old[p] == new[p]:
        p += 1
    q = 0
    while q < min(len(old) - p, len(new) - p, f.end - b) and old[-1 - q] == new[-1 - q]:
        q += 1
    return new[p:len(new) - q]


def _repair(line: str) -> Repair:  # INTEGRATION: codecscope.repairing.repair
    from .repairing import repair

    return repair(line)


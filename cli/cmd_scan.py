"""``codecscope scan PATH...``: encoding problems across a tree, and ``--fix`` to put them right."""

from __future__ import annotations

import argparse
import os
import json
import sys

from codecscope import scanning as scanmod
from codecscope.i18n import Msg, _, localize, os_reason

from .common import (CliError, Subparsers, add_progress_args, console, fail_on_kinds, int_option, number_option,
                     printable, prog, size_option, want_rich, with_progress)

FORMATS = ("table", "json", "sarif")


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "scan",
        help=_("find (and --fix) encoding problems in files and directories"),
        description=_("Report each file's encoding and confidence, BOM, mixed-encoding segments, invalid "
                    "sequences and mojibake lines; --fix converts legacy files and repairs mojibake, "
                    "writing atomically. Nothing a scanned repository configures is run (git is not "
                    "called). Exit status: 0 clean, 1 when a file could not be read, a --fail-on kind "
                    "was found or --fix refused or failed on a file, 2 on bad usage."),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help=_("files or directories (default: .)"))
    p.add_argument("--jobs", "-j", type=int_option(minimum=1, maximum=1024), default=None, metavar="N",
                   help=_("worker processes (default: the machine's cores)"))
    p.add_argument("--format", choices=FORMATS, default="table", help=_("output format (default: table)"))
    p.add_argument("--json", action="store_const", const="json", dest="format", help=_("same as --format json"))
    p.add_argument("--output", "-o", metavar="FILE", help=_("write the report to FILE instead of standard output"))
    p.add_argument("--fail-on", metavar="KINDS", default=None,
                   help=_("exit 1 when any file has one of these comma-separated kinds: ")
                        + ", ".join(k for k in scanmod.KINDS if k != "refused")
                        + _(", a mojibake kind (utf-8-read-as-gbk, question-mark-loss, ...), or 'any'"))
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help=_("skip paths matching GLOB (repeatable; matches the relative path, the file name "
                        "or any folder name)"))
    p.add_argument("--no-gitignore", dest="gitignore", action="store_false",
                   help=_("scan files that .gitignore excludes too"))
    p.add_argument("--no-mojibake", dest="mojibake", action="store_false",
                   help=_("skip the search for mojibake lines (much faster; encodings and invalid bytes only)"))
    p.add_argument("--mojibake-budget", type=int_option(minimum=1), default=scanmod.ScanOptions.mojibake_budget,
                   metavar="CHARS", help=_("characters of non-ASCII lines searched for mojibake per file; the lines "
                                           "past it are reported as unchecked (default: {n})").format(
                       n=scanmod.ScanOptions.mojibake_budget))
    p.add_argument("--fix", action="store_true", help=_("convert legacy-encoded files and repair mojibake lines"))
    p.add_argument("--to", default="utf-8", metavar="ENCODING", help=_("target encoding for --fix (default: utf-8)"))
    p.add_argument("--backup", metavar="SUFFIX", help=_("with --fix, keep the original as FILE+SUFFIX"))
    p.add_argument("--dry-run", action="store_true", help=_("with --fix, write nothing: show a unified diff"))
    p.add_argument("--fix-read-only", action="store_true",
                   help=_("with --fix, rewrite read-only files too (they keep their mode); refused otherwise"))
    p.add_argument("--keep-mtime", action="store_true",
                   help=_("with --fix, rewritten files keep their modification time"))
    p.add_argument("--force", action="store_true",
                   help=_("with --fix, rewrite files even when detection is not confident or invalid bytes "
                        "would become U+FFFD (never when a character cannot be written or a file changed)"))
    p.add_argument("--min-confidence", type=number_option(0.0, positive=False, maximum=1.0), default=scanmod.DEFAULT_MIN_CONFIDENCE, metavar="P",
                   help=_("--fix refuses files detected below this confidence (default: {p})").format(
                       p=scanmod.DEFAULT_MIN_CONFIDENCE))
    p.add_argument("--max-size", type=size_option, default=scanmod.DEFAULT_MAX_SIZE, metavar="BYTES",
                   help=_("skip larger files (default: 64 MiB; 1048576, 64M and 1G are accepted)"))
    add_progress_args(p, _("the files"))
    p.set_defaults(func=run)


def parse_fail_on(value: str | None) -> frozenset[str]:
    known = set(scanmod.KINDS) | set(scanmod.MOJIBAKE_KINDS) | {"any"}
    kinds = fail_on_kinds(value, known)
    for k in kinds:
        # chain kinds are open-ended: <original>-read-as-<codec>, e.g. utf-8-read-as-gbk
        if k not in known and "-read-as-" not in k:
            raise CliError(Msg("--fail-on: unknown kind {kind!r}; use any, {kinds}, a mojibake kind such as "
                               "utf-8-read-as-gbk, {mojibake}", kind=k,
                               kinds=", ".join(x for x in scanmod.KINDS if x != "refused"),
                               mojibake=", ".join(scanmod.MOJIBAKE_KINDS)))
    return kinds


def failed(report: scanmod.FileReport, fail_on: frozenset[str]) -> bool:
    if not fail_on:
        return False
    kinds = report.kinds - {"refused"}
    if "any" in fail_on:
        # information, not a problem found: a BOM, a binary skipped, a search that stopped at its
        # budget (a minified file would fail every CI run that asks for 'any')
        return bool(kinds - {"binary", "bom", "unchecked"})
    return bool(kinds & fail_on)


def run(args: argparse.Namespace) -> int:
    if (args.backup or args.dry_run or args.force or args.fix_read_only or args.keep_mtime) and not args.fix:
        raise CliError(Msg("--backup, --dry-run, --force, --fix-read-only and --keep-mtime only make sense with --fix"))
    if args.jobs is not None and args.jobs < 1:
        raise CliError(Msg("--jobs must be at least 1, not {n}", n=args.jobs))
    paths = args.paths or ["."]
    fail_on = parse_fail_on(args.fail_on)
    options = scanmod.make_options(fix=args.fix, to=args.to, force=args.force, dry_run=args.dry_run,
                                   backup=args.backup, min_confidence=args.min_confidence,
                                   max_size=args.max_size, mojibake=args.mojibake,
                                   mojibake_budget=args.mojibake_budget,
                                   read_only=args.fix_read_only, keep_mtime=args.keep_mtime)
    exclude = list(args.exclude)
    if args.fix and args.backup:
        exclude.append("*" + args.backup)  # never "fix" the backups of an earlier run
    files = list(scanmod.iter_files(paths, exclude=exclude, gitignore=args.gitignore))
    if args.output:
        files = _without_report(paths, files, args.output)
    if not files and args.gitignore and any(os.path.isdir(p) for p in paths) \
            and next(scanmod.iter_files(paths, exclude=exclude, gitignore=False), None) is not None:
        print(_("{prog}: note: .gitignore rules (here or in a folder above) exclude every file; "
                "--no-gitignore scans them").format(prog=prog()), file=sys.stderr)
    reports = list(with_progress(scanmod.scan_files(files, options, jobs=args.jobs), len(files), args.progress,
                                 _("scanning")))
    result = scanmod.ScanReport(tuple(reports), fixing=args.fix, dry_run=args.dry_run)
    _render(args, result)
    _note_named_skipped(paths, reports)
    _note_unchecked(reports)
    bad = any(failed(r, fail_on) or "error" in r.kinds for r in reports)
    refused = args.fix and any(r.fix and r.fix.action in ("refused", "failed") for r in reports)
    return 1 if bad or refused else 0


def _without_report(paths: list[str], files: list[str], output: str) -> list[str]:
    """The files less the report's own file.  `scan -o scan.sarif .` run twice would otherwise
    scan the previous report, whose quoted mojibake fails --fail-on (and --fix would rewrite
    it).  A file named on the command line as well as by -o is refused: the report would
    replace the very file the user asked about."""
    try:
        st = os.stat(output)
    except OSError:
        return files  # not there yet: nothing to leave out
    report = (st.st_dev, st.st_ino)

    def is_report(path: str) -> bool:
        try:
            s = os.lstat(path)
        except OSError:
            return False
        return (s.st_dev, s.st_ino) == report

    for p in paths:
        if not os.path.isdir(p) and is_report(p):
            raise CliError(Msg("{path}: the report (--output) would overwrite this file, which is to be scanned",
                               path=printable(p)))
    return [f for f in files if not is_report(f)]


def _note_unchecked(reports: list[scanmod.FileReport]) -> None:
    """One line on standard error when a file was not searched to its end for mojibake (a
    minified file, one huge line): the exit status says nothing of it unless --fail-on unchecked
    asks, so a report sent to a file must not be the only place that says so."""
    n = sum(bool(r.unchecked_from) for r in reports)
    if n:
        print(_("{prog}: note: {n} file(s) not fully checked for mojibake (kind 'unchecked'); "
                "--mojibake-budget CHARS searches further").format(prog=prog(), n=n), file=sys.stderr)


def _note_named_skipped(paths: list[str], reports: list[scanmod.FileReport]) -> None:
    """One line on standard error for each path named on the command line that was not scanned:
    the report says so too, but a report sent to a file or read as JSON would leave a user who
    named a FIFO, a device or a link believing it was checked (the exit status is still 0)."""
    named = {os.path.normpath(p): p for p in paths if os.path.islink(p) or not os.path.isdir(p)}
    for r in reports:
        if r.status != "skipped" or r.path not in named:
            continue
        line = _("{prog}: note: {path} was not scanned: {why}").format(prog=prog(), path=printable(r.path),
                                                                        why=localize(r.reason))
        if not os.path.islink(r.path) and os.path.exists(r.path) and not os.path.isfile(r.path):
            line += _("; 'codecscope diagnose' and 'codecscope detect' read pipes and devices")
        print(line, file=sys.stderr)


def _render(args: argparse.Namespace, result: scanmod.ScanReport) -> None:
    try:
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    except OSError as e:
        raise CliError(Msg("{path}: cannot write ({why})", path=args.output, why=os_reason(e))) from None
    try:
        if args.format in ("json", "sarif"):
            doc = result.to_dict() if args.format == "json" else result.to_sarif()
            # a file name's undecodable bytes (lone surrogates) go out as JSON \udcXX escapes
            text = json.dumps(doc, ensure_ascii=False, indent=2)
            out.write(text.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")
        elif not args.output and want_rich(args):
            console().print(result)
        else:
            out.write(str(result).rstrip("\n") + "\n")
        if args.output:
            out.close()   # a full disk shows here, at the latest: said with the file's name below
    except OSError as e:
        if not args.output or isinstance(e, BrokenPipeError):
            raise
        raise CliError(Msg("{path}: cannot write ({why})", path=args.output, why=os_reason(e))) from None
    finally:
        if args.output and not out.closed:
            try:
                out.close()
            except OSError:
                pass   # the error above is the one to report

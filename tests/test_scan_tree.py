"""scan's machinery that does not depend on detection: the tree walk, binary skipping, atomic
writes, options, SARIF shape and pickling."""

from __future__ import annotations

import importlib
import os
import pickle
import random
import shutil
import stat
import subprocess
import sys

import pytest

from codecscope import fsutil
from codecscope.errors import InputError, UnknownEncodingError

S = importlib.import_module("codecscope.scanning")  # the module; codecscope.scan is also the function
HAVE_GIT = shutil.which("git") is not None


def _touch(root, rel, data=b"text\n"):
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def _rel(files, root):
    return sorted(os.path.relpath(f, root).replace(os.sep, "/") for f in files)


# -- tree walk -----------------------------------------------------------------------------------

def test_walk_without_git_skips_vcs_folders(tmp_path):
    for rel in ("a.txt", "sub/b.txt", ".git/config", ".hg/x", "sub/.svn/y"):
        _touch(tmp_path, rel)
    files = S.iter_files([str(tmp_path)], gitignore=False)
    assert _rel(files, tmp_path) == ["a.txt", "sub/b.txt"]


@pytest.mark.skipif(not HAVE_GIT, reason="git is not installed")
def test_walk_respects_gitignore_in_a_work_tree(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _touch(tmp_path, ".gitignore", b"build/\n*.log\n")
    for rel in ("src/a.py", "build/out.txt", "x.log", "notes.txt", "src/deep/c.txt"):
        _touch(tmp_path, rel)
    got = _rel(S.iter_files([str(tmp_path)]), tmp_path)
    assert got == [".gitignore", "notes.txt", "src/a.py", "src/deep/c.txt"]
    # ignored files still come when asked for explicitly or without gitignore
    assert _rel(S.iter_files([str(tmp_path / "x.log")]), tmp_path) == ["x.log"]
    assert "build/out.txt" in _rel(S.iter_files([str(tmp_path)], gitignore=False), tmp_path)
    # a subdirectory of the work tree: paths stay under it
    assert _rel(S.iter_files([str(tmp_path / "src")]), tmp_path) == ["src/a.py", "src/deep/c.txt"]


def test_one_file_named_under_two_spellings_is_scanned_and_fixed_once(tmp_path, monkeypatch):
    # `scan --fix a.txt ./a.txt /abs/a.txt .` listed the file three times: the copies raced, one
    # fixed it and the others were refused as "held open by another process" (exit status 1)
    data = "Привет, мир! Это тестовый файл в кодировке Windows.\n".encode("cp1251")
    _touch(tmp_path, "a.txt", data)
    os.symlink("a.txt", tmp_path / "link.txt")
    monkeypatch.chdir(tmp_path)
    files = list(S.iter_files(["a.txt", "./a.txt", str(tmp_path / "a.txt"), ".", str(tmp_path)]))
    assert files == ["a.txt", "link.txt"]   # the link is itself, listed (and skipped by scan)
    reports = S.scan(["a.txt", str(tmp_path / "a.txt")], fix=True, jobs=2)
    assert [(r.path, r.fix.action) for r in reports] == [("a.txt", "fixed")]
    assert (tmp_path / "a.txt").read_bytes() == data.decode("cp1251").encode("utf-8")


def test_exclude_globs_match_path_name_and_folders(tmp_path):
    for rel in ("keep.txt", "a.min.js", "vendor/lib/x.txt", "docs/img/y.txt", "docs/z.txt"):
        _touch(tmp_path, rel)
    got = _rel(S.iter_files([str(tmp_path)], gitignore=False, exclude=["*.min.js", "vendor", "docs/img/*"]),
               tmp_path)
    assert got == ["docs/z.txt", "keep.txt"]


def test_each_file_once_and_missing_path_raises(tmp_path):
    p = _touch(tmp_path, "a.txt")
    assert len(list(S.iter_files([str(tmp_path), str(p), str(p)], gitignore=False))) == 1
    with pytest.raises(InputError, match="no such file"):
        list(S.iter_files([str(tmp_path / "nope")]))


# -- binary files --------------------------------------------------------------------------------

@pytest.mark.parametrize("data, why", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
    (b"PK\x03\x04" + b"zipzip", "ZIP"),
    (random.Random(7).randbytes(4096), "NUL"),
    (b"\x01\x02\x03\x04\x05\x06" * 50, "control"),
], ids=["png", "zip", "random", "controls"])
def test_binary_reasons(data, why):
    assert why in S.binary_reason(data)
    report = S.analyze(data, "x")
    assert report.status == "binary" and report.kinds == {"binary"}


@pytest.mark.parametrize("text", ["hello world\n" * 20, "Привет, мир\n" * 20, "中文文本\n" * 20], ids=["en", "ru", "zh"])
@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "utf-16", "utf-32", "utf-8-sig"])
def test_text_in_any_unicode_form_is_not_binary(text, codec):
    assert S.binary_reason(text.encode(codec)) == ""


# -- atomic writes -------------------------------------------------------------------------------

def test_atomic_write_keeps_mode_bits(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(b"old")
    os.chmod(p, 0o640)
    fsutil.atomic_write(p, b"new")
    assert p.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["f.txt"]


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_atomic_write_crash_leaves_old_content_and_no_temp(tmp_path, monkeypatch, where):
    p = tmp_path / "f.txt"
    p.write_bytes(b"old content")

    def boom(*a, **k):
        raise Crash

    monkeypatch.setattr(os, where, boom)
    with pytest.raises(Crash):
        fsutil.atomic_write(p, b"new content that is longer")
    monkeypatch.undo()
    assert p.read_bytes() == b"old content"
    assert os.listdir(tmp_path) == ["f.txt"]


# -- options, results ----------------------------------------------------------------------------

def test_options_are_checked():
    with pytest.raises(UnknownEncodingError):
        S.make_options(to="no-such-codec")
    with pytest.raises(InputError):
        S.make_options(min_confidence=2)
    with pytest.raises(InputError):
        S.make_options(backup="../x")
    assert S.make_options(to="GBK").to == "gbk"
    with pytest.raises(InputError):
        list(S.scan_files([], jobs=0))


def _sample_reports():
    inv = S.InvalidSequence(3, 7, 40, "FF", "0xFF can never appear in UTF-8", "utf-8")
    f = S.Finding(2, 5, "utf-8-read-as-gbk", "鐢辨湀", "由月", True, (("encode", "gbk"), ("decode", "utf-8")), 0.97)
    return [
        S.FileReport("src/a b.txt", 100, "text", "", "gb18030", 0.97, (("gb18030", 0.97), ("big5", 0.2)),
                     "", 5, (S.Segment(1, 5, "gb18030", 0.97),)),
        S.FileReport("logs/app.log", 200, "text", "", "utf-8", 0.9, (), "", 20,
                     (S.Segment(1, 10, "utf-8", 0.99), S.Segment(11, 20, "gb18030", 0.95)), 1, (inv,), 1, (f,),
                     S.FixOutcome("refused", "utf-8+gb18030", "utf-8", ("1 invalid byte sequence",))),
        S.FileReport("img.png", 10, "binary", "PNG image"),
    ]


def test_report_kinds_and_pickling():
    a, b, c = _sample_reports()
    assert a.kinds == {"legacy"}
    assert b.kinds == {"mixed", "invalid", "mojibake", "utf-8-read-as-gbk", "refused"}
    assert c.kinds == {"binary"}
    for r in (a, b, c):
        assert pickle.loads(pickle.dumps(r)) == r
        assert r.to_dict()["path"] == r.path
    text = str(S.ScanReport((a, b, c)))
    assert "2:5 utf-8-read-as-gbk" in text and "refused" in text and "binary" in text


SARIF_SUBSET = {
    # The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) that scan's output uses.
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "rules": {"type": "array", "items": {
                        "type": "object", "required": ["id"],
                        "properties": {"id": {"type": "string"},
                                       "defaultConfiguration": {"type": "object", "properties": {
                                           "level": {"enum": ["none", "note", "warning", "error"]}}}}}}}}}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"},
                        "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}]},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "required": ["artifactLocation"], "properties": {
                                "artifactLocation": {"type": "object", "properties": {
                                    "uri": {"type": "string", "format": "uri-reference"}}},
                                "region": {"type": "object", "required": ["startLine"], "properties": {
                                    "startLine": {"type": "integer", "minimum": 1},
                                    "startColumn": {"type": "integer", "minimum": 1},
                                    "endLine": {"type": "integer", "minimum": 1}}}}}}}},
                    }}},
            }}},
    },
}


def test_sarif_shape():
    jsonschema = pytest.importorskip("jsonschema")
    log = S.to_sarif(_sample_reports())
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "codecscope"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        assert rules[res["ruleIndex"]] == res["ruleId"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    region = by_rule["mojibake/utf-8-read-as-gbk"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (2, 5)
    inv = by_rule["invalid-sequence"]["locations"][0]["physicalLocation"]
    assert inv["region"] == {"startLine": 3, "startColumn": 7}
    assert by_rule["legacy-encoding"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/a%20b.txt"
    assert "fix-refused" in by_rule and "binary" not in str(rules)


# -- CLI bad usage ------------------------------------------------------------------------------

def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "codecscope.cli.main", "scan", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("args, msg", [
    (["nope-does-not-exist"], "no such file"),
    (["--to", "utf-9", "."], "utf-9"),
    (["--dry-run", "."], "only make sense with --fix"),
    (["--jobs", "0", "."], "--jobs"),
])
def test_cli_bad_usage_is_one_line_exit_2(tmp_path, args, msg):
    p = _cli(*args, cwd=tmp_path)
    assert p.returncode == 2
    assert msg in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_pre_commit_hook_definition():
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent
    text = (root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    yaml = pytest.importorskip("yaml")
    hooks = {h["id"]: h for h in yaml.safe_load(text)}
    hook = hooks["codecscope-scan"]
    assert hook["entry"] == "codecscope scan" and hook["language"] == "python"


def test_a_tree_that_gitignore_empties_says_so(tmp_path, capsys):
    from codecscope.cli.main import main
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("/sub\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("hi\n")
    assert main(["scan", str(tmp_path / "sub")]) == 0
    assert "--no-gitignore" in capsys.readouterr().err
    assert main(["scan", "--no-gitignore", str(tmp_path / "sub")]) == 0
    assert "--no-gitignore" not in capsys.readouterr().err

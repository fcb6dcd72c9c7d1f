"""scan on real trees as an attacker and an unlucky user would meet it: planted git configuration,
legacy files far larger than any sample, backups that exist, read-only and foreign-owned files,
writers during the fix, a full disk, odd names and links — nothing runs, nothing is lost."""

from __future__ import annotations

import array
import importlib
import json
import os
import random
import shutil
import stat
import subprocess
import sys
import time

import pytest

from codecscope import fsutil
from codecscope.errors import UnknownEncodingError

S = importlib.import_module("codecscope.scanning")
HAVE_GIT = shutil.which("git") is not None
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
LINUX = sys.platform.startswith("linux")


def _cli(*args, cwd=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "codecscope.cli.main", "scan", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=timeout)


def _one(path, **kw):
    kw.setdefault("jobs", 1)
    (r,) = S.scan([str(path)], **kw)
    return r


GBK_LINE = "这是一行很长的中文测试文本用来检验扫描器是否会在采样边界处切断字符我们再多写几个字凑够"[:42] + "\n"


def long_gbk(path, lines=2000):
    """The issue's file: 2,000 copies of one 85-byte GBK line, so 64 KiB ends one byte into a
    character (65,536 = 771 x 85 + 1)."""
    data = GBK_LINE.encode("gbk") * lines
    assert len(GBK_LINE.encode("gbk")) == 85 and 65536 % 85 == 1
    path.write_bytes(data)
    return data


# -- nothing the repository configures runs ------------------------------------------------------

def _plant(repo, marker_dir):
    """A checkout whose git configuration runs a program on every git command that reads it."""
    def cmd(name):
        return f"touch {marker_dir / name}; false"

    if HAVE_GIT:
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        for key, name in (("core.fsmonitor", "fsmonitor"), ("core.hooksPath", None),
                          ("filter.evil.clean", "clean"), ("filter.evil.smudge", "smudge"),
                          ("filter.evil.process", "process"), ("diff.external", "diff"),
                          ("core.pager", "pager"), ("core.sshCommand", "ssh")):
            value = cmd(name) if name else str(repo / "hooks")
            subprocess.run(["git", "-C", str(repo), "config", key, value], check=True)
    else:
        (repo / ".git").mkdir(parents=True)
        (repo / ".git/config").write_text(f"[core]\n\tfsmonitor = {cmd('fsmonitor')}\n"
                                          f"[filter \"evil\"]\n\tclean = {cmd('clean')}\n")
    hooks = repo / "hooks"
    hooks.mkdir()
    for hook in ("pre-commit", "post-checkout", "post-index-change", "fsmonitor-watchman", "pre-auto-gc"):
        for where in (hooks, repo / ".git" / "hooks"):
            where.mkdir(exist_ok=True)
            h = where / hook
            h.write_text(f"#!/bin/sh\ntouch {marker_dir / ('hook-' + hook)}\n")
            h.chmod(0o755)
    (repo / ".gitattributes").write_text("* filter=evil diff=evil\n")
    (repo / ".gitignore").write_text("ignored/\n*.tmp\n")
    (repo / "ignored").mkdir()
    (repo / "ignored/x.txt").write_bytes("忽略".encode("gbk"))
    (repo / "a.txt").write_bytes(("中文内容\n" * 20).encode("gbk"))
    (repo / "b.tmp").write_bytes(b"scratch\n")
    (repo / "src").mkdir()
    (repo / "src/c.txt").write_bytes("Привет, как дела? Всё хорошо.\n".encode("cp1251"))


def test_planted_git_configuration_never_runs(tmp_path, monkeypatch):
    repo, markers = tmp_path / "repo", tmp_path / "markers"
    markers.mkdir()
    _plant(repo, markers)
    spawned = []

    def no_processes(*a, **k):
        spawned.append(a)
        raise AssertionError("scan started a process")

    monkeypatch.setattr(subprocess, "Popen", no_processes)
    monkeypatch.setattr(os, "posix_spawn", no_processes, raising=False)
    listed = sorted(os.path.relpath(p, repo) for p in S.iter_files([str(repo)]))
    reports = list(S.scan([str(repo)], jobs=1))
    fixed = list(S.scan([str(repo / "src")], fix=True, jobs=1))
    monkeypatch.undo()
    assert not spawned
    assert "b.tmp" not in listed and not any(p.startswith("ignored") for p in listed)
    assert {"a.txt", os.path.join("src", "c.txt")} <= set(listed)
    assert len(reports) == len(listed) and fixed[0].fix.action == "fixed"
    # and the command line, with --fix, in its own process
    p = _cli("--fix", "--jobs", "2", str(repo))
    assert p.returncode == 0, p.stdout + p.stderr
    assert (repo / "a.txt").read_bytes() == ("中文内容\n" * 20).encode("utf-8")
    assert sorted(os.listdir(markers)) == []
    assert not list(repo.rglob("pwned*"))


def test_gitignore_rules_apply_without_git(tmp_path):
    # no .git anywhere: the .gitignore files in the tree still decide
    root = tmp_path / "plain"
    for rel in ("keep.txt", "build/out.txt", "logs/a.log", "logs/keep.log", "sub/x.txt", "sub/y.txt",
                "sub/deep/z.txt", "docs/build.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"t\n")
    (root / ".gitignore").write_bytes(b"/build/\n*.log\n!keep.log\n")
    (root / "sub/.gitignore").write_bytes(b"x.txt\ndeep\n")
    got = sorted(os.path.relpath(p, root).replace(os.sep, "/") for p in S.iter_files([str(root)]))
    assert got == [".gitignore", "docs/build.txt", "keep.txt", "logs/keep.log", "sub/.gitignore", "sub/y.txt"]
    everything = list(S.iter_files([str(root)], gitignore=False))
    assert len(everything) == 10


def test_gitignore_of_the_repository_applies_to_a_subfolder(tmp_path):
    root = tmp_path / "repo"
    (root / ".git/info").mkdir(parents=True)
    (root / ".git/info/exclude").write_bytes(b"*.secret\n")
    (root / ".gitignore").write_bytes(b"*.gen.txt\n")
    for rel in ("src/a.txt", "src/b.gen.txt", "src/c.secret", "src/d/e.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"t\n")
    got = sorted(os.path.relpath(p, root).replace(os.sep, "/") for p in S.iter_files([str(root / "src")]))
    assert got == ["src/a.txt", "src/d/e.txt"]


# -- whole-file truth ----------------------------------------------------------------------------

def test_long_gbk_file_with_a_character_across_the_sample_boundary_converts_fully(tmp_path):
    p = tmp_path / "long.txt"
    data = long_gbk(p)
    r = _one(p, fix=True, mojibake=False)
    assert r.status == "text" and not r.mixed and r.invalid_count == 0, str(r)
    assert r.lines == 2000 and r.fix.action == "fixed", str(r)
    assert p.read_bytes().decode("utf-8") == data.decode("gbk")
    # --force writes every line too (here: nothing left to do)
    p.write_bytes(data)
    r = _one(p, fix=True, force=True, mojibake=False)
    assert p.read_bytes().decode("utf-8") == data.decode("gbk") and r.fix.action == "fixed"


LEGACY_LINES = {
    "gbk": GBK_LINE.rstrip("\n"),
    "big5": "這是一行很長的中文測試文本用來檢驗掃描器是否會在採樣邊界處切斷字元我們再多寫幾個字",
    "cp932": "これは長い日本語のテスト文章です。サンプルの境界で文字が切れないか確かめます。",
    "euc_kr": "이것은 긴 한국어 시험 문장입니다 표본 경계에서 글자가 잘리는지 확인합니다",
    "cp1251": "Это длинная русская строка для проверки границы выборки в файле",
    "gb18030": "中文与表情𠀀𠀁混合的四字节字符测试行用来检验边界",
}


@pytest.mark.parametrize("encoding", sorted(LEGACY_LINES))
def test_legacy_files_far_larger_than_a_sample_convert_exactly(tmp_path, encoding):
    files = {}
    for pad in range(3):   # three line lengths: the 64 KiB boundaries fall at different places
        line = ("a" * pad + LEGACY_LINES[encoding] + "\n").encode(encoding)
        data = line * (3 * 65536 // len(line) + 7)
        p = tmp_path / f"f{pad}.txt"
        p.write_bytes(data)
        files[p] = data
    reports = list(S.scan([str(tmp_path)], fix=True, mojibake=False, jobs=1, gitignore=False))
    for r in reports:
        assert r.fix.action == "fixed", str(r)
    for p, data in files.items():
        assert p.read_bytes().decode("utf-8") == data.decode(encoding)


def test_force_never_writes_fewer_characters(tmp_path):
    p = tmp_path / "cut.txt"
    good = GBK_LINE.encode("gbk") * 1500
    data = good[:100_001] + b"\n" + good   # one stray lead byte far past any sample
    p.write_bytes(data)
    r = _one(p, fix=True, mojibake=False)
    assert r.fix.action == "refused" and r.invalid_count == 1 and p.read_bytes() == data
    r = _one(p, fix=True, force=True, mojibake=False)
    out = p.read_bytes().decode("utf-8")
    assert r.fix.action == "fixed" and out.count("\ufffd") == 1
    assert len(out) == len(data.decode("gbk", "replace")) and out.count("\n") == data.count(b"\n")


def test_a_repair_that_changes_nothing_is_not_applied(tmp_path, monkeypatch):
    from types import SimpleNamespace

    p = tmp_path / "t.txt"
    p.write_bytes("Speed-up: 10× faster\n".encode("utf-8"))
    monkeypatch.setattr(S, "_repair", lambda line: SimpleNamespace(text=line, changed=True, confidence=1.0,
                                                                    lost=False))
    r = _one(p, fix=True)
    assert all(not f.suggestion for f in r.findings)
    assert r.fix.action == "unchanged" and p.read_bytes() == "Speed-up: 10× faster\n".encode()


# -- targets -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["idna", "punycode", "undefined", "rot13", "base64", "hex", "unicode_escape"])
def test_targets_that_are_not_text_encodings_are_refused_up_front(tmp_path, name):
    p = tmp_path / "a.txt"
    p.write_bytes("Straße ÄÖÜ\n".encode("latin-1"))
    with pytest.raises(UnknownEncodingError):
        S.make_options(fix=True, to=name)
    r = _cli("--fix", "--to", name, str(p))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert r.stdout == "" and p.read_bytes() == "Straße ÄÖÜ\n".encode("latin-1")


def test_a_target_that_cannot_hold_the_text_is_refused_even_forced(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("中文内容\n".encode("gbk") * 30)
    r = _one(p, fix=True, to="latin-1", force=True)
    assert r.fix.action == "refused" and "cannot be written in latin-1" in r.fix.reasons[0]
    assert p.read_bytes() == "中文内容\n".encode("gbk") * 30


# -- atomic and faithful -------------------------------------------------------------------------

def _gbk_file(path, n=40):
    data = ("第一行中文内容\n" * n).encode("gbk")
    path.write_bytes(data)
    return data


def test_existing_backup_is_never_replaced(tmp_path):
    p = tmp_path / "a.txt"
    data = _gbk_file(p)
    (tmp_path / "a.txt.orig").write_bytes(b"the user's own file\n")
    (tmp_path / "a.txt.1.orig").write_bytes(b"another one\n")
    r = _one(p, fix=True, backup=".orig")
    assert r.fix.action == "fixed" and r.fix.backup == str(tmp_path / "a.txt.2.orig")
    assert any("a.txt.orig exists" in n for n in r.fix.notes)
    assert (tmp_path / "a.txt.orig").read_bytes() == b"the user's own file\n"
    assert (tmp_path / "a.txt.1.orig").read_bytes() == b"another one\n"
    assert (tmp_path / "a.txt.2.orig").read_bytes() == data
    p.write_bytes(data)
    out = _cli("--fix", "--backup", ".orig", str(p))
    assert "backup: " + str(tmp_path / "a.txt.3.orig") in out.stdout and out.returncode == 0


def test_read_only_files_are_refused_unless_asked(tmp_path):
    p = tmp_path / "ro.txt"
    data = _gbk_file(p)
    p.chmod(0o444)
    r = _one(p, fix=True)
    assert r.fix.action == "refused" and "read-only" in r.fix.reasons[0] and p.read_bytes() == data
    r = _one(p, fix=True, dry_run=True)
    assert r.fix.action == "refused"
    r = S.scan_file(str(p), S.make_options(fix=True, read_only=True))
    assert r.fix.action == "fixed" and stat.S_IMODE(os.stat(p).st_mode) == 0o444
    assert p.read_bytes().decode("utf-8") == data.decode("gbk")


def test_mode_mtime_and_extended_attributes_are_kept(tmp_path):
    p = tmp_path / "m.txt"
    data = _gbk_file(p)
    p.chmod(0o640)
    os.utime(p, ns=(1_600_000_000_000_000_000, 1_600_000_000_123_456_789))
    xattr = False
    if hasattr(os, "setxattr"):
        try:
            os.setxattr(p, "user.codecscope-test", b"kept")
            xattr = True
        except OSError:
            pass
    r = S.scan_file(str(p), S.make_options(fix=True, keep_mtime=True))
    st = os.stat(p)
    assert r.fix.action == "fixed" and stat.S_IMODE(st.st_mode) == 0o640
    assert st.st_mtime_ns == 1_600_000_000_123_456_789
    if xattr:
        assert os.getxattr(p, "user.codecscope-test") == b"kept"
    assert p.read_bytes().decode("utf-8") == data.decode("gbk")


@pytest.mark.skipif(not ROOT, reason="giving a file to another user needs root")
def test_owner_and_group_survive_a_fix_as_root(tmp_path):
    p = tmp_path / "owned.txt"
    data = _gbk_file(p)
    os.chown(p, 12345, 23456)
    p.chmod(0o4754)   # set-user-id too: a chown after the chmod would clear it
    r = _one(p, fix=True, backup=".orig")
    st, bk = os.stat(p), os.stat(str(p) + ".orig")
    assert r.fix.action == "fixed"
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (12345, 23456, 0o4754)
    assert (bk.st_uid, bk.st_gid) == (12345, 23456) and (tmp_path / "owned.txt.orig").read_bytes() == data


def test_hard_linked_files_are_refused(tmp_path):
    p = tmp_path / "a.txt"
    data = _gbk_file(p)
    os.link(p, tmp_path / "b.txt")
    r = _one(p, fix=True)
    assert r.fix.action == "refused" and "hard links" in r.fix.reasons[0] and p.read_bytes() == data


def _during_analysis(monkeypatch, action):
    """Run ``action`` while scan is deciding (after it read the file, before it writes)."""
    real = S._detect

    def detect_then_act(data):
        out = real(data)
        action()
        return out

    monkeypatch.setattr(S, "_detect", detect_then_act)


def test_a_file_modified_during_the_scan_is_refused(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    data = _gbk_file(p)

    def append():
        with open(p, "ab") as f:
            f.write("追加的一行\n".encode("gbk"))

    _during_analysis(monkeypatch, append)
    r = _one(p, fix=True)
    assert r.fix.action == "refused" and "modified while it was being scanned" in r.fix.reasons[0]
    assert p.read_bytes() == data + "追加的一行\n".encode("gbk")


def test_a_file_replaced_during_the_scan_is_refused(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    _gbk_file(p)

    def swap():
        (tmp_path / "new").write_bytes(b"someone else's file\n")
        os.replace(tmp_path / "new", p)

    _during_analysis(monkeypatch, swap)
    r = _one(p, fix=True)
    assert r.fix.action == "refused" and "replaced while it was being scanned" in r.fix.reasons[0]
    assert p.read_bytes() == b"someone else's file\n"


WRITER = """
import sys, time
with open(sys.argv[1], "ab", buffering=0) as f:
    print("open", flush=True)
    for i in range(int(sys.argv[2])):
        time.sleep(0.05)
        f.write(("写入第%d行\\n" % i).encode("gbk"))
"""


@pytest.mark.skipif(not LINUX, reason="file leases are Linux's")
def test_a_writer_holding_the_file_open_loses_nothing(tmp_path):
    p = tmp_path / "log.txt"
    data = _gbk_file(p)
    w = subprocess.Popen([sys.executable, "-c", WRITER, str(p), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert w.stdout.readline().strip() == "open"
        r = _one(p, fix=True, mojibake=False)
    finally:
        w.wait(timeout=60)
    assert r.fix.action == "refused" and "another process has the file open" in r.fix.reasons[0]
    expected = data + b"".join(("写入第%d行\n" % i).encode("gbk") for i in range(30))
    assert p.read_bytes() == expected
    r = _one(p, fix=True, mojibake=False)   # closed now: the fix goes ahead
    assert r.fix.action == "fixed" and p.read_bytes().decode("utf-8") == expected.decode("gbk")


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB tmpfs, where the platform lets us mount one (root on Linux)."""
    if not (LINUX and ROOT and shutil.which("mount")):
        pytest.skip("mounting a tmpfs needs root on Linux")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_fails_cleanly_and_loses_nothing(tiny_disk):
    p = tiny_disk / "big.txt"
    data = ("中文内容写满磁盘\n" * 9000).encode("gbk")   # 153 KB in GBK, 230 KB in UTF-8
    p.write_bytes(data)
    r = _one(p, fix=True, mojibake=False)
    assert r.fix.action == "failed" and "No space left" in r.fix.reasons[0], str(r)
    assert p.read_bytes() == data and os.listdir(tiny_disk) == ["big.txt"]
    r = _one(p, fix=True, mojibake=False, backup=".orig")  # the backup is a link: it costs no space
    assert r.fix.action == "failed" and p.read_bytes() == data and os.listdir(tiny_disk) == ["big.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_killed_at_many_moments_every_file_is_old_or_new(tmp_path):
    import signal

    rnd = random.Random(5)
    truth = {}
    for i in range(24):
        enc = ("gbk", "big5", "cp1251")[i % 3]
        line = LEGACY_LINES[enc] + "\n"
        data = line.encode(enc) * rnd.randint(800, 3000)
        (tmp_path / f"f{i:02d}.txt").write_bytes(data)
        truth[f"f{i:02d}.txt"] = (data, data.decode(enc).encode("utf-8"))
    cmd = [sys.executable, "-m", "codecscope.cli.main", "scan", "--fix", "--no-mojibake", "--jobs", "2",
           str(tmp_path)]
    def converted():
        return sum((tmp_path / n).read_bytes() == new for n, (_, new) in truth.items())

    killed = 0
    for _ in range(3):   # each round: kill as soon as one more file is converted, or a moment later
        before = converted()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while proc.poll() is None and converted() == before and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rnd.uniform(0, 0.2))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(timeout=60)
        for name, (old, new) in truth.items():
            now = (tmp_path / name).read_bytes()
            assert now in (old, new), f"{name} is neither old nor new ({len(now)} bytes)"
    assert killed and 0 < converted()
    # leftovers of a killed run are named as ours and reported, never scanned as text
    for left in [n for n in os.listdir(tmp_path) if fsutil.TEMP_MARK in n]:
        r = S.scan_file(str(tmp_path / left), S.make_options(fix=True))
        assert r.status == "skipped" and "interrupted" in r.reason


def test_a_name_that_merely_holds_the_mark_is_scanned(tmp_path):
    # an editable install's path file, say: not one of ours, never called a leftover to delete
    p = tmp_path / "__editable__.codecscope-0.1.0.pth"
    p.write_bytes(b"import __editable___codecscope_finder\n")
    r = S.scan_file(str(p), S.make_options())
    assert r.status != "skipped" and "interrupted" not in str(r.reason or "")
    assert fsutil.is_temp_name(".a.txt.codecscope-k2j3.tmp") and fsutil.is_temp_name(".a.txt.1.codecscope-old")
    assert fsutil.is_temp_name("a.txt.codecscope-old")   # the visible name of a file kept for a reader


# -- report hygiene ------------------------------------------------------------------------------

def test_symlink_out_of_the_tree_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("api_key=SECRET-4f1a\n")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_bytes(b"hello\n")
    os.symlink(secret, tree / "config.txt")
    os.symlink(tmp_path, tree / "up")
    for args in ([str(tree)], [str(tree / "config.txt")], ["--format", "json", str(tree)],
                 ["--fix", "--dry-run", str(tree)]):
        p = _cli(*args)
        assert "SECRET" not in p.stdout and p.returncode == 0, p.stdout
    reports = {os.path.basename(r.path): r for r in S.scan([str(tree)], jobs=1)}
    assert reports["config.txt"].status == "skipped" and "symbolic link" in reports["config.txt"].reason
    assert reports["up"].status == "skipped"


def test_names_are_shown_escaped(tmp_path):
    names = ["new\nline.txt", "esc\x1b[31mred.txt", "bidi\u202etxt.exe", "tab\tname.txt"]
    for n in names:
        (tmp_path / n).write_bytes("中文内容\n".encode("gbk") * 20)
    p = _cli("--no-mojibake", str(tmp_path))
    assert "\x1b" not in p.stdout and "\u202e" not in p.stdout and "\t" not in p.stdout
    for shown in ("new\\nline.txt", "esc\\x1b[31mred.txt", "bidi\\u202etxt.exe", "tab\\tname.txt"):
        assert shown in p.stdout
    assert len(p.stdout.splitlines()) == len(names) + 3
    doc = json.loads(_cli("--json", "--no-mojibake", str(tmp_path)).stdout)
    assert sorted(os.path.basename(f["path"]) for f in doc["files"]) == sorted(names)


@pytest.mark.skipif(not LINUX, reason="needs a file name that is not valid UTF-8")
def test_undecodable_names_do_not_break_the_report(tmp_path):
    bad = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(bad, "wb") as f:
        f.write(b"plain\n")
    p = _cli("--no-mojibake", str(tmp_path))
    assert p.returncode == 0 and "caf\\xe9.txt" in p.stdout
    p = _cli("--json", "--no-mojibake", str(tmp_path))
    assert p.returncode == 0 and json.loads(p.stdout)["summary"]["files"] == 1


def test_unreadable_files_are_errors_in_the_exit_status(tmp_path, monkeypatch):
    from codecscope.cli.main import main

    (tmp_path / "a.txt").write_bytes(b"fine\n")
    (tmp_path / "b.txt").write_bytes(b"unreadable\n")
    real = fsutil.read_fd

    def eio(fd, limit, block=1 << 20):
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")) == "b.txt":
            raise OSError(5, "Input/output error")
        return real(fd, limit, block)

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc")
    monkeypatch.setattr(fsutil, "read_fd", eio)
    assert main(["scan", "--jobs", "1", "--no-mojibake", str(tmp_path)]) == 1
    reports = {os.path.basename(r.path): r for r in S.scan([str(tmp_path)], jobs=1)}
    assert reports["b.txt"].status == "error" and "error" in reports["b.txt"].kinds
    monkeypatch.undo()
    if not ROOT:
        (tmp_path / "b.txt").chmod(0)
        assert _cli(str(tmp_path)).returncode == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_and_devices_are_skipped_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_bytes(b"x\n")
    p = _cli("--fix", str(tmp_path), timeout=60)
    assert p.returncode == 0 and "pipe: skipped (a FIFO, not a regular file)" in p.stdout


@pytest.mark.parametrize("lo, hi", [(32, 126), (48, 57), (65, 90)])
def test_uint16_numbers_in_the_ascii_range_are_not_utf16_text(tmp_path, lo, hi):
    p = tmp_path / "samples.u16"
    rnd = random.Random(lo)
    data = array.array("H", [rnd.randint(lo, hi) for _ in range(4000)]).tobytes()
    p.write_bytes(data)
    r = _one(p, fix=True)
    assert r.status == "binary" and r.fix is None and p.read_bytes() == data


def test_bomless_utf16_text_is_still_text(tmp_path):
    p = tmp_path / "readme.txt"
    text = "This is plain English text.\nIt was saved as UTF-16 without a byte order mark.\n" * 20
    p.write_bytes(text.encode("utf-16-le"))
    r = _one(p, fix=True)
    assert r.status == "text" and r.fix.action == "fixed" and p.read_bytes() == text.encode("utf-8")


OPENER = """
import sys
print("opening", flush=True)
with open(sys.argv[1], "ab") as f:
    f.write("写入第0行\\n".encode("gbk"))
"""


@pytest.mark.skipif(not LINUX, reason="file leases are Linux's")
def test_a_process_opening_the_file_during_the_replace_stops_it(tmp_path, monkeypatch):
    p = tmp_path / "log.txt"
    data = _gbk_file(p)
    real = fsutil._write_temp
    opener = []

    def write_temp_while_someone_opens(*a, **k):
        # the lease is held now: this writer's open waits until scan lets go of the file
        w = subprocess.Popen([sys.executable, "-c", OPENER, str(p)], stdout=subprocess.PIPE, text=True)
        opener.append(w)
        assert w.stdout.readline().strip() == "opening"
        time.sleep(0.5)
        return real(*a, **k)

    monkeypatch.setattr(fsutil, "_write_temp", write_temp_while_someone_opens)
    r = _one(p, fix=True, mojibake=False)
    opener[0].wait(timeout=60)
    assert r.fix.action == "refused" and "opened the file during the fix" in r.fix.reasons[0], str(r)
    assert p.read_bytes() == data + "写入第0行\n".encode("gbk")
    assert os.listdir(tmp_path) == ["log.txt"]


@pytest.mark.parametrize("line", [
    "Latency 5 μs at p99", "ﬁnancial report", "Temperature: 20 °C ± 0.5", "naïve café déjà vu",
    "İstanbul'da güzel bir gün", "Γειά σου Κόσμε", "こんにちは、世界", "中文文本没有乱码", "Привет, мир",
    "Speed-up: 10× faster", "© 2024 Example Corp", "Јован је дошао",
])
def test_clean_utf8_text_is_never_rewritten(tmp_path, line):
    # even forced: a file whose every byte is valid UTF-8 is not re-read as another encoding
    p = tmp_path / "clean.txt"
    p.write_bytes((line + "\n").encode("utf-8"))
    r = _one(p, fix=True, force=True)
    assert r.fix.action in ("unchanged", "refused") and p.read_bytes() == (line + "\n").encode("utf-8"), str(r)


def test_fix_refuses_a_file_whose_encoding_is_a_guess(tmp_path):
    """One accented byte in ASCII text is cp1252 about 83% of the time: too unsure to rewrite."""
    p = tmp_path / "f.txt"
    p.write_bytes(b"abc \xe9 def\n")
    (r,) = S.scan([str(p)], fix=True, jobs=1)
    assert r.fix.action == "refused" and any("not confident" in why for why in r.fix.reasons)
    assert p.read_bytes() == b"abc \xe9 def\n"


@pytest.mark.parametrize("name,body", [
    ("m.py", "# -*- coding: koi8-r -*-\ntest = 'Привет мир'\n".encode("koi8-r")),
    ("a.xml", '<?xml version="1.0" encoding="ISO-8859-1"?>\n<a>Café crème brûlée</a>\n'.encode("latin-1")),
    ("p.html", '<html><head><meta charset="windows-1251"></head><body>Привет мир</body></html>\n'.encode("cp1251")),
])
def test_fix_refuses_a_file_that_declares_its_legacy_encoding(tmp_path, name, body):
    # converted, the bytes would contradict the declaration every reader honours
    p = tmp_path / name
    p.write_bytes(body)
    for force in (False, True):
        r = S.scan_file(str(p), S.make_options(fix=True, force=force))
        assert r.fix is not None and r.fix.action == "refused" and "declares its encoding" in str(r.fix.reasons)
        assert p.read_bytes() == body


def test_fix_goes_ahead_when_the_declaration_names_the_target(tmp_path):
    p = tmp_path / "m.py"
    p.write_bytes("# coding: utf-8\nx = 'Привет мир'\n".encode("cp1251"))
    r = S.scan_file(str(p), S.make_options(fix=True, force=True))
    assert r.fix is not None and r.fix.action == "fixed"
    assert p.read_text("utf-8") == "# coding: utf-8\nx = 'Привет мир'\n"


@pytest.mark.parametrize("encoding,text", [
    ("cp1251", "Пн Вт Ср Чт Пт Сб Вс"),        # weekday abbreviations: GB18030 reads them as Han
    ("big5", "丹麥文"),                           # three characters: EUC-JP reads kana and Han
    ("cp1252", "Botsvāna".replace("ā", "â")),   # one accent in one word
])
def test_fix_waits_for_more_text_than_a_name(tmp_path, encoding, text):
    # a one-line file of a name or two is too little to be sure of a code page: the file is left
    # byte for byte, with the reason; --force converts it as detected, on the user's word
    p = tmp_path / "short.txt"
    data = (text + "\n").encode(encoding)
    p.write_bytes(data)
    (r,) = S.scan([str(p)], fix=True, jobs=1)
    assert r.fix.action == "refused" and p.read_bytes() == data
    assert any("too little text" in str(why) for why in r.fix.reasons), str(r)
    (r,) = S.scan([str(p)], fix=True, force=True, jobs=1)
    assert r.fix.action == "fixed" and p.read_bytes() == data.decode(r.encoding).encode("utf-8")


def test_utf8_read_as_latin1_is_mojibake_to_fix_not_binary(tmp_path):
    # its continuation bytes 0x80-0x9F show as C1 controls: a file of it is text to repair
    lines = ["Привет, как дела?", "Größe und Maße", "日本語のテキスト", "텍스트 편집기"]
    p = tmp_path / "latin1.txt"
    p.write_text("".join(s.encode().decode("latin-1") + "\n" for s in lines), "utf-8")
    r = S.scan_file(str(p), S.make_options(fix=True))
    assert r.status == "text" and p.read_text("utf-8") == "".join(s + "\n" for s in lines)
    # C1 controls that no UTF-8 sequence explains stay what they look like
    q = tmp_path / "c1.txt"
    q.write_text("".join(chr(0x80 + i % 32) for i in range(500)), "utf-8")
    assert S.scan_file(str(q), S.make_options()).status == "binary"

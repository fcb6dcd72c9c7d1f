"""scan on generated trees of real text (Faker locale data) in real encodings: classification,
--fix round trips, refusals, crash safety, the CLI's formats and exit codes."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

faker = pytest.importorskip("faker")
pytest.importorskip("codecscope.detection")
pytest.importorskip("codecscope.repairing")

S = importlib.import_module("codecscope.scanning")

# locale -> the legacy encoding its text is saved in
LEGACY = {"zh_CN": "gbk", "zh_TW": "big5", "ja_JP": "cp932", "ru_RU": "cp1251", "fr_FR": "latin-1"}
SENTENCES = {"zh_CN", "zh_TW", "ja_JP", "ru_RU", "fr_FR"}  # ko_KR's lorem is Latin


def lines_for(locale: str, seed: int, n: int, encoding: str = "utf-8") -> list[str]:
    """``n`` lines of real locale text (names, addresses, sentences) that ``encoding`` can hold."""
    f = faker.Faker(locale)
    f.seed_instance(seed)
    out: list[str] = []
    while len(out) < n:
        line = f"{f.name()}, {f.address()}".replace("\n", " ")
        if locale in SENTENCES:
            line += " " + f.sentence(nb_words=8)
        try:
            line.encode(encoding)
        except UnicodeEncodeError:
            continue
        out.append(line)
    return out


def garble(text: str, original: str = "utf-8", read_as: str = "gbk") -> str | None:
    try:
        return text.encode(original).decode(read_as)
    except UnicodeDecodeError:
        return None


class Tree:
    """A generated tree: ``data[rel]`` is each file's bytes, ``text[rel]`` what a text file says."""

    def __init__(self, root):
        self.root = root
        self.text: dict[str, str] = {}      # what each text file says (the truth)
        self.data: dict[str, bytes] = {}    # its bytes on disk

    def add(self, rel: str, data: bytes, text: str | None = None) -> None:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        self.data[rel] = data
        if text is not None:
            self.text[rel] = text

    def path(self, rel: str) -> str:
        return str(self.root / rel)


def build_tree(root) -> Tree:
    t = Tree(root)
    for i, (loc, enc) in enumerate(LEGACY.items()):
        text = "\n".join(lines_for(loc, 10 + i, 6, enc)) + "\n"
        t.add(f"legacy/{loc}.{enc}.txt", text.encode(enc), text)
        u = "\n".join(lines_for(loc, 20 + i, 4)) + "\n"
        t.add(f"utf8/{loc}.txt", u.encode("utf-8"), u)
    ko = "\n".join(lines_for("ko_KR", 5, 6)) + "\n"
    t.add("utf16/ko_KR.txt", ko.encode("utf-16"), ko)          # with BOM
    t.add("utf8/ko_KR.txt", ko.encode("utf-8"), ko)
    t.add("ascii/readme.txt", b"plain ASCII\nnothing to see\n", "plain ASCII\nnothing to see\n")
    # a log whose middle block was written by a GBK program
    log = [f"2024-03-{d:02d} 10:{d:02d}:00 INFO user={line}" for d, line in
           enumerate(lines_for("zh_CN", 7, 18, "gbk"), 1)]
    data = b"".join((x + "\n").encode("gbk" if 7 <= k <= 12 else "utf-8") for k, x in enumerate(log, 1))
    t.add("logs/app.log", data, "\n".join(log) + "\n")
    # a CSV export whose company column went UTF-8 -> read as GB18030 -> saved as UTF-8 (古文码).
    # How often the repairer gets a row exactly right is bench/repair.py's business; this tree
    # keeps rows it repairs exactly and confidently (scan applies only confident repairs), so the
    # test can demand a byte-exact round trip of what scan finds, reports and applies.
    from codecscope.repairing import repair

    rows, clean = ["id,name,company"], ["id,name,company"]
    f = faker.Faker("zh_CN")
    f.seed_instance(3)
    for _ in range(2000):
        if len(rows) >= 9:
            break
        k = len(rows)
        name, comp = f.name(), f"{f.company()} {f.city()}"
        row = f"{k},{name},{comp}"
        if k % 2 == 0:
            rows.append(row)
            clean.append(row)
            continue
        bad = garble(comp, "utf-8", "gb18030")
        fixed = repair(f"{k},{name},{bad}") if bad is not None else None
        if fixed is None or fixed.text != row or fixed.confidence < S.DEFAULT_MIN_CONFIDENCE:
            continue
        rows.append(f"{k},{name},{bad}")
        clean.append(row)
    t.add("csv/users.csv", ("\n".join(rows) + "\n").encode("utf-8"), "\n".join(clean) + "\n")
    t.mojibake_rows = [k for k in range(2, len(rows) + 1) if rows[k - 1] != clean[k - 1]]
    t.mojibake_cols = {k: len(rows[k - 1].split(",")[0]) + len(rows[k - 1].split(",")[1]) + 3
                       for k in t.mojibake_rows}
    # GBK text with a lead byte whose trail byte was lost: an invalid sequence
    g = ("\n".join(lines_for("zh_CN", 30, 5, "gbk")) + "\n").encode("gbk")
    cut = g.index(b"\n", len(g) // 2)
    t.add("bad/cut.txt", g[:cut] + b"\x81" + g[cut:])
    t.add("bin/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    t.add("bin/blob.dat", bytes((i * 37 + i // 7) % 256 for i in range(3000)))
    return t


@pytest.fixture(scope="module")
def tree_template(tmp_path_factory):
    return build_tree(tmp_path_factory.mktemp("tree"))


@pytest.fixture(scope="module")
def reports(tree_template):
    root = str(tree_template.root)
    return {os.path.relpath(r.path, root).replace(os.sep, "/"): r
            for r in S.scan([root], jobs=2, gitignore=False)}


@pytest.fixture
def tree(tree_template, tmp_path):
    """A fresh copy of the tree, safe to fix."""
    shutil.copytree(tree_template.root, tmp_path / "t")
    t = Tree(tmp_path / "t")
    t.text, t.data = tree_template.text, tree_template.data
    return t


# -- classification ------------------------------------------------------------------------------

def test_every_file_is_reported_once(reports, tree_template):
    assert sorted(reports) == sorted(tree_template.data)


@pytest.mark.parametrize("loc", sorted(LEGACY))
def test_legacy_files_are_detected_and_decode_to_the_text(reports, tree_template, loc):
    rel = f"legacy/{loc}.{LEGACY[loc]}.txt"
    r = reports[rel]
    assert r.status == "text" and not r.mixed and r.invalid_count == 0
    assert tree_template.data[rel].decode(r.encoding) == tree_template.text[rel]
    assert r.problems == ["legacy"], str(r)


def test_unicode_files_have_no_problems(reports, tree_template):
    for rel, r in reports.items():
        if rel.startswith(("utf8/", "ascii/")):
            assert r.encoding in ("utf-8", "ascii") and r.problems == [], str(r)
    r = reports["utf16/ko_KR.txt"]
    assert r.encoding == "utf-16" and r.bom == "utf-16-le" and "bom" in r.kinds
    assert tree_template.data["utf16/ko_KR.txt"].decode(r.encoding) == tree_template.text["utf16/ko_KR.txt"]


def test_mixed_log_is_segmented_by_lines(reports):
    r = reports["logs/app.log"]
    assert r.mixed and "mixed" in r.kinds, str(r)
    spans = [(s.start_line, s.end_line, s.encoding) for s in r.segments]
    assert spans == [(1, 6, "utf-8"), (7, 12, "gb18030"), (13, 18, "utf-8")], spans


def test_mojibake_rows_found_with_line_column_and_repair(reports, tree_template):
    r = reports["csv/users.csv"]
    assert r.encoding == "utf-8" and "mojibake" in r.kinds, str(r)
    clean = tree_template.text["csv/users.csv"].splitlines()
    assert sorted({f.line for f in r.findings}) == tree_template.mojibake_rows
    for row in tree_template.mojibake_rows:   # a finding starts where the garbled column does
        assert any(f.column <= tree_template.mojibake_cols[row] < f.column + len(f.text)
                   for f in r.findings if f.line == row), row
    for f in r.findings:
        assert f.kind in ("utf-8-read-as-gb18030", "utf-8-read-as-gbk"), f.kind
        assert f.suggestion == clean[f.line - 1]


def test_invalid_sequences_and_binaries(reports):
    r = reports["bad/cut.txt"]
    assert r.encoding == "gb18030" and r.invalid_count >= 1 and "invalid" in r.kinds, str(r)
    inv = r.invalid[0]
    assert inv.line >= 2 and inv.column >= 1 and inv.reason
    assert reports["bin/logo.png"].status == "binary" and "PNG" in reports["bin/logo.png"].reason
    assert reports["bin/blob.dat"].status == "binary"


def test_jobs_1_and_2_agree(tree_template, reports):
    one = {r.path: r for r in S.scan([str(tree_template.root)], jobs=1, gitignore=False)}
    assert {os.path.relpath(p, str(tree_template.root)).replace(os.sep, "/"): r for p, r in one.items()} == reports


# -- fixing --------------------------------------------------------------------------------------

FIXABLE = [f"legacy/{loc}.{enc}.txt" for loc, enc in LEGACY.items()] + ["utf16/ko_KR.txt", "logs/app.log",
                                                                         "csv/users.csv"]


def test_fix_round_trips_and_refuses_lossy(tree):
    os.chmod(tree.path("legacy/ru_RU.cp1251.txt"), 0o640)
    out = {os.path.relpath(r.path, str(tree.root)).replace(os.sep, "/"): r
           for r in S.scan([str(tree.root)], fix=True, jobs=2, gitignore=False)}
    for rel in FIXABLE:
        assert out[rel].fix.action == "fixed", str(out[rel])
        assert (tree.root / rel).read_bytes().decode("utf-8") == tree.text[rel], rel
    assert stat.S_IMODE(os.stat(tree.path("legacy/ru_RU.cp1251.txt")).st_mode) == 0o640
    for rel in ("utf8/zh_CN.txt", "ascii/readme.txt"):
        assert out[rel].fix.action == "unchanged"
        assert (tree.root / rel).read_bytes() == tree.data[rel]
    cut = out["bad/cut.txt"]
    assert cut.fix.action == "refused" and any("invalid byte sequence" in why for why in cut.fix.reasons)
    assert (tree.root / "bad/cut.txt").read_bytes() == tree.data["bad/cut.txt"]
    for rel in ("bin/logo.png", "bin/blob.dat"):
        assert out[rel].fix is None and (tree.root / rel).read_bytes() == tree.data[rel]
    assert not [n for n in os.listdir(tree.root / "legacy") if n.endswith(".tmp")]
    # a second run finds nothing left to do
    again = list(S.scan([str(tree.root / d) for d in ("legacy", "utf16", "logs", "csv")], fix=True, jobs=1))
    assert all(r.fix.action == "unchanged" and not r.problems for r in again), [str(r) for r in again]


def test_refusals_say_why_and_force_overrides(tree):
    gbk = tree.path("legacy/zh_CN.gbk.txt")
    (r,) = S.scan([gbk], fix=True, to="latin-1", jobs=1)
    assert r.fix.action == "refused" and "cannot be written in latin-1" in r.fix.reasons[0]
    first = S.analyze(tree.data["legacy/ru_RU.cp1251.txt"]).confidence
    if first < 1.0:
        (r,) = S.scan([tree.path("legacy/ru_RU.cp1251.txt")], fix=True, min_confidence=min(1.0, first + 1e-6), jobs=1)
        assert r.fix.action == "refused" and "not confident" in r.fix.reasons[0]
    (r,) = S.scan([tree.path("bad/cut.txt")], fix=True, force=True, jobs=1)
    assert r.fix.action == "fixed" and any("forced" in n for n in r.fix.notes)
    fixed = (tree.root / "bad/cut.txt").read_bytes().decode("utf-8")
    assert fixed.count("\ufffd") == r.invalid_count
    assert (tree.root / "legacy/zh_CN.gbk.txt").read_bytes() == tree.data["legacy/zh_CN.gbk.txt"]


def test_dry_run_writes_nothing_and_shows_a_diff(tree):
    before = {rel: (tree.root / rel).read_bytes() for rel in tree.data}
    out = list(S.scan([str(tree.root)], fix=True, dry_run=True, jobs=1, gitignore=False))
    assert {rel: (tree.root / rel).read_bytes() for rel in tree.data} == before
    csv = next(r for r in out if r.path.endswith("users.csv"))
    assert csv.fix.action == "would-fix"
    assert csv.fix.diff.startswith("---") and "\n+" in csv.fix.diff and "\n-" in csv.fix.diff
    gbk = next(r for r in out if r.path.endswith("zh_CN.gbk.txt"))
    assert gbk.fix.action == "would-fix" and "re-encode" in gbk.fix.diff


def test_backup_keeps_the_original(tree):
    rel = "legacy/ja_JP.cp932.txt"
    (r,) = S.scan([tree.path(rel)], fix=True, backup=".orig", jobs=1)
    assert r.fix.backup == tree.path(rel) + ".orig"
    assert (tree.root / (rel + ".orig")).read_bytes() == tree.data[rel]
    assert (tree.root / rel).read_bytes() == tree.text[rel].encode("utf-8")


class Crash(BaseException):
    pass


def _old_or_new(tree, rels):
    for rel in rels:
        now = (tree.root / rel).read_bytes()
        assert now in (tree.data[rel], tree.text[rel].encode("utf-8")), f"{rel} is half-written"


def test_crash_during_fix_leaves_each_file_old_or_new(tree, monkeypatch):
    real = os.replace
    calls = []

    def crash_on_third(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise Crash
        return real(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_third)
    with pytest.raises(Crash):
        list(S.scan([str(tree.root / "legacy")], fix=True, jobs=1))
    monkeypatch.undo()
    rels = [f"legacy/{n}" for n in os.listdir(tree.root / "legacy")]
    assert sorted(rels) == sorted(r for r in tree.data if r.startswith("legacy/"))  # no temp files
    _old_or_new(tree, rels)
    changed = [r for r in rels if (tree.root / r).read_bytes() != tree.data[r]]
    assert len(changed) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="needs process groups and SIGKILL")
def test_killed_fix_process_leaves_each_file_old_or_new(tmp_path):
    t = Tree(tmp_path / "big")
    for i in range(40):
        loc, enc = list(LEGACY.items())[i % len(LEGACY)]
        text = "\n".join(lines_for(loc, 100 + i, 40, enc) * 20) + "\n"
        t.add(f"f{i:02d}.txt", text.encode(enc), text)
    cmd = [sys.executable, "-m", "codecscope.cli.main", "scan", "--fix", "--no-mojibake", "--jobs", "2",
           "--no-gitignore", str(t.root)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if any((t.root / rel).read_bytes() != t.data[rel] for rel in t.data):
                break
            time.sleep(0.005)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    _old_or_new(t, list(t.data))


# -- the CLI -------------------------------------------------------------------------------------

def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "codecscope.cli.main", "scan", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def test_cli_formats_and_fail_on(tree_template):
    root = str(tree_template.root)
    legacy = os.path.join(root, "legacy")
    p = _cli("--format", "json", "--jobs", "1", legacy)
    assert p.returncode == 0 and p.stderr == ""          # no progress bar when not on a terminal
    doc = json.loads(p.stdout)
    assert doc["summary"]["files"] == len(LEGACY) and doc["summary"]["kinds"]["legacy"] == len(LEGACY)
    assert _cli("--fail-on", "legacy", "--no-mojibake", legacy).returncode == 1
    assert _cli("--fail-on", "invalid,mixed", "--no-mojibake", legacy).returncode == 0
    assert _cli("--fail-on", "any", "--no-mojibake", os.path.join(root, "utf8")).returncode == 0
    sarif = json.loads(_cli("--format", "sarif", "--no-gitignore", root, cwd=root).stdout)
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "codecscope"
    ids = {r["ruleId"] for r in run["results"]}
    assert {"legacy-encoding", "mixed-encoding", "invalid-sequence"} <= ids
    assert any(i.startswith("mojibake/utf-8-read-as-gb") for i in ids)
    for res in run["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_cli_fix_reports_refusals_and_exit_status(tree):
    p = _cli("--fix", "--no-gitignore", str(tree.root / "bad"), str(tree.root / "legacy"))
    assert p.returncode == 1
    assert "refused" in p.stdout and "cut.txt" in p.stdout and "invalid byte sequence" in p.stdout
    assert (tree.root / "legacy/fr_FR.latin-1.txt").read_bytes() == tree.text["legacy/fr_FR.latin-1.txt"].encode()
    p = _cli("--fix", "--dry-run", str(tree.root / "csv"))
    assert p.returncode == 0 and "+++" in p.stdout


def test_symlinks_are_skipped_not_followed_or_replaced(tree):
    link = tree.root / "link.txt"
    os.symlink(tree.root / "legacy/ru_RU.cp1251.txt", link)
    (r,) = S.scan([str(link)], fix=True, jobs=1)
    assert r.status == "skipped" and "symbolic link" in r.reason and r.fix is None
    assert link.is_symlink()
    assert (tree.root / "legacy/ru_RU.cp1251.txt").read_bytes() == tree.data["legacy/ru_RU.cp1251.txt"]


def test_a_link_to_nothing_is_not_sent_to_a_file_that_does_not_exist(tmp_path):
    # a link loop and a dangling link have no file to scan "by its own name": the reason says so
    loop_a, loop_b, dangling = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "gone.txt"
    os.symlink(loop_b, loop_a)
    os.symlink(loop_a, loop_b)
    os.symlink(tmp_path / "missing.txt", dangling)
    for link in (loop_a, dangling):
        (r,) = S.scan([str(link)], jobs=1)
        assert r.status == "skipped" and "to nothing" in str(r.reason) and "points to" not in str(r.reason)
        assert link.is_symlink()


def test_cli_output_file_and_unknown_fail_on_kind(tree, tmp_path):
    out = tmp_path / "scan.sarif"
    p = _cli("--format", "sarif", "--output", str(out), "--no-mojibake", str(tree.root / "legacy"))
    assert p.returncode == 0 and p.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    p = _cli("--fail-on", "legcy", str(tree.root / "legacy"))
    assert p.returncode == 2 and "unknown kind 'legcy'" in p.stderr


def test_report_file_inside_the_tree_is_not_scanned_on_the_next_run(tmp_path):
    # the README's `scan --format sarif -o scan.sarif .`, run twice in CI: the first report quotes
    # the mojibake it found, and the second run must not report (or fix) that quotation
    (tmp_path / "users.csv").write_text("name,city\n张三,鐟炲幙\n", encoding="utf-8")
    for _ in range(2):
        p = _cli("--format", "sarif", "-o", "scan.sarif", "--fail-on", "mojibake", ".", cwd=tmp_path)
        assert p.returncode == 1, p.stderr
        doc = json.loads((tmp_path / "scan.sarif").read_text(encoding="utf-8"))
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
        assert uris == {"users.csv"}


def test_report_that_would_overwrite_a_file_named_to_scan_is_refused(tmp_path):
    data = "Привет, мир\n".encode("cp1251")
    (tmp_path / "a.txt").write_bytes(data)
    p = _cli("--fix", "--json", "-o", "a.txt", "a.txt", cwd=tmp_path)
    assert p.returncode == 2 and len(p.stderr.splitlines()) == 1 and "a.txt" in p.stderr
    assert (tmp_path / "a.txt").read_bytes() == data


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_only_on_a_terminal(tree):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "codecscope.cli.main", "scan", "--no-mojibake",
                             str(tree.root / "legacy")], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out, _ = proc.communicate(timeout=120)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    assert proc.returncode == 0 and b"scanning" in err and b"scanning" not in out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_analyze_never_raises_and_positions_are_sane(data):
    r = S.analyze(data, "x", S.make_options(mojibake=False))
    assert r.status in ("text", "binary")
    if r.status == "text":
        assert r.encoding and 0.0 <= r.confidence <= 1.0
        assert r.invalid_count >= len(r.invalid)
        for inv in r.invalid:
            assert 1 <= inv.line <= max(r.lines, 1) and inv.column >= 1
            assert data[inv.offset:inv.offset + len(bytes.fromhex(inv.hex))] == bytes.fromhex(inv.hex)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80))
def test_fix_of_utf8_text_without_findings_changes_nothing(tmp_path_factory, text):
    p = tmp_path_factory.mktemp("h") / "f.txt"
    p.write_bytes(text.encode("utf-8"))
    (r,) = S.scan([str(p)], fix=True, jobs=1)
    if r.status == "text" and r.encoding in ("utf-8", "ascii") and not r.findings:
        assert r.fix.action == "unchanged" and p.read_bytes() == text.encode("utf-8")


def test_json_of_a_long_line_with_many_findings_does_not_repeat_the_line(tmp_path):
    # one line, many mojibake stretches apart (clean dashes between them keep them apart): each
    # finding names its stretch, the repaired
    # line is written once, so the report grows with the file, not with file x findings
    words = ["café", "naïve", "crème", "déjà", "señor"] * 60
    line = " — ".join(w.encode("utf-8").decode("cp1252") for w in words)
    f = tmp_path / "one_line.txt"
    f.write_text(line + "\n", encoding="utf-8")
    report = S.scan_file(str(f))
    doc = report.to_dict()
    found = doc["findings"]
    assert len(found) > 100
    assert sum(1 for x in found if x["suggestion"]) == 1
    assert found[0]["suggestion"] == " — ".join(words)
    assert all(0 < len(x["replacement"]) < 10 for x in found)  # its own stretch, not the line
    assert len(json.dumps(doc)) < 4 * len(line) + 500 * len(found)  # was about len(line) * len(found)

"""What users of chardetect, chardet, ftfy and CI scripts rely on: several files, chardet's dict,
exit codes of --fail-on, a schema key in every JSON output, terminal output that honours NO_COLOR,
FORCE_COLOR and narrow terminals, and HTML for notebooks that escapes everything."""

import json
import re
import subprocess
import sys

import pytest
from rich.cells import cell_len

import codecscope
from codecscope.cli.main import main
from codecscope.echo import EchoServer

GBK = "中文编码检测：这是一个测试文件。\n".encode("gbk") * 3
UTF8_BROKEN = "黑马".encode() + b"\xe9\n"
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;)")   # a foreground colour, not bold


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"hello\n")
    (tmp_path / "b.txt").write_bytes(GBK)
    (tmp_path / "c.txt").write_bytes(UTF8_BROKEN)
    return {k: str(tmp_path / f"{k}.txt") for k in "abc"}


@pytest.fixture
def piped(monkeypatch):
    """Standard output is not a terminal and nothing forces one."""
    for k in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(k, raising=False)


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# -- several files -----------------------------------------------------------------------------

def test_detect_several_files_one_line_each(files, capsys, piped):
    code, out, err = run(["detect", files["a"], files["b"]], capsys)
    assert code == 0 and err == ""
    assert out.splitlines() == [f"{files['a']}: ascii with confidence 1.0",
                                f"{files['b']}: gb18030 with confidence 1.0"]


def test_detect_several_files_json_lines(files, capsys, piped):
    code, out, _ = run(["detect", files["a"], files["b"], "--json"], capsys)
    docs = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [d["path"] for d in docs] == [files["a"], files["b"]]
    assert [d["encoding"] for d in docs] == ["ascii", "gb18030"]
    assert all(d["schema"] == "codecscope.detection/1" for d in docs)


def test_diagnose_several_files(files, capsys, piped):
    code, out, _ = run(["diagnose", files["a"], files["c"]], capsys)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith(files["a"] + ": ASCII only") and lines[1].startswith(files["c"] + ": not UTF-8")
    code, out, _ = run(["diagnose", files["a"], files["c"], "--json"], capsys)
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["name"] for d in docs] == [files["a"], files["c"]] and [d["ok"] for d in docs] == [True, False]


def test_several_files_each_unreadable_one_is_one_error_line(files, tmp_path, capsys, piped):
    (tmp_path / "empty.txt").write_bytes(b"")
    for cmd in ("detect", "diagnose"):
        code, out, err = run([cmd, files["a"], str(tmp_path / "gone.txt"), str(tmp_path / "empty.txt")], capsys)
        assert code == 2 and out.splitlines()[0].startswith(f"{files['a']}: ")
        lines = err.splitlines()
        assert lines[0] == f"codecscope: error: {tmp_path / 'gone.txt'}: no such file" and len(lines) == 2
        assert lines[1].startswith(f"codecscope: error: {tmp_path / 'empty.txt'}: empty")


def test_several_files_refuse_hex_or_stdin(files, capsys):
    assert run(["detect", files["a"], files["b"], "--hex", "41"], capsys)[0] == 2
    code, _, err = run(["diagnose", files["a"], "-"], capsys)
    assert code == 2 and "standard input" in err


# -- chardet's shape -----------------------------------------------------------------------------

@pytest.mark.parametrize("data,encoding,language", [
    (GBK, "GB18030", "zh"),
    ("Привет, мир! Это проверка кодировки.".encode("cp1251") * 3, "Windows-1251", "ru"),
    ("Привет, мир! Это проверка кодировки.".encode("koi8_r") * 3, "KOI8-R", "ru"),
    ("日本語の文字コードを判定するテストです。".encode("euc_jp") * 3, "EUC-JP", "ja"),
    (b"hello world", "ascii", None),
    (b"\xef\xbb\xbfhello", "UTF-8-SIG", None),
])
def test_as_chardet(data, encoding, language):
    d = codecscope.detect(data).as_chardet()
    assert set(d) == {"encoding", "confidence", "language", "mime_type"}   # chardet 7's keys
    assert d["encoding"] == encoding and d["language"] == language and d["mime_type"] == "text/plain"
    assert 0.0 <= d["confidence"] <= 1.0
    data.decode(d["encoding"])   # the name is one Python decodes with


def test_as_chardet_no_result():
    assert codecscope.detect(b"").as_chardet() == {"encoding": None, "confidence": 0.0, "language": None,
                                                   "mime_type": "text/plain"}
    binary = codecscope.detect(bytes(range(256)) * 4).as_chardet()
    assert binary["encoding"] is None and binary["mime_type"] == "application/octet-stream"


def test_every_chardet_name_is_the_same_python_codec():
    import codecs

    from codecscope.compat import CHARDET_NAMES

    for python, chardet_name in CHARDET_NAMES.items():
        assert codecs.lookup(python).name == python                  # keyed by Python's own name
        assert codecs.lookup(chardet_name).name == python, chardet_name   # never a narrower codec


# -- exit codes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv,code", [
    (["detect", "{b}", "--fail-on", "legacy"], 1),
    (["detect", "{a}", "--fail-on", "legacy"], 0),
    (["detect", "{a}", "{b}", "--fail-on", "legacy"], 1),
    (["detect", "{b}", "--fail-on", "mixed,ambiguous"], 0),
    (["detect", "{b}", "--fail-on", "bogus"], 2),
    (["diagnose", "{c}", "--fail-on", "invalid-sequence"], 1),
    (["diagnose", "{c}", "--fail-on", "any"], 1),
    (["diagnose", "{c}", "--limit", "0", "--fail-on", "invalid-sequence"], 1),   # --limit only lists fewer
    (["diagnose", "{a}", "--fail-on", "any"], 0),
    (["diagnose", "{a}", "{c}", "--fail-on", "any"], 1),
    (["diagnose", "--text", "榛戦┈鐢辨湀瑕佸ソ", "--fail-on", "mojibake"], 1),
    (["diagnose", "--text", "榛戦┈鐢辨湀瑕佸ソ", "--fail-on", "utf-8-read-as-gbk"], 1),
    (["diagnose", "--text", "黑马程序员", "--fail-on", "mojibake"], 0),
    (["diagnose", "{a}", "--fail-on", "nonsense"], 2),
    (["repair", "--text", "cafÃ© au lait", "--fail-on", "mojibake"], 1),
    (["repair", "--text", "café au lait", "--fail-on", "any"], 0),
    (["repair", "--text", "cafÃ© au lait", "--fail-on", "lost"], 0),
    (["repair", "--text", "x", "--fail-on", "nonsense"], 2),
])
def test_fail_on_exit_codes(argv, code, files, capsys, piped):
    assert run([a.format(**files) for a in argv], capsys)[0] == code


def test_repair_with_fail_on_still_prints_the_repair(capsys, piped):
    assert run(["repair", "--text", "cafÃ© au lait", "--fail-on", "any"], capsys)[:2] == (1, "café au lait\n")


def test_e_is_the_input_encoding_everywhere(tmp_path, capsys, piped):
    p = tmp_path / "gbk.txt"
    p.write_bytes("黑马程序员写代码".encode("utf-8").decode("gbk").encode("gbk"))   # 古文码, saved as GBK
    for flag in ("-e", "--encoding", "-i", "--input-encoding"):
        code, out, err = run(["repair", flag, "gbk", str(p)], capsys)
        assert code == 0 and out == "黑马程序员写代码" and err == "", (flag, err)   # no newline added
    code, out, err = run(["detect", "--hex", "c4e3bac3", "-c", "gbk"], capsys)   # the old spelling, with a note
    assert code == 0 and err == "codecscope: note: -c is deprecated; use -e/--encoding\n"
    code, out, err = run(["repair", "--text", "cafÃ© au lait", "--via", "cp1252,utf-8"], capsys)
    assert code == 0 and out == "café au lait\n" and err == ""
    code, out, err = run(["diagnose", "--hex", "c4 e3", "-e", "utf-8,gbk", "--json"], capsys)
    assert [v["encoding"] for v in json.loads(out)["validity"]] == ["utf-8", "gbk"]


# -- a schema key in every JSON output ------------------------------------------------------------

@pytest.mark.parametrize("argv,schema", [
    (["diagnose", "--hex", "e9 bb 91"], "codecscope.diagnosis/1"),
    (["explain", "--hex", "e9 bb 91"], "codecscope.explanation/1"),
    (["detect", "--hex", "e9 bb 91"], "codecscope.detection/1"),
    (["repair", "--text", "cafÃ©"], "codecscope.repair/1"),
    (["boundaries", "--text", "黑马", "--chunk", "2"], "codecscope.boundaries/1"),
    (["scan", "{dir}"], "codecscope.scan/1"),
    (["demo"], "codecscope.demo/1"),
])
def test_every_json_output_names_its_schema(argv, schema, files, tmp_path, capsys):
    argv = [a.format(dir=str(tmp_path)) for a in argv]
    code, out, _ = run([*argv, "--json"], capsys)
    assert code in (0, 1) and json.loads(out)["schema"] == schema


def test_network_json_outputs_name_their_schema(capsys):
    with EchoServer() as srv:
        addr = f"{srv.address[0]}:{srv.address[1]}"
        code, out, _ = run(["wire", addr, "--send", "abc", "--timeout", "0.5", "--json"], capsys)
        assert json.loads(out)["schema"] == "codecscope.wire/1"
        code, out, _ = run(["echo", "test", addr, "--case", "ascii", "--chunking", "whole", "--json"], capsys)
        assert code == 0 and json.loads(out)["schema"] == "codecscope.echo-test/1"


# -- the terminal ----------------------------------------------------------------------------------

def test_no_color_keeps_the_tables(files, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for argv in (["explain", "--hex", "e6 a6 9b e6 88 a6"], ["scan", files["b"], "--no-progress"]):
        code, out, _ = run(argv, capsys)
        assert code in (0, 1) and "┃" in out and "━" in out, out   # a rich table
        assert not COLOUR.search(out), out


def test_force_color_colours_a_pipe(files, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, _ = run(["diagnose", files["c"]], capsys)
    assert code == 0 and COLOUR.search(out)


def test_piped_output_is_plain(files, capsys, piped):
    code, out, _ = run(["explain", "--hex", "e6 a6 9b e6 88 a6"], capsys)
    assert code == 0 and "\x1b[" not in out and "┃" not in out and "U+699B" in out


def test_diagnose_shows_the_detection_once_on_a_terminal(files, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    _, out, _ = run(["diagnose", files["b"]], capsys)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert plain.count("encoding: gb18030") == 1 and "detection: encoding" not in plain


@pytest.mark.parametrize("argv,wanted", [
    (["explain", "--hex", "e6 a6 9b e6 88 a6 e2 94 88"], ["CJK UNIFIED IDEOGRAPH-699B", "BOX DRAWINGS LIGHT"]),
    # (a reading longer than its sample ends in its own '…': a short input keeps the check about cutting)
    (["detect", "--hex", "d6d0cec4b1e0c2ebbcecb2e2a3bad5e2cac7d2bbb8f6b2e2cad4cec4bcfea1a3"],
     ["gb18030", "Han", "score", "reading"]),
    (["scan", "{b}", "--no-progress"], ["gb18030", "legacy"]),
    (["boundaries", "--text", "黑马黑马", "--chunk", "4"], ["E9 | A9 AC", "UnicodeDecodeError"]),
    (["repair", "--text", "cafÃ© au lait", "--explain"], ["café au lait", "confidence"]),
])
def test_forty_columns_cut_no_cell_to_nothing(argv, wanted, files, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "40")
    code, out, _ = run([a.format(**files) for a in argv], capsys)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert code in (0, 1) and plain.strip()
    assert "…" not in plain, plain                     # nothing cut short
    assert max(cell_len(line) for line in plain.splitlines()) <= 40, plain   # in terminal cells
    for w in wanted:
        assert w in plain, (w, plain)


def test_forty_columns_scan_keeps_the_whole_path(tmp_path, capsys, monkeypatch):
    deep = tmp_path / "some" / "deeper" / "folder"
    deep.mkdir(parents=True)
    (deep / "a_rather_long_file_name.txt").write_bytes(GBK)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "40")
    _, out, _ = run(["scan", str(tmp_path), "--no-progress"], capsys)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    # a record per file: the path folds over lines of its own, with nothing cut to '…'
    assert "…" not in plain and "encoding" in plain and "problems" in plain
    assert "a_rather_long_file_name.txt" in "".join(line.strip() for line in plain.splitlines()), plain
    assert all(len(line) <= 40 for line in plain.splitlines() if line.strip()), plain


def test_progress_is_shown_when_asked_even_when_piped(tmp_path):
    for k in range(3):
        (tmp_path / f"f{k}.txt").write_bytes(GBK)
    p = subprocess.run([sys.executable, "-m", "codecscope", "scan", str(tmp_path), "--progress"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "scanning" in p.stderr and "3/3" in p.stderr, p.stderr
    p = subprocess.run([sys.executable, "-m", "codecscope", "scan", str(tmp_path)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and p.stderr == ""   # not a terminal, not asked: no bar


# -- notebooks ----------------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>&"


def _results():
    from codecscope.echo import CaseResult, Difference, RoundTripReport
    from codecscope.scanning import FileReport, ScanReport
    from codecscope.stream import boundaries

    yield codecscope.explain(HOSTILE.encode())
    yield codecscope.diagnose(HOSTILE)
    yield codecscope.detect(HOSTILE.encode())
    yield codecscope.repair(HOSTILE + " cafÃ©")
    yield boundaries((HOSTILE + "黑马").encode(), 3)
    report = FileReport(path=HOSTILE, encoding="utf-8", confidence=1.0, notes=(HOSTILE,))
    yield report
    yield ScanReport((report,))
    diff = Difference(kind="lossy-decode", offset=0, sent=b"<", sent_char="<", got=b">", explanation=HOSTILE)
    yield RoundTripReport("127.0.0.1", 7, (CaseResult(HOSTILE, "utf-8", "whole", 1, 1, 1, 1, False, diff, 0.1, 0.1,
                                                      1.0, "eof"),))
    # and the parts of results: a difference, a finding, a candidate, a fix
    yield diff
    yield codecscope.diagnose(HOSTILE + "\ufffd").findings[0]
    yield codecscope.detect(HOSTILE.encode()).candidates[0]
    yield codecscope.repair(HOSTILE + " cafÃ©").fixes[0]


@pytest.mark.parametrize("result", list(_results()), ids=lambda r: type(r).__name__)
def test_every_result_has_html_that_escapes_everything(result):
    page = result._repr_html_()
    assert "<script" not in page and "</script" not in page
    # every '<' left is one of the renderer's own tags
    assert set(re.findall(r"</?(\w+)", page)) <= {"div", "pre", "code", "span", "p", "b", "table", "thead", "tbody",
                                                   "tr", "th", "td"}, page


def test_wire_report_has_html():
    with EchoServer() as srv:
        from codecscope.wire import check

        r = check(*srv.address, send=HOSTILE, timeout=0.5)
    page = r._repr_html_()
    assert "<script" not in page and "alert(1)" in page


# -- the console examples of the guides reproduce ----------------------------------------------------

def _console_blocks():
    """Each console block of the guides that shows a --fail-on or several-files example."""
    from pathlib import Path

    docs = Path(__file__).resolve().parents[1] / "docs"
    for name in ("detect.md", "explain.md", "repair.md"):
        for block in re.findall(r"```\n(\$ .*?)```", (docs / name).read_text("utf-8"), re.S):
            if "--fail-on" in block:
                yield pytest.param(block, id=name)


@pytest.mark.parametrize("block", list(_console_blocks()))
def test_console_examples_print_what_the_guide_says(block, tmp_path):
    commands, expected = [], []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append(line[2:].replace("codecscope ", f"{sys.executable} -m codecscope "))
        else:
            expected.append(line)
    p = subprocess.run(["sh", "-c", "\n".join(commands)], cwd=tmp_path, capture_output=True, text=True,
                       timeout=120, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
    assert p.stdout.splitlines() == expected, p.stderr


def test_a_file_name_is_never_rich_markup(tmp_path, capsys, monkeypatch):
    (tmp_path / "[bold]a[i].txt").write_bytes(GBK)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(["scan", str(tmp_path), "--no-progress"], capsys)
    assert "[bold]a[i].txt" in re.sub(r"\x1b\[[0-9;]*m", "", out)


def test_several_files_show_progress_when_asked(files):
    for cmd in ("detect", "diagnose"):
        p = subprocess.run([sys.executable, "-m", "codecscope", cmd, files["a"], files["b"], files["c"], "--progress"],
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0 and len(p.stdout.splitlines()) == 3   # the lines stay on stdout
        assert "reading" in p.stderr and "3/3" in p.stderr, p.stderr
        p = subprocess.run([sys.executable, "-m", "codecscope", cmd, files["a"], files["b"]],
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0 and p.stderr == ""


def test_several_files_go_on_past_one_that_cannot_be_read(tmp_path, capsys):
    """As chardetect does: a line per readable file, an error line per other one, exit 2 at the end."""
    good, fffd = tmp_path / "good.txt", tmp_path / "fffd.txt"
    good.write_bytes("黑马程序员，你好\n".encode("gbk"))
    fffd.write_text("黑\ufffd\ufffd马\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    for cmd in ("detect", "diagnose"):
        code, out, err = run([cmd, str(missing), str(good), str(fffd)], capsys)
        assert code == 2 and err.count("no such file") == 1 and len(err.splitlines()) == 1, err
        assert str(good) in out and str(fffd) in out
    code, out, _ = run(["diagnose", str(fffd)], capsys)
    code, out, _ = run(["diagnose", str(good), str(fffd)], capsys)
    assert "1 finding: replacement-char" in out   # the one line says what a valid file still holds


def test_fail_on_spellings_agree_and_an_empty_list_is_refused(tmp_path, capsys):
    p = tmp_path / "fffd.txt"
    p.write_text("黑\ufffd\ufffd马\n", encoding="utf-8")
    for cmd in ("diagnose", "scan"):
        for kind in ("lost", "replacement-char"):
            assert run([cmd, str(p), "--fail-on", kind], capsys)[0] == 1, (cmd, kind)
    for empty in ("", ",", " , "):
        code, _, err = run(["diagnose", str(p), "--fail-on", empty], capsys)
        assert code == 2 and "at least one kind" in err

"""`codecscope repair`: stdout by default, --in-place atomically, clean errors."""

import json
import os
import subprocess
import sys

import pytest

from codecscope.cli.main import main


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_to_stdout(capsys):
    code, out, err = run(["repair", "--text", "榛戦┈绋嬪簭"], capsys)
    assert code == 0 and out == "黑马程序\n" and err == ""


def test_explain_and_json(capsys):
    code, out, _ = run(["repair", "--text", "cafÃ© au lait", "--explain"], capsys)
    assert code == 0 and "Windows-1252" in out and "café au lait" in out and "encode" in out
    code, out, _ = run(["repair", "--text", "cafÃ© au lait", "--json"], capsys)
    d = json.loads(out)
    assert d["text"] == "café au lait" and d["changed"] and d["steps"][0] == ["encode", "cp1252-web"]


def test_file_to_stdout_leaves_file_alone(tmp_path, capsys):
    p = tmp_path / "log.txt"
    body = "INFO ok\nWARN " + "用户名不存在".encode().decode("gbk") + "\nINFO 中文 fine\n"
    p.write_text(body, "utf-8")
    code, out, _ = run(["repair", str(p)], capsys)
    assert code == 0 and out == "INFO ok\nWARN 用户名不存在\nINFO 中文 fine\n"
    assert p.read_text("utf-8") == body


def test_in_place_rewrites_only_when_changed(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text("Ïðèâåò ìèð\n", "utf-8")
    code, out, err = run(["repair", "--in-place", str(p)], capsys)
    assert code == 0 and out == "" and "Windows-1251" in err
    assert p.read_text("utf-8") == "Привет мир\n"
    before = p.stat().st_mtime_ns
    code, _, err = run(["repair", "--in-place", str(p)], capsys)
    assert code == 0 and "nothing to repair" in err and p.stat().st_mtime_ns == before
    assert list(tmp_path.iterdir()) == [p]   # no temporary files left behind


def test_in_place_writes_the_sure_lines_beside_an_unsure_one(tmp_path, capsys):
    # as scan --fix does: a line whose repair would mark lost characters stays, the others are fixed
    lossy = "榛戦┈绋嬪簭鍛樺啓浠ｇ\ufffd\n"
    p = tmp_path / "a.txt"
    p.write_text("RÃ©sumÃ© of the cafÃ©\n" + lossy + "GrÃ¼ÃŸe aus MÃ¼nchen\n", "utf-8")
    code, _, err = run(["repair", "--in-place", str(p)], capsys)
    assert code == 0 and "left as it is" in err and "U+FFFD" in err
    assert p.read_text("utf-8") == "Résumé of the café\n" + lossy + "Grüße aus München\n"


def test_in_place_judges_lines_at_line_breaks_only(tmp_path, capsys):
    # UTF-8 read as Latin-1 holds U+0085 inside a garbled character (0x85 is a continuation byte):
    # a line broken there would be repaired in halves
    garbled = "텍스트".encode().decode("latin-1")
    assert "\x85" in garbled
    p = tmp_path / "a.txt"
    p.write_text("6Âª\n" + garbled + "\n", "utf-8")
    code, _, err = run(["repair", "--in-place", str(p)], capsys)
    assert code == 0 and p.read_text("utf-8") in ("6Âª\n텍스트\n", "6ª\n텍스트\n")


def test_input_encoding(tmp_path, capsys):
    p = tmp_path / "gbk.txt"
    p.write_bytes("cafÃ©".encode("cp1252"))   # a cp1252 file holding UTF-8 mojibake
    code, out, _ = run(["repair", "-i", "cp1252", str(p)], capsys)
    assert code == 0 and out == "café"


def test_in_place_never_overwrites_an_existing_backup(tmp_path, capsys):
    # a FILE+SUFFIX that is already there is the user's: the backup goes to a free name beside it
    p, kept = tmp_path / "m.txt", tmp_path / "m.txt.bak"
    p.write_text("cafÃ© au lait\n", "utf-8")
    kept.write_text("PRECIOUS\n", "utf-8")
    code, _, err = run(["repair", "--in-place", "--backup", ".bak", str(p)], capsys)
    assert code == 0 and p.read_text("utf-8") == "café au lait\n"
    assert kept.read_text("utf-8") == "PRECIOUS\n"
    assert (tmp_path / "m.txt.1.bak").read_text("utf-8") == "cafÃ© au lait\n"
    assert "m.txt.1.bak" in err


@pytest.mark.parametrize("extra", [[], ["--force"]])
def test_in_place_refuses_a_file_with_other_hard_links(tmp_path, capsys, extra):
    # the atomic replace would give this name a new file and leave the other name with the
    # mojibake: refused, as scan --fix refuses it, and both names keep the same bytes
    p, other = tmp_path / "m.txt", tmp_path / "other.txt"
    p.write_text("cafÃ© au lait\n", "utf-8")
    os.link(p, other)
    code, _, err = run(["repair", "--in-place", *extra, str(p)], capsys)
    assert code == 2 and "hard links" in err and err.count("\n") == 1
    assert os.path.samefile(p, other) and p.read_text("utf-8") == "cafÃ© au lait\n"


@pytest.mark.parametrize("argv,msg", [
    (["repair", "--in-place", "--text", "x"], "--in-place needs a PATH"),
    (["repair", "no-such-file.txt"], "no such file"),
    (["repair", "--text", "x", "--max-depth", "0"], "--max-depth"),
    (["repair", "--text", "x", "--via", "klingon"], "klingon"),
])
def test_errors_are_one_line_exit_2(argv, msg, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2 and msg in err and err.count("\n") == 1 and "Traceback" not in err


def test_not_valid_in_the_input_encoding(tmp_path, capsys):
    p = tmp_path / "bin.txt"
    p.write_bytes(b"abc\xff\xfe")
    code, _, err = run(["repair", str(p)], capsys)
    assert code == 2 and "not valid utf-8" in err


def test_stdin_and_console_script(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "codecscope.cli.main", "repair", "-"],
                          input="ÄãºÃ£¬ÊÀ½ç\n".encode(), capture_output=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.decode() == "你好，世界\n"


def test_in_place_writes_only_confident_repairs(tmp_path, capsys):
    # writing acts on the verdict: below --min-confidence the file is left alone unless --force
    from codecscope import repair
    body = "cafÃ© au lait\n"
    p = tmp_path / "menu.txt"
    p.write_text(body, "utf-8")
    conf = repair(body).confidence
    assert 0 < conf < 1
    above = f"{min(1.0, conf + 0.01):.2f}"
    code, out, err = run(["repair", "--in-place", "--min-confidence", above, str(p)], capsys)
    assert code == 0 and p.read_text("utf-8") == body
    assert "not confident" in err and "--force" in err and "nothing written" in err
    code, _, err = run(["repair", "--in-place", "--min-confidence", above, "--force", "--backup", ".orig", str(p)], capsys)
    assert code == 0 and p.read_text("utf-8") == "café au lait\n"
    assert (tmp_path / "menu.txt.orig").read_text("utf-8") == body


@pytest.mark.parametrize("argv,msg", [
    (["repair", "--force", "--text", "x"], "only make sense with --in-place"),
    (["repair", "--backup", ".orig", "--text", "x"], "only make sense with --in-place"),
    (["repair", "--in-place", "--backup", "../x", "f.txt"], "plain suffix"),
    (["repair", "--text", "x", "--min-confidence", "1.5"], "--min-confidence"),
])
def test_in_place_option_errors(argv, msg, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2 and msg in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("name", ["a\nb", "a\x85b", "a\u2028b", "a\u2029b", "a\rb"])
def test_error_line_for_a_name_with_a_line_break_is_one_line(name, capsys):
    code, _, err = run(["repair", name], capsys)
    assert code == 2 and len(err.splitlines()) == 1 and "no such file" in err


def test_in_place_refuses_links_and_read_only_files(tmp_path, capsys):
    import os
    body = "Ïðèâåò ìèð\n"
    target = tmp_path / "a.txt"
    target.write_text(body, "utf-8")
    link = tmp_path / "link.txt"
    os.symlink(target, link)
    code, _, err = run(["repair", "--in-place", str(link)], capsys)
    assert code == 2 and "symbolic link" in err and link.is_symlink() and target.read_text("utf-8") == body
    target.chmod(0o444)
    try:
        code, _, err = run(["repair", "--in-place", str(target)], capsys)
        assert code == 2 and "read-only" in err and target.read_text("utf-8") == body
    finally:
        target.chmod(0o644)

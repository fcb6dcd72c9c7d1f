"""A path named on the scan command line that scan does not read (a FIFO, a device, a symbolic
link, a file past --max-size) gets one note on standard error, whatever the report format; the
exit status stays 0 and files found in a walked folder get no note."""

from __future__ import annotations

import os

import pytest

from codecscope import i18n
from codecscope.cli.main import main


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "ok.txt").write_text("café\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "ok.txt", tmp_path / "link.txt")
    return tmp_path


@pytest.mark.parametrize("fmt", [[], ["--json"]])
def test_a_named_fifo_gets_a_note(tree, fmt, capsys):
    assert main(["scan", "-j", "1", *fmt, str(tree / "pipe"), str(tree / "ok.txt")]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(tree / "pipe") in err[0] and "not scanned" in err[0] and "FIFO" in err[0], err


def test_a_named_link_and_a_device_get_a_note_each(tree, capsys):
    assert main(["scan", "-j", "1", str(tree / "link.txt"), os.devnull]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "symbolic link" in err[0] and "character device" in err[1], err


def test_a_named_file_past_max_size_gets_a_note(tree, capsys):
    assert main(["scan", "-j", "1", "--max-size", "2", str(tree / "ok.txt")]) == 0
    assert "not scanned" in capsys.readouterr().err


def test_a_walked_folder_gets_no_note(tree, capsys):
    assert main(["scan", "-j", "1", str(tree)]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "skipped" in out.out


def test_the_note_speaks_chinese(tree, capsys, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "")   # restored afterwards: --lang sets it
    try:
        main(["--lang", "zh", "scan", "-j", "1", str(tree / "pipe")])
    finally:
        i18n.setup("en")
    err = capsys.readouterr().err
    assert "没有扫描" in err and "not scanned" not in err

"""What a new user runs into first: a named pipe whose writer goes quiet, byte and character
ranges that name exactly what they cover, a scan that says when it did not look at everything,
and a --fix header that says what is written."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

import codecscope
from codecscope import fsutil
from codecscope.errors import InputError, InputTooLargeError
from codecscope.scanning import ScanOptions, ScanReport, make_options, scan_file

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


class _QuietWriter:
    """A writer that opens the pipe, writes ``data`` and holds it open until released."""

    def __init__(self, fifo: Path, data: bytes, pause: float | None = None, more: bytes = b"") -> None:
        self.release = threading.Event()
        self.fifo, self.data, self.pause, self.more = fifo, data, pause, more
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with open(self.fifo, "wb", buffering=0) as f:
            f.write(self.data)
            if self.pause is not None:          # a slow writer: writes again, then closes
                self.release.wait(self.pause)
                f.write(self.more)
                return
            self.release.wait(30)

    def __enter__(self) -> "_QuietWriter":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(30)


@needs_fifo
def test_a_named_pipe_whose_writer_goes_quiet_is_refused_not_waited_on(tmp_path, monkeypatch, capsys):
    from codecscope.cli.main import main

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    monkeypatch.setattr(fsutil, "FIFO_WAIT", 0.3)
    with _QuietWriter(fifo, "cafÃ©\n".encode()):
        with pytest.raises(InputError, match="sent nothing for 0.3 seconds and did not close it"):
            codecscope.diagnose(fifo)
    with _QuietWriter(fifo, "cafÃ©\n".encode()):
        assert main(["repair", str(fifo)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "did not close it" in err and "Traceback" not in err


@needs_fifo
def test_a_named_pipe_with_a_slow_writer_is_read_to_its_end(tmp_path, monkeypatch):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    monkeypatch.setattr(fsutil, "FIFO_WAIT", 5.0)
    with _QuietWriter(fifo, "黑马".encode("gbk"), pause=0.2, more="程序员\n".encode("gbk")):
        d = codecscope.diagnose(fifo, encoding=["utf-8", "gbk"])
    assert d.size == len("黑马程序员\n".encode("gbk")) and d.validity[1].valid   # nothing lost at the pause


def test_a_character_device_is_read_bounded_by_detect_file():
    if not os.path.exists("/dev/zero"):
        pytest.skip("needs /dev/zero")
    with pytest.raises(InputTooLargeError, match="/dev/zero: more than 1 MiB"):
        codecscope.detect_file("/dev/zero", max_bytes=1 << 20)
    with pytest.raises(InputError):
        codecscope.detect_file("/dev/zero", max_bytes=0)


def test_mixed_segments_name_each_byte_once():
    line = "第一行是中文的内容，这里有很多汉字。\n"
    data = line.encode("gbk") + line.encode("utf-8") + line.encode("gbk")
    labels = [str(s) for s in codecscope.detect(data).segments]
    ranges = [tuple(map(int, re.search(r"bytes (\d+)-(\d+)", x).groups())) for x in labels]
    assert len(ranges) == 3, labels
    # inclusive like the line numbers beside them: one segment ends where the next begins, less one
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data) - 1, labels
    assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:])), labels


def test_a_lost_character_is_named_once_not_as_a_two_character_range():
    r = codecscope.repair("榛戦┈绋嬪簭鍛")
    assert r.lost == ((4, 5),)
    assert "lost (output characters): 4" in str(r).splitlines()[-1] and "4-5" not in str(r)


def test_a_one_byte_decode_error_says_byte_not_a_range():
    try:
        b"abcdefg\xffh".decode("utf-8")
    except UnicodeDecodeError as e:
        text = str(codecscope.explain(e))
    assert "where: byte 7 (FF)" in text and "7–7" not in text


def test_a_lead_byte_without_its_trail_names_one_byte_as_the_invalid_sequence():
    d = codecscope.diagnose(b"abcdefg\x81 xyz", encoding=["gbk"])
    (u,) = d.validity[0].first_invalid
    assert (u.offset, u.end) == (7, 8)
    # the next byte is named as what follows, not as part of the sequence at [7:8]
    assert u.reason.startswith("0x81 starts a GBK character but 0x20 after it is not a trail byte"), u.reason


def test_fix_keeping_a_bom_says_utf8_sig_on_both_sides(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + "cafÃ© au lait\n".encode())
    dry = scan_file(str(p), make_options(fix=True, dry_run=True))
    assert (dry.fix.source, dry.fix.target) == ("utf-8-sig", "utf-8-sig"), dry.fix
    assert "fix: would-fix (utf-8-sig, 1 line repaired)" in "\n".join(dry.detail_lines())
    assert "(utf-8)" not in dry.fix.diff
    done = scan_file(str(p), make_options(fix=True))
    assert done.fix.action == "fixed" and p.read_bytes() == b"\xef\xbb\xbf" + "café au lait\n".encode()


def test_a_scan_that_stops_early_says_the_file_was_not_fully_checked(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("ok line é\n" + "x" * 200 + " cafÃ©\n", encoding="utf-8")
    r = scan_file(str(p), ScanOptions(mojibake_budget=50))
    assert r.unchecked_from == 2 and "unchecked" in r.problems and "mojibake" not in r.kinds
    assert r.to_dict()["unchecked_from"] == 2
    assert "problems: 1 unchecked" in ScanReport((r,)).summary_lines()
    whole = scan_file(str(p), ScanOptions(mojibake_budget=10_000))
    assert whole.unchecked_from == 0 and "mojibake" in whole.kinds and "unchecked" not in whole.kinds


def test_scan_cli_names_unchecked_files_and_fails_on_them_when_asked(tmp_path, capsys):
    from codecscope.cli.main import main

    (tmp_path / "long.txt").write_text("x" * 300 + " cafÃ©\n", encoding="utf-8")
    assert main(["scan", "--mojibake-budget", "100", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "unchecked" in out and "1 file(s) not fully checked for mojibake" in err
    assert main(["scan", "--mojibake-budget", "100", "--fail-on", "unchecked", str(tmp_path)]) == 1
    capsys.readouterr()
    assert main(["scan", "--mojibake-budget", "1000", "--fail-on", "unchecked", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "'Ã©' -> 'é'" in out and "not fully checked" not in err


def test_a_finding_shows_what_its_own_span_becomes(tmp_path):
    p = tmp_path / "m.txt"
    p.write_text("cafÃ© au lait\n", encoding="utf-8")
    (f,) = scan_file(str(p)).findings
    assert (f.text, f.replacement, f.suggestion) == ("Ã©", "é", "café au lait")


def test_fail_on_any_is_about_problems_found_not_a_search_that_stopped(tmp_path, capsys):
    from codecscope.cli.main import main

    (tmp_path / "long.txt").write_text("x" * 300 + " é\n", encoding="utf-8")
    assert main(["scan", "--mojibake-budget", "100", "--fail-on", "any", str(tmp_path)]) == 0
    assert "unchecked" in capsys.readouterr().out


def test_chunked_socket_refuses_text_chunks_with_a_message_naming_it():
    from codecscope.testing import ChunkedSocket

    with pytest.raises(TypeError, match="ChunkedSocket takes byte chunks .*not str"):
        ChunkedSocket(["黑马"])
    with pytest.raises(ValueError):   # a documented InputError, a ValueError as well
        ChunkedSocket(["x"])

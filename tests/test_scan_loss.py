"""scan reports U+FFFD written in a file: characters an earlier decode lost for good."""

from codecscope.scanning import ScanOptions, scan_file


def test_replacement_characters_in_a_utf8_file_are_reported_with_their_cause(tmp_path):
    p = tmp_path / "received.txt"
    # a text received in 1024-byte reads, each decoded on its own with errors='replace'
    data = ("黑马程序员" * 200).encode("utf-8")
    text = "".join(data[i:i + 1024].decode("utf-8", "replace") for i in range(0, len(data), 1024))
    p.write_text(text, encoding="utf-8")
    r = scan_file(str(p), ScanOptions())
    assert r.encoding == "utf-8"
    lost = [f for f in r.findings if f.kind == "replacement-char"]
    assert lost and all(set(f.text) == {"\ufffd"} for f in lost)
    assert "1024" in lost[0].evidence
    assert "replacement-char" in r.kinds and "lost" in r.problems and "mojibake" not in r.problems
    shown = "\n".join(r.detail_lines())
    assert shown.count("likely cause: per-chunk decoding with errors='replace'") == 1


def test_a_clean_file_has_no_replacement_finding(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text("黑马程序员\nMüller\n", encoding="utf-8")
    assert not [f for f in scan_file(str(p), ScanOptions()).findings if f.kind == "replacement-char"]


def test_a_finding_shows_the_repaired_stretch_not_the_whole_line(tmp_path):
    p = tmp_path / "users.csv"
    garbled = "数字科技".encode("utf-8").decode("gbk")
    p.write_text(f"id,name\n1,何桂荣,{garbled}有限公司,瑞县\n", encoding="utf-8")
    (f,) = [f for f in scan_file(str(p), ScanOptions()).findings if f.kind == "utf-8-read-as-gbk"]
    assert f.replacement == "数字科技" and f.suggestion == "1,何桂荣,数字科技有限公司,瑞县"

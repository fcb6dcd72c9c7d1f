"""boundaries(): every chunk edge that cuts a character, and what a naive decode does there."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codecscope import boundaries
from codecscope.errors import InputError


def naive_breaks(data: bytes, size: int, enc: str) -> set[int]:
    """Edges after which a per-chunk decode differs from the real text: the ground truth."""
    out = set()
    for e in range(size, len(data), size):
        try:
            left = data[:e].decode(enc)
        except UnicodeDecodeError:
            out.add(e)
            continue
        if left + data[e:].decode(enc) != data.decode(enc):
            out.add(e)
    return out


def test_recv_1024_cuts_a_long_chinese_message():
    data = ("黑马程序员" * 200).encode()
    r = boundaries(data, 1024)
    assert [c.edge for c in r.cuts] == [1024, 2048]
    c = r.cuts[0]
    assert c.char == "马" and c.raw == "马".encode() and c.left + c.right == c.raw and c.left == b"\xe9"
    assert c.error_left == ("UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 1023: "
                            "unexpected end of data")
    assert "invalid start byte" in c.error_right
    assert c.replaced == "\ufffd\ufffd\ufffd"
    assert not r.ok and "1024" in str(r)
    json.dumps(r.to_dict(), ensure_ascii=False)


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("ab黑马程😀𠮷é€")), max_size=80),
       st.sampled_from(["utf-8", "gbk", "gb18030", "utf-16-le", "utf-16-be", "big5hkscs"]),
       st.integers(1, 9))
def test_cuts_are_exactly_the_edges_inside_characters(text, enc, size):
    text = "".join(ch for ch in text if ch.encode(enc, "ignore"))
    data = text.encode(enc)
    r = boundaries(data, size, enc)
    inside = set()
    pos = 0
    for ch in text:
        n = len(ch.encode(enc))
        inside |= {e for e in range(pos + 1, pos + n) if e % size == 0}
        pos += n
    assert {c.edge for c in r.cuts} == inside
    for c in r.cuts:
        assert data[c.char_offset:c.char_offset + len(c.raw)] == c.raw and c.raw.decode(enc) == c.char


def test_utf16_surrogate_pair_and_gb18030_four_byte():
    r = boundaries("😀".encode("utf-16-le"), 2, "utf-16-le")
    assert [(c.left, c.right) for c in r.cuts] == [(b"\x3d\xd8", b"\x00\xde")]
    r = boundaries("😀".encode("gb18030"), 2, "gb18030")
    assert r.cuts[0].char == "😀" and len(r.cuts[0].raw) == 4


def test_iso2022jp_state_is_lost_between_chunks():
    data = "abcこんにちはxyz".encode("iso2022_jp")
    r = boundaries(data, 4, "iso2022_jp")
    assert {c.edge for c in r.cuts} == naive_breaks(data, 4, "iso2022_jp")
    assert {c.kind for c in r.cuts} == {"escape", "state"}


def test_no_cut_and_bad_arguments():
    assert boundaries(b"plain ascii" * 300, 1024).ok
    with pytest.raises(InputError):
        boundaries("text", 4)
    with pytest.raises(InputError):
        boundaries(b"x", 0)


def test_cli_boundaries():
    run = lambda *a: subprocess.run([sys.executable, "-m", "codecscope.cli.main", *a],  # noqa: E731
                                    capture_output=True, text=True, timeout=60)
    p = run("boundaries", "--text", "黑马程序员", "--chunk", "4", "--json")
    assert p.returncode == 1
    d = json.loads(p.stdout)
    assert [c["edge"] for c in d["cuts"]] == [4, 8] and d["cuts"][0]["char"] == "马"
    assert run("boundaries", "--hex", "41 42", "--chunk", "1").returncode == 0
    p = run("boundaries", "--hex", "zz")
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
    p = run("boundaries", "--text", "x", "--encoding", "nope")
    assert p.returncode == 2 and "unknown encoding" in p.stderr


def test_gbk_bytes_without_an_encoding_are_read_as_gbk():
    from codecscope.stream import boundaries

    data = ("你好世界，黑马程序员" * 20).encode("gbk")
    r = boundaries(data, 7, None)
    assert r.encoding == "gbk" and r.guessed and r.cuts and r.invalid == 0
    assert all("\u0590" > c.char or c.char > "\u05ff" for c in r.cuts)   # no Hebrew 'cut' any more
    r = boundaries(data, 7, "utf-8")
    assert r.invalid and r.suggestions[0] == "gbk" and "try that encoding" in str(r)

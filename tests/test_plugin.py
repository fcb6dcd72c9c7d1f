"""The pytest plugin (fixtures), the wire helpers and the assertion diffs, plus the example project:
its tests must pass against a correct receiver and fail, shrunk, against the naive one."""

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from codecscope.errors import InputError
from codecscope.strategies import chunkings, encoded
from codecscope.testing import ChunkedSocket, assert_same_bytes, assert_same_text, diff_bytes, diff_text
from codecscope.walking import units

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "receiver_project"


def test_plugin_is_registered_as_a_pytest11_entry_point():
    eps = importlib.metadata.entry_points(group="pytest11")
    assert any(ep.value == "codecscope.pytest_plugin" for ep in eps)


# -- fixtures ---------------------------------------------------------------------------------

def test_echo_server_fixture_echoes_byte_exact(echo_server, wire):
    assert echo_server.mode == "echo"
    host, port = echo_server.address
    assert host == "127.0.0.1" and port > 0
    data = "黑马 ok 😀".encode()
    wire.assert_same_bytes(wire.exchange(echo_server, [data[:1], data[1:5], data[5:]], lockstep=True), data)


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_echo_server_survives_every_chunking(echo_server, wire, data):
    _text, raw = data.draw(encoded("utf-8", min_size=1, max_size=6))
    chunks = data.draw(chunkings(raw, "utf-8", max_chunks=4))
    wire.assert_same_bytes(wire.exchange(echo_server, chunks), raw)


@pytest.mark.parametrize("echo_server", ["naive"], indirect=True)
def test_naive_mode_is_caught_with_an_explained_diff(echo_server, wire):
    data = "黑马".encode()
    got = wire.exchange(echo_server, [data[:1], data[1:4], data[4:]], lockstep=True, settle=2.0)
    with pytest.raises(AssertionError) as info:
        assert_same_bytes(got, data)
    msg = str(info.value)
    assert "bytes differ at byte 0" in msg
    assert "REPLACEMENT CHARACTER" in msg and "CJK UNIFIED IDEOGRAPH-9ED1" in msg
    assert "E9 BB 91" in msg


@pytest.mark.parametrize("echo_server", [{"mode": "transcode", "to": "gbk"}], indirect=True)
def test_transcode_mode_answers_in_the_chosen_encoding(echo_server, wire):
    got = wire.exchange(echo_server, "黑马程序员".encode())
    assert_same_text(got.decode("gbk"), "黑马程序员")


def test_wire_check_passes_a_utf8_server_and_fails_a_gbk_one(echo_server_factory, wire):
    report = wire.assert_wire_ok(echo_server_factory("echo"), send="黑马程序员", expect_encoding="utf-8")
    assert report.received == "黑马程序员".encode()
    gbk = echo_server_factory("transcode", to="gbk")
    with pytest.raises(AssertionError, match="expected UTF-8"):
        wire.assert_wire_ok(gbk, send="黑马程序员", expect_encoding="utf-8")
    assert not wire.check_wire(gbk.address, send="黑马程序员", expect_encoding="utf-8").ok


def test_echo_server_factory_starts_independent_servers(echo_server_factory, wire):
    a = echo_server_factory()
    b = echo_server_factory("transcode", to="big5")
    assert a.address != b.address
    assert wire.exchange(a, "繁體".encode()) == "繁體".encode()
    assert wire.exchange(b, "繁體".encode()) == "繁體".encode("big5")


def test_exchange_rejects_a_non_address():
    from codecscope.testing import exchange

    with pytest.raises(InputError):
        exchange("localhost", b"x")


# -- assertion helpers ------------------------------------------------------------------------

def test_text_diff_names_the_first_differing_characters():
    msg = diff_text("ab\ufffd马c", "ab黑马c")
    assert msg.startswith("texts differ at character 2")
    assert "U+FFFD" in msg and "U+9ED1" in msg and "E9 BB 91" in msg
    assert "hint" in msg
    assert diff_text("same", "same") is None
    assert "ends here" in diff_text("ab", "abc")


def test_bytes_diff_reads_both_sides_unit_by_unit():
    good = "ab黑c".encode()
    msg = diff_bytes(good[:3] + b"c", good)
    assert msg.startswith("bytes differ at byte 3")
    assert "E9 (invalid)" in msg                       # the cut character on the actual side
    assert "[E9 BB 91]" in msg                         # the expected character holding byte 3
    assert "CJK UNIFIED IDEOGRAPH-9ED1" in msg
    assert "GBK" in diff_bytes(b"\xba\xda", b"\xba\xdb", "gbk")
    assert diff_bytes(b"x", b"x") is None


def test_assert_helpers_pass_equal_values_and_reject_wrong_types():
    assert_same_text("黑", "黑")
    assert_same_bytes(b"\xe9", bytearray(b"\xe9"))
    with pytest.raises(InputError):
        assert_same_text(b"x", "x")
    with pytest.raises(InputError):
        assert_same_bytes("x", b"x")


def test_chunked_socket_never_joins_chunks_and_respects_bufsize():
    sock = ChunkedSocket([b"abc", b"", b"de"])
    assert sock.recv(2) == b"ab"
    assert sock.recv(1024) == b"c"
    assert sock.recv(1024) == b"de"
    assert sock.recv(1024) == b""
    buf = bytearray(4)
    assert ChunkedSocket([b"xyz"]).recv_into(buf) == 3 and bytes(buf[:3]) == b"xyz"


# -- the example user project -----------------------------------------------------------------

def _pytest(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--hypothesis-seed=0", *args], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="module")
def example_runs(tmp_path_factory):
    """Run the example project's tests against both receivers (in parallel, in a copy)."""
    project = tmp_path_factory.mktemp("example") / "receiver_project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".hypothesis", "__pycache__"))
    runs = {"receiver": _pytest(project), "naive_receiver": _pytest(project, "--receiver=naive_receiver")}
    out = {}
    for name, proc in runs.items():
        try:
            text, _ = proc.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            proc.kill()
            text, _ = proc.communicate()
        out[name] = (proc.returncode, text)
    return out


def test_example_project_passes_with_the_incremental_decoder(example_runs):
    code, text = example_runs["receiver"]
    assert code == 0, text[-3000:]
    assert re.search(r"\b\d+ passed\b", text) and "failed" not in text


def test_example_project_fails_with_naive_receiver_cut_inside_a_character(example_runs):
    code, text = example_runs["naive_receiver"]
    assert code == 1, text[-3000:]
    assert "FAILED tests/test_receiver.py::test_any_chunking_utf8" in text
    found = re.findall(r"case=(\(.*\)),\s*$", text, re.M)
    assert found, text[-3000:]
    shrunk, chunks = ast.literal_eval(found[0])
    data = shrunk.encode("utf-8")
    assert b"".join(chunks) == data
    assert len(shrunk) <= 2 and len(chunks) == 2, "hypothesis should shrink to a tiny example"
    cut = len(chunks[0])
    assert any(u.offset < cut < u.end for u in units(data, "utf-8")), "the chunk edge must split a character"
    for enc in ("gbk", "gb18030", "shift_jis"):
        assert f"FAILED tests/test_receiver.py::test_any_chunking[{enc}]" in text

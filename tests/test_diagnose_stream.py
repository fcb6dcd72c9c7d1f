"""diagnose on a stream (stdin, a socket file) still reads its first block as text."""

import io

import codecscope


def test_streamed_mojibake_is_found():
    data = "黑马程序员写代码\n".encode("utf-8").decode("gbk").encode("utf-8")  # 古文码 saved as UTF-8
    d = codecscope.diagnose(io.BytesIO(data))
    kinds = [f.kind for f in d.findings]
    assert "utf-8-read-as-gbk" in kinds


def test_streamed_clean_text_has_no_mojibake():
    d = codecscope.diagnose(io.BytesIO("黑马程序员写代码，今天天气很好。\n".encode("utf-8")))
    assert not [f for f in d.findings if "read-as" in f.kind]

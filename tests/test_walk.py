"""Properties of the one decode walk: it never raises, tiles the input, agrees with CPython."""

import codecs

import pytest
from hypothesis import given, settings, strategies as st

from codecscope import registry
from codecscope.walking import INVALID, TRUNCATED, Walker, units, walk

ENCODINGS = registry.names()


def _errors(data: bytes, enc: str) -> list[tuple[int, int]]:
    """Error spans CPython's own decoder reports for ``data``."""
    found = []

    def handler(exc):
        found.append((exc.start, exc.end))
        return ("", exc.end)

    codecs.register_error("test.collect", handler)
    data.decode(enc, "test.collect")
    return found


def _check_tiles(us, data):
    pos = 0
    for u in us:
        assert u.offset == pos, (u, pos)
        assert data[u.offset:u.end] == u.raw
        pos = u.end
    assert pos == len(data)


@pytest.mark.parametrize("enc", ENCODINGS)
@given(data=st.binary(max_size=64))
@settings(max_examples=60, deadline=None)
def test_walk_tiles_and_never_raises(enc, data):
    us = list(units(data, enc))
    _check_tiles(us, data)
    try:
        expected = data.decode(enc)
    except UnicodeDecodeError:
        assert any(not u.ok for u in us)
        for u in us:
            if not u.ok:
                assert u.reason  # every rejected unit says why
    else:
        assert all(u.ok for u in us)
        assert "".join(u.text for u in us) == expected


@pytest.mark.parametrize("enc", [e for e in ENCODINGS if registry.get(e).family != "stateful"])
@given(data=st.binary(max_size=64))
@settings(max_examples=60, deadline=None)
def test_invalid_offsets_match_cpython(enc, data):
    if enc in ("utf-16", "utf-32"):  # BOM sniffing: compare against the concrete codec
        return
    ours = [(u.offset, u.end) for u in walk(data, enc) if u.kind in (INVALID, TRUNCATED)]
    assert ours == _errors(data, enc)


@pytest.mark.parametrize("enc", ENCODINGS)
@given(text=st.text(max_size=40), cuts=st.lists(st.integers(0, 200), max_size=6))
@settings(max_examples=40, deadline=None)
def test_streaming_equals_whole(enc, text, cuts):
    try:
        data = text.encode(enc)
    except UnicodeEncodeError:
        return
    edges = sorted({c % (len(data) + 1) for c in cuts})
    chunks = [data[a:b] for a, b in zip([0, *edges], [*edges, len(data)])]
    w = Walker(enc)
    us = [u for c in chunks for u in w.feed(c)] + w.finish()
    _check_tiles(us, data)
    try:
        expected = data.decode(enc)
    except UnicodeDecodeError:  # ISO-2022-JP encodes a lone ESC it cannot decode again
        assert not all(u.ok for u in us)
        return
    assert all(u.ok for u in us)
    assert "".join(u.text for u in us) == expected


def test_truncated_tail_is_named():
    data = "黑马".encode()[:4]
    us = list(units(data))
    assert [u.kind for u in us] == ["char", "truncated"]
    assert us[0].text == "黑"
    assert "cut at a buffer boundary" in us[1].reason
    assert "3-byte" in us[1].reason


@pytest.mark.parametrize("data,enc,needle", [
    (b"\xc0\xaf", "utf-8", "overlong encoding of '/'"),
    (b"\xed\xa0\x80", "utf-8", "encodes a high surrogate (U+D800)"),
    (b"\xed\xb3\xcc", "utf-8", "would start an encoded surrogate (U+DCC0–U+DCFF)"),  # GBK '…程': no 3rd byte
    (b"\x81\x7f", "gbk", "0x81 starts a GBK character but 0x7F after it is not a trail byte"),
    (b"\x80abc", "utf-8", "continuation byte"),
    (b"\xff\xfeh\x00", "utf-8", "UTF-16 byte order mark"),
    (b"\x81", "cp1252", "not assigned"),
    (b"\xe9", "ascii", "outside ASCII"),
])
def test_reasons_are_precise(data, enc, needle):
    bad = [u for u in walk(data, enc) if not u.ok]
    assert bad and needle in bad[0].reason


def test_iso2022_shift_sequences_are_units():
    data = "日本 ok".encode("iso2022_jp")
    kinds = [(u.kind, u.text) for u in units(data, "iso2022_jp")]
    assert kinds[0] == ("shift", "")
    assert ("char", "日") in kinds and kinds[-1] == ("char", "k")


def test_stateful_decoder_overflow_is_an_invalid_unit():
    # CPython's ISO-2022-JP decoder raises a bare UnicodeError once it holds too many bytes
    data = b"\x1b.\x00\x00\x00\x00\x00\x00\x00abc"
    us = list(units(data, "iso2022_jp"))
    _check_tiles(us, data)
    assert us[0].kind == "invalid" and us[0].reason
    assert "".join(u.text for u in us) == "abc"


def test_unknown_encoding_suggests_distinct_names():
    from codecscope.errors import UnknownEncodingError

    with pytest.raises(UnknownEncodingError) as e:
        registry.get("big6")
    assert e.value.suggestions and e.value.suggestions[0] == "big5"
    assert len(e.value.suggestions) == len(set(e.value.suggestions))
    with pytest.raises(UnknownEncodingError) as e:
        registry.get("nosuch")  # nothing is close: no far-fetched guess
    assert e.value.suggestions == []

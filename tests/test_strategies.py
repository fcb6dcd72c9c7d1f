"""The public hypothesis strategies: what they promise, and dogfooding them on the decode walk."""

import subprocess
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, find, given, settings, strategies as st

from codecscope import registry
from codecscope.errors import InputError, UnknownEncodingError
from codecscope.strategies import (INVALID_KINDS, chunked, chunkings, encoded, invalid_bytes, mojibake, replay,
                                   text_in)
from codecscope.walking import Walker, units, walk, walk_stream

ALL = registry.names()
FAST = settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _inside(data: bytes, enc: str, chunks: list[bytes]) -> bool:
    """Does some chunk edge fall strictly inside a character (a unit of the walk)?"""
    cuts, pos = set(), 0
    for c in chunks[:-1]:
        pos += len(c)
        cuts.add(pos)
    return any(u.offset < p < u.end for u in units(data, enc) for p in cuts)


def _decodes(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
    except UnicodeDecodeError:
        return False
    return True


# -- optional dependency ----------------------------------------------------------------------

def test_codecscope_and_plugin_import_without_hypothesis():
    code = ("import sys; import codecscope, codecscope.testing, codecscope.pytest_plugin; "
            "assert 'hypothesis' not in sys.modules, 'hypothesis imported'; "
            "assert 'codecscope.echo' not in sys.modules, 'echo imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_strategies_without_hypothesis_says_how_to_install():
    code = ("import sys; sys.modules['hypothesis'] = None\n"
            "try:\n    import codecscope.strategies\nexcept ImportError as e:\n    print(e)\n"
            "else:\n    raise SystemExit('imported')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "codecscope[hypothesis]" in out.stdout


# -- text_in / encoded ------------------------------------------------------------------------

@pytest.mark.parametrize("enc", ALL)
@FAST
@given(data=st.data())
def test_text_in_round_trips_in_every_encoding(enc, data):
    text = data.draw(text_in(enc, max_size=8))
    assert text.encode(enc).decode(enc) == text
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


@pytest.mark.parametrize("enc, rare", [
    ("utf-8", lambda c: len(c.encode("utf-8")) == 4),
    ("gb18030", lambda c: len(c.encode("gb18030")) == 4),
    ("shift_jis", lambda c: len(c.encode("shift_jis")) == 2 and c.encode("shift_jis")[1] < 0x80),
    ("big5", lambda c: len(c.encode("big5")) == 2 and c.encode("big5")[1] < 0x80),
    ("euc_jp", lambda c: len(c.encode("euc_jp")) == 3),
])
def test_text_in_is_weighted_toward_multibyte_and_rare(enc, rare):
    seen: list[str] = []

    @settings(max_examples=200, deadline=None, database=None)
    @given(text_in(enc, min_size=1, max_size=10))
    def collect(text):
        seen.extend(text)

    collect()
    wide = sum(ord(c) >= 0x80 for c in seen)
    assert wide / len(seen) > 0.4, "at least ~2/3 of characters should be non-ASCII"
    assert any(rare(c) for c in seen if ord(c) >= 0x80), "rare-but-valid forms should show up"


@settings(max_examples=60, deadline=None, database=None)
@given(text_in("utf-8", exclude="\n\r", controls=False))
def test_text_in_exclusions(text):
    assert "\n" not in text and "\r" not in text


@settings(max_examples=60, deadline=None, database=None)
@given(text_in("latin-1", controls=True, min_size=3, max_size=3))
def test_text_in_size_bounds(text):
    assert len(text) == 3


@pytest.mark.parametrize("enc", ["utf-8", "utf-16", "gbk", "iso2022_jp", "cp1251"])
@FAST
@given(data=st.data())
def test_encoded_pairs(enc, data):
    text, raw = data.draw(encoded(enc))
    assert raw == text.encode(enc)


def test_unknown_encoding_fails_eagerly():
    with pytest.raises(UnknownEncodingError):
        text_in("utf-9")
    with pytest.raises(UnknownEncodingError):
        invalid_bytes("no-such-codec")


# -- chunkings --------------------------------------------------------------------------------

@settings(max_examples=100, deadline=None, database=None)
@given(data=st.data(), raw=st.binary(max_size=40), limit=st.none() | st.integers(1, 5))
def test_chunkings_rebuild_the_data(data, raw, limit):
    chunks = data.draw(chunkings(raw, max_chunks=limit))
    assert b"".join(chunks) == raw
    assert all(chunks)
    if limit is not None:
        assert len(chunks) <= limit


def test_chunkings_favour_cuts_inside_characters():
    hits = []

    @settings(max_examples=150, deadline=None, database=None)
    @given(chunked("gbk", min_size=4, max_size=8))
    def collect(case):
        text, chunks = case
        data = text.encode("gbk")
        if len(chunks) > 1 and any(len(c.encode("gbk")) > 1 for c in text):
            hits.append(_inside(data, "gbk", chunks))

    collect()
    assert sum(hits) / len(hits) > 0.5


def test_chunkings_accepts_a_strategy_and_rejects_text():
    @FAST
    @given(chunkings(st.binary(min_size=1, max_size=9)))
    def check(chunks):
        assert chunks and all(chunks)

    check()
    with pytest.raises(InputError):
        chunkings("text, not bytes")


def test_failing_receivers_shrink_to_one_character_cut_in_two():
    def naive(case):
        text, chunks = case
        try:
            return "".join(c.decode("utf-8") for c in chunks) != text
        except UnicodeDecodeError:
            return True

    # derandomized: the same search every run, so the shrink is the same too
    text, chunks = find(chunked("utf-8"), naive, settings=settings(database=None, max_examples=500, derandomize=True))
    assert len(text) == 1 and len(chunks) == 2
    assert _inside(text.encode(), "utf-8", chunks)


# -- dogfooding: the walk against the strategies ------------------------------------------------

@pytest.mark.parametrize("enc", ["utf-8", "utf-16", "gbk", "gb18030", "big5", "shift_jis", "euc_jp", "iso2022_jp",
                                 "hz", "utf-32-be"])
@settings(max_examples=40, deadline=None, database=None)
@given(data=st.data())
def test_walk_stream_is_chunking_independent(enc, data):
    text, chunks = data.draw(chunked(enc, max_size=12))
    us = list(walk_stream(chunks, enc))
    assert all(u.ok for u in us)
    assert "".join(u.text for u in us) == text
    assert b"".join(u.raw for u in us) == b"".join(chunks)
    whole = [(u.text, u.kind) for u in units(b"".join(chunks), enc) if u.text]
    fed = Walker(enc)
    pieces = [u for c in chunks for u in fed.feed(c)] + fed.finish()
    assert "".join(u.text for u in pieces) == "".join(t for t, _ in whole)


@pytest.mark.parametrize("enc", ALL)
@FAST
@given(data=st.data())
def test_invalid_bytes_are_rejected_by_codec_and_walk(enc, data):
    if registry.get(enc).family == "single-byte" and all(_decodes(bytes([b]), enc) for b in range(256)):
        with pytest.raises(InputError):
            invalid_bytes(enc)
        return
    raw = data.draw(invalid_bytes(enc))
    with pytest.raises(UnicodeDecodeError):
        raw.decode(enc)
    bad = [u for u in walk(raw, enc) if not u.ok]
    assert bad and all(u.reason for u in bad)


@pytest.mark.parametrize("enc, kind, word", [
    ("utf-8", "overlong", "overlong"), ("utf-8", "surrogate", "surrogate"), ("utf-8", "stray", "continuation"),
    ("utf-8", "truncated", "cut"), ("gbk", "bad-trail", "trail byte"), ("big5", "truncated", "cut"),
    ("utf-16-le", "surrogate", "surrogate"), ("utf-8", "out-of-range", "U+10FFFF"),
])
@FAST
@given(data=st.data())
def test_invalid_bytes_kinds_match_the_walks_reasons(enc, kind, word, data):
    raw = data.draw(invalid_bytes(enc, kinds=[kind]))
    reasons = " ".join(u.reason for u in walk(raw, enc) if not u.ok)
    assert word in reasons
    if kind == "truncated":
        assert list(walk(raw, enc))[-1].kind == "truncated"


def test_invalid_bytes_argument_errors():
    with pytest.raises(InputError, match="every byte string is valid"):
        invalid_bytes("latin-1")
    with pytest.raises(InputError, match="unknown invalid-bytes kind"):
        invalid_bytes("utf-8", kinds=["nonsense"])
    with pytest.raises(InputError):
        invalid_bytes("cp1252", kinds=["overlong"])
    assert set(INVALID_KINDS) >= {"truncated", "overlong", "stray", "bad-trail"}


# -- mojibake ----------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, database=None)
@given(mojibake())
def test_mojibake_steps_replay_exactly(case):
    from codecscope import apply_steps

    garbled, original, steps = case
    assert garbled != original
    assert replay(original, steps) == garbled
    assert apply_steps(original, steps) == garbled
    assert all(isinstance(s, tuple) and len(s) == 2 and s[0] in ("encode", "decode") for s in steps)
    assert steps[0][0] == "encode" and steps[-1][0] == "decode"


@FAST
@given(mojibake(text="黑马程序员"))
def test_mojibake_of_a_given_text(case):
    garbled, original, steps = case
    assert original == "黑马程序员" and replay(original, steps) == garbled


@settings(max_examples=30, deadline=None, database=None)
@given(mojibake(chains=[[("encode", "UTF-8"), ("decode", "cp1252")]]))
def test_mojibake_with_explicit_chains(case):
    garbled, original, steps = case
    assert steps == [("encode", "utf-8"), ("decode", "cp1252")]
    assert garbled.encode("cp1252").decode("utf-8") == original


def test_mojibake_argument_errors():
    with pytest.raises(InputError):
        mojibake(chains=[[("decode", "gbk")]])
    with pytest.raises(InputError):
        mojibake(max_depth=0)

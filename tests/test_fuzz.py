"""Property fuzzing of every public entry point with hypothesis.

For any input, good or hostile, a call either returns or raises one of codecscope's documented
errors (:mod:`codecscope.errors`) -- never a bare TypeError/UnicodeError/RecursionError from inside --
and stays within a loose time and memory bound.  The invariants users rely on hold: repair gives
text and replays from its steps, streamed decoding equals decoding the whole, the walk tiles the
input.  ``CODECSCOPE_FUZZ_EXAMPLES`` raises the number of examples for a longer run.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import codecscope
from codecscope import registry
from codecscope.errors import CodecscopeError, InputError, InputTypeError, UnknownEncodingError
from codecscope.stream import StreamDecodeError, StreamDecoder, boundaries, iter_text
from codecscope.walking import walk

EXAMPLES = int(os.environ.get("CODECSCOPE_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

# Loose per-call bounds for inputs of at most a few KB: far above what a call takes, far below
# what a cliff (a quadratic loop, a per-byte object kept for every byte) would cost.
SECONDS = 10.0
PEAK_BYTES = 64 << 20

NOT_TEXT = ["idna", "punycode", "undefined", "rot13", "unicode-escape", "raw-unicode-escape",
            "base64", "zlib", "hex", "uu", "bz2", "quopri"]
NAMES = registry.names() + ["UTF8", "cp936", "ms932", "windows-1252", "euc-kr", "mbcs", "klingon", "",
                            " ", "utf_8", "x" * 300, "utf-8\x00", "gbk;rm -rf"] + NOT_TEXT
encoding_names = st.one_of(st.sampled_from(NAMES), st.text(max_size=12))
junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.binary(max_size=4),
                 st.lists(st.integers(), max_size=2), st.just(object()), st.just(float("nan")))
encoding_args = st.one_of(st.none(), encoding_names, st.lists(encoding_names, max_size=3), junk)
counts = st.one_of(st.integers(min_value=-2, max_value=300), st.just(10 ** 20), st.none(), junk)

TEXTS = st.text(max_size=300)
REAL = ["黑马程序员", "你好，世界", "こんにちは", "Привет", "café naïve", "Ελληνικά", "한국어", "😀 emoji"]


@st.composite
def byte_inputs(draw):
    """Random bytes, real text in a real codec (cut anywhere), and pathological runs."""
    kind = draw(st.sampled_from(["random", "encoded", "run"]))
    if kind == "random":
        return draw(st.binary(max_size=2048))
    if kind == "run":
        unit = draw(st.sampled_from([b"\xff", b"\xc3", b"\xe9\xbb", b"\x81", b"\x1b$B", b"~{", b"\x00",
                                     b"\xef\xbf\xbd", b"\r", b"\xf0\x9f"]))
        return unit * draw(st.integers(0, 1500))
    text = draw(st.one_of(st.sampled_from(REAL), TEXTS))
    enc = draw(st.sampled_from(registry.names()))
    data = text.encode(enc, "replace") * draw(st.integers(1, 4))
    cut = draw(st.integers(0, len(data)))
    return data[:cut] if draw(st.booleans()) else data[cut:]


@st.composite
def mojibake(draw):
    """Text, or text garbled by one or two wrong decodes (what repair is for)."""
    text = draw(st.one_of(st.sampled_from(REAL), TEXTS))
    for _ in range(draw(st.integers(0, 2))):
        a, b = draw(st.sampled_from(registry.names())), draw(st.sampled_from(registry.names()))
        text = text.encode(a, "replace").decode(b, "replace")
    return text


def bounded(fn, *args, **kwargs):
    """Call ``fn``; return its result or the documented error it raised.  Any other exception,
    or a call beyond the time or memory bound, fails the test."""
    tracemalloc.start()
    start = time.monotonic()
    try:
        return fn(*args, **kwargs)
    except CodecscopeError as e:
        return e
    finally:
        elapsed = time.monotonic() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < SECONDS, f"{fn.__name__} took {elapsed:.1f} s"
        assert peak < PEAK_BYTES, f"{fn.__name__} peaked at {peak >> 20} MiB"


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """First calls import modules and build tables; the bounds are for the calls after that."""
    codecscope.explain(b"\xe9\xbb\x91\xff")
    codecscope.diagnose(b"\xe9\xbb\x91\xff", encoding=["gbk", "hz"])
    codecscope.repair("é»‘é©¬")
    codecscope.detect_stream([b"\xe9\xbb\x91"])
    codecscope.segments(b"\xe9\xbb\x91\n\xba\xda\n")


# -- the analyses ---------------------------------------------------------------------------------

@FUZZ
@given(obj=st.one_of(byte_inputs(), TEXTS, junk), encodings=encoding_args, limit=counts)
def test_explain(obj, encodings, limit):
    r = bounded(codecscope.explain, obj, encodings, limit=limit)
    if not isinstance(r, Exception):
        assert str(r) and r.to_dict()


@FUZZ
@given(data=byte_inputs(), encoding=st.sampled_from(NAMES), start=st.integers(0, 50), span=st.integers(0, 5))
def test_explain_exceptions(data, encoding, start, span):
    """explain() of any UnicodeDecodeError, even one naming a codec that is not text."""
    start = min(start, len(data))
    exc = UnicodeDecodeError(encoding, data, start, min(len(data), start + span), "made up")
    r = bounded(codecscope.explain, exc)
    assert not isinstance(r, Exception), r   # an exception object is always explainable
    text = data.decode("latin-1")
    exc = UnicodeEncodeError(encoding, text, min(start, len(text)), min(len(text), start + span), "made up")
    assert not isinstance(bounded(codecscope.explain, exc), Exception)


@FUZZ
@given(obj=st.one_of(byte_inputs(), TEXTS, junk), encoding=encoding_args, keep=counts,
       as_stream=st.booleans())
def test_diagnose(obj, encoding, keep, as_stream):
    if as_stream and isinstance(obj, bytes):
        obj = io.BytesIO(obj)
    r = bounded(codecscope.diagnose, obj, encoding=encoding, keep=keep)
    if not isinstance(r, Exception):
        assert str(r) and r.to_dict()
        if isinstance(obj, (bytes, io.BytesIO)):
            size = len(obj) if isinstance(obj, bytes) else len(obj.getvalue())
            assert r.size == size
            for v in r.validity:
                assert 0 <= v.invalid_bytes <= v.size == size


@FUZZ
@given(data=st.one_of(byte_inputs(), junk, TEXTS), candidates=encoding_args)
def test_detect(data, candidates):
    r = bounded(codecscope.detect, data, candidates=candidates)
    if not isinstance(r, Exception):
        assert 0.0 <= r.confidence <= 1.0 and r.to_dict()


@FUZZ
@given(data=byte_inputs(), candidates=st.one_of(st.none(), st.lists(st.sampled_from(registry.names()), max_size=3)),
       chunk=st.integers(1, 700))
def test_detect_stream_and_segments(data, candidates, chunk):
    chunks = [data[i:i + chunk] for i in range(0, len(data), chunk)]
    r = bounded(codecscope.detect_stream, iter(chunks), candidates=candidates)
    assert not isinstance(r, Exception) or isinstance(r, InputError), r
    r = bounded(codecscope.segments, data, candidates=candidates)
    assert not isinstance(r, Exception), r


# -- repair and its replay ------------------------------------------------------------------------

@FUZZ
@given(text=st.one_of(mojibake(), junk), max_depth=st.one_of(st.integers(-1, 4), junk),
       encodings=st.one_of(st.none(), st.lists(st.sampled_from(registry.names()), max_size=3)))
def test_repair_replays(text, max_depth, encodings):
    r = bounded(codecscope.repair, text, max_depth=max_depth, encodings=encodings)
    if isinstance(r, Exception):
        assert not isinstance(text, str) or not isinstance(max_depth, int) or not 1 <= max_depth <= 8 \
            or isinstance(max_depth, bool), r
        return
    assert isinstance(r.text, str)
    assert codecscope.apply_steps(text, r.steps) == r.text
    if not r.changed:
        assert r.text == text


step_ops = st.sampled_from(["encode", "decode", "strip", "bogus", None, 1])
steps = st.lists(st.one_of(st.tuples(step_ops, encoding_names), st.tuples(step_ops), junk,
                           st.tuples(step_ops, encoding_names, st.sampled_from(["strict", "replace", "x"]))),
                 max_size=6)


@FUZZ
@given(text=TEXTS, steps=steps)
def test_apply_steps(text, steps):
    r = bounded(codecscope.apply_steps, text, steps)
    assert isinstance(r, (str, InputError, UnknownEncodingError)), r


# -- the decode walk and stream decoding ----------------------------------------------------------

chunkings = st.lists(st.integers(1, 64), min_size=1, max_size=8)


def _split(data: bytes, sizes: list[int]) -> list[bytes]:
    out, i, k = [], 0, 0
    while i < len(data):
        n = sizes[k % len(sizes)]
        out.append(data[i:i + n])
        i, k = i + n, k + 1
    return out


@FUZZ
@given(data=byte_inputs(), encoding=st.sampled_from(registry.names()))
def test_walk_tiles_the_input(data, encoding):
    units = bounded(lambda: list(walk(data, encoding)))
    assert b"".join(u.raw for u in units) == data
    pos = 0
    for u in units:
        assert u.offset == pos
        pos = u.end


@FUZZ
@given(data=byte_inputs(), encoding=st.sampled_from(registry.names()), sizes=chunkings,
       errors=st.sampled_from(["strict", "replace", "ignore", "backslashreplace", "surrogateescape"]))
@example(data=b"\x00[\x00\x1b&\x08asciiv\x9d\x02\x01", encoding="iso2022_jp", sizes=[64], errors="replace")
@example(data=b"\x80\x00", encoding="utf-32", sizes=[1], errors="surrogateescape")
@example(data=b"\x80\x00\x00\x000", encoding="utf-32-be", sizes=[1], errors="surrogateescape")
def test_stream_decoding_equals_whole_decoding(data, encoding, sizes, errors):
    """Decoding in any chunking gives what one decode of the whole gives (or raises the same)."""
    try:
        whole = data.decode(encoding, errors)
    except UnicodeDecodeError:
        whole = None
    dec = StreamDecoder(encoding, errors)
    try:
        streamed = "".join(dec.decode(c) for c in _split(data, sizes)) + dec.finish()
    except StreamDecodeError:
        streamed = None
    if registry.get(encoding).stateful:
        # A bad escape in ISO-2022/HZ: one decode of the whole swallows the rest of the data as
        # one error; the walk reports the escape and carries on (found by fuzz/walk_stream.py).
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            return
    assert streamed == whole
    try:
        assert "".join(iter_text(_split(data, sizes), encoding, errors)) == whole
    except StreamDecodeError:
        assert whole is None


@FUZZ
@given(data=byte_inputs(), encoding=st.sampled_from(registry.names()), sizes=chunkings,
       slice_=st.integers(1, 64))
def test_validity_counts_the_same_with_and_without_units(data, encoding, sizes, slice_, monkeypatch):
    """Past `keep` invalid units validity only counts (no unit per error): the counts, tail, BOM
    and line endings must be exactly those of the full unit walk, whatever the chunking."""
    from codecscope.diagnosis import validity

    monkeypatch.setattr(sys.modules["codecscope.diagnosis"], "WALK_SLICE", slice_)
    chunks = _split(data, sizes) or [b""]
    fields = ("size", "chars", "non_ascii", "cjk", "invalid", "invalid_bytes", "truncated", "bom", "line_endings")
    counted, walked = validity(chunks, encoding, keep=0), validity(chunks, encoding, keep=10 ** 9)
    assert [getattr(counted, f) for f in fields] == [getattr(walked, f) for f in fields]


@FUZZ
@given(encoding=encoding_args, errors=st.one_of(st.text(max_size=10), junk))
def test_stream_decoder_arguments(encoding, errors):
    r = bounded(StreamDecoder, encoding, errors)
    if not isinstance(r, Exception):
        assert isinstance(r.decode(b"abc\xff", final=False) if r.errors != "strict" else "", str)


@FUZZ
@given(data=st.one_of(byte_inputs(), junk, TEXTS), chunk=counts, encoding=encoding_args)
def test_boundaries(data, chunk, encoding):
    r = bounded(boundaries, data, chunk, encoding) if encoding is not None else bounded(boundaries, data, chunk)
    if not isinstance(r, Exception):
        assert r.to_dict() and all(0 < c.offset < len(data) for c in r.cuts if hasattr(c, "offset"))


# -- scan on generated trees ----------------------------------------------------------------------

names = st.text(alphabet="abcxyz_.-测试", min_size=1, max_size=8).filter(lambda n: n not in (".", ".."))


@settings(FUZZ, max_examples=max(10, EXAMPLES // 6))
@given(files=st.dictionaries(st.tuples(st.sampled_from(["", "sub", "sub/deeper", ".git", "node_modules"]), names),
                             byte_inputs(), max_size=6),
       gitignore=st.sampled_from([None, b"*.txt\n", b"sub/\n!keep\n", b"\xff\xfe[\n"]))
def test_scan_generated_trees(files, gitignore):
    with tempfile.TemporaryDirectory() as root:
        for (folder, name), data in files.items():
            os.makedirs(os.path.join(root, folder), exist_ok=True)
            path = os.path.join(root, folder, name)
            if not os.path.isdir(path):
                with open(path, "wb") as f:
                    f.write(data)
        if gitignore is not None:
            with open(os.path.join(root, ".gitignore"), "wb") as f:
                f.write(gitignore)
        from codecscope.scanning import scan

        # max_size: scan reads a file with one read(max_size + 1), which reserves that much at once
        reports = bounded(lambda: list(scan(root, jobs=1, max_size=1 << 20)))
        assert not isinstance(reports, Exception), reports
        assert all(r.to_dict() for r in reports)


# -- the command line -----------------------------------------------------------------------------

WORDS = ["diagnose", "explain", "detect", "repair", "boundaries", "scan", "demo", "-e", "-c", "-i",
         "--limit", "--chunk", "--max-depth", "--max-input", "--json", "--hex", "--text", "--explain",
         "--to", "--jobs", "--min-confidence", "--max-size", "--fail-on", "--no-mojibake", "--help", "-",
         "utf-8", "gbk", "idna", "klingon", "0", "-1", "1", "nan", "inf", "99999999999999999999", "64K",
         "ff", "e9 bb", "zz", "", "--", "=", "-e=idna", "--limit=-3", "鐢辨湀", "\udcff", "--version"]


@settings(FUZZ, max_examples=EXAMPLES * 2)
@given(argv=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=7))
def test_cli_arguments(argv, capsys, monkeypatch):
    """Any command line: exit 0, 1 or 2; on 2 one line of error per failure (or the usage text), and
    never a traceback.  The network commands are left to their own tests (they would serve)."""
    from codecscope.cli.main import main

    if any(a in ("echo", "wire") for a in argv) or "--in-place" in argv or "--fix" in argv \
            or "--output" in argv or "-o" in argv:
        return
    if argv[:1] == ["scan"] and not any(a.startswith("/") for a in argv[1:]):
        argv = [*argv, os.devnull]   # never the working tree
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    start = time.monotonic()
    try:
        code = main(argv)
    except Exception as e:   # noqa: BLE001 - the point of the test
        pytest.fail(f"main({argv!r}) raised {type(e).__name__}: {e}")
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code)
    assert "Traceback" not in err
    assert elapsed < SECONDS
    if code == 2 and "usage:" not in err:
        # one line of error; several files (detect, diagnose) give one line per file that failed
        lines = err.splitlines()
        assert len(lines) == 1 or len(lines) <= len(argv) and all(": error: " in x for x in lines), (argv, err)


def test_documented_errors_are_value_or_type_errors():
    """What users catch: every argument error is a ValueError or a TypeError, and an unknown
    encoding is still a LookupError as codecs.lookup's is."""
    for exc in (InputError, InputTypeError, UnknownEncodingError, codecscope.InvalidHexError,
                codecscope.InputTooLargeError):
        assert issubclass(exc, CodecscopeError) and issubclass(exc, (ValueError, TypeError))
    assert issubclass(UnknownEncodingError, LookupError) and issubclass(InputTypeError, TypeError)
    with pytest.raises(ValueError):
        codecscope.explain(b"x", "idna")
    with pytest.raises(TypeError):
        codecscope.diagnose(b"x", keep=None)
    with pytest.raises(LookupError):
        codecscope.detect(b"x", candidates=["undefined"])

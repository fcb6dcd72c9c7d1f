"""Short-input detection takes fast paths: the single-byte code pages are scored from tables
indexed by byte value, and candidates are decoded by one whole C decode where that settles it.
These tests hold both to the plain definitions (the model per language, pair and word of the
decoded text; the strict incremental decoders), so a change to either cannot leave the fast path
behind unnoticed."""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from codecscope import detection as D

CODE_PAGES = sorted(D.PROFILES)
# ASCII words and punctuation around the bytes the code pages disagree on
BYTES = st.binary(max_size=60) | st.lists(
    st.sampled_from([b" ", b"a", b"Ze", b"-", b"1", b"_", b"\n", *(bytes([b]) for b in range(0x80, 0x100))]),
    max_size=40).map(b"".join)


# the adjacent byte pairs with a non-ASCII byte and no whitespace, as the pair penalties count them
PAIRS = re.compile(rb"(?=([^\s][\x80-\xff]|[\x80-\xff][^\s]))")


def plain_score(data: bytes, codec: str, per_language: dict[str, float] | None = None) -> tuple[float, str | None]:
    """The model's log-likelihood of the code page's reading of ``data``, spelled out
    (``per_language`` receives each single language's score)."""
    text = D._decode(data, codec)[1]
    nonascii = max(1, sum(b >= 0x80 for b in data))
    best, lang, single = -math.inf, None, -math.inf
    counts = sorted(Counter(data).items())   # in byte order, so equal languages stay equal
    langs = D.PROFILES[codec]
    # letter context: the pairs with a non-ASCII character, word boundaries at either end, read
    # through combining marks (but Vietnamese's rules, which read its tone marks)
    bare = text if "Vietnamese" in langs else "".join(c for c in text if not D._mark(c))
    ctx_pairs = Counter(D._CHAR_PAIR.findall(" " + bare + " "))
    ctx = [sum(n * v for n, v in zip(ctx_pairs.values(), col))
           for col in zip(*(D._ctx_row(langs, p[0], p[1]) if "\ufffd" not in p else (0.0,) * (len(langs) + (len(langs) > 1))
                            for p in ctx_pairs))] or [0.0] * (len(langs) + (len(langs) > 1))
    for (lg, ratio, table), c_ll in zip(D._byte_tables(codec), ctx):
        # (the ASCII letter pairs: the row's language, or the mixture of the code page's)
        pair_ll = D._ascii_pair_ll(lg if lg is not None else langs, data)
        v = (D._cap(sum(n * ratio[b] for b, n in counts if b < 0x80) + pair_ll, nonascii)
             + sum(n * table[b - 0x80] for b, n in counts if b >= 0x80) + c_ll)
        best = max(best, v)
        if lg is not None and per_language is not None:
            per_language[lg] = v
        if lg is not None and v > single:
            lang, single = lg, v
    chars = D._chars(codec)
    pairs = sum(n * D._pair_cost(chars[p[0]], chars[p[1]]) for p, n in Counter(PAIRS.findall(data)).items())
    words = -D.SCRIPT_SWITCH * D._switches(text) if D._has_other_alphabet(codec) else 0.0
    if codec in D._ORTHOGRAPHY_CODECS:
        words += D._orthography_ll(text)
    capitals = sum(1 for c in text if c > "\x7f" and c != "\ufffd" and c != c.lower()[:1])
    return (best + pairs + words + D._orphans_ll(text) + D._glued_quotes_ll(text) + D._capitals_inside_ll(text)
            + D._caps_ll(capitals), lang)


def table_scores(data: bytes, families: tuple[str, ...]) -> dict[str, tuple[float, str | None]]:
    counts = [0] * 256
    for b in data:
        counts[b] += 1
    return D._code_pages(families).score(data, counts, max(1, sum(counts[0x80:])))


@settings(max_examples=150, deadline=None)
@given(BYTES)
# Mac Cyrillic: Russian and Ukrainian score exactly alike, and the order of a float sum decides
# which one is a hair ahead
@example(b"\x8e\xa0\x8e\x95\xb0\x81")
def test_tables_score_every_code_page_as_the_model_defines(data):
    got = table_scores(data, tuple(CODE_PAGES))
    for codec in CODE_PAGES:
        per_language: dict[str, float] = {}
        ll, lang = plain_score(data, codec, per_language)
        assert got[codec][0] == pytest.approx(ll, rel=1e-9, abs=1e-9), codec
        if got[codec][1] != lang:
            # languages whose scores are equal (within rounding) are equally right
            assert got[codec][1] is not None and lang is not None, codec
            assert per_language[got[codec][1]] == pytest.approx(per_language[lang], rel=1e-9, abs=1e-9), codec


@pytest.mark.parametrize("text,codec", [
    ("Всем привет, как дела? Взгляд встр", "cp1251"),      # a vowelless word at the end
    ("Καλημέρα κόσμε, abc def", "iso8859_7"),
    ("abc י def", "cp1255"),                                 # a lone Hebrew letter among English words
    ("Żółć gęślą jaźń", "cp1250"),
    ("Les élèves très contents", "cp1252"),
])
def test_tables_score_real_text_as_the_model_defines(text, codec):
    data = text.encode(codec)
    got = table_scores(data, tuple(CODE_PAGES))
    for c in CODE_PAGES:
        ll, lang = plain_score(data, c)
        assert got[c] == (pytest.approx(ll, rel=1e-9), lang), c


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(CODE_PAGES), BYTES)
def test_word_tags_count_switches_and_orthography_as_the_text_does(codec, data):
    text = D._decode(data, codec)[1]
    assert D._tag_switches(data.translate(D._word_tags(codec))) == D._switches(text)
    assert D._ortho_tags_ll(data.translate(D._ortho_tags(codec))) == D._orthography_ll(text)


@pytest.mark.parametrize("text,codec", [
    ("Ζεύςα σςτ λόγος ΣΤΡ ψς", "iso8859_7"),        # final sigma inside a word and after a consonant
    ("שלום עולםמ ךא", "cp1255"),                     # Hebrew final and ordinary forms out of place
    ("Взгляд вс пт", "cp1251"),                        # vowelless words, two letters and more
])
def test_orthography_tags_on_real_letters(text, codec):
    data = text.encode(codec)
    assert D._orthography_ll(text) < 0
    assert D._ortho_tags_ll(data.translate(D._ortho_tags(codec))) == D._orthography_ll(text)


def test_a_pool_without_code_pages_has_no_tables():
    assert D._code_pages(("gb18030", "utf-8")).families == []
    assert D.detect("你好".encode("gbk"), candidates=["gbk", "utf-8"]).encoding == "gb18030"


def plain_decode(data: bytes, family: str) -> tuple[str, str, int, bool]:
    """What :func:`codecscope.detection._decode` promises, from the incremental decoders alone."""
    if family in D.PROFILES:
        text = data.decode(family, "replace")
        return family, text, text.count("\ufffd"), False
    chain = D._CHAINS.get(family, (family,))
    for codec in chain:
        dec = codecs.getincrementaldecoder(codec)("strict")
        try:
            text = dec.decode(data, final=False)
        except UnicodeDecodeError:
            continue
        return codec, text, 0, D._pending(dec) > 0
    lead = D._lead_cut(data) if family == "utf-8" else 0
    if lead:   # a chunk that starts inside a character: the UTF-8 after it
        dec = codecs.getincrementaldecoder("utf-8")("strict")
        try:
            text = dec.decode(data[lead:], final=False)
            if not text.isascii():
                return "utf-8", text, 0, D._pending(dec) > 0
        except UnicodeDecodeError:
            pass
    dec = codecs.getincrementaldecoder(chain[-1])("replace")
    text = dec.decode(data, final=False)
    return chain[-1], text, D._invalid_in(data, text, chain[-1]), D._pending(dec) > 0


TEXTS = ["你好，世界", "繁體中文測試", "こんにちは世界", "안녕하세요", "Привет", "Perù è", "𠀋 emoji 😀"]
FAMILIES = ["gb18030", "big5", "cp932", "euc_jp", "cp949", "utf-8", "cp1252", "cp1251", "cp874"]


@st.composite
def cut_text(draw: st.DrawFn) -> bytes:
    """Real text in a codec that has it, cut at any byte (a socket chunk), maybe with junk."""
    text = draw(st.sampled_from(TEXTS))
    fits = [c for c in ("gb18030", "big5", "cp932", "euc_jp", "cp949", "utf-8", "cp1251")
            if all(ch.encode(c, "ignore") for ch in text)] or ["utf-8"]
    data = text.encode(draw(st.sampled_from(fits)), "ignore")
    data = data[:draw(st.integers(0, len(data)))]
    return data + draw(st.binary(max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FAMILIES), cut_text() | st.binary(max_size=40))
def test_decode_gives_what_the_incremental_decoders_give(family, data):
    assert D._decode(data, family) == plain_decode(data, family)


def test_ranked_candidates_carry_every_field_as_the_dataclass_would():
    import dataclasses

    det = D.detect("Les élèves très contents".encode("cp1252"))
    names = {f.name for f in dataclasses.fields(D.Candidate)}
    for c in det.candidates:
        assert names <= set(vars(c)), c.encoding     # set on the instance, not left to a class default
        assert D.Candidate(**{n: getattr(c, n) for n in names}) == c

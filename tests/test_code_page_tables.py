"""The detector's tables (single-byte code pages, CJK profiles) ship precomputed
(codecscope/data/code_pages.bin): the file must be what tools/build_code_page_tables.py builds
from the model now, and what the detector reads from it must be what the model computes, so a
change to the model cannot leave the tables behind."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from codecscope import detection as D

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_code_page_tables  # noqa: E402


def exact(numbers):
    return [float.hex(x) for x in numbers]


def test_shipped_file_is_what_the_builder_builds():
    assert (ROOT / "codecscope" / "data" / D.TABLES_FILE).read_bytes() == build_code_page_tables.build(), \
        "run: python tools/build_code_page_tables.py"


@pytest.mark.parametrize("codec", sorted(D.PROFILES))
def test_read_tables_are_the_models(codec):
    shipped = D._shipped_tables()
    assert shipped is not None
    assert [(lang, exact(ratio), exact(high)) for lang, ratio, high in D._byte_tables(codec)] == \
        [(lang, exact(ratio), exact(high)) for lang, ratio, high in D._build_byte_tables(codec)]
    assert D._word_tags(codec) == D._build_word_tags(codec)
    assert D._has_other_alphabet(codec) == D._build_has_other_alphabet(codec)
    if codec in D._ORTHOGRAPHY_CODECS:
        assert D._ortho_tags(codec) == D._build_ortho_tags(codec)
    chars = D._chars(codec)
    codes = shipped.pair_codes[codec]
    for x in range(256):
        assert exact(shipped.pair_values[codes[x << 8 | y]] for y in range(256)) == \
            exact(D._pair_cost(chars[x], chars[y]) for y in range(256))
    langs = D.PROFILES[codec]
    grid = shipped.ctx[langs]
    # every byte pair's letter context as _CodePages looks it up (by context characters;
    # Vietnamese's rules read the characters as they are) is the model's of the two characters
    looked_up = chars if "Vietnamese" in langs else D._ctx_chars(codec)
    for x in range(256):
        for y in range(256):
            a, b = looked_up[x], looked_up[y]
            if a is not None and b is not None and (a > "\x7f" or b > "\x7f"):
                assert exact(D._grid_row(grid, a, b)) == exact(D._ctx_row(langs, chars[x], chars[y])), (x, y)


CACHED = ("_byte_tables", "_word_tags", "_ortho_tags", "_has_other_alphabet", "_code_pages", "_cjk_lp")


def test_detection_without_the_file_is_the_same(monkeypatch):
    """The fallback (a package without the file) computes the same answers."""
    samples = ["Привет, как дела? Всё хорошо.".encode("cp1251"), "Zażółć gęślą jaźń".encode("iso8859_2"),
               "Ελληνικά γράμματα".encode("cp1253"), "Ça coûte 5 € à Málaga".encode("cp1252"),
               "שלום עולם".encode("cp1255"), "Lietuvių kalba".encode("cp1257"),
               "北京市朝阳区建国路".encode("gbk"), "東京都千代田区".encode("shift_jis")]

    def answers():
        for name in CACHED:
            getattr(D, name).cache_clear()
        for memo in D._CJK_LP.values():
            memo.clear()
        return [(d.encoding, repr(d.confidence), [(c.encoding, repr(c.score)) for c in d.candidates])
                for d in map(D.detect, samples)]

    with_file = answers()
    monkeypatch.setattr(D, "_shipped_tables", lambda: None)
    try:
        assert answers() == with_file
    finally:
        monkeypatch.undo()
        answers()


@pytest.mark.parametrize("profile", sorted(D.CJK_PROFILES))
def test_read_cjk_probabilities_are_the_models(profile):
    chars, _ = D._shipped_tables().cjk[profile]
    assert exact(D._cjk_lp.__wrapped__(profile, c) for c in chars) == exact(D._build_cjk_lp(profile, c) for c in chars)


def test_the_first_detection_fills_the_pair_columns_as_one_pair_at_a_time_would():
    # _fill_ctx reads a process's first pairs straight off the grids, many at once; every value must
    # be the one _ctx_costs finds for that pair alone, so a cold process answers as a warm one
    pools = [tuple(D.DEFAULT_CANDIDATES), ("cp1252", "cp1258", "cp874", "cp1255", "cp1256", "iso8859_7", "koi8_u")]
    # (a seventh of the pairs with a byte above 0x7F, every byte among them in both places)
    pairs = [bytes([x, y]) for x in range(256) for y in range(256) if (x > 0x7F or y > 0x7F) and (x * 256 + y) % 7 == 0]
    for families in pools:
        pool = D._CodePages(families)
        assert pool.ctx_cells is not None, families   # the shipped grids hold every default code page
        pool._fill_ctx(pairs)
        batch = dict(pool.ctx)
        pool.ctx.clear()
        assert [exact(batch[p]) for p in pairs] == [exact(pool._ctx_costs(p)) for p in pairs]

"""Mixed-encoding input, built from real text (Faker's locale data): segments and line ranges."""

from __future__ import annotations

import pytest

from codecscope import diagnose
from codecscope.detection import detect, segments

faker = pytest.importorskip("faker")


def lines(locale: str, n: int, seed: int) -> list[str]:
    fake = faker.Faker(locale)
    fake.seed_instance(seed)
    out = []
    while len(out) < n:
        s = " ".join((fake.address() + " " + fake.name()).split())
        if not s.isascii():
            out.append(s)
    return out


def build(*blocks: tuple[str, list[str]]) -> tuple[bytes, list[tuple[str, int, int]]]:
    """Join blocks of lines, each in its own encoding; return the bytes and expected ranges."""
    data, expected, line = b"", [], 1
    for enc, block in blocks:
        data += b"".join((t + "\n").encode(enc) for t in block)
        expected.append((enc, line, line + len(block) - 1))
        line += len(block)
    return data, expected


def check(data: bytes, expected) -> None:
    segs = segments(data)
    got = [(s.encoding, s.lines[0], s.lines[1]) for s in segs]
    assert [(a, b) for _, a, b in got] == [(a, b) for _, a, b in expected], got
    for s, (enc, _, _) in zip(segs, expected):
        assert data[s.span[0]:s.span[1]].decode(enc) == data[s.span[0]:s.span[1]].decode(s.encoding)
        assert s.text == data[s.span[0]:s.span[1]].decode(enc)
    # segments tile the input
    assert segs[0].span[0] == 0 and segs[-1].span[1] == len(data)
    assert all(a.span[1] == b.span[0] for a, b in zip(segs, segs[1:]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gbk_log_with_a_utf8_part(seed):
    zh = lines("zh_CN", 10, seed)
    check(*build(("gbk", zh[:4]), ("utf-8", zh[4:7]), ("gbk", zh[7:])))


@pytest.mark.parametrize("seed", [1, 2])
def test_cp1251_then_utf8(seed):
    ru = lines("ru_RU", 8, seed)
    check(*build(("cp1251", ru[:5]), ("utf-8", ru[5:])))


@pytest.mark.parametrize("seed", [1, 2])
def test_two_legacy_encodings(seed):
    data, expected = build(("gbk", lines("zh_CN", 6, seed)), ("big5", lines("zh_TW", 6, seed)))
    check(data, expected)


def test_japanese_and_korean_blocks():
    data, expected = build(("cp932", lines("ja_JP", 5, 4)), ("cp949", lines("ko_KR", 5, 4)),
                           ("utf-8", lines("ja_JP", 3, 5)))
    check(data, expected)


def test_ascii_lines_stay_inside_their_segment():
    zh = lines("zh_CN", 6, 9)
    block1 = [zh[0], "plain ascii line", zh[1], zh[2]]
    data, _ = build(("gbk", block1), ("utf-8", zh[3:]))
    got = [(s.encoding, s.lines) for s in segments(data)]
    assert got == [("gb18030", (1, 4)), ("utf-8", (5, 7))]


def test_one_encoding_is_one_segment():
    data, _ = build(("cp1251", lines("ru_RU", 10, 3)))
    segs = segments(data)
    assert [(s.encoding, s.lines) for s in segs] == [("cp1251", (1, 10))]


def test_detect_and_diagnose_report_the_segments():
    zh = lines("zh_CN", 8, 6)
    data, expected = build(("gbk", zh[:4]), ("utf-8", zh[4:]))
    det = detect(data)
    assert det.mixed
    assert [(s.encoding, s.lines) for s in det.segments] == [("gb18030", (1, 4)), ("utf-8", (5, 8))]
    assert "mixed" in det.to_dict() and det.to_dict()["mixed"] is True
    assert "lines 1-4" in str(det)
    d = diagnose(data)
    assert d.detection is not None and d.detection.mixed
    kinds = [f for f in d.findings if f.kind == "mixed-encoding"]
    assert [f.encoding for f in kinds] == ["gb18030", "utf-8"]


def test_clean_single_encoding_input_is_not_mixed():
    det = detect(("\n".join(lines("zh_CN", 5, 8)) + "\n").encode("gbk"))
    assert not det.mixed and det.segments == ()


@pytest.mark.parametrize("seed", range(0, 30, 3))
def test_whole_french_latin1_files_stay_western(seed):
    # Many lines of French: the ASCII letters must be heard, not only the accented ones.
    fake = faker.Faker("fr_FR")
    fake.seed_instance(seed)
    text = "\n".join(f"{fake.name()} {' '.join(fake.address().split())} {fake.sentence()}"
                     for _ in range(5 + seed)) + "\n"
    data = text.encode("latin-1", "replace")
    det = detect(data)
    assert data.decode(det.encoding) == data.decode("latin-1")


def test_diagnose_of_a_valid_utf8_file_uses_its_head(tmp_path):
    p = tmp_path / "u.txt"
    p.write_bytes(("Привет, мир! Всё хорошо.\n" * 50000).encode("utf-8"))
    d = diagnose(p)
    assert d.detection.encoding == "utf-8" and d.detection.size == p.stat().st_size


def test_big_mixed_input_has_segments_at_true_offsets():
    # well past the size where detect() streams: the segments still cover every line, with the
    # byte offsets of the input itself
    zh = lines("zh_CN", 600, 11)
    de = lines("de_DE", 200, 12)
    data, expected = build(("gbk", zh[:300]), ("utf-8", de), ("gbk", zh[300:]))
    assert len(data) > 30_000
    det = detect(data)
    assert det.mixed and det.encoding == "gb18030"
    got = [(s.encoding, s.lines) for s in det.segments]
    assert got == [("gb18030", (a, b)) if enc == "gbk" else (enc, (a, b)) for enc, a, b in expected]
    assert det.segments[-1].span[1] == len(data)
    for s in det.segments:
        assert s.text == data[s.span[0]:s.span[1]].decode(s.encoding)


@pytest.mark.parametrize("last", ["Price 5 Р", "Итого: 5 Я", "Цена 5 р"])
def test_a_legacy_letter_ending_the_file_is_no_cut_utf8_line(last):
    # the last line's one non-ASCII byte is a UTF-8 lead at the very end: no UTF-8 character there
    data = ("Привет, мир! Это обычный текст.\n" * 10 + last).encode("cp1251")
    det = detect(data)
    assert det.encoding == "cp1251" and det.text.endswith(last) and len(segments(data)) == 1


@pytest.mark.parametrize("seed", range(8))
def test_a_file_of_utf8_and_cp1251_lines_is_named_by_its_lines_and_not_sure(seed):
    # One name for a mixed file misreads some of its lines: it is the encoding of the lines that
    # hold most of its text (never a reading no line has, such as a CJK code page's), under 0.9,
    # and the text is each segment's own.
    ru = lines("ru_RU", 6, 40 + seed)
    encs = ["utf-8" if (seed >> i) & 1 or i == seed % 6 else "cp1251" for i in range(6)]
    if len(set(encs)) < 2:
        encs[0] = "cp1251" if encs[0] == "utf-8" else "utf-8"
    data = b"".join((t + "\n").encode(e) for t, e in zip(ru, encs))
    det = detect(data)
    assert det.mixed
    assert det.encoding in ("utf-8", "cp1251") and det.best.encoding == det.encoding
    assert det.confidence < 0.9
    assert det.text == "".join(t + "\n" for t in ru)

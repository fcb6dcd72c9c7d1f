"""A user's script, type-checked with ``mypy --strict`` by tests/test_typing.py (and run by it).

It calls the public API the way the README does and reads the result fields.  ``assert_type``
pins each field to its declared type, so a field that silently became ``Any`` fails the check.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import codecscope
from codecscope import (BoundaryReport, Detection, Diagnosis, Explanation, Repair, UnknownEncodingError, boundaries,
                        detect, diagnose, explain, iter_text, repair, repair_text, scan)
from codecscope.scanning import FileReport
from codecscope.walking import Unit

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type

GARBLED = "鐢辨湀瑕佸ソ"                  # UTF-8 bytes of 由月要好 read as GBK
UTF8 = "你好，世界".encode("utf-8")


def explained() -> str:
    e = explain(UTF8[:-1], "utf-8")
    assert_type(e, Explanation)
    assert_type(e.verdict, str)
    for reading in e.readings:
        assert_type(reading.validity.valid, bool)
        assert_type(reading.validity.invalid, int)
    assert_type(e.to_dict(), dict[str, Any])   # JSON: its values differ by key
    return e.verdict


def diagnosed() -> bool:
    d = diagnose(UTF8)
    assert_type(d, Diagnosis)
    assert_type(d.ok, bool)
    for f in d.findings:
        assert_type(f.kind, str)
        assert_type(f.span, tuple[int, int])
        assert_type(f.repairable, bool | None)
    if d.detection is not None:
        assert_type(d.detection.encoding, str | None)
    return d.ok


def detected() -> str | None:
    det = detect("中文文本".encode("gbk"))
    assert_type(det, Detection)
    assert_type(det.encoding, str | None)
    assert_type(det.confidence, float)
    best = det.best
    if best is not None:
        assert_type(best.encoding, str)
        assert_type(best.score, float)
    for seg in det.segments:
        assert_type(seg.lines, tuple[int, int])
    as_chardet = det.as_chardet()   # chardet.detect's dict, its keys typed
    assert_type(as_chardet["encoding"], str | None)
    assert_type(as_chardet["confidence"], float)
    assert_type(as_chardet["mime_type"], str)
    return det.encoding


def repaired() -> str:
    rep = repair(GARBLED)
    assert_type(rep, Repair)
    assert_type(rep.text, str)
    assert_type(rep.changed, bool)
    assert_type(rep.confidence, float)
    assert_type(rep.lost, tuple[tuple[int, int], ...])
    for fix in rep.fixes:
        assert_type(fix.start, int)
        assert_type(fix.new, str)
    again = codecscope.apply_steps(GARBLED, rep.steps)
    assert_type(repair_text(GARBLED), str)
    return again


def cut_edges() -> int:
    report = boundaries(UTF8, chunk_size=4)
    assert_type(report, BoundaryReport)
    assert_type(report.ok, bool)
    for cut in report.cuts:
        assert_type(cut.edge, int)
        assert_type(cut.char, str)
    return len(report.cuts)


def streamed() -> str:
    chunks = [UTF8[:4], UTF8[4:]]            # the edge falls inside 好
    stream = iter_text(chunks, "utf-8")
    text = "".join(stream)
    tail = stream.tail
    assert_type(tail, Unit | None)
    return text


def scanned() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_bytes("中文".encode("gbk"))
        reports = list(scan(tmp, jobs=1))
    for r in reports:
        assert_type(r, FileReport)
        assert_type(r.encoding, str)
        assert_type(r.kinds, frozenset[str])
    return [r.encoding for r in reports]


def refused() -> str:
    try:
        detect(b"", candidates=["no-such-codec"])
    except UnknownEncodingError as e:
        return str(e)
    return ""


if __name__ == "__main__":
    assert explained()
    assert diagnosed()
    assert detected() is not None
    assert repaired() == "由月要好"
    assert cut_edges() == 2
    assert streamed() == "你好，世界"
    assert len(scanned()) == 1
    assert refused()
    print("ok")

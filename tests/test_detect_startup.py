"""What a command pays before and besides its answer: the detector's tables come from the package,
built the same as they were from their sources, and a detection imports no more than it uses."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from codecscope import registry
from codecscope.detection import _chars, _frequencies


def test_the_shipped_letter_frequencies_are_charset_normalizers():
    data = json.loads((Path(__file__).resolve().parents[1] / "codecscope" / "data" / "letter_frequencies.json")
                      .read_text(encoding="utf-8"))
    built_from = data["source"].split(",")[0]
    if built_from != f"charset-normalizer {metadata.version('charset-normalizer')}":
        pytest.skip(f"table built from {built_from}; installed is {metadata.version('charset-normalizer')}")
    from charset_normalizer.constant import FREQUENCIES

    assert _frequencies() == {lang: "".join(chars) for lang, chars in FREQUENCIES.items()}
    assert "MIT" in data["licence"]


def test_a_code_page_read_in_one_decode_gives_each_bytes_character():
    for name in registry.names():
        if registry.get(name).family != registry.SINGLE:
            continue
        one_by_one = []
        for b in range(256):
            try:
                one_by_one.append(bytes([b]).decode(name))
            except UnicodeDecodeError:
                one_by_one.append(None)
        assert _chars(name) == tuple(one_by_one), name


def test_detect_command_imports_neither_charset_normalizer_nor_rich(tmp_path):
    p = tmp_path / "legacy.txt"
    p.write_bytes("北京市朝阳区建国路八十八号，这是一封来自旧系统的邮件。\n".encode("gbk") * 50)
    # Some environments import tempfile at start-up (a .pth file); only what the command adds counts.
    code = ("import sys; names = ('charset_normalizer', 'rich', 'tempfile'); "
            "before = {m for m in names if m in sys.modules}; "
            "from codecscope.cli.main import main; rc = main(['detect', sys.argv[1]]); "
            "print(rc, sorted(m for m in names if m in sys.modules and m not in before))")
    out = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, timeout=120,
                         check=True).stdout.splitlines()
    assert out[-1] == "0 []"
    assert "gb18030" in "\n".join(out[:-1])


def test_detection_imported_before_diagnosis_is_still_diagnoses_first_detector():
    # `codecscope detect` loads no diagnosis machinery; diagnose() must still get the detector,
    # first, even when another plugin (mojibake) loads diagnosis before diagnose() is called
    code = ("import sys; import codecscope.detection; print('codecscope.diagnosis' in sys.modules); "
            "import codecscope.mojibake; from codecscope import diagnose, diagnosis; "
            "print([f.__module__ for f in diagnosis._detectors][:2]); "
            "print(diagnose('北京市朝阳区'.encode('gbk') * 20).detection.encoding)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=True).stdout.splitlines()
    assert out == ["False", "['codecscope.detection', 'codecscope.mojibake']", "gb18030"]

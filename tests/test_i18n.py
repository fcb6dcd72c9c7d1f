"""Chinese output: a complete catalog, placeholders that match, language chosen like gettext,
and results that stay English underneath."""

from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from codecscope import explain, i18n
from codecscope.i18n import Msg, localize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_catalogs  # noqa: E402

PO = ROOT / "codecscope" / "locale" / "zh" / "LC_MESSAGES" / "codecscope.po"


def _fields(s: str) -> list[str]:
    if "%" in s and "{" not in s:   # argparse's messages use %-formatting
        return sorted(re.findall(r"%(?:\(\w+\))?[sdr]", s))
    return sorted(f"{name}!{conv}:{spec}" for _, name, spec, conv in string.Formatter().parse(s) if name is not None)


@pytest.fixture(scope="module")
def entries():
    return {(e["msgid"], e["msgid_plural"]): e for e in build_catalogs.read_po(PO)}


def test_every_message_in_the_code_has_a_chinese_translation(entries):
    wanted = set(build_catalogs.extract())
    missing = [m for m in wanted if m not in entries or not all(entries[m]["msgstr"]) or entries[m]["fuzzy"]]
    assert not missing, f"run tools/build_catalogs.py and translate: {missing[:5]}"
    stale = [m for m in entries if m[0] and m not in wanted]
    assert not stale, f"messages no longer in the code: {stale[:5]}"


def test_placeholders_match(entries):
    for (msgid, plural), e in entries.items():
        if not msgid:
            continue
        for s in e["msgstr"]:
            assert _fields(s) == _fields(msgid), (msgid, s)


def test_the_shipped_mo_is_compiled_from_the_po():
    assert PO.with_suffix(".mo").read_bytes() == build_catalogs.compile_po(PO)


def test_the_terms_chinese_tutorials_use(entries):
    text = "\n".join(s for e in entries.values() for s in e["msgstr"])
    for term in ("截断", "多字节", "增量解码器", "半关闭", "续字节", "替换字符", "分帧"):
        assert term in text, term


def test_msg_is_english_text_and_renders_in_chinese():
    m = Msg("{n} extra bytes came back after everything sent", n=3)
    assert m == "3 extra bytes came back after everything sent" and json.dumps(m) == json.dumps(str(m))
    try:
        i18n.setup("zh")
        assert localize(m) == "发送的内容全部回显后，又多出了 3 字节"
        assert localize("not in the catalog") == "not in the catalog"
    finally:
        i18n.setup("en")
    assert localize(m) == str(m)


def test_no_space_between_chinese_words_from_a_translated_value():
    template = "{what} must be at least {minimum}, not {value}"
    try:
        i18n.setup("zh")
        assert localize(Msg(template, what=Msg("the value"), minimum=1, value=0)).startswith("该值至少为 1")
        # a space beside Latin text stays, and a user's own text is never edited
        assert localize(Msg(template, what="--jobs", minimum=1, value=0)).startswith("--jobs 至少为 1")
        assert localize(Msg(template, what="该值", minimum=1, value=0)).startswith("该值 至少为 1")
    finally:
        i18n.setup("en")


def test_results_keep_english_kind_codes_and_data():
    data = bytes.fromhex("c0b4")
    english = explain(data).to_dict()
    try:
        i18n.setup("zh")
        chinese = explain(data)
        assert chinese.to_dict() == english
        assert "这些字节是合法的 GBK" in str(chinese)
    finally:
        i18n.setup("en")


def _cli(*args, env=None):
    base = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "codecscope.cli.main", *args], capture_output=True, text=True,
                          timeout=60, env={**base, **(env or {})})


@pytest.mark.parametrize("how", [("--lang", "zh"), {"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8"},
                                 {"LC_MESSAGES": "zh_CN.UTF-8"}, {"LANGUAGE": "zh_CN:en"}])
def test_chinese_by_option_or_locale(how):
    args, env = (list(how), None) if isinstance(how, tuple) else ([], how)
    p = _cli(*args, "boundaries", "--chunk", "2", "--text", "黑马", env=env)
    assert p.returncode == 1 and "个边界中有" in p.stdout and "增量解码器" in p.stdout, p.stdout
    p = _cli(*args, "explain", "--limit", "x", "--hex", "41", env=env)
    assert p.returncode == 2 and "'x' 不是整数" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_lang_works_after_the_subcommand_too():
    for args in (["boundaries", "--chunk", "2", "--text", "黑马", "--lang", "zh"],
                 ["boundaries", "--lang=zh", "--chunk", "2", "--text", "黑马"]):
        p = _cli(*args)
        assert p.returncode == 1 and "增量解码器" in p.stdout, p.stderr


def test_english_is_the_default_and_lang_overrides_the_locale():
    assert "edge(s) cut a character" in _cli("boundaries", "--chunk", "2", "--text", "黑马").stdout
    assert "edge(s) cut a character" in _cli("boundaries", "--chunk", "2", "--text", "黑马",
                                             env={"LANG": "C.UTF-8"}).stdout
    assert "edge(s) cut a character" in _cli("--lang", "en", "boundaries", "--chunk", "2", "--text", "黑马",
                                             env={"LANG": "zh_CN.UTF-8"}).stdout
    p = _cli("--lang", "xx", "explain", "--hex", "41")
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1


def test_chinese_help_and_errors():
    p = _cli("--lang", "zh", "echo", "test", "--help")
    assert "用法：" in p.stdout and "半关闭" in p.stdout
    p = _cli("--lang", "zh", "explain", "--hex", "41", "-e", "utf9")
    assert p.returncode == 2 and "未知编码 'utf9'" in p.stderr and "你是不是想用" in p.stderr
    p = _cli("--lang", "zh", "wire", "127.0.0.1:9", "--timeout", "nan")
    assert p.returncode == 2 and "该值必须是有限的数" in p.stderr
    p = _cli("--lang", "zh", "explain", "--hex", "41", "--no-such-option")
    assert p.returncode == 2 and "无法识别的参数：--no-such-option" in p.stderr


def test_the_library_renders_english_until_asked():
    code = ("import codecscope, codecscope.i18n as i; e = codecscope.explain(bytes.fromhex('c0b4'));"
            "print(str(e).splitlines()[0]); i.setup(); print(str(e).splitlines()[0])")
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env={**env, "LANG": "zh_CN.UTF-8"})
    english, chinese = p.stdout.splitlines()
    assert english.startswith("2 bytes: these bytes are valid GBK") and chinese.startswith("2 字节：这些字节")


def test_chinese_help_is_wrapped_by_display_width():
    from rich.cells import cell_len

    p = _cli("--lang", "zh", "diagnose", "--help", env={"COLUMNS": "40"})
    assert p.returncode == 0 and "退出码" in "".join(p.stdout.split())
    # (a single token longer than the room left, an option name or a usage group, cannot be broken;
    # a closing punctuation mark stays on its line, two columns past the room)
    wide = [line for line in p.stdout.splitlines()
            if cell_len(line) > 42 and " " in line.strip() and not line.strip().startswith("[")]
    assert not wide, wide   # a Chinese character is two columns: filled by len() these ran to 70
    # Chinese line breaking: no line starts with closing punctuation; headings take a full-width colon
    assert not [line for line in p.stdout.splitlines() if line.strip()[:1] in set("，。、；：）”")]
    assert "选项：" in p.stdout.splitlines()

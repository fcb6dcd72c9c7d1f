"""Every subcommand speaks Chinese under ``--lang zh`` or a ``zh_*`` locale: its results, tables,
summaries, refusals and errors.  The check is a detector of English sentences (three ASCII words
in a row outside quotes, code, Python's own exception text and Unicode character names); each
command's English output must trip it, so the detector is known to catch what it looks for, and
the Chinese output must not."""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path

import pytest

from codecscope import i18n
from codecscope.cli.main import main
from codecscope.echo import EchoServer

EXAMPLES = Path(__file__).resolve().parent.parent / "codecscope" / "examples"

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
_PY_EXCEPTION = re.compile(r"\b\w*(?:Error|Exception): .*")        # quoted verbatim, as Python prints it
_CHAR_NAMES = re.compile(r"\b[A-Z0-9][A-Z0-9+\-]*(?:\s+[A-Z0-9][A-Z0-9+\-]*)+\b")   # CJK UNIFIED IDEOGRAPH-9ED1
_WORD = re.compile(r"[A-Za-z][a-z]*")


def english_sentences(text: str) -> list[str]:
    """Runs of three or more English words in ``text``; a comma ends a run (lists of codes such
    as "legacy, mixed, invalid" are names, not sentences)."""
    found = []
    for line in text.splitlines():
        rest = _CHAR_NAMES.sub(" ", _PY_EXCEPTION.sub(" ", _QUOTED.sub(" ", line)))
        run: list[str] = []
        for token in rest.split():
            if run and run[-1].endswith(","):
                run = []
            if _WORD.fullmatch(token.strip(".,;:!?")):
                run.append(token)
                if len(run) == 3:
                    found.append(f"{' '.join(run)}  <- {line.strip()[:120]}")
            else:
                run = []
    return found


def test_the_detector_finds_sentences_and_passes_names():
    assert english_sentences("编码：gb18030  why: strictly valid; reads as Chinese")
    assert english_sentences("codecscope：错误：/x: more than 1 bytes of input")
    assert not english_sentences("问题：2 legacy, mixed, low-confidence")
    assert not english_sentences("0  E9 BB 91  黑  U+9ED1  CJK UNIFIED IDEOGRAPH-9ED1  Lo  2")
    assert not english_sentences("单独解码会抛出 UnicodeDecodeError: 'utf-8' codec can't decode byte 0x91")
    assert not english_sentences("修复结果：'no mojibake in this quote' 保持原样")


@pytest.fixture
def files(tmp_path):
    """A small tree with one file per kind of report, refusal and error."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "gbk.txt").write_bytes("你好世界，这是一个测试。\n".encode("gbk"))
    (tree / "readonly.txt").write_bytes("床前明月光，疑是地上霜。\n".encode("gbk"))
    (tree / "readonly.txt").chmod(0o444)
    (tree / "moji.txt").write_text("榛戦┈ 鐢辨湀瑕佸ソ\nhello\n", encoding="utf-8")
    (tree / "mixed.txt").write_bytes("café ok\n".encode("utf-8") + "café latin\n".encode("latin-1"))
    (tree / "unsure.txt").write_bytes(b"abc\xff\xfe def\n")
    (tree / "lost.txt").write_bytes("hello \ufffd\ufffd world\n".encode("utf-8"))
    (tree / "bom.txt").write_bytes(b"\xef\xbb\xbfhi\n")
    (tree / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    os.symlink(tree / "moji.txt", tree / "link.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    yield {"tree": str(tree), "big": str(big), "dir": str(tmp_path)}
    (tree / "readonly.txt").chmod(0o644)


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on (bound, never listening: connecting is refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    yield s.getsockname()[1]
    s.close()


def _commands(files, closed_port):
    gbk = str(EXAMPLES / "gbk_saved_expected_utf8.txt")
    cut = str(EXAMPLES / "recv_cut_utf8.bin")
    tree = files["tree"]
    return {
        "diagnose": ["diagnose", "-e", "utf-8", "-e", "gbk", gbk],
        "diagnose-cut": ["diagnose", cut],
        "diagnose-text": ["diagnose", "--text", "榛戦┈ 鐢辨湀瑕佸ソ 锟斤拷 ????名字"],
        "diagnose-mixed": ["diagnose", str(Path(tree) / "mixed.txt")],
        "explain": ["explain", cut],
        "explain-utf16": ["explain", "-e", "utf-16-le", "--hex", "00 dc 41"],
        "explain-text": ["explain", "--text", "Ã© 锟斤拷 烫烫烫"],
        "detect": ["detect", gbk],
        "detect-mixed": ["detect", str(Path(tree) / "mixed.txt")],
        "detect-short": ["detect", "--hex", "e9 bb"],
        "repair": ["repair", "--explain", "--text", "榛戦┈ 鐢辨湀瑕佸ソ"],
        "repair-clean": ["repair", "--explain", "--text", "hello"],
        "boundaries": ["boundaries", "--chunk", "2", "--text", "黑马"],
        "boundaries-guess": ["boundaries", "--chunk", "4", gbk],
        "demo": ["demo"],
        "scan": ["scan", "-j", "1", tree],
        "scan-fix": ["scan", "-j", "1", "--fix", "--dry-run", "--min-confidence", "0.99", tree],
        "scan-sarif": ["scan", "-j", "1", "--fix", "--dry-run", "--format", "sarif", tree],
        "help": ["scan", "--help"],
        "wire-refused": ["wire", f"127.0.0.1:{closed_port}", "--timeout", "2"],
        "echo-refused": ["echo", "test", f"127.0.0.1:{closed_port}", "--idle", "1", "--timeout", "2"],
        "unencodable": ["boundaries", "-e", "latin-1", "--text", "黑"],
        "not-utf8": ["repair", str(Path(tree) / "unsure.txt")],
        "no-file": ["explain", str(Path(files["dir"]) / "missing.txt")],
        "directory": ["explain", files["dir"]],
        "unknown-encoding": ["explain", "-e", "utf9", "--hex", "41"],
        "not-text-codec": ["explain", "-e", "idna", "--hex", "41"],
        "too-large": ["explain", "--max-input", "1K", files["big"]],
        "too-large-stream": ["diagnose", "--max-input", "1K", "/dev/zero"],
        "bad-hex": ["explain", "--hex", "zz"],
        "odd-hex": ["explain", "--hex", "abc"],
        "bad-size": ["explain", "--max-input", "lots", "--hex", "41"],
        "fail-on": ["scan", "--fail-on", "nosuch", tree],
        "scan-missing": ["scan", str(Path(files["dir"]) / "missing")],
        "bad-number": ["explain", "--limit", "x", "--hex", "41"],
    }


def _texts(node):
    """The human text of a SARIF log: every ``"text"`` value (the rest is data)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "text" and isinstance(v, str):
                yield v
            else:
                yield from _texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from _texts(v)


def _run(argv, capsys) -> str:
    capsys.readouterr()
    main(argv)
    out = capsys.readouterr()
    if out.out.startswith("{"):
        return "\n".join(_texts(json.loads(out.out))) + out.err
    return out.out + out.err


@pytest.fixture
def clean_locale(monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        # set, then removed: monkeypatch then restores the variable (or its absence) afterwards,
        # though --lang sets LANGUAGE in between
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    yield monkeypatch
    i18n.setup("en")


def test_every_subcommand_speaks_chinese(files, closed_port, capsys, clean_locale):
    commands = _commands(files, closed_port)
    english, left = {}, {}
    for name, argv in commands.items():
        english[name] = english_sentences(_run(["--lang", "en", *argv], capsys))
        found = english_sentences(_run(["--lang", "zh", *argv], capsys))
        if found:
            left[name] = found
    silent = [name for name, found in english.items() if not found]
    assert not silent, f"English output without an English sentence (the check would prove nothing): {silent}"
    assert not left, "English left under --lang zh:\n" + "\n".join(f"{k}: {v}" for k, v in left.items())


@pytest.mark.parametrize("variable", ["LANG", "LC_ALL", "LC_MESSAGES"])
def test_a_chinese_locale_is_enough(variable, files, closed_port, capsys, clean_locale):
    clean_locale.setenv(variable, "zh_CN.UTF-8")
    commands = _commands(files, closed_port)
    for name in ("detect-mixed", "scan-fix", "too-large", "wire-refused"):
        out = _run(commands[name], capsys)
        assert re.search("[\u4e00-\u9fff]", out) and not english_sentences(out), (name, out)


def test_echo_test_speaks_chinese(capsys, clean_locale):
    with EchoServer(mode="naive") as srv:
        host, port = srv.address[:2]
        argv = ["echo", "test", f"{host}:{port}", "--case", "zh-utf8", "--case", "zh-gbk", "--chunking", "split",
                "--idle", "1"]
        english = _run(["--lang", "en", *argv], capsys)
        chinese = _run(["--lang", "zh", *argv], capsys)
    assert english_sentences(english)
    assert "增量解码器" in chinese and not english_sentences(chinese), chinese


def test_rich_tables_speak_chinese(files, clean_locale):
    """What a terminal shows (rich tables) is translated too."""
    from rich.console import Console

    from codecscope import detect, scanning

    i18n.setup("zh")
    console = Console(record=True, width=200, force_terminal=False)
    console.print(detect(Path(files["tree"], "mixed.txt").read_bytes()))
    reports = tuple(scanning.scan(files["tree"], jobs=1, fix=True, dry_run=True))
    console.print(scanning.ScanReport(reports, fixing=True, dry_run=True))
    text = console.export_text()
    assert "混合编码" in text and "已拒绝" in text and "文件" in text
    assert not english_sentences(text), english_sentences(text)


ROOT = Path(__file__).resolve().parent.parent
_DOC_BLOCK = re.compile(r"```console\n(\$ codecscope --lang zh [^\n]*)\n(.*?)```", re.S)


@pytest.mark.parametrize("page", ["docs/detect.md", "docs/scan.md"])
def test_the_chinese_examples_in_the_docs_reproduce(page, tmp_path):
    """Each ``$ codecscope --lang zh …`` block prints what the page shows ('…' matches any text);
    scan's run in a fresh copy of the project docs/examples/scan_project.py writes."""
    import shlex
    import subprocess
    import sys

    blocks = _DOC_BLOCK.findall((ROOT / page).read_text(encoding="utf-8"))
    assert blocks
    subprocess.run([sys.executable, str(ROOT / "docs/examples/scan_project.py"), str(tmp_path)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    for command, shown in blocks:
        p = subprocess.run([sys.executable, "-m", "codecscope.cli.main", *shlex.split(command)[2:]], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300, env={**env, "NO_COLOR": "1"})
        got = p.stdout.splitlines()
        want = shown.rstrip("\n").splitlines()
        assert len(got) >= len(want), p.stdout + p.stderr
        for line, expected in zip(got, want):
            rx = ".*?".join(re.escape(part) for part in expected.split("…"))
            assert re.fullmatch(rx, line), (command, expected, line)


# An ASCII bracket next to or around Chinese: a Chinese sentence takes full-width ones, （…）
# (a call such as recv() or sendall(data) is code: its bracket follows a name)
_ASCII_BRACKET = re.compile(r"[\u4e00-\u9fff]\s*\(|\([^()\n]*[\u4e00-\u9fff][^()\n]*\)")


def ascii_brackets(text: str) -> list[str]:
    """Lines of ``text`` with an ASCII bracket in a Chinese sentence (quoted text left out)."""
    return [line.strip()[:120] for line in text.splitlines() if _ASCII_BRACKET.search(_QUOTED.sub(" ", line))]


def test_the_bracket_check_finds_ascii_brackets_in_chinese():
    assert ascii_brackets("x.bin：二进制 (ELF 可执行文件)")
    assert ascii_brackets("跳过：3 个未读取 (链接)")
    assert not ascii_brackets("x.bin：二进制（ELF 可执行文件）")
    assert not ascii_brackets("用 conn.sendall(data)，或者 recv() 返回 b''")


def test_chinese_sentences_take_full_width_brackets(files, closed_port, capsys, clean_locale):
    (Path(files["tree"]) / "endings.txt").write_bytes(b"a\r\nb\nc\rd\n")
    os.mkfifo(Path(files["tree"]) / "pipe")
    commands = {**_commands(files, closed_port),
                "diagnose-endings": ["diagnose", str(Path(files["tree"]) / "endings.txt")],
                "scan-mixed-fix": ["scan", "-j", "1", "--fix", "--dry-run", "--min-confidence", "0.99",
                                   str(Path(files["tree"]) / "mixed.txt")]}
    left = {name: found for name, argv in commands.items() if (found := ascii_brackets(_run(["--lang", "zh", *argv], capsys)))}
    assert not left, "ASCII brackets in Chinese:\n" + "\n".join(f"{k}: {v}" for k, v in left.items())

"""--hex reads whole bytes: every group between separators has an even number of digits, so
"4 1" or "0x4 0x41" is refused (one line, exit 2) rather than silently read as 0x41."""

from __future__ import annotations

import pytest

from codecscope.cli.common import parse_hex
from codecscope.cli.main import main
from codecscope.errors import InvalidHexError


@pytest.mark.parametrize("text,expected", [("e9 bb 91", "e9bb91"), ("e9:bb:91", "e9bb91"), (r"\xe9\xbb\x91", "e9bb91"),
                                           ("0xe9 0xbb", "e9bb"), ("e9bb91", "e9bb91"), ("E9-BB,91 ", "e9bb91")])
def test_the_documented_spellings_parse(text, expected):
    assert parse_hex(text).hex() == expected


@pytest.mark.parametrize("text,at", [("4 1", 0), ("e 9", 0), ("0x4 0x41", 2), ("e9b b91", 2), (r"\x4\x1", 2)])
def test_a_group_of_odd_length_is_refused_at_its_last_digit(text, at):
    with pytest.raises(InvalidHexError) as e:
        parse_hex(text)
    assert e.value.position == at


@pytest.mark.parametrize("cmd", ["explain", "detect", "repair", "diagnose", "boundaries"])
def test_the_commands_refuse_split_nibbles(cmd, capsys):
    assert main([cmd, "--hex", "4 1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "odd number of hex digits" in err[0], err

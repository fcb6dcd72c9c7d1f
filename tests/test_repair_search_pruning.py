"""The repair search leaves out work that cannot change its answer: a code page that reads a text
exactly as one searched before it, and the Latin-1 twin of a Windows-1252 legacy reading.  These
tests check the facts those shortcuts stand on, on text garbled here by the chains they name."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codecscope.variants  # noqa: F401  (registers the web code pages used to garble below)
from codecscope import repair
from codecscope.repairing import chains, evidence
from codecscope.repairing.segments import regions

WORDS = ["café", "Müller naïve résumé", "Straße – 12 €", "Łódź Žilina", "Ελληνικά", "Привет, мир",
         "São Tomé", "gyðingar", "Ağaç ışık", "Ąžuolas ėjo"]


def test_every_utf8_reader_encodes_each_character_to_the_byte_its_map_gives():
    # the twin key compares bytes alone: equal bytes must mean equal bytes for every character
    for reader in evidence.UTF8_READERS:
        for ch, b in evidence.byte_map(reader).items():
            assert ch.encode(reader, "replace") == bytes([b]), (reader, ch)


def _garbled():
    for word in WORDS:
        for reader in evidence.UTF8_READERS:
            try:
                yield word.encode("utf-8").decode(reader)
            except UnicodeDecodeError:
                continue


@pytest.mark.parametrize("text", sorted(set(_garbled()))[:120])
def test_a_code_page_left_out_as_a_twin_only_repeats_a_reading_already_there(text):
    spans = regions(text)
    readers = list(evidence.UTF8_READERS)
    searched = chains.utf8_single_byte(text, spans, readers)
    alone = {r: chains.utf8_single_byte(text, spans, [r]) for r in readers}
    found = {c[1] for c in searched}
    for r in readers:
        if r in found or not alone[r]:
            continue
        # left out: an earlier code page of the same or a higher prior has each of its candidates,
        # same stretch, same output, at least as much evidence
        twins = [t for t in readers[:readers.index(r)] if t in found
                 and evidence.UTF8_READERS[t] >= evidence.UTF8_READERS[r]]
        assert twins, (text, r)
        for c in alone[r]:
            assert any(o[2] == c[2] and [f.new for f in o[3]] == [f.new for f in c[3]] and o[0] >= c[0]
                       for t in twins for o in alone[t]), (text, r, c)
    # and what was searched is what each code page finds on its own
    for c in searched:
        assert c in alone[c[1]]


def test_a_reader_a_previous_layer_showed_is_always_searched():
    text = "cafÃ©"   # Windows-1252 and Windows-1254 read it alike
    spans = regions(text)
    readers = list(evidence.UTF8_READERS)
    assert "cp1254-web" not in {c[1] for c in chains.utf8_single_byte(text, spans, readers)}
    assert "cp1254-web" in {c[1] for c in chains.utf8_single_byte(text, spans, readers, {"cp1254-web": 1.0})}


@pytest.mark.parametrize("original,codec", [("你好，世界", "gbk"), ("안녕하세요", "cp949"), ("Привет мир", "cp1251")])
def test_latin1_legacy_reading_is_left_to_its_windows_1252_twin(original, codec):
    text = original.encode(codec).decode("latin-1")
    assert chains._NOT_LATIN1_TWIN.search(text) is None   # Latin-1 and Windows-1252 encode it alike
    cands = chains.legacy(text, regions(text))
    assert cands and {c[1] for c in cands} <= {"cp1252-web"} | chains._CYRILLIC_PAGES
    for c in cands:
        for f in c[3]:
            assert f.old.encode("latin-1") == f.old.encode("cp1252-web")
    assert repair(text).text == original


# every character no pattern of the first look opens with, and ASCII (the NUL aside, which opens
# the UTF-16 check): the text repair's fast path returns at once without looking further
_QUIET = [chr(c) for c in range(1, 0x10000) if not evidence.may_show(chr(c))]


def test_the_fast_path_turns_away_scripts_no_code_page_shows_and_keeps_what_evidence_opens_with():
    assert "ا" in _QUIET and "\u05d0" in _QUIET and "é" not in _QUIET and "漢" not in _QUIET and "\x00" not in _QUIET


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(st.sampled_from(_QUIET), min_size=1, max_size=40))
def test_text_the_fast_path_returns_at_once_shows_nothing_to_the_full_look(text):
    # may_show is a necessary condition of the evidence, never a rule of its own: text it turns
    # away is text the first look and the passes before it would have found nothing in
    assert not evidence.may_show(text)
    readers, cjk, legacy = evidence.quick_look(text)
    assert not readers and not cjk and not legacy
    assert chains.one_pass(text) == []


def test_no_character_of_a_cjk_code_page_holds_the_byte_of_a_question_mark():
    # cjk_suspect takes a '?' in a code page's bytes that the text lacks for a character the
    # code page lacks (its replacement), and skips that reading: no character may encode to 0x3F
    for reader in {*evidence.CJK_READER_NAMES, *evidence._CJK_GATE_READERS}:
        for c in range(0x80, 0x10000):
            if 0xD800 <= c < 0xE000:
                continue
            data = chr(c).encode(reader, "replace")
            assert data == b"?" or b"?" not in data, (reader, hex(c))


def test_no_character_below_u0370_opens_an_emoji_read_by_a_cjk_code_page():
    # _utf8_cjk asks a stretch of such characters nothing about emoji: an emoji's UTF-8 opens with
    # 0xF0, so the first character of its reading encodes to 0xF0 first in that code page
    for reader, _ in chains.CJK_READERS:
        for ch in map(chr, range(0x370)):
            try:
                data = ch.encode(reader)
            except UnicodeEncodeError:
                continue
            assert data[:1] != b"\xf0", (reader, ch)
    # ... while an emoji read by GBK is still found and repaired
    assert repair("🦯".encode("utf-8").decode("gbk")).text == "🦯"


def test_no_character_below_u0370_is_cjk_like():
    # _utf8_cjk turns a stretch of such characters away before classing any of them: none may be
    # what UTF-8 read as a CJK code page is made of
    assert not any(evidence.cjk_like(chr(c)) for c in range(0x370))


def test_the_dos_code_pages_table_encodes_every_character_as_their_codec_does():
    # a long text is encoded through a charmap table for these code pages, not their codec
    text = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000) + "\U0001f600?\ufffd"
    for reader in evidence._DICT_ENCODED:
        assert evidence.encode_replace(text, reader) == text.encode(reader, "replace"), reader


def test_utf8_patterns_are_the_leftmost_matches_of_the_spelled_out_alternation():
    # the pattern opens with one lead-byte class for speed; its matches must be those of the
    # plain alternation, which every count and search of UTF-8 patterns was defined by
    import re
    plain = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}|[\xc2-\xf4][?]")
    pool = [0x3F, 0x41, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xEF, 0xF0, 0xF4, 0xF5]
    for a in pool:
        for b in pool:
            for c in pool:
                for d in pool:
                    data = bytes([a, b, c, d, 0x80])
                    assert [m.span() for m in evidence._UTF8_SEQ.finditer(data)] == \
                        [m.span() for m in plain.finditer(data)], data


def test_a_long_text_reading_no_lead_character_still_counts_no_utf8_pattern():
    # a long text's code pages that show none of its characters as a UTF-8 lead are counted as
    # zero without encoding it: their bytes hold no pattern indeed
    text = ("Привет, мир. " * 400) + "Ã©tÃ© naÃ¯ve"
    present = frozenset(text)
    for reader in evidence.UTF8_READERS:
        if evidence.lead_chars(reader).isdisjoint(present):
            assert evidence.encoded(text, reader)[1] == 0, reader
    assert "été naïve" in repair(text).text


def test_utf8_sequences_are_the_leftmost_matches_of_the_spelled_out_alternation():
    # the same for the sequence pattern utf8_sequences scans with (CESU-8 pairs and lossy ones too)
    import re
    plain = re.compile(
        rb"\xed[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]"
        rb"|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
        rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
        rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
        rb"|(?P<lossy>[\xc2-\xdf]\?|[\xe0-\xef][\x80-\xbf?]{2}|[\xf0-\xf4][\x80-\xbf?]{3})")
    pool = [0x3F, 0x80, 0x90, 0xA0, 0xB0, 0xBF, 0xC2, 0xE0, 0xE1, 0xED, 0xF0, 0xF1, 0xF4]
    for a in pool:
        for b in pool:
            for c in pool:
                for d in pool:
                    data = bytes([a, b, c, d, 0xB0, 0x80])
                    assert [(m.span(), m.group("lossy") is None) for m in evidence._SEQ_BYTES.finditer(data)] == \
                        [(m.span(), m.group("lossy") is None) for m in plain.finditer(data)], data


def test_gbk_bytes_of_characters_below_u0370_hold_no_run_of_utf8_characters():
    # _cjk_substretches refuses a stretch of such characters unencoded, on these facts: GBK writes
    # each as ASCII or two bytes, the first under 0xE0 and the second no four-byte lead (0xF0-0xF4)
    import random
    encodable = []
    for codec in ("gbk", "gbk-web"):
        for c in range(0x370):
            try:
                data = chr(c).encode(codec)
            except UnicodeEncodeError:
                continue
            encodable.append(chr(c))
            assert len(data) == 1 and data[0] < 0x80 or len(data) == 2 and data[0] < 0xE0 and not 0xF0 <= data[1] <= 0xF4
    # ... and so no run of two three- or four-byte UTF-8 characters is ever found in them
    rng = random.Random(3)
    for _ in range(3000):
        seg = "".join(rng.choice(encodable) for _ in range(rng.randint(3, 12)))
        assert chains._UTF8_RUN.search(seg.encode("gbk")) is None, seg

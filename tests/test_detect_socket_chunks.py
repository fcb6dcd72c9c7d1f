"""Every chunk a socket hands a program: text sent in a legacy encoding (or UTF-8) and read with
recv(n), so that chunks start and end wherever the byte count falls, inside characters included.
Text written for these tests (none from the benchmark sources)."""

from __future__ import annotations

import codecs

import pytest

from codecscope.detection import detect

_FAMILY = {"gbk": "gb18030", "gb2312": "gb18030", "cp950": "big5", "big5hkscs": "big5", "euc_jis_2004": "euc_jp",
           "shift_jis": "cp932", "uhc": "cp949"}

TEXTS = {
    "gbk": "黑马程序员是一家培训机构，今天下午三点在会议室开会，请大家准时参加。我们将讨论下个月的课程安排和学生的反馈意见。"
           "北京的天气越来越冷了，记得多穿衣服。周末我们一起去公园散步吧，顺便买一些水果回家。"
           "服务器返回的数据被截断了，因为每次只读取一千零二十四个字节。请使用增量解码器来处理这个问题。",
    "big5": "台北市今天下午有雷陣雨，請記得帶傘。我們明天早上九點在車站見面，然後一起去參觀博物館。"
            "這個程式會從網路讀取資料，每次讀取一千零二十四個位元組，所以中文字可能會被切開。",
    "cp932": "東京都の天気は明日も晴れるでしょう。週末には友達と一緒に公園で花見をする予定です。よろしくお願いします。"
             "サーバーから受信したデータは千二十四バイトごとに分割されるため、文字が途中で切れることがあります。",
    "cp949": "서울특별시의 날씨는 내일도 맑겠습니다. 주말에는 친구들과 함께 한강 공원에서 자전거를 탈 예정입니다. "
             "서버에서 받은 데이터는 천이십사 바이트씩 나뉘어 도착하기 때문에 한글 글자가 중간에 잘릴 수 있습니다.",
    "cp1251": "Москва — столица России, крупнейший город страны. Завтра в Москве ожидается солнечная погода. "
              "Сервер получает данные кусками по тысяче двадцать четыре байта, поэтому буквы могут быть разрезаны.",
    "utf-8": "黑马程序员是一家培训机构，今天下午三点开会。Москва — столица России. 東京都の天気は明日も晴れるでしょう。",
}


def _family(name: str) -> str:
    name = codecs.lookup(name).name
    return _FAMILY.get(name, name)


def _stream(enc: str) -> tuple[str, bytes, list[int]]:
    """A reply of a few kilobytes (the text sent again and again, as a test server does): its
    text, its bytes, and the byte offset at which each character starts."""
    text = (TEXTS[enc] + "\n") * 8
    starts, at = [], 0
    for ch in text:
        starts.append(at)
        at += len(ch.encode(enc))
    return text, text.encode(enc), starts + [at]


def _whole(text: str, starts: list[int], a: int, b: int) -> str:
    """The characters of ``text`` wholly inside bytes a..b."""
    return "".join(ch for ch, s, e in zip(text, starts, starts[1:]) if s >= a and e <= b)


@pytest.mark.parametrize("enc", list(TEXTS))
@pytest.mark.parametrize("size", [1024, 100])
def test_every_recv_chunk_of_a_stream_is_read_in_its_codec(enc, size):
    text, data, starts = _stream(enc)
    for at in range(0, len(data), size):
        chunk = data[at:at + size]
        det = detect(chunk)
        assert det.encoding is not None and _family(det.encoding) == _family(enc), (at, det.encoding, det.note)
        # every complete character of the chunk, whatever it cut at either end (a Shift_JIS or
        # Big5 trail byte in the ASCII range, first in the chunk, is that letter: nothing tells)
        whole = _whole(text, starts, at, at + size)
        assert det.text is not None and det.text.endswith(whole), (at, det.note)
        assert det.text == whole or len(det.text) == len(whole) + 1 and det.text[0].isascii()
        if size == 1024 and len(chunk) == size:   # a kilobyte of text is evidence enough to act on
            assert det.confidence >= 0.9, (at, det.confidence, det.note)


@pytest.mark.parametrize("enc", ["gbk", "cp949"])
def test_a_chunk_that_starts_on_a_trail_byte_before_ascii_is_not_called_unreadable(enc):
    # the trail byte of '。' before a space or of a Hangul syllable before '.': read from the
    # first byte, the chunk starts with an invalid sequence, which left a right answer at a
    # confidence of one half and a note saying no candidate reads the bytes
    text, data, starts = _stream(enc)
    # the last byte of the character before the first ASCII byte that follows a non-ASCII one
    i = next(i for i in range(1, len(text)) if text[i].isascii() and not text[i - 1].isascii())
    chunk = data[starts[i] - 1:starts[i] - 1 + 100]
    assert chunk[0] >= 0x80 and chunk[1] < 0x80
    det = detect(chunk)
    assert _family(det.encoding) == _family(enc) and det.confidence >= 0.9, (det.encoding, det.note)
    assert det.candidates[0].cut_start and det.candidates[0].invalid == 0

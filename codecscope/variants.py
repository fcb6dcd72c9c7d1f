"""Codecs as Windows programs and browsers actually apply them, registered with ``codecs.register``.

Python's codecs are strict where real software is not, and mojibake is made by real software:

* ``cp1252-web`` … ``cp1258-web``, ``cp874-web``: the Windows code page with every byte Python
  leaves undefined passed through as the code point of the same value (U+0081, U+008D, …), which
  is what the WHATWG Encoding Standard specifies for browsers and what Windows' own
  MultiByteToWideChar does.  ``latin-1-web`` is an alias of ``cp1252-web``: browsers decode text
  labelled ISO-8859-1 as windows-1252.
* ``utf-8-cesu``: UTF-8 that also decodes a surrogate pair written as two 3-byte sequences
  (CESU-8, what Java's "modified UTF-8" and some databases write for emoji) to the one character
  it stands for.  Encoding is UTF-8's.
* ``gbk-web`` (alias ``cp936-web``): GBK where the single byte 0x80 is the euro sign and the
  user-defined areas (0xAAA1-0xAFFE, 0xF8A1-0xFEFE, 0xA140-0xA7A0) are private-use characters, as
  in Windows code page 936 and the WHATWG gbk decoder.
* ``cp932-ibm`` / ``cp932-nec``: cp932 that encodes the characters cp932 has twice back to their
  IBM extension codes (0xFA40-0xFC4B) / NEC row 13 codes (0x8740-0x879C) instead of the duplicate
  Python's encoder picks.  Decoding is cp932's.  Bytes of another codec read as cp932 only come
  back intact this way.

Every variant is a superset of the Python codec it extends, so anything the strict codec encodes
or decodes comes out the same.  ``import codecscope.variants`` registers them; ``codecscope.repairing``
does so itself.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

_In = TypeVar("_In")
_Out = TypeVar("_Out")


class _Encode(Protocol):
    """A codec's stateless encoder, as ``codecs.CodecInfo`` takes it."""

    def __call__(self, text: str, errors: str = ..., /) -> tuple[bytes, int]: ...

_SINGLE = ("cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874")
NAMES = tuple(f"{c}-web" for c in _SINGLE) + ("gbk-web", "cp932-ibm", "cp932-nec", "utf-8-cesu")
ALIASES = {"latin-1-web": "cp1252-web", "latin1-web": "cp1252-web", "iso-8859-1-web": "cp1252-web",
           "cp936-web": "gbk-web", "windows-1252-web": "cp1252-web"}


def _charmap_codec(base: str, name: str) -> codecs.CodecInfo:
    table: list[str] = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode(base))
        except UnicodeDecodeError:
            table.append(chr(b))
    decoding_table = "".join(table)
    # Encoding also takes every C1 control to the byte of the same value, as Latin-1 does: text
    # that passed through both a Latin-1 and a Windows reading holds both kinds of character.
    encoding_table = {ord(c): b for b, c in enumerate(table)}
    extra = "".join(chr(b) for b in range(0x80, 0xA0) if b not in encoding_table)
    for b in range(0x80, 0xA0):
        encoding_table.setdefault(b, b)
    # text without those extra C1 controls (nearly all of it) encodes through the C encoding map
    # of the decoding table, several times faster than a dict
    fast_table = codecs.charmap_build(decoding_table)
    has_extra = re.compile(f"[{extra}]").search if extra else lambda text: None

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return codecs.charmap_encode(text, errors, encoding_table if has_extra(text) else fast_table)

    def decode(data: ReadableBuffer, errors: str = "strict") -> tuple[str, int]:
        return codecs.charmap_decode(data, errors, decoding_table)

    class IncrementalEncoder(codecs.IncrementalEncoder):
        def encode(self, text: str, final: bool = False) -> bytes:
            return codecs.charmap_encode(text, self.errors, encoding_table)[0]

    class IncrementalDecoder(codecs.IncrementalDecoder):
        def decode(self, data: ReadableBuffer, final: bool = False) -> str:
            return codecs.charmap_decode(data, self.errors, decoding_table)[0]

    return codecs.CodecInfo(encode, decode, name=name, incrementalencoder=IncrementalEncoder,
                            incrementaldecoder=IncrementalDecoder)


# The GBK variant wraps Python's codec with an error handler that knows the euro byte; the policy
# the caller asked for is kept per thread so nested and concurrent calls do not mix.
_local = threading.local()


def _policy() -> str:
    return getattr(_local, "policy", "strict")


def _gbk_euro(exc: UnicodeError) -> tuple[str | bytes, int]:
    if isinstance(exc, UnicodeDecodeError):
        obj, i = exc.object, exc.start
        if obj[i] == 0x80:
            return "\u20ac", i + 1
        if i + 1 < len(obj) and obj[i] >= 0xA1:
            # the user-defined areas, which Windows and browsers map to private use
            try:
                ch = bytes(obj[i:i + 2]).decode("gb18030")
            except UnicodeDecodeError:
                ch = ""
            if len(ch) == 1 and "\ue000" <= ch <= "\uf8ff":
                return ch, i + 2
    elif isinstance(exc, UnicodeEncodeError):
        ch = exc.object[exc.start]
        if ch == "\u20ac":
            return b"\x80", exc.start + 1
        if "\ue000" <= ch <= "\uf8ff":
            b = ch.encode("gb18030")
            if len(b) == 2:
                return b, exc.start + 1
    return codecs.lookup_error(_policy())(exc)


codecs.register_error("codecscope.gbk-euro", _gbk_euro)


def _with_policy(fn: Callable[[_In, str], tuple[_Out, int]], obj: _In, errors: str) -> tuple[_Out, int]:
    old = getattr(_local, "policy", None)
    _local.policy = errors
    try:
        return fn(obj, "codecscope.gbk-euro")
    finally:
        _local.policy = old if old is not None else "strict"


def _gbk_encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
    try:
        return codecs.lookup("gbk").encode(text)
    except UnicodeEncodeError:
        if errors == "strict" and not _EURO_OR_PRIVATE.search(text):
            # nothing the variant adds is in the text: the strict codec's refusal stands (and the
            # error handler's round trip costs some 40 times a plain refusal)
            raise
        return _with_policy(codecs.lookup("gbk").encode, text, errors)


_EURO_OR_PRIVATE = re.compile("[\u20ac\ue000-\uf8ff]")


def _gbk_decode(data: ReadableBuffer, errors: str = "strict") -> tuple[str, int]:
    data = bytes(data)
    try:
        return codecs.lookup("gbk").decode(data)
    except UnicodeDecodeError:
        return _with_policy(codecs.lookup("gbk").decode, data, errors)


class _GbkIncrementalDecoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data: ReadableBuffer, errors: str, final: bool) -> tuple[str, int]:
        data = bytes(data)
        if not final:
            # hold back a trailing lead byte so a character split across chunks stays whole
            i = len(data)
            while i > 0 and data[i - 1] >= 0x81:
                i -= 1
            if (len(data) - i) % 2:
                text, _ = _gbk_decode(data[:-1], errors)
                return text, len(data) - 1
        return _gbk_decode(data, errors)


class _GbkIncrementalEncoder(codecs.IncrementalEncoder):
    def encode(self, text: str, final: bool = False) -> bytes:
        return _gbk_encode(text, self.errors)[0]


_ALT: dict[str, dict[str, bytes]] = {}
# cp932 decodes several codes to one character; Python encodes back to one of them.  The
# variants prefer another: the IBM extensions (lead bytes 0xFA-0xFC) or NEC row 13 (0x87).
_PREFER = {"cp932-ibm": (0xFA, 0xFB, 0xFC), "cp932-nec": (0x87,)}


def _alt_map(name: str) -> dict[str, bytes]:
    if name not in _ALT:
        m: dict[str, bytes] = {}
        for lead in _PREFER[name]:
            for trail in range(0x40, 0xFD):
                b = bytes((lead, trail))
                try:
                    ch = b.decode("cp932")
                except UnicodeDecodeError:
                    continue
                if ch.encode("cp932") != b:
                    m.setdefault(ch, b)
        _ALT[name] = m
    return _ALT[name]


def alt_codes(name: str) -> dict[str, bytes]:
    """For ``cp932-ibm`` / ``cp932-nec``: character -> the code this variant encodes it to
    where that differs from cp932's."""
    return dict(_alt_map(name))


def _alt_encoder(name: str) -> tuple[_Encode, type[codecs.IncrementalEncoder]]:
    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        m = _alt_map(name)
        if m.keys().isdisjoint(text):
            return codecs.lookup("cp932").encode(text, errors)
        out = bytearray()
        for ch in text:
            b = m.get(ch)
            out += b if b is not None else codecs.lookup("cp932").encode(ch, errors)[0]
        return bytes(out), len(text)

    class IncrementalEncoder(codecs.IncrementalEncoder):
        def encode(self, text: str, final: bool = False) -> bytes:
            return encode(text, self.errors)[0]

    return encode, IncrementalEncoder


_CESU_PAIR = re.compile(rb"\xed[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]")


def _cesu_pair(m: re.Match[bytes]) -> bytes:
    b = m.group()
    hi = 0xD000 | (b[1] & 0x3F) << 6 | (b[2] & 0x3F)
    lo = 0xD000 | (b[4] & 0x3F) << 6 | (b[5] & 0x3F)
    return chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).encode("utf-8")


def _cesu_decode(data: ReadableBuffer, errors: str = "strict") -> tuple[str, int]:
    data = bytes(data)
    return _CESU_PAIR.sub(_cesu_pair, data).decode("utf-8", errors), len(data)


def _norm(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


_CACHE: dict[str, codecs.CodecInfo] = {}


def _search(name: str) -> codecs.CodecInfo | None:
    key = _norm(name)
    key = ALIASES.get(key, key)
    if key not in NAMES:
        return None
    if key not in _CACHE:
        if key in _PREFER:
            base = codecs.lookup("cp932")
            enc, inc = _alt_encoder(key)
            _CACHE[key] = codecs.CodecInfo(enc, base.decode, name=key, incrementalencoder=inc,
                                           incrementaldecoder=base.incrementaldecoder)
        elif key == "utf-8-cesu":
            utf8 = codecs.lookup("utf-8")
            _CACHE[key] = codecs.CodecInfo(utf8.encode, _cesu_decode, name=key)
        elif key == "gbk-web":
            _CACHE[key] = codecs.CodecInfo(_gbk_encode, _gbk_decode, name=key,
                                           incrementalencoder=_GbkIncrementalEncoder,
                                           incrementaldecoder=_GbkIncrementalDecoder)
        else:
            _CACHE[key] = _charmap_codec(key[:-4], key)
    return _CACHE[key]


_registered = False


def register() -> None:
    """Register the variant codecs (idempotent; importing this module already does it)."""
    global _registered
    if not _registered:
        codecs.register(_search)
        _registered = True


register()

__all__ = ["ALIASES", "NAMES", "register"]

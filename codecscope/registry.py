"""The encodings registry: what each supported codec's bytes look like.

Every feature (the decode walk, explain, boundary analysis, repair, detection, scan) asks this
module about byte structure instead of re-deriving it.  Codecs Python knows but the registry does
not describe still work: they get a generic entry whose structure is unknown.
"""

from __future__ import annotations

import codecs
import difflib
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import UnknownEncodingError
from .i18n import N_

UNICODE = "unicode"
CJK = "cjk-multibyte"
SINGLE = "single-byte"
STATEFUL = "stateful"
OTHER = "other"

Ranges = tuple[tuple[int, int], ...]


def _in(b: int, ranges: Ranges) -> bool:
    for lo, hi in ranges:
        if lo <= b <= hi:
            return True
    return False


def _fmt_ranges(ranges: Ranges) -> str:
    return ", ".join(f"0x{lo:02X}" if lo == hi else f"0x{lo:02X}–0x{hi:02X}" for lo, hi in ranges)


@dataclass(frozen=True)
class Encoding:
    """One codec and its byte structure.

    ``lead``/``trail`` describe multibyte codecs: a byte in ``lead`` starts a multi-byte sequence
    whose following byte must be in ``trail``.  ``single`` lists the bytes that stand alone.
    """

    name: str                    # Python codec name, as codecs.lookup() spells it
    label: str                   # how people write it: "GBK", "Shift_JIS"
    family: str
    max_len: int = 1
    aliases: tuple[str, ...] = ()
    single: Ranges = ((0x00, 0x7F),)
    lead: Ranges = ()
    trail: Ranges = ()
    bom: bytes = b""
    unit: int = 1                # code unit size: 2 for UTF-16, 4 for UTF-32
    superset: str | None = None  # the codec to name when this family is detected
    description: str = ""
    undefined: frozenset[int] = field(default=frozenset(), compare=False)

    @property
    def stateful(self) -> bool:
        return self.family == STATEFUL

    @property
    def multibyte(self) -> bool:
        return self.max_len > 1

    def is_lead(self, b: int) -> bool:
        return _in(b, self.lead)

    def is_trail(self, b: int) -> bool:
        return _in(b, self.trail)

    def lead_text(self) -> str:
        return _fmt_ranges(self.lead)

    def trail_text(self) -> str:
        return _fmt_ranges(self.trail)

    def seq_len(self, data: bytes, i: int) -> int:
        """Length of the character starting at ``data[i]`` in *valid* data of this encoding."""
        b = data[i]
        if self.name == "utf-8" or self.name == "utf-8-sig":
            return 1 if b < 0x80 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4
        if self.unit == 2:
            hi = data[i] if self.name == "utf-16-be" else data[i + 1]
            return 4 if 0xD8 <= hi <= 0xDB else 2
        if self.unit == 4:
            return 4
        if self.name == "gb18030" and b >= 0x81 and i + 1 < len(data) and 0x30 <= data[i + 1] <= 0x39:
            return 4
        if self.name == "euc_jp" and b == 0x8F:
            return 3
        if self.multibyte and _in(b, self.lead):
            return 2
        return 1


_A = ((0x00, 0x7F),)
_ENTRIES: list[Encoding] = [
    Encoding("utf-8", "UTF-8", UNICODE, 4, ("utf8", "u8", "cp65001"), _A, ((0xC2, 0xF4),), ((0x80, 0xBF),),
             description="Unicode, 1–4 bytes per character"),
    Encoding("utf-8-sig", "UTF-8 with BOM", UNICODE, 4, ("utf_8_sig",), _A, ((0xC2, 0xF4),), ((0x80, 0xBF),),
             bom=codecs.BOM_UTF8, description="UTF-8 that starts with EF BB BF"),
    Encoding("utf-16", "UTF-16", UNICODE, 4, ("utf16",), (), unit=2, bom=codecs.BOM_UTF16_LE,
             description="UTF-16 with a BOM choosing the byte order (little-endian without one)"),
    Encoding("utf-16-le", "UTF-16LE", UNICODE, 4, ("utf_16_le", "utf-16le"), (), unit=2,
             description="UTF-16 little-endian, 2 or 4 bytes per character"),
    Encoding("utf-16-be", "UTF-16BE", UNICODE, 4, ("utf_16_be", "utf-16be"), (), unit=2,
             description="UTF-16 big-endian, 2 or 4 bytes per character"),
    Encoding("utf-32", "UTF-32", UNICODE, 4, ("utf32",), (), unit=4, bom=codecs.BOM_UTF32_LE,
             description="UTF-32 with a BOM choosing the byte order"),
    Encoding("utf-32-le", "UTF-32LE", UNICODE, 4, ("utf_32_le", "utf-32le"), (), unit=4),
    Encoding("utf-32-be", "UTF-32BE", UNICODE, 4, ("utf_32_be", "utf-32be"), (), unit=4),
    Encoding("gbk", "GBK", CJK, 2, ("cp936", "ms936", "windows-936"), _A, ((0x81, 0xFE),),
             ((0x40, 0x7E), (0x80, 0xFE)), superset="gb18030",
             description="Simplified Chinese (Windows code page 936)"),
    Encoding("gb2312", "GB2312", CJK, 2, ("euc-cn", "euc_cn", "eucgb2312-cn"), _A, ((0xA1, 0xF7),),
             ((0xA1, 0xFE),), superset="gb18030", description="Simplified Chinese, 7,445 characters"),
    Encoding("gb18030", "GB18030", CJK, 4, ("gb18030-2000",), _A, ((0x81, 0xFE),),
             ((0x30, 0x39), (0x40, 0x7E), (0x80, 0xFE)),
             description="Chinese national standard covering all of Unicode; 1, 2 or 4 bytes"),
    Encoding("big5", "Big5", CJK, 2, ("big5-tw", "csbig5", "cp950"), _A, ((0x81, 0xFE),),
             ((0x40, 0x7E), (0xA1, 0xFE)), superset="big5hkscs", description="Traditional Chinese"),
    Encoding("big5hkscs", "Big5-HKSCS", CJK, 2, ("big5-hkscs", "hkscs"), _A, ((0x81, 0xFE),),
             ((0x40, 0x7E), (0xA1, 0xFE)), description="Big5 with the Hong Kong supplement"),
    Encoding("cp932", "cp932 (Windows Shift_JIS)", CJK, 2, ("ms932", "mskanji", "windows-31j"),
             ((0x00, 0x80), (0xA0, 0xDF), (0xFD, 0xFF)), ((0x81, 0x9F), (0xE0, 0xFC)),
             ((0x40, 0x7E), (0x80, 0xFC)), description="Japanese, Microsoft's Shift_JIS"),
    Encoding("shift_jis", "Shift_JIS", CJK, 2, ("sjis", "shiftjis", "s_jis", "csshiftjis"),
             ((0x00, 0x7F), (0xA1, 0xDF)), ((0x81, 0x9F), (0xE0, 0xEF)), ((0x40, 0x7E), (0x80, 0xFC)),
             superset="cp932", description="Japanese (JIS X 0208)"),
    Encoding("euc_jp", "EUC-JP", CJK, 3, ("euc-jp", "eucjp", "ujis"), _A, ((0x8E, 0x8F), (0xA1, 0xFE)),
             ((0xA1, 0xFE),), description="Japanese, Unix"),
    Encoding("euc_kr", "EUC-KR", CJK, 2, ("euc-kr", "euckr", "ks_c-5601-1987", "ksc5601"), _A,
             ((0xA1, 0xFE),), ((0xA1, 0xFE),), superset="cp949", description="Korean (KS X 1001)"),
    Encoding("cp949", "cp949 (Unified Hangul Code)", CJK, 2, ("uhc", "ms949"), _A, ((0x81, 0xFE),),
             ((0x41, 0x5A), (0x61, 0x7A), (0x81, 0xFE)), description="Korean, Microsoft's EUC-KR superset"),
    Encoding("iso2022_jp", "ISO-2022-JP", STATEFUL, 8, ("iso-2022-jp", "csiso2022jp"), _A,
             description="Japanese, 7-bit with escape sequences (mail)"),
    Encoding("iso2022_kr", "ISO-2022-KR", STATEFUL, 8, ("iso-2022-kr", "csiso2022kr"), _A,
             description="Korean, 7-bit with SO/SI shifts (mail)"),
    Encoding("hz", "HZ", STATEFUL, 4, ("hzgb", "hz-gb", "hz-gb-2312"), _A,
             description="Simplified Chinese, 7-bit, ~{ ... ~} shifts"),
    Encoding("latin-1", "Latin-1", SINGLE, 1, ("iso-8859-1", "iso8859-1", "latin1", "l1"), ((0x00, 0xFF),),
             description="Western European; every byte is a character"),
    Encoding("ascii", "ASCII", SINGLE, 1, ("us-ascii", "646"), _A, description="7-bit"),
]
_SINGLE_BYTE = {
    "cp1252": ("Windows-1252", ("windows-1252",), "Western European (Windows)"),
    "cp1250": ("Windows-1250", ("windows-1250",), "Central European (Windows)"),
    "cp1251": ("Windows-1251", ("windows-1251",), "Cyrillic (Windows)"),
    "cp1253": ("Windows-1253", ("windows-1253",), "Greek (Windows)"),
    "cp1254": ("Windows-1254", ("windows-1254",), "Turkish (Windows)"),
    "cp1255": ("Windows-1255", ("windows-1255",), "Hebrew (Windows)"),
    "cp1256": ("Windows-1256", ("windows-1256",), "Arabic (Windows)"),
    "cp1257": ("Windows-1257", ("windows-1257",), "Baltic (Windows)"),
    "koi8_r": ("KOI8-R", ("koi8-r",), "Russian (Unix)"),
    "koi8_u": ("KOI8-U", ("koi8-u",), "Ukrainian (Unix)"),
    "cp866": ("cp866", ("ibm866",), "Cyrillic (DOS)"),
    "mac_roman": ("MacRoman", ("mac-roman", "macintosh"), "Western European (classic Mac OS)"),
    "mac_cyrillic": ("MacCyrillic", ("mac-cyrillic",), "Cyrillic (classic Mac OS)"),
    "cp437": ("cp437", ("ibm437",), "US DOS, box drawing"),
    "cp850": ("cp850", ("ibm850",), "Western European DOS"),
    "iso8859_2": ("ISO-8859-2", ("iso-8859-2", "latin2"), "Central European"),
    "iso8859_5": ("ISO-8859-5", ("iso-8859-5",), "Cyrillic (ISO)"),
    "iso8859_7": ("ISO-8859-7", ("iso-8859-7", "greek"), "Greek"),
    "iso8859_8": ("ISO-8859-8", ("iso-8859-8", "hebrew"), "Hebrew"),
    "iso8859_9": ("ISO-8859-9", ("iso-8859-9", "latin5"), "Turkish"),
    "iso8859_15": ("ISO-8859-15", ("iso-8859-15", "latin9"), "Western European with €"),
    "tis_620": ("TIS-620", ("tis-620",), "Thai"),
    "cp874": ("Windows-874", ("windows-874",), "Thai (Windows; TIS-620 with typographic extras)"),
    "cp1258": ("Windows-1258", ("windows-1258",), "Vietnamese (Windows; tone marks as combining characters)"),
    "iso8859_6": ("ISO-8859-6", ("iso-8859-6", "arabic"), "Arabic (ISO)"),
    "iso8859_13": ("ISO-8859-13", ("iso-8859-13", "latin7"), "Baltic (ISO)"),
    "mac_greek": ("MacGreek", ("mac-greek",), "Greek (classic Mac OS)"),
    "mac_latin2": ("MacCentralEurope", ("mac-latin2", "mac-centeuro"), "Central European (classic Mac OS)"),
    "mac_turkish": ("MacTurkish", ("mac-turkish",), "Turkish (classic Mac OS)"),
}


def decodes(data: bytes, codec: str) -> bool:
    """Whether ``data`` decodes strictly in ``codec``."""
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _decodes_as_pair(name: str, lead: int) -> bool:
    """Does a byte that is invalid alone start a two-byte character?  (a multibyte codec)"""
    for trail in (0x40, 0x80, 0xA1, 0xB0):
        try:
            if len(bytes([lead, trail]).decode(name)) == 1:
                return True
        except UnicodeDecodeError:
            pass
    return False


def _undefined_single(name: str) -> frozenset[int]:
    """:func:`_undefined_bytes` of a known single-byte code page, with one decode of all 256
    bytes: an undefined byte comes back as a lone surrogate (surrogateescape)."""
    text = bytes(range(256)).decode(name, "surrogateescape")
    if len(text) != 256:   # not one character per byte after all
        return _undefined_bytes(name)
    return frozenset(b for b, ch in enumerate(text) if "\udc80" <= ch <= "\udcff")


def _undefined_bytes(name: str) -> frozenset[int]:
    bad = set()
    for b in range(256):
        try:
            bytes([b]).decode(name)
        except UnicodeDecodeError:
            bad.add(b)
    return frozenset(bad)


for _name, (_label, _aliases, _desc) in _SINGLE_BYTE.items():
    _ENTRIES.append(Encoding(_name, _label, SINGLE, 1, _aliases, ((0x00, 0xFF),), description=_desc,
                             undefined=_undefined_single(_name)))
_ENTRIES = [e if e.family != SINGLE or e.undefined else
            Encoding(**{**e.__dict__, "undefined": _undefined_single(e.name)}) for e in _ENTRIES]

REGISTRY: dict[str, Encoding] = {e.name: e for e in _ENTRIES}


def _key(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


_BY_KEY: dict[str, Encoding] = {}
for _e in _ENTRIES:
    for _n in (_e.name, _e.label, *_e.aliases):
        _BY_KEY.setdefault(_key(_n), _e)


# Byte order marks, longest first (the UTF-32-LE BOM starts with the UTF-16-LE one):
# (bytes, the codec of the text after it, the BOM-aware codec that strips it).
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


def sniff_bom(data: bytes) -> tuple[bytes, str, str] | None:
    """The byte order mark ``data`` starts with, as a row of :data:`BOMS`, or None."""
    for row in BOMS:
        if data.startswith(row[0]):
            return row
    return None


_PLAIN = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}


def plain_codec(name: str) -> str:
    """The codec for text *after* any BOM: BOM-aware codecs map to their BOM-less form
    (little-endian, as the walk assumes when no BOM chooses); others map to themselves."""
    name = get(name).name
    return _PLAIN.get(name, name)


def names() -> list[str]:
    """Canonical names of every registered encoding, in registry order."""
    return list(REGISTRY)


# Codecs Python marks as text encodings that do not map text to bytes one character at a time:
# host names, escape syntaxes and a codec that refuses everything.
_NOT_TEXT = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})


def get(name: str) -> Encoding:
    """Return the registry entry for ``name`` (any alias, any case).

    Codecs that Python knows but the registry does not describe get a generic entry.  Raises
    :class:`UnknownEncodingError` (a ``LookupError`` and a ``ValueError``) with close suggestions
    otherwise, and for codecs that are not text encodings with the list of what is accepted.
    """
    if not isinstance(name, str) or not name.strip():  # checked before the cache: [] is unhashable
        raise UnknownEncodingError(name if isinstance(name, str) else repr(name), [], note=N_("is not an encoding name"))
    return _get(name)


@lru_cache(maxsize=256)
def _get(name: str) -> Encoding:
    hit = _BY_KEY.get(_key(name))
    if hit is not None:
        return hit
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        pool = sorted(_BY_KEY)
        close = difflib.get_close_matches(_key(name), pool, n=12, cutoff=0.7)
        suggestions = list(dict.fromkeys(_BY_KEY[c].name for c in close))[:3]  # aliases share names
        raise UnknownEncodingError(name, suggestions) from None
    hit = REGISTRY.get(info.name) or _BY_KEY.get(_key(info.name))
    if hit is not None:
        return hit
    if getattr(info, "_is_text_encoding", True) is False or _key(info.name) in _NOT_TEXT:
        raise UnknownEncodingError(name, [], note=N_("is not a text encoding"), accepted=names())
    try:
        undefined = _undefined_bytes(info.name)
        sized = all(len(bytes([b]).decode(info.name)) == 1 for b in range(256) if b not in undefined)
        sized = sized and not any(_decodes_as_pair(info.name, b) for b in undefined)
    except Exception:  # stateful or exotic codecs
        sized = False
    if sized:
        return Encoding(info.name, info.name, SINGLE, 1, (), ((0x00, 0xFF),), undefined=undefined)
    return Encoding(info.name, info.name, OTHER, 4, ())


def canonical(name: str) -> str:
    """The canonical Python codec name for any alias: ``canonical('CP936') == 'gbk'``."""
    return get(name).name

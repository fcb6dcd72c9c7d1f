"""Shapes other libraries use, for code migrating to codecscope.

``chardet.detect(data)`` returns ``{"encoding", "confidence", "language"}`` with its own spelling
of encoding names ("GB18030", "Windows-1251", "SHIFT_JIS", "utf-8", "ascii") and, since chardet 7,
ISO 639-1 language codes.  :func:`as_chardet` gives a :class:`~codecscope.Detection` that shape,
so ``chardet.detect(data)`` becomes ``codecscope.detect(data).as_chardet()``.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from .detection import Detection

# Python's codec name (codecs.lookup(...).name) -> the name chardet reports.  Names chardet
# reports as Python spells them ("utf-8", "ascii", "big5") are not listed.  Where chardet reports
# a smaller codec's name for a superset (GB2312 for GBK, Big5 for Big5-HKSCS), the superset keeps
# its own name here: every name given must decode what the detection read.
CHARDET_NAMES = {
    "gb18030": "GB18030", "gbk": "GBK", "gb2312": "GB2312", "hz": "HZ-GB-2312",
    "big5": "Big5", "big5hkscs": "Big5-HKSCS", "cp950": "CP950",
    "cp932": "CP932", "shift_jis": "SHIFT_JIS", "shift_jis_2004": "Shift_JIS-2004",
    "euc_jp": "EUC-JP", "euc_jis_2004": "EUC-JIS-2004", "iso2022_jp": "ISO-2022-JP", "iso2022_jp_2": "ISO-2022-JP-2",
    "cp949": "CP949", "euc_kr": "EUC-KR", "johab": "Johab", "iso2022_kr": "ISO-2022-KR",
    "cp855": "IBM855", "cp866": "IBM866", "koi8-r": "KOI8-R", "koi8-u": "KOI8-U", "mac-cyrillic": "MacCyrillic",
    "mac-roman": "MacRoman", "mac-greek": "MacGreek", "mac-latin2": "MacLatin2", "mac-turkish": "MacTurkish",
    "cp874": "CP874", "tis-620": "TIS-620", "kz1048": "KZ1048",
    "utf-8-sig": "UTF-8-SIG", "utf-16": "UTF-16", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE",
    "utf-32": "UTF-32", "utf-32-le": "UTF-32LE", "utf-32-be": "UTF-32BE",
    **{f"iso8859-{n}": f"ISO-8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16)},
    **{f"cp125{n}": f"Windows-125{n}" for n in range(9)},
}

# The language names codecscope's detector reports (charset-normalizer's) -> ISO 639-1.
ISO_639_1 = {
    "Arabic": "ar", "Bulgarian": "bg", "Chinese": "zh", "Chinese (simplified)": "zh",
    "Chinese (traditional)": "zh", "Croatian": "hr", "Czech": "cs", "Danish": "da", "Dutch": "nl",
    "English": "en", "Estonian": "et", "Farsi": "fa", "Finnish": "fi", "French": "fr", "German": "de",
    "Greek": "el", "Hebrew": "he", "Hungarian": "hu", "Italian": "it", "Japanese": "ja", "Korean": "ko",
    "Latvian": "lv", "Lithuanian": "lt", "Norwegian": "no", "Polish": "pl", "Portuguese": "pt",
    "Romanian": "ro", "Russian": "ru", "Serbian": "sr", "Slovak": "sk", "Slovene": "sl", "Spanish": "es",
    "Swedish": "sv", "Thai": "th", "Turkish": "tr", "Ukrainian": "uk", "Vietnamese": "vi",
}


def chardet_name(encoding: str) -> str:
    """``encoding`` as chardet spells it (``"cp1251"`` -> ``"Windows-1251"``); a name chardet has
    no spelling of comes back as Python's.  Every name returned is the same codec to
    ``bytes.decode``."""
    try:
        python = codecs.lookup(encoding).name
    except LookupError:   # one of codecscope's own variants, known to codecscope's registry only
        return encoding
    return CHARDET_NAMES.get(python, python)


class ChardetResult(TypedDict):
    """The dict ``chardet.detect`` returns."""

    encoding: str | None
    confidence: float
    language: str | None
    mime_type: str


def as_chardet(detection: Detection) -> ChardetResult:
    """``{"encoding", "confidence", "language", "mime_type"}`` as ``chardet.detect`` returns them
    (chardet 7 added ``mime_type``): ``encoding`` is ``None`` for empty or binary input,
    ``language`` an ISO 639-1 code or ``None``, ``mime_type`` ``application/octet-stream`` for
    binary input and ``text/plain`` otherwise."""
    if detection.encoding is None:
        binary = detection.size > 0
        return {"encoding": None, "confidence": 0.0, "language": None,
                "mime_type": "application/octet-stream" if binary else "text/plain"}
    best = detection.best
    language = best.language if best is not None and best.encoding == detection.encoding else None
    return {"encoding": chardet_name(detection.encoding), "confidence": float(detection.confidence),
            "language": ISO_639_1.get(language or ""), "mime_type": "text/plain"}

"""Translated messages through the standard ``gettext`` machinery.

Result objects keep English: their ``kind`` codes and ``to_dict()`` are stable.  What a person
reads goes through :func:`localize` at rendering time.  A sentence built from values is a
:class:`Msg`: a ``str`` holding the English text, which also remembers its template and values,
so a renderer can look the template up in the catalog and fill in the same values.

The catalogs live in the package (``codecscope/locale/<lang>/LC_MESSAGES/codecscope.{po,mo}``);
``tools/build_catalogs.py`` compiles the ``.po`` source into the ``.mo`` that gettext reads.
The command line chooses the language with :func:`setup`: ``codecscope --lang zh``, or like every
gettext program from ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``.  In Python, rendering is
English until ``codecscope.i18n.setup("zh")`` (or ``setup()`` to follow the locale) is called.
"""

from __future__ import annotations

import gettext
import math
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

DOMAIN = "codecscope"
LOCALEDIR = str(Path(__file__).resolve().parent / "locale")
LANGUAGES = ("en", "zh")

_translation: gettext.NullTranslations | None = None


def setup(lang: str | None = None) -> gettext.NullTranslations:
    """Choose the language: ``lang`` (``"zh"``, ``"zh_CN"``, ``"en"``), else the environment.

    Returns the translations object; unknown languages fall back to English.
    """
    global _translation
    languages = None
    if lang:
        languages = [lang.replace("-", "_")]
    _translation = gettext.translation(DOMAIN, LOCALEDIR, languages=languages, fallback=True)
    return _translation


def _t() -> gettext.NullTranslations:
    # A library renders English until asked: the CLI calls setup() (--lang or the locale), a program
    # may call setup("zh") itself.  Output that changed with the environment would surprise callers.
    global _translation
    if _translation is None:
        _translation = gettext.NullTranslations()
    return _translation


def _(message: str) -> str:
    """The translation of ``message`` (itself when the catalog has none)."""
    return _t().gettext(message) if message else message


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (it is translated when shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _t().ngettext(singular, plural, n)


class Msg(str):
    """English text built from a template: ``Msg("{n} bytes", n=3) == "3 bytes"``.

    It is a plain ``str`` everywhere (JSON, comparisons, ``+``); :func:`localize` renders it in
    the current language from ``template`` and ``values``.  Values that are themselves ``Msg``
    are localized too.
    """

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Msg:
        self = super().__new__(cls, template.format(**values))
        self.template = template
        self.values = values
        return self

    def __reduce__(self) -> tuple[Callable[..., Msg], tuple[str, dict[str, object]]]:
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict[str, object]) -> Msg:
    return Msg(template, **values)


def joined(items: Sequence[object], more: bool = False) -> Msg:
    """A list of words or translatable items as one :class:`Msg`: the joining template has no
    words of its own, and the separator is translated too (Chinese lists use 、)."""
    values = {f"w{k}": x for k, x in enumerate(items)}
    return Msg("{sep}".join("{%s}" % k for k in values) + (" …" if more else ""), sep=Msg(", "), **values)


def localize(text: object) -> str:
    """``text`` in the current language: a :class:`Msg` by its template, any other string as a
    catalog entry of its own (unknown strings come back unchanged)."""
    if isinstance(text, Msg):
        values = {k: localize(v) if isinstance(v, Msg) else v for k, v in text.values.items()}
        translated = _(text.template)
        for k, v in text.values.items():
            if isinstance(v, Msg):
                translated = _close_up(translated, k, str(values[k]))
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):   # a broken catalog entry must not hide the message
            return text.template.format(**values)
    if isinstance(text, str):
        return _(text)
    return str(text)


_HAN = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"


def _close_up(template: str, key: str, value: str) -> str:
    """The template without the space between a translated value and Chinese text beside it:
    Chinese sets a space between Han and Latin (``--jobs 至少为 1``), never between two Han
    characters (``该值至少为 1``).  Only a space the template holds is dropped, never the user's."""
    if value[-1:] and re.match(_HAN, value[-1]):
        template = re.sub(r"(\{%s(?:![rsa])?(?::[^}]*)?\}) (?=%s)" % (re.escape(key), _HAN), r"\1", template)
    if value[:1] and re.match(_HAN, value[0]):
        template = re.sub(r"(?<=%s) (\{%s(?:![rsa])?(?::[^}]*)?\})" % (_HAN, re.escape(key)), r"\1", template)
    return template


def shown_confidence(p: float) -> float:
    """A confidence as the tool prints it: rounded down to a whole percent, so an answer held
    under 0.9 never reads "90%" (from 0.995 it rounds to 100%, as no minimum is set that high)."""
    return 1.0 if p >= 0.995 else math.floor(p * 100 + 1e-9) / 100


def _literal(text: str) -> Msg:
    """A fixed English text (not a template) as a :class:`Msg`, looked up in the catalog as is."""
    return Msg(text.replace("{", "{{").replace("}", "}}"))


def os_reason(e: OSError) -> Msg:
    """Why an operating-system call failed, as a :class:`Msg`: the C library's English text for
    its error number (asyncio's "Connect call failed (...)" says less), which the catalog
    translates for the common cases listed below."""
    if e.errno and e.errno > 0:   # (a resolver's error, socket.gaierror, has a negative number)
        return _literal(os.strerror(e.errno))
    return _literal(e.strerror or str(e))


def codec_reason(why: str) -> Msg:
    """A Python codec's reason (``UnicodeDecodeError.reason``) as a :class:`Msg`: the catalog
    translates the ones listed below."""
    return _literal(why)


N_("invalid start byte"), N_("invalid continuation byte"), N_("unexpected end of data"), N_("truncated data")
N_("illegal multibyte sequence"), N_("incomplete multibyte sequence"), N_("character maps to <undefined>")
N_("ordinal not in range(128)"), N_("ordinal not in range(256)"), N_("illegal encoding"), N_("illegal UTF-16 surrogate")
N_("code point not in range(0x110000)"), N_("code point in surrogate code point range(0xd800, 0xe000)")
N_("illegal surrogate"), N_("surrogates not allowed")


# The C library's texts for the failures a user meets (files, sockets), for the catalog.
N_("No such file or directory"), N_("Permission denied"), N_("Is a directory"), N_("Not a directory")
N_("Connection refused"), N_("Connection reset by peer"), N_("Connection timed out"), N_("No route to host")
N_("Network is unreachable"), N_("Address already in use"), N_("Cannot assign requested address")
N_("Broken pipe"), N_("Read-only file system"), N_("No space left on device"), N_("Operation not permitted")
N_("Too many open files"), N_("File exists"), N_("Device or resource busy"), N_("Name or service not known")
N_("Temporary failure in name resolution"), N_("timed out"), N_("Address family not supported by protocol")


__all__ = ["setup", "localize", "joined", "Msg", "os_reason", "codec_reason", "_", "N_", "ngettext", "DOMAIN", "LOCALEDIR", "LANGUAGES"]

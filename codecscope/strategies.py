"""Hypothesis strategies that know the byte structure of every encoding codecscope knows.

Import this module in your tests (it needs hypothesis: ``pip install 'codecscope[hypothesis]'``)::

    from hypothesis import given
    from codecscope.strategies import chunked

    @given(chunked("utf-8"))
    def test_recv_loop(case):
        text, chunks = case
        assert my_receiver(chunks) == text

* :func:`text_in` – text an encoding can carry, weighted toward multibyte and rare-but-valid
  characters (the alphabet is derived from the codec and the registry, not from a hand list);
* :func:`encoded` – ``(text, bytes)`` pairs;
* :func:`chunkings` – ways to cut bytes into chunks, favouring cuts *inside* characters;
* :func:`chunked` – ``(text, chunks)`` pairs, the two above combined;
* :func:`invalid_bytes` – bytes the codec must reject: truncated, overlong, stray continuation,
  bad trail bytes, unassigned sequences, lone surrogates;
* :func:`mojibake` – ``(garbled, original, steps)`` where ``steps`` replays with
  ``codecscope.apply_steps(original, steps) == garbled``.

Every strategy is built lazily (nothing is computed until hypothesis draws) and shrinks toward
short, readable examples: fewer characters, letters before symbols, fewer cuts, earlier cuts.
"""

from __future__ import annotations

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "codecscope.strategies needs hypothesis; install the hypothesis extra: pip install 'codecscope[hypothesis]'"
    ) from exc

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from . import registry
from .errors import InputError, InputTypeError
from .registry import OTHER, SINGLE, STATEFUL, UNICODE, Encoding
from .walking import units

__all__ = ["text_in", "encoded", "chunkings", "chunked", "invalid_bytes", "mojibake", "INVALID_KINDS",
           "replay"]

# The BOM-less codec to encode single characters with (the walk makes the same choice).
_SURROGATES = (0xD800, 0xDFFF)
_RARE_CATEGORIES = ("Mn", "Me", "Cf", "Zl", "Zp", "Co")


def _info(encoding: str) -> Encoding:
    return registry.get(encoding)  # raises UnknownEncodingError eagerly, with suggestions


def _chars(**kw: Any) -> SearchStrategy[str]:
    """``st.characters`` across hypothesis versions (``categories`` was once ``whitelist_categories``)."""
    try:
        return st.characters(**kw)
    except TypeError:  # pragma: no cover - old hypothesis
        renamed = {"categories": "whitelist_categories", "exclude_categories": "blacklist_categories",
                   "exclude_characters": "blacklist_characters"}
        return st.characters(**{renamed.get(k, k): v for k, v in kw.items()})


def _readable(c: str) -> tuple[int, int]:
    """Sort key: letters first, then digits, then the rest, each by code point (shrinks readably)."""
    cat = unicodedata.category(c)
    return (0 if cat[0] == "L" else 1 if cat[0] == "N" else 2, ord(c))


# -- alphabets ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Table:
    """An encoding's repertoire, split the way the strategies weight it."""

    plain: tuple[str, ...]      # ASCII characters that stay single ASCII bytes
    wide: tuple[str, ...]       # every other character (multibyte / high-bit), readable first
    rare: tuple[tuple[str, ...], ...]  # groups of valid but bug-prone characters, one per reason
    astral: bool                # the codec also carries U+10000…U+10FFFF


@lru_cache(maxsize=None)
def _table(name: str) -> _Table:
    """The BMP repertoire of a codec, found by encoding every code point, and what is rare in it."""
    info = registry.get(name)
    codec = registry.plain_codec(info.name)
    unicode_ = info.family == UNICODE
    pairs: list[tuple[str, bytes]] = []
    if info.family == SINGLE:  # 256 decodes instead of 65,536 encodes
        for v in range(256):
            try:
                c = bytes([v]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(c) == 1 and c.encode(codec) == bytes([v]):
                pairs.append((c, bytes([v])))
        pairs.sort()
    else:
        for cp in range(0x10000):
            if _SURROGATES[0] <= cp <= _SURROGATES[1]:
                continue
            c = chr(cp)
            try:
                b = c.encode(codec)
                back = b.decode(codec)
            except UnicodeError:
                continue
            if back == c:  # one-way mappings (Shift_JIS '¥' -> 5C -> '\\') do not round-trip
                pairs.append((c, b))
    try:
        chr(0x10000).encode(codec)
        chr(0x10FFFF).encode(codec)
        astral = True
    except UnicodeEncodeError:
        astral = False
    multi_lens = {len(b) for c, b in pairs if len(b) > 1 and ord(c) >= 0x80}
    longest = max(multi_lens) if len(multi_lens) > 1 else 0   # only when there are several forms
    first: dict[int, str] = {}
    last: dict[int, str] = {}
    plain: list[str] = []
    wide: list[str] = []
    rare: dict[str, set[str]] = {}
    for c, b in pairs:
        cat = unicodedata.category(c)
        if ord(c) < 0x80 and (unicode_ or b == c.encode("ascii")):
            plain.append(c)
            continue
        first.setdefault(len(b), c)
        last[len(b)] = c
        if unicode_ and cat == "Cn":
            continue
        wide.append(c)
        if cat in _RARE_CATEGORIES:
            rare.setdefault(cat, set()).add(c)
        if unicode_ or info.family == STATEFUL:
            continue
        if len(b) == longest:                                   # EUC-JP 3-byte, GB18030 4-byte
            rare.setdefault("longest", set()).add(c)
        if len(b) > 1 and any(x < 0x80 for x in b[1:]):        # a trail byte that looks like '\\', '|', '@'
            rare.setdefault("ascii-trail", set()).add(c)
        if info.multibyte and len(b) == 1:                       # one high byte: half-width katakana
            rare.setdefault("single-high", set()).add(c)
        if not info.multibyte and 0x80 <= b[0] <= 0x9F:           # the C1 / Windows-only range
            rare.setdefault("c1-range", set()).add(c)
    # The first and last character of each encoded length: where length arithmetic goes wrong.
    edges = set(first.values()) | set(last.values())
    if unicode_:
        edges.update((chr(_SURROGATES[0] - 1), chr(_SURROGATES[1] + 1)))
    if astral:
        edges.update((chr(0x10000), chr(0x10FFFF)))
    rare["edges"] = edges
    return _Table(tuple(sorted(plain, key=_readable)), tuple(sorted(wide, key=_readable)),
                  tuple(tuple(sorted(group, key=_readable)) for _, group in sorted(rare.items())), astral)


def _keep(c: str, controls: bool, exclude: frozenset[str]) -> bool:
    return c not in exclude and (controls or unicodedata.category(c) != "Cc")


@lru_cache(maxsize=256)
def _alphabet(name: str, controls: bool, exclude: frozenset[str]) -> SearchStrategy[str]:
    """ASCII, the wide repertoire and the rare characters, a third each."""
    info = registry.get(name)
    table = _table(info.name)
    parts = []
    for i, pools in enumerate(((table.plain,), (table.wide,), table.rare)):
        kept = [k for k in ([c for c in pool if _keep(c, controls, exclude)] for pool in pools) if k]
        branch = [st.sampled_from(k) for k in kept]
        if i == 1 and table.astral:  # four-byte characters belong with the wide ones
            skip = ("Cs", "Cn") if controls else ("Cs", "Cn", "Cc")
            branch.append(_chars(min_codepoint=0x10000, exclude_categories=skip,
                                 exclude_characters=sorted(exclude) or None))
        if branch:
            parts.append(st.one_of(branch))
    if not parts:
        raise InputError(f"{info.label} has no characters left to generate after the exclusions")
    return st.one_of(parts)


def text_in(encoding: str = "utf-8", *, min_size: int = 0, max_size: int | None = None,
            controls: bool = False, exclude: Iterable[str] = "") -> SearchStrategy[str]:
    """Text that ``encoding`` encodes and decodes back unchanged, weighted toward multibyte and
    rare-but-valid characters.

    Each character is drawn about a third of the time from ASCII, a third from the encoding's
    multibyte (or high-bit) repertoire and a third from the characters that break code most often:
    trail bytes that look like ASCII (Shift_JIS ``表`` is ``95 5C``), the longest byte forms
    (GB18030 four-byte, UTF-8 four-byte), the first and last code point of each UTF-8/UTF-16 length
    class, combining marks, format characters such as U+FEFF and U+200D, line/paragraph separators,
    private use.  ``controls=True`` adds C0/C1 control characters; ``exclude`` removes characters
    (e.g. ``exclude="\\n"`` for a line protocol).
    """
    info = _info(encoding)
    drop = frozenset(exclude)
    return st.deferred(lambda: st.text(_alphabet(info.name, controls, drop), min_size=min_size, max_size=max_size))


def encoded(encoding: str = "utf-8", **text_kwargs: Any) -> SearchStrategy[tuple[str, bytes]]:
    """``(text, text.encode(encoding))`` pairs; keyword arguments go to :func:`text_in`."""
    info = _info(encoding)
    return text_in(info.name, **text_kwargs).map(lambda t: (t, t.encode(info.name)))


# -- chunkings ------------------------------------------------------------------------------

def _inner_cuts(data: bytes, encoding: str | None) -> list[int]:
    """Offsets strictly inside a character (or inside any unit the walk reports)."""
    if encoding is None:
        return []
    return [p for u in units(data, encoding) for p in range(u.offset + 1, u.end)]


def chunkings(data: bytes | SearchStrategy[bytes], encoding: str | None = None, *,
              max_chunks: int | None = None) -> SearchStrategy[list[bytes]]:
    """Lists of non-empty chunks whose concatenation is ``data`` — how TCP may deliver it.

    With ``encoding``, half of the cuts fall strictly inside a character (the positions come from
    the decode walk's units), which is where receivers break.  Shrinks toward fewer, earlier cuts;
    the unshrunk extreme is one byte per chunk.  ``data`` may itself be a strategy of bytes.
    """
    if isinstance(data, SearchStrategy):
        return data.flatmap(lambda d: chunkings(d, encoding, max_chunks=max_chunks))
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"chunkings() needs bytes, not {type(data).__name__}")
    if encoding is not None:
        encoding = _info(encoding).name
    data = bytes(data)
    if max_chunks is not None and max_chunks < 1:
        raise InputError("max_chunks must be at least 1")
    return st.deferred(lambda: _chunkings(data, encoding, max_chunks))


@st.composite
def _chunkings(draw: st.DrawFn, data: bytes, encoding: str | None, max_chunks: int | None) -> list[bytes]:
    n = len(data)
    if n < 2:
        return [data] if data else []
    limit = n - 1 if max_chunks is None else min(n - 1, max_chunks - 1)
    inner = _inner_cuts(data, encoding)
    if limit and draw(st.integers(0, 15)) == 15:          # now and then: every byte on its own
        cuts = list(range(1, limit + 1))
    else:
        anywhere = st.integers(1, n - 1)
        position = st.one_of(st.sampled_from(inner), anywhere) if inner else anywhere
        cuts = sorted(set(draw(st.lists(position, max_size=limit))))
    edges = [0, *cuts, n]
    return [data[a:b] for a, b in zip(edges, edges[1:])]


def chunked(encoding: str = "utf-8", *, max_chunks: int | None = None,
            **text_kwargs: Any) -> SearchStrategy[tuple[str, list[bytes]]]:
    """``(text, chunks)``: text from :func:`text_in`, its encoded bytes cut by :func:`chunkings`."""
    info = _info(encoding)
    return encoded(info.name, **text_kwargs).flatmap(
        lambda pair: chunkings(pair[1], info.name, max_chunks=max_chunks).map(lambda cs: (pair[0], cs)))


# -- invalid bytes --------------------------------------------------------------------------

INVALID_KINDS = ("truncated", "stray", "bad-trail", "overlong", "surrogate", "never", "unassigned",
                 "out-of-range", "high-bit", "bad-escape")


def _complement(ranges: Sequence[tuple[int, int]]) -> list[int]:
    return [b for b in range(256) if not any(lo <= b <= hi for lo, hi in ranges)]


@lru_cache(maxsize=None)
def _unassigned(name: str) -> tuple[bytes, ...]:
    """Two-byte sequences with a valid lead and trail byte that the codec still rejects."""
    info = registry.get(name)
    out = []
    for lo, hi in info.lead:
        for lead in range(lo, hi + 1):
            for tlo, thi in info.trail:
                for trail in range(tlo, thi + 1):
                    pair = bytes((lead, trail))
                    if not registry.decodes(pair, info.name) and not registry.decodes(pair + b"0", info.name):
                        out.append(pair)
    return tuple(out)


def _utf8_overlong(cp: int, n: int) -> bytes:
    """``cp`` spelled with ``n`` bytes, more than UTF-8 allows."""
    lead = (0xC0, 0xE0, 0xF0)[n - 2]
    tail = [0x80 | (cp >> (6 * i)) & 0x3F for i in range(n - 2, -1, -1)]
    return bytes([lead | cp >> (6 * (n - 1)), *tail])


def _defects(info: Encoding) -> dict[str, SearchStrategy[bytes]]:
    """Per kind, a strategy for one defect, built from the registry's byte structure."""
    name, out = info.name, {}
    if info.family == UNICODE and info.unit == 1:           # UTF-8
        cont = st.integers(0x80, 0xBF)
        multi = _chars(min_codepoint=0x80, exclude_categories=("Cs",)).map(lambda c: c.encode("utf-8"))
        out["truncated"] = multi.flatmap(lambda b: st.integers(1, len(b) - 1).map(lambda k: b[:k]))
        out["stray"] = st.lists(cont, min_size=1, max_size=3).map(bytes)
        out["bad-trail"] = st.tuples(multi, st.integers(0, 0x7F)).flatmap(
            lambda p: st.integers(1, len(p[0]) - 1).map(lambda k: p[0][:k] + bytes([p[1]])))
        out["overlong"] = st.one_of(
            st.integers(0, 0x7F).map(lambda cp: _utf8_overlong(cp, 2)),
            st.integers(0, 0x7FF).map(lambda cp: _utf8_overlong(cp, 3)),
            st.integers(0, 0xFFFF).map(lambda cp: _utf8_overlong(cp, 4)))
        out["surrogate"] = st.integers(*_SURROGATES).map(lambda cp: chr(cp).encode("utf-8", "surrogatepass"))
        never = _complement(info.single + info.lead + info.trail)       # C0, C1, F5–FF
        out["never"] = st.sampled_from(never).map(lambda b: bytes([b]))
        out["out-of-range"] = st.integers(0x110000, 0x13FFFF).map(
            lambda cp: bytes([0xF4 | cp >> 18 & 0x07, 0x80 | cp >> 12 & 0x3F, 0x80 | cp >> 6 & 0x3F, 0x80 | cp & 0x3F]))
    elif info.family == UNICODE:                            # UTF-16 / UTF-32
        order: Literal["big", "little"] = "big" if name.endswith("be") else "little"
        unit = info.unit
        surrogate = st.integers(*_SURROGATES).map(lambda v: v.to_bytes(unit, order))
        out["truncated"] = st.binary(min_size=1, max_size=unit - 1)
        if unit == 2:
            out["surrogate"] = surrogate
            out["truncated"] = st.one_of(out["truncated"], st.integers(0xD800, 0xDBFF).map(
                lambda v: v.to_bytes(2, order)))
        else:
            out["surrogate"] = surrogate
            out["out-of-range"] = st.integers(0x110000, 0xFFFFFFFF).map(lambda v: v.to_bytes(4, order))
    elif info.family == STATEFUL:
        out["high-bit"] = st.integers(0x80, 0xFF).map(lambda b: bytes([b]))
        if name.startswith("iso2022"):
            out["bad-escape"] = st.integers(0x41, 0x7E).map(lambda b: b"\x1b" + bytes([b]))
            out["truncated"] = st.sampled_from([b"\x1b", b"\x1b$", b"\x1b$B\x30"])
        else:                                                # HZ
            out["bad-escape"] = st.sampled_from([c for c in b"abcxyz!#"]).map(lambda b: b"~" + bytes([b]))
            out["truncated"] = st.sampled_from([b"~", b"~{\x30"])
    elif info.family == OTHER:                               # a codec the registry cannot describe
        pass
    elif info.multibyte:                                     # CJK double-byte
        leads = [b for lo, hi in info.lead for b in range(lo, hi + 1)]
        bad_trails = _complement(info.trail)
        lead = st.sampled_from(leads)
        out["truncated"] = lead.map(lambda b: bytes([b]))
        out["bad-trail"] = st.tuples(lead, st.sampled_from(bad_trails)).map(bytes)
        stray = [b for b in _complement(info.single + info.lead) if not registry.decodes(bytes([b]), name)]
        if stray:
            out["stray"] = st.sampled_from(stray).map(lambda b: bytes([b]))
        out["unassigned"] = st.deferred(lambda: st.sampled_from(_unassigned(name)))
    else:                                                    # single-byte
        bad = sorted(info.undefined) or [b for b in range(256) if not registry.decodes(bytes([b]), name)]
        if bad:
            out["never" if name != "ascii" else "high-bit"] = st.sampled_from(bad).map(lambda b: bytes([b]))
    return out


def invalid_bytes(encoding: str = "utf-8", *, kinds: Iterable[str] | None = None,
                  context: bool = True) -> SearchStrategy[bytes]:
    """Bytes that ``encoding`` must reject, with valid text around the defect when ``context``.

    The defects come from the registry's byte structure: ``truncated`` (a character cut at the
    end), ``stray`` (a continuation/trail byte with no lead), ``bad-trail`` (a lead byte followed by
    a byte that cannot follow it), ``overlong`` (UTF-8 spelling a code point with too many bytes),
    ``surrogate`` (UTF-8/16/32 lone surrogates), ``never`` (bytes that cannot occur at all),
    ``unassigned`` (well-formed but unmapped double-byte pairs), ``out-of-range`` (beyond U+10FFFF),
    ``high-bit`` and ``bad-escape`` (7-bit stateful codecs and ASCII).  ``kinds`` restricts them.
    Every example is checked: ``data.decode(encoding)`` raises ``UnicodeDecodeError``.
    """
    info = _info(encoding)
    wanted = None if kinds is None else tuple(kinds)
    if wanted is not None:
        unknown = [k for k in wanted if k not in INVALID_KINDS]
        if unknown:
            raise InputError(f"unknown invalid-bytes kind {unknown[0]!r}; kinds are {', '.join(INVALID_KINDS)}")
    defects = _defects(info)
    chosen = {k: s for k, s in defects.items() if wanted is None or k in wanted}
    if not chosen:
        have = ", ".join(defects) or "none: every byte string is valid"
        raise InputError(f"{info.label} has no invalid bytes of the kinds asked for (it has: {have})")
    codec = registry.plain_codec(info.name)
    return st.deferred(lambda: _invalid(info, codec, chosen, context))


@st.composite
def _invalid(draw: st.DrawFn, info: Encoding, codec: str, chosen: dict[str, SearchStrategy[bytes]],
             context: bool) -> bytes:
    kind = draw(st.sampled_from(sorted(chosen, key=INVALID_KINDS.index)))
    defect = draw(chosen[kind])
    before = after = b""
    if context and info.family != STATEFUL:
        before = draw(text_in(info.name, max_size=4)).encode(codec)
        if kind != "truncated":
            after = draw(text_in(info.name, max_size=4)).encode(codec)
    data = info.bom + before + defect + after if info.unit > 1 else before + defect + after
    assume(not registry.decodes(data, info.name))   # e.g. a lone high surrogate met its low one
    return data


# -- mojibake -------------------------------------------------------------------------------

Steps = list[tuple[str, str]]


def replay(text: str, steps: Sequence[tuple[str, str]]) -> str:
    """Apply ``[("encode", enc), ("decode", enc), …]`` strictly; raises ``UnicodeError`` if a step fails.

    The same step format that ``codecscope.apply_steps`` replays.
    """
    value: Any = text   # str and bytes by turns, as the steps say: a step that does not fit raises
    for op, enc in steps:
        value = value.encode(enc) if op == "encode" else value.decode(enc)
    if not isinstance(value, str):
        raise InputError("a mojibake chain must end with a decode step")
    return value


def _try(text: str, steps: Sequence[tuple[str, str]]) -> str | None:
    try:
        return replay(text, steps)
    except (UnicodeError, LookupError):
        return None


# (writer, reader) pairs of the mojibake taxonomy in the design notes: the ones users paste.
_CLASSIC = (
    ("utf-8", "gbk"), ("utf-8", "cp1252"), ("utf-8", "latin-1"), ("gbk", "cp1252"), ("gbk", "latin-1"),
    ("utf-8", "cp932"), ("big5", "gbk"), ("gbk", "big5"), ("utf-8", "cp1251"), ("cp1251", "koi8_r"),
    ("koi8_r", "cp1251"), ("cp866", "cp1251"), ("utf-16-le", "latin-1"),
)


@lru_cache(maxsize=None)
def _pairs() -> tuple[tuple[str, str], ...]:
    """Every writer/reader pair from the registry: byte-transparent codecs, legacy readers first."""
    pool = [n for n in registry.names() if registry.get(n).family not in (STATEFUL, OTHER)
            and not registry.get(n).bom]
    writers = [n for n in pool if registry.get(n).unit == 1]
    readers = sorted(pool, key=lambda n: registry.get(n).family == UNICODE)
    return tuple((w, r) for w in writers for r in readers if w != r)


def _fit(original: str, chain: list[tuple[str, str]], trim: bool) -> tuple[str, str] | None:
    """``(original, garbled)`` for a chain that changes the text; with ``trim``, drop a cut tail."""
    while original:
        garbled = _try(original, chain)
        if garbled is not None:
            return (original, garbled) if garbled != original else None
        if not trim:
            return None
        # A character cut at the end fails a strict chain; real tools lose it the same way.
        original = original[:-1]
    return None


def _chain(writer: str, reader: str) -> tuple[tuple[str, str], ...]:
    return (("encode", writer), ("decode", reader))


@st.composite
def _mojibake(draw: st.DrawFn, text: SearchStrategy[str] | None,
              chains: Sequence[Sequence[tuple[str, str]]] | None, max_depth: int) -> tuple[str, str, Steps]:
    if text is None:  # pick the chain, then text its first encoding can carry
        if chains is not None:
            chain = draw(st.sampled_from(chains))
        else:
            chain = _chain(*draw(st.one_of(st.sampled_from(_CLASSIC), st.sampled_from(_pairs()))))
        original = draw(text_in(chain[0][1], min_size=1, max_size=12))
    else:             # the text is given: pick among the chains that can garble it
        original = draw(text)
        candidates = chains if chains is not None else [_chain(w, r) for w, r in dict.fromkeys(_CLASSIC + _pairs())]
        viable = [c for c in candidates if _fit(original, list(c), trim=False)]
        assume(viable)
        chain = draw(st.sampled_from(viable))
    chain = list(chain)
    if chains is None and max_depth > 1:
        deeper = chain * draw(st.integers(1, max_depth))
        if _fit(original, deeper, trim=False):             # a second round may not survive
            chain = deeper
    fitted = _fit(original, chain, trim=text is None)
    assume(fitted is not None)
    assert fitted is not None  # assume() rejected the example otherwise
    original, garbled = fitted
    return garbled, original, chain


def mojibake(text: str | SearchStrategy[str] | None = None,
             chains: Sequence[Sequence[tuple[str, str]]] | None = None, *,
             max_depth: int = 2) -> SearchStrategy[tuple[str, str, Steps]]:
    """``(garbled, original, steps)`` with ``replay(original, steps) == garbled``, exactly.

    ``steps`` is data such as ``[("encode", "utf-8"), ("decode", "gbk")]`` — the format
    ``codecscope.apply_steps`` replays and ``codecscope.repair`` should undo.  Without ``chains``
    half the examples use the classic pairs of the mojibake taxonomy (UTF-8 read as GBK, cp1252,
    cp932; GBK read as cp1252; Big5 and GBK swapped; the Cyrillic code pages; UTF-16 read as
    Latin-1) and half any writer/reader pair from the registry whose strict round trip changes the
    text, repeated up to ``max_depth`` times (double UTF-8 and friends).  ``chains``
    restricts to the given step lists, e.g. ``[[("encode", "utf-8"), ("decode", "cp1252")]]``.
    ``text`` fixes the original (a string) or draws it (a strategy); by default it is drawn from
    :func:`text_in` of the writer encoding.
    """
    if chains is not None:
        chains = [tuple((str(op), _info(enc).name) for op, enc in chain) for chain in chains]
        for chain in chains:
            if not chain or chain[0][0] != "encode" or chain[-1][0] != "decode" or any(
                    op not in ("encode", "decode") for op, _ in chain):
                raise InputError(f"a chain must start with an encode step and end with a decode step: {chain!r}")
    if max_depth < 1:
        raise InputError("max_depth must be at least 1")
    if isinstance(text, str):
        text = st.just(text)
    return st.deferred(lambda: _mojibake(text, chains, max_depth))

"""Renderers for result objects: plain text, rich and HTML.  They know nothing about decoding;
the result objects know nothing about terminals."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .explanation import Explanation, Reading, Row, _rows_total, shown
from .i18n import N_, Msg, _, ngettext
from .i18n import localize as L
from .walking import BOM, INVALID, SHIFT, TRUNCATED

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text

    from .diagnosis import Diagnosis
    from .echo import CaseResult, Difference, RoundTripReport

_HEAD_BYTES = (N_("offset"), N_("bytes"), N_("char"), N_("code point"), N_("name"), N_("cat"), N_("w"))


def _heads(names: Iterable[str]) -> list[str]:
    return [_(h) for h in names]


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """A table as plain lines, one per row (header first), laid out by rich: no borders, no colour,
    columns two spaces apart and padded to display width, so CJK characters line up."""
    from rich.table import Table
    from rich.text import Text

    t = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, header_style="")
    for h in headers:
        t.add_column(h, no_wrap=True, overflow="ignore")
    for r in rows:
        t.add_row(*(Text(c) for c in r))
    return [(indent + line).rstrip() for line in _plain_lines(t)]


def _plain_lines(renderable: RenderableType) -> list[str]:
    """``renderable`` as lines of plain text, however wide (a pipe has no width to fit)."""
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    Console(file=out, width=1 << 16, color_system=None, force_terminal=False, force_jupyter=False,
            highlight=False, emoji=False, markup=False, legacy_windows=False).print(renderable)
    return out.getvalue().splitlines()


def fits(options: ConsoleOptions | None, columns: int, cell: int = 9) -> bool:
    """Whether a bordered table of ``columns`` columns leaves each cell ``cell`` characters on a
    console of ``options.max_width`` (borders and padding take 3 a column)."""
    return options is None or columns * (cell + 3) <= options.max_width


def table_or_records(options: ConsoleOptions | None, headers: Sequence[str], rows: Iterable[Iterable[str | Text]], *,
                     styles: Iterable[str] | None = None, title: str | Text | None = None,
                     **table_args: Any) -> Iterator[Table | Text]:
    """A rich table where it fits; on a narrower terminal each row as a record of ``header value``
    lines, so no cell is cut down to "…"."""
    from rich.table import Table
    from rich.text import Text

    # Text, not str: a '[' in a cell or a title is not rich markup
    cells = [[c if isinstance(c, Text) else Text(str(c)) for c in r] for r in rows]
    if isinstance(title, str):
        title = Text(title, style="bold" if not fits(options, len(headers)) else "")
    styles = list(styles) if styles is not None else [""] * len(cells)
    if fits(options, len(headers)):
        t = Table(title=title, **table_args)
        for h in headers:
            t.add_column(h, overflow="fold")
        for r, style in zip(cells, styles):
            t.add_row(*r, style=style or None)
        yield t
        return
    if title is not None:
        yield title
    for k, (r, style) in enumerate(zip(cells, styles)):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="cyan", no_wrap=True)
        grid.add_column(overflow="fold", style=style or None)
        for h, c in zip(headers, r):
            if c.plain:
                grid.add_row(h, c)
        if k:
            yield Text("")
        yield grid


_HTML = ("<div class='codecscope'><pre style=\"font-family:Menlo,'DejaVu Sans Mono',consolas,monospace\">"
         "{code}</pre></div>")


def html_of(result: RenderableType, width: int = 100) -> str:
    """A notebook's HTML for ``result``: its rich rendering, tables and colours included, every
    character escaped by rich's exporter."""
    from io import StringIO

    from rich.console import Console

    con = Console(file=StringIO(), record=True, width=width, force_terminal=True, force_jupyter=False,
                  color_system="truecolor", legacy_windows=False)
    con.print(result)
    return con.export_html(inline_styles=True, code_format=_HTML)


def _hex(raw: bytes, cap: int = 12) -> str:
    h = raw[:cap].hex(" ").upper()
    return h + (" …" if len(raw) > cap else "")


def _byte_cells(r: Row) -> list[str]:
    if r.kind in (INVALID, TRUNCATED, SHIFT) or (r.kind == BOM and not r.char):
        char = "·"
    else:
        char = shown(r.char)
    name = _(r.name) if r.kind in (INVALID, TRUNCATED, SHIFT) or (r.kind == BOM and not r.char) else r.name
    return [str(r.offset), _hex(r.raw), char, r.codepoint, name, r.category, str(r.width) if r.char else ""]


# the names explain gives rows that are not characters
N_("INVALID"), N_("TRUNCATED"), N_("<shift / escape sequence>"), N_("<byte order mark, not part of the text>")


def _omitted_line(n: int) -> str:
    return "  … " + ngettext("{n} more row not shown (limit=None or --limit 0 shows all)",
                             "{n} more rows not shown (limit=None or --limit 0 shows all)", n).format(n=n)


def _reading_rows(e: Explanation, r: Reading) -> tuple[list[Row], int]:
    rows = r.rows(e.limit)
    omitted = 0
    if e.limit is not None and len(rows) == e.limit:
        omitted = max(0, _rows_total(r) - len(rows))
    return rows, omitted


def _text_headers(e: Explanation) -> list[str]:
    return [*_heads((N_("pos"), N_("char"), N_("code point"), N_("name"), N_("cat"), N_("script"))),
            *e.encodings, _("flags")]


def _text_cells(e: Explanation, r: Row) -> list[str]:
    enc = [_hex(b) if b is not None else "—" for _, b in r.encoded]
    return [str(r.offset), shown(r.char), r.codepoint, r.name, r.category, _(r.script), *enc, ", ".join(r.flags)]


# Script names explanation.char_script gives (Latin, Han, … are listed with detection's), and the
# sources diagnose names, for the catalog.
N_("Inherited"), N_("Armenian"), N_("Syriac"), N_("Thaana"), N_("Devanagari"), N_("Bengali"), N_("Gurmukhi")
N_("Gujarati"), N_("Oriya"), N_("Tamil"), N_("Telugu"), N_("Kannada"), N_("Malayalam"), N_("Sinhala"), N_("Lao")
N_("Tibetan"), N_("Myanmar"), N_("Georgian"), N_("Ethiopic"), N_("Cherokee"), N_("Khmer"), N_("Mongolian")
N_("Hiragana"), N_("Katakana"), N_("Bopomofo"), N_("Yi"), N_("stream")


def _error_lines(e: Explanation) -> list[str]:
    x = e.error
    if x is None:
        return []
    one = x.end - x.start == 1   # "byte 7", not "bytes 7–7"
    where = ((Msg("byte {a} ({hex})", a=x.start, hex=x.raw.hex(" ").upper()) if one else
              Msg("bytes {a}–{b} ({hex})", a=x.start, b=x.end - 1, hex=x.raw.hex(" ").upper()))
             if x.type == "UnicodeDecodeError" else
             (Msg("character {a} ({chars!r})", a=x.start, chars=x.chars) if one else
              Msg("characters {a}–{b} ({chars!r})", a=x.start, b=x.end - 1, chars=x.chars)))
    out = [f"{x.type} ({x.encoding}: {x.python_reason})", "  " + _("where: {where}").format(where=L(where)),
           "  " + _("why:   {why}").format(why=L(x.reason)),
           "  " + _("likely cause: {cause}").format(cause=L(x.cause))]
    if x.suggestions:
        verb = _("decodes cleanly as") if x.type == "UnicodeDecodeError" else _("can be encoded in")
        out.append("  " + _("{label}: {text}").format(label=verb, text=", ".join(x.suggestions)))
    return out


def _count(n: int, chars: bool) -> str:
    if chars:
        return (_("{n} char") if n == 1 else _("{n} chars")).format(n=n)
    return (_("{n} byte") if n == 1 else _("{n} bytes")).format(n=n)


def _size(e: Explanation) -> str:
    return _count(e.size, e.kind in ("text", "encode-error"))


def explanation_text(e: Explanation) -> str:
    lines = [_("{label}: {text}").format(label=_size(e), text=L(e.verdict))]
    if e.error is not None:
        lines += [""] + _error_lines(e)
    for r in e.readings:
        rows, omitted = _reading_rows(e, r)
        lines += ["", _("{label}: {text}").format(label=r.label, text=L(r.verdict))]
        if r.start:
            lines.append("  " + _("(from byte {n})").format(n=r.start))
        table = plain_table(_heads(_HEAD_BYTES), [_byte_cells(x) for x in rows])
        lines.append(table[0])
        for x, line in zip(rows, table[1:]):
            lines.append(line)
            if x.reason:
                lines.append(f"      ↳ {L(x.reason)}")
        if omitted:
            lines.append(_omitted_line(omitted))
    if e.text is not None:
        rows = e.char_rows()
        lines.append("")
        lines += plain_table(_text_headers(e), [_text_cells(e, x) for x in rows])
        if e.omitted:
            lines.append(_omitted_line(e.omitted))
        if e.flags:
            lines += ["", _("suspicious:")]
            for kind, (a, b), why in e.flags[:20]:
                lines.append(f"  [{a}:{b}] {kind}: {L(why)}")
            if len(e.flags) > 20:
                lines.append("  … " + _("{n} more").format(n=len(e.flags) - 20))
    return "\n".join(lines) + "\n"


def _verdict_style(ok: bool) -> str:
    return "bold green" if ok else "bold red"


def explanation_rich(e: Explanation, options: ConsoleOptions | None = None) -> RenderResult:
    from rich.text import Text

    ok = e.error is None and all(r.validity.valid for r in e.readings[:1]) and not e.flags
    yield Text.assemble((f"{_size(e)}: ", "bold"), (L(e.verdict), _verdict_style(ok)))
    if e.error is not None:
        yield Text("\n".join(_error_lines(e)), style="yellow")
    for r in e.readings:
        rows, omitted = _reading_rows(e, r)
        yield from table_or_records(
            options, _heads((*_HEAD_BYTES, N_("reason"))), [[*_byte_cells(x), L(x.reason)] for x in rows],
            styles=["red" if x.kind in (INVALID, TRUNCATED) else "dim" if x.kind in (BOM, SHIFT) else "" for x in rows],
            title=Text(_("{label}: {text}").format(label=r.label, text=L(r.verdict)), style=_verdict_style(r.validity.valid)),
            title_justify="left", header_style="bold cyan")
        if omitted:
            yield Text(_omitted_line(omitted), style="dim")
    if e.text is not None:
        rows = e.char_rows()
        yield from table_or_records(options, _text_headers(e), [_text_cells(e, x) for x in rows],
                                    styles=["yellow" if x.flags else "" for x in rows], header_style="bold cyan")
        if e.omitted:
            yield Text(_omitted_line(e.omitted), style="dim")
        for kind, (a, b), why in e.flags[:20]:
            yield Text(f"[{a}:{b}] {kind}: {L(why)}", style="yellow")


def _html_table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    h = "".join(f"<th>{html.escape(x)}</th>" for x in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>"


def explanation_html(e: Explanation) -> str:
    parts = [f"<p><b>{html.escape(_size(e))}:</b> {html.escape(L(e.verdict))}</p>"]
    if e.error is not None:
        parts.append("<pre>" + html.escape("\n".join(_error_lines(e))) + "</pre>")
    for r in e.readings:
        rows, omitted = _reading_rows(e, r)
        parts.append(f"<p><b>{html.escape(r.label)}</b>: {html.escape(L(r.verdict))}</p>")
        parts.append(_html_table(_heads((*_HEAD_BYTES, N_("reason"))), [_byte_cells(x) + [L(x.reason)] for x in rows]))
        if omitted:
            parts.append(f"<p>{html.escape(_omitted_line(omitted))}</p>")
    if e.text is not None:
        parts.append(_html_table(_text_headers(e), [_text_cells(e, x) for x in e.char_rows()]))
        if e.omitted:
            parts.append(f"<p>{html.escape(_omitted_line(e.omitted))}</p>")
        for kind, (a, b), why in e.flags[:20]:
            parts.append(f"<p>[{a}:{b}] {html.escape(kind)}: {html.escape(L(why))}</p>")
    return "<div class='codecscope'>" + "".join(parts) + "</div>"


# -- diagnosis ---------------------------------------------------------------------------------

def _diagnosis_lines(d: Diagnosis, *, detection: bool = True) -> list[str]:
    what = d.name or _(d.source)   # a file's name, else "bytes" / "text"
    size = _count(d.size, d.source == "text")
    lines = [_("{label}: {text}").format(label=_("{what} ({size})").format(what=what, size=size), text=L(d.verdict))]
    for v in d.validity:
        facts = [v.verdict]
        if v.size:
            facts.append(v.line_endings.describe())
        if v.bom is not None:
            facts.append(f"BOM {v.bom.hex()}")
        lines.append("  " + _("{label}: {text}").format(label=v.label, text=_("; ").join(L(f) for f in facts)))
        for u in v.first_invalid:
            lines.append("    " + _("invalid at byte {n} ({hex}): {why}").format(n=u.offset, hex=u.hex(),
                                                                               why=L(u.reason)))
        if v.counted_bytes is not None:
            from .diagnosis import _mib

            lines.append("    … " + _("{n} more invalid sequences in the first {mib} MiB; the rest not counted (--count-all)").format(
                n=v.invalid - len(v.first_invalid), mib=_mib(v.counted_bytes)))
        elif v.invalid > len(v.first_invalid):
            lines.append("    … " + _("{n} more invalid sequences").format(n=v.invalid - len(v.first_invalid)))
        if v.truncated is not None:
            t = v.truncated
            lines.append("    " + _("truncated tail at byte {n} ({hex}): {why}").format(n=t.offset, hex=t.hex(),
                                                                                     why=L(t.reason)))
    if d.text is not None:
        lines.append(f"  {L(d.text.line_endings.describe())}")
    shown_findings = [f for f in d.findings if f.kind not in ("invalid-sequence", "truncated-tail")]
    if shown_findings:
        lines.append(_("findings:"))
        for f in shown_findings[:50]:
            rep = "" if f.repairable is None else " " + (_("(repairable: yes)") if f.repairable else
                                                         _("(repairable: no)"))
            lines.append("  - " + _("{kind} [{a}:{b}]: {evidence}").format(
                kind=f.kind, a=f.span[0], b=f.span[1], evidence=L(f.evidence)) + rep)
        if len(shown_findings) > 50:
            lines.append("  … " + _("{n} more").format(n=len(shown_findings) - 50))
    if detection and d.detection is not None:
        lines.append(_("detection: {detection}").format(detection=d.detection))
    return lines


def diagnosis_text(d: Diagnosis) -> str:
    return "\n".join(_diagnosis_lines(d)) + "\n"


def diagnosis_rich(d: Diagnosis) -> RenderResult:
    from rich.text import Text

    # the detection is shown once: as its own table when it has one, else as a line
    table = d.detection is not None and hasattr(d.detection, "__rich_console__")
    lines = _diagnosis_lines(d, detection=not table)
    yield Text(lines[0], style=_verdict_style(d.ok))
    for line in lines[1:]:
        style = "red" if any(w in line for w in ("invalid", "truncated", _("INVALID"), _("TRUNCATED"))) else ""
        yield Text(line, style=style)
    if table and d.detection is not None:
        yield d.detection


def diagnosis_html(d: Diagnosis) -> str:
    lines = _diagnosis_lines(d)
    return "<div class='codecscope'><pre>" + html.escape("\n".join(lines)) + "</pre></div>"


# -- echo round trip ---------------------------------------------------------------------------

def _hexs(b: bytes) -> str:
    return b.hex(" ").upper()


def difference_text(d: Difference) -> str:
    ch = f" {d.sent_char!r}" if d.sent_char else ""
    if not d.sent or d.kind in ("no-close", "quit-on-message", "message-boundary", "no-echo", "partial-send"):
        return f"[{d.kind}] {L(d.explanation)}"   # the evidence says where; no bytes to show side by side
    if not d.got and d.kind == "lossy-decode":   # the character is missing; the echo goes on after it
        return f"[{d.kind}] " + _("at byte {n}: sent {sent}{ch}, missing from the echo: {why}").format(
            n=d.offset, sent=_hexs(d.sent), ch=ch, why=L(d.explanation))
    if not d.got:
        return f"[{d.kind}] " + _("at byte {n}: sent {sent}{ch}, got nothing from there on: {why}").format(
            n=d.offset, sent=_hexs(d.sent), ch=ch, why=L(d.explanation))
    return f"[{d.kind}] " + _("at byte {n}: sent {sent}{ch}, got {got}: {why}").format(
        n=d.offset, sent=_hexs(d.sent), ch=ch, got=_hexs(d.got), why=L(d.explanation))


_RT_HEAD = (N_("case"), N_("chunking"), N_("clients"), N_("sent"), N_("received"), N_("byte-exact"),
            N_("closed"), N_("latency ms"), N_("MiB/s"), N_("problem"))


def _rt_rows(r: RoundTripReport) -> Iterator[tuple[str, ...]]:
    yes, no = _("yes"), _("NO")
    for x in r.results:
        yield (x.case + ("" if x.counted else "*"), x.chunking, str(x.clients), str(x.sent), str(x.received),
               yes if x.match else no, yes if x.ended == "eof" else no,
               f"{x.latency_ms:.1f}", f"{x.throughput:.1f}", x.difference.kind if x.difference else "")


def _rt_shown(r: RoundTripReport, per_kind: int = 3) -> Iterator[tuple[CaseResult | None, str]]:
    """The failing rows worth spelling out, as (row, line): the first few of each kind, then one
    line per kind saying how many more there are (JSON has them all)."""
    seen: dict[str, int] = {}
    for x in r.results:
        if x.difference is not None:
            seen[x.difference.kind] = seen.get(x.difference.kind, 0) + 1
            if seen[x.difference.kind] <= per_kind:
                yield x, f"{x.case}/{x.chunking}: {x.difference}"
    for kind, n in seen.items():
        if n > per_kind:
            yield None, _("… {n} more {kind} row(s) (--json lists them all)").format(n=n - per_kind, kind=kind)


def _rt_summary(r: RoundTripReport) -> list[str]:
    counted = [x for x in r.results if x.counted]
    bad = sum(not x.ok for x in counted)
    lines = [_("{ok} of {n} rows passed").format(ok=len(counted) - bad, n=len(counted))
             + (_("; {bad} failed").format(bad=bad) if bad else "")]
    apart = [x for x in r.results if not x.counted]
    if apart:
        lines.append(_("* {n} row(s) kept apart: not {enc} text, which a {enc} text server may rightly reject "
                       "({bad} failed; not counted)").format(n=len(apart), enc=r.encoding,
                                                             bad=sum(not x.ok for x in apart)))
    if r.stopped_early:
        lines.append(_("the run ended early: nothing came back, not even plain ASCII, so the other rows were not "
                       "run"))
    for c in r.causes:
        lines.append(_("cause: {kind} ({rows} row(s), e.g. {example}): {evidence}").format(
            kind=c.kind, rows=c.rows, example=c.example, evidence=L(c.evidence)))
        if c.fix:
            lines.append("  " + _("fix: {fix}").format(fix=L(c.fix)))
    return lines


def _rt_title(r: RoundTripReport) -> str:
    return _("echo round trip against {host}:{port}").format(host=r.host, port=r.port)


def roundtrip_text(r: RoundTripReport) -> str:
    rows = [_heads(_RT_HEAD), *_rt_rows(r)]
    lines = [_rt_title(r)]
    lines += plain_table(rows[0], rows[1:], indent="")
    lines += [line for _x, line in _rt_shown(r)]
    lines += _rt_summary(r)
    return "\n".join(line.rstrip() for line in lines)


def roundtrip_rich(r: RoundTripReport, options: ConsoleOptions | None = None) -> RenderResult:
    from rich.text import Text

    yield from table_or_records(options, _heads(_RT_HEAD), list(_rt_rows(r)), title=_rt_title(r),
                                styles=["" if x.ok else "red" if x.counted else "dim" for x in r.results])
    for x, line in _rt_shown(r):
        yield Text(line, style="dim" if x is None or not x.counted else "red")
    for line in _rt_summary(r):
        yield Text(line, style="" if line[:1].isdigit() else "yellow")

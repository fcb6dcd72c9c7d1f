"""Renderers for result objects: plain text, rich and HTML.  They know nothing about decoding;
the result objects know nothing about terminals."""

from __future__ import annotations

import html
from collections.abc import Sequence

from .explanation import Explanation, Reading, Row, _rows_total, shown, str_width
from .i18n import N_, Msg, _, ngettext
from .i18n import localize as L
from .walking import BOM, INVALID, SHIFT, TRUNCATED

_HEAD_BYTES = (N_("offset"), N_("bytes"), N_("char"), N_("code point"), N_("name"), N_("cat"), N_("w"))


def _heads(names) -> list[str]:
    return [_(h) for h in names]


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Columns padded by display width, so CJK characters line up."""
    widths = [str_width(h) for h in headers]
    for r in rows:
        for i, cell in enumerate(r):
            widths[i] = max(widths[i], str_width(cell))
    out = []
    for r in [headers, *rows]:
        cells = [c + " " * (w - str_width(c)) for c, w in zip(r, widths)]
        out.append((indent + "  ".join(cells)).rstrip())
    return out


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
    return [str(r.offset), shown(r.char), r.codepoint, r.name, r.category, r.script, *enc, ", ".join(r.flags)]


def _error_lines(e: Explanation) -> list[str]:
    x = e.error
    if x is None:
        return []
    where = (Msg("bytes {a}–{b} ({hex})", a=x.start, b=x.end - 1, hex=x.raw.hex(" ").upper())
             if x.type == "UnicodeDecodeError" else
             Msg("characters {a}–{b} ({chars!r})", a=x.start, b=x.end - 1, chars=x.chars))
    out = [f"{x.type} ({x.encoding}: {x.python_reason})", "  " + _("where: {where}").format(where=L(where)),
           "  " + _("why:   {why}").format(why=L(x.reason)),
           "  " + _("likely cause: {cause}").format(cause=L(x.cause))]
    if x.suggestions:
        verb = _("decodes cleanly as") if x.type == "UnicodeDecodeError" else _("can be encoded in")
        out.append(f"  {verb}: " + ", ".join(x.suggestions))
    return out


def _count(n: int, chars: bool) -> str:
    if chars:
        return (_("{n} char") if n == 1 else _("{n} chars")).format(n=n)
    return (_("{n} byte") if n == 1 else _("{n} bytes")).format(n=n)


def _size(e: Explanation) -> str:
    return _count(e.size, e.kind in ("text", "encode-error"))


def explanation_text(e: Explanation) -> str:
    lines = [f"{_size(e)}: {L(e.verdict)}"]
    if e.error is not None:
        lines += [""] + _error_lines(e)
    for r in e.readings:
        rows, omitted = _reading_rows(e, r)
        lines += ["", f"{r.label}: {L(r.verdict)}"]
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


def explanation_rich(e: Explanation):
    from rich.table import Table
    from rich.text import Text

    ok = e.error is None and all(r.validity.valid for r in e.readings[:1]) and not e.flags
    yield Text.assemble((f"{_size(e)}: ", "bold"), (L(e.verdict), _verdict_style(ok)))
    if e.error is not None:
        yield Text("\n".join(_error_lines(e)), style="yellow")
    for r in e.readings:
        rows, omitted = _reading_rows(e, r)
        t = Table(title=Text(f"{r.label}: {L(r.verdict)}", style=_verdict_style(r.validity.valid)),
                  title_justify="left", header_style="bold cyan")
        for h in _heads((*_HEAD_BYTES, N_("reason"))):
            t.add_column(h, overflow="fold")
        for x in rows:
            style = "red" if x.kind in (INVALID, TRUNCATED) else "dim" if x.kind in (BOM, SHIFT) else ""
            t.add_row(*(Text(c) for c in _byte_cells(x)), Text(L(x.reason)), style=style)
        yield t
        if omitted:
            yield Text(_omitted_line(omitted), style="dim")
    if e.text is not None:
        t = Table(header_style="bold cyan")
        for h in _text_headers(e):
            t.add_column(h, overflow="fold")
        for x in e.char_rows():
            t.add_row(*(Text(c) for c in _text_cells(e, x)), style="yellow" if x.flags else "")
        yield t
        if e.omitted:
            yield Text(_omitted_line(e.omitted), style="dim")
        for kind, (a, b), why in e.flags[:20]:
            yield Text(f"[{a}:{b}] {kind}: {L(why)}", style="yellow")


def _html_table(headers, rows) -> str:
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

def _diagnosis_lines(d) -> list[str]:
    what = d.name or d.source
    size = _count(d.size, d.source == "text")
    lines = [f"{what} ({size}): {L(d.verdict)}"]
    for v in d.validity:
        facts = [v.verdict]
        if v.size:
            facts.append(v.line_endings.describe())
        if v.bom is not None:
            facts.append(f"BOM {v.bom.hex()}")
        lines.append(f"  {v.label}: " + _("; ").join(L(f) for f in facts))
        for u in v.first_invalid:
            lines.append("    " + _("invalid at byte {n} ({hex}): {why}").format(n=u.offset, hex=u.hex(),
                                                                               why=L(u.reason)))
        if v.invalid > len(v.first_invalid):
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
    if d.detection is not None:
        lines.append(_("detection: {detection}").format(detection=d.detection))
    return lines


def diagnosis_text(d) -> str:
    return "\n".join(_diagnosis_lines(d)) + "\n"


def diagnosis_rich(d):
    from rich.text import Text

    lines = _diagnosis_lines(d)
    yield Text(lines[0], style=_verdict_style(d.ok))
    for line in lines[1:]:
        style = "red" if "invalid" in line or "truncated" in line else ""
        yield Text(line, style=style)
    if d.detection is not None and hasattr(d.detection, "__rich_console__"):
        yield d.detection


def diagnosis_html(d) -> str:
    lines = _diagnosis_lines(d)
    return "<div class='codecscope'><pre>" + html.escape("\n".join(lines)) + "</pre></div>"


# -- echo round trip ---------------------------------------------------------------------------

def _hexs(b: bytes) -> str:
    return b.hex(" ").upper()


def difference_text(d) -> str:
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


def _rt_rows(r):
    yes, no = _("yes"), _("NO")
    for x in r.results:
        yield (x.case + ("" if x.counted else "*"), x.chunking, str(x.clients), str(x.sent), str(x.received),
               yes if x.match else no, yes if x.ended == "eof" else no,
               f"{x.latency_ms:.1f}", f"{x.throughput:.1f}", x.difference.kind if x.difference else "")


def _rt_shown(r, per_kind: int = 3):
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


def _rt_summary(r) -> list[str]:
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


def _rt_title(r) -> str:
    return _("echo round trip against {host}:{port}").format(host=r.host, port=r.port)


def roundtrip_text(r) -> str:
    rows = [_heads(_RT_HEAD), *_rt_rows(r)]
    lines = [_rt_title(r)]
    lines += plain_table(rows[0], rows[1:], indent="")
    lines += [line for _x, line in _rt_shown(r)]
    lines += _rt_summary(r)
    return "\n".join(line.rstrip() for line in lines)


def roundtrip_rich(r):
    from rich.table import Table
    from rich.text import Text

    t = Table(*_heads(_RT_HEAD), title=_rt_title(r))
    for row, x in zip(_rt_rows(r), r.results):
        t.add_row(*row, style=None if x.ok else "red" if x.counted else "dim")
    yield t
    for x, line in _rt_shown(r):
        yield Text(line, style="dim" if x is None or not x.counted else "red")
    for line in _rt_summary(r):
        yield Text(line, style=None if line[:1].isdigit() else "yellow")

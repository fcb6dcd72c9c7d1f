"""Charts for the docs from the benchmarks' JSON results.

    python bench/repair.py --json bench/out/repair.json
    python bench/detect.py accuracy --n 2 --repeats 3 --json bench/out/detect.json
    python bench/charts.py [--out docs/img/bench]          # reads bench/out/*.json

Writes plain SVG (no plotting library): one horizontal bar chart per figure, each series a colour,
the value printed at the end of every bar, and the command that produced the data under the
chart. Only results that are present are drawn; a missing JSON file is reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLOURS = {"codecscope": "#3b6fb6", "ftfy": "#e39b2d", "chardet": "#e39b2d", "charset-normalizer": "#8e6bb8",
           "chardetng": "#4aa36c", "cchardet": "#c8504b"}
FONT = "font-family='DejaVu Sans, Verdana, sans-serif'"


def hbar_chart(title: str, rows: list[tuple[str, dict[str, float]]], *, series: list[str],
               maximum: float, fmt, note: str, rule: float | None = None) -> str:
    """A horizontal grouped bar chart as an SVG document."""
    # about 7 px per character of a 12 px sans-serif label
    label_w, bar_w, value_w, bar_h, gap = 16 + 7 * max(len(label) for label, _ in rows), 380, 70, 11, 9
    width = label_w + bar_w + value_w
    top = 56
    height = top + len(rows) * (len(series) * bar_h + gap) + 44
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
           f"viewBox='0 0 {width} {height}' {FONT} font-size='12'>",
           f"<title>{escape(title)}</title>",
           f"<rect width='{width}' height='{height}' fill='white'/>",
           f"<text x='8' y='20' font-size='15' font-weight='bold'>{escape(title)}</text>"]
    x = 8
    for name in series:   # legend
        out.append(f"<rect x='{x}' y='31' width='12' height='12' fill='{COLOURS.get(name, '#777')}'/>")
        out.append(f"<text x='{x + 16}' y='41'>{escape(name)}</text>")
        x += 24 + 8 * len(name)
    y = top
    for label, values in rows:
        mid = y + len(series) * bar_h / 2 + 4
        out.append(f"<text x='{label_w - 8}' y='{mid:.1f}' text-anchor='end'>{escape(label)}</text>")
        for name in series:
            v = values.get(name)
            if v is not None:
                w = max(0.0, min(v, maximum)) / maximum * bar_w
                out.append(f"<rect x='{label_w}' y='{y}' width='{w:.1f}' height='{bar_h - 1}' "
                           f"fill='{COLOURS.get(name, '#777')}'><title>{escape(name)}: {escape(fmt(v))}</title></rect>")
                out.append(f"<text x='{label_w + w + 4:.1f}' y='{y + bar_h - 2}' font-size='10'>{escape(fmt(v))}</text>")
            y += bar_h
        y += gap
    if rule is not None:
        rx = label_w + rule / maximum * bar_w
        out.append(f"<line x1='{rx:.1f}' y1='{top - 4}' x2='{rx:.1f}' y2='{y - gap + 4}' stroke='#444' "
                   f"stroke-dasharray='3,3'/>")
    out.append(f"<line x1='{label_w}' y1='{top - 4}' x2='{label_w}' y2='{y - gap + 4}' stroke='#444'/>")
    for k, line in enumerate(note.splitlines()):
        out.append(f"<text x='8' y='{y + 14 + 14 * k}' font-size='10' fill='#555'>{escape(line)}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _pct(v: float) -> str:
    return f"{v:.0%}"


def repair_charts(data: dict) -> dict[str, str]:
    """Accuracy per source, accuracy per chain family (held-out sources), speed ratios."""
    tools = ["codecscope", "ftfy"]
    note = f"data: {data['command']}  (ftfy {data['versions']['ftfy']}, Python {data['versions']['python']})"
    charts = {}

    rows = []
    src = data["sources"]
    if "ftfy" in src:
        rows.append(("ftfy's own test cases (anchor)",
                     {t: src["ftfy"][t]["pass_exact"] / src["ftfy"][t]["pass_cases"] for t in tools}))
    names = {"cldr": "held out A: CLDR (Babel)", "pycountry": "held out B: iso-codes (pycountry)",
             "faker": "Faker (the tuning set)"}
    for key, label in names.items():
        if key in src:
            s = src[key]["summary"]
            rows.append((label, {t: s[t]["exact"] / s[t]["lossless_cases"] for t in tools}))
    for key, label in names.items():
        if key in src:
            s = src[key]["summary"]
            rows.append((f"clean text left alone, {key}",
                         {t: 1 - s[t]["clean_changed"] / s[t]["clean_texts"] for t in tools}))
    charts["repair-accuracy"] = hbar_chart(
        "Repair: share of garbled texts restored exactly", rows, series=tools, maximum=1.0, fmt=_pct,
        note=note + "\nlossless cases only; 'clean text left alone' = clean inputs returned unchanged")

    fam: dict[str, dict[str, list[int]]] = {}
    for key in ("cldr", "pycountry"):
        for name, f in src.get(key, {}).get("families", {}).items():
            acc = fam.setdefault(name, {t: [0, 0] for t in tools})
            lossless = f["cases"]
            for t in tools:
                acc[t][0] += f[t]["exact"]
                acc[t][1] += lossless
    if fam:
        rows = [(name, {t: a[t][0] / a[t][1] for t in tools}) for name, a in fam.items() if a[tools[0]][1]]
        charts["repair-families"] = hbar_chart(
            "Repair on held-out text, by garbling chain (exact)", rows, series=tools, maximum=1.0,
            fmt=_pct, note=note + "\nCLDR and iso-codes cases together; lossless cases only")

    speed = data.get("speed", {})
    if speed:
        rows = [(f"{inputs}, {kind}", {"codecscope": s["ratio_median"]})
                for inputs, by_kind in speed.items() for kind, s in by_kind.items()]
        top = max(2.0, max(v["codecscope"] for _, v in rows) * 1.1)
        charts["repair-speed"] = hbar_chart(
            "Repair speed: codecscope / ftfy.fix_encoding (median ratio; right of the line: faster)",
            rows, series=["codecscope"], maximum=top, fmt=lambda v: f"{v:.2f}x", rule=1.0,
            note=note + "\nsame inputs, same run, taking turns; median over repeats of the per-repeat ratio")
    return charts


def detect_charts(data: dict) -> dict[str, str]:
    """Accuracy per source and snippet length, every detector side by side."""
    sources = data["sources"]
    if not sources:
        return {}
    names = {"cldr": "CLDR", "pycountry": "pycountry"}
    series = list(next(iter(sources.values()))["detectors"])
    rows = []
    for key, s in sources.items():
        for L in s["lengths"]:
            rows.append((f"{names.get(key, key)}, {L} bytes",
                         {d: s["detectors"][d]["by_length"][str(L)] / 100 for d in series}))
        rows.append((f"{names.get(key, key)}, overall", {d: s["detectors"][d]["overall"] / 100 for d in series}))
    return {"detect-accuracy": hbar_chart(
        "Detection: share of held-out snippets whose encoding is found", rows, series=series, maximum=1.0,
        fmt=lambda v: f"{v:.0%}",
        note=f"data: {data['command']}\n{data['versions']}; Python {data['python']}")}


READERS = {"repair.json": repair_charts, "detect.json": detect_charts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", default=str(ROOT / "bench" / "out"), help="folder of the JSON results")
    ap.add_argument("--out", default=str(ROOT / "docs" / "img" / "bench"), help="folder for the SVG charts")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wrote = 0
    for name, reader in READERS.items():
        path = Path(args.results) / name
        if not path.is_file():
            print(f"{path}: missing (run the benchmark with --json first); skipped", file=sys.stderr)
            continue
        for chart, svg in reader(json.loads(path.read_text(encoding="utf-8"))).items():
            (out / f"{chart}.svg").write_text(svg, encoding="utf-8")
            print(f"wrote {chart}.svg from {name}")
            wrote += 1
    return 0 if wrote else 1


if __name__ == "__main__":
    raise SystemExit(main())

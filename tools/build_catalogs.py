"""Keep the message catalogs in step with the code: ``extract`` and ``compile``.

    python tools/build_catalogs.py extract   # add new messages to every .po, drop gone ones
    python tools/build_catalogs.py compile   # .po -> .mo (what gettext reads at run time)
    python tools/build_catalogs.py           # both

Messages are the string literals passed to ``_()``, ``N_()``, ``Msg()`` and ``ngettext()`` in
``codecscope/`` and ``cli/``, plus argparse's own messages, which the CLI shows through the same
catalog.  The compiler writes the GNU ``.mo`` format that ``gettext.GNUTranslations`` reads; it is
small enough to keep here, so building needs neither GNU gettext nor Babel.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "codecscope", ROOT / "cli"]
LOCALE = ROOT / "codecscope" / "locale"
DOMAIN = "codecscope"
MARKERS = {"_": 1, "N_": 1, "Msg": 1, "ngettext": 2}

# argparse's messages the CLI can show (Python 3.9-3.13), translated through our catalog.
ARGPARSE = [
    "usage: ", "options", "positional arguments", "show this help message and exit",
    "show program's version number and exit", "the following arguments are required: %s",
    "unrecognized arguments: %s", "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r", "expected one argument", "argument %(argument_name)s: %(message)s",
    "not allowed with argument %s", "one of the arguments %s is required", "ambiguous option: %(option)s could match %(matches)s",
    "expected at least one argument", "expected at most one argument",
]
HEADER = {"zh": ["Project-Id-Version: codecscope", "PO-Revision-Date: 2026-12-01 00:00+0000",
                "Last-Translator: codecscope maintainers", "Language-Team: Chinese (Simplified)",
                "Language: zh_CN", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 8bit", "Plural-Forms: nplurals=1; plural=0;"]}


def extract() -> dict[tuple[str, str | None], list[str]]:
    """``{(msgid, msgid_plural): [where, ...]}`` for every marked message in the sources."""
    found: dict[tuple[str, str | None], list[str]] = {}
    for base in SOURCES:
        for path in sorted(base.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                n = MARKERS.get(name)
                if not n or len(node.args) < n:
                    continue
                args = node.args[:n]
                if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                    continue
                key = (args[0].value, args[1].value if n == 2 else None)
                if key[0]:
                    found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    for msg in ARGPARSE:
        found.setdefault((msg, None), []).append("argparse")
    return found


# -- .po reading and writing -------------------------------------------------------------------

def _unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def read_po(path: Path) -> list[dict]:
    """Entries as dicts: msgid, msgid_plural (or None), msgstr (list), refs, fuzzy."""
    entries, cur, field = [], None, None

    def new():
        return {"msgid": None, "msgid_plural": None, "msgstr": [], "refs": [], "fuzzy": False}

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if cur is not None and cur["msgid"] is not None:
                entries.append(cur)
            cur, field = None, None
            continue
        if cur is None:
            cur = new()
        if line.startswith("#:"):
            cur["refs"].append(line[2:].strip())
        elif line.startswith("#,") and "fuzzy" in line:
            cur["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            cur["msgid_plural"], field = _unescape(line[13:].strip()[1:-1]), ("msgid_plural", None)
        elif line.startswith("msgid "):
            cur["msgid"], field = _unescape(line[6:].strip()[1:-1]), ("msgid", None)
        elif line.startswith("msgstr["):
            k = int(line[7:line.index("]")])
            value = _unescape(line[line.index("]") + 1:].strip()[1:-1])
            while len(cur["msgstr"]) <= k:
                cur["msgstr"].append("")
            cur["msgstr"][k], field = value, ("msgstr", k)
        elif line.startswith("msgstr "):
            cur["msgstr"], field = [_unescape(line[7:].strip()[1:-1])], ("msgstr", 0)
        elif line.startswith('"'):
            value = _unescape(line[1:-1])
            name, k = field
            if name == "msgstr":
                cur["msgstr"][k] += value
            else:
                cur[name] += value
    return entries


def write_po(path: Path, lang: str, entries: list[dict]) -> None:
    out = ['msgid ""', 'msgstr ""'] + [_quote(h + "\n") for h in HEADER[lang]]
    out.append("")
    for e in entries:
        if not e["msgid"]:
            continue
        out += [f"#: {r}" for r in e["refs"]]
        if e.get("fuzzy"):
            out.append("#, fuzzy")
        out.append("msgid " + _quote(e["msgid"]))
        if e["msgid_plural"] is not None:
            out.append("msgid_plural " + _quote(e["msgid_plural"]))
            for k, s in enumerate(e["msgstr"] or [""]):
                out.append(f"msgstr[{k}] " + _quote(s))
        else:
            out.append("msgstr " + _quote((e["msgstr"] or [""])[0]))
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def update(lang: str) -> Path:
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    old = {(e["msgid"], e["msgid_plural"]): e for e in (read_po(path) if path.exists() else [])}
    entries = []
    for (msgid, plural), refs in sorted(extract().items(), key=lambda kv: kv[1][0]):
        prev = old.get((msgid, plural))
        entries.append({"msgid": msgid, "msgid_plural": plural, "refs": sorted(set(refs))[:3],
                        "msgstr": prev["msgstr"] if prev else ([""] if plural is None else [""]),
                        "fuzzy": prev["fuzzy"] if prev else False})
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(path, lang, entries)
    return path


# -- .mo ----------------------------------------------------------------------------------------

def compile_po(path: Path) -> bytes:
    """The GNU .mo image of a .po file: untranslated and fuzzy entries are left out."""
    pairs = {}
    for e in read_po(path):
        if e["fuzzy"] and e["msgid"]:
            continue
        if e["msgid_plural"] is not None:
            if not all(e["msgstr"]):
                continue
            pairs[e["msgid"] + "\0" + e["msgid_plural"]] = "\0".join(e["msgstr"])
        elif e["msgstr"] and e["msgstr"][0]:
            pairs[e["msgid"]] = e["msgstr"][0]
    keys = sorted(pairs, key=lambda k: k.encode("utf-8"))
    ids = [k.encode("utf-8") for k in keys]
    strs = [pairs[k].encode("utf-8") for k in keys]
    n = len(keys)
    orig_at, trans_at = 7 * 4, 7 * 4 + n * 8
    data_at = trans_at + n * 8
    table_o, table_t, blob = [], [], b""
    for b in ids:
        table_o += [len(b), data_at + len(blob)]
        blob += b + b"\0"
    for b in strs:
        table_t += [len(b), data_at + len(blob)]
        blob += b + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, n, orig_at, trans_at, 0, data_at)
    return head + struct.pack(f"<{2 * n}I", *table_o) + struct.pack(f"<{2 * n}I", *table_t) + blob


def compile_all() -> list[Path]:
    out = []
    for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po(po))
        out.append(mo)
    return out


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "all"
    if what in ("extract", "all"):
        for lang in HEADER:
            print("updated", update(lang).relative_to(ROOT))
    if what in ("compile", "all"):
        for mo in compile_all():
            print("compiled", mo.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``codecscope demo``: the main job on bundled examples, no arguments needed."""

from __future__ import annotations

import argparse
import json
from importlib import resources
from collections.abc import Iterator
from pathlib import Path

from codecscope import Diagnosis, Explanation, diagnose, explain

from codecscope.i18n import N_, _

from .common import Subparsers, emit

EXAMPLES = [
    ("gbk_saved_expected_utf8.txt", N_("Chinese text saved as GBK, opened as UTF-8"), ["utf-8", "gbk"]),
    ("recv_cut_utf8.bin", N_("a UTF-8 reply cut by recv() inside the last character"), ["utf-8"]),
    ("utf8_read_as_gbk.txt", N_("UTF-8 read as GBK and saved again (古文码), diagnosed as text"), None),
]


def example_path(name: str) -> Path:
    return Path(str(resources.files("codecscope") / "examples" / name))


def register(sub: Subparsers) -> None:
    p = sub.add_parser("demo", help=_("run diagnose and explain on bundled examples"),
                       description=_("Diagnose the bundled examples: a GBK file read as UTF-8, a UTF-8 "
                                   "message cut at a buffer boundary, and 古文码 mojibake."))
    p.add_argument("--json", action="store_true", help=_("print the results as one JSON document"))
    p.set_defaults(func=run)


def _results() -> Iterator[tuple[str, str, str, Diagnosis | Explanation]]:
    for name, what, encodings in EXAMPLES:
        path = example_path(name)
        if encodings is None:
            yield name, what, "diagnose", diagnose(path.read_text(encoding="utf-8"))
        else:
            yield name, what, "diagnose", diagnose(path.read_bytes(), encoding=encodings)
            if name.endswith(".bin"):
                yield name, what, "explain", explain(path.read_bytes(), ["utf-8"], limit=None)


def run(args: argparse.Namespace) -> int:
    if args.json:
        out = {"schema": "codecscope.demo/1",
               "examples": [{"example": n, "what": w, "command": c, "result": r.to_dict()} for n, w, c, r in _results()]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for name, what, command, result in _results():
        print("\n=== " + _("codecscope {command} examples/{name}: {what}").format(command=command, name=name,
                                                                                what=_(what)))
        emit(args, result)
    print("\n" + _("Try: codecscope explain --hex 'e6 a6 9b e6 88 a6 e2 94 88'   (榛戦┈: UTF-8 of 黑马 read as GBK)"))
    return 0

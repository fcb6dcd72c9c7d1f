"""Worst-case benchmark: every analysis on random, pathological and real input from 1 KB to 10 MB.

    python bench/guard.py [--sizes 1K,100K,1M,10M] [--repeats 3] [--timeout 120] [--only diagnose,explain]

Each (entry point, input, size) runs in its own child process, so its peak RSS (VmHWM) is its own:
the call is timed ``--repeats`` times (median quoted; one run at 10 MB), next to the baseline
``data.decode("utf-8", "replace")`` on the same bytes in the same child.  Columns: median seconds,
MB/s, the ratio to the baseline (how many decodes one call costs) and the peak RSS above the
child's RSS before the call.  A call still running after ``--timeout`` seconds is reported as such.

Inputs: ``random`` (os.urandom), ``ff`` (0xFF repeated: one invalid unit per byte in UTF-8),
``cut`` (a 3-byte lead then ASCII, repeated: an invalid unit every 2 bytes), ``real`` (Chinese,
Japanese, Russian and French text in UTF-8), ``gbk`` (the same text in GBK), ``kkk`` (a log of
锟斤拷 and 烫烫烫 in UTF-8: thousands of findings of every kind).  ``diagnose-text`` diagnoses the
input decoded as text (``--text``, ``wire``'s reply), where every mojibake detector runs over it all.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

TEXT = ("黑马程序员的课程：套接字与编码。こんにちは、世界。Привет, мир! Café naïve, déjà vu.\n" * 64)

CHILD = r"""
import io, json, os, statistics, sys, time
kind, size, fn, repeats = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
TEXT = sys.argv[5]

def make():
    if kind == "random":
        return os.urandom(size)
    if kind == "ff":
        return b"\xff" * size
    if kind == "cut":
        return (b"\xe9a" * (size // 2 + 1))[:size]
    if kind == "kkk":
        one = "2024-01-01 锟斤拷烫烫烫 user=锟斤拷 ok\n".encode("utf-8")
        return (one * (size // len(one) + 1))[:size]
    enc = "utf-8" if kind == "real" else "gbk"
    one = TEXT.encode(enc)
    return (one * (size // len(one) + 1))[:size]

import codecscope
from codecscope.stream import StreamDecoder, boundaries
data = make()

def call():
    if fn == "diagnose":
        codecscope.diagnose(data)
    elif fn == "diagnose-text":
        codecscope.diagnose(data.decode("utf-8", "replace"))
    elif fn == "diagnose-stream":
        codecscope.diagnose(io.BytesIO(data))
    elif fn == "explain":
        str(codecscope.explain(data))
    elif fn == "detect":
        codecscope.detect(data)
    elif fn == "boundaries":
        boundaries(data, 1024)
    elif fn == "stream":
        d = StreamDecoder("utf-8", "replace")
        for i in range(0, len(data), 65536):
            d.decode(data[i:i + 65536])
        d.finish()
    elif fn == "repair":
        codecscope.repair(data.decode("utf-8", "replace"))

def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                yield int(line.split()[1]) * 1024

codecscope.explain(b"\xe9\xbb\x91\xff"); codecscope.repair("Ã©"); codecscope.detect(b"\xe9\xbb\x91")
codecscope.diagnose(b"\xe9\xbb\x91\xff")  # plugins load on the first call
before = list(rss())[1]
times, base = [], []
for _ in range(repeats):
    t = time.perf_counter(); data.decode("utf-8", "replace"); base.append(time.perf_counter() - t)
    t = time.perf_counter(); call(); times.append(time.perf_counter() - t)
peak = list(rss())[0]
print(json.dumps({"s": statistics.median(times), "base": statistics.median(base), "peak": peak - before}))
"""


def parse_size(s: str) -> int:
    s = s.strip().upper()
    mult = {"K": 1 << 10, "M": 1 << 20}.get(s[-1], 1)
    return int(s.rstrip("KM")) * mult


def run(kind: str, size: int, fn: str, repeats: int, timeout: float) -> dict | None:
    try:
        p = subprocess.run([sys.executable, "-c", CHILD, kind, str(size), fn, str(repeats), TEXT],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode:
        return {"error": p.stderr.strip().splitlines()[-1]}
    return json.loads(p.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1K,100K,1M,10M")
    ap.add_argument("--kinds", default="random,ff,cut,real,gbk,kkk")
    ap.add_argument("--only", default="diagnose,diagnose-text,diagnose-stream,explain,boundaries,stream,detect,"
                                       "repair")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--max-repair", default="1M", help="largest size repair is run on (it is slower)")
    args = ap.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    print(f"{'call':16} {'input':7} {'size':>6} {'median s':>9} {'MB/s':>8} {'x decode':>9} {'peak MB':>8}")
    for fn in args.only.split(","):
        for kind in args.kinds.split(","):
            for size in sizes:
                if fn == "repair" and size > parse_size(args.max_repair):
                    continue
                repeats = 1 if size >= 10 << 20 else args.repeats
                r = run(kind, size, fn, repeats, args.timeout)
                label = f"{size >> 20}M" if size >= 1 << 20 else f"{size >> 10}K"
                if r is None:
                    print(f"{fn:16} {kind:7} {label:>6} {'> ' + str(int(args.timeout)) + ' s':>9}", flush=True)
                elif "error" in r:
                    print(f"{fn:16} {kind:7} {label:>6} error: {r['error'][:60]}", flush=True)
                else:
                    mbs = size / r["s"] / 1e6 if r["s"] else float("inf")
                    ratio = r["s"] / r["base"] if r["base"] else float("inf")
                    print(f"{fn:16} {kind:7} {label:>6} {r['s']:9.3f} {mbs:8.1f} {ratio:9.0f} "
                          f"{max(0, r['peak']) / 1e6:8.0f}", flush=True)


if __name__ == "__main__":
    main()

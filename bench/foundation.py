"""Foundation benchmark: diagnose throughput and memory, explain scaling.

    python bench/foundation.py [--mb 100] [--repeats 5]

1. diagnose(path) on a generated >= 100 MB mixed UTF-8 file vs the baseline "plain decode": the
   same file read in the same 1 MiB blocks and decoded by CPython's incremental UTF-8 decoder
   (bytes.decode cannot be used block by block: blocks cut characters).  Median of repeats,
   alternating the two so machine noise hits both.  Ratio = decode time / diagnose time
   (target >= 1/3).
2. Peak RSS (VmHWM) of a child process running diagnose on the file, next to a child that only
   imports codecscope (target < 150 MB).
3. explain() on 1 MiB and 4 MiB of random bytes: time ratio (target <= 5x, i.e. linear).
Text comes from Faker's locale providers (zh_CN, ja_JP, ru_RU, fr_FR, en_US), not written here.
"""

from __future__ import annotations

import argparse
import codecs
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import codecscope

BLOCK = 1 << 20


def make_file(path: Path, mb: int) -> int:
    from faker import Faker

    fake = Faker(["zh_CN", "ja_JP", "ru_RU", "fr_FR", "en_US"])
    Faker.seed(2024)
    paras = []
    size = 0
    while size < 4 << 20:  # 4 MB of distinct text, then repeated (throughput does not care)
        p = fake.paragraph(nb_sentences=8) + ("\r\n" if len(paras) % 7 == 0 else "\n")
        paras.append(p)
        size += len(p.encode())
    chunk = "".join(paras).encode()
    target = mb * 1_000_000
    with open(path, "wb") as f:
        written = 0
        while written < target:
            f.write(chunk)
            written += len(chunk)
    return written


def plain_decode(path: Path) -> int:
    dec = codecs.getincrementaldecoder("utf-8")()
    n = 0
    with open(path, "rb") as f:
        while True:
            b = f.read(BLOCK)
            if not b:
                break
            n += len(dec.decode(b))
    return n + len(dec.decode(b"", True))


def median_time(fn, repeats: int) -> float:
    ts = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def child_peak_rss(code: str) -> float:
    probe = (code + "\nfor l in open('/proc/self/status'):\n"
             "    if l.startswith('VmHWM'): print(int(l.split()[1]) / 1024)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mixed.txt"
        size = make_file(path, args.mb)
        print(f"file: {size / 1e6:.1f} MB mixed UTF-8 (zh/ja/ru/fr/en, LF + CRLF)")
        d = codecscope.diagnose(path)  # also loads the registered detectors (diagnose.PLUGINS)
        print(f"diagnose verdict: {d.verdict}")
        assert d.validity[0].chars == plain_decode(path)
        dmod = sys.modules["codecscope.diagnosis"]
        detectors = list(dmod._detectors)

        def core():  # the streaming verdict alone: detection and mojibake detectors switched off
            dmod._detectors[:] = []
            try:
                return codecscope.diagnose(path)
            finally:
                dmod._detectors[:] = detectors

        dec_ts, core_ts, full_ts = [], [], []
        for _ in range(args.repeats):  # alternate, so noise hits all of them
            dec_ts.append(median_time(lambda: plain_decode(path), 1))
            core_ts.append(median_time(core, 1))
            if detectors:
                full_ts.append(median_time(lambda: codecscope.diagnose(path), 1))
        t_dec, t_core = statistics.median(dec_ts), statistics.median(core_ts)
        print(f"plain decode (1 MiB blocks, incremental utf-8): {t_dec:.3f} s  ({size / t_dec / 1e6:.0f} MB/s)")
        print(f"diagnose(path), streaming verdict:              {t_core:.3f} s  ({size / t_core / 1e6:.0f} MB/s)"
              f"  ratio {t_dec / t_core:.2f}  (target >= 0.33)")
        if detectors:
            t_full = statistics.median(full_ts)
            names = ", ".join(f"{d.__module__}.{d.__name__}" for d in detectors)
            print(f"diagnose(path) with registered detectors ({names}): {t_full:.3f} s"
                  f"  ratio {t_dec / t_full:.2f}")
        base = child_peak_rss("import codecscope, pathlib")
        peak = child_peak_rss(f"import codecscope, pathlib; codecscope.diagnose(pathlib.Path({str(path)!r}))")
        print(f"peak RSS: diagnose child {peak:.1f} MB, detectors included "
              f"(import-only child {base:.1f} MB)  (target < 150 MB)")
    rnd = os.urandom(4 << 20)
    small, big = rnd[: 1 << 20], rnd
    t1 = median_time(lambda: str(codecscope.explain(small)), args.repeats)
    t4 = median_time(lambda: str(codecscope.explain(big)), args.repeats)
    print(f"explain random bytes: 1 MiB {t1:.2f} s, 4 MiB {t4:.2f} s, ratio {t4 / t1:.2f}  (target <= 5)")
    w1 = median_time(lambda: sum(1 for _ in codecscope.walk(small, "utf-8")), args.repeats)
    w4 = median_time(lambda: sum(1 for _ in codecscope.walk(big, "utf-8")), args.repeats)
    print(f"walk alone (utf-8):   1 MiB {w1:.2f} s, 4 MiB {w4:.2f} s, ratio {w4 / w1:.2f}")


if __name__ == "__main__":
    main()

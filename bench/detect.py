"""Detection benchmark: codecscope vs charset-normalizer vs chardet on the same real snippets.

    python bench/detect.py [--n 40] [--seed 2] [--repeats 3] [--lengths 12,24,48,96,400]

Snippets are cut from Faker's locale data (names, addresses, companies, jobs and lorem text in
each locale: text nobody on this project wrote), encoded in each benchmarked encoding and cut to
at most N bytes on a character boundary; every snippet holds at least one non-ASCII character.
A guess is right when decoding the snippet with it gives back the original text exactly.

The detector's model is not tuned on these snippets: its frequency data comes from
charset-normalizer's tables and the codecs' own character sets.  Seed 1 is the development set
(used while iterating); the default seed 2 is the reported one.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict

LENGTHS = (12, 24, 48, 96, 400)

# encoding benchmarked -> locales whose text is written in it
SOURCES: dict[str, tuple[str, ...]] = {
    "utf-8": ("zh_CN", "ja_JP", "ko_KR", "ru_RU", "fr_FR", "de_DE", "el_GR", "tr_TR", "he_IL", "pl_PL"),
    "gb18030": ("zh_CN",),
    "big5": ("zh_TW",),
    "cp932": ("ja_JP",),
    "euc_jp": ("ja_JP",),
    "cp949": ("ko_KR",),
    "cp1251": ("ru_RU", "uk_UA", "bg_BG"),
    "koi8_r": ("ru_RU",),
    "cp1252": ("fr_FR", "de_DE", "es_ES", "pt_PT", "it_IT", "nl_NL", "da_DK", "sv_SE"),
    "iso8859_2": ("pl_PL", "cs_CZ", "hu_HU", "sk_SK", "hr_HR", "sl_SI"),
    "iso8859_7": ("el_GR",),
    "iso8859_9": ("tr_TR",),
    "cp1255": ("he_IL",),
}
CJK = ("gb18030", "big5", "cp932", "euc_jp", "cp949")
_PROVIDERS = ("name", "address", "company", "job", "city", "street_name", "text")


def locale_pieces(locale: str, seed: int, count: int = 120) -> list[str]:
    """Real strings from one Faker locale (one seed gives one deterministic list)."""
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    out: list[str] = []
    for i in range(count):
        method = _PROVIDERS[i % len(_PROVIDERS)]
        try:
            s = getattr(fake, method)()
        except AttributeError:
            continue
        out.append(" ".join(s.split()))
    return out


def snippets(encoding: str, length: int, n: int, seed: int) -> list[tuple[str, bytes]]:
    """``n`` (text, bytes) pairs: real text in ``encoding``, at most ``length`` bytes."""
    rng = random.Random(f"{encoding}/{length}/{seed}")
    pool: list[str] = []
    for loc in SOURCES[encoding]:
        pool += [p for p in locale_pieces(loc, seed) if _encodable(p, encoding)]
    out: list[tuple[str, bytes]] = []
    tries = 0
    while len(out) < n and tries < n * 50:
        tries += 1
        rng.shuffle(pool)
        stream = " ".join(pool[:40])
        start = rng.randrange(len(stream))
        while start > 0 and not stream[start - 1].isspace() and rng.random() < 0.9:
            start -= 1  # usually start at a word, sometimes mid-word as real cuts do
        text, size = [], 0
        for ch in stream[start:]:
            b = len(ch.encode(encoding))
            if size + b > length:
                break
            text.append(ch)
            size += b
        t = "".join(text)
        if any(ord(c) > 127 for c in t):
            out.append((t, t.encode(encoding)))
    return out


def _encodable(s: str, enc: str) -> bool:
    try:
        s.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


def right(data: bytes, text: str, guess: str | None) -> bool:
    if not guess:
        return False
    try:
        return data.decode(guess) == text
    except (UnicodeDecodeError, LookupError):
        return False


def _codecscope(data: bytes) -> str | None:
    from codecscope.detect import detect

    return detect(data).encoding


def _charset_normalizer(data: bytes) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    return best.encoding if best else None


def _chardet(data: bytes) -> str | None:
    import chardet

    return chardet.detect(data)["encoding"]


DETECTORS = {"codecscope": _codecscope, "charset-normalizer": _charset_normalizer, "chardet": _chardet}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40, help="snippets per encoding and length")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3, help="timing repeats (median reported)")
    ap.add_argument("--lengths", default=",".join(map(str, LENGTHS)))
    ap.add_argument("--only", default="", help="comma-separated detectors to run")
    ap.add_argument("--misses", action="store_true", help="print codecscope's wrong guesses")
    args = ap.parse_args(argv)
    lengths = [int(x) for x in args.lengths.split(",")]
    names = [d for d in DETECTORS if not args.only or d in args.only.split(",")]

    cases = [(enc, L, t, b) for enc in SOURCES for L in lengths for t, b in snippets(enc, L, args.n, args.seed)]
    print(f"{len(cases)} snippets, {len(SOURCES)} encodings, lengths {lengths}, seed {args.seed}")
    for d in names:  # warm-up: imports, lazy tables
        DETECTORS[d](b"warm up \xc3\xa9")

    hits: dict[str, dict[tuple[str, int], list[bool]]] = {d: defaultdict(list) for d in names}
    runs: dict[str, list[float]] = {d: [] for d in names}
    guesses: dict[str, list] = {}
    for r in range(args.repeats):  # interleaved, so load from other processes hits all alike
        for d in names:
            fn = DETECTORS[d]
            t0 = time.perf_counter()
            guesses[d] = [fn(b) for _, _, _, b in cases]
            runs[d].append(time.perf_counter() - t0)
    times = {d: statistics.median(v) for d, v in runs.items()}
    for d in names:
        for (enc, L, t, b), g in zip(cases, guesses[d]):
            ok = right(b, t, g)
            hits[d][enc, L].append(ok)
            if args.misses and d == "codecscope" and not ok:
                print(f"  miss {enc:>9} {L:>3}: guessed {g!s:<10} {t!r}")

    def acc(d, pred) -> float:
        xs = [x for k, v in hits[d].items() if pred(*k) for x in v]
        return 100.0 * sum(xs) / len(xs) if xs else float("nan")

    w = max(len(d) for d in names) + 2
    print("\naccuracy by length (%)")
    print(" " * 10 + "".join(f"{d:>{w}}" for d in names))
    for L in lengths:
        print(f"{L:>6} B  " + "".join(f"{acc(d, lambda e, l: l == L):>{w}.1f}" for d in names))
    print(f"{'CJK@' + str(lengths[0]):>8}  " + "".join(
        f"{acc(d, lambda e, l: l == lengths[0] and e in CJK):>{w}.1f}" for d in names))
    print(f"{'overall':>8}  " + "".join(f"{acc(d, lambda e, l: True):>{w}.1f}" for d in names))
    print("\naccuracy by encoding (%)")
    for enc in SOURCES:
        print(f"{enc:>10}" + "".join(f"{acc(d, lambda e, l: e == enc):>{w}.1f}" for d in names))
    print(f"\nspeed (median of {args.repeats} runs over all snippets)")
    for d in names:
        print(f"{d:>20}: {times[d]:7.3f} s  {1000 * times[d] / len(cases):7.3f} ms/snippet")
    if "codecscope" in times:
        for d in names:
            if d != "codecscope":
                print(f"codecscope speed vs {d}: {times[d] / times['codecscope']:.2f}x (higher = codecscope faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""CJK chain families on the tuning source: the held-out corpus's CJK families (bench/repair_corpus.py)
built from Faker's zh_CN / zh_TW / ja_JP / ko_KR data instead, short texts (names, cities, words,
countries, jobs) as well as Faker's sentences and addresses, so the families can be studied where
tuning is allowed.  Per family: lossless cases exact, lossy cases exact and mean similarity, and
repairs at confidence >= 0.9 that are wrong.

    PYTHONHASHSEED=0 python bench/repair_cjk_dev.py [--per-family N] [--show FAMILY]
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import codecscope  # noqa: E402
from bench import repair_corpus as rc  # noqa: E402

# the held-out corpus's language labels -> Faker locales
LOCALES = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW", "ja": "ja_JP", "ko": "ko_KR"}


def faker_texts(locale: str, n: int = 1500, seed: int = 3) -> list[str]:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    makers = [fake.name, fake.last_name, fake.first_name, fake.city, fake.country, fake.job, fake.company,
              fake.street_name, lambda: fake.address().replace("\n", " "), fake.word,
              lambda: " ".join(fake.words(3)), fake.sentence]
    out: dict[str, None] = {}
    k = 0
    while len(out) < n and k < n * 20:
        t = makers[k % len(makers)]().strip()
        k += 1
        if t:
            out.setdefault(t)
    texts = list(out)
    # symbol-rich variants, through the held-out corpus's own templates, and short formatted
    # texts (dates, amounts, units) written from general knowledge of each language's conventions
    lang = next(k for k, v in LOCALES.items() if v == locale)
    rng = random.Random(f"{locale}-symbols")
    texts += [rc._templates(lang, t, rng) for t in texts[::4]]
    texts += [_formatted(lang, rng) for _ in range(n // 4)]
    return list(dict.fromkeys(texts))


_UNITS = {
    "zh_Hans": ("千克", "公里", "摄氏度", "毫升", "平方米", "微克", "小时", "元", "个", "分钟"),
    "zh_Hant": ("公斤", "公里", "攝氏度", "毫升", "平方公尺", "微克", "小時", "元", "個", "分鐘"),
    "ja": ("キログラム", "キロメートル", "度", "ミリリットル", "平方メートル", "時間", "円", "個", "分", "秒"),
    "ko": ("킬로그램", "킬로미터", "도", "밀리리터", "제곱미터", "시간", "원", "개", "분", "초"),
}
_DAYS = {
    "zh_Hans": "一二三四五六日", "zh_Hant": "一二三四五六日", "ja": "月火水木金土日", "ko": "월화수목금토일",
}


def _formatted(lang: str, rng: random.Random) -> str:
    y, m, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
    h, mi = rng.randint(0, 23), rng.randint(0, 59)
    day = rng.choice(_DAYS[lang])
    unit = rng.choice(_UNITS[lang])
    amount = f"{rng.randint(1, 99999):,}.{rng.randint(0, 99):02d}"
    if lang == "ko":
        forms = (f"{y}년 {m}월 {d}일 {day}요일", f"{y}. {m}. {d}. 오후 {h % 12}:{mi:02d}", f"{m}월",
                 f"{rng.randint(1, 999)}{unit}", f"{rng.randint(1, 999)} {unit}", f"₩{amount}", f"{day}요일")
    elif lang == "ja":
        forms = (f"{y}年{m}月{d}日{day}曜日", f"{y}/{m:02d}/{d:02d} {h}:{mi:02d}", f"{m}月", f"{d}日",
                 f"{rng.randint(1, 999)}{unit}", f"{rng.randint(1, 999)} {unit}", f"￥{amount}", f"{day}曜日")
    else:
        week = "星期" if lang == "zh_Hans" else rng.choice(("星期", "週"))
        forms = (f"{y}年{m}月{d}日{week}{day}", f"{y}年{m}月{d}日 {h}:{mi:02d}", f"{m}月", f"{d}日",
                 f"{rng.randint(1, 999)}{unit}", f"{rng.randint(1, 999)} {unit}", f"¥{amount}", f"{week}{day}",
                 f"上午{h % 12}:{mi:02d}", f"{rng.randint(1, 99)}%")
    return rng.choice(forms)


def cases(per_family: int) -> list[rc.Case]:
    pool = {lang: faker_texts(loc) for lang, loc in LOCALES.items()}
    out = []
    for family, chain, langs in rc.FAMILIES:
        if family not in rc.CJK_FAMILIES:
            continue
        langs = [lang for lang in langs if lang in pool]
        rng = random.Random(f"dev-{family}")
        queues = {lang: rng.sample(pool[lang], len(pool[lang])) for lang in langs}
        out += rc.draw("faker", family, chain, langs, queues, per_family)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-family", type=int, default=300)
    ap.add_argument("--show", default="")
    ap.add_argument("--lossy", action="store_true", help="show lossy misses too")
    args = ap.parse_args()
    rows = {}
    shown = []
    for c in cases(args.per_family):
        r = codecscope.repair(c.garbled)
        row = rows.setdefault(c.family, [0, 0, 0, 0, 0.0, 0])
        if c.lossy:
            row[2] += 1
            row[3] += r.text == c.original
            row[4] += difflib.SequenceMatcher(None, r.text, c.original, autojunk=False).ratio()
        else:
            row[0] += 1
            row[1] += r.text == c.original
        row[5] += not c.lossy and r.confidence >= 0.9 and r.text != c.original
        if args.show and args.show in c.family and r.text != c.original and (args.lossy or not c.lossy):
            shown.append((c.family, c.lang, c.original, c.garbled, r.text, r.confidence))
    print(f"{'family':30} {'exact':>13} {'lossy exact':>12} {'lossy sim':>9} {'sure wrong':>10}")
    for fam, (n, ok, nl, okl, s, sw) in rows.items():
        print(f"{fam:30} {ok:4}/{n:<4} {100 * ok / max(n, 1):5.1f}% {okl:5}/{nl:<5} {s / max(nl, 1):9.3f} {sw:10}")
    for s in shown:
        print(repr(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())

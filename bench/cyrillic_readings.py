"""Cyrillic read as Cyrillic on the TUNING set: how repair does, and how close clean text comes.

    python bench/cyrillic_readings.py [--per-family N] [--show N]

Everything here comes from Faker (the tuning set; the held-out sources are never used): names,
cities, jobs, streets, companies, addresses and sentences of ru_RU, uk_UA and bg_BG, each garbled
through Windows-1251, KOI8-R and cp866 read as each other, as written, in lower case, and in lower
case inside the held-out benchmark's own symbol templates (``repair_corpus._templates``: quotes,
™ ® ©, a number after a no-break space, signs and units; only those each code page can write); and as
clean texts the same locales plus mk_MK, each as written, in lower case and in capitals, with
Serbian Cyrillic made from Faker's Croatian and Bosnian text by the one-to-one Serbian alphabet
(lj -> љ, nj -> њ, dž -> џ, ...), and a list of real acronyms.  Besides Faker, short everyday
words written for this bench from general knowledge of the languages (``SHORT_WORDS``: months,
weekdays, pronouns, units) go through every chain in lower case.

It prints exact repairs per chain, clean texts changed, and the highest letter-pair gain
(log10 likelihood ratio, :func:`codecscope.repairing.evidence.reading_gain`) any word-shaped
reading of a clean text reaches: the bar ``chains.READING_GAIN`` must stay above it; and how
often box drawing read as letters counts as words (``evidence.spells_words``), for words and
for random runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import codecscope  # noqa: E402
from codecscope.repairing import chains, evidence  # noqa: E402

PAGES = {"cp1251": "cp1251-web", "koi8_r": "koi8_r", "cp866": "cp866"}
READINGS = [(r, o) for o in ("cp1251", "koi8_r", "cp866") for r in ("cp1251-web", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic")
            if r.replace("-web", "") != o and (o == "cp1251" or r in PAGES.values())]
ACRONYMS = ("СССР США КНДР ООН ФСБ МВД РФ ЕС НАТО ЮНЕСКО ВВП ДНК ИП ООО ЗАО ОАО АО ПАО НИИ МГУ ГОСТ РЖД "
            "ТВ ЧП ЖКХ ВУЗ СМИ ГИБДД ДТП ПДД ЦБ НДС ИНН КПП ОГРН БИК СНГ МЧС ФНС ПФР КГБ ВМФ ВВС ПВО ЗСУ "
            "СБУ НБУ ЄС МВФ ОБСЄ ПДВ БСП ГЕРБ ДПС БАН СПС СНС РТС ЈНА СДСМ МРТ ЦСКА ВОЗ ЮАР ОАЭ ФРГ ГДР "
            "КНР ТАСС РИА НТВ РБК").split()
_SERBIAN = {"lj": "љ", "nj": "њ", "dž": "џ", "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д",
            "đ": "ђ", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л",
            "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "š": "ш", "t": "т", "u": "у",
            "v": "в", "z": "з", "ž": "ж"}


# short everyday words, written for this benchmark from general knowledge of the languages (not
# drawn from any corpus): months and weekdays and their abbreviations, pronouns, units, short
# country names, in lower case as running text writes them
SHORT_WORDS = {
    "ru": "май янв фев мар апр июн июл авг сен окт ноя дек пн вт ср чт пт сб вс год лет час мин сек день "
          "чад мали перу куба оман лаос иран ирак того да нет он она оно мы вы они мой ваш наш кто что где как "
          "мир дом кот лес сад сын муж брат друг враг юг край утро метр литр фунт евро вон",
    "uk": "січ лют бер кві тра чер лип сер вер жов лис гру рік так ні він вона ми ви вони хто що де як світ дім ліс",
    "bg": "яну юни юли сеп ное ден лев юан не той тя то ние вие те кой къде свят град село",
    "sr": "мај јун јул дан сат ко шта где свет град село",
}


def faker_texts(locale: str, n: int, seed: int) -> list[str]:
    from faker import Faker

    f = Faker(locale)
    f.seed_instance(seed)
    makers = [f.city, f.last_name, f.first_name, f.job, f.street_name, f.company, f.name,
              lambda: f.address().replace("\n", " ")]
    try:
        f.sentence()
        makers += [f.sentence, f.word]
    except Exception:  # a locale without lorem text
        pass
    out: dict[str, None] = {}
    for k in range(n):
        try:
            out.setdefault(makers[k % len(makers)]().strip())
        except Exception:  # a provider this locale lacks
            continue
    return list(out)


def serbian(text: str) -> str:
    out, k, low = [], 0, text.lower()
    while k < len(text):
        for size in (2, 1):
            c = _SERBIAN.get(low[k:k + size])
            if c:
                out.append(c.upper() if text[k].isupper() else c)
                k += size
                break
        else:
            out.append(text[k])
            k += 1
    return "".join(out)


def best_gain(text: str) -> tuple[float, str]:
    """The highest letter-pair gain of a word-shaped reading of ``text``, and that reading."""
    best = (float("-inf"), "")
    for read_as, original in READINGS:
        try:
            new = text.encode(read_as).decode(original)
        except UnicodeError:
            continue
        if new == text or not chains._word_shaped(new):
            continue
        gain, pairs, gains = evidence.reading_gain(text, new)
        gain -= chains._RARE_PAGES.get(read_as, 0.0)
        gain += chains.CAPS_TO_LOWER * (chains._case(text) - chains._case(new))
        if pairs >= chains.READING_PAIRS and min(gains, default=0.0) >= chains.READING_WORSE:
            best = max(best, (gain, new))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-family", type=int, default=60, help="garbled texts per chain, language and case")
    ap.add_argument("--show", type=int, default=0, help="misses listed per chain")
    args = ap.parse_args()
    pools = {loc: faker_texts(loc, 1200, 4242) for loc in ("ru_RU", "uk_UA", "bg_BG")}
    import random
    import re

    from repair_corpus import _templates

    rng = random.Random(1)
    # (texts with a Cyrillic word only: Faker's Russian locale writes some jobs and sentences in
    # Latin letters, which a template's one sign would make a text of no Cyrillic at all)
    templated = {loc: [_templates(loc[:2], t.lower(), rng) for t in texts if re.search("[а-яёіїєґ]{2}", t.lower())]
                 for loc, texts in pools.items()}
    print(f"{'chain':36} {'exact':>12}")
    total = [0, 0]
    for variant, suffix in (("lower", ", lower case"), ("written", ""), ("templates", ", in templates")):
        for o, r in ((o, r) for o in PAGES for r in PAGES if o != r):
            ok = n = 0
            misses = []
            for loc, texts in (templated if variant == "templates" else pools).items():
                k = 0
                for t in texts:
                    t = t.lower() if variant == "lower" else t
                    try:
                        g = t.encode(o).decode(PAGES[r])
                    except UnicodeError:
                        continue
                    if g == t or k >= args.per_family:
                        continue
                    k += 1
                    out = codecscope.repair(g).text
                    n += 1
                    ok += out == t
                    if out != t:
                        misses.append((g, out, t))
            total[0] += ok
            total[1] += n
            print(f"{o} read as {r}{suffix:15} {ok:>4}/{n:<4} {ok / n:6.1%}")
            for g, out, t in misses[:args.show]:
                print(f"    {g!r} -> {out!r} (want {t!r})")
    print(f"{'all':36} {total[0]:>4}/{total[1]:<4} {total[0] / total[1]:6.1%}")
    short_words()
    clean = [v for loc in ("ru_RU", "uk_UA", "bg_BG", "mk_MK") for t in faker_texts(loc, 800, 10)
             for v in (t, t.lower(), t.upper())]
    clean += [v for loc in ("hr_HR", "bs_BA") for t in faker_texts(loc, 600, 10)
              for v in (serbian(t), serbian(t).lower(), serbian(t).upper())]
    clean += [v for a in ACRONYMS for v in (a, a.lower())]
    clean = list(dict.fromkeys(clean))
    changed = [t for t in clean if codecscope.repair(t).changed]
    gains = sorted(((best_gain(t), t) for t in clean), reverse=True)
    print(f"clean texts changed: {len(changed)} of {len(clean)}" + "".join(f"\n    {t!r}" for t in changed[:10]))
    print(f"highest letter-pair gain of a reading of a clean text: {gains[0][0][0]:.2f} "
          f"({gains[0][1]!r} read as {gains[0][0][1]!r}); the bar is {chains.READING_GAIN}")
    drawing_words(pools)
    return 0


def short_words() -> None:
    """Exact repairs of SHORT_WORDS (two to four letters each) through every chain."""
    words = sorted({w for ws in SHORT_WORDS.values() for w in ws.split()})
    for o, r in ((o, r) for o in PAGES for r in PAGES if o != r):
        ok = n = 0
        for w in words:
            try:
                g = w.encode(o).decode(PAGES[r])
            except UnicodeError:
                continue
            n += 1
            ok += codecscope.repair(g).text == w
        print(f"{o} read as {r}, short words{'':3} {ok:>4}/{n:<4} {ok / n:6.1%}")


def drawing_words(pools: dict[str, list[str]]) -> None:
    """How often box drawing that a reading turns into letters counts as words
    (:func:`evidence.spells_words`, and each of its two models alone): words of the pools written in
    KOI8-R and read as cp866 (box drawing and blocks alone), against seeded random runs of two to
    eight of cp866's pseudo-graphics (0xB0-0xDF) read the same way."""
    import random
    import re

    words = sorted({w for texts in pools.values() for t in texts for w in re.findall("[а-яёіїєґ]{2,}", t.lower())
                    if re.fullmatch("[\u2500-\u25a0]+", w.encode("koi8_r", "replace").decode("cp866"))})
    rng = random.Random(1)
    pseudo = bytes(range(0xB0, 0xE0))
    runs = [bytes(rng.choice(pseudo) for _ in range(rng.randint(2, 8))).decode("koi8_r") for _ in range(3000)]
    runs = [r for r in runs if re.search("[\u0400-\u045f]{2}", r)]
    for name, judge in (("either model (the rule)", lambda t: evidence.spells_words([t])),
                        (f"letter pairs <= {evidence.WORDS_SURPRISE}", lambda t: evidence.cyrillic_surprise(t)[0] <= evidence.WORDS_SURPRISE),
                        (f"word model <= {evidence.WORDS_STEP_SURPRISE} a step",
                         lambda t: evidence._mean_surprise([t]) <= evidence.WORDS_STEP_SURPRISE)):
        w = sum(map(judge, words)) / len(words)
        r = sum(map(judge, runs)) / len(runs)
        print(f"box drawing read as letters, counted as words, {name}: {w:.1%} of {len(words)} words, "
              f"{r:.1%} of {len(runs)} random runs")


if __name__ == "__main__":
    sys.exit(main())

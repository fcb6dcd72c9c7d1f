"""Legacy text that a letter model can get wrong in a way ``scan --fix`` would act on: Arabic,
Persian and Hebrew written with their vowel marks, and Cyrillic or Greek written in capitals
throughout (notices, headings, forms), whose bytes read as another script's small letters.  Each
is read in its own script, and a file of it is never rewritten into another one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from codecscope import detect
from codecscope import detection as D

SURE = 0.9   # scan --fix acts from here

VOWELLED = [
    ("بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ", ("cp1256", "iso8859_6")),
    ("السَّلَامُ عَلَيْكُمْ وَرَحْمَةُ اللَّهِ وَبَرَكَاتُهُ", ("cp1256", "iso8859_6")),
    ("ذَهَبَ الْوَلَدُ إِلَى الْمَدْرَسَةِ صَبَاحًا", ("cp1256", "iso8859_6")),
    ("كَتَبَ الطَّالِبُ الدَّرْسَ", ("cp1256", "iso8859_6")),
    ("دَرِ خانه بَسته است", ("cp1256",)),                                    # Persian
    ("پاکستان کا دارالحکومت اسلام آباد ہے", ("cp1256",)),                      # Urdu, no marks
    ("مرحبا بكم في الموقع الرسمي للوزارة", ("cp1256", "iso8859_6")),          # no marks
    ("בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ", ("cp1255",)),
    ("שָׁלוֹם עֲלֵיכֶם", ("cp1255",)),
]

CAPITALS = [
    ("ВНИМАНИЕ! ОШИБКА ДОСТУПА К ФАЙЛУ.\nСИСТЕМА ПЕРЕЗАГРУЖЕНА. ОБРАТИТЕСЬ К АДМИНИСТРАТОРУ.\n",
     ("koi8_r", "cp1251", "cp866")),
    ("СЧЁТ-ФАКТУРА 17 ОТ 5 МАРТА. ПОСТАВЩИК: ООО СЕВЕР. ИТОГО К ОПЛАТЕ", ("koi8_r", "cp1251", "cp866")),
    ("УВАГА! ПОМИЛКА ЗАПИСУ ФАЙЛУ. ЗВЕРНІТЬСЯ ДО АДМІНІСТРАТОРА.", ("koi8_u", "cp1251")),
    ("ВНИМАНИЕ: ГРЕШКА ПРИ ЧЕТЕНЕ НА ФАЙЛА. СВЪРЖЕТЕ СЕ С АДМИНИСТРАТОРА.", ("cp1251", "cp866")),
    ("ΠΡΟΣΟΧΗ: ΣΦΑΛΜΑ ΣΥΣΤΗΜΑΤΟΣ\nΕΠΙΚΟΙΝΩΝΗΣΤΕ ΜΕ ΤΟΝ ΔΙΑΧΕΙΡΙΣΤΗ\n", ("cp1253", "iso8859_7")),
    ("ΑΠΑΓΟΡΕΥΕΤΑΙ Η ΕΙΣΟΔΟΣ ΣΕ ΜΗ ΕΞΟΥΣΙΟΔΟΤΗΜΕΝΑ ΑΤΟΜΑ", ("cp1253", "iso8859_7")),
]


def _cases(table):
    return [pytest.param(text, codec, id=f"{codec}-{text[:12]}") for text, codecs in table for codec in codecs]


@pytest.mark.parametrize("text,codec", _cases(VOWELLED + CAPITALS))
def test_read_in_its_own_script(text, codec):
    data = text.encode(codec)
    det = detect(data)
    assert det.encoding is not None and data.decode(det.encoding) == text, (det.encoding, det.confidence)


@pytest.mark.parametrize("text,codec", _cases(CAPITALS))
def test_capitals_cost_the_reading_once_not_per_letter(text, codec):
    # the same words in small letters and in capitals: the capitals' reading loses at most the
    # one-off amount, so a long notice in capitals keeps its script
    small, caps = text.lower().encode(codec), text.encode(codec)
    small_ll = D._rank(small, [codec])[0][0]
    caps_ll = D._rank(caps, [codec])[0][0]
    assert small_ll - caps_ll <= D.CAPS_MAX + 1e-9


def test_vowel_marks_leave_the_letters_context_whole():
    bare, marked = "بسم الله الرحمن الرحيم", "بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ"
    assert D._context(("Arabic",), marked) == D._context(("Arabic",), bare)
    # and in the tables scored from the bytes alike (cp1256 and ISO-8859-6 both have the marks)
    for codec in ("cp1256", "iso8859_6"):
        pages = D._code_pages((codec,))
        scores = {}
        for text in (bare, marked):
            data = text.encode(codec)
            counts = [0] * 256
            for b in data:
                counts[b] += 1
            scores[text] = pages.score(data, counts, max(1, sum(counts[0x80:])))[codec][0]
        # each mark costs its own letter probability, and nothing in the context
        marks = [c for c in marked if D._mark(c)]
        own = sum(D._SB_LP["Arabic"][c] for c in marks)
        assert scores[marked] - scores[bare] == pytest.approx(own, abs=1e-6)


def test_a_close_call_between_two_scripts_is_not_sure():
    # two readings of the same bytes in different scripts, a few nats apart over many bytes: the
    # share of the evidence says "sure", the margin per byte does not
    def cand(enc, lang):
        return D._candidate(encoding=enc, language=lang, valid=True, invalid=0, truncated=False, bom=False,
                            score=0.0, reading="", cut_start=False)
    scored = [(-190.0, cand("cp1251", "Bulgarian"), "ИцУъгц"), (-200.0, cand("cp1256", "Arabic"), "بِسْمِ")]
    assert D._confidence(scored, 34, 20)[0] < SURE
    # the same margin between two code pages of one script keeps the model's confidence
    scored = [(-190.0, cand("cp1251", "Bulgarian"), "ИцУъгц"), (-200.0, cand("koi8_r", "Russian"), "хЖсЗЦЖ")]
    assert D._confidence(scored, 34, 20)[0] >= SURE


@pytest.mark.parametrize("text,codec", [
    ("بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ\n", "cp1256"),
    ("ВНИМАНИЕ! ОШИБКА ДОСТУПА К ФАЙЛУ.\nСИСТЕМА ПЕРЕЗАГРУЖЕНА. ОБРАТИТЕСЬ К АДМИНИСТРАТОРУ.\n", "koi8_r"),
    ("ΠΡΟΣΟΧΗ: ΣΦΑΛΜΑ ΣΥΣΤΗΜΑΤΟΣ\nΕΠΙΚΟΙΝΩΝΗΣΤΕ ΜΕ ΤΟΝ ΔΙΑΧΕΙΡΙΣΤΗ\n", "cp1253"),
])
def test_scan_fix_converts_right_or_leaves_the_file(tmp_path, text, codec):
    path = tmp_path / "legacy.txt"
    data = text.encode(codec)
    path.write_bytes(data)
    subprocess.run([sys.executable, "-m", "codecscope", "scan", "--fix", str(path)],
                   capture_output=True, timeout=120)
    after = path.read_bytes()
    assert after == data or after.decode("utf-8") == text

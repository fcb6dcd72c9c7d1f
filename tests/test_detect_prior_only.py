"""A code page's prior says how often it is met, not what the bytes say: where it alone makes
the margin between two plausible readings (Mac Roman against cp1252, Mac Cyrillic against
cp1251), the answer is not sure.  Real text from Faker's locale data."""

from __future__ import annotations

import pytest

from codecscope.detection import detect

faker = pytest.importorskip("faker")


def strings(locale: str, n: int, kinds=lambda fake: (fake.name, fake.street_name, fake.city, fake.sentence,
                                                     fake.address)) -> list[str]:
    """``n`` distinct non-ASCII strings of ``locale``, made in turn by the Faker providers ``kinds``
    picks."""
    fake = faker.Faker(locale)
    fake.seed_instance(7)
    out: list[str] = []
    makers = kinds(fake)
    i = 0
    while len(out) < n:
        s = " ".join(makers[i % len(makers)]().split())
        i += 1
        if not s.isascii() and s not in out:
            out.append(s)
    return out


@pytest.mark.parametrize("locale,encoding", [("es_ES", "mac_roman"), ("fr_FR", "mac_roman"),
                                             ("ru_RU", "mac_cyrillic"), ("uk_UA", "mac_cyrillic")])
def test_mac_text_is_never_read_as_its_windows_twin_at_high_confidence(locale, encoding):
    never_sure_and_wrong(strings(locale, 60), encoding)


def never_sure_and_wrong(texts: list[str], encoding: str) -> None:
    """Each of ``texts`` the code page can write is detected so that it reads back, or under 0.9."""
    for s in texts:
        try:
            data = s.encode(encoding)
        except UnicodeEncodeError:
            continue
        det = detect(data)
        assert det.confidence < 0.9 or data.decode(det.encoding) == s, (s, det.encoding, det.confidence)


def test_spanish_in_mac_roman_read_as_cp1252_says_it_is_unsure():
    # cp1252 reads Mac Roman's ñ and ó as dashes ('Ca–ada', 'C—rdoba'): both readings are text the
    # letter models score alike, and only Mac Roman's low prior put cp1252 first (at 1.0 before)
    det = detect("Cañada Rolando Nuñez 53 Córdoba, 48851".encode("mac_roman"))
    assert det.confidence < 0.9
    # among the readings the plain-text rendering lists (six)
    assert "mac_roman" in {c.encoding for c in det.candidates[:6]}


@pytest.mark.parametrize("text", ["Москва — столица России", "Крутой смелый цвет развитый чувство",
                                  "Київ, вулиця Хрещатик"])
def test_cyrillic_with_capitals_in_cp1251_stays_sure(text):
    # the Mac Cyrillic reading of cp1251's capitals is symbols and a no-break space: the letters,
    # not the prior, make that margin
    det = detect(text.encode("cp1251"))
    assert det.encoding == "cp1251" and det.confidence >= 0.9

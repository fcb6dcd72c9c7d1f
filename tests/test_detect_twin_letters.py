"""Twin code pages (cp1251 and Mac Cyrillic) read most bytes alike, and where they differ the
letter models prefer a capital inside a small word, or a sign glued to a letter, to a letter no
modelled language has (Macedonian 'ѓ', 'ќ', Belarusian 'ў'): such an answer is not sure.
Real text from Faker's locale data."""

from __future__ import annotations

import pytest

from codecscope.detection import detect

pytest.importorskip("faker")

from test_detect_prior_only import never_sure_and_wrong, strings as faker_strings  # noqa: E402  (after the skip)


def strings(locale: str, n: int) -> list[str]:
    return faker_strings(locale, n, lambda fake: (fake.name, fake.address, lambda: fake.sentence(nb_words=6),
                                                  fake.word, fake.city))


@pytest.mark.parametrize("encoding", ["cp1251", "mac_cyrillic"])
def test_macedonian_is_never_read_as_the_twin_code_page_at_high_confidence(encoding):
    never_sure_and_wrong(strings("mk_MK", 150), encoding)


@pytest.mark.parametrize("data,twin", [
    # Macedonian '… совпаѓа' in cp1251: Mac Cyrillic reads 'ѓ' as 'Г' inside the word
    ("3120e4eeeaf3ece5edf220f8f2ee20f1e520f1eee2efe083e0", "mac_cyrillic"),
    # Belarusian 'абнаўленне' in Mac Cyrillic: cp1251 reads 'ў' as 'Щ' inside the word
    ("e0e1ede0d9ebe5edede5", "cp1251"),
])
def test_a_capital_inside_a_word_against_a_letter_the_model_lacks_is_not_sure(data, twin):
    det = detect(bytes.fromhex(data))
    assert det.confidence < 0.9
    assert twin in {c.encoding for c in det.candidates[:3]}


@pytest.mark.parametrize("text", ["Москва — столица России", "Министерство за образование и наука",
                                  "Київ, вулиця Хрещатик"])
def test_cyrillic_whose_twin_reading_breaks_words_stays_sure(text):
    # Mac Cyrillic reads cp1251's 'я' and capitals as signs and other capitals: where the best
    # reading breaks no word, the differing characters decide and the answer stays sure
    det = detect(text.encode("cp1251"))
    assert det.encoding == "cp1251" and det.confidence >= 0.9

"""Properties of repair over generated text and real chains (hypothesis, derandomized)."""

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codecscope.variants  # noqa: F401
from codecscope import plausibility
from codecscope.repairing import apply_steps, repair

pytest.importorskip("faker")

# (original codec, read as, locale of the source text)
CHAINS = [
    ("utf-8", "gbk-web", "zh_CN"), ("utf-8", "cp1252-web", "fr_FR"), ("utf-8", "cp1252-web", "zh_CN"),
    ("utf-8", "cp1251-web", "ru_RU"), ("utf-8", "cp932", "ja_JP"), ("gbk", "latin-1", "zh_CN"),
    ("cp950", "latin-1", "zh_TW"), ("cp932", "latin-1", "ja_JP"), ("cp1251", "cp1252-web", "ru_RU"),
    ("utf-8", "latin-1", "de_DE"), ("cp949", "latin-1", "ko_KR"),
]
LOCALES = ("zh_CN", "zh_TW", "ja_JP", "ko_KR", "ru_RU", "el_GR", "he_IL", "tr_TR", "hu_HU", "fr_FR", "de_DE",
           "en_US", "uk_UA", "pl_PL")


@lru_cache(maxsize=None)
def pool(locale: str) -> tuple[str, ...]:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(7)   # the benchmark uses other seeds
    out = [fake.address().replace("\n", " ") for _ in range(15)] + [fake.company() for _ in range(15)]
    if hasattr(fake, "sentence"):
        try:
            out += [fake.sentence(nb_words=8) for _ in range(15)]
        except AttributeError:
            pass
    return tuple(dict.fromkeys(out))


def garble(text: str, original: str, read_as: str) -> str | None:
    try:
        return text.encode(original).decode(read_as)
    except UnicodeError:
        return None


@settings(max_examples=120, derandomize=True, deadline=None)
@given(st.sampled_from(CHAINS), st.integers(0, 10_000))
def test_repair_undoes_lossless_chains_on_long_text(chain, k):
    original, read_as, locale = chain
    # long enough to be unambiguous: several non-ASCII characters
    need = 2 if locale in ("fr_FR", "de_DE") else 4
    texts = [t for t in pool(locale) if sum(ord(c) > 127 for c in t) >= need]
    assert texts
    text = texts[k % len(texts)]
    g = garble(text, original, read_as)
    if g is None or g == text:
        return
    assert repair(g).text == text


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.sampled_from(LOCALES), st.integers(0, 10_000))
def test_clean_text_is_left_alone(locale, k):
    texts = pool(locale)
    text = texts[k % len(texts)]
    r = repair(text)
    assert r.text == text and not r.changed


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(max_size=40))
def test_never_raises_and_steps_replay(text):
    r = repair(text)
    assert isinstance(r.text, str)
    assert apply_steps(text, r.steps) == r.text


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.sampled_from(CHAINS), st.integers(0, 10_000),
       st.sampled_from(["\ufffd", "?", ""]), st.booleans())
def test_lossy_chains_replay_and_only_mark_losses(chain, k, marker, cut):
    original, read_as, locale = chain
    text = pool(locale)[k % len(pool(locale))]
    data = text.encode(original)
    data = data[:-1] if cut else data
    g = data.decode(read_as, "replace").replace("\ufffd", marker)
    r = repair(g)
    assert apply_steps(g, r.steps) == r.text
    for a, b in r.lost:
        assert set(r.text[a:b]) == {"\ufffd"}


def test_work_grows_linearly_with_the_input(monkeypatch):
    # count characters the model looks at instead of timing anything
    seen = [0]
    real = plausibility.cost

    def counting(text):
        seen[0] += len(text)
        return real(text)

    monkeypatch.setattr(plausibility, "cost", counting)
    line = "黑马程序员".encode().decode("gbk", "replace") + " café " + "Привет".encode().decode("cp1252") + "\n"
    work = []
    for n in (8, 64):
        seen[0] = 0
        repair(line * n)
        work.append(seen[0])
    assert work[1] <= work[0] * 8 * 2

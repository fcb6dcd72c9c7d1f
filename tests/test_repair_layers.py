"""Repair trust: readings that need two layers, drawing that is no text, and mixed text whose one
pair reads two ways.  Each case is a real string put through the chain it names."""

import pytest

import codecscope.variants  # noqa: F401  (registers the web code pages used to garble below)
from codecscope import apply_steps, repair


def latin1_saved_read_as_cp1252(text: str) -> str:
    """UTF-8 read as Latin-1, saved as UTF-8, read as Windows-1252 (as a browser shows it)."""
    return text.encode("utf-8").decode("latin-1").encode("utf-8").decode("cp1252-web")


@pytest.mark.parametrize("text", [
    "Côte d’Ivoire", "São Tomé – Príncipe", "Preis: 12 € netto", "It’s “quoted” … done",
    "Curaçao — Ñuñoa", "Zürich • Genève",
])
def test_latin1_saved_then_read_as_cp1252_is_undone_in_both_layers(text):
    garbled = latin1_saved_read_as_cp1252(text)
    assert garbled != text
    r = repair(garbled)
    assert r.text == text
    assert r.confidence >= 0.9
    assert apply_steps(garbled, r.steps) == text


def test_a_c1_control_that_spells_no_next_layer_is_no_evidence():
    # 'Â€' alone would write U+0080 and nothing around it makes a UTF-8 character of it
    assert repair("Â€").text == "Â€"
    assert repair("price 5 Â€ only").text == "price 5 Â€ only"

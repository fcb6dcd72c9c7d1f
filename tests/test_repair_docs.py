"""Every Python example in docs/repair.md runs and prints what the page says."""

import doctest
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "repair.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.S)


@pytest.mark.parametrize("k", range(len(BLOCKS)))
def test_example(k):
    import codecscope

    globs = {"repair": codecscope.repair, "repair_text": codecscope.repair_text, "apply_steps": codecscope.apply_steps}
    test = doctest.DocTestParser().get_doctest(BLOCKS[k], globs, f"repair.md[{k}]", str(DOC), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda s: None)
    assert runner.failures == 0, BLOCKS[k]

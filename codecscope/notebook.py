"""Notebook display for the parts of a result (a candidate, a finding, a segment, a fix).

The result objects render themselves (``_repr_html_`` on Explanation, Diagnosis, Detection, Repair
and the rest); their parts show their fields, as rich pretty-prints them, every character escaped.
"""

from __future__ import annotations


class FieldsHTML:
    """``_repr_html_``: the object's fields as an escaped HTML block."""

    def _repr_html_(self) -> str:
        from rich.pretty import Pretty

        from .render import html_of

        return html_of(Pretty(self))

"""codecscope: see exactly what happened to text on its way through bytes — and put it right.

The public API is imported lazily so that ``import codecscope`` stays cheap and never needs the
optional testing dependencies.
"""

from __future__ import annotations

from importlib import import_module

from .errors import CodecscopeError, InputError, InvalidHexError, UnknownEncodingError

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "explain": "explain",
    "Explanation": "explain",
    "diagnose": "diagnose",
    "Diagnosis": "diagnose",
    "repair": "repair",
    "Repair": "repair",
    "apply_steps": "repair",
    "detect": "detect",
    "Detection": "detect",
    "boundaries": "stream",
    "scan": "scan",
    "walk": "walk",
    "units": "walk",
    "Walker": "walk",
    "registry": "registry",
}

__all__ = ["CodecscopeError", "InputError", "InvalidHexError", "UnknownEncodingError", *_LAZY]


def __getattr__(name: str):
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'codecscope' has no attribute {name!r}")
    module = import_module(f".{mod}", __name__)
    value = module if name == mod and not hasattr(module, name) else getattr(module, name)
    globals()[name] = value
    return value

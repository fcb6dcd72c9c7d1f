"""codecscope: see exactly what happened to text on its way through bytes — and put it right.

The public API is imported lazily so that ``import codecscope`` stays cheap and never needs the
optional testing dependencies.
"""

from __future__ import annotations

from importlib import import_module

from .errors import (CodecscopeError, InputError, InputTooLargeError, InputTypeError, InvalidHexError,
                     UnknownEncodingError)

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "explain": "explain",
    "Explanation": "explain",
    "diagnose": "diagnose",
    "Diagnosis": "diagnose",
    "repair": "repairing",
    "repair_text": "repairing",
    "Repair": "repairing",
    "apply_steps": "repairing",
    "detect": "detect",
    "Detection": "detect",
    "detect_file": "detect",
    "detect_stream": "detect",
    "segments": "detect",
    "boundaries": "stream",
    "BoundaryReport": "stream",
    "iter_text": "stream",
    "recv_text": "stream",
    "StreamDecoder": "stream",
    "EchoServer": "echo",
    "scan": "scan",
    "walk": "walk",
    "units": "walk",
    "Walker": "walk",
    "registry": "registry",
    "assert_same_text": "testing",
    "assert_same_bytes": "testing",
}

__all__ = ["CodecscopeError", "InputError", "InputTooLargeError", "InputTypeError", "InvalidHexError",
           "UnknownEncodingError", *_LAZY]


def __getattr__(name: str):
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'codecscope' has no attribute {name!r}")
    module = import_module(f".{mod}", __name__)
    value = module if name == mod and not hasattr(module, name) else getattr(module, name)
    globals()[name] = value
    return value


class _Package(type(import_module("sys"))):
    """Importing a submodule binds it on the package (``codecscope.diagnose`` = the module), which
    would shadow the public function of the same name; keep the function instead."""

    def __setattr__(self, name, value):
        if _LAZY.get(name) == name and hasattr(value, "__file__") and hasattr(value, name):
            value = getattr(value, name)
        super().__setattr__(name, value)


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _Package

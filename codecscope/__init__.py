"""codecscope: see exactly what happened to text on its way through bytes — and put it right.

The public API is imported lazily so that ``import codecscope`` stays cheap and never needs the
optional testing dependencies.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import (CodecscopeError, InputError, InputTooLargeError, InputTypeError, InvalidHexError,
                     UnknownEncodingError)

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "explain": "explanation",
    "Explanation": "explanation",
    "diagnose": "diagnosis",
    "Diagnosis": "diagnosis",
    "repair": "repairing",
    "repair_text": "repairing",
    "Repair": "repairing",
    "apply_steps": "repairing",
    "detect": "detection",
    "Detection": "detection",
    "detect_file": "detection",
    "detect_stream": "detection",
    "segments": "detection",
    "boundaries": "stream",
    "BoundaryReport": "stream",
    "iter_text": "stream",
    "recv_text": "stream",
    "StreamDecoder": "stream",
    "EchoServer": "echo",
    "scan": "scanning",
    "walk": "walking",
    "units": "walking",
    "Walker": "walking",
    "registry": "registry",
    "assert_same_text": "testing",
    "assert_same_bytes": "testing",
}

__all__ = ["CodecscopeError", "InputError", "InputTooLargeError", "InputTypeError", "InvalidHexError",
           "UnknownEncodingError", *_LAZY]


if TYPE_CHECKING:  # what a type checker sees; at run time __getattr__ imports on first use
    from . import registry
    from .detection import Detection, detect, detect_file, detect_stream, segments
    from .diagnosis import Diagnosis, diagnose
    from .echo import EchoServer
    from .explanation import Explanation, explain
    from .repairing import Repair, apply_steps, repair, repair_text
    from .scanning import scan
    from .stream import BoundaryReport, StreamDecoder, boundaries, iter_text, recv_text
    from .testing import assert_same_bytes, assert_same_text
    from .walking import Walker, units, walk


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'codecscope' has no attribute {name!r}")
    module = import_module(f".{mod}", __name__)
    value = module if name == mod else getattr(module, name)
    globals()[name] = value
    return value

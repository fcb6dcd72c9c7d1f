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
    # ("x as x": __all__ is built from _LAZY, which a checker cannot read, so each re-export says so)
    from . import registry as registry
    from .detection import Detection as Detection, detect as detect, detect_file as detect_file
    from .detection import detect_stream as detect_stream, segments as segments
    from .diagnosis import Diagnosis as Diagnosis, diagnose as diagnose
    from .echo import EchoServer as EchoServer
    from .explanation import Explanation as Explanation, explain as explain
    from .repairing import Repair as Repair, apply_steps as apply_steps, repair as repair
    from .repairing import repair_text as repair_text
    from .scanning import scan as scan
    from .stream import BoundaryReport as BoundaryReport, StreamDecoder as StreamDecoder
    from .stream import boundaries as boundaries, iter_text as iter_text, recv_text as recv_text
    from .testing import assert_same_bytes as assert_same_bytes, assert_same_text as assert_same_text
    from .walking import Walker as Walker, units as units, walk as walk


if not TYPE_CHECKING:  # hidden from checkers, which would take any misspelt name for a lazy one
    def __getattr__(name: str) -> Any:
        mod = _LAZY.get(name)
        if mod is None:
            raise AttributeError(f"module 'codecscope' has no attribute {name!r}")
        module = import_module(f".{mod}", __name__)
        value = module if name == mod else getattr(module, name)
        globals()[name] = value
        return value
